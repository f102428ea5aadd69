// loop-cycle: the syllabus figures. Total = max(delays); tasks finish in delay order but gather
// returns argument order; every loop turn goes through its phases in order, one by one.

#include "lessontest.h"

#include <map>

using namespace lessontest;

namespace {

// The loop phases recorded for each iteration, in order: {iteration, [phases...]}.
std::map<std::uint32_t, std::vector<LoopPhase>> phasesByIteration(const VariantRun& r)
{
    std::map<std::uint32_t, std::vector<LoopPhase>> out;
    for (std::size_t i = 0; i < r.trace->size(); ++i) {
        const Event& e = (*r.trace)[i];
        if (e.kind == EventKind::LoopPhase)
            out[e.arg.ab.a].push_back(LoopPhase(e.sub));
    }
    return out;
}

} // namespace

class TestLessonLoopCycle : public QObject
{
    Q_OBJECT

private slots:
    void defaultsFinishInDelayOrderReturnInArgumentOrder()
    {
        const auto r = run("loop-cycle");
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 3.0);
        QCOMPARE(timedLines(r), (QStringList{
            "0.000 main: created 3 tasks",
            "0.000 task 1: sleeping 2.00 s", "0.000 task 2: sleeping 1.00 s", "0.000 task 3: sleeping 3.00 s",
            "1.000 task 2: woke at 1.00 s", "2.000 task 1: woke at 2.00 s", "3.000 task 3: woke at 3.00 s",
            "3.000 main: finishing order [2, 1, 3]", "3.000 main: gather results [1, 2, 3]",
            "3.000 main: total 3.00 s"}));
        for (const char* name : {"task-1", "task-2", "task-3", "main"})
            QCOMPARE(taskState(r, name), std::string("done"));
        QCOMPARE(answers("loop-cycle"),
                 (std::vector<std::string>{"3.00", "2", "the order the tasks were created"}));
    }

    void everyTurnStepsThroughItsPhasesInOrder()
    {
        const auto r = run("loop-cycle");
        const auto turns = phasesByIteration(r);
        // Turn 0 holds the run's own start; the turns that follow each run the four phases of
        // BaseEventLoop._run_once, and the last lines are the run's cancel/shutdown/close phases.
        const std::vector<LoopPhase> cycle{LoopPhase::ComputeTimeout, LoopPhase::Wait, LoopPhase::ExpireTimers,
                                           LoopPhase::RunReady};
        int fullTurns = 0;
        for (const auto& [iteration, phases] : turns) {
            std::vector<LoopPhase> core;
            for (LoopPhase p : phases)
                if (p != LoopPhase::Start && p != LoopPhase::CancelLeftovers && p != LoopPhase::ShutdownExecutors &&
                    p != LoopPhase::Closed)
                    core.push_back(p);
            if (core.empty())
                continue;
            QCOMPARE(core, cycle);
            ++fullTurns;
        }
        // At least: main's first step, the tasks' first steps, three timer wake-ups, three gather
        // callbacks and main's wake-up.
        QVERIFY2(fullTurns >= 6, qPrintable(QString::number(fullTurns)));
        QCOMPARE(turns.begin()->second.front(), LoopPhase::Start);
        QCOMPARE(turns.rbegin()->second.back(), LoopPhase::Closed);
    }

    void otherDelays_data()
    {
        QTest::addColumn<QString>("delays");
        QTest::addColumn<double>("total");
        QTest::addColumn<QString>("finishing");
        QTest::addColumn<QString>("results");
        QTest::addColumn<QString>("first");
        QTest::newRow("3,2,1") << "3,2,1" << 3.0 << "[3, 2, 1]" << "[1, 2, 3]" << "3";
        QTest::newRow("eight") << "5,1,4,2,8,3,7,6" << 8.0 << "[2, 4, 6, 3, 1, 8, 7, 5]"
                               << "[1, 2, 3, 4, 5, 6, 7, 8]" << "2";
        QTest::newRow("0,0,0") << "0,0,0" << 0.0 << "[1, 2, 3]" << "[1, 2, 3]" << "1";
        QTest::newRow("one 10") << "10" << 10.0 << "[1]" << "[1]" << "1";
    }
    void otherDelays()
    {
        QFETCH(QString, delays);
        QFETCH(double, total);
        QFETCH(QString, finishing);
        QFETCH(QString, results);
        QFETCH(QString, first);
        const std::string setting = "delays=" + delays.toStdString();
        const auto r = run("loop-cycle", {setting});
        QCOMPARE(r.error, std::string());
        QCOMPARE(lessontest::total(r), total);
        const auto lines = texts(r);
        QCOMPARE(lines.at(lines.size() - 3), "main: finishing order " + finishing.toStdString());
        QCOMPARE(lines.at(lines.size() - 2), "main: gather results " + results.toStdString());
        QCOMPARE(printedAt(r, "main: total"), total);
        const auto a = answers("loop-cycle", {setting});
        QCOMPARE(a.at(1), first.toStdString());
        QCOMPARE(a.at(2), std::string("the order the tasks were created"));
    }
};

QTEST_GUILESS_MAIN(TestLessonLoopCycle)
#include "tst_lesson_loop_cycle.moc"
