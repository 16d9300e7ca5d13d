// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/view/AttachmentCopies.h"

#include "app/view/AttachmentSaver.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;

namespace magpie::app {

AttachmentCopies::AttachmentCopies() = default;
AttachmentCopies::~AttachmentCopies() = default;

QString AttachmentCopies::copyOf(const mime::MessagePart &part, QString *error)
{
    const auto known = m_paths.constFind(&part);
    if (known != m_paths.cend() && QFile::exists(*known))
        return *known;
    if (!m_folder) {
        m_folder = std::make_unique<QTemporaryDir>(QDir::temp().filePath(u"magpie-XXXXXX"_s));
        if (!m_folder->isValid()) {
            *error = tr("Could not create a temporary folder: %1. Check the free space in %2.")
                         .arg(m_folder->errorString(), QDir::toNativeSeparators(QDir::tempPath()));
            m_folder.reset();
            return {};
        }
    }
    const QString subFolder = m_folder->filePath(QString::number(++m_written));
    if (!QDir().mkpath(subFolder)) {
        *error = tr("Could not create the temporary folder %1.")
                     .arg(QDir::toNativeSeparators(subFolder));
        return {};
    }
    const QString path = AttachmentSaver::saveInto(subFolder, AttachmentSaver::suggestedName(part),
                                                   AttachmentSaver::content(part), error);
    if (path.isEmpty())
        return {};
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::ReadUser);
    m_paths.insert(&part, path);
    return path;
}

void AttachmentCopies::forgetParts()
{
    m_paths.clear();
}

} // namespace magpie::app
