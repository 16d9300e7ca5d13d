// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/UsersFile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace magpie::server;
using namespace Qt::StringLiterals;

class TestUsersFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parses_data();
    void parses();
    void reportsEveryBadLine();
    void missingFileHoldsNoUsers();
    void unreadableFileIsAnError();
    void readsTheFile();
};

void TestUsersFile::parses_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("users"); // "address password"

    QTest::newRow("empty") << QByteArray() << QStringList();
    QTest::newRow("one line, no final newline")
        << "alice@example.test:secret"_ba << QStringList { u"alice@example.test secret"_s };
    QTest::newRow("comments and blank lines")
        << "# the users\n\nalice@example.test:secret\n   \n  # bob is away\nbob@example.test:hunter2\n"_ba
        << QStringList { u"alice@example.test secret"_s, u"bob@example.test hunter2"_s };
    QTest::newRow("CRLF line ends")
        << "alice@example.test:secret\r\nbob@example.test:pw\r\n"_ba
        << QStringList { u"alice@example.test secret"_s, u"bob@example.test pw"_s };
    QTest::newRow("password keeps colons, hash and trailing spaces")
        << "alice@example.test:a:b # c  \n"_ba << QStringList { u"alice@example.test a:b # c  "_s };
    QTest::newRow("leading blanks are layout")
        << "\t  alice@example.test:secret\n"_ba << QStringList { u"alice@example.test secret"_s };
    QTest::newRow("address lower-cased")
        << "Alice@Example.TEST:secret\n"_ba << QStringList { u"alice@example.test secret"_s };
    QTest::newRow("UTF-8 password")
        << "alice@example.test:gr\xc3\xbc\xc3\x9f"
           "e\n"_ba
        << QStringList { QString::fromUtf8("alice@example.test gr\xc3\xbc\xc3\x9f"
                                           "e") };
}

void TestUsersFile::parses()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, users);
    QStringList errors;
    const std::optional<QList<LocalUser>> parsed = UsersFile::parse(text, u"users"_s, &errors);
    QVERIFY2(parsed, qPrintable(errors.join(u'\n')));
    QVERIFY(errors.isEmpty());
    QStringList actual;
    for (const LocalUser &user : *parsed)
        actual << user.address + u' ' + user.password;
    QCOMPARE(actual, users);
}

void TestUsersFile::reportsEveryBadLine()
{
    const QByteArray text = "# users\n"
                            "alice@example.test:secret\n"
                            "bob@example.test\n" // line 3: no password
                            "\n"
                            "carol:topsecret\n" // line 5: not an address
                            "dave@example.test:\n"; // line 6: empty password
    QStringList errors;
    QVERIFY(!UsersFile::parse(text, u"/srv/mail/users"_s, &errors));
    QCOMPARE(errors.size(), 3);
    QVERIFY2(errors[0].startsWith(u"/srv/mail/users line 3: "_s), qPrintable(errors[0]));
    QVERIFY(errors[0].contains(u"bob@example.test"_s));
    QVERIFY2(errors[1].startsWith(u"/srv/mail/users line 5: "_s), qPrintable(errors[1]));
    QVERIFY2(errors[2].startsWith(u"/srv/mail/users line 6: "_s), qPrintable(errors[2]));
    for (const QString &error : std::as_const(errors))
        QVERIFY2(!error.contains(u"topsecret"_s), "a refusal must not show the password");
}

void TestUsersFile::missingFileHoldsNoUsers()
{
    QTemporaryDir dir;
    QStringList errors;
    const auto users = UsersFile::read(UsersFile::path(dir.path()), &errors);
    QVERIFY(users);
    QVERIFY(users->isEmpty());
    QVERIFY(errors.isEmpty());
}

void TestUsersFile::unreadableFileIsAnError()
{
    QTemporaryDir dir;
    // A folder where the file should be cannot be read as one.
    const QString path = UsersFile::path(dir.path());
    QVERIFY(QDir().mkpath(path));
    QStringList errors;
    QVERIFY(!UsersFile::read(path, &errors));
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors[0].contains(path), qPrintable(errors[0]));
}

void TestUsersFile::readsTheFile()
{
    QTemporaryDir dir;
    QCOMPARE(UsersFile::path(dir.path()), dir.filePath(u"users"_s));
    QFile file(UsersFile::path(dir.path()));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("alice@example.test:secret\nbob@example.test:hunter2\n");
    file.close();
    QStringList errors;
    const auto users = UsersFile::read(file.fileName(), &errors);
    QVERIFY(users);
    QCOMPARE(users->size(), 2);
    QCOMPARE(users->at(1).address, u"bob@example.test"_s);
    QCOMPARE(users->at(1).password, u"hunter2"_s);
}

QTEST_GUILESS_MAIN(TestUsersFile)
#include "tst_usersfile.moc"
