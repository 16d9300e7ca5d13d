// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/compose/ComposerWindow.h"

#include "app/compose/AttachmentReminder.h"
#include "app/compose/ComposerText.h"
#include "store/KnownAddresses.h"
#include "app/compose/MailtoUrl.h"
#include "app/compose/OutboxView.h"
#include "app/compose/OutgoingAttachments.h"
#include "app/compose/OutgoingMessage.h"
#include "app/session/MailSession.h"
#include "mime/Forward.h"
#include "mime/Message.h"
#include "mime/Reply.h"
#include "store/MailCache.h"
#include "sync/LocalOperations.h"

#include "ui_ComposerWindow.h"

#include <QCloseEvent>
#include <QDateTime>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QTextCharFormat>
#include <QTime>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace magpie::app {

struct ComposerWindow::Private
{
    explicit Private(MailSession &s)
        : session(s)
    {
    }

    MailSession &session;
    Ui::ComposerWindow ui;
    OutgoingAttachments *attachments = nullptr;
    QTimer *autosave = nullptr;
    QString signatureAccountId; // whose signature the text holds
    QByteArray inReplyTo;
    QList<QByteArray> references;
    QByteArray messageId;       // kept across autosaves and for sending
    qint64 draftId = 0;         // the latest saved draft in the cache
    bool changedSinceAutosave = false;
    bool changedSinceSaved = false; // since the person last saved (or never)
    bool savedByPerson = false;
    bool filling = false;       // fields being set by the program, not typed
    bool done = false;          // queued or discarded: close without asking
    QString lastDraftError;
};

