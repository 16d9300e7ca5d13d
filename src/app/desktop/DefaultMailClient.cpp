// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/desktop/DefaultMailClient.h"

#include <QProcess>

using namespace Qt::StringLiterals;

namespace magpie::app {

DefaultMailClient::DefaultMailClient(QObject *parent)
    : QObject(parent)
{ }

DefaultMailClient::~DefaultMailClient()
{
    if (m_process) {
        // Not waited for: xdg-mime only reads or writes one small file, and a settings
        // dialog closing must not hang on it. The process (which has no parent) is left to
        // finish on its own and then deleted.
        m_process->disconnect(this);
        if (m_process->state() == QProcess::NotRunning)
            m_process->deleteLater();
        else
            connect(m_process, &QProcess::finished, m_process, &QObject::deleteLater);
    }
}

QString DefaultMailClient::desktopFileId()
{
    return u"org.magpiemail.Magpie.desktop"_s;
}

QString DefaultMailClient::bundleId()
{
    return u"org.magpiemail.Magpie"_s;
}

QString DefaultMailClient::registeredName()
{
    return u"Magpie"_s;
}

bool DefaultMailClient::isBusy() const
{
    return m_state == State::Checking || m_changing;
}

QString DefaultMailClient::stateText() const
{
    switch (m_state) {
    case State::Unknown:
        return {};
    case State::Checking:
        return m_changing ? tr("Making Magpie the default mail client\u2026")
                          : tr("Checking which program handles mail links\u2026");
    case State::Default:
        return tr("Magpie is your default mail client.");
    case State::OtherProgram:
        return tr("Another program handles mail links (%1).").arg(m_otherProgram);
    case State::NoProgram:
        return tr("No program is set to handle mail links.");
    case State::CannotTell:
        return tr("Cannot tell which program handles mail links: %1").arg(m_problem);
    }
    return {};
}

QString DefaultMailClient::actionText()
{
#if defined(MAGPIE_DEFAULT_MAIL_WINDOWS)
    return tr("Choose the Default Mail Client in Windows Settings\u2026");
#else
    return tr("Make Magpie the Default Mail Client");
#endif
}

void DefaultMailClient::refresh()
{
    if (isBusy())
        return;
    setChecking();
    startQuery();
}

void DefaultMailClient::makeDefault()
{
    if (isBusy())
        return;
    m_changing = true;
    setChecking();
    startChange();
}

void DefaultMailClient::setChecking()
{
    m_state = State::Checking;
    m_problem.clear();
    Q_EMIT stateChanged();
}

void DefaultMailClient::finishQuery(State state, const QString &otherProgram,
                                    const QString &problem)
{
    m_state = state;
    m_otherProgram = otherProgram;
    m_problem = problem;
    const bool verify = m_verifyChange;
    m_verifyChange = false;
    m_changing = false;
    Q_EMIT stateChanged();
    if (verify && state == State::OtherProgram) {
        // The system accepted the change but still names another program: a rule above the
        // one that was written wins (a desktop-specific mimeapps.list, an administrator's
        // policy, Launch Services refusing an unregistered bundle).
        Q_EMIT changeFailed(
            tr("The system accepted Magpie as the default mail client but still names %1 for "
               "mail links. Your desktop's own settings may override it: choose Magpie there "
               "as the program for mail (mailto) links.")
                .arg(otherProgram));
    } else if (verify && state != State::Default && state != State::CannotTell) {
        Q_EMIT changeFailed(tr("The system accepted Magpie as the default mail client but does "
                               "not report it afterwards. Choose Magpie in your system's settings "
                               "for default applications."));
    }
}

void DefaultMailClient::failChange(const QString &sentence)
{
    m_changing = false;
    m_verifyChange = false;
    // What the system says now is still worth showing next to the failure.
    setChecking();
    startQuery();
    Q_EMIT changeFailed(sentence);
}

#if !defined(MAGPIE_DEFAULT_MAIL_WINDOWS) && !defined(MAGPIE_DEFAULT_MAIL_MAC)                     \
    && !defined(MAGPIE_DEFAULT_MAIL_XDG)
// Systems without one of the mechanisms above (none that Magpie is packaged for).
void DefaultMailClient::startQuery()
{
    finishQuery(State::CannotTell, {},
                tr("this system has no default mail client setting that Magpie knows."));
}

void DefaultMailClient::startChange()
{
    failChange(tr("Magpie cannot make itself the default mail client on this system."));
}
#endif

} // namespace magpie::app
