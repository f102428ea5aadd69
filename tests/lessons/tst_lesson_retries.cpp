// retries: the syllabus figures. Waits of base**attempt (1, 2, 4 ...) between attempts, total = sum
// of the waits plus the calls; many clients without jitter retry at the very same instants, jitter
// spreads them; the largest settings stay inside the nanosecond clock.

#include "lessontest.h"

using namespace lessontest;

class TestLessonRetries : public QObject
{
    Q_OBJECT

private slots:
    void backoffDoublesTheWait()
    {
        const auto r = run("retries");
        QCOMPARE(r.error, std::string());
        QCOMPARE(timedLines(r), (QStringList{
            "0.100 client-1: try 1 failed at 0.10 s, waits 1.00 s",
            "1.200 client-1: try 2 failed at 1.20 s, waits 2.00 s",
            "3.300 client-1: try 3 failed at 3.30 s, waits 4.00 s",
            "7.400 client-1: try 4 ok at 7.40 s",
            "7.400 main: all 1 clients done at 7.40 s",
            "7.400 main: 3 retries at 3 distinct instants",
            "7.400 main: at most 1 retries at the same instant"}));
        QCOMPARE(total(r), 7.4); // 1 + 2 + 4 s of waits, four calls of 0.1 s
        QCOMPARE(taskState(r, "client-1"), std::string("done"));
        QCOMPARE(answers("retries"), (std::vector<std::string>{"7.40", "1"}));
    }

    void totalIsTheSumOfTheWaitsPlusTheCalls_data()
    {
        QTest::addColumn<QString>("failures");
        QTest::addColumn<QString>("base");
        QTest::addColumn<double>("total");
        QTest::newRow("nothing fails") << "0" << "2" << 0.1;
        QTest::newRow("base 1: constant waits") << "3" << "1" << 3.4;
        QTest::newRow("base 3") << "3" << "3" << 13.4;     // 1 + 3 + 9 + 0.4
        QTest::newRow("5 failures") << "5" << "2" << 31.6; // 1 + 2 + 4 + 8 + 16 + 0.6
        // 10**0 + ... + 10**9 s of waits: about 35 years, still exact in int64 nanoseconds.
        QTest::newRow("largest") << "10" << "10" << 1111111111.0 + 1.1;
    }
    void totalIsTheSumOfTheWaitsPlusTheCalls()
    {
        QFETCH(QString, failures);
        QFETCH(QString, base);
        QFETCH(double, total);
        const auto r = run("retries", {"failures=" + failures.toStdString(), "base=" + base.toStdString()});
        QCOMPARE(r.error, std::string());
        QCOMPARE(lessontest::total(r), total);
        QVERIFY(r.total > 0);
        QCOMPARE(taskState(r, "client-1"), std::string("done"));
    }

    void manyClientsRetryInStepWithoutJitter()
    {
        const auto r = run("retries", {"clients=200"});
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 7.4);
        const auto lines = texts(r);
        QCOMPARE(lines.at(lines.size() - 2), std::string("main: 600 retries at 3 distinct instants"));
        QCOMPARE(lines.back(), std::string("main: at most 200 retries at the same instant"));
        // Only the first three clients print their attempts.
        QCOMPARE(printedAt(r, "client-4"), -1.0);
        QCOMPARE(printedAt(r, "client-3: try 2 failed at 1.20 s"), 1.2);
        QCOMPARE(answers("retries", {"clients=200"}), (std::vector<std::string>{"7.40", "200"}));
    }

    void jitterSpreadsTheRetries()
    {
        const auto r = run("retries", {"clients=200", "jitter=true"});
        QCOMPARE(r.error, std::string());
        const auto lines = texts(r);
        QCOMPARE(lines.at(lines.size() - 2), std::string("main: 600 retries at 600 distinct instants"));
        QCOMPARE(lines.back(), std::string("main: at most 1 retries at the same instant"));
        // The per-client generator: client 2's first factor is 0.5 + 0.0277... -> waits 0.53 s.
        QCOMPARE(printedAt(r, "client-2: try 1 failed at 0.10 s, waits 0.53 s"), 0.1);
        QCOMPARE(printedAt(r, "client-2: try 2 failed at 0.73 s, waits 2.39 s"), 0.727734408);
        QCOMPARE(answers("retries", {"clients=200", "jitter=true"}).at(1), std::string("1"));
    }
};

QTEST_GUILESS_MAIN(TestLessonRetries)
#include "tst_lesson_retries.moc"
