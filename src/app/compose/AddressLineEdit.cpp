// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/compose/AddressLineEdit.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QKeyEvent>
#include <QStringListModel>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

// Where the address under the cursor starts: after the last comma outside a quoted name.
qsizetype tokenStart(const QString &text, qsizetype cursor)
{
    bool quoted = false;
    qsizetype start = 0;
    for (qsizetype i = 0; i < cursor && i < text.size(); ++i) {
        if (text.at(i) == u'"')
            quoted = !quoted;
        else if (text.at(i) == u',' && !quoted)
            start = i + 1;
    }
    return start;
}

} // namespace

AddressLineEdit::AddressLineEdit(QWidget *parent)
    : QLineEdit(parent)
    , m_completer(new QCompleter(this))
    , m_addresses(new QStringListModel(this))
{
    m_completer->setModel(m_addresses);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setWidget(this);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
            &AddressLineEdit::insertCompletion);
    connect(this, &QLineEdit::textEdited, this, &AddressLineEdit::updateCompletion);
}

void AddressLineEdit::setKnownAddresses(const QStringList &addresses)
{
    m_addresses->setStringList(addresses);
}

QString AddressLineEdit::currentAddressPrefix() const
{
    const QString all = text();
    const qsizetype start = tokenStart(all, cursorPosition());
    return all.mid(start, cursorPosition() - start).trimmed();
}

void AddressLineEdit::keyPressEvent(QKeyEvent *event)
{
    // While the list is open, these keys belong to it (QCompleter's own handling).
    if (m_completer->popup()->isVisible()) {
        switch (event->key()) {
        case Qt::Key_Enter:
        case Qt::Key_Return:
        case Qt::Key_Escape:
        case Qt::Key_Tab:
        case Qt::Key_Backtab:
            event->ignore();
            return;
        default:
            break;
        }
    }
    QLineEdit::keyPressEvent(event);
}

void AddressLineEdit::updateCompletion(const QString &)
{
    const QString prefix = currentAddressPrefix();
    if (prefix.size() < 1) {
        m_completer->popup()->hide();
        return;
    }
    m_completer->setCompletionPrefix(prefix);
    if (m_completer->completionCount() == 0) {
        m_completer->popup()->hide();
        return;
    }
    m_completer->complete();
}

void AddressLineEdit::insertCompletion(const QString &completion)
{
    const QString all = text();
    const qsizetype cursor = cursorPosition();
    const qsizetype start = tokenStart(all, cursor);
    // Keep what follows the address being typed (up to its comma) out: it is replaced.
    qsizetype end = all.indexOf(u',', cursor);
    const QString after = end < 0 ? QString() : all.mid(end + 1).trimmed();
    QString before = all.left(start).trimmed();
    if (!before.isEmpty() && !before.endsWith(u','))
        before += u',';
    QString result = before.isEmpty() ? QString() : before + u' ';
    result += completion + u", "_s;
    const qsizetype newCursor = result.size();
    if (!after.isEmpty())
        result += after;
    setText(result);
    setCursorPosition(int(newCursor));
}

} // namespace magpie::app
