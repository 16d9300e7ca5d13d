// SPDX-License-Identifier: GPL-3.0-or-later
// The default mail client on Windows. Since Windows 10 a program cannot make itself the
// default: the choice is the person's, made in Settings > Apps > Default apps, and Windows
// stores it per user as a hashed UserChoice that a program cannot forge. So the button opens
// that page (at Magpie's own entry where Windows supports it), and the state is read back from
// UserChoice when Magpie becomes the active application again.
//
// Where Magpie's entries come from: the installer (installer/windows/MailClient.nsh) writes the
// value Magpie under Software\RegisteredApplications (HKLM for the machine-wide install), which
// points at Magpie's Capabilities key (Software\Clients\Mail\Magpie\Capabilities);
// Capabilities\URLAssociations\mailto names the ProgId Magpie registered for mailto:
// (Magpie.Url.mailto). Both are read here rather than assumed. Magpie is the default when the
// person's UserChoice for mailto names that same ProgId. The ZIP (per-user, portable) copy
// registers nothing, so there the button explains that the installer is needed.
// Cannot be built or run on the Linux machine this was written on: checked against Microsoft's
// documentation of the ms-settings:defaultapps URI and of the registry keys above.
#include "app/desktop/DefaultMailClient.h"

#if defined(MAGPIE_DEFAULT_MAIL_WINDOWS)

#include <QDesktopServices>
#include <QGuiApplication>
#include <QSettings>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

const QString kCurrentUser = u"HKEY_CURRENT_USER\\"_s;
const QString kLocalMachine = u"HKEY_LOCAL_MACHINE\\"_s;

// Where Magpie's registration was written: a per-user install writes HKCU, a per-machine
// install HKLM (ms-settings:defaultapps needs to know which: registeredAppUser or
// registeredAppMachine). Empty when Magpie is not registered (run from a build, or a portable
// copy).
struct Registration
{
    QString root; // kCurrentUser or kLocalMachine, empty when not registered
    QString capabilities; // e.g. Software\Magpie\Capabilities
};

Registration findRegistration()
{
    for (const QString &root : { kCurrentUser, kLocalMachine }) {
        const QSettings registered(root + u"Software\\RegisteredApplications"_s,
                                   QSettings::NativeFormat);
        const QString capabilities =
            registered.value(DefaultMailClient::registeredName()).toString();
        if (!capabilities.isEmpty())
            return { root, capabilities };
    }
    return {};
}

// The ProgId Magpie registered for mailto: links, from its Capabilities.
QString magpieMailtoProgId(const Registration &registration)
{
    if (registration.root.isEmpty())
        return {};
    const QSettings urls(registration.root + registration.capabilities + u"\\URLAssociations"_s,
                         QSettings::NativeFormat);
    return urls.value(u"mailto"_s).toString();
}

// A program's name for a person from its ProgId: the ProgId's Application\ApplicationName,
// else the key's default value (its description), else the ProgId itself. Indirect strings
// ("@C:\...\app.dll,-101") would need SHLoadIndirectString, so they are passed over.
QString programName(const QString &progId)
{
    const QString key = u"HKEY_CLASSES_ROOT\\"_s + progId;
    const QSettings application(key + u"\\Application"_s, QSettings::NativeFormat);
    const QString name = application.value(u"ApplicationName"_s).toString();
    if (!name.isEmpty() && !name.startsWith(u'@'))
        return name;
    const QSettings progIdKey(key, QSettings::NativeFormat);
    // QSettings reads a key's default value under the name "Default".
    const QString description = progIdKey.value(u"Default"_s).toString();
    if (!description.isEmpty() && !description.startsWith(u'@'))
        return description;
    return progId;
}

} // namespace

void DefaultMailClient::startQuery()
{
    // The person may change the choice in Settings at any time; look again each time Magpie
    // comes back to the front (connected once, on the first query).
    if (!property("magpieWatchesActivation").toBool()) {
        setProperty("magpieWatchesActivation", true);
        connect(qGuiApp, &QGuiApplication::applicationStateChanged, this,
                [this](Qt::ApplicationState state) {
                    if (state == Qt::ApplicationActive)
                        refresh();
                });
    }
    const QSettings userChoice(
        kCurrentUser
            + u"Software\\Microsoft\\Windows\\Shell\\Associations\\UrlAssociations\\mailto\\UserChoice"_s,
        QSettings::NativeFormat);
    const QString chosen = userChoice.value(u"ProgId"_s).toString();
    if (chosen.isEmpty()) {
        finishQuery(State::NoProgram);
        return;
    }
    const QString magpie = magpieMailtoProgId(findRegistration());
    if (!magpie.isEmpty() && chosen.compare(magpie, Qt::CaseInsensitive) == 0)
        finishQuery(State::Default);
    else
        finishQuery(State::OtherProgram, programName(chosen));
}

void DefaultMailClient::startChange()
{
    const Registration registration = findRegistration();
    // ms-settings:defaultapps opens Settings > Default apps; with registeredAppUser or
    // registeredAppMachine (Windows 11 21H2 and later with the 2023-04 update) it opens the
    // page of that registered application, where older versions ignore the parameter.
    QUrl url(u"ms-settings:defaultapps"_s);
    if (!registration.root.isEmpty()) {
        QUrlQuery query;
        query.addQueryItem(registration.root == kCurrentUser ? u"registeredAppUser"_s
                                                             : u"registeredAppMachine"_s,
                           registeredName());
        url.setQuery(query);
    }
    if (!QDesktopServices::openUrl(url)) {
        failChange(tr("Windows did not open its Default apps settings. Open Settings > Apps > "
                      "Default apps and choose Magpie for mail (MAILTO) links."));
        return;
    }
    if (registration.root.isEmpty()) {
        failChange(tr("Magpie is not registered with Windows (it was not installed with its "
                      "installer), so it is not offered in Default apps. Install Magpie with its "
                      "installer and try again."));
        return;
    }
    // Nothing has changed yet: the person chooses in Settings, and the state is read again
    // when Magpie becomes active (see startQuery).
    m_changing = false;
    startQuery();
}

} // namespace magpie::app

#endif // MAGPIE_DEFAULT_MAIL_WINDOWS