ComposerWindow::ComposerWindow(MailSession &session, const QString &accountId, QWidget *parent)
    : QMainWindow(parent)
    , d(std::make_unique<Private>(session))
{
    setAttribute(Qt::WA_DeleteOnClose);
    d->ui.setupUi(this);
    d->filling = true;

    const QList<sync::AccountConfig> accounts = session.accounts();
    for (const sync::AccountConfig &account : accounts) {
        const mime::Mailbox identity { account.identityName, account.address };
        d->ui.fromCombo->addItem(identity.toDisplayString(), account.id);
    }
    if (const int index = d->ui.fromCombo->findData(accountId); index >= 0)
        d->ui.fromCombo->setCurrentIndex(index);
    if (accounts.isEmpty()) {
        d->ui.actionSend->setEnabled(false);
        d->ui.statusBar->showMessage(
            tr("No account can send yet. Add one in Settings > Accounts, then write again."));
    }

    const Preferences &preferences = session.preferences();
    if (session.cache().isOpen()) {
        const QStringList known = store::KnownAddresses(session.cache())
                                      .completions(preferences.addressCompletionFromSeen);
        for (AddressLineEdit *edit : { d->ui.toEdit, d->ui.ccEdit, d->ui.bccEdit })
            edit->setKnownAddresses(known);
    }

    d->attachments = new OutgoingAttachments(this);
    d->ui.attachmentList->setModel(d->attachments);
    d->ui.attachmentList->addAction(d->ui.actionRemoveAttachment);
    d->ui.actionRemoveAttachment->setShortcut(QKeySequence::Delete);
    d->ui.actionRemoveAttachment->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(d->ui.attachmentList->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] {
                d->ui.actionRemoveAttachment->setEnabled(
                    d->ui.attachmentList->selectionModel()->hasSelection());
            });
    connect(d->attachments, &OutgoingAttachments::changed, this, [this] {
        updateAttachmentSummary();
        changed();
    });
    updateAttachmentSummary();

    d->ui.actionHtml->setChecked(preferences.composeHtml);
    d->ui.bodyEdit->setRichText(preferences.composeHtml);
    for (QAction *format : { d->ui.actionBold, d->ui.actionItalic, d->ui.actionUnderline })
        format->setEnabled(preferences.composeHtml);
    connect(d->ui.actionHtml, &QAction::toggled, this, [this](bool html) {
        d->ui.bodyEdit->setRichText(html);
        for (QAction *format : { d->ui.actionBold, d->ui.actionItalic, d->ui.actionUnderline })
            format->setEnabled(html);
        changed();
    });
    connect(d->ui.actionBold, &QAction::toggled, this, [this](bool on) {
        d->ui.bodyEdit->setFontWeight(on ? QFont::Bold : QFont::Normal);
    });
    connect(d->ui.actionItalic, &QAction::toggled, d->ui.bodyEdit, &QTextEdit::setFontItalic);
    connect(d->ui.actionUnderline, &QAction::toggled, d->ui.bodyEdit, &QTextEdit::setFontUnderline);
    connect(d->ui.bodyEdit, &QTextEdit::currentCharFormatChanged, this,
            [this](const QTextCharFormat &format) {
                const QSignalBlocker bold(d->ui.actionBold), italic(d->ui.actionItalic),
                    underline(d->ui.actionUnderline);
                d->ui.actionBold->setChecked(format.fontWeight() >= QFont::Bold);
                d->ui.actionItalic->setChecked(format.fontItalic());
                d->ui.actionUnderline->setChecked(format.fontUnderline());
            });

    connect(d->ui.actionSend, &QAction::triggered, this, &ComposerWindow::send);
    connect(d->ui.actionSaveDraft, &QAction::triggered, this, [this] { saveDraft(true); });
    connect(d->ui.actionAttach, &QAction::triggered, this, [this] {
        const QList<QUrl> files = QFileDialog::getOpenFileUrls(this, tr("Attach Files"));
        attachFiles(files);
    });
    connect(d->ui.actionRemoveAttachment, &QAction::triggered, this, [this] {
        QModelIndexList rows = d->ui.attachmentList->selectionModel()->selectedRows();
        std::sort(rows.begin(), rows.end(),
                  [](const QModelIndex &a, const QModelIndex &b) { return a.row() > b.row(); });
        for (const QModelIndex &row : rows)
            d->attachments->remove(row.row());
    });
    connect(d->ui.actionShowOutbox, &QAction::triggered, this, [this] {
        auto *outbox = new OutboxView(d->session);
        outbox->show();
    });
    connect(d->ui.actionClose, &QAction::triggered, this, &QWidget::close);

    connect(d->ui.bodyEdit, &ComposerBody::filesReceived, this, &ComposerWindow::attachFiles);
    connect(d->ui.bodyEdit, &ComposerBody::imageReceived, this, [this](const QByteArray &png) {
        mime::Attachment image;
        image.fileName = tr("Pasted image %1.png")
                             .arg(QDateTime::currentDateTime().toString(u"yyyy-MM-dd HH.mm.ss"_s));
        image.contentType = "image/png";
        image.data = png;
        d->attachments->add(image);
    });
    connect(d->ui.fromCombo, &QComboBox::currentIndexChanged, this, &ComposerWindow::accountChosen);
    for (QLineEdit *edit : { static_cast<QLineEdit *>(d->ui.toEdit), static_cast<QLineEdit *>(d->ui.ccEdit),
                             static_cast<QLineEdit *>(d->ui.bccEdit), d->ui.subjectEdit })
        connect(edit, &QLineEdit::textChanged, this, &ComposerWindow::changed);
    connect(d->ui.subjectEdit, &QLineEdit::textChanged, this, &ComposerWindow::updateTitle);
    connect(d->ui.bodyEdit, &QTextEdit::textChanged, this, &ComposerWindow::changed);

    // Dropping files anywhere: the fields would otherwise take a file's path as text.
    setAcceptDrops(true);
    const QList<QWidget *> children = findChildren<QWidget *>();
    for (QWidget *child : children) {
        child->setAcceptDrops(true);
        child->installEventFilter(this);
    }

    d->autosave = new QTimer(this);
    connect(d->autosave, &QTimer::timeout, this, [this] {
        if (d->changedSinceAutosave)
            saveDraft(false);
    });
    if (preferences.draftAutosaveSeconds > 0)
        d->autosave->start(preferences.draftAutosaveSeconds * 1000);

    d->signatureAccountId = currentAccountId();
    const ComposerText::Start start = ComposerText::fresh(signatureFor(currentAccountId()));
    startWith(start.text, start.cursor);

    QSettings settings;
    restoreGeometry(settings.value(u"composer/geometry"_s).toByteArray());
    d->filling = false;
    updateTitle();
    d->ui.toEdit->setFocus();
}

ComposerWindow::~ComposerWindow() = default;

QString ComposerWindow::currentAccountId() const
{
    return d->ui.fromCombo->currentData().toString();
}

QString ComposerWindow::signatureFor(const QString &accountId) const
{
    return d->session.preferences().signatures.value(accountId);
}

void ComposerWindow::startWith(const QString &text, int cursor)
{
    const bool filling = d->filling;
    d->filling = true;
    d->ui.bodyEdit->setPlainText(text);
    QTextCursor position = d->ui.bodyEdit->textCursor();
    position.setPosition(std::min<int>(cursor, int(text.size())));
    d->ui.bodyEdit->setTextCursor(position);
    d->filling = filling;
}

