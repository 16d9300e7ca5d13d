// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/view/AttachmentCopies.h"

#include <QWidget>

#include <memory>

class QLabel;
class QListView;
class QToolButton;

namespace magpie::mime {
class Message;
}
namespace magpie::models {
class AttachmentModel;
}

namespace magpie::app {

class AttachmentListModel;

// The attachments of the message shown, below its text: icon, name and size of each; open
// (a temporary copy handed to the desktop's program for its type; programs and scripts are
// not opened, only saved), save (a save dialog with the safe name, which asks before
// replacing a file), save all (into a chosen folder, never replacing a file: "name (2).ext"),
// and drag out to a file manager or the desktop. Hidden when there are none.
class AttachmentBar : public QWidget
{
    Q_OBJECT
public:
    explicit AttachmentBar(QWidget *parent = nullptr);
    ~AttachmentBar() override;

    void setMessage(std::shared_ptr<const mime::Message> message);
    int count() const;

    void openAttachment(int row);
    // Opens a save dialog (window-modal, not blocking) for one attachment / for all of them.
    void saveAttachment(int row);
    void saveAll();
    // Saves every attachment into `folder`; returns the paths written. Errors are shown.
    QStringList saveAllInto(const QString &folder);

Q_SIGNALS:
    // A file was written by Save or Save all (for the status bar and the tests).
    void saved(const QStringList &paths);

private:
    QString copyOf(int row);
    void showError(const QString &text);
    void showContextMenu(const QPoint &position);

    std::shared_ptr<const mime::Message> m_message;
    models::AttachmentModel *m_model;
    AttachmentListModel *m_listModel;
    QLabel *m_summary;
    QToolButton *m_saveAll;
    QListView *m_list;
    AttachmentCopies m_copies;
    QString m_lastFolder;
};

} // namespace magpie::app
