// Replay: the state rebuilt from the trace alone equals what the live loop showed at every
// single event of a mixed run, whichever order the states are asked for.

#include "core/replay.h"
#include "core/testsupport.h"

#include <QTest>

#include <algorithm>
#include <memory>
#include <random>

using namespace loopscope;
using namespace loopscope::test;

namespace {

// What the live loop and its primitives show at one event.
struct LiveState
{
    std::vector<TaskId> ready;
    std::map<std::uint32_t, TimerView> timers; // pending (handle not null), by id
    PrimitiveView lock, sem, queue;
    ExecutorView pool;
    std::size_t consoleLines = 0;
    bool countersSettled = true;   // no primitive operation is half-way (see settled())
};

template<typename Q>
std::deque<TaskId> waiting(const Q& queue)
{
    std::deque<TaskId> ids;
    queue.forEach([&](const FutureWait& w) {
        // Woken waiters stay linked until they run (Lock, Semaphore): they no longer wait.
        if (w.state() == FutureWait::State::Waiting)
            ids.push_back(w.task()->id());
    });
    return ids;
}

// Watches the live loop at every event, as a view attached to it would.
class LiveObserver final : public Instrument
{
public:
    EventLoop* loop = nullptr;
    Lock* lock = nullptr;
    Semaphore* sem = nullptr;
    Queue<int>* queue = nullptr;
    Executor* pool = nullptr;
    ObjectId lockId, semId, queueId, poolId;
    std::vector<LiveState> states;
    std::vector<Event> events;

    void onEvent(const Event& e) override
    {
        events.push_back(e);
        LiveState s;
        s.ready = loop->readyTasks();
        for (const TimerEntry& t : loop->timers().entries())
            if (t.handle)
                s.timers[t.id] = {t.id, TaskId(t.owner), t.deadline};
        if (lock) {
            if (TaskRecord* h = lock->holder())
                s.lock.holders.push_back(h->id());
            s.lock.waiters = waiting(lock->waiters());
        }
        if (sem) {
            for (TaskRecord* h : sem->holders())
                s.sem.holders.push_back(h->id());
            s.sem.waiters = waiting(sem->waiters());
            s.sem.counter = sem->inUse();
        }
        if (queue) {
            s.queue.waiters = waiting(queue->getters());
            for (TaskId id : waiting(queue->putters()))
                s.queue.waiters.push_back(id);
            s.queue.counter = std::int64_t(queue->qsize());
        }
        if (pool) {
            for (const Executor::WorkerState& w : pool->workerStates())
                s.pool.workers.push_back({w.submitter, w.job, w.waitingForCpu});
            s.pool.queued.resize(pool->queuedJobs());
        }
        s.consoleLines = loop->console().size();
        s.countersSettled = settled(e);
        states.push_back(std::move(s));
    }

private:
    // A primitive changes its count first and reports Acquired/Released/wake-ups/state and
    // then the Counter: only between those is the live count ahead of the recorded one.
    static bool settled(const Event& e)
    {
        switch (e.kind) {
        case EventKind::Acquired:
        case EventKind::Released:
        case EventKind::StepScheduled:
        case EventKind::PrimitiveState:
        case EventKind::Counter:
            return false;
        default:
            return true;
        }
    }
};

template<typename Ids>
std::string describe(const Ids& ids)
{
    std::string s = "[";
    for (TaskId id : ids)
        s += std::to_string(id.value) + " ";
    return s + "]";
}

// Compares one replayed state with the live one; returns "" or what differs.
std::string compare(const ReplayState& r, const LiveState& live, const LiveObserver& obs, const Event& e)
{
    auto object = [&](ObjectId id) {
        return id.value < r.objects.size() ? r.objects[id.value] : PrimitiveView{};
    };
    if (r.readyTasks() != live.ready)
        return "ready " + describe(r.readyTasks()) + " vs live " + describe(live.ready);
    if (r.timers != live.timers)
        return "timers: " + std::to_string(r.timers.size()) + " vs live " + std::to_string(live.timers.size());
    const std::pair<ObjectId, const PrimitiveView*> prims[] = {
        {obs.lockId, &live.lock}, {obs.semId, &live.sem}, {obs.queueId, &live.queue}};
    for (const auto& [id, view] : prims) {
        const PrimitiveView p = object(id);
        if (p.holders != view->holders)
            return "holders of object " + std::to_string(id.value) + ": " + describe(p.holders) + " vs live " +
                   describe(view->holders);
        if (p.waiters != view->waiters)
            return "waiters of object " + std::to_string(id.value) + ": " + describe(p.waiters) + " vs live " +
                   describe(view->waiters);
        const bool ownCounter = e.kind == EventKind::Counter && e.a() == id.value;
        if ((live.countersSettled || ownCounter) && p.counter != view->counter)
            return "counter of object " + std::to_string(id.value) + ": " + std::to_string(p.counter) + " vs live " +
                   std::to_string(view->counter);
    }
    const ExecutorView x = obs.poolId.value < r.executors.size() ? r.executors[obs.poolId.value] : ExecutorView{};
    for (std::size_t w = 0; w < live.pool.workers.size(); ++w) {
        const WorkerView rw = w < x.workers.size() ? x.workers[w] : WorkerView{};
        if (!(rw == live.pool.workers[w]))
            return "worker " + std::to_string(w);
    }
    if (x.queued.size() != live.pool.queued.size())
        return "queued jobs " + std::to_string(x.queued.size()) + " vs live " + std::to_string(live.pool.queued.size());
    if (r.consoleLines != live.consoleLines)
        return "console " + std::to_string(r.consoleLines) + " vs live " + std::to_string(live.consoleLines);
    return {};
}

} // namespace

