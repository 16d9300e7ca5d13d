// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/AttachmentFile.h"

#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>

using namespace Qt::StringLiterals;

namespace magpie::cli {

std::optional<mime::Attachment> AttachmentFile::read(const QString &path, QString *error)
{
    const QFileInfo info(path);
    if (info.isDir()) {
        *error = tr("Cannot attach %1: it is a folder.").arg(path);
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot attach %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    mime::Attachment attachment;
    attachment.data = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        *error = tr("Cannot attach %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    attachment.fileName = info.fileName();
    const QMimeDatabase types;
    // An empty file says nothing by its contents (shared-mime-info would call it
    // application/x-zerosize, which means nothing to a recipient): go by its name alone.
    const QMimeType type = attachment.data.isEmpty()
        ? types.mimeTypeForFile(info.fileName(), QMimeDatabase::MatchExtension)
        : types.mimeTypeForFileNameAndData(info.fileName(), attachment.data);
    attachment.contentType = type.isValid() && !type.isDefault()
        ? type.name().toLatin1()
        : QByteArrayLiteral("application/octet-stream");
    return attachment;
}

} // namespace magpie::cli
