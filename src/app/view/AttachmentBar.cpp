// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/view/AttachmentBar.h"

#include "app/view/AttachmentListModel.h"
#include "app/view/AttachmentSaver.h"
#include "mime/Message.h"
#include "models/AttachmentModel.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QStandardPaths>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace magpie::app {

AttachmentBar::AttachmentBar(QWidget *parent)
    : QWidget(parent)
    , m_model(new models::AttachmentModel(this))
    , m_listModel(new AttachmentListModel([this](int row) { return copyOf(row); }, this))
    , m_summary(new QLabel(this))
    , m_saveAll(new QToolButton(this))
    , m_list(new QListView(this))
    , m_lastFolder(QStandardPaths::writableLocation(QStandardPaths::DownloadLocation))
{
    m_listModel->setSourceModel(m_model);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    auto *top = new QHBoxLayout;
    m_summary->setObjectName(u"attachmentSummary"_s);
    m_saveAll->setObjectName(u"saveAllAttachments"_s);
    m_saveAll->setText(tr("Save All..."));
    m_saveAll->setIcon(
        QIcon::fromTheme(u"document-save-all"_s, QIcon::fromTheme(u"document-save"_s)));
    m_saveAll->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    top->addWidget(m_summary, 1);
    top->addWidget(m_saveAll);
    layout->addLayout(top);

    m_list->setObjectName(u"attachmentList"_s);
    m_list->setModel(m_listModel);
    m_list->setFlow(QListView::LeftToRight);
    m_list->setWrapping(true);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setSpacing(2);
    m_list->setUniformItemSizes(false);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setDragEnabled(true);
    m_list->setDragDropMode(QAbstractItemView::DragOnly);
    m_list->setDefaultDropAction(Qt::CopyAction);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    m_list->setMaximumHeight(m_list->fontMetrics().height() * 5);
    layout->addWidget(m_list);

    connect(m_saveAll, &QToolButton::clicked, this, &AttachmentBar::saveAll);
    connect(m_list, &QListView::activated, this,
            [this](const QModelIndex &index) { openAttachment(index.row()); });
    connect(m_list, &QListView::customContextMenuRequested, this, &AttachmentBar::showContextMenu);
    setVisible(false);
}

AttachmentBar::~AttachmentBar() = default;

void AttachmentBar::setMessage(std::shared_ptr<const mime::Message> message)
{
    m_copies.forgetParts();
    m_message = message;
    m_model->setMessage(std::move(message));
    const int rows = m_model->rowCount();
    qint64 total = 0;
    for (int row = 0; row < rows; ++row)
        total += m_model->data(m_model->index(row), models::AttachmentModel::SizeRole).toLongLong();
    m_summary->setText(
        tr("%n attachment(s), %1", nullptr, rows).arg(QLocale().formattedDataSize(total)));
    m_saveAll->setEnabled(rows > 0);
    setVisible(rows > 0);
}

int AttachmentBar::count() const
{
    return m_model->rowCount();
}

QString AttachmentBar::copyOf(int row)
{
    const mime::MessagePart *part = m_model->part(row);
    if (!part)
        return {};
    QString error;
    const QString path = m_copies.copyOf(*part, &error);
    if (path.isEmpty())
        showError(error);
    return path;
}

void AttachmentBar::openAttachment(int row)
{
    const mime::MessagePart *part = m_model->part(row);
    if (!part)
        return;
    const QString name = AttachmentSaver::suggestedName(*part);
    if (AttachmentSaver::isRunnable(name, AttachmentSaver::content(*part))) {
        showError(tr("%1 is a program or a script. Magpie does not start programs from messages: "
                     "save it, and run it only if you trust its sender.")
                      .arg(name));
        return;
    }
    const QString path = copyOf(row);
    if (path.isEmpty())
        return;
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(path)))
        showError(tr("No program is set up to open %1. Save it and open it from your file manager.")
                      .arg(name));
}

void AttachmentBar::saveAttachment(int row)
{
    const mime::MessagePart *part = m_model->part(row);
    if (!part)
        return;
    const QString name =
        AttachmentSaver::safeFileName(AttachmentSaver::suggestedName(*part), tr("attachment"));
    auto *dialog = new QFileDialog(this, tr("Save Attachment"), m_lastFolder);
    dialog->setObjectName(u"saveAttachmentDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    dialog->selectFile(name);
    // The dialog asks before replacing a file (QFileDialog::DontConfirmOverwrite is not set).
    const std::shared_ptr<const mime::Message> keep = m_message;
    connect(dialog, &QFileDialog::fileSelected, this, [this, keep, part](const QString &path) {
        m_lastFolder = QFileInfo(path).absolutePath();
        QString error;
        if (AttachmentSaver::saveAs(path, AttachmentSaver::content(*part), &error))
            Q_EMIT saved({ path });
        else
            showError(error);
    });
    dialog->open();
}

void AttachmentBar::saveAll()
{
    if (count() == 0)
        return;
    auto *dialog = new QFileDialog(this, tr("Save All Attachments"), m_lastFolder);
    dialog->setObjectName(u"saveAllAttachmentsDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &folder) {
        m_lastFolder = folder;
        saveAllInto(folder);
    });
    dialog->open();
}

QStringList AttachmentBar::saveAllInto(const QString &folder)
{
    QStringList written;
    QStringList errors;
    for (int row = 0; row < count(); ++row) {
        const mime::MessagePart *part = m_model->part(row);
        QString error;
        const QString path = AttachmentSaver::saveInto(
            folder, AttachmentSaver::suggestedName(*part), AttachmentSaver::content(*part), &error);
        if (path.isEmpty())
            errors << error;
        else
            written << path;
    }
    if (!errors.isEmpty())
        showError(errors.join(u'\n'));
    if (!written.isEmpty())
        Q_EMIT saved(written);
    return written;
}

void AttachmentBar::showError(const QString &text)
{
    auto *box =
        new QMessageBox(QMessageBox::Warning, tr("Attachment"), text, QMessageBox::Ok, this);
    box->setObjectName(u"attachmentError"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void AttachmentBar::showContextMenu(const QPoint &position)
{
    const QModelIndex index = m_list->indexAt(position);
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    if (index.isValid()) {
        const int row = index.row();
        menu->addAction(QIcon::fromTheme(u"document-open"_s), tr("&Open"), this,
                        [this, row] { openAttachment(row); });
        menu->addAction(QIcon::fromTheme(u"document-save-as"_s), tr("&Save As..."), this,
                        [this, row] { saveAttachment(row); });
    }
    menu->addAction(QIcon::fromTheme(u"document-save-all"_s), tr("Save &All..."), this,
                    &AttachmentBar::saveAll);
    menu->popup(m_list->viewport()->mapToGlobal(position));
}

} // namespace magpie::app
