// JsonStream: the run report's writer. Its text must be JSON that Qt's own parser reads back to
// the same values: escapes, nesting, commas, numbers in every form and locale.

#include "app/jsonstream.h"
#include "commalocale.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cstdio>
#include <limits>

using loopscope::app::JsonStream;

namespace {

// What `write` streams, as bytes.
template<typename F>
QByteArray streamed(F write)
{
    char* data = nullptr;
    std::size_t size = 0;
    std::FILE* memory = open_memstream(&data, &size);
    {
        JsonStream json(memory);
        write(json);
    }
    std::fclose(memory);
    QByteArray bytes(data, qsizetype(size));
    std::free(data);
    return bytes;
}

} // namespace

class TestJsonStream : public QObject
{
    Q_OBJECT
private slots:
    void nestedValuesReadBack()
    {
        LS_IN_COMMA_LOCALE(locale);
        const QByteArray text = streamed([](JsonStream& j) {
            j.beginObject();
            j.key("text");
            j.string("quote \" backslash \\ tab \t newline \n bell \x07 caf\xc3\xa9");
            j.key("numbers");
            j.beginArray();
            j.number(2.5);
            j.number(0.1 + 0.2);
            j.number(1e-7);
            j.integer(-42);
            j.number(std::numeric_limits<double>::quiet_NaN()); // JSON has none: null
            j.endArray();
            j.key("empty");
            j.beginObject();
            j.endObject();
            j.key("list");
            j.beginArray();
            j.beginObject();
            j.key("a");
            j.boolean(true);
            j.endObject();
            j.beginObject();
            j.key("b");
            j.null();
            j.endObject();
            j.endArray();
            j.key("qt");
            j.value(QJsonObject{{QStringLiteral("n"), 3}});
            j.endObject();
        });
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString() + QLatin1Char(' ') + QString::fromUtf8(text)));
        const QJsonObject o = doc.object();
        QCOMPARE(o.value(QStringLiteral("text")).toString(),
                 QStringLiteral("quote \" backslash \\ tab \t newline \n bell \x07 caf\u00e9"));
        const QJsonArray n = o.value(QStringLiteral("numbers")).toArray();
        QCOMPARE(n.at(0).toDouble(), 2.5);
        QCOMPARE(n.at(1).toDouble(), 0.1 + 0.2); // shortest text that reads back exactly
        QCOMPARE(n.at(2).toDouble(), 1e-7);
        QCOMPARE(n.at(3).toInt(), -42);
        QVERIFY(n.at(4).isNull());
        QVERIFY(o.value(QStringLiteral("empty")).toObject().isEmpty());
        QCOMPARE(o.value(QStringLiteral("list")).toArray().size(), 2);
        QVERIFY(o.value(QStringLiteral("list")).toArray().at(1).toObject().value(QStringLiteral("b")).isNull());
        QCOMPARE(o.value(QStringLiteral("qt")).toObject().value(QStringLiteral("n")).toInt(), 3);
        QVERIFY(text.contains("[2.5,0.30000000000000004,1e-07,-42,null]")); // points, whatever the locale
    }
};

QTEST_GUILESS_MAIN(TestJsonStream)
#include "tst_jsonstream.moc"
