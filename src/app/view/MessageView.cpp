// SPDX-License-Identifier: GPL-3.0-or-later
// SCAFFOLD: the message-view helper replaces this.
#include "app/view/MessageView.h"

namespace magpie::app {

struct MessageView::Private
{
    QByteArray source;
};

MessageView::MessageView(QWidget *parent)
    : QWidget(parent)
    , d(std::make_unique<Private>())
{
}
MessageView::~MessageView() = default;
void MessageView::setPreferences(const Preferences &) { }
void MessageView::showMessage(const QByteArray &rfc5322) { d->source = rfc5322; }
void MessageView::showPlaceholder(const QString &) { }
void MessageView::clear() { d->source.clear(); }
const mime::Message *MessageView::message() const { return nullptr; }
QByteArray MessageView::source() const { return d->source; }
void MessageView::print(QPrinter *) const { }

} // namespace magpie::app
