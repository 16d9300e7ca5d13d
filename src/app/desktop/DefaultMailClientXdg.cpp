// SPDX-License-Identifier: GPL-3.0-or-later
// The default mail client on freedesktop systems (Linux, BSD). The desktop's choice lives in
// mimeapps.list files (freedesktop "Association between MIME types and applications" spec):
// mailto: links are the MIME type x-scheme-handler/mailto, saved messages message/rfc822.
// Which file wins depends on the desktop environment ($XDG_CURRENT_DESKTOP-mimeapps.list
// before mimeapps.list, KDE's own trader), so Magpie does not write the files itself but asks
// xdg-mime (xdg-utils), which carries those rules.
#include "app/desktop/DefaultMailClient.h"

#if defined(MAGPIE_DEFAULT_MAIL_XDG)

#include <QCoreApplication>
#include <QFile>
#include <QLocale>
#include <QProcess>
#include <QStandardPaths>
#include <QStringList>

#include <utility>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

QString mailtoType()
{
    return u"x-scheme-handler/mailto"_s;
}

QString messageType()
{
    return u"message/rfc822"_s;
}

// The desktop file for a desktop file id. Ids name sub-directories with '-' (the Desktop
// Entry spec, "Desktop File ID": kde-foo.desktop may be applications/kde/foo.desktop).
QString desktopFilePath(const QString &id)
{
    QString path = QStandardPaths::locate(QStandardPaths::ApplicationsLocation, id);
    for (qsizetype dash = id.indexOf(u'-'); path.isEmpty() && dash > 0;
         dash = id.indexOf(u'-', dash + 1)) {
        QString nested = id;
        nested[dash] = u'/';
        path = QStandardPaths::locate(QStandardPaths::ApplicationsLocation, nested);
    }
    return path;
}

// The Name of a program for a person: the desktop file's Name in the person's language
// (Name[de_DE], Name[de], then Name, as the Desktop Entry spec orders locale matching), or
// the id itself when the file cannot be read.
QString programName(const QString &id)
{
    QFile file(desktopFilePath(id));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return id;
    const QString locale = QLocale().name(); // e.g. de_DE
    const QStringList keys = { u"Name["_s + locale + u']',
                               u"Name["_s + locale.section(u'_', 0, 0) + u']', u"Name"_s };
    QString found[3];
    bool inEntry = false;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.startsWith(u'[')) {
            inEntry = line == u"[Desktop Entry]";
            continue;
        }
        if (!inEntry)
            continue;
        const qsizetype equals = line.indexOf(u'=');
        if (equals <= 0)
            continue;
        const QString key = line.left(equals).trimmed();
        for (int i = 0; i < 3; ++i) {
            if (key == keys[i] && found[i].isEmpty())
                found[i] = line.mid(equals + 1).trimmed();
        }
    }
    for (const QString &name : found) {
        if (!name.isEmpty())
            return name;
    }
    return id;
}

// xdg-mime's exit codes (xdg-mime(1), "Exit Codes") as a sentence.
QString xdgMimeFailure(int exitCode, const QByteArray &errorOutput)
{
    QString reason;
    switch (exitCode) {
    case 1:
        reason = QCoreApplication::translate("magpie::app::DefaultMailClient",
                                             "it did not understand the command");
        break;
    case 2:
        reason = QCoreApplication::translate("magpie::app::DefaultMailClient",
                                             "a file it needs does not exist");
        break;
    case 3:
        reason = QCoreApplication::translate("magpie::app::DefaultMailClient",
                                             "a tool it needs is not installed");
        break;
    case 4:
        reason = QCoreApplication::translate("magpie::app::DefaultMailClient", "the action failed");
        break;
    case 5:
        reason = QCoreApplication::translate("magpie::app::DefaultMailClient",
                                             "it has no permission to write the file");
        break;
    default:
        reason = QCoreApplication::translate("magpie::app::DefaultMailClient",
                                             "it stopped with exit code %1")
                     .arg(exitCode);
        break;
    }
    const QString said = QString::fromLocal8Bit(errorOutput).trimmed().section(u'\n', 0, 0);
    return said.isEmpty() ? reason : reason + u" (\u201C"_s + said + u"\u201D)"_s;
}

} // namespace

