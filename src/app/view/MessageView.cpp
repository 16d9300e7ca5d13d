// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/view/MessageView.h"

#include "app/view/AttachmentBar.h"
#include "app/view/HtmlSanitizer.h"
#include "app/view/MessageBrowser.h"
#include "app/view/MessageHeaderView.h"
#include "app/view/PlainTextToHtml.h"
#include "app/view/RemoteContentLoader.h"
#include "mime/HtmlToText.h"
#include "mime/Message.h"

#include <QDesktopServices>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPrinter>
#include <QPushButton>
#include <QStackedWidget>
#include <QTextDocument>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

bool isInsideMessageOr(const mime::MessagePart *part, QByteArrayView type)
{
    for (const mime::MessagePart *p = part->parent(); p; p = p->parent()) {
        if (p->isMessage() || p->isType(type))
            return true;
    }
    return false;
}

// Inline text parts beside the body in a multipart/mixed (a mailing list's footer, a note
// added by a gateway) are neither the body nor attachments (docs/cli.md); Thunderbird and
// KMail show them below the text, so they are not lost here either.
QString followingTexts(const mime::Message &message, const QList<const mime::MessagePart *> &body)
{
    QString html;
    for (const mime::MessagePart *part : message.leafParts()) {
        if (body.contains(part) || (!part->isType("text/plain") && !part->isType("text/html"))
            || part->disposition() == "attachment" || !part->fileName().isEmpty()
            || isInsideMessageOr(part, "multipart/alternative")
            || isInsideMessageOr(part, "multipart/related"))
            continue;
        const QString text = part->text().text;
        html += u"<hr>"_s
            + PlainTextToHtml::convert(part->isType("text/html") ? mime::HtmlToText::convert(text)
                                                                 : text);
    }
    return html;
}

} // namespace

struct MessageView::Private
{
    Preferences preferences;
    std::shared_ptr<const mime::Message> message;
    QString html; // the text as the browser shows it (sanitized)
    QStringList remoteUrls; // remote resources the text refers to
    bool remoteShownOnce = false;

    QStackedWidget *stack = nullptr;
    QLabel *placeholder = nullptr;
    MessageHeaderView *header = nullptr;
    QFrame *remoteBar = nullptr;
    QPushButton *allowForSender = nullptr;
    MessageBrowser *browser = nullptr;
    QLabel *linkTarget = nullptr;
    AttachmentBar *attachments = nullptr;
    RemoteContentLoader *loader = nullptr;
    QTimer *reloadTimer = nullptr;

    QString senderAddress() const
    {
        if (!message)
            return {};
        const QList<mime::Mailbox> from = message->addresses("From");
        return from.isEmpty() ? QString() : from.constFirst().address.trimmed().toLower();
    }
};

