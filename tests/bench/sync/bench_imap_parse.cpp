// SPDX-License-Identifier: GPL-3.0-or-later
// How fast net reads a first sync's FETCH response: the bytes Dovecot sends for
// "UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE MODSEQ
// BODY.PEEK[HEADER.FIELDS (REFERENCES)])" over 100,000 messages, fed the way ImapSession
// feeds them (ImapInputSplitter cuts lines and literal pieces, ImapResponseParser frames and
// parses, decode::fetch makes FetchedMessages, ImapSummaryReader::read makes the rows the
// sync stores), next to the time a bare socket took to read them. The parse must take well
// under the read for the sync to reach 1.3x the bare read.
//
//   bench_imap_parse [--messages N] [--save FILE]   start Dovecot (root), fill, capture, measure
//   bench_imap_parse --input FILE                  measure a capture made before
//   bench_imap_parse --input FILE --dump OUT       write everything the path made of each
//                                                  response (values, errors, FetchedMessage,
//                                                  summary) as text, to compare two builds
//   options: --repeat R (best of R, default 3), --chunk BYTES (socket read size, default 65536)
#include "DovecotBench.h"

#include "net/ProtocolLog.h"
#include "net/imap/FetchedMessage.h"
#include "net/imap/ImapInputSplitter.h"
#include "net/imap/ImapResponseParser.h"
#include "sync/ImapSummaryReader.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>

#include <algorithm>
#include <cstdio>

using namespace magpie;
using namespace magpie::bench;
using namespace Qt::StringLiterals;

