// EventLoop::start/advance: asyncio.run a step at a time gives the same trace as run(), and a
// loop dropped part way through tears its tasks down cleanly.

#include "testsupport.h"

#include "core/asyncio.h"

#include <QTest>

#include <functional>

using namespace loopscope;
using namespace loopscope::test;

namespace {

Task<int> napper(double s)
{
    co_await asyncio::sleep(s);
    co_return int(s * 10);
}

Task<int> program()
{
    EventLoop& loop = runningLoop();
    auto a = loop.createTask(napper(0.5), "a");
    auto b = loop.createTask(napper(0.2), "b");
    loop.createTask(napper(9.0), "leftover");
    const int x = co_await a;
    const int y = co_await b;
    co_return x + y;
}

// What the teardown destroyed, in order: each child's frame, then main's.
int g_childrenGone = 0;
int g_childrenGoneBeforeMain = -1;

struct OnDestroy
{
    std::function<void()> fn;
    ~OnDestroy() { fn(); }
};

Task<void> holdsSlot(Semaphore& permits)
{
    OnDestroy gone{[] { ++g_childrenGone; }};
    auto slot = co_await permits.hold();
    co_await asyncio::sleep(5.0);
}

// The semaphore lives in main's frame and every child holds or waits for it.
Task<void> ownsTheSemaphore()
{
    EventLoop& loop = runningLoop();
    OnDestroy gone{[] { g_childrenGoneBeforeMain = g_childrenGone; }};
    Semaphore permits(1, "permits");
    std::vector<TaskRef<void>> jobs;
    for (int i = 0; i < 3; ++i)
        jobs.push_back(loop.createTask(holdsSlot(permits)));
    co_await gather(std::move(jobs));
}

Task<void> returnsAtOnce()
{
    co_return;
}

// Ten thousand tasks made in main's first step: all take their one step in the next iteration.
Task<void> fansOut(int n)
{
    EventLoop& loop = runningLoop();
    std::vector<TaskRef<void>> tasks;
    for (int i = 0; i < n; ++i)
        tasks.push_back(loop.createTask(returnsAtOnce()));
    co_await gather(std::move(tasks));
}

std::size_t count(const Trace& trace, EventKind kind)
{
    std::size_t n = 0;
    for (std::size_t i = 0; i < trace.size(); ++i)
        n += trace[i].kind == kind;
    return n;
}

} // namespace

class TestSteppedRun : public QObject
{
    Q_OBJECT

private slots:
    void steppingGivesTheSameTraceAsRun()
    {
        LoopFixture whole;
        TaskRef<int> mainWhole;
        const auto outcome = whole.loop.run(program(), &mainWhole);

        LoopFixture stepped;
        TaskRef<int> main = stepped.loop.start(program());
        int steps = 0;
        while (stepped.loop.advance())
            ++steps;
        QVERIFY(steps > 3);
        QVERIFY(!stepped.loop.advance()); // stays closed
        QCOMPARE(main.result(), 7);
        QCOMPARE(mainWhole.result(), 7);
        QCOMPARE(stepped.loop.outcome().total, outcome.total);
        QCOMPARE(qtLines(stepped.lines()), qtLines(whole.lines()));
        QVERIFY(stepped.loop.closed());
    }

    // An iteration of 10,000 ready handles takes three advance() calls (4096, 4096, 1808) and is
    // still one iteration: one RunReady phase event saying 10,000, the same events in the same
    // order as run(), and the next advance() starts iteration 3.
    void aBigIterationIsTakenInSlices()
    {
        static_assert(EventLoop::kAdvanceSlice == 4096);
        LoopFixture f;
        f.loop.start(fansOut(10000));
        QVERIFY(f.loop.advance()); // iteration 1: main makes the tasks
        QCOMPARE(f.loop.iteration(), std::uint64_t(1));
        QCOMPARE(count(f.trace, EventKind::TaskResumed), std::size_t(1));
        for (const std::size_t stepped : {4096u, 8192u, 10000u}) {
            QVERIFY(f.loop.advance());
            QCOMPARE(f.loop.iteration(), std::uint64_t(2));
            QCOMPARE(count(f.trace, EventKind::TaskResumed), 1 + stepped);
        }
        QVERIFY(f.loop.advance());
        QCOMPARE(f.loop.iteration(), std::uint64_t(3));
        std::size_t runReadyPhases = 0;
        for (std::size_t i = 0; i < f.trace.size(); ++i)
            if (f.trace[i].kind == EventKind::LoopPhase && LoopPhase(f.trace[i].sub) == LoopPhase::RunReady &&
                f.trace[i].a() == 2) {
                ++runReadyPhases;
                QCOMPARE(f.trace[i].b(), std::uint32_t(10000));
            }
        QCOMPARE(runReadyPhases, std::size_t(1));
        while (f.loop.advance()) {
        }

        // Up to main's end, the same events as a loop that runs each iteration whole.
        std::size_t mainEnd = 0;
        while (mainEnd < f.trace.size() && !(f.trace[mainEnd].kind == EventKind::LoopPhase &&
                                             LoopPhase(f.trace[mainEnd].sub) == LoopPhase::CancelLeftovers))
            ++mainEnd;
        QVERIFY(mainEnd > 30000 && mainEnd < f.trace.size());
        LoopFixture whole;
        whole.loop.start(fansOut(10000));
        while (whole.loop.runOnce()) {
        }
        QVERIFY(whole.trace.size() >= mainEnd);
        for (std::size_t i = 0; i < mainEnd; ++i) {
            const Event &a = whole.trace[i], &b = f.trace[i];
            QVERIFY2(a.t == b.t && a.task == b.task && a.kind == b.kind && a.sub == b.sub && a.line == b.line &&
                         a.a() == b.a() && a.b() == b.b(),
                     qPrintable(QStringLiteral("event %1 differs").arg(i)));
        }
    }

    void eachAdvanceIsOneIterationWhileMainRuns()
    {
        LoopFixture f;
        f.loop.start(program());
        QCOMPARE(f.loop.iteration(), std::uint64_t(0));
        QVERIFY(f.loop.advance());
        QCOMPARE(f.loop.iteration(), std::uint64_t(1));
        QVERIFY(f.loop.advance());
        QCOMPARE(f.loop.iteration(), std::uint64_t(2));
    }

    void droppingALoopPartWayReleasesEverything()
    {
        auto f = std::make_unique<LoopFixture>();
        TaskRef<int> main = f->loop.start(program());
        f->loop.advance();
        f->loop.advance();
        QVERIFY(!main.done());
        main = {};
        f.reset(); // ASan would report the frames and records if they leaked
    }

    void droppingALoopPartWayDestroysChildrenBeforeTheFrameTheyReferTo()
    {
        g_childrenGone = 0;
        g_childrenGoneBeforeMain = -1;
        auto f = std::make_unique<LoopFixture>();
        f->loop.start(ownsTheSemaphore());
        for (int i = 0; i < 4; ++i)
            f->loop.advance();
        QCOMPARE(g_childrenGone, 1); // the first holder slept its 5 s and finished; two are left
        f.reset(); // children release the parent's semaphore while it still exists
        QCOMPARE(g_childrenGone, 3);
        QCOMPARE(g_childrenGoneBeforeMain, 3);
    }
};

QTEST_GUILESS_MAIN(TestSteppedRun)
#include "tst_steppedrun.moc"
