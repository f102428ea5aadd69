// TimelineScene: lanes, segments, markers, stalls and brackets from real lesson traces and from
// small hand-made traces, built in one go and incrementally.

#include "lessons/lessontest.h"
#include "lessons/session.h"
#include "ui/timelinescene.h"

#include <QTest>

using namespace loopscope;
using namespace loopscope::ui;
using lessontest::run;

namespace {

int laneNamed(const TimelineScene& scene, const std::string& label)
{
    for (int i = 0; i < scene.laneCount(); ++i)
        if (scene.lane(i).label == label)
            return i;
    return -1;
}

QString states(const Lane& lane)
{
    QStringList out;
    for (const Segment& s : lane.segments)
        out << QString::fromLatin1(toString(TaskPhase(s.state)));
    return out.join(QLatin1Char(' '));
}

// A small trace written by hand: what a lesson with a blocking call, a late timer and a worker records.
struct Handmade
{
    Trace trace;
    TaskId main, worker;
    ObjectId pool;
    Handmade()
    {
        TraceMeta& meta = const_cast<TraceMeta&>(trace.meta());
        main = meta.addTask(meta.intern("main"), TaskId());
        worker = meta.addTask(meta.intern("sleeper"), main);
        pool = meta.addObject(ObjectKind::Executor, meta.intern("pool"), 2);
        const StringId call = meta.intern("time.sleep(1.0)");
        const StringId late = meta.intern("sleep(0.5)");
        add(0, EventKind::LoopPhase, 0, std::uint8_t(LoopPhase::Start));
        add(0, EventKind::TaskCreated, main.value);
        add(0, EventKind::StepScheduled, main.value, std::uint8_t(WakeReason::Created));
        add(0, EventKind::TaskResumed, main.value, 1, 0, 0, 5);
        add(0, EventKind::TaskCreated, sleeper().value, 0, main.value);
        add(0, EventKind::StepScheduled, sleeper().value, std::uint8_t(WakeReason::Created), main.value);
        add(0, EventKind::TaskSuspended, main.value, std::uint8_t(WaitKind::Task), sleeper().value, 0, 6);
        add(0, EventKind::TaskResumed, sleeper().value, 1, 0, 0, 10);
        add(0, EventKind::TaskSuspended, sleeper().value, std::uint8_t(WaitKind::Sleep), 0, late.value, 11);
        // The timer was due at 0.5 s but fires at 0.75 s: the loop was stalled... by nothing here,
        // a hand-made lateness of 250 ms.
        add(ms(750), EventKind::TimerFired, sleeper().value, 0, 0, 250'000);
        add(ms(750), EventKind::StepScheduled, sleeper().value, std::uint8_t(WakeReason::Timer));
        add(ms(750), EventKind::TaskResumed, sleeper().value, 0, 0, 0, 11);
        add(ms(750), EventKind::BlockingBegin, sleeper().value, std::uint8_t(BlockingKind::Sleep), call.value, 0, 12);
        add(ms(1750), EventKind::BlockingEnd, sleeper().value);
        add(ms(1750), EventKind::JobQueued, sleeper().value, 0, pool.value, 1);
        add(ms(1750), EventKind::JobStarted, sleeper().value, 1, pool.value, 1);
        add(ms(1750), EventKind::TaskSuspended, sleeper().value, std::uint8_t(WaitKind::Job), pool.value, 0, 13);
        add(ms(2000), EventKind::JobFinished, sleeper().value, 1, pool.value, 1);
        add(ms(2000), EventKind::StepScheduled, sleeper().value, std::uint8_t(WakeReason::Job));
        add(ms(2000), EventKind::TaskResumed, sleeper().value, 0, 0, 0, 13);
        add(ms(2000), EventKind::TaskFinished, sleeper().value, std::uint8_t(FinishState::Done));
        add(ms(2000), EventKind::StepScheduled, main.value, std::uint8_t(WakeReason::TaskDone), sleeper().value);
        add(ms(2000), EventKind::TaskResumed, main.value, 0, 0, 0, 6);
        add(ms(2000), EventKind::TaskFinished, main.value, std::uint8_t(FinishState::Done));
        add(ms(2000), EventKind::LoopPhase, 0, std::uint8_t(LoopPhase::Closed));
    }
    TaskId sleeper() const { return worker; }
    static TimeNs ms(int v) { return TimeNs(v) * 1'000'000; }
    void add(TimeNs t, EventKind kind, std::uint32_t task, std::uint8_t sub = 0, std::uint32_t a = 0, std::uint32_t b = 0,
             std::uint16_t line = 0)
    {
        Event e;
        e.t = t;
        e.task = task;
        e.kind = kind;
        e.sub = sub;
        e.line = line;
        e.arg.ab = {a, b};
        trace.append(e);
    }
};

} // namespace

class TestTimelineScene : public QObject
{
    Q_OBJECT

private slots:
    void eventLoopLanes()
    {
        const auto r = run("event-loop", {"n=3", "delay=2.0"});
        const TimelineScene scene(*r.trace, "main");
        // The loop, then the tasks in creation order.
        std::vector<std::string> labels;
        for (int lane : scene.displayOrder())
            labels.push_back(scene.lane(lane).label);
        const std::vector<std::string> expected{"event loop", "main", "fetch-1", "fetch-2", "fetch-3"};
        QCOMPARE(labels, expected);
        QCOMPARE(scene.lane(0).kind, LaneKind::Loop);
        QCOMPARE(scene.lane(laneNamed(scene, "fetch-2")).kind, LaneKind::Task);
        QCOMPARE(scene.lane(laneNamed(scene, "fetch-2")).parentLane, laneNamed(scene, "main"));
        QCOMPARE(scene.endTime(), secondsToNs(2));
    }

