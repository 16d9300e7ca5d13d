// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/Preferences.h"

#include <QWidget>

#include <memory>

class QPrinter;
class QUrl;

namespace magpie::mime {
class Message;
}

namespace magpie::app {

// The message pane (DESIGN.md, App; issue 7 "Message view"): a header block (from, to, cc,
// date, subject; addresses clickable to write to them), the text as plain text or sanitized
// HTML per Preferences, remote content blocked with a bar "Remote content blocked - Show once
// / Always for this sender", cid: images from the message itself, links opened in the system
// browser only after showing their real target (never file:), and the attachments with size
// and icon: open (a temporary copy), save, save all, drag out.
//
// It shows bytes it is given and keeps no connection to the store, so the main window, an
// opened .eml file and the tests use it the same way.
class MessageView : public QWidget
{
    Q_OBJECT
public:
    explicit MessageView(QWidget *parent = nullptr);
    ~MessageView() override;

    void setPreferences(const Preferences &preferences);

    // Shows a whole RFC 5322 message (malformed input is shown as well as it can be, never
    // refused).
    void showMessage(const QByteArray &rfc5322);
    // A line in place of a message: "Downloading the message...", "No message selected", or
    // an error a person can act on.
    void showPlaceholder(const QString &text);
    void clear();

    // The message shown, or nullptr.
    const mime::Message *message() const;
    QByteArray source() const;

    void print(QPrinter *printer) const;

Q_SIGNALS:
    // An address in the header block was clicked: write to it.
    void composeTo(const QString &mailbox);
    // "Always for this sender": the caller adds it to Preferences::remoteContentSenders.
    void remoteContentAllowedForSender(const QString &address);
    // A mailto: link in the text was clicked (RFC 6068, may carry subject, body, cc ...):
    // ComposerWindow::startFromMailto takes it as it is.
    void composeMailto(const QUrl &mailto);
    // The shown message's text is laid out (also again after remote content arrived).
    void messageShown();

private:
    void render();
    void showRemoteContent();
    void allowRemoteContentForSender();
    void linkClicked(const QUrl &url);
    void linkHovered(const QUrl &url);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace magpie::app
