// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include <memory>

namespace magpie::app {

class MailSession;

// The outbox as the person sees it (issue 7: "the outbox is visible with its retry state"):
// every message waiting to be sent, with its state (waiting, sending, waiting to retry after
// N failed attempts and when, refused with the server's words, or unconfirmed), kept
// current through MailCache::outboxChanged. A failed or unconfirmed message can be tried
// again (only the person decides for an unconfirmed one: the server may already have it,
// RFC 1047) or discarded.
class OutboxView : public QWidget
{
    Q_OBJECT
public:
    explicit OutboxView(MailSession &session, QWidget *parent = nullptr);
    ~OutboxView() override;

    // Reads the outbox again (done on every outboxChanged).
    void refresh();

private:
    void retrySelected();
    void discardSelected();
    void selectionChanged();

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace magpie::app
