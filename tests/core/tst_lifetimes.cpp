// Object lifetimes through coroutine frames: arguments, locals and results are destroyed
// exactly once, whether the task completes, is cancelled, deadlocks or is never awaited.

#include "testsupport.h"

#include <QTest>

using namespace loopscope;
using namespace loopscope::test;

namespace {

struct Counted
{
    static inline int constructed = 0;
    static inline int destroyed = 0;
    static inline int copies = 0;
    static void reset() { constructed = destroyed = copies = 0; }
    static int alive() { return constructed - destroyed; }

    int value = 0;
    bool dead = false;
    explicit Counted(int v) : value(v) { ++constructed; }
    Counted(const Counted& o) : value(o.value) { ++constructed; ++copies; }
    Counted(Counted&& o) noexcept : value(o.value) { ++constructed; }
    Counted& operator=(const Counted&) = default;
    ~Counted()
    {
        if (dead)
            qFatal("Counted destroyed twice");
        dead = true;
        ++destroyed;
    }
};

Task<Counted> make(Counted arg, double delay)
{
    Counted local(arg.value * 10);
    co_await asyncio::sleep(delay);
    co_return Counted(local.value + 1);
}

Task<int> user(Counted arg, double delay)
{
    Counted local(arg.value);
    Counted r = co_await make(Counted(arg.value + 1), delay);
    co_return r.value + local.value;
}

Task<void> holdBoth(Lock& first, Lock& second, Counted arg)
{
    Counted local(arg.value);
    auto a = co_await first.hold();
    co_await asyncio::sleep(0.1);
    auto b = co_await second.hold();
}

} // namespace

class TestLifetimes : public QObject
{
    Q_OBJECT
private slots:
    void init() { Counted::reset(); }

    void normalCompletion()
    {
        {
            EventLoop loop;
            auto main = []() -> Task<int> {
                auto t = runningLoop().createTask(make(Counted(4), 1));
                Counted c = co_await t;
                int v = co_await user(Counted(2), 0.5);
                co_return c.value + v;
            };
            TaskRef<int> ref;
            loop.run(main(), &ref);
            QCOMPARE(ref.result(), 41 + 31 + 2);
            QVERIFY(Counted::constructed > 0);
        }
        QCOMPARE(Counted::alive(), 0);
        // Arguments and coroutine results are moved; the one copy is `co_await t` on a TaskRef,
        // whose result stays stored in the task (asyncio's task.result() can be asked again).
        QCOMPARE(Counted::copies, 1);
    }

    void resultLivesAsLongAsTheTaskRef()
    {
        TaskRef<Counted> kept;
        {
            EventLoop loop;
            auto main = [&]() -> Task<void> {
                kept = runningLoop().createTask(make(Counted(1), 1));
                co_await kept;
            };
            loop.run(main());
        }
        QCOMPARE(kept.result().value, 11);
        QCOMPARE(Counted::alive(), 1); // the stored result
        kept = TaskRef<Counted>();
        QCOMPARE(Counted::alive(), 0);
    }

    void cancellation()
    {
        {
            LoopFixture f;
            auto main = []() -> Task<void> {
                auto t = runningLoop().createTask(user(Counted(3), 10));
                co_await asyncio::sleep(1);
                loopscope::print("alive before cancel " + std::to_string(Counted::alive()));
                t.cancel();
                try {
                    co_await t;
                } catch (const CancelledError&) {
                    loopscope::print("alive after cancel " + std::to_string(Counted::alive()));
                }
            };
            f.loop.run(main());
            // Alive before: user's argument and local, make's argument (the temporary and the
            // frame's copy) and local. Frames are gone as soon as the task finished cancelled, before main resumed.
            LS_COMPARE_LINES(f.console(), (std::vector<std::string>{"1.000 alive before cancel 5",
                                                                    "1.000 alive after cancel 0"}));
        }
        QCOMPARE(Counted::alive(), 0);
        QCOMPARE(Counted::copies, 0);
    }

    void leftoverCancelledAtRunEnd()
    {
        {
            EventLoop loop;
            auto main = []() -> Task<void> {
                auto t = runningLoop().createTask(user(Counted(3), 10));
                co_await asyncio::sleep(1);
            };
            loop.run(main());
            QCOMPARE(Counted::alive(), 0);
        }
        QCOMPARE(Counted::alive(), 0);
    }

    void deadlockTearsDownFrames()
    {
        {
            Lock a("A");
            Lock b("B");
            EventLoop loop;
            auto main = [&]() -> Task<void> {
                auto& l = runningLoop();
                auto t1 = l.createTask(holdBoth(a, b, Counted(1)));
                auto t2 = l.createTask(holdBoth(b, a, Counted(2)));
                Counted mine(5);
                co_await t1;
            };
            auto out = loop.run(main());
            QVERIFY(out.deadlocked);
            // run() has torn down every pending frame: nothing is left alive.
            QCOMPARE(Counted::alive(), 0);
        }
        QCOMPARE(Counted::alive(), 0);
        QVERIFY(Counted::constructed >= 5);
    }

    void neverAwaitedTask()
    {
        {
            LoopFixture f;
            auto main = []() -> Task<void> {
                {
                    Task<int> dropped = user(Counted(7), 1);
                    loopscope::print("alive while held " + std::to_string(Counted::alive()));
                }
                loopscope::print("alive after drop " + std::to_string(Counted::alive()));
                co_return;
            };
            f.loop.run(main());
            // The argument lives in the unstarted frame; destroying the frame destroys it.
            LS_COMPARE_LINES(f.console(), (std::vector<std::string>{"0.000 alive while held 1",
                                                                    "0.000 alive after drop 0"}));
            QCOMPARE(f.loop.warnings().size(), 1u);
            QCOMPARE(f.loop.warnings()[0].kind, WarningKind::NeverAwaited);
        }
        {
            Task<int> outside = user(Counted(8), 1); // no loop at all
            QCOMPARE(Counted::alive(), 1);
        }
        QCOMPARE(Counted::alive(), 0);
    }

    void loopDestroyedWithoutRun()
    {
        {
            EventLoop loop;
            auto t = loop.createTask(user(Counted(1), 5));
            loop.runOnce();
            QVERIFY(Counted::alive() > 0);
        }
        QCOMPARE(Counted::alive(), 0);
    }
};

QTEST_GUILESS_MAIN(TestLifetimes)
#include "tst_lifetimes.moc"