    void fetchWaitsOnItsSleep()
    {
        const auto r = run("event-loop", {"n=3", "delay=2.0"});
        const TimelineScene scene(*r.trace);
        const int lane = laneNamed(scene, "fetch-2");
        const Lane& l = scene.lane(lane);
        QCOMPARE(states(l), QStringLiteral("created running waiting ready running done"));
        const int waiting = l.segmentAt(secondsToNs(1));
        QCOMPARE(TaskPhase(l.segments[std::size_t(waiting)].state), TaskPhase::Waiting);
        QCOMPARE(l.segments[std::size_t(waiting)].start, 0);
        QCOMPARE(l.segments[std::size_t(waiting)].end, secondsToNs(2));
        QCOMPARE(l.segments[std::size_t(waiting)].line, 14);
        QCOMPARE(scene.describe(lane, waiting),
                 QStringLiteral("fetch-2 waiting on sleep(2.0) from 0.000 s to 2.000 s, line 14"));
        // Drawn at a moment mid-way, the open end is cut there.
        QCOMPARE(scene.describe(lane, waiting, secondsToNs(0.5)),
                 QStringLiteral("fetch-2 waiting on sleep(2.0) from 0.000 s to 0.500 s, line 14"));
        // The last segment (done) stays open: it lasts to whatever moment is drawn.
        QCOMPARE(l.segments.back().end, kOpenEnd);
    }

    void markersOfAnAwait()
    {
        const auto r = run("event-loop", {"n=3", "delay=2.0"});
        const TimelineScene scene(*r.trace);
        const Lane& l = scene.lane(laneNamed(scene, "fetch-1"));
        int yields = 0, resumes = 0, wakes = 0, prints = 0;
        for (const Marker& m : l.markers) {
            if (m.kind == MarkerKind::Yield) {
                ++yields;
                QCOMPARE(m.line, 14);
                QCOMPARE(WaitKind(m.sub), WaitKind::Sleep);
                QCOMPARE(m.t, 0);
            }
            if (m.kind == MarkerKind::Resume) {
                ++resumes;
                QCOMPARE(m.t, secondsToNs(2));
            }
            if (m.kind == MarkerKind::Wake) {
                ++wakes;
                QCOMPARE(WakeReason(m.sub), WakeReason::Timer);
                QCOMPARE(m.fromLane, 0); // the loop's timer woke it
            }
            prints += m.kind == MarkerKind::Print;
        }
        QCOMPARE(yields, 1);
        QCOMPARE(resumes, 1);
        QCOMPARE(wakes, 1);
        QCOMPARE(prints, 2);
        // main is woken by the gather finishing, an arrow from the last fetch to finish.
        const Lane& main = scene.lane(laneNamed(scene, "main"));
        const auto wake = std::find_if(main.markers.begin(), main.markers.end(),
                                       [](const Marker& m) { return m.kind == MarkerKind::Wake; });
        QVERIFY(wake != main.markers.end());
        QCOMPARE(wake->t, secondsToNs(2));
    }

