// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QString>

#include <memory>

class QTemporaryDir;

namespace magpie::mime {
class MessagePart;
}

namespace magpie::app {

// Temporary copies of attachments, for opening them in another program and for dragging them
// out: each in its own sub-folder of a private temporary folder (so two "image.png" never
// collide), under its safe name, read-only (an edit in the other program cannot be mistaken
// for a change to the message). They stay until Magpie quits, because the program they were
// handed to may still be reading them.
class AttachmentCopies
{
    Q_DECLARE_TR_FUNCTIONS(magpie::app::AttachmentCopies)
public:
    AttachmentCopies();
    ~AttachmentCopies();

    // The path of the copy of `part`, written on first use; empty with `error` set when it
    // could not be written.
    QString copyOf(const mime::MessagePart &part, QString *error);
    // Another message is shown: its parts are other objects, even at the same address.
    void forgetParts();

private:
    std::unique_ptr<QTemporaryDir> m_folder;
    QHash<const mime::MessagePart *, QString> m_paths;
    int m_written = 0;
};

} // namespace magpie::app
