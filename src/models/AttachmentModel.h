// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractListModel>
#include <QList>

#include <memory>

namespace magpie::mime {
class Message;
class MessagePart;
}

namespace magpie::models {

// The attachments of the message being read (docs/cli.md's definition, as
// mime::Message::attachments(): files and enclosed messages in document order), one row
// each, for the message view's attachment bar. Nothing is decoded to list them: the size
// shown is estimated from the encoded size (exact for 7bit/8bit/binary and base64, the
// encoded size for quoted-printable), so a 50 MB attachment costs nothing until it is opened
// or saved.
class AttachmentModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        FileNameRole = Qt::UserRole + 1, // as given, or empty
        SizeRole,                        // qint64, decoded bytes (estimated)
        MimeTypeRole,                    // "image/png"
        IconNameRole,                    // freedesktop icon name: "image-png"
        GenericIconNameRole,             // "image-x-generic"
        PartPathRole,                    // IMAP section ("2.1"), to fetch or save the part
        ContentIdRole,                   // without brackets (RFC 2392)
        IsMessageRole,                   // message/rfc822: opens as a message
        IsInlineRole,                    // Content-Disposition: inline
    };

    explicit AttachmentModel(QObject *parent = nullptr);
    ~AttachmentModel() override;

    // Shows `message`'s attachments (the model keeps it alive while it lists them); null
    // clears the list.
    void setMessage(std::shared_ptr<const mime::Message> message);
    std::shared_ptr<const mime::Message> message() const { return m_message; }
    // The part behind a row, for opening or saving it; null when out of range.
    const mime::MessagePart *part(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The decoded size of a part, estimated from its encoded body without decoding it.
    static qint64 estimatedSize(const mime::MessagePart &part);

private:
    std::shared_ptr<const mime::Message> m_message;
    QList<const mime::MessagePart *> m_parts;
};

} // namespace magpie::models
