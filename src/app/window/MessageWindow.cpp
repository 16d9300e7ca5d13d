// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/window/MessageWindow.h"

#include "app/compose/ComposerWindow.h"
#include "app/session/MailSession.h"
#include "app/view/MessageView.h"
#include "app/window/MessageFiles.h"
#include "app/window/MessageSourceDialog.h"
#include "app/window/ThemedIconEngine.h"
#include "mime/Message.h"
#include "ui_MessageWindow.h"

#include <QMessageBox>

namespace magpie::app {

MessageWindow::MessageWindow(MailSession &session, const QByteArray &source, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_ui(std::make_unique<Ui::MessageWindow>())
{
    setAttribute(Qt::WA_DeleteOnClose);
    m_ui->setupUi(this);
    m_ui->messageView->setPreferences(m_session.preferences());
    m_ui->messageView->showMessage(source);

    const mime::Message *message = m_ui->messageView->message();
    const QString subject = message ? message->subject() : QString();
    setWindowTitle(subject.isEmpty() ? tr("Message") : subject);

    m_ui->actionReply->setIcon(ThemedIconEngine::icon(QStringLiteral("reply")));
    m_ui->actionReplyAll->setIcon(ThemedIconEngine::icon(QStringLiteral("reply-all")));
    m_ui->actionForward->setIcon(ThemedIconEngine::icon(QStringLiteral("forward")));
    m_ui->actionPrint->setIcon(ThemedIconEngine::icon(QStringLiteral("print")));
    m_ui->actionSaveAs->setIcon(ThemedIconEngine::icon(QStringLiteral("save")));
    m_ui->actionReply->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_ui->actionReplyAll->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_ui->actionForward->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_ui->actionPrint->setShortcut(QKeySequence::Print);
    m_ui->actionSaveAs->setShortcut(QKeySequence::Save);
    m_ui->actionViewSource->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_U));
    m_ui->actionClose->setShortcut(QKeySequence::Close);
    const bool hasMessage = message != nullptr;
    for (QAction *action : { m_ui->actionReply, m_ui->actionReplyAll, m_ui->actionForward })
        action->setEnabled(hasMessage && !m_session.accounts().isEmpty());

    connect(m_ui->actionClose, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionReply, &QAction::triggered, this, [this] { reply(false); });
    connect(m_ui->actionReplyAll, &QAction::triggered, this, [this] { reply(true); });
    connect(m_ui->actionForward, &QAction::triggered, this, &MessageWindow::forward);
    connect(m_ui->actionPrint, &QAction::triggered, this,
            [this] { MessageFiles::print(this, *m_ui->messageView); });
    connect(m_ui->actionSaveAs, &QAction::triggered, this, [this, subject] {
        const QString error = MessageFiles::saveAs(this, m_ui->messageView->source(), subject);
        if (!error.isEmpty())
            QMessageBox::warning(this, tr("Save Message"), error);
    });
    connect(m_ui->actionViewSource, &QAction::triggered, this, [this, subject] {
        auto *dialog = new MessageSourceDialog(subject, m_ui->messageView->source(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    connect(m_ui->messageView, &MessageView::composeTo, this, [this](const QString &mailbox) {
        auto *composer = new ComposerWindow(m_session);
        composer->startTo(mailbox);
        composer->show();
    });
    connect(m_ui->messageView, &MessageView::composeMailto, this, [this](const QUrl &mailto) {
        auto *composer = new ComposerWindow(m_session);
        if (!composer->startFromMailto(mailto))
            composer->deleteLater(); // not a mailto: link Magpie can read; nothing to write
        else
            composer->show();
    });
}

MessageWindow::~MessageWindow() = default;

MessageView *MessageWindow::messageView() const
{
    return m_ui->messageView;
}

void MessageWindow::reply(bool all)
{
    const mime::Message *message = m_ui->messageView->message();
    if (!message)
        return;
    auto *composer = new ComposerWindow(m_session);
    composer->startReply(*message, all ? ComposerWindow::ReplyTo::All : ComposerWindow::ReplyTo::Sender);
    composer->show();
}

void MessageWindow::forward()
{
    const mime::Message *message = m_ui->messageView->message();
    if (!message)
        return;
    auto *composer = new ComposerWindow(m_session);
    composer->startForward(*message, ComposerWindow::ForwardAs::Inline);
    composer->show();
}

} // namespace magpie::app
