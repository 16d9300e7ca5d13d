// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace magpie::app {

// The "did you forget the attachment?" check the composer runs before sending (as
// Thunderbird's attachment reminder): a word that announces a file, in English, German or
// French, in the subject or in what the person wrote. Quoted lines ("> ...") and the
// signature (after "-- ", RFC 3676 s4.3) do not count: a reply to "see the attached file"
// should not nag.
class AttachmentReminder
{
public:
    // The word found, as written ("attached", "Anhang", "pièce jointe"), or an empty string.
    static QString mentionedAttachment(const QString &subject, const QString &body);
};

} // namespace magpie::app
