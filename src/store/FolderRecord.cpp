// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/FolderRecord.h"

namespace magpie::store {

QString FolderRecord::displayName() const
{
    if (delimiter.isNull())
        return path;
    const qsizetype cut = path.lastIndexOf(delimiter);
    // A trailing delimiter ("Lists/") names no child; show the path as it is.
    if (cut < 0 || cut == path.size() - 1)
        return path;
    return path.mid(cut + 1);
}

QString FolderRecord::parentPath() const
{
    if (delimiter.isNull())
        return {};
    const qsizetype cut = path.lastIndexOf(delimiter);
    if (cut <= 0 || cut == path.size() - 1)
        return {};
    return path.left(cut);
}

} // namespace magpie::store
