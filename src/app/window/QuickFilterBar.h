// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/MessageListQuery.h"

#include <QWidget>

class QLineEdit;
class QToolButton;

namespace magpie::app {

// The bar above the message list: quick filters (unread, flagged, with attachments) that
// narrow the folder's list at once, and the search field, whose Enter searches every folder
// (the results replace the list as a virtual folder until the search is cleared).
class QuickFilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit QuickFilterBar(QWidget *parent = nullptr);

    store::MessageListFilter filter() const;
    void setFilter(const store::MessageListFilter &filter);
    QString searchText() const;
    QLineEdit *searchField() const { return m_search; }
    // Clears the search field without announcing it (another folder was chosen).
    void clearSearch();

Q_SIGNALS:
    void filterChanged(const magpie::store::MessageListFilter &filter);
    void searchRequested(const QString &text);
    void searchCleared();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    QToolButton *addToggle(const QString &iconName);

    QToolButton *m_unread = nullptr;
    QToolButton *m_flagged = nullptr;
    QToolButton *m_attachments = nullptr;
    QLineEdit *m_search = nullptr;
    bool m_searching = false;
};

} // namespace magpie::app
