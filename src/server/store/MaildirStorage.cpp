// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/store/MaildirStorage.h"

#include <QCoreApplication>

namespace magpie::server {

std::unique_ptr<MailStorage> MaildirStorage::open(const QString &, StoreError *error)
{
    *error = StoreError::make(StoreError::Io,
                              QCoreApplication::translate("magpie::server::MaildirStorage",
                                                          "Maildir storage is not available yet."));
    return nullptr;
}

} // namespace magpie::server
