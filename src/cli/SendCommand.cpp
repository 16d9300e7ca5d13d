// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/SendCommand.h"

#include "cli/AttachmentFile.h"
#include "cli/ConnectionOptions.h"
#include "cli/MailUrl.h"
#include "cli/SmtpSubmission.h"
#include "mime/Mailbox.h"
#include "mime/MessageBuilder.h"
#include "net/smtp/SmtpEnvelope.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QStringDecoder>
#include <QTextStream>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace magpie::cli {

namespace {
class Messages
{
public:
    Q_DECLARE_TR_FUNCTIONS(magpie::cli::SendCommand)
public:
    static QString noAddress(const QString &option, const QString &value)
    {
        return tr("--%1 “%2” holds no mail address.").arg(option, value);
    }
    static QString controlCharacter(const QString &option)
    {
        return tr("--%1 contains a line break or another control character; nothing was sent.")
            .arg(option);
    }
    static QString badAddress(const QString &option, const QString &value, const QString &why)
    {
        return tr("--%1 “%2” is not a mail address I can use: %3").arg(option, value, why);
    }
};

// Each value may be one address or several separated by commas, with or without a name:
// --to 'Bob <bob@example.com>, carol@example.com'.
std::optional<QList<mime::Mailbox>> mailboxes(const QStringList &values, const QString &option,
                                              QString *error)
{
    QList<mime::Mailbox> result;
    for (const QString &value : values) {
        // The address parser is lenient, as a reader must be: it would find an address in
        // "a@x>\r\nRCPT TO:<b@y". What a person types on a command line has no control
        // characters (a pasted tab aside), so any is refused outright (DESIGN.md: no input
        // can inject a command).
        const bool hasControl = std::any_of(value.cbegin(), value.cend(), [](QChar c) {
            return (c.unicode() < 0x20 && c != u'\t') || c.unicode() == 0x7f;
        });
        if (hasControl) {
            *error = Messages::controlCharacter(option);
            return std::nullopt;
        }
        QStringList warnings;
        const QList<mime::Mailbox> parsed = mime::AddressList::parse(value.toUtf8(), &warnings);
        if (parsed.isEmpty()) {
            *error = Messages::noAddress(option, value);
            return std::nullopt;
        }
        if (!warnings.isEmpty()) {
            *error = Messages::badAddress(option, value, warnings.join(u' '));
            return std::nullopt;
        }
        result += parsed;
    }
    return result;
}

std::optional<QString> readBody(const QString &path, QString *error)
{
    QFile file;
    const bool opened = path == u"-" ? file.open(stdin, QIODevice::ReadOnly)
                                     : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    QByteArray bytes;
    if (opened)
        bytes = file.readAll();
    if (!opened || file.error() != QFileDevice::NoError) {
        *error = Messages::tr("Cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QStringDecoder decoder(QStringDecoder::Utf8);
    QString text = decoder.decode(bytes);
    if (decoder.hasError()) {
        *error = Messages::tr("%1 is not UTF-8 text; convert it first (iconv -t UTF-8).").arg(path);
        return std::nullopt;
    }
    return text;
}
} // namespace

int runSend(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Messages::tr("Write a message and submit it to an SMTP server. The password comes from "
           "MAGPIE_PASSWORD or a prompt."));
    parser.addHelpOption();
    const QCommandLineOption smtpOption(u"smtp"_s,
                                        Messages::tr("The submission server: smtps://user@host:port, "
                                           "or smtp://...?starttls=required."),
                                        Messages::tr("url"));
    const QCommandLineOption fromOption(u"from"_s, Messages::tr("The sender (From and MAIL FROM)."),
                                        Messages::tr("address"));
    const QCommandLineOption toOption(u"to"_s, Messages::tr("A recipient (repeatable)."), Messages::tr("address"));
    const QCommandLineOption ccOption(u"cc"_s, Messages::tr("A copy recipient (repeatable)."), Messages::tr("address"));
    const QCommandLineOption bccOption(
        u"bcc"_s, Messages::tr("A hidden recipient, in no header (repeatable)."), Messages::tr("address"));
    const QCommandLineOption subjectOption(u"subject"_s, Messages::tr("The subject."), Messages::tr("text"));
    const QCommandLineOption bodyOption(u"body"_s, Messages::tr("The message text."), Messages::tr("text"));
    const QCommandLineOption bodyFileOption(u"body-file"_s,
                                            Messages::tr("Read the message text (UTF-8) "
                                               "from this file, - for standard input."),
                                            Messages::tr("file"));
    const QCommandLineOption attachOption(u"attach"_s, Messages::tr("Attach this file (repeatable)."),
                                          Messages::tr("file"));
    parser.addOptions({ smtpOption, fromOption, toOption, ccOption, bccOption, subjectOption,
                        bodyOption, bodyFileOption, attachOption });
    const ConnectionOptions options;
    options.addTo(parser);
    parser.process(arguments);

    QTextStream out(stdout);
    QTextStream err(stderr);
    auto usage = [&](const QString &why) {
        err << "magpie-cli send: " << why << '\n';
        return 2;
    };
    if (!parser.positionalArguments().isEmpty())
        return usage(
            Messages::tr("Unexpected argument “%1”; every part of the message is given by an option.")
                .arg(parser.positionalArguments().first()));
    if (!parser.isSet(smtpOption))
        return usage(Messages::tr("--smtp URL is needed: the server to submit to."));
    if (!parser.isSet(fromOption))
        return usage(Messages::tr("--from ADDRESS is needed: who the message is from."));
    if (!parser.isSet(toOption) && !parser.isSet(ccOption) && !parser.isSet(bccOption))
        return usage(Messages::tr("At least one recipient is needed: --to, --cc or --bcc."));
    if (parser.isSet(bodyOption) && parser.isSet(bodyFileOption))
        return usage(Messages::tr("Give the text with --body or with --body-file, not both."));

    QString error;
    const auto url = MailUrl::parse(parser.value(smtpOption), &error);
    if (!url)
        return usage(error);
    if (url->protocol() != MailUrl::Protocol::Smtp)
        return usage(Messages::tr("--smtp needs an smtp:// or smtps:// URL, not %1.").arg(url->toString()));

    const auto from = mailboxes(parser.values(fromOption), u"from"_s, &error);
    if (!from)
        return usage(error);
    if (from->size() != 1)
        return usage(Messages::tr("--from must be one address."));
    const auto to = mailboxes(parser.values(toOption), u"to"_s, &error);
    const auto cc = to ? mailboxes(parser.values(ccOption), u"cc"_s, &error) : std::nullopt;
    const auto bcc = cc ? mailboxes(parser.values(bccOption), u"bcc"_s, &error) : std::nullopt;
    if (!bcc)
        return usage(error);

    mime::MessageBuilder builder;
    builder.setFrom(from->first()).setTo(*to).setCc(*cc).setSubject(parser.value(subjectOption));
    if (parser.isSet(bodyFileOption)) {
        const auto text = readBody(parser.value(bodyFileOption), &error);
        if (!text)
            return usage(error);
        builder.setText(*text);
    } else {
        builder.setText(parser.value(bodyOption));
    }
    const QStringList attachments = parser.values(attachOption);
    for (const QString &path : attachments) {
        const auto attachment = AttachmentFile::read(path, &error);
        if (!attachment)
            return usage(error);
        builder.addAttachment(*attachment);
    }
    const mime::MessageBuilder::Result message = builder.build();
    if (!message.ok())
        return usage(message.error);

    // The envelope: every recipient once, Bcc ones only here (RFC 5321 s7.2).
    smtp::SmtpEnvelope envelope;
    envelope.setFrom(from->first().address);
    QStringList recipients;
    for (const QList<mime::Mailbox> *list : { &*to, &*cc, &*bcc }) {
        for (const mime::Mailbox &mailbox : *list) {
            if (!recipients.contains(mailbox.address, Qt::CaseInsensitive))
                recipients.append(mailbox.address);
        }
    }
    envelope.setRecipients(recipients);
    const net::NetError invalid = envelope.validate();
    if (invalid.isError())
        return usage(invalid.message);

    const auto endpoint = options.endpoint(parser, *url, &error);
    if (!endpoint)
        return usage(error);
    const QString warning = ConnectionOptions::plaintextWarning(*url);
    if (!warning.isEmpty()) {
        err << "magpie-cli send: " << warning << '\n';
        err.flush();
    }
    std::optional<net::Credentials> credentials;
    if (url->hasUser()) {
        credentials = options.credentials(parser, *url, &error);
        if (!credentials) {
            err << "magpie-cli send: " << error << '\n';
            return 1;
        }
    }

    const bool keepLog = options.printLog(parser);
    const SmtpSubmission::Outcome outcome =
        SmtpSubmission::send(*endpoint, credentials, envelope, message.bytes, keepLog);

    for (const auto &[address, reply] : outcome.refused)
        out << Messages::tr("Refused: %1: %2").arg(address, QString::fromUtf8(reply.summary())) << '\n';
    if (!outcome.error.isError()) {
        out << Messages::tr("Accepted: %1").arg(outcome.accepted.join(u", "_s)) << '\n';
        out << Messages::tr("Message-ID: <%1>").arg(QString::fromLatin1(message.messageId)) << '\n';
        out << Messages::tr("Server: %1").arg(QString::fromUtf8(outcome.finalReply.summary())) << '\n';
    }
    if (keepLog) {
        out << Messages::tr("Protocol log:") << '\n' << outcome.log;
        if (!outcome.log.isEmpty() && !outcome.log.endsWith(u'\n'))
            out << '\n';
    }
    out.flush();
    if (outcome.error.isError()) {
        err << "magpie-cli send: " << outcome.error.message << '\n';
        return 1;
    }
    if (!outcome.refused.isEmpty()) {
        err << "magpie-cli send: "
            << Messages::tr(
                   "The server refused %1 of %2 recipients; the message went to the others.")
                   .arg(outcome.refused.size())
                   .arg(outcome.refused.size() + outcome.accepted.size())
            << '\n';
        return 3;
    }
    return 0;
}

} // namespace magpie::cli