class TestReplay : public QObject
{
    Q_OBJECT
private slots:
    void replayMatchesLiveLoopAtEveryEvent()
    {
        LoopFixture f;
        LiveObserver obs;
        obs.loop = &f.loop;
        f.loop.addInstrument(obs);
        Lock lock("L");
        Semaphore sem(2, "S");
        Queue<int> queue(2, "Q");
        std::unique_ptr<Executor> pool;
        TaskRef<void> victim;

        auto locker = [&](double hold) -> Task<void> {
            auto held = co_await lock.hold();
            co_await asyncio::sleep(hold);
        };
        auto semUser = [&](int i) -> Task<void> {
            co_await asyncio::sleep(0.01 * i);
            auto permit = co_await sem.hold();
            print("sem " + std::to_string(i));
            co_await asyncio::sleep(0.2);
        };
        auto producer = [&]() -> Task<void> {
            for (int i = 0; i < 6; ++i) {
                co_await asyncio::sleep(0.05);
                co_await queue.put(i);
            }
        };
        auto consumer = [&]() -> Task<int> {
            int sum = 0;
            for (int i = 0; i < 6; ++i) {
                sum += co_await queue.get();
                co_await asyncio::sleep(0.15);
            }
            co_return sum;
        };
        auto jobs = [&]() -> Task<void> {
            JobSpec io{JobKind::Io, 0.4, "fetch"};
            co_await pool->run(std::move(io));
            JobSpec cpu{JobKind::Cpu, 0.3, "crunch"};
            co_await pool->run(std::move(cpu));
            print("jobs done");
        };
        auto ticker = [&]() -> Task<void> {
            // Enough events to span several replay checkpoints.
            for (int i = 0; i < 1500; ++i)
                co_await asyncio::sleep(0.001);
        };
        auto napper = [](double d) -> Task<double> {
            co_await asyncio::sleep(d);
            co_return d;
        };
        auto main = [&]() -> Task<void> {
            obs.lockId = lock.id();
            obs.semId = sem.id();
            obs.queueId = queue.id();
            pool = std::make_unique<Executor>(PoolKind::Thread, 2, 1, "pool");
            obs.poolId = pool->id();
            obs.lock = &lock;
            obs.sem = &sem;
            obs.queue = &queue;
            obs.pool = pool.get();
            std::vector<TaskRef<void>> all;
            for (int i = 0; i < 3; ++i)
                all.push_back(f.loop.createTask(locker(0.3), "locker-" + std::to_string(i)));
            victim = f.loop.createTask(locker(0.3), "victim");
            for (int i = 0; i < 5; ++i)
                all.push_back(f.loop.createTask(semUser(i), "sem-" + std::to_string(i)));
            all.push_back(f.loop.createTask(producer(), "producer"));
            auto sum = f.loop.createTask(consumer(), "consumer");
            all.push_back(f.loop.createTask(jobs(), "jobs"));
            all.push_back(f.loop.createTask(ticker(), "ticker"));
            co_await asyncio::sleep(0.1);
            victim.cancel(); // a lock waiter gives up
            const auto naps = co_await gather(napper(0.2), napper(0.05));
            print("naps " + std::to_string(naps[0] + naps[1]));
            co_await gather(std::move(all));
            const int total = co_await sum;
            print("sum " + std::to_string(total));
        };
        f.loop.run(main());
        f.loop.removeInstrument(obs);
        obs.lock = nullptr;

        QVERIFY(victim->cancelled());
        QCOMPARE(obs.states.size(), f.trace.size());
        QVERIFY(f.trace.size() > 3 * 4096); // several checkpoints
        // The scenario did exercise what is compared.
        std::size_t maxLockWaiters = 0, maxSemWaiters = 0, maxQueueWaiters = 0, maxReady = 0;
        bool sawJob = false;
        for (const LiveState& s : obs.states) {
            maxLockWaiters = std::max(maxLockWaiters, s.lock.waiters.size());
            maxSemWaiters = std::max(maxSemWaiters, s.sem.waiters.size());
            maxQueueWaiters = std::max(maxQueueWaiters, s.queue.waiters.size());
            maxReady = std::max(maxReady, s.ready.size());
            for (const WorkerView& w : s.pool.workers)
                sawJob |= w.job != 0;
        }
        QCOMPARE(maxLockWaiters, 3u);
        QCOMPARE(maxSemWaiters, 3u);
        QVERIFY(maxQueueWaiters >= 1);
        QVERIFY(maxReady >= 10);
        QVERIFY(sawJob);

        // Forwards, one event at a time.
        Replay replay(f.trace);
        std::vector<ReplayState> states;
        states.reserve(f.trace.size() + 1);
        states.push_back(replay.stateAfter(0));
        for (std::size_t i = 0; i < f.trace.size(); ++i) {
            const ReplayState& r = replay.stateAfter(i + 1);
            QCOMPARE(r.events, i + 1);
            const std::string diff = compare(r, obs.states[i], obs, f.trace[i]);
            if (!diff.empty())
                QFAIL(qPrintable(QString::fromStdString("event " + std::to_string(i) + " (" +
                                                        renderEvent(f.trace.meta(), f.trace[i]) + "): " + diff)));
            states.push_back(r);
        }

        // Random seeks, backwards and forwards, give the very same states.
        std::mt19937 rng(20240611);
        std::uniform_int_distribution<std::size_t> pick(0, f.trace.size());
        Replay seeker(f.trace);
        for (int k = 0; k < 3000; ++k) {
            const std::size_t i = pick(rng);
            if (!(seeker.stateAfter(i) == states[i]))
                QFAIL(qPrintable(QStringLiteral("seek to %1 (step %2) differs").arg(i).arg(k)));
        }
        // A backwards walk from the end, too.
        for (std::size_t i = f.trace.size() + 1; i-- > 0;)
            if (!(replay.stateAfter(i) == states[i]))
                QFAIL(qPrintable(QStringLiteral("backwards seek to %1 differs").arg(i)));

        // stateAt(t): every event at or before t applied, none after.
        for (double t : {0.0, 0.05, 0.1, 0.3, 0.9, 1.2, 1.6}) {
            const TimeNs ns = sec(t);
            const std::size_t n = f.trace.upperBound(ns);
            QVERIFY(n > 0);
            QVERIFY(f.trace[n - 1].t <= ns);
            QVERIFY(n == f.trace.size() || f.trace[n].t > ns);
            const ReplayState& at = seeker.stateAt(ns);
            QCOMPARE(at.events, n);
            QVERIFY(at == states[n]);
            QVERIFY(compare(at, obs.states[n - 1], obs, f.trace[n - 1]).empty());
        }
    }