void ComposerWindow::startReply(const mime::Message &original, ReplyTo who)
{
    d->filling = true;
    // Answer from the identity the message was written to, as Thunderbird does.
    const QList<mime::Mailbox> recipients = original.addresses("To") + original.addresses("Cc")
        + original.addresses("Delivered-To");
    const QList<sync::AccountConfig> accounts = d->session.accounts();
    bool chosen = false;
    for (const mime::Mailbox &recipient : recipients) {
        for (const sync::AccountConfig &account : accounts) {
            if (!chosen && account.address.compare(recipient.address, Qt::CaseInsensitive) == 0) {
                d->ui.fromCombo->setCurrentIndex(d->ui.fromCombo->findData(account.id));
                chosen = true;
            }
        }
    }

    const mime::Draft draft = mime::Reply::draft(
        original, who == ReplyTo::All ? mime::Reply::To::All : mime::Reply::To::Sender,
        d->session.ownAddresses());
    QStringList to, cc;
    for (const mime::Mailbox &mailbox : draft.to)
        to.append(mailbox.toDisplayString());
    for (const mime::Mailbox &mailbox : draft.cc)
        cc.append(mailbox.toDisplayString());
    d->ui.toEdit->setText(to.join(u", "_s));
    d->ui.ccEdit->setText(cc.join(u", "_s));
    d->ui.subjectEdit->setText(draft.subject);
    d->inReplyTo = draft.inReplyTo;
    d->references = draft.references;
    d->signatureAccountId = currentAccountId();
    const ComposerText::Start start = ComposerText::reply(
        mime::Reply::quote(original), signatureFor(currentAccountId()),
        d->session.preferences().quoting);
    startWith(start.text, start.cursor);
    d->filling = false;
    updateTitle();
    d->ui.bodyEdit->setFocus();
}

void ComposerWindow::startForward(const mime::Message &original, ForwardAs how)
{
    d->filling = true;
    const mime::Draft draft = mime::Forward::draft(
        original, how == ForwardAs::Attachment ? mime::Forward::As::Attachment : mime::Forward::As::Inline);
    d->ui.subjectEdit->setText(draft.subject);
    d->attachments->clear();
    for (const mime::Attachment &attachment : draft.attachments)
        d->attachments->add(attachment);
    d->signatureAccountId = currentAccountId();
    const ComposerText::Start start = ComposerText::fresh(signatureFor(currentAccountId()), draft.body);
    startWith(start.text, start.cursor);
    d->filling = false;
    updateTitle();
    d->ui.toEdit->setFocus();
}

void ComposerWindow::startTo(const QString &mailbox)
{
    d->filling = true;
    // One line: a header field never gets a line break from here (no CR/LF injection).
    QString line = mailbox;
    line.replace(u'\r', u' ').replace(u'\n', u' ');
    d->ui.toEdit->setText(line.trimmed());
    d->filling = false;
    updateTitle();
    d->ui.subjectEdit->setFocus();
}

bool ComposerWindow::startFromMailto(const QUrl &mailto)
{
    const std::optional<MailtoUrl> parsed = MailtoUrl::parse(mailto);
    if (!parsed)
        return false;
    d->filling = true;
    d->ui.toEdit->setText(parsed->to.join(u", "_s));
    d->ui.ccEdit->setText(parsed->cc.join(u", "_s));
    d->ui.bccEdit->setText(parsed->bcc.join(u", "_s));
    d->ui.subjectEdit->setText(parsed->subject);
    if (!parsed->body.isEmpty()) {
        const QString block = ComposerText::signatureBlock(signatureFor(currentAccountId()));
        QString text = parsed->body;
        if (!block.isEmpty())
            text += u"\n\n"_s + block + u'\n';
        startWith(text, int(parsed->body.size()));
    }
    d->filling = false;
    if (!parsed->ignoredFields.isEmpty()) {
        d->ui.statusBar->showMessage(
            tr("The link also asked to set %1; Magpie leaves those out, as a link may not "
               "choose them.").arg(parsed->ignoredFields.join(u", "_s)));
    }
    updateTitle();
    if (parsed->to.isEmpty())
        d->ui.toEdit->setFocus();
    else if (parsed->subject.isEmpty())
        d->ui.subjectEdit->setFocus();
    else
        d->ui.bodyEdit->setFocus();
    return true;
}

void ComposerWindow::attachFiles(const QList<QUrl> &files)
{
    if (files.isEmpty())
        return;
    const QStringList problems = d->attachments->addFiles(files);
    if (!problems.isEmpty())
        showProblem(tr("Some files were not attached"), problems.join(u'\n'));
}

