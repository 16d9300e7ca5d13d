// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/compose/ComposerBody.h"

#include <QBuffer>
#include <QImage>
#include <QMimeData>

namespace magpie::app {

ComposerBody::ComposerBody(QWidget *parent)
    : QTextEdit(parent)
{
    setAcceptRichText(false);
    setTabChangesFocus(false);
    setLineWrapMode(QTextEdit::WidgetWidth);
}

void ComposerBody::setRichText(bool rich)
{
    if (rich == acceptRichText())
        return;
    if (!rich) {
        // Back to plain text: the formatting goes, the words stay.
        const QString text = toPlainText();
        setAcceptRichText(false);
        setPlainText(text);
    } else {
        setAcceptRichText(true);
    }
}

QList<QUrl> ComposerBody::localFiles(const QMimeData *data)
{
    QList<QUrl> files;
    if (!data || !data->hasUrls())
        return files;
    const QList<QUrl> urls = data->urls();
    for (const QUrl &url : urls) {
        if (url.isLocalFile())
            files.append(url);
    }
    return files;
}

bool ComposerBody::canInsertFromMimeData(const QMimeData *source) const
{
    return !localFiles(source).isEmpty() || source->hasImage() || QTextEdit::canInsertFromMimeData(source);
}

void ComposerBody::insertFromMimeData(const QMimeData *source)
{
    if (const QList<QUrl> files = localFiles(source); !files.isEmpty()) {
        Q_EMIT filesReceived(files);
        return;
    }
    if (source->hasImage() && !source->hasText()) {
        const QImage image = qvariant_cast<QImage>(source->imageData());
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        if (!image.isNull() && image.save(&buffer, "PNG")) {
            Q_EMIT imageReceived(png);
            return;
        }
    }
    QTextEdit::insertFromMimeData(source);
}

} // namespace magpie::app