    void replayOfTaskPhases()
    {
        LoopFixture f;
        auto child = []() -> Task<void> { co_await asyncio::sleep(1.0); };
        auto main = [&]() -> Task<void> {
            auto c = f.loop.createTask(child(), "child");
            co_await asyncio::sleep(0.5);
            c.cancel();
            co_await asyncio::sleep(1.0);
        };
        f.loop.run(main());
        Replay replay(f.trace);
        const ReplayState& mid = replay.stateAt(sec(0.25));
        QCOMPARE(mid.tasks.at(1).phase, TaskPhase::Waiting);
        QCOMPARE(mid.tasks.at(2).phase, TaskPhase::Waiting);
        QCOMPARE(mid.tasks.at(2).waitKind, WaitKind::Sleep);
        QCOMPARE(mid.timers.size(), 2u);
        const ReplayState& after = replay.stateAt(sec(0.5));
        QCOMPARE(after.tasks.at(2).phase, TaskPhase::Cancelled);
        QCOMPARE(after.tasks.at(2).finished, sec(0.5));
        QCOMPARE(after.timers.size(), 1u);
        const ReplayState& end = replay.stateAfter(f.trace.size());
        QCOMPARE(end.tasks.at(1).phase, TaskPhase::Done);
        QCOMPARE(end.phase, LoopPhase::Closed);
        QVERIFY(end.timers.empty());
        QVERIFY(end.ready.empty());
    }

