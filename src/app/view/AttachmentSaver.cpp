// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/view/AttachmentSaver.h"

#include "mime/MessagePart.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

// Most file systems limit a name to 255 bytes (UTF-8 on Linux); room is left for " (99)".
constexpr qsizetype kMaxNameBytes = 200;

bool isForbidden(QChar c)
{
    // Control characters, path separators, and what Windows, FAT and SMB refuse.
    return c.unicode() < 0x20 || c.unicode() == 0x7f || c == u'/' || c == u'\\' || c == u':'
        || c == u'*' || c == u'?' || c == u'"' || c == u'<' || c == u'>' || c == u'|'
        || c.category() == QChar::Other_Format // bidi overrides: "txt.exe" shown as "exe.txt"
        || c.category() == QChar::Separator_Line || c.category() == QChar::Separator_Paragraph;
}

bool isWindowsDeviceName(const QString &name)
{
    const QString base = name.section(u'.', 0, 0).trimmed().toUpper();
    static const QStringList devices { u"CON"_s, u"PRN"_s, u"AUX"_s, u"NUL"_s };
    if (devices.contains(base))
        return true;
    return base.size() == 4 && (base.startsWith(u"COM"_s) || base.startsWith(u"LPT"_s))
        && base[3].isDigit();
}

// Splits "archive.tar.gz" as ("archive", ".tar.gz") only for the last suffix: ".gz".
std::pair<QString, QString> splitSuffix(const QString &fileName)
{
    const qsizetype dot = fileName.lastIndexOf(u'.');
    if (dot <= 0)
        return { fileName, QString() };
    return { fileName.left(dot), fileName.mid(dot) };
}

QString cutToBytes(QString name)
{
    auto [base, suffix] = splitSuffix(name);
    if (suffix.toUtf8().size() > 20)
        suffix.clear();
    while (!base.isEmpty() && (base + suffix).toUtf8().size() > kMaxNameBytes) {
        base.chop(1);
        if (!base.isEmpty() && base.back().isLowSurrogate())
            base.chop(1);
        if (!base.isEmpty() && base.back().isHighSurrogate())
            base.chop(1);
    }
    return base + suffix;
}

} // namespace

QString AttachmentSaver::safeFileName(const QString &suggested, const QString &fallback)
{
    // Only the last path element counts: "../../evil.sh" and "C:\\x\\evil.sh" are "evil.sh".
    QString name = suggested;
    const qsizetype slash = std::max(name.lastIndexOf(u'/'), name.lastIndexOf(u'\\'));
    name = name.mid(slash + 1);
    QString cleaned;
    cleaned.reserve(name.size());
    for (const QChar c : std::as_const(name))
        cleaned += isForbidden(c) ? u'_' : c;
    // No hidden files, no "." or "..", no trailing dots or spaces (Windows drops them).
    qsizetype start = 0;
    while (start < cleaned.size() && (cleaned[start] == u'.' || cleaned[start].isSpace()))
        ++start;
    cleaned = cleaned.mid(start);
    while (!cleaned.isEmpty() && (cleaned.back() == u'.' || cleaned.back().isSpace()))
        cleaned.chop(1);
    if (cleaned.isEmpty() || cleaned.count(u'_') == cleaned.size())
        cleaned = fallback;
    if (isWindowsDeviceName(cleaned))
        cleaned.prepend(u'_');
    return cutToBytes(cleaned);
}

QString AttachmentSaver::suggestedName(const mime::MessagePart &part)
{
    QString name = part.fileName();
    if (part.isMessage()) {
        if (name.isEmpty())
            name = tr("Forwarded message");
        if (!name.endsWith(u".eml"_s, Qt::CaseInsensitive))
            name += u".eml"_s;
        return name;
    }
    if (!name.isEmpty())
        return name;
    const QMimeType type = QMimeDatabase().mimeTypeForName(QString::fromLatin1(part.contentType()));
    const QString suffix = type.isValid() ? type.preferredSuffix() : QString();
    return suffix.isEmpty() ? tr("attachment") : tr("attachment") + u'.' + suffix;
}

