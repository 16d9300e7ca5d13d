// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace magpie::mime {
class MessagePart;
}

namespace magpie::app {

// Writing an attachment to disk without trusting its sender (issue 7: "save (sanitized file
// name, never overwriting silently, no path traversal)"). The name a message gives is only a
// suggestion: it loses any folder part, control characters and characters that are not
// allowed in file names on Windows or macOS, leading dots (no hidden files, no "..") and
// Windows device names, and is cut to a length every file system takes.
class AttachmentSaver
{
    Q_DECLARE_TR_FUNCTIONS(magpie::app::AttachmentSaver)
public:
    // A name that is a single, ordinary file name. `fallback` is used when nothing is left
    // ("attachment.bin" for "../..").
    static QString safeFileName(const QString &suggested, const QString &fallback);

    // The name the message gives a part, or one made from its type ("attachment.pdf",
    // "Forwarded message.eml"); not yet safe.
    static QString suggestedName(const mime::MessagePart &part);
    // The bytes to write for a part: decoded from its transfer encoding; for an enclosed
    // message, the message itself (a .eml file).
    static QByteArray content(const mime::MessagePart &part);
    // Whether opening a file of this name and content would run it (programs, scripts,
    // launchers): such attachments are saved, never opened directly.
    static bool isRunnable(const QString &fileName, const QByteArray &data);

    // A path in `folder` for `fileName` (already safe) that no file uses yet: "report.pdf",
    // else "report (2).pdf", "report (3).pdf" ...
    static QString freePath(const QString &folder, const QString &fileName);

    // Writes `data` into `folder` under the safe form of `suggested`, never replacing a file
    // that exists (also when one appears meanwhile: the file is created exclusively). Returns
    // the path written, or an empty string with `error` set to a sentence for a person.
    static QString saveInto(const QString &folder, const QString &suggested, const QByteArray &data,
                            QString *error);

    // Writes `data` to `path`, which the person chose in a save dialog that already asked
    // before replacing a file. The old file is replaced only once the new one is complete.
    static bool saveAs(const QString &path, const QByteArray &data, QString *error);
};

} // namespace magpie::app
