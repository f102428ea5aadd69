// task-group: the syllabus figures. With a failure, the TaskGroup cancels the siblings at once
// (they end cancelled) and raises an ExceptionGroup after all have finished; gather, beside it,
// lets the siblings run to completion.

#include "lessontest.h"

using namespace lessontest;

class TestLessonTaskGroup : public QObject
{
    Q_OBJECT

private slots:
    void taskGroupCancelsTheSiblingsAtTheFailure()
    {
        const auto r = run("task-group", {}, "task-group");
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 2.0);
        QCOMPARE(timedLines(r), (QStringList{
            "0.000 fetch 1: start", "0.000 fetch 2: start", "0.000 fetch 3: start",
            "1.000 fetch 1: done at 1.00 s", "2.000 fetch 2: failing at 2.00 s",
            "2.000 fetch 3: cancelled at 2.00 s",
            "2.000 main: TaskGroup raised [ConnectionError('fetch 2 failed')]",
            "2.000 main: over at 2.00 s, cancelled = [False, False, True]"}));
        QCOMPARE(taskState(r, "fetch-1"), std::string("done"));
        QCOMPARE(taskState(r, "fetch-2"), std::string("failed"));
        QCOMPARE(taskState(r, "fetch-3"), std::string("cancelled"));
        QCOMPARE(taskState(r, "main"), std::string("done"));
    }

    void gatherLetsTheSiblingsFinish()
    {
        const auto r = run("task-group", {}, "gather");
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 3.0);
        QCOMPARE(timedLines(r), (QStringList{
            "0.000 fetch 1: start", "0.000 fetch 2: start", "0.000 fetch 3: start",
            "1.000 fetch 1: done at 1.00 s", "2.000 fetch 2: failing at 2.00 s",
            "2.000 main: gather raised ConnectionError('fetch 2 failed')",
            "3.000 fetch 3: done at 3.00 s",
            "3.000 main: over at 3.00 s, cancelled = [False, False, False]"}));
        QCOMPARE(taskState(r, "fetch-2"), std::string("failed"));
        QCOMPARE(taskState(r, "fetch-3"), std::string("done"));
        QVERIFY(warningKinds(r).empty()); // the failure was retrieved by gather
    }

    void firstFetchFailingCancelsBothOthers()
    {
        const auto r = run("task-group", {"fail=1"}, "task-group");
        QCOMPARE(total(r), 1.0);
        QCOMPARE(timedLines(r), (QStringList{
            "0.000 fetch 1: start", "0.000 fetch 2: start", "0.000 fetch 3: start",
            "1.000 fetch 1: failing at 1.00 s", "1.000 fetch 2: cancelled at 1.00 s",
            "1.000 fetch 3: cancelled at 1.00 s",
            "1.000 main: TaskGroup raised [ConnectionError('fetch 1 failed')]",
            "1.000 main: over at 1.00 s, cancelled = [False, True, True]"}));
        QCOMPARE(taskState(r, "fetch-2"), std::string("cancelled"));
        QCOMPARE(taskState(r, "fetch-3"), std::string("cancelled"));
        const auto g = run("task-group", {"fail=1"}, "gather");
        QCOMPARE(total(g), 3.0);
        QCOMPARE(printedAt(g, "main: gather raised ConnectionError('fetch 1 failed')"), 1.0);
        QCOMPARE(taskState(g, "fetch-2"), std::string("done"));
        QCOMPARE(taskState(g, "fetch-3"), std::string("done"));
    }

    void noFailureMeansTheSameRunBothWays()
    {
        for (const std::string variant : {"gather", "task-group"}) {
            const auto r = run("task-group", {"fail=0"}, variant);
            QCOMPARE(total(r), 3.0);
            QCOMPARE(printedAt(r, "main: results ['result 1', 'result 2', 'result 3']"), 3.0);
            QCOMPARE(texts(r).back(), std::string("main: over at 3.00 s, cancelled = [False, False, False]"));
        }
    }

    void lastFetchFailingLeavesNothingToCancel()
    {
        const auto r = run("task-group", {"fail=3"}, "task-group");
        QCOMPARE(total(r), 3.0);
        QCOMPARE(texts(r).back(), std::string("main: over at 3.00 s, cancelled = [False, False, False]"));
        QCOMPARE(printedAt(r, "main: TaskGroup raised [ConnectionError('fetch 3 failed')]"), 3.0);
    }

    void predictionsAreComputedFromTheRuns()
    {
        QCOMPARE(answers("task-group"), (std::vector<std::string>{"2.00", "1", "0"}));
        QCOMPARE(answers("task-group", {"fail=1"}), (std::vector<std::string>{"1.00", "2", "0"}));
        QCOMPARE(answers("task-group", {"fail=0"}), (std::vector<std::string>{"3.00", "0", "0"}));
    }
};

QTEST_GUILESS_MAIN(TestLessonTaskGroup)
#include "tst_lesson_task_group.moc"
