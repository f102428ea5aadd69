// The player: it alone advances the loops, and it moves the document's cursor by the chosen step.

#include "app/player.h"
#include "lessons/lesson.h"

#include <QSignalSpy>
#include <QTest>

using namespace loopscope;
using namespace loopscope::app;

namespace {

const lessons::Lesson& semaphores()
{
    return *lessons::findLesson("semaphores");
}

const Event& eventBefore(const ui::RunDocument& doc)
{
    return (*doc.focused()->trace)[doc.cursorEvent() - 1];
}

} // namespace

class TestPlayer : public QObject
{
    Q_OBJECT

private slots:
    void loadingStartsAtTheBeginningWithTheLoopNotRunAhead()
    {
        ui::RunDocument doc;
        Player player(doc);
        QSignalSpy resets(&doc, &ui::RunDocument::documentReset);
        player.load(semaphores(), lessons::defaultParams(semaphores()));
        QVERIFY(resets.count() >= 1);
        QCOMPARE(doc.cursorEvent(), std::size_t(0));
        QCOMPARE(doc.cursorTime(), TimeNs(0));
        QCOMPARE(doc.variantCount(), 1);
        QVERIFY(doc.focused()->trace->size() > 0); // the first event is there to step to
        QVERIFY(player.running());
    }

    void stepForwardByEventMovesOneEventAndBackReturns()
    {
        ui::RunDocument doc;
        Player player(doc);
        player.load(semaphores(), lessons::defaultParams(semaphores()));
        player.stepForward(StepKind::Event);
        QCOMPARE(doc.cursorEvent(), std::size_t(1));
        player.stepForward(StepKind::Event);
        player.stepForward(StepKind::Event);
        QCOMPARE(doc.cursorEvent(), std::size_t(3));
        player.stepBack(StepKind::Event);
        QCOMPARE(doc.cursorEvent(), std::size_t(2));
        player.reset();
        QCOMPARE(doc.cursorEvent(), std::size_t(0));
    }

    void stepByAwaitStopsJustAfterEachSuspension()
    {
        ui::RunDocument doc;
        Player player(doc);
        player.load(semaphores(), lessons::defaultParams(semaphores()));
        // main awaits gather first, then job 1 sleeps at line 19, then job 2.
        player.stepForward(StepKind::Await);
        QCOMPARE(eventBefore(doc).kind, EventKind::TaskSuspended);
        QCOMPARE(doc.focused()->trace->meta().taskName(TaskId(eventBefore(doc).task)), std::string("main"));
        QCOMPARE(int(eventBefore(doc).line), 29);
        player.stepForward(StepKind::Await);
        QCOMPARE(doc.focused()->trace->meta().taskName(TaskId(eventBefore(doc).task)), std::string("job-1"));
        QCOMPARE(int(eventBefore(doc).line), 19);
        const std::size_t second = doc.cursorEvent();
        player.stepForward(StepKind::Await);
        QCOMPARE(doc.focused()->trace->meta().taskName(TaskId(eventBefore(doc).task)), std::string("job-2"));
        player.stepBack(StepKind::Await);
        QCOMPARE(doc.cursorEvent(), second);
    }

    void stepByPrintedLineAndByIteration()
    {
        ui::RunDocument doc;
        Player player(doc);
        player.load(semaphores(), lessons::defaultParams(semaphores()));
        player.stepForward(StepKind::PrintedLine);
        QCOMPARE(eventBefore(doc).kind, EventKind::Print);
        QCOMPARE(doc.focused()->trace->meta().string(StringId(eventBefore(doc).arg.ab.a)),
                 std::string("job 1: slot taken at 0.00 s, 1 of 2 in use"));
        player.reset();
        player.stepForward(StepKind::Iteration);
        QCOMPARE(eventBefore(doc).kind, EventKind::LoopPhase);
        QCOMPARE(LoopPhase(eventBefore(doc).sub), LoopPhase::ComputeTimeout);
        const auto first = doc.cursorEvent();
        player.stepForward(StepKind::Iteration);
        QVERIFY(doc.cursorEvent() > first);
        QCOMPARE(LoopPhase(eventBefore(doc).sub), LoopPhase::ComputeTimeout);
    }

    void seekShowsTheStateAtThatTime()
    {
        ui::RunDocument doc;
        Player player(doc);
        player.load(semaphores(), lessons::defaultParams(semaphores()));
        player.seek(secondsToNs(1.5));
        QCOMPARE(doc.cursorTime(), secondsToNs(1.5));
        // At 1.5 s jobs 3 and 4 hold the slots; job 5 waits for one.
        const ReplayState& s = doc.stateAtCursor(0);
        int waiting = 0;
        for (const auto& t : s.tasks)
            waiting += t.exists && t.phase == TaskPhase::Waiting;
        QCOMPARE(waiting, 4); // main on gather, jobs 3 and 4 asleep, job 5 on the semaphore
    }

    void changingParametersKeepsTheCursorTime()
    {
        ui::RunDocument doc;
        Player player(doc);
        player.load(semaphores(), lessons::defaultParams(semaphores()));
        player.seek(secondsToNs(2.0));
        lessons::Params p = lessons::defaultParams(semaphores());
        lessons::applyAssignment(semaphores(), p, "k=5");
        player.load(semaphores(), p, doc.cursorTime());
        QCOMPARE(doc.params().integer("k"), std::int64_t(5));
        // With k=5 everything ends at 1 s, so the kept time is clamped to the run's end.
        QCOMPARE(doc.cursorTime(), secondsToNs(1.0));
    }

    void finishingEveryVariantGivesTheRunsForAnswers()
    {
        ui::RunDocument doc;
        Player player(doc);
        QSignalSpy finished(&player, &Player::finished);
        player.load(*lessons::findLesson("event-loop"), lessons::defaultParams(*lessons::findLesson("event-loop")));
        player.toEnd();
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY(player.complete());
        QCOMPARE(player.results().size(), std::size_t(1));
        QCOMPARE(player.results()[0].total, secondsToNs(2.0));
        QCOMPARE(doc.variant(0).finished, true);
        QCOMPARE(doc.variant(0).total, secondsToNs(2.0));
        QCOMPARE(doc.cursorEvent(), doc.focused()->trace->size());
    }

    void playingAdvancesWithTheClockAndStopsAtTheEnd()
    {
        ui::RunDocument doc;
        Player player(doc);
        player.load(semaphores(), lessons::defaultParams(semaphores()));
        player.setSecondsPerVirtualSecond(0.1); // ten virtual seconds a second: 3 s takes 0.3 s
        QSignalSpy playing(&player, &Player::playingChanged);
        player.play();
        QVERIFY(player.isPlaying());
        QTRY_VERIFY_WITH_TIMEOUT(!player.isPlaying(), 10000);
        QCOMPARE(doc.cursorTime(), secondsToNs(3.0));
        QCOMPARE(doc.cursorEvent(), doc.focused()->trace->size());
        QCOMPARE(playing.count(), 2);
    }
};

QTEST_MAIN(TestPlayer)
#include "tst_player.moc"
