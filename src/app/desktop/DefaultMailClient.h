// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

class QProcess;

// Which system mechanism decides the default mail client here. One of the platform files
// (DefaultMailClientXdg.cpp, DefaultMailClientWindows.cpp, DefaultMailClientMac.cpp) compiles
// to code; DefaultMailClient.cpp covers any other system.
#if defined(Q_OS_WIN)
#define MAGPIE_DEFAULT_MAIL_WINDOWS 1
#elif defined(Q_OS_MACOS)
#define MAGPIE_DEFAULT_MAIL_MAC 1
#elif defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN) && !defined(Q_OS_ANDROID)
#define MAGPIE_DEFAULT_MAIL_XDG 1
#endif

namespace magpie::app {

// Whether Magpie is the program the system starts for mailto: links (RFC 6068) and saved
// messages (message/rfc822, .eml), and making it so. Nothing here runs by itself: the settings
// page asks for the state when it is shown and changes it only when the person clicks
// (issue 8). Both operations are asynchronous and report through stateChanged().
//   - freedesktop systems (Linux, BSD): xdg-mime from xdg-utils, run as a child process
//     (the desktop's own rules for mimeapps.list live there, per desktop environment).
//   - Windows 10 and later: a program may not make itself the default; the button opens
//     Settings > Default apps at Magpie's page, and the state is read from the UserChoice
//     the person makes there.
//   - macOS: Launch Services (LSCopyDefaultHandlerForURLScheme / LSSetDefaultHandlerForURLScheme).
class DefaultMailClient : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Unknown, // not asked yet
        Checking, // asking the system
        Default, // Magpie handles mail links
        OtherProgram, // another program does (otherProgram() names it)
        NoProgram, // nothing is set for mail links
        CannotTell, // the system could not be asked (problem() says why)
    };
    Q_ENUM(State)

    // The desktop file the Linux packages install (installer/linux), the macOS bundle
    // identifier (installer/macos Info.plist) and the name under which the Windows installer
    // registers Magpie in Software\RegisteredApplications.
    static QString desktopFileId();
    static QString bundleId();
    static QString registeredName();

    explicit DefaultMailClient(QObject *parent = nullptr);
    ~DefaultMailClient() override;

    State state() const { return m_state; }
    // The program that handles mail links when it is not Magpie: its name, else its id.
    QString otherProgram() const { return m_otherProgram; }
    // Why the state cannot be told, as a sentence; empty otherwise.
    QString problem() const { return m_problem; }
    // One line for the settings page ("Magpie is your default mail client.").
    QString stateText() const;
    // The button's label: on Windows it opens the system's settings rather than acting.
    static QString actionText();
    bool isBusy() const;

public Q_SLOTS:
    // Asks the system which program handles mailto: links.
    void refresh();
    // Makes Magpie the default for mailto: links and message/rfc822 (where the system
    // allows a program to do so), then asks again to show what the system now says.
    void makeDefault();

Q_SIGNALS:
    void stateChanged();
    // Making Magpie the default did not work; `sentence` says why and what to do.
    void changeFailed(const QString &sentence);

private:
    // Implemented once per system, in the platform files.
    void startQuery();
    void startChange();

    void setChecking();
    void finishQuery(State state, const QString &otherProgram = {}, const QString &problem = {});
    void failChange(const QString &sentence);

    State m_state = State::Unknown;
    QString m_otherProgram;
    QString m_problem;
    // Set by a change that reported success: the query that follows must then find Magpie.
    bool m_verifyChange = false;
    bool m_changing = false;
    // The running xdg-mime (freedesktop only).
    QProcess *m_process = nullptr;
};

} // namespace magpie::app