    void longQueuesAndManyTimersReplayInOrder()
    {
        // 20,000 tasks through Semaphore(10): long FIFOs of waiters, thousands of timers pending
        // and a ready queue thousands deep. Replay keeps them in order while it gives up fronts
        // and drops timers by id (the work that used to be quadratic; bench/replay_bench times it).
        constexpr int n = 20'000;
        LoopFixture f;
        auto job = [](Semaphore& s) -> Task<void> {
            auto permit = co_await s.hold();
            co_await asyncio::sleep(1.0);
        };
        auto main = [&]() -> Task<void> {
            Semaphore s(10, "S");
            std::vector<Task<void>> jobs;
            for (int i = 0; i < n; ++i)
                jobs.push_back(job(s));
            co_await gather(std::move(jobs));
        };
        const auto out = f.loop.run(main());
        QCOMPARE(out.total, sec(n / 10));
        Replay replay(f.trace);
        // Just after 0.5 s: ten hold permits and sleep (ten timers), the rest wait in order.
        const ReplayState& mid = replay.stateAt(sec(0.5));
        const PrimitiveView& sem = mid.objects.at(1);
        QCOMPARE(sem.holders.size(), 10u);
        QCOMPARE(sem.waiters.size(), std::size_t(n - 10));
        QCOMPARE(sem.waiters.front(), TaskId(std::uint32_t(2 + 10))); // main is task 1; jobs from 2
        QCOMPARE(sem.waiters.back(), TaskId(std::uint32_t(1 + n)));
        QCOMPARE(mid.timers.size(), 10u);
        // Later on, the front has moved by ten per second.
        const ReplayState& later = replay.stateAt(sec(100.5));
        QCOMPARE(later.objects.at(1).waiters.size(), std::size_t(n - 10 - 1000));
        QCOMPARE(later.objects.at(1).waiters.front(), TaskId(std::uint32_t(2 + 1010)));
        // And back again: a seek to an earlier time gives the same state as before.
        QCOMPARE(replay.stateAt(sec(0.5)).objects.at(1).waiters.size(), std::size_t(n - 10));
        QVERIFY(replay.stateAfter(f.trace.size()).timers.empty());
    }
};

QTEST_GUILESS_MAIN(TestReplay)
#include "tst_replay.moc"
