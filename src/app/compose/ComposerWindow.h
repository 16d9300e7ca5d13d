// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>
#include <QList>
#include <QUrl>

#include <memory>

namespace magpie::mime {
class Message;
}

namespace magpie::app {

class MailSession;

// The composer (DESIGN.md, App; issue 7 "Composer"): From (identity), To/Cc/Bcc with
// completion from addresses seen and sent, subject, body (plain text by default, optional
// HTML), signature per identity, attachments added by button, paste or dropping files anywhere
// on the window, a warning when the text mentions an attachment and none is attached, drafts
// saved every few seconds, and Send, which puts the message in the outbox
// (MailSession::queueForSending) and closes the window at once; sending runs in the background.
//
// Deletes itself when closed (Qt::WA_DeleteOnClose).
class ComposerWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum class ReplyTo { Sender, All };
    enum class ForwardAs { Inline, Attachment };

    // A new, empty message from `accountId` (empty: the first account).
    explicit ComposerWindow(MailSession &session, const QString &accountId = {},
                            QWidget *parent = nullptr);
    ~ComposerWindow() override;

    // Starting points; each fills the fields with src/mime's Reply / Forward helpers.
    void startReply(const mime::Message &original, ReplyTo who);
    void startForward(const mime::Message &original, ForwardAs how);
    // A new message to one mailbox ("Alice <alice@example.com>"): an address clicked in a
    // message's header block.
    void startTo(const QString &mailbox);
    // A mailto: URL (RFC 6068): to, cc, bcc, subject, body; other header fields are ignored.
    // Returns false (and changes nothing) when the URL is not a valid mailto: URL.
    bool startFromMailto(const QUrl &mailto);
    // Adds files as attachments (the button, paste and drops use this).
    void attachFiles(const QList<QUrl> &files);

Q_SIGNALS:
    // The message is in the outbox (its outbox id).
    void queued(qint64 outboxId);
    // A draft was saved to the store and the Drafts folder (its message id in the cache).
    void draftSaved(qint64 messageId);

protected:
    void closeEvent(QCloseEvent *event) override;
    // Files dropped anywhere on the window, on any of its fields too, become attachments.
    bool eventFilter(QObject *watched, QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void send();
    void sendNow();
    bool saveDraft(bool byPerson);
    void accountChosen();
    void updateTitle();
    void updateAttachmentSummary();
    void changed();
    void showProblem(const QString &title, const QString &text);
    bool handleDrag(QEvent *event);
    QString currentAccountId() const;
    QString signatureFor(const QString &accountId) const;
    void startWith(const QString &text, int cursor);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace magpie::app
