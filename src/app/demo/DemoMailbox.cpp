// SPDX-License-Identifier: GPL-3.0-or-later
// SCAFFOLD: the session helper replaces this with the real demo mailbox.
#include "app/demo/DemoMailbox.h"

namespace magpie::app {

struct DemoMailbox::Private
{
};

DemoMailbox::DemoMailbox(const QString &, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
}
DemoMailbox::~DemoMailbox() = default;
QString DemoMailbox::start() { return QStringLiteral("SCAFFOLD"); }
void DemoMailbox::stop() { }
bool DemoMailbox::isRunning() const { return false; }
sync::AccountConfig DemoMailbox::account() const { return {}; }
QString DemoMailbox::password() const { return {}; }
server::Server *DemoMailbox::server() const { return nullptr; }

} // namespace magpie::app
