// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/window/MessageFiles.h"

#include "app/view/MessageView.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QLocale>
#include <QPrintDialog>
#include <QPrinter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>

namespace magpie::app {

QString MessageFiles::suggestedFileName(const QString &subject)
{
    QString name = subject;
    static const QRegularExpression unsafe(QStringLiteral("[\\\\/:*?\"<>|\\x00-\\x1f\\x7f]"));
    name.replace(unsafe, QStringLiteral(" "));
    name = name.simplified();
    // No hidden files, and nothing that reads as "." or "..".
    static const QRegularExpression leadingDots(QStringLiteral("^[.\\s]+"));
    name.remove(leadingDots);
    name = name.left(100).trimmed();
    if (name.isEmpty())
        name = tr("message");
    return name + QStringLiteral(".eml");
}

QString MessageFiles::write(const QString &path, const QByteArray &source)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(source) != source.size() || !file.commit())
        return tr("The message could not be saved to %1: %2. Choose another folder.")
            .arg(QDir::toNativeSeparators(path), file.errorString());
    return {};
}

QString MessageFiles::saveAs(QWidget *parent, const QByteArray &source, const QString &subject)
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(
        parent, tr("Save Message"), QDir(folder).filePath(suggestedFileName(subject)),
        tr("Mail messages (*.eml);;All files (*)"));
    if (path.isEmpty())
        return {};
    return write(path, source);
}

bool MessageFiles::read(const QString &path, QByteArray *source, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("%1 could not be opened: %2.").arg(QDir::toNativeSeparators(path),
                                                       file.errorString());
        return false;
    }
    if (file.size() > kMaxEmlBytes) {
        *error = tr("%1 is larger than %2 and is probably not a mail message.")
                     .arg(QDir::toNativeSeparators(path),
                          QLocale().formattedDataSize(kMaxEmlBytes));
        return false;
    }
    *source = file.readAll();
    if (source->trimmed().isEmpty()) {
        *error = tr("%1 is empty.").arg(QDir::toNativeSeparators(path));
        return false;
    }
    return true;
}

void MessageFiles::print(QWidget *parent, const MessageView &view)
{
    QPrinter printer(QPrinter::HighResolution);
    QPrintDialog dialog(&printer, parent);
    dialog.setWindowTitle(tr("Print Message"));
    if (dialog.exec() != QDialog::Accepted)
        return;
    view.print(&printer);
}

} // namespace magpie::app
