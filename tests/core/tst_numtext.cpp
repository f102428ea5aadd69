// Numbers as text, in every locale: the core's formatting and parsing under a comma-decimal
// locale give what they give under "C", and the loop's own messages and labels follow.

#include "commalocale.h"
#include "core/numtext.h"
#include "core/testsupport.h"

#include <QTest>

#include <limits>

using namespace loopscope;
using namespace loopscope::test;
using Lines = std::vector<std::string>;

class TestNumText : public QObject
{
    Q_OBJECT
private slots:
    void formatsLikePython_data()
    {
        QTest::addColumn<double>("x");
        QTest::addColumn<QString>("fixed2");
        QTest::addColumn<QString>("shortest");
        QTest::addColumn<QString>("general");
        QTest::newRow("half") << 2.5 << "2.50" << "2.5" << "2.5";
        QTest::newRow("whole") << 2.0 << "2.00" << "2.0" << "2";
        QTest::newRow("tenth") << 0.1 << "0.10" << "0.1" << "0.1";
        QTest::newRow("rounds half to even on the binary value") << 0.125 << "0.12" << "0.125" << "0.125";
        QTest::newRow("sum that is not 0.3") << 0.1 + 0.2 << "0.30" << "0.30000000000000004" << "0.3";
        QTest::newRow("hundred thousand") << 100000.0 << "100000.00" << "100000.0" << "100000";
        QTest::newRow("million") << 1e6 << "1000000.00" << "1000000.0" << "1e+06";
        QTest::newRow("small") << 1e-5 << "0.00" << "1e-05" << "1e-05";
        QTest::newRow("just above the small cut") << 0.0001 << "0.00" << "0.0001" << "0.0001";
        QTest::newRow("large") << 1.5e16 << "15000000000000000.00" << "1.5e+16" << "1.5e+16";
        QTest::newRow("negative") << -3.25 << "-3.25" << "-3.25" << "-3.25";
        QTest::newRow("negative zero") << -0.0 << "-0.00" << "-0.0" << "-0";
    }
    void formatsLikePython()
    {
        QFETCH(double, x);
        QFETCH(QString, fixed2);
        QFETCH(QString, shortest);
        QFETCH(QString, general);
        LS_IN_COMMA_LOCALE(locale);
        QCOMPARE(QString::fromStdString(formatFixed(x, 2)), fixed2);
        QCOMPARE(QString::fromStdString(formatShortest(x)), shortest);
        QCOMPARE(QString::fromStdString(formatGeneral(x)), general);
    }

    void parsesOnlyWholeFiniteNormalNumbers_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<double>("value");
        QTest::newRow("point") << "2.5" << true << 2.5;
        QTest::newRow("plus") << "+4" << true << 4.0;
        QTest::newRow("exponent") << "-1e3" << true << -1000.0;
        QTest::newRow("zero") << "0" << true << 0.0;
        QTest::newRow("smallest normal") << "2.2250738585072014e-308" << true << 2.2250738585072014e-308;
        QTest::newRow("comma") << "2,5" << false << 0.0;
        QTest::newRow("subnormal") << "1e-310" << false << 0.0;
        QTest::newRow("overflow") << "1e400" << false << 0.0;
        QTest::newRow("nan") << "nan" << false << 0.0;
        QTest::newRow("inf") << "inf" << false << 0.0;
        QTest::newRow("minus inf") << "-inf" << false << 0.0;
        QTest::newRow("hex") << "0x10" << false << 0.0;
        QTest::newRow("space before") << " 1" << false << 0.0;
        QTest::newRow("unit after") << "1s" << false << 0.0;
        QTest::newRow("two signs") << "+-1" << false << 0.0;
        QTest::newRow("empty") << "" << false << 0.0;
        QTest::newRow("sign alone") << "+" << false << 0.0;
    }
    void parsesOnlyWholeFiniteNormalNumbers()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(double, value);
        LS_IN_COMMA_LOCALE(locale);
        const auto parsed = parseNumber(text.toStdString());
        QCOMPARE(parsed.has_value(), valid);
        if (valid)
            QCOMPARE(*parsed, value);
    }

    void nonFiniteValuesAreNamed()
    {
        QCOMPARE(formatFixed(std::numeric_limits<double>::quiet_NaN(), 2), std::string("nan"));
        QCOMPARE(formatShortest(-std::numeric_limits<double>::infinity()), std::string("-inf"));
    }

    void theLoopsMessagesAndLabelsIgnoreTheLocale()
    {
        LS_IN_COMMA_LOCALE(locale);
        LoopFixture f;
        auto main = [&]() -> Task<void> {
            co_await asyncio::sleep(0.5);
            blockingSleep(2.25);
        };
        f.loop.run(main());
        // The slow-callback warning, the sleep's wait label and the blocking call's label.
        LS_COMPARE_LINES(f.warnings(), (Lines{"2.750 slow_callback: slow callback: task main ran for 2.250 s"}));
        bool sawSleep = false, sawBlock = false;
        for (std::size_t i = 0; i < f.trace.meta().stringCount(); ++i) {
            const std::string& s = f.trace.meta().string(StringId(std::uint32_t(i)));
            sawSleep |= s == "sleep(0.5)";
            sawBlock |= s == "time.sleep(2.25)";
        }
        QVERIFY(sawSleep);
        QVERIFY(sawBlock);
    }
};

QTEST_GUILESS_MAIN(TestNumText)
#include "tst_numtext.moc"