void ComposerWindow::accountChosen()
{
    if (d->filling)
        return;
    // The signature follows the identity, unless the person already edited it away.
    const QString newAccount = currentAccountId();
    const QString text = d->ui.bodyEdit->toPlainText();
    const QString replaced = ComposerText::replaceSignature(text, signatureFor(d->signatureAccountId),
                                                            signatureFor(newAccount));
    d->signatureAccountId = newAccount;
    if (replaced != text && !d->ui.bodyEdit->isRichText()) {
        const int cursor = d->ui.bodyEdit->textCursor().position();
        startWith(replaced, cursor);
    }
    changed();
}

void ComposerWindow::changed()
{
    if (d->filling)
        return;
    d->changedSinceAutosave = true;
    d->changedSinceSaved = true;
    updateTitle();
}

void ComposerWindow::updateTitle()
{
    const QString subject = d->ui.subjectEdit->text().trimmed();
    // "[*]" is where Qt shows that the draft has unsaved changes.
    setWindowTitle(subject.isEmpty() ? tr("Write: (no subject)[*]")
                                     : tr("Write: %1[*]").arg(subject));
    setWindowModified(d->changedSinceSaved);
}

void ComposerWindow::updateAttachmentSummary()
{
    const int count = d->attachments->rowCount();
    if (count == 0) {
        d->ui.attachmentSummary->setText(
            tr("No attachments. Drop files anywhere on this window to attach them."));
        d->ui.attachmentList->hide();
    } else {
        d->ui.attachmentSummary->setText(tr("%n attachment(s), %1", "", count)
                                             .arg(OutgoingAttachments::sizeText(d->attachments->totalBytes())));
        d->ui.attachmentList->show();
    }
}

void ComposerWindow::showProblem(const QString &title, const QString &text)
{
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(u"composerProblem"_s);
    box->open();
}

namespace {

OutgoingMessage messageFrom(const Ui::ComposerWindow &ui, const QList<sync::AccountConfig> &accounts,
                            const QString &accountId)
{
    OutgoingMessage message;
    for (const sync::AccountConfig &account : accounts) {
        if (account.id == accountId)
            message.from = mime::Mailbox { account.identityName, account.address };
    }
    message.to = ui.toEdit->text();
    message.cc = ui.ccEdit->text();
    message.bcc = ui.bccEdit->text();
    message.subject = ui.subjectEdit->text().trimmed();
    message.text = ui.bodyEdit->toPlainText();
    if (ui.bodyEdit->isRichText())
        message.html = ui.bodyEdit->toHtml();
    return message;
}

} // namespace

bool ComposerWindow::saveDraft(bool byPerson)
{
    const QString accountId = currentAccountId();
    if (accountId.isEmpty())
        return false;
    OutgoingMessage message = messageFrom(d->ui, d->session.accounts(), accountId);
    message.attachments = d->attachments->attachments();
    message.inReplyTo = d->inReplyTo;
    message.references = d->references;
    message.messageId = d->messageId;
    const OutgoingMessage::Built built = message.asDraft();
    QString error = built.error;
    qint64 id = 0;
    if (built.ok()) {
        store::StoreError storeError;
        id = d->session.operations().saveDraft(accountId, built.bytes, d->draftId, &storeError);
        if (id <= 0)
            error = storeError.message;
    }
    if (id <= 0) {
        // LocalOperations' sentences say what failed already; the builder's need the context.
        const QString sentence = error.startsWith(tr("The draft could not be saved"))
            ? error
            : tr("The draft could not be saved: %1").arg(error.isEmpty() ? tr("the cache refused it.") : error);
        // An autosave reports a problem once, not every few seconds.
        if (byPerson)
            showProblem(tr("Draft not saved"), sentence);
        else if (sentence != d->lastDraftError)
            d->ui.statusBar->showMessage(sentence);
        d->lastDraftError = sentence;
        d->changedSinceAutosave = false;
        return false;
    }
    d->lastDraftError.clear();
    d->messageId = built.messageId;
    d->draftId = id;
    d->changedSinceAutosave = false;
    if (byPerson) {
        d->savedByPerson = true;
        d->changedSinceSaved = false;
    }
    d->ui.statusBar->showMessage(
        tr("Draft saved at %1.").arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat)),
        5000);
    updateTitle();
    Q_EMIT draftSaved(id);
    return true;
}

