// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/Preferences.h"

#include <QCoreApplication>
#include <QSettings>

namespace magpie::app {

namespace {

const QString kGroup = QStringLiteral("preferences");

template<typename Enum>
Enum enumValue(const QSettings &settings, const QString &key, Enum fallback, int last)
{
    bool ok = false;
    const int value = settings.value(key).toInt(&ok);
    return ok && value >= 0 && value <= last ? Enum(value) : fallback;
}

} // namespace

bool Preferences::isRemoteContentAllowedFor(const QString &senderAddress) const
{
    if (!blockRemoteContent)
        return true;
    return !senderAddress.isEmpty()
           && remoteContentSenders.contains(senderAddress.trimmed().toLower());
}

Preferences Preferences::load(const QString &iniPath)
{
    Preferences p;
    QSettings settings(iniPath, QSettings::IniFormat);
    settings.beginGroup(kGroup);
    p.startUp = enumValue(settings, QStringLiteral("startUp"), p.startUp, 1);
    p.checkMailAtStartUp = settings.value(QStringLiteral("checkMailAtStartUp"), p.checkMailAtStartUp).toBool();
    p.notifyNewMail = settings.value(QStringLiteral("notifyNewMail"), p.notifyNewMail).toBool();
    p.language = settings.value(QStringLiteral("language"), p.language).toString();
    p.layout = enumValue(settings, QStringLiteral("layout"), p.layout, 1);
    p.preferHtml = settings.value(QStringLiteral("preferHtml"), p.preferHtml).toBool();
    p.blockRemoteContent = settings.value(QStringLiteral("blockRemoteContent"), p.blockRemoteContent).toBool();
    p.remoteContentSenders = settings.value(QStringLiteral("remoteContentSenders")).toStringList();
    p.markReadAfterSeconds = qBound(-1, settings.value(QStringLiteral("markReadAfterSeconds"), p.markReadAfterSeconds).toInt(), 3600);
    p.composeHtml = settings.value(QStringLiteral("composeHtml"), p.composeHtml).toBool();
    p.quoting = enumValue(settings, QStringLiteral("quoting"), p.quoting, 1);
    p.spellCheckLanguage = settings.value(QStringLiteral("spellCheckLanguage")).toString();
    p.draftAutosaveSeconds = qBound(1, settings.value(QStringLiteral("draftAutosaveSeconds"), p.draftAutosaveSeconds).toInt(), 600);
    p.confirmLinkTargets = settings.value(QStringLiteral("confirmLinkTargets"), p.confirmLinkTargets).toBool();
    p.addressCompletionFromSeen = settings.value(QStringLiteral("addressCompletionFromSeen"), p.addressCompletionFromSeen).toBool();
    p.connectionLog = settings.value(QStringLiteral("connectionLog"), p.connectionLog).toBool();
    settings.beginGroup(QStringLiteral("signatures"));
    for (const QString &accountId : settings.childKeys())
        p.signatures.insert(accountId, settings.value(accountId).toString());
    settings.endGroup();
    settings.endGroup();
    return p;
}

QString Preferences::save(const QString &iniPath) const
{
    QSettings settings(iniPath, QSettings::IniFormat);
    settings.remove(kGroup);
    settings.beginGroup(kGroup);
    settings.setValue(QStringLiteral("startUp"), int(startUp));
    settings.setValue(QStringLiteral("checkMailAtStartUp"), checkMailAtStartUp);
    settings.setValue(QStringLiteral("notifyNewMail"), notifyNewMail);
    settings.setValue(QStringLiteral("language"), language);
    settings.setValue(QStringLiteral("layout"), int(layout));
    settings.setValue(QStringLiteral("preferHtml"), preferHtml);
    settings.setValue(QStringLiteral("blockRemoteContent"), blockRemoteContent);
    settings.setValue(QStringLiteral("remoteContentSenders"), remoteContentSenders);
    settings.setValue(QStringLiteral("markReadAfterSeconds"), markReadAfterSeconds);
    settings.setValue(QStringLiteral("composeHtml"), composeHtml);
    settings.setValue(QStringLiteral("quoting"), int(quoting));
    settings.setValue(QStringLiteral("spellCheckLanguage"), spellCheckLanguage);
    settings.setValue(QStringLiteral("draftAutosaveSeconds"), draftAutosaveSeconds);
    settings.setValue(QStringLiteral("confirmLinkTargets"), confirmLinkTargets);
    settings.setValue(QStringLiteral("addressCompletionFromSeen"), addressCompletionFromSeen);
    settings.setValue(QStringLiteral("connectionLog"), connectionLog);
    settings.beginGroup(QStringLiteral("signatures"));
    for (auto it = signatures.cbegin(); it != signatures.cend(); ++it)
        settings.setValue(it.key(), it.value());
    settings.endGroup();
    settings.endGroup();
    settings.sync();
    switch (settings.status()) {
    case QSettings::NoError:
        return {};
    case QSettings::AccessError:
        return QCoreApplication::translate("magpie::app::Preferences",
                                           "Magpie cannot write its settings to %1. Check that "
                                           "the folder exists and that you may write to it.")
            .arg(iniPath);
    case QSettings::FormatError:
        break;
    }
    return QCoreApplication::translate("magpie::app::Preferences",
                                       "The settings file %1 is damaged; Magpie did not change it.")
        .arg(iniPath);
}

bool Preferences::operator==(const Preferences &o) const
{
    return startUp == o.startUp && checkMailAtStartUp == o.checkMailAtStartUp
           && notifyNewMail == o.notifyNewMail && language == o.language && layout == o.layout
           && preferHtml == o.preferHtml && blockRemoteContent == o.blockRemoteContent
           && remoteContentSenders == o.remoteContentSenders
           && markReadAfterSeconds == o.markReadAfterSeconds && composeHtml == o.composeHtml
           && quoting == o.quoting && signatures == o.signatures
           && spellCheckLanguage == o.spellCheckLanguage
           && draftAutosaveSeconds == o.draftAutosaveSeconds
           && confirmLinkTargets == o.confirmLinkTargets
           && addressCompletionFromSeen == o.addressCompletionFromSeen
           && connectionLog == o.connectionLog;
}

} // namespace magpie::app
