// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes as an HTML mail body: conversion never crashes, and whatever comes out keeps the
// line rules of HtmlToText.h (no leading or trailing blank line, never two blank lines in a
// row, no line ending in a space or tab).
#include "mime/HtmlToText.h"

#include <QStringList>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString html =
        QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const QString text = magpie::mime::HtmlToText::convert(html);
    if (text.startsWith(u'\n') || text.endsWith(u'\n') || text.contains(u"\n\n\n"))
        std::abort();
    const QStringList lines = text.split(u'\n');
    for (const QString &line : lines) {
        if (line.endsWith(u' ') || line.endsWith(u'\t'))
            std::abort();
    }
    return 0;
}
