// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

class QWidget;

namespace magpie::app {

class MessageView;

// Messages as files: File > Save As (.eml, RFC 5322 text as received), File > Open (.eml into
// a window of its own) and File > Print (through the message view), shared by the main window
// and the message windows.
class MessageFiles
{
    Q_DECLARE_TR_FUNCTIONS(magpie::app::MessageFiles)
public:
    // Messages larger than this are not opened from files (a mistaken choice of a disk image
    // should not freeze the window).
    static constexpr qint64 kMaxEmlBytes = 64 * 1024 * 1024;

    // "Re: Budget 2027?" -> "Re Budget 2027.eml": no path separators, no characters that are
    // invalid on Windows or FAT, no leading dots, at most 100 characters.
    static QString suggestedFileName(const QString &subject);

    // Asks where to save (the dialog confirms before replacing a file) and writes atomically.
    // Returns an error sentence, or an empty string (also when the person cancelled).
    static QString saveAs(QWidget *parent, const QByteArray &source, const QString &subject);
    static QString write(const QString &path, const QByteArray &source);

    // Reads a message file. Returns false with `error` set when it cannot.
    static bool read(const QString &path, QByteArray *source, QString *error);

    // Asks for a printer and prints the message shown in `view`.
    static void print(QWidget *parent, const MessageView &view);
};

} // namespace magpie::app
