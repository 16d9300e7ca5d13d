// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/compose/OutboxView.h"

#include "app/session/MailSession.h"
#include "store/MailCache.h"
#include "store/OutboxQueue.h"

#include "ui_OutboxView.h"

#include <QLocale>
#include <QMessageBox>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

constexpr int idRole = Qt::UserRole + 1;
constexpr int accountRole = Qt::UserRole + 2;
constexpr int stateRole = Qt::UserRole + 3;

QString stateText(const store::OutboxEntry &entry)
{
    using State = store::OutboxEntry::State;
    switch (entry.state) {
    case State::Queued:
        return entry.attempts == 0 ? OutboxView::tr("Waiting to be sent")
                                   : OutboxView::tr("Will retry (%n failed attempt(s))", "", entry.attempts);
    case State::Sending:
        return OutboxView::tr("Sending");
    case State::Unconfirmed:
        return OutboxView::tr("Perhaps sent");
    case State::Failed:
        return OutboxView::tr("Refused");
    case State::Sent:
        return OutboxView::tr("Sent, being filed in Sent");
    }
    return {};
}

QString detailText(const store::OutboxEntry &entry)
{
    using State = store::OutboxEntry::State;
    if (entry.state == State::Queued && entry.attempts > 0 && entry.nextAttempt.isValid()) {
        const QString when = QLocale().toString(entry.nextAttempt.toLocalTime(), QLocale::ShortFormat);
        return entry.lastError.isEmpty() ? OutboxView::tr("Next attempt at %1.").arg(when)
                                         : OutboxView::tr("Next attempt at %1. %2").arg(when, entry.lastError);
    }
    if (entry.state == State::Unconfirmed) {
        return OutboxView::tr("The connection ended before the server confirmed. It may have "
                              "the message; retry only if the recipients did not get it. %1")
            .arg(entry.lastError);
    }
    return entry.lastError;
}

} // namespace

struct OutboxView::Private
{
    explicit Private(MailSession &s)
        : session(s)
    {
    }
    MailSession &session;
    Ui::OutboxView ui;
};

