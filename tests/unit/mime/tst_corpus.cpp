// SPDX-License-Identifier: GPL-3.0-or-later
// Every message of tests/data/mime/corpus against its NAME.expected.json: the keys given
// there must match what `magpie-cli inspect` reports (tests/data/mime/README.md).
#include "mime/Message.h"
#include "mime/MessageReport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace magpie::mime;
using namespace Qt::StringLiterals;

namespace {
const QString kCorpus = QStringLiteral(MAGPIE_TEST_DATA_DIR "/mime/corpus");

QString show(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    return QString::fromUtf8(QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact));
}

// Arrays of objects: same length, then only the keys the expectation gives.
QString compareArray(const QString &key, const QJsonArray &expected, const QJsonArray &actual)
{
    if (expected.size() != actual.size())
        return u"%1: expected %2 entries, got %3: %4"_s.arg(key).arg(expected.size()).arg(actual.size()).arg(show(actual));
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const QJsonValue e = expected.at(i);
        const QJsonValue a = actual.at(i);
        if (!e.isObject() || !a.isObject()) {
            if (e != a)
                return u"%1[%2]: expected %3, got %4"_s.arg(key).arg(i).arg(show(e), show(a));
            continue;
        }
        const QJsonObject eo = e.toObject();
        const QJsonObject ao = a.toObject();
        for (auto it = eo.begin(); it != eo.end(); ++it) {
            if (ao.value(it.key()) != it.value())
                return u"%1[%2].%3: expected %4, got %5"_s.arg(key).arg(i).arg(it.key(), show(it.value()), show(ao.value(it.key())));
        }
    }
    return {};
}

QString check(const QJsonObject &expected, const QJsonObject &actual)
{
    const QString text = actual.value(u"text"_s).toString();
    const QStringList warnings = actual.value(u"warnings"_s).toVariant().toStringList();
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        const QString key = it.key();
        const QJsonValue want = it.value();
        if (key == u"about")
            continue;
        if (key == u"text_contains" || key == u"text_not_contains") {
            const bool mustContain = key == u"text_contains";
            for (const QJsonValue &needle : want.toArray()) {
                if (text.contains(needle.toString()) != mustContain)
                    return u"%1 %2 in text %3"_s.arg(key, show(needle), show(text));
            }
            continue;
        }
        if (key == u"warnings_contain") {
            for (const QJsonValue &word : want.toArray()) {
                bool found = false;
                for (const QString &warning : warnings)
                    found |= warning.contains(word.toString(), Qt::CaseInsensitive);
                if (!found)
                    return u"no warning mentions %1; warnings: %2"_s.arg(word.toString(), warnings.join(u" | "));
            }
            continue;
        }
        if (key == u"warnings_empty") {
            if (want.toBool() && !warnings.isEmpty())
                return u"expected no warnings, got: "_s + warnings.join(u" | ");
            continue;
        }
        if (!actual.contains(key))
            return u"unknown key in expectation: "_s + key;
        const QJsonValue got = actual.value(key);
        if (want.isArray() && got.isArray()) {
            const QString problem = compareArray(key, want.toArray(), got.toArray());
            if (!problem.isEmpty())
                return problem;
        } else if (want != got) {
            return u"%1: expected %2, got %3"_s.arg(key, show(want), show(got));
        }
    }
    return {};
}
} // namespace

class TestCorpus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void corpusIsComplete();
    void message_data();
    void message();
};

void TestCorpus::corpusIsComplete()
{
    const QStringList messages = QDir(kCorpus).entryList({ u"*.eml"_s }, QDir::Files);
    QVERIFY2(messages.size() >= 150, qPrintable(u"%1 messages in %2"_s.arg(messages.size()).arg(kCorpus)));
    for (const QString &name : messages) {
        const QString expectation = name.chopped(4) + u".expected.json"_s;
        QVERIFY2(QFile::exists(kCorpus + u'/' + expectation), qPrintable(expectation));
    }
    // An expectation without its message would silently test nothing.
    for (const QString &name : QDir(kCorpus).entryList({ u"*.expected.json"_s }, QDir::Files)) {
        const QString message = name.chopped(QStringLiteral(".expected.json").size()) + u".eml"_s;
        QVERIFY2(QFile::exists(kCorpus + u'/' + message), qPrintable(message));
    }
}

void TestCorpus::message_data()
{
    QTest::addColumn<QString>("name");
    const QStringList messages = QDir(kCorpus).entryList({ u"*.eml"_s }, QDir::Files, QDir::Name);
    for (const QString &name : messages)
        QTest::newRow(qPrintable(name)) << name.chopped(4);
}

void TestCorpus::message()
{
    QFETCH(QString, name);
    QFile eml(kCorpus + u'/' + name + u".eml"_s);
    QFile json(kCorpus + u'/' + name + u".expected.json"_s);
    QVERIFY(eml.open(QIODevice::ReadOnly));
    QVERIFY(json.open(QIODevice::ReadOnly));
    QJsonParseError error;
    const QJsonDocument expected = QJsonDocument::fromJson(json.readAll(), &error);
    QVERIFY2(expected.isObject(), qPrintable(error.errorString()));
    const Message parsed(eml.readAll());
    const QJsonObject actual = MessageReport::toJson(parsed);
    const QString problem = check(expected.object(), actual);
    QVERIFY2(problem.isEmpty(), qPrintable(expected.object().value(u"about"_s).toString() + u"\n   "_s + problem));
    // docs/cli.md: every warning carries one of the documented words.
    static const QStringList keywords = { u"charset"_s, u"boundary"_s, u"base64"_s,
        u"quoted-printable"_s, u"uuencode"_s, u"header"_s, u"date"_s, u"address"_s,
        u"no header"_s, u"empty"_s, u"nested"_s, u"encoding"_s, u"parameter"_s };
    for (const QJsonValue &warning : actual.value(u"warnings"_s).toArray()) {
        const QString text = warning.toString();
        const bool documented = std::any_of(keywords.begin(), keywords.end(), [&](const QString &k) {
            return text.contains(k, Qt::CaseInsensitive);
        });
        QVERIFY2(documented, qPrintable(u"undocumented warning: "_s + text));
    }
}

QTEST_GUILESS_MAIN(TestCorpus)
#include "tst_corpus.moc"
