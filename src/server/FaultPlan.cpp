// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/FaultPlan.h"

namespace magpie::server {

namespace {
struct ActionName
{
    FaultRule::Action action;
    const char *name;
    bool takesArgument;
};
constexpr ActionName kActions[] = {
    { FaultRule::Action::Reply, "reply", true },
    { FaultRule::Action::DropBeforeReply, "drop-before-reply", false },
    { FaultRule::Action::DropAfterReply, "drop-after-reply", false },
    { FaultRule::Action::DropAfterBytes, "drop-after-bytes", true },
    { FaultRule::Action::DropAfterReceived, "drop-after-received", true },
};
} // namespace

QByteArray FaultRule::actionName(Action action)
{
    for (const ActionName &entry : kActions) {
        if (entry.action == action)
            return entry.name;
    }
    return {};
}

std::optional<FaultRule> FaultRule::parse(const QString &spec, QString *whyNot)
{
    auto fail = [&](const QString &why) -> std::optional<FaultRule> {
        if (whyNot)
            *whyNot = why;
        return std::nullopt;
    };
    // The reply text may itself hold colons, so split only the first three.
    QStringList parts;
    qsizetype from = 0;
    for (int i = 0; i < 3; ++i) {
        const qsizetype colon = spec.indexOf(u':', from);
        if (colon < 0)
            break;
        parts << spec.mid(from, colon - from);
        from = colon + 1;
    }
    parts << spec.mid(from);
    if (parts.size() < 3)
        return fail(tr("The fault \"%1\" is not PROTOCOL:COMMAND:ACTION[:ARGUMENT].").arg(spec));

    FaultRule rule;
    const QString protocol = parts[0].toLower();
    if (protocol == u"smtp")
        rule.protocol = Protocol::Smtp;
    else if (protocol == u"pop3")
        rule.protocol = Protocol::Pop3;
    else if (protocol == u"imap")
        rule.protocol = Protocol::Imap;
    else
        return fail(tr("The fault \"%1\" names the protocol \"%2\"; use smtp, pop3 or imap.")
                        .arg(spec, parts[0]));

    rule.command = parts[1].toUpper().toLatin1().replace('-', ' ');
    if (rule.command.isEmpty())
        return fail(tr("The fault \"%1\" names no command.").arg(spec));

    const ActionName *action = nullptr;
    for (const ActionName &entry : kActions) {
        if (parts[2] == QLatin1StringView(entry.name))
            action = &entry;
    }
    if (!action)
        return fail(tr("The fault \"%1\" has the unknown action \"%2\"; use reply, "
                       "drop-before-reply, drop-after-reply, drop-after-bytes or "
                       "drop-after-received.")
                        .arg(spec, parts[2]));
    rule.action = action->action;
    const QString argument = parts.size() > 3 ? parts[3] : QString();
    if (action->takesArgument && argument.isEmpty())
        return fail(tr("The fault \"%1\" needs an argument after \"%2:\".").arg(spec, parts[2]));
    if (!action->takesArgument && !argument.isEmpty())
        return fail(tr("The fault \"%1\" takes no argument after \"%2\".").arg(spec, parts[2]));
    if (rule.action == Action::Reply) {
        // Never a byte the operator did not mean: the reply is one line.
        if (argument.contains(u'\r') || argument.contains(u'\n'))
            return fail(tr("The reply of the fault \"%1\" must be one line.").arg(spec));
        rule.reply = argument.toUtf8();
    } else if (action->takesArgument) {
        bool isNumber = false;
        rule.bytes = argument.toLongLong(&isNumber);
        if (!isNumber || rule.bytes < 0)
            return fail(tr("The fault \"%1\" needs a byte count, not \"%2\".").arg(spec, argument));
    }
    return rule;
}

bool FaultRule::matches(Protocol p, QByteArrayView verb) const
{
    return p == protocol && times != 0
        && (command == "*" || QByteArrayView(command).compare(verb, Qt::CaseInsensitive) == 0);
}

std::optional<FaultRule> FaultPlan::take(Protocol protocol, QByteArrayView command)
{
    for (FaultRule &rule : m_rules) {
        if (rule.matches(protocol, command)) {
            if (rule.times > 0)
                --rule.times;
            return rule;
        }
    }
    return std::nullopt;
}

bool FaultPlan::hasPending(Protocol protocol, FaultRule::Action action) const
{
    for (const FaultRule &rule : m_rules) {
        if (rule.protocol == protocol && rule.action == action && rule.times != 0)
            return true;
    }
    return false;
}

} // namespace magpie::server
