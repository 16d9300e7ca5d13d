// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mime/MessageBuilder.h"

#include <QAbstractListModel>
#include <QCoreApplication>
#include <QList>
#include <QStringList>
#include <QUrl>

namespace magpie::app {

// The files the composer will send, in the order added, each listed with its name, size and
// type icon (the attachment list under the body). A file is read when it is added, as KMail
// does: what was attached is what is sent and what every autosaved draft holds, even if the
// file changes or goes away afterwards.
class OutgoingAttachments : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        SizeRole = Qt::UserRole + 1, // qint64 bytes
        ContentTypeRole,             // QString "application/pdf"
        PathRole,                    // QString local path; empty for forwarded parts
    };

    explicit OutgoingAttachments(QObject *parent = nullptr);

    // Adds local files (file: URLs). Folders, unreadable files and other URLs are skipped,
    // each with a sentence in the returned list; a file already attached is not added twice.
    QStringList addFiles(const QList<QUrl> &files);
    // Adds an attachment already in memory (a forwarded file or message).
    void add(const mime::Attachment &attachment);
    void remove(int row);
    void clear();

    const QList<mime::Attachment> &attachments() const { return m_attachments; }
    bool isEmpty() const { return m_attachments.isEmpty(); }
    qint64 totalBytes() const;

    // "12 KB", "3.4 MB": sizes as the list shows them.
    static QString sizeText(qint64 bytes);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

Q_SIGNALS:
    void changed();

private:
    QList<mime::Attachment> m_attachments;
    QStringList m_paths; // parallel to m_attachments
};

} // namespace magpie::app
