// SPDX-License-Identifier: GPL-3.0-or-later
// Passwords and the connection log of a MailSession against an embedded loopback server
// (server::Server, IMAPS on a free port): with no password known the session asks through
// its PasswordPrompt and says why; a refused password is never offered again but asked for
// with "refused" in the reason; the right one brings the account online. With the connection
// log on, connectionLog() shows the IMAP conversation with the password redacted; turned off,
// only the events stay.
#include "app/Preferences.h"
#include "app/session/MailSession.h"
#include "models/AccountModel.h"
#include "models/FolderModel.h"
#include "store/Profile.h"
#include "server/Server.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace magpie;
using namespace Qt::StringLiterals;
using app::MailSession;
using State = sync::AccountRuntime::State;

namespace {
const QString kAlice = u"alice@example.test"_s;
const QString kPassword = u"correct horse battery"_s;
} // namespace

class TestSessionPasswords : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void askedWithTheReasonUntilAccepted();
    void connectionLogFollowsThePreference();
    void removedAccountLeavesNothing();
    void rememberedPasswordComesFromTheKeychain();

private:
    sync::AccountConfig account() const;

    std::unique_ptr<server::Server> m_server;
    std::unique_ptr<QTemporaryDir> m_profile;
    std::unique_ptr<MailSession> m_session;
    struct Question
    {
        QString reason;
        sync::AccountRuntime::Secret which;
    };
    QList<Question> m_questions;
    QStringList m_answers; // given in order; an empty string cancels
};

void TestSessionPasswords::init()
{
    server::ServerConfig config;
    config.inMemory = true;
    config.users = { server::LocalUser { kAlice, kPassword } };
    m_server = std::make_unique<server::Server>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));

    m_profile = std::make_unique<QTemporaryDir>();
    m_session = std::make_unique<MailSession>(m_profile->path());
    QVERIFY(!m_session->open());
    m_questions.clear();
    m_answers.clear();
    m_session->setPasswordPrompt(
        [this](const sync::AccountConfig &, sync::AccountRuntime::Secret which,
               const QString &reason,
               std::function<void(std::optional<MailSession::PasswordAnswer>)> answer) {
            m_questions.append({ reason, which });
            const QString given = m_answers.isEmpty() ? QString() : m_answers.takeFirst();
            // Answered later, as a dialog would be.
            QTimer::singleShot(10, this, [given, answer] {
                if (given.isEmpty())
                    answer(std::nullopt);
                else
                    answer(MailSession::PasswordAnswer { given, false });
            });
        });
}

void TestSessionPasswords::cleanup()
{
    m_session.reset();
    m_profile.reset();
    m_server.reset();
}

sync::AccountConfig TestSessionPasswords::account() const
{
    sync::AccountConfig config;
    config.id = u"alice"_s;
    config.displayName = u"Alice at the test server"_s;
    config.address = kAlice;
    config.incomingUser = kAlice;
    config.incomingServer.host = u"127.0.0.1"_s;
    config.incomingServer.port = m_server->ports().imaps;
    config.incomingServer.security = net::ServerEndpoint::Security::ImplicitTls;
    config.incomingServer.extraCaCertificates = { m_server->tlsIdentity()->certificate() };
    return config;
}

void TestSessionPasswords::askedWithTheReasonUntilAccepted()
{
    QCOMPARE(m_session->saveAccount(account()), QString());
    m_answers = { u"wrong password"_s, kPassword };
    QSignalSpy problems(m_session.get(), &MailSession::accountProblem);
    m_session->startAccounts();
    QTRY_COMPARE_WITH_TIMEOUT(m_session->runtime(u"alice"_s)->state(), State::Online, 15000);

    QCOMPARE(m_questions.size(), 2);
    // First: nothing in the keychain (or no keychain at all); then: refused.
    QVERIFY2(m_questions.at(0).reason.contains(u"no password"_s, Qt::CaseInsensitive)
                 || m_questions.at(0).reason.contains(u"keychain"_s, Qt::CaseInsensitive),
             qPrintable(m_questions.at(0).reason));
    QVERIFY2(m_questions.at(1).reason.contains(u"refused"_s), qPrintable(m_questions.at(1).reason));
    QCOMPARE(m_questions.at(1).which, sync::AccountRuntime::Secret::Incoming);
    bool authentication = false;
    for (const QList<QVariant> &signal : std::as_const(problems))
        authentication = authentication
            || signal.at(0).value<sync::SyncProblem>().kind
                == sync::SyncProblem::Kind::Authentication;
    QVERIFY(authentication);

    // The session remembers the accepted password: a new runtime (the account edited) does
    // not ask again.
    sync::AccountConfig edited = account();
    edited.displayName = u"Alice, renamed"_s;
    QCOMPARE(m_session->saveAccount(edited), QString());
    QTRY_COMPARE_WITH_TIMEOUT(m_session->runtime(u"alice"_s)->state(), State::Online, 15000);
    QCOMPARE(m_questions.size(), 2);
    QCOMPARE(m_session->accountModel().index(0).data().toString(), u"Alice, renamed"_s);
}

