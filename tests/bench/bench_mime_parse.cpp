// SPDX-License-Identifier: GPL-3.0-or-later
// MIME parse throughput: parse each message of a generated corpus, read its headers (subject,
// addresses, date) and decode every part (text to Unicode, files from base64), in memory.
// Prints MB/s and messages/s, then runs the GMime 3 program on the same files when built.
//
//   bench_mime_parse [--count N] [--keep DIR]
#include "MailCorpus.h"
#include "mime/Message.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>

using namespace magpie;

namespace {

qint64 parseAll(const QList<QByteArray> &messages)
{
    qint64 touched = 0; // keeps the work from being optimised away
    for (const QByteArray &data : messages) {
        const mime::Message message(data);
        touched += message.subject().size();
        touched += message.addresses("From").size() + message.addresses("To").size()
            + message.addresses("Cc").size();
        touched += message.date() ? 1 : 0;
        for (const mime::MessagePart *part : message.leafParts())
            touched += part->isText() ? part->text().text.size() : part->decodedBody().size();
    }
    return touched;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    int count = 2000;
    QString keep;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QStringLiteral("--count"))
            count = args[i + 1].toInt();
        else if (args[i] == QStringLiteral("--keep"))
            keep = args[i + 1];
    }

    const QList<QByteArray> messages = bench::MailCorpus::generate(count);
    qint64 bytes = 0;
    for (const QByteArray &m : messages)
        bytes += m.size();

    QTemporaryDir temporary;
    const QString dir = keep.isEmpty() ? temporary.path() : keep;
    QDir().mkpath(dir);
    for (int i = 0; i < messages.size(); ++i) {
        QFile file(dir + QStringLiteral("/%1.eml").arg(i, 5, 10, QLatin1Char('0')));
        if (!file.open(QIODevice::WriteOnly) || file.write(messages[i]) != messages[i].size()) {
            out << "cannot write the corpus to " << dir << Qt::endl;
            return 1;
        }
    }
    out << "corpus: " << messages.size() << " messages, " << QString::number(bytes / 1e6, 'f', 1)
        << " MB (plain latin-1, Shift_JIS, HTML newsletters, attachments up to 4 MB, forwards)" << Qt::endl;

    qint64 best = std::numeric_limits<qint64>::max();
    qint64 touched = 0;
    for (int run = 0; run < 3; ++run) {
        QElapsedTimer timer;
        timer.start();
        touched += parseAll(messages);
        best = std::min(best, timer.nsecsElapsed());
    }
    const double seconds = best / 1e9;
    const double magpieMBps = bytes / 1e6 / seconds;
    out << "magpie: " << QString::number(seconds, 'f', 3) << " s, "
        << QString::number(magpieMBps, 'f', 1) << " MB/s, "
        << QString::number(messages.size() / seconds, 'f', 0) << " messages/s"
        << " (best of 3; checksum " << touched % 1000 << ")" << Qt::endl;

#ifdef MAGPIE_GMIME_BENCH
    QProcess gmime;
    gmime.start(QStringLiteral(MAGPIE_GMIME_BENCH), { dir });
    if (!gmime.waitForFinished(600000) || gmime.exitCode() != 0) {
        out << "gmime: the comparison program failed: " << gmime.readAllStandardError() << Qt::endl;
        return 1;
    }
    const QByteArray line = gmime.readAllStandardOutput().trimmed();
    out << line << Qt::endl;
    const qsizetype at = line.indexOf(" MB/s");
    const qsizetype from = line.lastIndexOf(' ', at - 1);
    const double gmimeMBps = line.mid(from + 1, at - from - 1).toDouble();
    if (gmimeMBps > 0)
        out << "magpie / gmime throughput: " << QString::number(magpieMBps / gmimeMBps, 'f', 2)
            << "x (target: >= 1.00)" << Qt::endl;
#else
    out << "gmime: not built (install libgmime-3.0-dev for the comparison)" << Qt::endl;
#endif
    return 0;
}