    void gatherBracket()
    {
        const auto r = run("event-loop", {"n=3", "delay=2.0"});
        const TimelineScene scene(*r.trace);
        QCOMPARE(scene.brackets().size(), std::size_t(1));
        const Bracket& b = scene.brackets().front();
        QCOMPARE(b.kind, WaitKind::Gather);
        QCOMPARE(b.parentLane, laneNamed(scene, "main"));
        const std::vector<std::int32_t> children{laneNamed(scene, "fetch-1"), laneNamed(scene, "fetch-2"),
                                                 laneNamed(scene, "fetch-3")};
        QCOMPARE(b.childLanes, children);
        QCOMPARE(b.start, 0);
        QCOMPARE(b.end, secondsToNs(2));
    }

    void loopLaneAndPhases()
    {
        const auto r = run("event-loop", {"n=3", "delay=2.0"});
        const TimelineScene scene(*r.trace);
        const Lane& loop = scene.lane(0);
        // Idle through the two seconds of waiting; the steps are instants at 0 and 2 s.
        const Segment& mid = loop.segments[std::size_t(loop.segmentAt(secondsToNs(1)))];
        QCOMPARE(LoopState(mid.state), LoopState::Idle);
        QCOMPARE(mid.end, secondsToNs(2));
        int busy = 0;
        for (const Segment& s : loop.segments)
            busy += LoopState(s.state) == LoopState::Busy;
        QVERIFY(busy >= 8); // main and three fetches, twice each at least
        std::vector<LoopPhase> phases;
        for (const Marker& m : loop.markers)
            if (m.kind == MarkerKind::Phase)
                phases.push_back(LoopPhase(m.sub));
        QVERIFY(!phases.empty());
        QCOMPARE(phases.front(), LoopPhase::Start);
        QCOMPARE(phases.back(), LoopPhase::Closed);
        QVERIFY(std::find(phases.begin(), phases.end(), LoopPhase::CancelLeftovers) != phases.end());
    }

    void semaphoreCounterLane()
    {
        const auto r = run("semaphores", {"n=5", "k=2", "t=1.0"});
        const TimelineScene scene(*r.trace);
        const int lane = laneNamed(scene, "slots permits in use");
        QVERIFY(lane > 0);
        const Lane& l = scene.lane(lane);
        QCOMPARE(l.kind, LaneKind::Counter);
        QCOMPARE(l.counterMax, 2);
        QCOMPARE(l.counterAt(secondsToNs(0.5)), 2);
        QCOMPARE(l.counterAt(secondsToNs(2.5)), 1); // job-5 alone in the third wave
        QCOMPARE(l.counterAt(secondsToNs(3)), 0);
        // Counter lanes come after the tasks.
        QCOMPARE(scene.displayOrder().back(), lane);
        // job-3 waits on the semaphore for the first wave.
        const int job3 = laneNamed(scene, "job-3");
        const Lane& j = scene.lane(job3);
        const int waiting = j.segmentAt(secondsToNs(0.5));
        QCOMPARE(TaskPhase(j.segments[std::size_t(waiting)].state), TaskPhase::Waiting);
        QCOMPARE(j.segments[std::size_t(waiting)].waitKind, WaitKind::Semaphore);
        QCOMPARE(j.segments[std::size_t(waiting)].end, secondsToNs(1));
        QVERIFY2(scene.describe(job3, waiting).startsWith(QStringLiteral("job-3 waiting on ")),
                 qPrintable(scene.describe(job3, waiting)));
        QVERIFY2(scene.describe(job3, waiting).contains(QStringLiteral("slots")), qPrintable(scene.describe(job3, waiting)));
        QVERIFY(scene.describe(job3, waiting).endsWith(QStringLiteral("from 0.000 s to 1.000 s, line 16")));
    }

    void incrementalEqualsOneGo()
    {
        const lessons::Lesson& lesson = lessontest::lessonById("semaphores");
        const lessons::Params params = lessontest::paramsFor(lesson, {"n=5", "k=2"}); // the session keeps a reference
        lessons::LessonSession session(lesson, params, lesson.variants.front());
        TimelineScene growing(session.trace());
        int updates = 0;
        while (session.advance())
            updates += growing.update();
        growing.update();
        QVERIFY2(updates > 3, qPrintable(QString::number(updates)));
        QCOMPARE(growing.processedEvents(), session.trace().size());
        const TimelineScene whole(session.trace());
        QCOMPARE(growing.laneCount(), whole.laneCount());
        for (int i = 0; i < whole.laneCount(); ++i) {
            const Lane& a = growing.lane(i);
            const Lane& b = whole.lane(i);
            QCOMPARE(a.label, b.label);
            QCOMPARE(a.segments.size(), b.segments.size());
            for (std::size_t k = 0; k < a.segments.size(); ++k) {
                QCOMPARE(a.segments[k].start, b.segments[k].start);
                QCOMPARE(a.segments[k].end, b.segments[k].end);
                QCOMPARE(a.segments[k].state, b.segments[k].state);
            }
            QCOMPARE(a.markers.size(), b.markers.size());
            QCOMPARE(a.counter.size(), b.counter.size());
        }
        QVERIFY(!growing.update()); // nothing new
    }

