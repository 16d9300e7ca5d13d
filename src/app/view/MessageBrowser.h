// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QTextBrowser>
#include <QUrl>

#include <memory>

namespace magpie::mime {
class Message;
}

namespace magpie::app {

// The text of a message, already sanitized (HtmlSanitizer, PlainTextToHtml). Its only job
// beyond QTextBrowser is to decide where a resource may come from: cid: parts of the message
// itself (RFC 2392), data:image URLs, and remote images that MessageView fetched after the
// person allowed them. QTextBrowser's own loader, which reads local files for relative and
// file: URLs, is never called.
class MessageBrowser : public QTextBrowser
{
    Q_OBJECT
public:
    explicit MessageBrowser(QWidget *parent = nullptr);
    ~MessageBrowser() override;

    // The message whose cid: parts are served; null serves none.
    void setMessage(std::shared_ptr<const mime::Message> message);
    void addRemoteResource(const QUrl &url, const QByteArray &data);
    void clearRemoteResources();
    // Sets the HTML again so that resources added since are shown, keeping the scroll place.
    void showAgain(const QString &html);

    // A document of `html` that takes its resources from here, for printing.
    std::unique_ptr<QTextDocument> printableDocument(const QString &html) const;

    QVariant loadResource(int type, const QUrl &name) override;

private:
    QVariant contentIdResource(const QUrl &name) const;
    static QVariant dataUrlResource(const QUrl &name);

    std::shared_ptr<const mime::Message> m_message;
    QHash<QUrl, QByteArray> m_remote;
};

} // namespace magpie::app
