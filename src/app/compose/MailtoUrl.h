// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace magpie::app {

// A mailto: URL (RFC 6068) as the composer uses it: "mailto:a@x,b@y?cc=c@z&subject=Hi&body=".
// Only to, cc, bcc, subject and body are taken (s6 warns that other header fields, such as
// In-Reply-To or From, let a web page forge a message); the others are listed in
// `ignoredFields` so the composer can say so. Values are percent-decoded as UTF-8 (s2). CR and
// LF are kept only in the body, as line breaks; anywhere else they become a space, so no
// field of the URL can add a header line (RFC 5322 s2.2).
struct MailtoUrl
{
    QStringList to;      // each one address as written, decoded ("Alice <a@x>", "b@y")
    QStringList cc;
    QStringList bcc;
    QString subject;
    QString body;        // lines separated by "\n"
    QStringList ignoredFields; // lower-case names of the fields left out

    // std::nullopt when `url` is not a mailto: URL.
    static std::optional<MailtoUrl> parse(const QUrl &url);
    static std::optional<MailtoUrl> parse(const QString &url);
};

} // namespace magpie::app