void ComposerWindow::send()
{
    if (d->attachments->isEmpty()) {
        const QString word = AttachmentReminder::mentionedAttachment(d->ui.subjectEdit->text(),
                                                                     d->ui.bodyEdit->toPlainText());
        if (!word.isEmpty()) {
            auto *box = new QMessageBox(
                QMessageBox::Question, tr("Forgotten attachment?"),
                tr("The message mentions \"%1\", but no file is attached.").arg(word),
                QMessageBox::NoButton, this);
            box->setObjectName(u"attachmentReminder"_s);
            box->setAttribute(Qt::WA_DeleteOnClose);
            QPushButton *attach = box->addButton(tr("&Attach Files..."), QMessageBox::AcceptRole);
            QPushButton *sendAnyway = box->addButton(tr("&Send Anyway"), QMessageBox::DestructiveRole);
            attach->setObjectName(u"attach"_s);
            sendAnyway->setObjectName(u"sendAnyway"_s);
            box->addButton(QMessageBox::Cancel);
            box->setDefaultButton(attach);
            connect(box, &QMessageBox::finished, this, [this, box, attach, sendAnyway] {
                if (box->clickedButton() == sendAnyway)
                    sendNow();
                else if (box->clickedButton() == attach)
                    d->ui.actionAttach->trigger();
            });
            box->open();
            return;
        }
    }
    sendNow();
}

void ComposerWindow::sendNow()
{
    const QString accountId = currentAccountId();
    OutgoingMessage message = messageFrom(d->ui, d->session.accounts(), accountId);
    message.attachments = d->attachments->attachments();
    message.inReplyTo = d->inReplyTo;
    message.references = d->references;
    message.messageId = d->messageId;
    const OutgoingMessage::Built built = message.forSending();
    if (!built.ok()) {
        showProblem(tr("The message was not sent"), built.error);
        return;
    }
    QString error;
    const qint64 outboxId = d->session.queueForSending(accountId, built.bytes, built.envelopeFrom,
                                                       built.recipients, &error);
    if (outboxId < 0) {
        showProblem(tr("The message was not sent"),
                    error.isEmpty() ? tr("The outbox could not take the message.") : error);
        return;
    }
    // Sent: the draft has served its purpose (Thunderbird removes it too).
    if (d->draftId > 0)
        d->session.operations().remove({ d->draftId }, true);
    d->done = true;
    Q_EMIT queued(outboxId);
    close();
}

void ComposerWindow::closeEvent(QCloseEvent *event)
{
    if (!d->done && d->changedSinceSaved) {
        event->ignore();
        auto *box = new QMessageBox(QMessageBox::Question, tr("Save this message?"),
                                    tr("The message has not been sent. Save it as a draft "
                                       "to finish it later?"),
                                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
        box->setObjectName(u"closeQuestion"_s);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->setDefaultButton(QMessageBox::Save);
        connect(box, &QMessageBox::finished, this, [this, box] {
            const QMessageBox::StandardButton answer = box->standardButton(box->clickedButton());
            if (answer == QMessageBox::Save) {
                if (!saveDraft(true))
                    return;
            } else if (answer == QMessageBox::Discard) {
                // An autosaved copy the person never chose to keep goes too.
                if (!d->savedByPerson && d->draftId > 0)
                    d->session.operations().remove({ d->draftId }, true);
            } else {
                return;
            }
            d->done = true;
            close();
        });
        box->open();
        return;
    }
    d->autosave->stop();
    QSettings().setValue(u"composer/geometry"_s, saveGeometry());
    QMainWindow::closeEvent(event);
}

bool ComposerWindow::handleDrag(QEvent *event)
{
    auto *drop = static_cast<QDropEvent *>(event);
    const QList<QUrl> files = ComposerBody::localFiles(drop->mimeData());
    if (files.isEmpty())
        return false;
    if (event->type() == QEvent::Drop) {
        drop->setDropAction(Qt::CopyAction);
        drop->accept();
        attachFiles(files);
    } else {
        drop->setDropAction(Qt::CopyAction);
        drop->accept();
    }
    return true;
}

bool ComposerWindow::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::DragEnter:
    case QEvent::DragMove:
    case QEvent::Drop:
        if (handleDrag(event))
            return true;
        break;
    default:
        break;
    }
    return QMainWindow::eventFilter(watched, event);
}

void ComposerWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!handleDrag(event))
        QMainWindow::dragEnterEvent(event);
}

void ComposerWindow::dragMoveEvent(QDragMoveEvent *event)
{
    if (!handleDrag(event))
        QMainWindow::dragMoveEvent(event);
}

void ComposerWindow::dropEvent(QDropEvent *event)
{
    if (!handleDrag(event))
        QMainWindow::dropEvent(event);
}

} // namespace magpie::app
