// complexity: the syllabus figures. For every n of the sweep, the run's own total: n*t for
// sequential, t for concurrent, ceil(n/k)*t for semaphore — a line, a flat line and a staircase.

#include "lessontest.h"
#include "lessons/format.h"

#include <QElapsedTimer>

using namespace lessontest;

namespace {

std::int64_t expectedNs(const std::string& variant, std::int64_t n, std::int64_t k, TimeNs t)
{
    if (variant == "sequential")
        return n * t;
    if (variant == "concurrent")
        return t;
    return (n + k - 1) / k * t;
}

} // namespace

class TestLessonComplexity : public QObject
{
    Q_OBJECT

private slots:
    void defaultsPrintALineAFlatLineAndAStaircase()
    {
        const auto s = run("complexity", {}, "sequential");
        QCOMPARE(timedLines(s), (QStringList{
            "0.100 sequential: n=1 took 0.10 s", "0.300 sequential: n=2 took 0.20 s",
            "0.800 sequential: n=5 took 0.50 s", "1.800 sequential: n=10 took 1.00 s",
            "3.800 sequential: n=20 took 2.00 s", "8.800 sequential: n=50 took 5.00 s",
            "18.800 sequential: n=100 took 10.00 s"}));
        const auto c = run("complexity", {}, "concurrent");
        QCOMPARE(timedLines(c), (QStringList{
            "0.100 concurrent: n=1 took 0.10 s", "0.200 concurrent: n=2 took 0.10 s",
            "0.300 concurrent: n=5 took 0.10 s", "0.400 concurrent: n=10 took 0.10 s",
            "0.500 concurrent: n=20 took 0.10 s", "0.600 concurrent: n=50 took 0.10 s",
            "0.700 concurrent: n=100 took 0.10 s"}));
        const auto m = run("complexity", {}, "semaphore");
        QCOMPARE(timedLines(m), (QStringList{
            "0.100 semaphore: n=1 took 0.10 s", "0.200 semaphore: n=2 took 0.10 s",
            "0.300 semaphore: n=5 took 0.10 s", "0.400 semaphore: n=10 took 0.10 s",
            "0.600 semaphore: n=20 took 0.20 s", "1.100 semaphore: n=50 took 0.50 s",
            "2.100 semaphore: n=100 took 1.00 s"}));
        QCOMPARE(peakCounter(m, "limit"), 10);
        QCOMPARE(answers("complexity"), (std::vector<std::string>{"10.00", "0.10", "1.00"}));
    }

    void everyPointFollowsItsFormula_data()
    {
        QTest::addColumn<QString>("maxN");
        QTest::addColumn<QString>("k");
        QTest::addColumn<QString>("t");
        // The sizes the listing's sweep() gives: 1, 2, 5 times each power of ten up to max_n, and
        // max_n itself when it is not one of those.
        QTest::addColumn<std::vector<std::int64_t>>("sizes");
        using Sizes = std::vector<std::int64_t>;
        QTest::newRow("defaults") << "100" << "10" << "0.1" << Sizes{1, 2, 5, 10, 20, 50, 100};
        QTest::newRow("30,4,0.5") << "30" << "4" << "0.5" << Sizes{1, 2, 5, 10, 20, 30};
        QTest::newRow("k=1 follows sequential") << "50" << "1" << "0.2" << Sizes{1, 2, 5, 10, 20, 50};
        QTest::newRow("k=max_n follows concurrent") << "200" << "200" << "1" << Sizes{1, 2, 5, 10, 20, 50, 100, 200};
        QTest::newRow("2,1,10") << "2" << "1" << "10" << Sizes{1, 2};
        QTest::newRow("7,3,0.3") << "7" << "3" << "0.3" << Sizes{1, 2, 5, 7};
    }
    void everyPointFollowsItsFormula()
    {
        QFETCH(QString, maxN);
        QFETCH(QString, k);
        QFETCH(QString, t);
        QFETCH(std::vector<std::int64_t>, sizes);
        const std::initializer_list<std::string> settings{"max_n=" + maxN.toStdString(), "k=" + k.toStdString(),
                                                          "t=" + t.toStdString()};
        const TimeNs tNs = secondsToNs(t.toDouble());
        std::vector<std::string> largest;
        for (const std::string variant : {"sequential", "concurrent", "semaphore"}) {
            const auto r = run("complexity", settings, variant);
            QCOMPARE(r.error, std::string());
            const auto printed = console(r);
            QCOMPARE(printed.size(), sizes.size());
            TimeNs previous = 0, sum = 0;
            for (std::size_t i = 0; i < sizes.size(); ++i) {
                const TimeNs took = printed[i].t - previous;
                previous = printed[i].t;
                const TimeNs want = expectedNs(variant, sizes[i], k.toLongLong(), tNs);
                QCOMPARE(took, want);
                sum += want;
                QCOMPARE(printed[i].text, variant + ": n=" + std::to_string(sizes[i]) + " took " +
                                              lessons::fixed2(nsToSeconds(want)) + " s");
            }
            QCOMPARE(r.total, sum);
            largest.push_back(lessons::fixed2(nsToSeconds(expectedNs(variant, sizes.back(), k.toLongLong(), tNs))));
        }
        QCOMPARE(answers("complexity", settings), largest);
    }

    void largestSweepFinishes()
    {
        QElapsedTimer clock;
        clock.start();
        const std::initializer_list<std::string> settings{"max_n=100000", "k=10", "t=0.1"};
        QCOMPARE(texts(run("complexity", settings, "sequential")).back(),
                 std::string("sequential: n=100000 took 10000.00 s"));
        QCOMPARE(texts(run("complexity", settings, "concurrent")).back(),
                 std::string("concurrent: n=100000 took 0.10 s"));
        QCOMPARE(texts(run("complexity", settings, "semaphore")).back(),
                 std::string("semaphore: n=100000 took 1000.00 s"));
        qInfo("three sweeps to 100000 took %lld ms", static_cast<long long>(clock.elapsed()));
    }
};

QTEST_GUILESS_MAIN(TestLessonComplexity)
#include "tst_lesson_complexity.moc"
