// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QTextEdit>
#include <QUrl>

namespace magpie::app {

// The composer's text. Files pasted or dropped here become attachments (filesReceived)
// instead of their paths being typed into the text; an image pasted from the clipboard
// becomes an attached PNG (imageReceived). Plain text by default: rich text only when the
// person chose HTML (setRichText).
class ComposerBody : public QTextEdit
{
    Q_OBJECT
public:
    explicit ComposerBody(QWidget *parent = nullptr);

    void setRichText(bool rich);
    bool isRichText() const { return acceptRichText(); }

    // The local files a drag or paste carries (file: URLs only), none when it carries text.
    static QList<QUrl> localFiles(const QMimeData *data);

Q_SIGNALS:
    void filesReceived(const QList<QUrl> &files);
    void imageReceived(const QByteArray &png);

protected:
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;
};

} // namespace magpie::app