OutboxView::OutboxView(MailSession &session, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , d(std::make_unique<Private>(session))
{
    setAttribute(Qt::WA_DeleteOnClose);
    d->ui.setupUi(this);
    d->ui.outboxList->header()->setStretchLastSection(true);
    connect(d->ui.closeButton, &QPushButton::clicked, this, &QWidget::close);
    connect(d->ui.retryButton, &QPushButton::clicked, this, &OutboxView::retrySelected);
    connect(d->ui.discardButton, &QPushButton::clicked, this, &OutboxView::discardSelected);
    connect(d->ui.outboxList, &QTreeWidget::itemSelectionChanged, this, &OutboxView::selectionChanged);
    connect(&session.cache(), &store::MailCache::outboxChanged, this, &OutboxView::refresh);
    refresh();
}

OutboxView::~OutboxView() = default;

void OutboxView::refresh()
{
    QList<qint64> selected;
    const QList<QTreeWidgetItem *> selectedItems = d->ui.outboxList->selectedItems();
    for (const QTreeWidgetItem *item : selectedItems)
        selected.append(item->data(0, idRole).toLongLong());

    d->ui.outboxList->clear();
    const QList<store::OutboxEntry> entries = d->session.cache().isOpen()
        ? store::OutboxQueue(d->session.cache()).entries()
        : QList<store::OutboxEntry>();
    for (const store::OutboxEntry &entry : entries) {
        auto *item = new QTreeWidgetItem(d->ui.outboxList);
        QStringList recipients;
        for (const QByteArray &recipient : entry.recipients)
            recipients.append(QString::fromUtf8(recipient));
        item->setText(0, entry.subject.isEmpty() ? tr("(no subject)") : entry.subject);
        item->setText(1, recipients.join(u", "_s));
        item->setText(2, stateText(entry));
        item->setText(3, detailText(entry));
        item->setToolTip(3, detailText(entry));
        item->setData(0, idRole, entry.id);
        item->setData(0, accountRole, entry.accountId);
        item->setData(0, stateRole, int(entry.state));
        if (selected.contains(entry.id))
            item->setSelected(true);
    }
    d->ui.summaryLabel->setText(
        entries.isEmpty() ? tr("The outbox is empty: everything written has been sent.")
                          : tr("%n message(s) waiting to be sent.", "", int(entries.size())));
    selectionChanged();
}

void OutboxView::selectionChanged()
{
    using State = store::OutboxEntry::State;
    bool canRetry = false;
    bool canDiscard = false;
    const QList<QTreeWidgetItem *> items = d->ui.outboxList->selectedItems();
    for (const QTreeWidgetItem *item : items) {
        const auto state = State(item->data(0, stateRole).toInt());
        canRetry = canRetry || state == State::Failed || state == State::Unconfirmed
            || (state == State::Queued && item->data(0, idRole).isValid());
        canDiscard = canDiscard || state != State::Sending;
    }
    d->ui.retryButton->setEnabled(canRetry);
    d->ui.discardButton->setEnabled(canDiscard);
}

void OutboxView::retrySelected()
{
    using State = store::OutboxEntry::State;
    store::OutboxQueue queue(d->session.cache());
    QStringList accounts;
    QStringList problems;
    const QList<QTreeWidgetItem *> items = d->ui.outboxList->selectedItems();
    for (const QTreeWidgetItem *item : items) {
        const auto state = State(item->data(0, stateRole).toInt());
        const QString accountId = item->data(0, accountRole).toString();
        // A Queued one waiting for its retry time is simply due now: the runtime is woken.
        if (state == State::Failed || state == State::Unconfirmed) {
            const store::StoreError error = queue.retryNow(item->data(0, idRole).toLongLong(),
                                                           QDateTime::currentDateTimeUtc());
            if (error.code != store::StoreError::None)
                problems.append(error.message);
        } else if (state == State::Queued) {
            queue.retryNow(item->data(0, idRole).toLongLong(), QDateTime::currentDateTimeUtc());
        }
        if (!accounts.contains(accountId))
            accounts.append(accountId);
    }
    for (const QString &accountId : std::as_const(accounts)) {
        if (sync::AccountRuntime *runtime = d->session.runtime(accountId))
            runtime->outboxChanged();
    }
    if (!problems.isEmpty()) {
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Not retried"), problems.join(u'\n'),
                                    QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
}

void OutboxView::discardSelected()
{
    QList<qint64> ids;
    const QList<QTreeWidgetItem *> items = d->ui.outboxList->selectedItems();
    for (const QTreeWidgetItem *item : items)
        ids.append(item->data(0, idRole).toLongLong());
    if (ids.isEmpty())
        return;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Discard messages?"),
                                tr("Discard %n unsent message(s)? They will not be sent, and "
                                   "cannot be recovered.", "", int(ids.size())),
                                QMessageBox::Discard | QMessageBox::Cancel, this);
    box->setObjectName(u"discardQuestion"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::finished, this, [this, box, ids] {
        if (box->standardButton(box->clickedButton()) != QMessageBox::Discard)
            return;
        store::OutboxQueue queue(d->session.cache());
        QStringList problems;
        for (const qint64 id : ids) {
            const store::StoreError error = queue.discard(id);
            if (error.code != store::StoreError::None && error.code != store::StoreError::NotFound)
                problems.append(error.message);
        }
        if (!problems.isEmpty()) {
            auto *warning = new QMessageBox(QMessageBox::Warning, tr("Not discarded"),
                                            problems.join(u'\n'), QMessageBox::Ok, this);
            warning->setAttribute(Qt::WA_DeleteOnClose);
            warning->open();
        }
        refresh();
    });
    box->open();
}

} // namespace magpie::app
