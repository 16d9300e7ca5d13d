// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/pop3/Pop3Job.h"

namespace magpie::pop3 {

// NOOP (RFC 1939 s5): keeps the connection alive and checks that the server answers.
class Pop3NoopJob : public Pop3Job
{
    Q_OBJECT
public:
    explicit Pop3NoopJob(Pop3Session *session);
    ~Pop3NoopJob() override;

protected:
    void doStart() override;
    void handleReply(const Pop3Reply &reply) override;
};

} // namespace magpie::pop3
