// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/compose/ComposerText.h"

using namespace Qt::StringLiterals;

namespace magpie::app {

QString ComposerText::signatureBlock(const QString &signature)
{
    QString trimmed = signature;
    while (trimmed.endsWith(u'\n'))
        trimmed.chop(1);
    if (trimmed.trimmed().isEmpty())
        return {};
    return u"-- \n"_s + trimmed;
}

ComposerText::Start ComposerText::reply(const QString &quote, const QString &signature,
                                        Preferences::Quoting quoting)
{
    QString quoted = quote;
    while (quoted.startsWith(u'\n'))
        quoted.remove(0, 1);
    if (!quoted.isEmpty() && !quoted.endsWith(u'\n'))
        quoted += u'\n';
    const QString block = signatureBlock(signature);
    Start start;
    if (quoting == Preferences::Quoting::ReplyBelowQuote) {
        start.text = quoted + u'\n';
        start.cursor = int(start.text.size());
        start.text += u'\n';
        if (!block.isEmpty())
            start.text += u'\n' + block + u'\n';
    } else {
        start.cursor = 0;
        start.text = u"\n\n"_s;
        if (!block.isEmpty())
            start.text += block + u"\n\n"_s;
        start.text += quoted;
    }
    return start;
}

ComposerText::Start ComposerText::fresh(const QString &signature, const QString &forwarded)
{
    Start start;
    const QString block = signatureBlock(signature);
    start.text = u"\n\n"_s;
    if (!block.isEmpty())
        start.text += block + u'\n';
    if (!forwarded.isEmpty()) {
        QString text = forwarded;
        while (text.startsWith(u'\n'))
            text.remove(0, 1);
        start.text += u'\n' + text;
    }
    if (block.isEmpty() && forwarded.isEmpty())
        start.text.clear();
    return start;
}

QString ComposerText::replaceSignature(const QString &text, const QString &oldSignature,
                                       const QString &newSignature)
{
    const QString oldBlock = signatureBlock(oldSignature);
    const QString newBlock = signatureBlock(newSignature);
    if (!oldBlock.isEmpty()) {
        const qsizetype at = text.lastIndexOf(oldBlock);
        if (at >= 0) {
            QString result = text;
            if (newBlock.isEmpty()) {
                // Take the separating newline too, so no empty line is left behind.
                const qsizetype from = (at > 0 && result.at(at - 1) == u'\n') ? at - 1 : at;
                qsizetype length = at - from + oldBlock.size();
                if (from + length < result.size() && result.at(from + length) == u'\n' && from == at)
                    ++length;
                result.remove(from, length);
            } else {
                result.replace(at, oldBlock.size(), newBlock);
            }
            return result;
        }
    }
    if (newBlock.isEmpty())
        return text;
    QString result = text;
    if (!result.isEmpty() && !result.endsWith(u'\n'))
        result += u'\n';
    return result + u'\n' + newBlock + u'\n';
}

} // namespace magpie::app
