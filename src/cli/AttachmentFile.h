// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mime/MessageBuilder.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace magpie::cli {

// A file named by `magpie-cli send --attach FILE`, read whole: its name (without the folder)
// for the recipient and a content type guessed from its name and contents (QMimeDatabase,
// the shared-mime-info database), application/octet-stream when nothing fits.
class AttachmentFile
{
    Q_DECLARE_TR_FUNCTIONS(magpie::cli::AttachmentFile)
public:
    static std::optional<mime::Attachment> read(const QString &path, QString *error);
};

} // namespace magpie::cli
