// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/pop3/Pop3Job.h"

namespace magpie::pop3 {

// RSET (RFC 1939 s5): unmarks every message marked with DELE in this session.
class Pop3ResetJob : public Pop3Job
{
    Q_OBJECT
public:
    explicit Pop3ResetJob(Pop3Session *session);
    ~Pop3ResetJob() override;

protected:
    void doStart() override;
    void handleReply(const Pop3Reply &reply) override;
};

} // namespace magpie::pop3
