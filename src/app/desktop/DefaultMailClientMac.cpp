// SPDX-License-Identifier: GPL-3.0-or-later
// The default mail client on macOS, through Launch Services (CoreServices, C API): the handler
// of the mailto URL scheme, and the viewer of saved messages (com.apple.mail.email, the type
// Mail exports for .eml files, which Magpie's Info.plist also claims). The LS*HandlerFor*
// functions are deprecated since macOS 12 in favour of NSWorkspace's Objective-C methods but
// remain the C interface that works; Thunderbird uses the same ones. The calls return at once:
// where macOS asks the person to confirm, it does so in its own window.
// Cannot be built or run on the Linux machine this was written on: checked against Apple's
// documentation of LSCopyDefaultHandlerForURLScheme, LSSetDefaultHandlerForURLScheme,
// LSSetDefaultRoleHandlerForContentType and LSCopyApplicationURLsForBundleIdentifier.
#include "app/desktop/DefaultMailClient.h"

#if defined(MAGPIE_DEFAULT_MAIL_MAC)

#include <QFileInfo>
#include <QString>
#include <QUrl>

#include <CoreServices/CoreServices.h>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

// Owns one Core Foundation reference (the "Copy"/"Create" rule).
template<typename T> class CFOwned
{
public:
    explicit CFOwned(T ref)
        : m_ref(ref)
    { }
    ~CFOwned()
    {
        if (m_ref)
            CFRelease(m_ref);
    }
    CFOwned(const CFOwned &) = delete;
    CFOwned &operator=(const CFOwned &) = delete;
    T get() const { return m_ref; }

private:
    T m_ref;
};

// An application's name for a person: its bundle's file name without ".app" (what Finder
// shows), else the bundle identifier.
QString programName(CFStringRef bundleId)
{
    const QString id = QString::fromCFString(bundleId);
    CFOwned<CFArrayRef> urls(LSCopyApplicationURLsForBundleIdentifier(bundleId, nullptr));
    if (!urls.get() || CFArrayGetCount(urls.get()) == 0)
        return id;
    const auto url = static_cast<CFURLRef>(CFArrayGetValueAtIndex(urls.get(), 0));
    const QString name = QFileInfo(QUrl::fromCFURL(url).toLocalFile()).completeBaseName();
    return name.isEmpty() ? id : name;
}

} // namespace

#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"

void DefaultMailClient::startQuery()
{
    CFOwned<CFStringRef> handler(LSCopyDefaultHandlerForURLScheme(CFSTR("mailto")));
    if (!handler.get()) {
        finishQuery(State::NoProgram);
        return;
    }
    const QString id = QString::fromCFString(handler.get());
    // Bundle identifiers compare without regard to case (Launch Services lower-cases them).
    if (id.compare(bundleId(), Qt::CaseInsensitive) == 0)
        finishQuery(State::Default);
    else
        finishQuery(State::OtherProgram, programName(handler.get()));
}

void DefaultMailClient::startChange()
{
    CFOwned<CFStringRef> magpie(bundleId().toCFString());
    const OSStatus mailto = LSSetDefaultHandlerForURLScheme(CFSTR("mailto"), magpie.get());
    if (mailto != noErr) {
        failChange(tr("macOS refused to make Magpie the handler of mail links (Launch Services "
                      "error %1). Move Magpie into the Applications folder, open it once from "
                      "there and try again.")
                       .arg(mailto));
        return;
    }
    const OSStatus eml = LSSetDefaultRoleHandlerForContentType(CFSTR("com.apple.mail.email"),
                                                               kLSRolesViewer, magpie.get());
    if (eml != noErr) {
        failChange(tr("Magpie now handles mail links, but macOS refused to let it open saved "
                      "messages (.eml files, Launch Services error %1). Choose Magpie for them "
                      "with Finder's Get Info > Open with > Change All.")
                       .arg(eml));
        return;
    }
    m_verifyChange = true;
    startQuery();
}

#pragma clang diagnostic pop

} // namespace magpie::app

#endif // MAGPIE_DEFAULT_MAIL_MAC
