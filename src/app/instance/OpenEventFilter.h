// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/instance/OpenRequest.h"

#include <QObject>

namespace magpie::app {

// macOS does not pass a clicked mailto: link or a double-clicked .eml file on the command
// line: it sends the running application an open event (QFileOpenEvent), also at launch. This
// filter, installed on the application, turns those events into the same OpenRequests the
// command line gives, with the same checks (OpenRequest::fromArgument).
class OpenEventFilter : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

Q_SIGNALS:
    void openRequested(const magpie::app::OpenRequests &requests);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
};

} // namespace magpie::app
