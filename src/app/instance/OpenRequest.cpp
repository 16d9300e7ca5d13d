// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/instance/OpenRequest.h"

#include <QFileInfo>
#include <QMimeDatabase>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

bool isMessageFile(const QString &path)
{
    const QFileInfo file(path);
    if (!file.isFile())
        return false;
    if (file.suffix().compare(u"eml"_s, Qt::CaseInsensitive) == 0)
        return true;
    // shared-mime-info (and Qt's copy of it) recognises RFC 5322 headers at the start.
    return QMimeDatabase().mimeTypeForFile(file).inherits(u"message/rfc822"_s);
}

} // namespace

std::optional<OpenRequest> OpenRequest::fromArgument(const QString &argument)
{
    if (argument.startsWith(u"mailto:"_s, Qt::CaseInsensitive)) {
        if (!QUrl(argument, QUrl::StrictMode).isValid())
            return std::nullopt;
        return OpenRequest{ Kind::Mailto, argument };
    }
    // Desktops pass files as paths (%f) or, with %u, as file: URLs. A path has no scheme, or a
    // Windows drive letter that QUrl reads as a one-letter scheme; any other scheme (https:,
    // smb:, ...) is not opened.
    const QUrl url(argument);
    if (!url.isLocalFile() && url.scheme().size() > 1)
        return std::nullopt;
    const QString path = url.isLocalFile() ? url.toLocalFile() : argument;
    if (!isMessageFile(path))
        return std::nullopt;
    return OpenRequest{ Kind::MessageFile, QFileInfo(path).absoluteFilePath() };
}

} // namespace magpie::app
