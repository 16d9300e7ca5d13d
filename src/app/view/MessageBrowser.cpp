// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/view/MessageBrowser.h"

#include "mime/Message.h"

#include <QImage>
#include <QScrollBar>
#include <QTextDocument>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

QVariant image(const QByteArray &data)
{
    QImage decoded;
    if (data.isEmpty() || !decoded.loadFromData(data))
        return {};
    return decoded;
}

// QTextDocument's own loader, run when the view's gives nothing, reads local files for
// relative and file: names; this document asks the view only.
class MessageDocument : public QTextDocument
{
public:
    MessageDocument(MessageBrowser *browser, QObject *parent)
        : QTextDocument(parent)
        , m_browser(browser)
    { }

protected:
    QVariant loadResource(int type, const QUrl &name) override
    {
        return m_browser->loadResource(type, name);
    }

private:
    MessageBrowser *m_browser;
};

} // namespace

MessageBrowser::MessageBrowser(QWidget *parent)
    : QTextBrowser(parent)
{
    setDocument(new MessageDocument(this, this));
    // Links are judged and opened by MessageView, never followed here.
    setOpenLinks(false);
    setOpenExternalLinks(false);
}

MessageBrowser::~MessageBrowser() = default;

void MessageBrowser::setMessage(std::shared_ptr<const mime::Message> message)
{
    m_message = std::move(message);
}

void MessageBrowser::addRemoteResource(const QUrl &url, const QByteArray &data)
{
    m_remote.insert(url, data);
}

void MessageBrowser::clearRemoteResources()
{
    m_remote.clear();
}

void MessageBrowser::showAgain(const QString &html)
{
    const int vertical = verticalScrollBar()->value();
    const int horizontal = horizontalScrollBar()->value();
    setHtml(html);
    verticalScrollBar()->setValue(vertical);
    horizontalScrollBar()->setValue(horizontal);
}

std::unique_ptr<QTextDocument> MessageBrowser::printableDocument(const QString &html) const
{
    auto document = std::make_unique<MessageDocument>(const_cast<MessageBrowser *>(this), nullptr);
    document->setDefaultFont(font());
    document->setHtml(html);
    return document;
}

QVariant MessageBrowser::loadResource(int type, const QUrl &name)
{
    if (type != QTextDocument::ImageResource)
        return {}; // style sheets and anything else: only what the message holds inline
    const QString scheme = name.scheme().toLower();
    if (scheme == u"cid")
        return contentIdResource(name);
    if (scheme == u"data")
        return dataUrlResource(name);
    if (scheme == u"http" || scheme == u"https") {
        const auto found = m_remote.constFind(name);
        return found == m_remote.cend() ? QVariant() : image(*found);
    }
    return {};
}

QVariant MessageBrowser::contentIdResource(const QUrl &name) const
{
    if (!m_message)
        return {};
    // RFC 2392 s2: the cid URL is the Content-ID's addr-spec, %hh-encoded.
    const QByteArray wanted =
        QByteArray::fromPercentEncoding(name.toString(QUrl::FullyEncoded).mid(4).toLatin1());
    for (const mime::MessagePart *part : m_message->leafParts()) {
        if (!part->contentId().isEmpty()
            && part->contentId().compare(wanted, Qt::CaseSensitive) == 0)
            return image(part->decodedBody());
    }
    return {};
}

QVariant MessageBrowser::dataUrlResource(const QUrl &name)
{
    // RFC 2397: data:[<mediatype>][;base64],<data>
    const QByteArray url = name.toString(QUrl::FullyEncoded).toLatin1();
    const qsizetype comma = url.indexOf(',');
    if (comma < 0)
        return {};
    const QByteArray header = url.mid(5, comma - 5).toLower();
    if (!header.startsWith("image/") || header.startsWith("image/svg"))
        return {};
    const QByteArray payload = QByteArray::fromPercentEncoding(url.mid(comma + 1));
    return image(header.endsWith(";base64") ? QByteArray::fromBase64(payload) : payload);
}

} // namespace magpie::app
