// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/InspectCommand.h"

#include "mime/Message.h"
#include "mime/MessageReport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>

namespace magpie::cli {

namespace {
class Messages
{
    Q_DECLARE_TR_FUNCTIONS(magpie::cli::InspectCommand)
public:
    static QString cannotRead(const QString &path, const QString &reason)
    {
        return tr("magpie-cli: cannot read %1: %2").arg(path, reason);
    }
    static QString cannotWrite(const QString &reason)
    {
        return tr("magpie-cli: cannot write the result: %1").arg(reason);
    }
};
} // namespace

int runInspect(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "magpie-cli", "Print a message's headers, MIME structure, text and attachments as JSON."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QCoreApplication::translate("magpie-cli", "The message (.eml), or - for standard input."));
    parser.process(arguments);
    QTextStream err(stderr);
    if (parser.positionalArguments().size() != 1) {
        err << parser.helpText();
        return 2;
    }
    const QString path = parser.positionalArguments().first();
    QFile file;
    const bool opened = path == u"-" ? file.open(stdin, QIODevice::ReadOnly)
                                     : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened) {
        err << Messages::cannotRead(path, file.errorString()) << '\n';
        return 1;
    }
    const QByteArray data = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        err << Messages::cannotRead(path, file.errorString()) << '\n';
        return 1;
    }
    const mime::Message message(data);
    const QByteArray json = QJsonDocument(mime::MessageReport::toJson(message)).toJson(QJsonDocument::Compact) + '\n';
    QFile out;
    // A full disk or a closed pipe must not look like success to the script reading us.
    if (!out.open(stdout, QIODevice::WriteOnly) || out.write(json) != json.size() || !out.flush()) {
        err << Messages::cannotWrite(out.errorString()) << '\n';
        return 1;
    }
    return 0;
}

} // namespace magpie::cli
