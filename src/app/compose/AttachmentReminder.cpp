// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/compose/AttachmentReminder.h"

#include <QRegularExpression>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

const QRegularExpression &keywords()
{
    // Whole words only, so "attachable" or "Anhänger" do not count. Unaccented spellings
    // are listed too: people type "angehaengt" and "piece jointe" on keyboards without them.
    static const QRegularExpression expression(
        uR"((?<!\w)()"
        // English
        uR"(attach(?:ed|es|ing|ment|ments)?|enclosed|enclosure)"
        // German
        uR"(|anhang|anh[äa]nge|dateianhang|angeh[äa]ngt|angehaengt|anbei|beigef[üu]gt|beigefuegt|anlage|anlagen)"
        // French
        uR"(|pi[èe]ces?[ -]jointes?|ci[ -]joints?|ci[ -]jointes?|je joins|en annexe|annex[ée]e?s?)"
        uR"()(?!\w))"_s,
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
    return expression;
}

QString find(const QString &text)
{
    const QRegularExpressionMatch match = keywords().match(text);
    return match.hasMatch() ? match.captured(1) : QString();
}

} // namespace

QString AttachmentReminder::mentionedAttachment(const QString &subject, const QString &body)
{
    if (const QString word = find(subject); !word.isEmpty())
        return word;
    const QStringList lines = body.split(u'\n');
    for (const QString &line : lines) {
        if (line == u"-- "_s || line == u"--"_s)
            break; // the signature
        if (line.trimmed().startsWith(u'>'))
            continue; // quoted text of the message replied to
        if (const QString word = find(line); !word.isEmpty())
            return word;
    }
    return {};
}

} // namespace magpie::app