    void stallLateTimerAndWorker()
    {
        Handmade h;
        const TimelineScene scene(h.trace);
        // The blocking call: a blocked segment, the loop stalled, one band across every lane.
        const int sleeper = scene.laneOfTask(h.sleeper());
        const Lane& s = scene.lane(sleeper);
        const Segment& blocked = s.segments[std::size_t(s.segmentAt(Handmade::ms(1000)))];
        QCOMPARE(TaskPhase(blocked.state), TaskPhase::Blocked);
        QCOMPARE(blocked.start, Handmade::ms(750));
        QCOMPARE(blocked.end, Handmade::ms(1750));
        QCOMPARE(scene.describe(sleeper, s.segmentAt(Handmade::ms(1000))),
                 QStringLiteral("sleeper blocking the loop in time.sleep(1.0) from 0.750 s to 1.750 s, line 12"));
        const Lane& loop = scene.lane(0);
        QCOMPARE(LoopState(loop.segments[std::size_t(loop.segmentAt(Handmade::ms(1000)))].state), LoopState::Stalled);
        QCOMPARE(scene.stalls().size(), std::size_t(1));
        QCOMPARE(scene.stalls().front().start, Handmade::ms(750));
        QCOMPARE(scene.stalls().front().end, Handmade::ms(1750));
        QCOMPARE(scene.stalls().front().lane, sleeper);

        // The late timer: 250 ms of lateness on the sleeper's lane.
        const auto late = std::find_if(s.markers.begin(), s.markers.end(),
                                       [](const Marker& m) { return m.kind == MarkerKind::LateTimer; });
        QVERIFY(late != s.markers.end());
        QCOMPARE(late->value, Handmade::ms(250));
        QCOMPARE(late->t, Handmade::ms(750));

        // The executor's worker 2 (index 1) ran the job from 1.75 s to 2 s.
        const int worker = laneNamed(scene, "pool worker 2");
        QVERIFY(worker > 0);
        QCOMPARE(scene.lane(worker).kind, LaneKind::Worker);
        QCOMPARE(scene.lane(worker).segments.size(), std::size_t(1));
        QCOMPARE(scene.lane(worker).segments.front().start, Handmade::ms(1750));
        QCOMPARE(scene.lane(worker).segments.front().end, Handmade::ms(2000));
        QCOMPARE(scene.describe(worker, 0),
                 QStringLiteral("pool worker 2 running a job for sleeper from 1.750 s to 2.000 s"));

        // main awaited the task: the wait names it, and the wake-up comes from the sleeper's lane.
        const int main = scene.laneOfTask(h.main);
        const Lane& m = scene.lane(main);
        QCOMPARE(scene.describe(main, m.segmentAt(Handmade::ms(1000))),
                 QStringLiteral("main waiting on task sleeper from 0.000 s to 2.000 s, line 6"));
        const auto wake = std::find_if(m.markers.begin(), m.markers.end(),
                                       [](const Marker& k) { return k.kind == MarkerKind::Wake; });
        QVERIFY(wake != m.markers.end());
        QCOMPARE(wake->fromLane, sleeper);
        QCOMPARE(WakeReason(wake->sub), WakeReason::TaskDone);
        // No gather here: no bracket.
        QVERIFY(scene.brackets().empty());
        QCOMPARE(scene.displayOrder(), (std::vector<int>{0, main, sleeper, worker}));
    }

    void formatting()
    {
        QCOMPARE(formatSeconds(0), QStringLiteral("0.000 s"));
        QCOMPARE(formatSeconds(secondsToNs(1.25)), QStringLiteral("1.250 s"));
    }
};

QTEST_APPLESS_MAIN(TestTimelineScene)
#include "tst_timelinescene.moc"
