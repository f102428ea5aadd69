// real-world-io: the syllabus figures. Sequential = n*latency (100 s); concurrent = latency with
// no limit, ceil(n/limit)*latency with one (limit 100 -> 1 s); the totals and the ratio are printed;
// 100000 requests stay fast.

#include "lessontest.h"

#include <chrono>

using namespace lessontest;

class TestLessonRealWorldIo : public QObject
{
    Q_OBJECT

private slots:
    void oneAfterAnotherAgainstAllAtOnce()
    {
        const auto seq = run("real-world-io", {}, "sequential");
        QCOMPARE(seq.error, std::string());
        QCOMPARE(total(seq), 100.0);
        QCOMPARE(timedLines(seq), (QStringList{
            "0.100 request 0: status 200 at 0.10 s", "0.200 request 1: status 200 at 0.20 s",
            "0.300 request 2: status 200 at 0.30 s",
            "100.000 main: sequential, 1000 of 1000 requests ok in 100.00 s",
            "100.000 main: one after another takes 100.00 s, 1.0x this run"}));
        QCOMPARE(peakCounter(seq, "example.com"), 1);

        const auto con = run("real-world-io", {}, "concurrent");
        QCOMPARE(con.error, std::string());
        QCOMPARE(total(con), 0.1);
        QCOMPARE(timedLines(con), (QStringList{
            "0.100 request 0: status 200 at 0.10 s", "0.100 request 2: status 200 at 0.10 s",
            "0.100 request 1: status 200 at 0.10 s",
            "0.100 main: concurrent, 1000 of 1000 requests ok in 0.10 s",
            "0.100 main: one after another takes 100.00 s, 1000.0x this run"}));
        QCOMPARE(peakCounter(con, "example.com"), 1000);
        QCOMPARE(taskState(con, "request-999"), std::string("done"));
        QCOMPARE(answers("real-world-io"), (std::vector<std::string>{"100.00", "0.10", "1000"}));
    }

    void aConnectionLimitMakesWaves_data()
    {
        QTest::addColumn<QString>("n");
        QTest::addColumn<QString>("latency");
        QTest::addColumn<QString>("limit");
        QTest::addColumn<double>("total");
        QTest::addColumn<QString>("ratio");
        QTest::newRow("limit 100") << "1000" << "0.1" << "100" << 1.0 << "100.0x";
        QTest::newRow("limit 10") << "1000" << "0.1" << "10" << 10.0 << "10.0x";
        QTest::newRow("limit 1") << "1000" << "0.1" << "1" << 100.0 << "1.0x";
        QTest::newRow("50 by 7") << "50" << "0.3" << "7" << 2.4 << "6.2x"; // ceil(50/7) = 8 waves
    }
    void aConnectionLimitMakesWaves()
    {
        QFETCH(QString, n);
        QFETCH(QString, latency);
        QFETCH(QString, limit);
        QFETCH(double, total);
        QFETCH(QString, ratio);
        const std::initializer_list<std::string> settings = {
            "n=" + n.toStdString(), "latency=" + latency.toStdString(), "limit=" + limit.toStdString()};
        const auto r = run("real-world-io", settings, "concurrent");
        QCOMPARE(r.error, std::string());
        QCOMPARE(lessontest::total(r), total);
        QCOMPARE(peakCounter(r, "example.com"), limit.toLongLong());
        const auto lines = texts(r);
        QVERIFY2(lines.back().find(", " + ratio.toStdString() + " this run") != std::string::npos, lines.back().c_str());
        // The limit changes nothing one after another.
        const auto seq = run("real-world-io", settings, "sequential");
        QCOMPARE(lessontest::total(seq), n.toDouble() * latency.toDouble());
        QCOMPARE(answers("real-world-io", settings).at(2), limit.toStdString());
    }

    void aHundredThousandRequestsStayFast()
    {
        const auto began = std::chrono::steady_clock::now();
        const auto r = run("real-world-io", {"n=100000"}, "concurrent");
        const auto seq = run("real-world-io", {"n=100000", "limit=10000"}, "sequential");
        const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 0.1);
        QCOMPARE(texts(r).back(), std::string("main: one after another takes 10000.00 s, 100000.0x this run"));
        QCOMPARE(total(seq), 10000.0);
        QVERIFY2(took < 10.0, qPrintable(QString::number(took)));
    }
};

QTEST_GUILESS_MAIN(TestLessonRealWorldIo)
#include "tst_lesson_real_world_io.moc"