MessageView::MessageView(QWidget *parent)
    : QWidget(parent)
    , d(std::make_unique<Private>())
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    d->stack = new QStackedWidget(this);
    outer->addWidget(d->stack);

    d->placeholder = new QLabel(d->stack);
    d->placeholder->setObjectName(u"placeholder"_s);
    d->placeholder->setAlignment(Qt::AlignCenter);
    d->placeholder->setWordWrap(true);
    d->placeholder->setEnabled(false); // greyed, as a hint and not content
    d->stack->addWidget(d->placeholder);

    auto *page = new QWidget(d->stack);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    d->header = new MessageHeaderView(page);
    d->header->setObjectName(u"headerBlock"_s);
    layout->addWidget(d->header);

    d->remoteBar = new QFrame(page);
    d->remoteBar->setObjectName(u"remoteContentBar"_s);
    d->remoteBar->setFrameShape(QFrame::StyledPanel);
    d->remoteBar->setAutoFillBackground(true);
    d->remoteBar->setBackgroundRole(QPalette::ToolTipBase);
    d->remoteBar->setForegroundRole(QPalette::ToolTipText);
    auto *barLayout = new QHBoxLayout(d->remoteBar);
    barLayout->setContentsMargins(8, 4, 8, 4);
    auto *barText = new QLabel(tr("Remote content blocked to protect your privacy."), d->remoteBar);
    barText->setWordWrap(true);
    auto *showOnce = new QPushButton(tr("Show once"), d->remoteBar);
    showOnce->setObjectName(u"showRemoteContentOnce"_s);
    d->allowForSender = new QPushButton(d->remoteBar);
    d->allowForSender->setObjectName(u"allowRemoteContentForSender"_s);
    barLayout->addWidget(barText, 1);
    barLayout->addWidget(showOnce);
    barLayout->addWidget(d->allowForSender);
    d->remoteBar->setVisible(false);
    layout->addWidget(d->remoteBar);

    d->browser = new MessageBrowser(page);
    d->browser->setObjectName(u"messageBody"_s);
    d->browser->setFrameShape(QFrame::NoFrame);
    layout->addWidget(d->browser, 1);

    d->linkTarget = new QLabel(page);
    d->linkTarget->setObjectName(u"linkTarget"_s);
    d->linkTarget->setTextFormat(Qt::PlainText);
    d->linkTarget->setContentsMargins(8, 2, 8, 2);
    d->linkTarget->setVisible(false);
    layout->addWidget(d->linkTarget);

    d->attachments = new AttachmentBar(page);
    d->attachments->setObjectName(u"attachmentBar"_s);
    layout->addWidget(d->attachments);
    d->stack->addWidget(page);

    d->loader = new RemoteContentLoader(this);
    d->reloadTimer = new QTimer(this);
    d->reloadTimer->setSingleShot(true);
    d->reloadTimer->setInterval(100); // many images arriving together cost one layout

    connect(showOnce, &QPushButton::clicked, this, &MessageView::showRemoteContent);
    connect(d->allowForSender, &QPushButton::clicked, this,
            &MessageView::allowRemoteContentForSender);
    connect(d->header, &MessageHeaderView::mailboxActivated, this, &MessageView::composeTo);
    connect(d->browser, &QTextBrowser::anchorClicked, this, &MessageView::linkClicked);
    connect(d->browser, qOverload<const QUrl &>(&QTextBrowser::highlighted), this,
            &MessageView::linkHovered);
    connect(d->loader, &RemoteContentLoader::resourceLoaded, this,
            [this](const QUrl &url, const QByteArray &data) {
                d->browser->addRemoteResource(url, data);
                d->reloadTimer->start();
            });
    connect(d->loader, &RemoteContentLoader::finished, this, [this] { d->reloadTimer->start(0); });
    connect(d->reloadTimer, &QTimer::timeout, this, [this] {
        d->browser->showAgain(d->html);
        Q_EMIT messageShown();
    });
    showPlaceholder(tr("No message selected"));
}

MessageView::~MessageView() = default;

void MessageView::setPreferences(const Preferences &preferences)
{
    const bool changes = preferences.preferHtml != d->preferences.preferHtml
        || preferences.blockRemoteContent != d->preferences.blockRemoteContent
        || preferences.remoteContentSenders != d->preferences.remoteContentSenders;
    d->preferences = preferences;
    if (changes && d->message && d->stack->currentIndex() == 1)
        render();
}

void MessageView::showMessage(const QByteArray &rfc5322)
{
    d->loader->abort();
    d->reloadTimer->stop();
    d->browser->clearRemoteResources();
    d->remoteShownOnce = false;
    d->message = std::make_shared<const mime::Message>(rfc5322);
    d->browser->setMessage(d->message);
    render();
    d->browser->moveCursor(QTextCursor::Start);
    d->stack->setCurrentIndex(1);
}

