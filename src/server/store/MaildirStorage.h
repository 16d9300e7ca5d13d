// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/store/MailStorage.h"

#include <memory>

namespace magpie::server {

class MaildirStorage
{
public:
    static std::unique_ptr<MailStorage> open(const QString &dir, StoreError *error);
};

} // namespace magpie::server