void DefaultMailClient::startQuery()
{
    const QString xdgMime = QStandardPaths::findExecutable(u"xdg-mime"_s);
    if (xdgMime.isEmpty()) {
        finishQuery(State::CannotTell, {},
                    tr("xdg-mime is not installed. Install the xdg-utils package."));
        return;
    }
    // No parent: the destructor may leave a running process to finish on its own.
    m_process = new QProcess;
    m_process->setProgram(xdgMime);
    m_process->setArguments({ u"query"_s, u"default"_s, mailtoType() });
    // Fires once: finished() for a process that ran, errorOccurred() for one that did not
    // start (a crash reports both; the first one wins).
    auto done = [this](bool started) {
        QProcess *process = std::exchange(m_process, nullptr);
        if (!process)
            return;
        process->disconnect(this);
        process->deleteLater();
        if (!started || process->exitStatus() != QProcess::NormalExit) {
            finishQuery(State::CannotTell, {},
                        tr("xdg-mime could not be run (%1).").arg(process->errorString()));
            return;
        }
        if (process->exitCode() != 0) {
            finishQuery(
                State::CannotTell, {},
                tr("xdg-mime could not answer: %1.")
                    .arg(xdgMimeFailure(process->exitCode(), process->readAllStandardError())));
            return;
        }
        const QString handler = QString::fromLocal8Bit(process->readAllStandardOutput()).trimmed();
        if (handler.isEmpty())
            finishQuery(State::NoProgram);
        else if (handler == desktopFileId())
            finishQuery(State::Default);
        else
            finishQuery(State::OtherProgram, programName(handler));
    };
    connect(m_process, &QProcess::finished, this, [done] { done(true); });
    connect(m_process, &QProcess::errorOccurred, this, [done](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart || error == QProcess::Crashed)
            done(error != QProcess::FailedToStart);
    });
    m_process->start(QIODevice::ReadOnly);
}

void DefaultMailClient::startChange()
{
    const QString xdgMime = QStandardPaths::findExecutable(u"xdg-mime"_s);
    if (xdgMime.isEmpty()) {
        failChange(tr("Magpie cannot make itself the default mail client because xdg-mime is "
                      "not installed. Install the xdg-utils package and try again."));
        return;
    }
    // A default naming a desktop file that does not exist would leave mail links opening
    // nothing, so only an installed Magpie may claim them.
    if (desktopFilePath(desktopFileId()).isEmpty()) {
        failChange(tr("Magpie's desktop file %1 is not installed, so the desktop could not start "
                      "Magpie for mail links. Install Magpie from its package (or copy "
                      "installer/linux/%1 into ~/.local/share/applications) and try again.")
                       .arg(desktopFileId()));
        return;
    }
    m_process = new QProcess;
    m_process->setProgram(xdgMime);
    m_process->setArguments({ u"default"_s, desktopFileId(), mailtoType(), messageType() });
    auto done = [this](bool started) {
        QProcess *process = std::exchange(m_process, nullptr);
        if (!process)
            return;
        process->disconnect(this);
        process->deleteLater();
        if (!started || process->exitStatus() != QProcess::NormalExit) {
            failChange(tr("Magpie could not run xdg-mime to make itself the default mail "
                          "client (%1).")
                           .arg(process->errorString()));
            return;
        }
        if (process->exitCode() != 0) {
            failChange(
                tr("xdg-mime could not make Magpie the default mail client: %1.")
                    .arg(xdgMimeFailure(process->exitCode(), process->readAllStandardError())));
            return;
        }
        m_verifyChange = true;
        startQuery();
    };
    connect(m_process, &QProcess::finished, this, [done] { done(true); });
    connect(m_process, &QProcess::errorOccurred, this, [done](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart || error == QProcess::Crashed)
            done(error != QProcess::FailedToStart);
    });
    m_process->start(QIODevice::ReadOnly);
}

} // namespace magpie::app

#endif // MAGPIE_DEFAULT_MAIL_XDG
