// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/pop3/Pop3Job.h"

#include <QByteArray>
#include <QIODevice>
#include <QPointer>

namespace magpie::pop3 {

// RETR (RFC 1939 s5): downloads one message, streamed: the message's bytes (dot-unstuffed,
// CRLF as on the wire) come out through dataReceived() and, when set, are written to a
// device, piece by piece as they arrive, so a message of any size never sits in memory whole.
//
// Only a job that finished without error delivered the whole message: after a failure (the
// connection dropped, the device refused a write) what was delivered is a fragment and must
// be thrown away; isComplete() says which.
class Pop3RetrieveJob : public Pop3Job
{
    Q_OBJECT
public:
    Pop3RetrieveJob(Pop3Session *session, quint32 messageNumber);
    ~Pop3RetrieveJob() override;

    quint32 messageNumber() const { return m_number; }
    // Writes the message into `device` (opened for writing; not owned) as it arrives.
    void setDevice(QIODevice *device) { m_device = device; }
    // The bytes delivered so far; the message's size once isComplete().
    qint64 size() const { return m_size; }
    bool isComplete() const { return m_complete; }

Q_SIGNALS:
    void dataReceived(const QByteArray &chunk);

protected:
    // The command line; TOP overrides it.
    virtual QByteArray command() const;
    // "Retrieving message 3", for errors.
    virtual QString description() const;

    void doStart() override;
    void handleReply(const Pop3Reply &reply) override;
    void handleData(const QByteArray &chunk) override;
    void handleEndOfData() override;
    void connectionLost(const net::NetError &error) override;

private:
    quint32 m_number;
    QPointer<QIODevice> m_device;
    qint64 m_size = 0;
    bool m_complete = false;
};

} // namespace magpie::pop3