QByteArray AttachmentSaver::content(const mime::MessagePart &part)
{
    return part.isMessage() ? part.enclosedMessage() : part.decodedBody();
}

bool AttachmentSaver::isRunnable(const QString &fileName, const QByteArray &data)
{
    static const QStringList suffixes {
        u"appimage"_s, u"bat"_s, u"cmd"_s, u"com"_s, u"cpl"_s, u"desktop"_s, u"exe"_s,
        u"hta"_s,      u"jar"_s, u"js"_s,  u"jse"_s, u"lnk"_s, u"msi"_s,     u"pif"_s,
        u"pl"_s,       u"ps1"_s, u"py"_s,  u"rb"_s,  u"reg"_s, u"run"_s,     u"scr"_s,
        u"sh"_s,       u"url"_s, u"vbe"_s, u"vbs"_s, u"wsf"_s,
    };
    if (suffixes.contains(QFileInfo(fileName).suffix().toLower()))
        return true;
    static const QStringList types {
        u"application/x-executable"_s,
        u"application/x-sharedlib"_s,
        u"application/x-shellscript"_s,
        u"application/x-desktop"_s,
        u"application/x-ms-dos-executable"_s,
        u"application/x-msdownload"_s,
        u"application/vnd.microsoft.portable-executable"_s,
        u"application/x-msi"_s,
        u"application/java-archive"_s,
        u"text/x-python"_s,
        u"application/x-perl"_s,
    };
    const QMimeType type = QMimeDatabase().mimeTypeForFileNameAndData(fileName, data);
    for (const QString &runnable : types) {
        if (type.inherits(runnable))
            return true;
    }
    return data.startsWith("#!") || data.startsWith("MZ")
        || data.startsWith("\x7f"
                           "ELF");
}

QString AttachmentSaver::freePath(const QString &folder, const QString &fileName)
{
    const QDir dir(folder);
    QString candidate = dir.filePath(fileName);
    const auto [base, suffix] = splitSuffix(fileName);
    for (int n = 2; QFileInfo::exists(candidate) || QFileInfo(candidate).isSymLink(); ++n)
        candidate = dir.filePath(base + u" ("_s + QString::number(n) + u')' + suffix);
    return candidate;
}

QString AttachmentSaver::saveInto(const QString &folder, const QString &suggested,
                                  const QByteArray &data, QString *error)
{
    const QString name = safeFileName(suggested, tr("attachment"));
    const QString canonicalFolder = QFileInfo(folder).canonicalFilePath();
    if (canonicalFolder.isEmpty() || !QFileInfo(canonicalFolder).isDir()) {
        *error = tr("The folder %1 does not exist. Choose another folder.").arg(folder);
        return {};
    }
    for (int attempt = 0; attempt < 100; ++attempt) {
        const QString path = freePath(canonicalFolder, name);
        // The safe name has no separator, so the file is in the folder; checked anyway,
        // because this is the promise the person relies on.
        if (QFileInfo(path).absolutePath() != canonicalFolder) {
            *error = tr("The file name %1 is not allowed.").arg(suggested);
            return {};
        }
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
            if (QFileInfo::exists(path))
                continue; // created meanwhile by someone else: take the next free name
            *error = tr("Could not save %1 in %2: %3. Check that the folder is writable.")
                         .arg(name, QDir::toNativeSeparators(canonicalFolder), file.errorString());
            return {};
        }
        if (file.write(data) != data.size() || !file.flush()) {
            *error = tr("Could not save %1: %2. Check the free space on the disk.")
                         .arg(QDir::toNativeSeparators(path), file.errorString());
            file.remove();
            return {};
        }
        return path;
    }
    *error = tr("Could not find a free file name for %1 in %2.")
                 .arg(name, QDir::toNativeSeparators(canonicalFolder));
    return {};
}

bool AttachmentSaver::saveAs(const QString &path, const QByteArray &data, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        *error =
            tr("Could not save %1: %2.").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

} // namespace magpie::app
