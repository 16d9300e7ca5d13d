// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes as a message: parse, then decode every header and part the way `magpie-cli
// inspect` does, and start a reply and a forward from it. Nothing may crash, hang or leak.
#include "mime/Forward.h"
#include "mime/Message.h"
#include "mime/MessageReport.h"
#include "mime/Reply.h"

#include <QJsonDocument>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace magpie::mime;
    const Message message(QByteArray(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size)));
    const QByteArray json = QJsonDocument(MessageReport::toJson(message)).toJson();
    for (const MessagePart *part : message.leafParts()) {
        if (part->isText())
            (void)part->text();
    }
    (void)Reply::draft(message, Reply::To::All, { QStringLiteral("me@example.com") });
    (void)Forward::draft(message, Forward::As::Inline);
    (void)json;
    return 0; // libFuzzer reserves other values
}