void TestSessionPasswords::connectionLogFollowsThePreference()
{
    app::Preferences preferences = m_session->preferences();
    preferences.connectionLog = true;
    QCOMPARE(m_session->setPreferences(preferences), QString());
    QCOMPARE(m_session->saveAccount(account()), QString());
    m_answers = { kPassword };
    m_session->startAccounts();
    QTRY_COMPARE_WITH_TIMEOUT(m_session->runtime(u"alice"_s)->state(), State::Online, 15000);
    QTRY_VERIFY(m_session->connectionLog(u"alice"_s).contains(u"IMAP S: "_s));

    const QString log = m_session->connectionLog(u"alice"_s);
    QVERIFY2(log.contains(u"IMAP C: "_s), qPrintable(log));
    QVERIFY2(log.contains(u"<redacted>"_s), qPrintable(log));
    QVERIFY2(!log.contains(kPassword), "the password must never be in the log");
    QVERIFY(log.contains(u"Online."_s));

    preferences.connectionLog = false;
    QCOMPARE(m_session->setPreferences(preferences), QString());
    const QString off = m_session->connectionLog(u"alice"_s);
    QVERIFY(!off.contains(u"IMAP C: "_s));
    QVERIFY(off.contains(u"Online."_s));
    // The choice is saved with the other preferences.
    QCOMPARE(app::Preferences::load(m_session->profile().settingsPath()).connectionLog, false);
}

void TestSessionPasswords::removedAccountLeavesNothing()
{
    QCOMPARE(m_session->saveAccount(account()), QString());
    m_answers = { kPassword };
    m_session->startAccounts();
    QTRY_COMPARE_WITH_TIMEOUT(m_session->runtime(u"alice"_s)->state(), State::Online, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(m_session->folderModel().rowCount(
                                 m_session->folderModel().indexOfAccount(u"alice"_s))
                                 > 0,
                             10000);

    QSignalSpy changed(m_session.get(), &MailSession::accountsChanged);
    QCOMPARE(m_session->removeAccount(u"alice"_s), QString());
    QCOMPARE(changed.size(), 1);
    QVERIFY(m_session->accounts().isEmpty());
    QVERIFY(!m_session->runtime(u"alice"_s));
    QCOMPARE(m_session->accountModel().rowCount(), 0);
    QCOMPARE(m_session->folderModel().rowCount(), 0);
    QVERIFY(!m_session->removeAccount(u"alice"_s).isEmpty());

    // A fresh session on the same profile has no account either.
    m_session.reset();
    MailSession again(m_profile->path());
    QVERIFY(!again.open());
    QVERIFY(again.accounts().isEmpty());
}

void TestSessionPasswords::rememberedPasswordComesFromTheKeychain()
{
    // Remembered: written to the keychain (gnome-keyring in CI, README's test command).
    QCOMPARE(m_session->saveAccount(account()), QString());
    std::optional<store::SecretResult> written;
    m_session->setPassword(u"alice"_s, sync::AccountRuntime::Secret::Incoming, kPassword, true,
                           [&written](const store::SecretResult &result) { written = result; });
    QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 10000);
    if (written->code == store::SecretResult::NoKeychain) {
        // No keychain here: the session says so (Settings shows it) and asks once per session.
        QVERIFY(!m_session->keychainAvailable());
        return;
    }
    if (!written->ok() && qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
        // Run outside README's test command (no D-Bus session, so no Secret Service): the
        // failure is a sentence, and there is nothing more to check here.
        QVERIFY(!written->message.isEmpty());
        return;
    }
    QVERIFY2(written->ok(), qPrintable(written->message));

    // The next session (the next start of Magpie) connects without asking anyone.
    m_session.reset();
    m_session = std::make_unique<MailSession>(m_profile->path());
    QVERIFY(!m_session->open());
    int asked = 0;
    m_session->setPasswordPrompt(
        [&asked](const sync::AccountConfig &, sync::AccountRuntime::Secret, const QString &,
                 std::function<void(std::optional<MailSession::PasswordAnswer>)> answer) {
            ++asked;
            answer(std::nullopt);
        });
    m_session->startAccounts();
    QTRY_COMPARE_WITH_TIMEOUT(m_session->runtime(u"alice"_s)->state(), State::Online, 15000);
    QCOMPARE(asked, 0);
    QVERIFY(m_session->keychainAvailable());

    // Removing the account removes its keychain entry too.
    QCOMPARE(m_session->removeAccount(u"alice"_s), QString());
    // The removal is asynchronous too: read until it is gone (or give up).
    bool gone = false;
    for (int attempt = 0; attempt < 40 && !gone; ++attempt) {
        std::optional<store::SecretResult> read;
        m_session->secrets().read(u"alice/incoming"_s,
                                  [&read](const store::SecretResult &result) { read = result; });
        QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 10000);
        gone = read->code == store::SecretResult::NotFound;
        if (!gone)
            QTest::qWait(50);
    }
    QVERIFY(gone);
}

QTEST_MAIN(TestSessionPasswords)
#include "tst_sessionpasswords.moc"
