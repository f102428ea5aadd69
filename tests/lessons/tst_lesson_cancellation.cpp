// cancellation: the syllabus figures. CancelledError travels from the innermost await outward and
// every frame's finally line runs innermost first; a frame that swallows it keeps the task alive,
// which the loop reports as a warning.

#include "lessontest.h"

using namespace lessontest;

class TestLessonCancellation : public QObject
{
    Q_OBJECT

private slots:
    void cancelTravelsOutward()
    {
        const auto r = run("cancellation");
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 1.0);
        QCOMPARE(timedLines(r), (QStringList{
            "0.000 level 3: innermost, waiting for a slow reply", "1.000 main: cancelling the chain at 1.00 s",
            "1.000 level 3: CancelledError passes through at 1.00 s", "1.000 level 3: finally, cleaning up at 1.00 s",
            "1.000 level 2: CancelledError passes through at 1.00 s", "1.000 level 2: finally, cleaning up at 1.00 s",
            "1.000 level 1: CancelledError passes through at 1.00 s", "1.000 level 1: finally, cleaning up at 1.00 s",
            "1.000 main: chain ended cancelled at 1.00 s"}));
        QCOMPARE(taskState(r, "chain"), std::string("cancelled"));
        QVERIFY(warningKinds(r).empty());
    }

    void deeperChainLaterCancel()
    {
        const auto r = run("cancellation", {"depth=5", "at=2.5"});
        QCOMPARE(total(r), 2.5);
        std::vector<std::string> finallies;
        for (const auto& text : texts(r))
            if (text.find(": finally") != std::string::npos)
                finallies.push_back(text);
        QCOMPARE(finallies, (std::vector<std::string>{
            "level 5: finally, cleaning up at 2.50 s", "level 4: finally, cleaning up at 2.50 s",
            "level 3: finally, cleaning up at 2.50 s", "level 2: finally, cleaning up at 2.50 s",
            "level 1: finally, cleaning up at 2.50 s"}));
        QCOMPARE(taskState(r, "chain"), std::string("cancelled"));
    }

    void swallowingKeepsTheTaskAliveAndWarns()
    {
        const auto r = run("cancellation", {"swallow=true"});
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 2.0);
        QCOMPARE(timedLines(r), (QStringList{
            "0.000 level 3: innermost, waiting for a slow reply", "1.000 main: cancelling the chain at 1.00 s",
            "1.000 level 3: CancelledError passes through at 1.00 s", "1.000 level 3: finally, cleaning up at 1.00 s",
            "1.000 level 2: CancelledError passes through at 1.00 s", "1.000 level 2: finally, cleaning up at 1.00 s",
            "1.000 level 1: caught CancelledError, carrying on at 1.00 s", "2.000 level 1: finally, cleaning up at 2.00 s",
            "2.000 main: chain returned 'late reply' at 2.00 s",
            "2.000 main: warning: the chain ignored cancel() and kept running"}));
        QCOMPARE(taskState(r, "chain"), std::string("done"));
        QCOMPARE(warningKinds(r), (std::vector<std::string>{"swallowed_cancel"}));
        QCOMPARE(warningText(r, WarningKind::SwallowedCancel),
                 std::string("task chain caught CancelledError and carried on instead of re-raising it"));
        const auto one = run("cancellation", {"swallow=true", "depth=1", "at=0.5"});
        QCOMPARE(total(one), 1.5);
        QCOMPARE(taskState(one, "chain"), std::string("done"));
        QCOMPARE(warningKinds(one), (std::vector<std::string>{"swallowed_cancel"}));
    }

    void predictionsAreComputedFromTheRuns()
    {
        QCOMPARE(answers("cancellation"), (std::vector<std::string>{"the innermost level", "cancelled", "1.00"}));
        QCOMPARE(answers("cancellation", {"swallow=true", "at=3"}),
                 (std::vector<std::string>{"the innermost level", "returns a value", "4.00"}));
    }
};

QTEST_GUILESS_MAIN(TestLessonCancellation)
#include "tst_lesson_cancellation.moc"