namespace {

struct Totals
{
    qint64 responses = 0;
    qint64 fetches = 0;
    qint64 bad = 0;
    quint64 checksum = 0; // keeps the decoded data alive for the optimizer
};

enum class Stage { Frame, Decode, Summary };

// Feeds the capture to `parser` as ImapSession::onReceived() walks socket reads of `chunk`
// bytes, and hands every response to `onResponse`.
template<typename OnResponse>
void forEachResponse(const QByteArray &capture, qsizetype chunk, net::ProtocolLog &log,
                     imap::ImapResponseParser &parser, OnResponse onResponse)
{
    imap::ImapInputSplitter splitter(&log);
    for (qsizetype at = 0; at < capture.size(); at += chunk) {
        const QByteArrayView read = QByteArrayView(capture).sliced(at, std::min(chunk, capture.size() - at));
        qsizetype position = 0;
        while (position < read.size()) {
            const QByteArrayView rest = read.sliced(position);
            const qsizetype size = splitter.take(rest);
            parser.feed(rest.first(size));
            position += size;
            while (std::optional<imap::ImapResponse> response = parser.next())
                onResponse(*response);
        }
    }
}

// One pass over the capture, up to `stage`.
Totals parseOnce(const QByteArray &capture, qsizetype chunk, Stage stage, bool logEnabled)
{
    net::ProtocolLog log;
    log.setEnabled(logEnabled);
    imap::ImapResponseParser parser;
    Totals totals;
    forEachResponse(capture, chunk, log, parser, [&totals, stage](const imap::ImapResponse &response) {
        ++totals.responses;
        if (response.name != "FETCH")
            return;
        ++totals.fetches;
        if (stage == Stage::Frame) {
            totals.checksum += quint64(response.data.size());
            return;
        }
        const auto message = imap::decode::fetch(response);
        if (!message) {
            ++totals.bad;
            return;
        }
        totals.checksum += message->uid + quint64(message->envelope ? message->envelope->subject.size() : 0);
        if (stage == Stage::Summary) {
            // As ImapFolderSyncTask's batch does with each message that has an envelope.
            const store::MessageSummary summary = sync::ImapSummaryReader::read(*message, 1);
            totals.checksum += quint64(summary.references.size()) + summary.flags.bits
                + quint64(summary.hasAttachments) + quint64(summary.date.toSecsSinceEpoch());
        }
    });
    return totals;
}

// ---- --dump: every result of the path as text, so that two builds can be diffed ----------

void dumpValue(QByteArray &out, const imap::ImapValue &value)
{
    switch (value.kind) {
    case imap::ImapValue::Kind::Nil:
        out += "NIL";
        break;
    case imap::ImapValue::Kind::Number:
        out += "#" + QByteArray::number(value.number) + "/" + value.bytes;
        break;
    case imap::ImapValue::Kind::Atom:
        out += "a:" + value.bytes;
        break;
    case imap::ImapValue::Kind::String:
        out += (value.binary ? "b" : "s") + QByteArray::number(value.bytes.size()) + ":"
            + value.bytes.toHex();
        break;
    case imap::ImapValue::Kind::List:
        out += '(';
        for (const imap::ImapValue &element : value.list) {
            dumpValue(out, element);
            out += ' ';
        }
        out += ')';
        break;
    }
}

QByteArray text(const QString &string)
{
    return string.toUtf8().toHex();
}

QByteArray dateText(const QDateTime &date)
{
    if (!date.isValid())
        return "invalid";
    return date.toString(Qt::ISODateWithMs).toUtf8() + "/" + QByteArray::number(date.offsetFromUtc())
        + "/" + QByteArray::number(int(date.timeSpec())) + "/" + QByteArray::number(date.toMSecsSinceEpoch());
}

void dumpMailboxes(QByteArray &out, const char *label, const QList<mime::Mailbox> &list)
{
    out += label;
    for (const mime::Mailbox &mailbox : list)
        out += " [" + text(mailbox.name) + "|" + text(mailbox.address) + "]";
    out += '\n';
}

void dumpEnvelope(QByteArray &out, const imap::Envelope &envelope)
{
    out += "  date " + dateText(envelope.date) + " raw " + envelope.rawDate.toHex() + "\n";
    out += "  subject " + text(envelope.subject) + "\n";
    dumpMailboxes(out, "  from", envelope.from);
    dumpMailboxes(out, "  sender", envelope.sender);
    dumpMailboxes(out, "  replyTo", envelope.replyTo);
    dumpMailboxes(out, "  to", envelope.to);
    dumpMailboxes(out, "  cc", envelope.cc);
    dumpMailboxes(out, "  bcc", envelope.bcc);
    out += "  ids " + envelope.inReplyTo.toHex() + " " + envelope.messageId.toHex() + "\n";
}

void dumpParameters(QByteArray &out, const QMap<QByteArray, QString> &parameters)
{
    for (auto it = parameters.cbegin(); it != parameters.cend(); ++it)
        out += " " + it.key().toHex() + "=" + text(it.value());
}

void dumpBody(QByteArray &out, const imap::BodyStructure &part, int depth)
{
    out += QByteArray(2 + 2 * depth, ' ') + "part " + part.partNumber + " " + part.type.toHex() + "/"
        + part.subtype.toHex() + " id " + part.id.toHex() + " desc " + part.description.toHex()
        + " enc " + part.encoding.toHex() + " size " + QByteArray::number(part.size) + " lines "
        + QByteArray::number(part.lines) + " disp " + part.disposition.toHex() + " params";
    dumpParameters(out, part.parameters);
    out += " dparams";
    dumpParameters(out, part.dispositionParameters);
    out += " attachment " + QByteArray::number(part.isAttachment()) + "\n";
    if (part.envelope)
        dumpEnvelope(out, *part.envelope);
    for (const imap::BodyStructure &child : part.children)
        dumpBody(out, child, depth + 1);
}

void dumpMessage(QByteArray &out, const imap::FetchedMessage &message)
{
    out += " seq " + QByteArray::number(message.sequenceNumber) + " uid " + QByteArray::number(message.uid);
    if (message.flags)
        out += " flags " + message.flags->join(' ').toHex();
    if (message.internalDate)
        out += " internaldate " + dateText(*message.internalDate);
    if (message.size)
        out += " size " + QByteArray::number(*message.size);
    if (message.modSeq)
        out += " modseq " + QByteArray::number(*message.modSeq);
    out += '\n';
    if (message.envelope)
        dumpEnvelope(out, *message.envelope);
    if (message.bodyStructure)
        dumpBody(out, *message.bodyStructure, 0);
    for (auto it = message.sections.cbegin(); it != message.sections.cend(); ++it)
        out += "  section " + it.key().toHex() + " " + it.value().toHex() + "\n";
    for (auto it = message.sectionOrigins.cbegin(); it != message.sectionOrigins.cend(); ++it)
        out += "  origin " + it.key().toHex() + " " + QByteArray::number(it.value()) + "\n";
    if (!message.envelope)
        return;
    const store::MessageSummary summary = sync::ImapSummaryReader::read(message, 1);
    out += "  summary uid " + QByteArray::number(summary.uid) + " bits " + QByteArray::number(summary.flags.bits)
        + " keywords " + summary.flags.keywords.join(' ').toHex() + " modseq "
        + QByteArray::number(summary.modSeq) + " date " + dateText(summary.date) + " received "
        + dateText(summary.receivedAt) + " size " + QByteArray::number(summary.size) + " attachments "
        + QByteArray::number(summary.hasAttachments) + "\n";
    dumpMailboxes(out, "  summary from", { summary.from });
    dumpMailboxes(out, "  summary to", summary.to);
    dumpMailboxes(out, "  summary cc", summary.cc);
    out += "  summary subject " + text(summary.subject) + " ids " + summary.messageId.toHex() + " "
        + summary.inReplyTo.toHex() + " refs";
    for (const QByteArray &reference : summary.references)
        out += " " + reference.toHex();
    out += "\n";
}

// Everything one pass makes of the capture, response by response.
QByteArray dumpAll(const QByteArray &capture, qsizetype chunk)
{
    net::ProtocolLog log;
    imap::ImapResponseParser parser;
    QByteArray out;
    forEachResponse(capture, chunk, log, parser, [&out](const imap::ImapResponse &response) {
        out += "response kind " + QByteArray::number(int(response.kind)) + " tag "
            + response.tag.toHex() + " status " + QByteArray::number(int(response.status))
            + " number " + (response.number ? QByteArray::number(*response.number) : "-")
            + " name " + response.name.toHex() + " text " + text(response.text) + " error "
            + text(response.errorText) + " cont " + response.continuation.toHex();
        if (response.code) {
            out += " code " + response.code->name + " raw " + response.code->rawArguments.toHex()
                + " args ";
            for (const imap::ImapValue &argument : response.code->arguments)
                dumpValue(out, argument);
        }
        out += "\n data ";
        for (const imap::ImapValue &value : response.data)
            dumpValue(out, value);
        out += '\n';
        if (response.name != "FETCH")
            return;
        QString error;
        const auto message = imap::decode::fetch(response, &error);
        if (!message) {
            out += " unreadable " + text(error) + "\n";
            return;
        }
        dumpMessage(out, *message);
    });
    out += "buffered " + QByteArray::number(parser.bufferedBytes()) + "\n";
    return out;
}

void measure(const char *label, const QByteArray &capture, qsizetype chunk, Stage stage, bool log,
             int repeat, double bareMs)
{
    double best = 1e300;
    double bestCpu = 1e300;
    Totals totals;
    for (int i = 0; i < repeat; ++i) {
        Stopwatch watch;
        totals = parseOnce(capture, chunk, stage, log);
        best = std::min(best, watch.wallMs());
        bestCpu = std::min(bestCpu, watch.cpuMs());
    }
    std::printf("%-44s %8.1f ms (cpu %8.1f ms) %7.1f MB/s %6.2f us/message",
                label, best, bestCpu, double(capture.size()) / best / 1e3,
                totals.fetches ? best * 1e3 / double(totals.fetches) : 0.0);
    if (bareMs > 0)
        std::printf("  %.2fx the bare read", best / bareMs);
    std::printf("  [%lld responses, %lld FETCH, %lld unreadable]\n", qlonglong(totals.responses),
                qlonglong(totals.fetches), qlonglong(totals.bad));
}

// Starts Dovecot, fills INBOX, warms it up and returns the bytes of the FETCH response (and
// the bare read's time in *bareMs). Empty with a message printed on failure.
QByteArray capture(int messages, double *bareMs)
{
    preferRamDisk();
    BenchServer server;
    Stopwatch fillWatch;
    if (const QString error = server.start(messages); !error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return {};
    }
    std::printf("setup: %s; Dovecot started (%.1f s)\n", qPrintable(server.fillOutput),
                fillWatch.wallMs() / 1e3);
    BareImapClient client;
    if (!client.connectTo(server.dovecot.imapPort())
        || !client.run("LOGIN " + kUser.toUtf8() + " \"" + kPassword.toUtf8() + '"')
        || !client.run("ENABLE QRESYNC") || !client.run("SELECT INBOX")) {
        std::fprintf(stderr, "Cannot log in to Dovecot and select INBOX: %s\n", client.lastLine().constData());
        return {};
    }
    const QByteArray command = "UID FETCH 1:* " + syncFetchItems(true);
    Stopwatch warm;
    if (!client.run(command)) {
        std::fprintf(stderr, "The warm-up FETCH failed: %s\n", client.lastLine().constData());
        return {};
    }
    std::printf("warm-up: Dovecot indexed and cached %d messages in %.1f s\n", messages, warm.wallMs() / 1e3);
    QByteArray bytes;
    bytes.reserve(client.bytesRead + (1 << 20));
    const qint64 before = client.bytesRead;
    Stopwatch read;
    if (!client.run(command, &bytes)) {
        std::fprintf(stderr, "The FETCH failed: %s\n", client.lastLine().constData());
        return {};
    }
    *bareMs = read.wallMs();
    std::printf("bare socket read of the FETCH response     %8.1f ms (cpu %8.1f ms) %7.1f MB/s, %lld bytes\n",
                *bareMs, read.cpuMs(), double(client.bytesRead - before) / *bareMs / 1e3,
                qlonglong(client.bytesRead - before));
    return bytes;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser options;
    options.setApplicationDescription(u"Parsing speed of a first sync's FETCH response"_s);
    options.addHelpOption();
    options.addOption({ u"input"_s, u"A captured FETCH response to measure (no Dovecot)."_s, u"file"_s });
    options.addOption({ u"only"_s, u"Measure only the whole path, parse to summary (for a profiler)."_s });
    options.addOption({ u"dump"_s, u"Write what the path made of each response to this file, and stop."_s, u"file"_s });
    options.addOption({ u"save"_s, u"Where to keep the capture."_s, u"file"_s });
    options.addOption({ u"messages"_s, u"Messages in the folder (default 100000)."_s, u"n"_s, u"100000"_s });
    options.addOption({ u"repeat"_s, u"Best of this many passes (default 3)."_s, u"n"_s, u"3"_s });
    options.addOption({ u"chunk"_s, u"Bytes per socket read (default 65536)."_s, u"bytes"_s, u"65536"_s });
    options.process(app);

    QByteArray bytes;
    double bareMs = 0;
    if (options.isSet(u"input"_s)) {
        QFile file(options.value(u"input"_s));
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "Cannot read %s: %s\n", qPrintable(file.fileName()), qPrintable(file.errorString()));
            return 1;
        }
        bytes = file.readAll();
    } else {
        bytes = capture(options.value(u"messages"_s).toInt(), &bareMs);
        if (bytes.isEmpty())
            return 1;
        if (options.isSet(u"save"_s)) {
            QFile file(options.value(u"save"_s));
            if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
                std::fprintf(stderr, "Cannot write %s\n", qPrintable(file.fileName()));
        }
    }
    const int repeat = std::max(1, options.value(u"repeat"_s).toInt());
    const qsizetype chunk = std::max(1, options.value(u"chunk"_s).toInt());
    if (options.isSet(u"dump"_s)) {
        QFile file(options.value(u"dump"_s));
        const QByteArray dumped = dumpAll(bytes, chunk);
        if (!file.open(QIODevice::WriteOnly) || file.write(dumped) != dumped.size()) {
            std::fprintf(stderr, "Cannot write %s\n", qPrintable(file.fileName()));
            return 1;
        }
        return 0;
    }
    std::printf("input: %lld bytes, read %lld bytes at a time, best of %d\n", qlonglong(bytes.size()),
                qlonglong(chunk), repeat);
    if (options.isSet(u"only"_s)) {
        measure("split + parse + decode + summary (log off)", bytes, chunk, Stage::Summary, false, repeat, bareMs);
        return 0;
    }
    measure("split + parse (log off)", bytes, chunk, Stage::Frame, false, repeat, bareMs);
    measure("split + parse + decode::fetch (log off)", bytes, chunk, Stage::Decode, false, repeat, bareMs);
    measure("split + parse + decode::fetch (log on)", bytes, chunk, Stage::Decode, true, repeat, bareMs);
    measure("split + parse + decode + summary (log off)", bytes, chunk, Stage::Summary, false, repeat, bareMs);
    return 0;
}