void MessageView::render()
{
    const mime::Message &message = *d->message;
    d->header->setMessage(&message);
    const QString sender = d->senderAddress();
    const bool allowRemote = d->remoteShownOnce || d->preferences.isRemoteContentAllowedFor(sender);

    const mime::MessagePart *htmlPart = nullptr;
    const mime::MessagePart *plainPart = nullptr;
    for (const mime::MessagePart *part : message.bodyCandidates()) {
        if (!htmlPart && part->isType("text/html"))
            htmlPart = part;
        else if (!plainPart && part->isType("text/plain"))
            plainPart = part;
    }
    d->remoteUrls.clear();
    bool showsHtml = false;
    if (htmlPart && (d->preferences.preferHtml || !plainPart)) {
        const QString text = htmlPart->text().text;
        if (d->preferences.preferHtml) {
            HtmlSanitizer::Result sanitized =
                HtmlSanitizer::sanitize(text,
                                        allowRemote ? HtmlSanitizer::RemoteContent::Allow
                                                    : HtmlSanitizer::RemoteContent::Block);
            d->html = std::move(sanitized.html);
            d->remoteUrls = std::move(sanitized.remoteUrls);
            showsHtml = true;
        } else {
            d->html = PlainTextToHtml::convert(mime::HtmlToText::convert(text));
        }
    } else if (const mime::MessagePart *body = plainPart ? plainPart : message.bodyPart()) {
        d->html = body->isText() ? PlainTextToHtml::convert(body->text().text) : QString();
    } else {
        d->html.clear();
    }

    d->html += followingTexts(message, message.bodyCandidates());

    const bool blocked = !allowRemote && !d->remoteUrls.isEmpty();
    d->allowForSender->setText(tr("Always for %1").arg(sender));
    d->allowForSender->setVisible(!sender.isEmpty());
    d->remoteBar->setVisible(blocked);

    // HTML mail is written for black on white; on a dark palette its own colours would be
    // unreadable, so it keeps the page it was written for. Plain text follows the palette.
    QPalette palette = this->palette();
    if (showsHtml) {
        palette.setColor(QPalette::Base, Qt::white);
        palette.setColor(QPalette::Text, Qt::black);
        palette.setColor(QPalette::Link, QColor(0x0b, 0x57, 0xd0));
    }
    d->browser->setPalette(palette);
    d->browser->setHtml(d->html);
    d->linkTarget->setVisible(false);
    d->attachments->setMessage(d->message);
    if (allowRemote && !d->remoteUrls.isEmpty())
        d->loader->load(d->remoteUrls);
    Q_EMIT messageShown();
}

void MessageView::showRemoteContent()
{
    if (!d->message)
        return;
    d->remoteShownOnce = true;
    render();
}

void MessageView::allowRemoteContentForSender()
{
    const QString sender = d->senderAddress();
    if (!d->message || sender.isEmpty())
        return;
    if (!d->preferences.remoteContentSenders.contains(sender))
        d->preferences.remoteContentSenders << sender;
    Q_EMIT remoteContentAllowedForSender(sender);
    render();
}

void MessageView::linkClicked(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (scheme.isEmpty() && url.hasFragment()) {
        d->browser->scrollToAnchor(url.fragment());
        return;
    }
    if (scheme == u"mailto") {
        Q_EMIT composeMailto(url);
        return;
    }
    if (scheme != u"http" && scheme != u"https")
        return; // the sanitizer lets no other link through; never open anything else
    if (!d->preferences.confirmLinkTargets) {
        QDesktopServices::openUrl(url);
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Question, tr("Open Link"),
                                tr("Open this address in your web browser?"),
                                QMessageBox::Open | QMessageBox::Cancel, this);
    box->setObjectName(u"linkConfirmation"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setTextFormat(Qt::PlainText);
    QString details = url.toDisplayString();
    // An internationalized host name can imitate another (a Cyrillic "а" for "a"): its
    // ASCII form (RFC 5891) shows which server it really is.
    const QString ace = QString::fromLatin1(QUrl::toAce(url.host()));
    if (!ace.isEmpty() && ace.compare(url.host(), Qt::CaseInsensitive) != 0)
        details += u"\n\n"_s + tr("The server's name is written %1.").arg(ace);
    box->setInformativeText(details);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::finished, this, [box, url] {
        if (box->clickedButton() == box->button(QMessageBox::Open))
            QDesktopServices::openUrl(url);
    });
    box->open();
}

void MessageView::linkHovered(const QUrl &url)
{
    // Where a link really goes, whatever its text says (as a browser's status bar).
    d->linkTarget->setText(url.isEmpty() ? QString() : url.toDisplayString());
    d->linkTarget->setVisible(!url.isEmpty());
}

void MessageView::showPlaceholder(const QString &text)
{
    d->loader->abort();
    d->placeholder->setText(text);
    d->stack->setCurrentIndex(0);
}

void MessageView::clear()
{
    d->loader->abort();
    d->reloadTimer->stop();
    d->message.reset();
    d->html.clear();
    d->remoteUrls.clear();
    d->browser->setMessage(nullptr);
    d->browser->clearRemoteResources();
    d->browser->clear();
    d->header->setMessage(nullptr);
    d->attachments->setMessage(nullptr);
    showPlaceholder(QString());
}

const mime::Message *MessageView::message() const
{
    return d->message.get();
}

QByteArray MessageView::source() const
{
    return d->message ? d->message->data() : QByteArray();
}

void MessageView::print(QPrinter *printer) const
{
    if (!d->message || !printer)
        return;
    const std::unique_ptr<QTextDocument> document =
        d->browser->printableDocument(d->header->html() + d->html);
    document->print(printer);
}

} // namespace magpie::app
