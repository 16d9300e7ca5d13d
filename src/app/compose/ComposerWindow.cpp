// SPDX-License-Identifier: GPL-3.0-or-later
// SCAFFOLD: the composer helper replaces this.
#include "app/compose/ComposerWindow.h"

namespace magpie::app {

struct ComposerWindow::Private
{
};

ComposerWindow::ComposerWindow(MailSession &, const QString &, QWidget *parent)
    : QMainWindow(parent)
    , d(std::make_unique<Private>())
{
    setAttribute(Qt::WA_DeleteOnClose);
}
ComposerWindow::~ComposerWindow() = default;
void ComposerWindow::startReply(const mime::Message &, ReplyTo) { }
void ComposerWindow::startForward(const mime::Message &, ForwardAs) { }
bool ComposerWindow::startFromMailto(const QUrl &) { return false; }
void ComposerWindow::attachFiles(const QList<QUrl> &) { }

} // namespace magpie::app
