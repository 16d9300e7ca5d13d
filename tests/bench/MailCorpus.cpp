// SPDX-License-Identifier: GPL-3.0-or-later
#include "MailCorpus.h"

#include <QRandomGenerator>
#include <QString>
#include <QStringDecoder>
#include <QStringEncoder>

namespace magpie::bench {

namespace {

QByteArray words(QRandomGenerator &random, int count)
{
    static const char *const vocabulary[] = { "the", "meeting", "report", "tomorrow", "please",
        "attached", "thanks", "regards", "schedule", "budget", "review", "draft", "project",
        "update", "question", "team", "weekend", "coffee", "invoice", "release" };
    QByteArray text;
    for (int i = 0; i < count; ++i) {
        if (i)
            text += (i % 12 == 0) ? "\r\n" : " ";
        text += vocabulary[random.bounded(20)];
    }
    return text;
}

QByteArray base64Lines(const QByteArray &data)
{
    const QByteArray encoded = data.toBase64();
    QByteArray out;
    out.reserve(encoded.size() + encoded.size() / 38);
    for (qsizetype i = 0; i < encoded.size(); i += 76)
        out += encoded.mid(i, 76) + "\r\n";
    return out;
}

QByteArray headers(QRandomGenerator &random, int index, const QByteArray &subject)
{
    return "From: =?utf-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen" + QByteArray::number(random.bounded(100))
        + "@example.de>\r\nTo: Alice <alice@example.com>, bob@example.org\r\n"
          "Cc: \"Team, Berlin\" <team@example.de>\r\n"
          "Date: Tue, 3 Mar 2026 14:05:09 +0100\r\n"
          "Message-ID: <" + QByteArray::number(index) + ".bench@example.de>\r\n"
          "Subject: " + subject + "\r\nMIME-Version: 1.0\r\n";
}

QByteArray plainLatin1(QRandomGenerator &random, int index)
{
    return headers(random, index, "=?iso-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?=")
        + "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        + words(random, 100 + random.bounded(800)).replace("the", "f=FCr") + "\r\n";
}

QByteArray plainJapanese(QRandomGenerator &random, int index)
{
    QStringEncoder toSjis("Shift_JIS");
    const QByteArray body = toSjis(QString::fromUtf8("\xe4\xbc\x9a\xe8\xad\xb0\xe3\x81\xae\xe4\xba\x88\xe5\xae\x9a\xe3\x81\xa7\xe3\x81\x99\xe3\x80\x82").repeated(20 + random.bounded(100)));
    return headers(random, index, "=?shift_jis?B?" + QByteArray(toSjis(QString::fromUtf8("\xe4\xbc\x9a\xe8\xad\xb0"))).toBase64() + "?=")
        + "Content-Type: text/plain; charset=shift_jis\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64Lines(body);
}

QByteArray newsletter(QRandomGenerator &random, int index)
{
    const QByteArray text = words(random, 300 + random.bounded(1500));
    QByteArray html = "<html><head><style>p{margin:0}</style></head><body><table><tr><td>";
    html += text;
    html.replace("\r\n", "</p><p>");
    html += "</td></tr></table><p>&copy; 2026 &mdash; <a href=\"https://example.com/u\">unsubscribe</a></p></body></html>";
    return headers(random, index, "Weekly update")
        + "Content-Type: multipart/alternative; boundary=\"alt-" + QByteArray::number(index) + "\"\r\n\r\n"
        + "--alt-" + QByteArray::number(index) + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n"
        + "--alt-" + QByteArray::number(index) + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        + html + "\r\n--alt-" + QByteArray::number(index) + "--\r\n";
}

QByteArray withAttachment(QRandomGenerator &random, int index)
{
    const int size = random.bounded(10) == 0 ? 1'000'000 + random.bounded(3'000'000) : 5'000 + random.bounded(200'000);
    QByteArray file(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < file.size(); ++i)
        file[i] = static_cast<char>((i * 131 + index) & 0xff);
    const QByteArray boundary = "mix-" + QByteArray::number(index);
    return headers(random, index, "Report attached")
        + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n--" + boundary
        + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + words(random, 80) + "\r\n--" + boundary
        + "\r\nContent-Type: application/pdf; name=\"report.pdf\"\r\nContent-Disposition: attachment;\r\n filename*=utf-8''Bericht%20M%C3%A4rz.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64Lines(file) + "--" + boundary + "--\r\n";
}

QByteArray forwarded(QRandomGenerator &random, int index)
{
    const QByteArray boundary = "fwd-" + QByteArray::number(index);
    return headers(random, index, "Fwd: Re: planning")
        + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n--" + boundary
        + "\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n--" + boundary
        + "\r\nContent-Type: message/rfc822\r\n\r\n" + plainLatin1(random, index + 1000000) + "--" + boundary + "--\r\n";
}

} // namespace

QList<QByteArray> MailCorpus::generate(int count, quint32 seed)
{
    QRandomGenerator random(seed);
    QList<QByteArray> messages;
    messages.reserve(count);
    for (int i = 0; i < count; ++i) {
        const int kind = random.bounded(100);
        if (kind < 35)
            messages << plainLatin1(random, i);
        else if (kind < 45)
            messages << plainJapanese(random, i);
        else if (kind < 75)
            messages << newsletter(random, i);
        else if (kind < 92)
            messages << withAttachment(random, i);
        else
            messages << forwarded(random, i);
    }
    return messages;
}

} // namespace magpie::bench
