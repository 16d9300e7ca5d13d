// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/instance/OpenEventFilter.h"

#include <QFileOpenEvent>

namespace magpie::app {

bool OpenEventFilter::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::FileOpen)
        return QObject::eventFilter(watched, event);
    const QUrl url = static_cast<QFileOpenEvent *>(event)->url();
    const QString argument = url.isLocalFile() ? url.toLocalFile() : url.toString();
    // Anything but a mailto: link or a message file is refused here exactly as on the command
    // line; the event is taken either way, so nothing else opens it.
    if (const std::optional<OpenRequest> request = OpenRequest::fromArgument(argument))
        Q_EMIT openRequested({ *request });
    return true;
}

} // namespace magpie::app
