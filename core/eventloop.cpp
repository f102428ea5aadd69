#include "eventloop.h"

#include "context.h"
#include "errors.h"
#include "executor.h"
#include "numtext.h"
#include "sleeplabel.h"

#include <utility>
#include <algorithm>
#include <unordered_map>

namespace loopscope {

namespace {

using detail::t_currentLoop;

// Makes `loop` the running loop for the duration of a scope, restoring the previous one.
class RunningLoopScope
{
public:
    explicit RunningLoopScope(EventLoop* loop) : m_previous(t_currentLoop) { t_currentLoop = loop; }
    ~RunningLoopScope() { t_currentLoop = m_previous; }

private:
    EventLoop* m_previous;
};

// call_soon / call_later with an arbitrary function: the only handle that allocates.
class FunctionCallback final : public Handle
{
public:
    FunctionCallback(EventLoop& loop, std::function<void()> fn, CallbackKind kind, TaskId owner)
        : m_loop(loop), m_fn(std::move(fn)), m_kind(kind), m_owner(owner)
    {
    }
    void run() override
    {
        detail::LoopInternals::record(m_loop, EventKind::CallbackRun, m_owner, std::uint8_t(m_kind), m_detail);
        auto fn = std::move(m_fn);
        delete this;
        fn();
    }
    void discard() override { delete this; }
    std::uint32_t m_detail = 0;

private:
    EventLoop& m_loop;
    std::function<void()> m_fn;
    CallbackKind m_kind;
    TaskId m_owner;
};

std::string formatSeconds(TimeNs ns)
{
    return formatFixed(nsToSeconds(ns), 3);
}

} // namespace

// ---- free functions used by coroutines -------------------------------------------------------

void reportNeverAwaited(const char* functionSignature)
{
    if (EventLoop* loop = EventLoop::current())
        loop->warn(WarningKind::NeverAwaited, "coroutine '" + coroutineName(functionSignature) + "' was never awaited",
                   loop->currentTask() ? loop->currentTask()->id() : TaskId());
}

std::string coroutineName(const char* signature)
{
    std::string_view s(signature);
    const auto paren = s.find('(');
    if (paren != std::string_view::npos)
        s = s.substr(0, paren);
    const auto space = s.rfind(' ');
    if (space != std::string_view::npos)
        s = s.substr(space + 1);
    const auto scope = s.rfind("::");
    if (scope != std::string_view::npos)
        s = s.substr(scope + 2);
    return std::string(s);
}

EventLoop& runningLoop()
{
    EventLoop* loop = EventLoop::current();
    if (!loop)
        throw RuntimeError("no running event loop");
    return *loop;
}

void line(int listingLine)
{
    if (EventLoop* loop = EventLoop::current())
        if (TaskRecord* task = loop->currentTask()) {
            const auto at = static_cast<std::uint16_t>(listingLine);
            if (task->m_line == at)
                return;
            task->m_line = at;
            // Recorded so the code view can follow a task through lines that never suspend
            // (an uncontended lock, a direct await of a coroutine).
            detail::LoopInternals::record(*loop, EventKind::Line, task->id());
        }
}

void print(std::string_view text)
{
    if (EventLoop* loop = EventLoop::current())
        loop->print(text);
}

// ---- TaskRecord -------------------------------------------------------------------------------

TaskRecord::~TaskRecord()
{
    if (m_context)
        m_context->release();
}

void TaskRecord::run()
{
    m_loop->stepTask(*this);
}

bool TaskRecord::cancel()
{
    return m_loop->cancel(*this);
}

std::exception_ptr TaskRecord::exception()
{
    m_exceptionRetrieved = true;
    return m_exception;
}

void TaskRecord::checkResult()
{
    if (!done())
        throw InvalidStateError("Result is not set.");
    m_exceptionRetrieved = true;
    if (m_exception)
        std::rethrow_exception(m_exception);
}

void TaskRecord::addDoneWaiter(DoneWaiter& waiter)
{
    // Done-callbacks run in the order they were added, as asyncio's do.
    waiter.m_nextDone = nullptr;
    DoneWaiter** tail = &m_doneWaiters;
    while (*tail)
        tail = &(*tail)->m_nextDone;
    *tail = &waiter;
}

void TaskRecord::removeDoneWaiter(DoneWaiter& waiter)
{
    for (DoneWaiter** p = &m_doneWaiters; *p; p = &(*p)->m_nextDone)
        if (*p == &waiter) {
            *p = waiter.m_nextDone;
            waiter.m_nextDone = nullptr;
            return;
        }
}

void TaskRecord::destroy()
{
    m_loop->taskDestroyed(*this);
    delete this;
}

// ---- EventLoop --------------------------------------------------------------------------------

EventLoop::EventLoop(LoopOptions options, std::unique_ptr<Clock> clock)
    : m_options(options)
    , m_clock(clock ? std::move(clock) : std::make_unique<VirtualClock>())
    , m_meta(std::make_shared<TraceMeta>())
{
    m_live.push_back(nullptr); // task ids start at 1
    m_virtualClock = dynamic_cast<VirtualClock*>(m_clock.get());
}

void EventLoop::addInstrument(Instrument& instrument)
{
    if (auto* recorder = dynamic_cast<Recorder*>(&instrument))
        m_traces.push_back(&recorder->trace());
    else
        m_instruments.push_back(&instrument);
    observersChanged();
}

void EventLoop::observersChanged()
{
    m_observed = !m_traces.empty() || !m_instruments.empty();
    m_soleTrace = m_traces.size() == 1 && m_instruments.empty() ? m_traces.front() : nullptr;
}

[[gnu::noinline]] void EventLoop::publishToAll(const Event& e)
{
    // Recorders append straight to their trace: no virtual call for them.
    for (Trace* t : m_traces)
        t->append(e);
    for (Instrument* i : m_instruments)
        i->onEvent(e);
}

EventLoop::~EventLoop()
{
    releaseDefaultExecutor(*this);
    if (!m_closed) {
        RunningLoopScope scope(this);
        tearDownPendingTasks();
        while (!m_ready.empty())
            if (Handle* h = m_ready.pop())
                h->discard();
    }
    // A run left part way (a player that moved on to other parameters) still holds main.
    if (TaskRecord* main = std::exchange(m_main, nullptr))
        main->release();
    // Timers still armed belong to callbacks the loop owns (call_later that never fired).
    while (!m_timers.empty())
        if (Handle* h = m_timers.pop().handle)
            h->discard();
}

constinit thread_local EventLoop* detail::t_currentLoop = nullptr;

void EventLoop::removeInstrument(Instrument& instrument)
{
    if (auto* recorder = dynamic_cast<Recorder*>(&instrument))
        std::erase(m_traces, &recorder->trace());
    else
        std::erase(m_instruments, &instrument);
    observersChanged();
}

ObjectId EventLoop::registerObject(ObjectKind kind, std::string_view name, std::int64_t capacity)
{
    return m_meta->addObject(kind, m_meta->intern(name), capacity);
}

TaskId EventLoop::registerTask(std::string_view name)
{
    ++m_taskCounter;
    const TaskId parent = m_current ? m_current->id() : TaskId();
    const TaskId id = m_meta->addTask(name.empty() ? StringId() : m_meta->intern(name), parent);
    record(EventKind::TaskCreated, id, 0, parent.value, m_meta->task(id).name.value);
    return id;
}

void EventLoop::adoptTask(TaskRecord& task)
{
    task.addRef(); // the loop's own reference, dropped when the task finishes
    if (m_live.size() <= task.id().value)
        m_live.resize(task.id().value + 1, nullptr);
    m_live[task.id().value] = &task;
    ++m_pendingTasks;
    // create_task copies the creating task's context.
    if (m_current && m_current->m_context) {
        task.m_context = m_current->m_context;
        task.m_context->addRef();
    }
    schedule(task, WakeReason::Created, m_current ? m_current->id() : TaskId());
}

void EventLoop::schedule(TaskRecord& task, WakeReason reason, TaskId waker, ObjectId object)
{
    if (task.m_inReady || task.done() || m_tearingDown)
        return;
    m_ready.push(task);
    record(EventKind::StepScheduled, task.id(), std::uint8_t(reason), waker.value, object.value);
}

void EventLoop::scheduleCallback(Handle& handle, CallbackKind kind, TaskId owner, std::uint32_t detail)
{
    m_ready.push(handle);
    record(EventKind::CallbackScheduled, owner, std::uint8_t(kind), detail);
}

void EventLoop::unscheduleCallback(Handle& handle, CallbackKind kind, TaskId owner, std::uint32_t detail)
{
    if (!handle.m_inReady)
        return;
    m_ready.remove(handle);
    record(EventKind::CallbackCancelled, owner, std::uint8_t(kind), detail);
}

std::uint32_t EventLoop::armTimer(Handle& handle, TimeNs deadline, TaskId owner)
{
    const std::uint32_t id = m_nextTimerId++;
    m_timers.push({deadline, id, owner.value, &handle});
    recordValue(EventKind::TimerArmed, owner, 0, deadline);
    return id;
}

bool EventLoop::cancelTimer(Handle& handle)
{
    TimerEntry removed;
    if (!m_timers.cancel(handle, &removed))
        return false;
    record(EventKind::TimerCancelled, TaskId(removed.owner), 0, removed.id);
    return true;
}

void EventLoop::suspend(TaskRecord& task, WaitNode& node, std::coroutine_handle<> resumeAt, WaitKind kind,
                        ObjectId object, StringId label)
{
    task.m_resume = resumeAt;
    task.m_waiter = &node;
    record(EventKind::TaskSuspended, task.id(), std::uint8_t(kind), object.value, label.value);
}

void EventLoop::yield(TaskRecord& task, std::coroutine_handle<> resumeAt)
{
    task.m_resume = resumeAt;
    m_ready.push(task);
    record(EventKind::TaskYielded, task.id());
}

void EventLoop::deliverCancel(TaskRecord& task)
{
    task.m_mustCancel = false;
    noteCancelDelivered(task);
    throw CancelledError();
}

StringId EventLoop::sleepLabel(TimeNs duration)
{
    // Fibonacci hashing: durations are often round (multiples of 1 ms are multiples of 64 ns),
    // so the low bits alone would send them all to one slot.
    const std::uint64_t hash = std::uint64_t(duration) * 0x9E3779B97F4A7C15ull;
    static_assert(std::tuple_size_v<decltype(m_sleepLabels)> == 64, "the top 6 bits pick the slot");
    SleepLabelSlot& slot = m_sleepLabels[hash >> 58];
    if (slot.duration == duration && duration != 0)
        return slot.label;
    char text[kSleepLabelMax];
    const StringId label = m_meta->intern(std::string_view(text, writeSleepLabel(duration, text)));
    slot = {duration, label};
    return label;
}

void EventLoop::noteCancelDelivered(TaskRecord& task)
{
    record(EventKind::CancelDelivered, task.id());
    if (task.m_cancelRequests > 0)
        task.m_cancelDelivered = true;
}

bool EventLoop::cancel(TaskRecord& task)
{
    if (task.done())
        return false;
    record(EventKind::CancelRequested, task.id(), 0, m_current ? m_current->id().value : 0);
    if (task.m_cancelRequests < 255)
        ++task.m_cancelRequests;
    if (WaitNode* waiter = task.m_waiter) {
        switch (waiter->onCancel()) {
        case CancelOutcome::Detached:
            task.m_mustCancel = true;
            schedule(task, WakeReason::Cancel, m_current ? m_current->id() : TaskId());
            return true;
        case CancelOutcome::Forwarded:
            return true;
        case CancelOutcome::TooLate:
            break;
        }
    }
    task.m_mustCancel = true;
    return true;
}

void EventLoop::cancelAll()
{
    std::vector<TaskRecord*> pending;
    for (TaskRecord* t : m_live)
        if (t)
            pending.push_back(t);
    for (TaskRecord* t : pending)
        t->cancel();
}

[[gnu::always_inline]] inline void EventLoop::stepTask(TaskRecord& task)
{
    if (task.done())
        return;
    const bool first = !task.m_started;
    m_current = &task;
    record(EventKind::TaskResumed, task.id(), first ? 1 : 0);
    if (first) [[unlikely]] {
        task.m_started = true;
        if (task.m_mustCancel) {
            // Cancelled before its first step: the body never runs, as in asyncio.
            task.m_mustCancel = false;
            noteCancelDelivered(task);
            m_current = nullptr;
            finishTask(task, std::make_exception_ptr(CancelledError()));
            return;
        }
    }
    if (m_options.debug) {
        const TimeNs start = now();
        task.m_resume.resume();
        m_current = nullptr;
        const TimeNs took = now() - start;
        if (took >= m_options.slowCallback)
            warn(WarningKind::SlowCallback,
                 "slow callback: task " + m_meta->taskName(task.id()) + " ran for " + formatSeconds(took) + " s",
                 task.id());
    } else {
        task.m_resume.resume();
        m_current = nullptr;
    }
    if (task.rootDone())
        finishTask(task, nullptr);
}

void EventLoop::finishTask(TaskRecord& task, std::exception_ptr error)
{
    if (!error)
        error = task.rootException();
    const TaskStatus status =
        !error ? TaskStatus::Done : (isCancellation(error) ? TaskStatus::Cancelled : TaskStatus::Failed);
    if (status != TaskStatus::Cancelled && task.m_cancelDelivered)
        warn(WarningKind::SwallowedCancel,
             "task " + m_meta->taskName(task.id()) + " caught CancelledError and carried on instead of re-raising it",
             task.id());
    task.m_exception = error;
    task.m_status = status;
    task.complete();
    const FinishState state = status == TaskStatus::Done     ? FinishState::Done
                              : status == TaskStatus::Failed ? FinishState::Failed
                                                             : FinishState::Cancelled;
    record(EventKind::TaskFinished, task.id(), std::uint8_t(state),
           status == TaskStatus::Failed ? m_meta->intern(describeException(error)).value : 0);
    m_live[task.id().value] = nullptr;
    --m_pendingTasks;
    while (DoneWaiter* w = task.m_doneWaiters) {
        task.m_doneWaiters = w->m_nextDone;
        w->m_nextDone = nullptr;
        w->taskDone(task);
    }
    task.release();
}

void EventLoop::taskDestroyed(TaskRecord& task)
{
    if (task.m_status == TaskStatus::Failed && !task.m_exceptionRetrieved)
        warn(WarningKind::ExceptionNeverRetrieved,
             "Task exception was never retrieved: task " + m_meta->taskName(task.id()) + " failed with " +
                 describeException(task.m_exception),
             task.id());
}

[[gnu::always_inline]] inline void EventLoop::phase(LoopPhase p, std::uint32_t detail)
{
    record(EventKind::LoopPhase, TaskId(), std::uint8_t(p), static_cast<std::uint32_t>(m_iteration), detail);
}

bool EventLoop::runOnce(std::uint64_t most)
{
    if (m_closed || m_deadlocked)
        return false;
    RunningLoopScope scope(this);
    if (m_todo > 0) { // the rest of an iteration a slice was taken from
        runReady(most);
        return true;
    }
    ++m_iteration;
    m_timers.dropCancelled();
    phase(LoopPhase::ComputeTimeout);
    if (m_ready.empty()) {
        if (m_timers.empty()) {
            // Live: outside work in flight will wake the loop. Virtual work always has a timer.
            if (m_outsideWork == 0 || m_virtualClock) {
                if (m_pendingTasks > 0 && m_outsideWork == 0)
                    reportDeadlock();
                return false;
            }
            phase(LoopPhase::Wait);
            m_clock->waitUntil(kNoDeadline);
        } else {
            phase(LoopPhase::Wait);
            m_clock->waitUntil(m_timers.top().deadline);
        }
    } else {
        phase(LoopPhase::Wait); // select(timeout=0): a poll, no waiting
        if (!m_virtualClock)
            m_clock->poll();
    }
    phase(LoopPhase::ExpireTimers);
    const TimeNs t = now();
    while (!m_timers.empty() && m_timers.top().deadline <= t) {
        const TimerEntry e = m_timers.pop();
        if (!e.handle)
            continue; // cancelled while in the heap
        const TimeNs lateness = t - e.deadline;
        const std::uint32_t lateUs =
            static_cast<std::uint32_t>(std::min<TimeNs>(lateness / 1000, TimeNs(0xffffffffu)));
        m_ready.push(*e.handle);
        record(EventKind::TimerFired, TaskId(e.owner), 0, e.id, lateUs);
    }
    // Only the handles queued now run in this iteration; what they queue waits for the next.
    m_todo = m_ready.size();
    phase(LoopPhase::RunReady, static_cast<std::uint32_t>(m_todo));
    runReady(most);
    return true;
}

void EventLoop::runReady(std::uint64_t most)
{
    std::uint64_t n = std::min(m_todo, most);
    m_todo -= n;
    for (; n > 0; --n)
        if (Handle* h = m_ready.pop())
            h->run();
}

void EventLoop::runUntil(TimeNs t)
{
    for (;;) {
        m_timers.dropCancelled();
        const bool due = !m_ready.empty() || (!m_timers.empty() && m_timers.top().deadline <= t);
        if (!due || !runOnce())
            return;
    }
}

void EventLoop::callSoon(std::function<void()> fn)
{
    const TaskId owner = m_current ? m_current->id() : TaskId();
    auto* cb = new FunctionCallback(*this, std::move(fn), CallbackKind::Generic, owner);
    scheduleCallback(*cb, CallbackKind::Generic, owner, 0);
}

void EventLoop::callLater(double delay, std::function<void()> fn)
{
    const TaskId owner = m_current ? m_current->id() : TaskId();
    auto* cb = new FunctionCallback(*this, std::move(fn), CallbackKind::Timer, owner);
    cb->m_detail = armTimer(*cb, now() + std::max<TimeNs>(0, secondsToNs(delay)), owner);
}

void EventLoop::print(std::string_view text)
{
    const TaskId task = m_current ? m_current->id() : TaskId();
    m_console.push_back({now(), task, std::string(text)});
    record(EventKind::Print, task, 0, m_meta->intern(text).value);
}

void EventLoop::warn(WarningKind kind, std::string text, TaskId task)
{
    record(EventKind::Warning, task, std::uint8_t(kind), m_meta->intern(text).value);
    m_warnings.push_back({now(), kind, task, std::move(text)});
}

void EventLoop::block(TimeNs duration, BlockingKind kind, std::string_view label)
{
    if (duration < 0)
        throw ValueError("sleep length must be non-negative");
    const TaskId task = m_current ? m_current->id() : TaskId();
    record(EventKind::BlockingBegin, task, std::uint8_t(kind), m_meta->intern(label).value);
    m_clock->block(duration);
    record(EventKind::BlockingEnd, task);
}

std::vector<TaskId> EventLoop::readyTasks() const
{
    std::vector<TaskId> ids;
    m_ready.forEach([&](Handle& h) {
        if (auto* t = dynamic_cast<TaskRecord*>(&h))
            ids.push_back(t->id());
    });
    return ids;
}

void EventLoop::reportDeadlock()
{
    m_deadlocked = true;
    phase(LoopPhase::Deadlock);
    std::string text = "deadlock: nothing can ever run again, but " + std::to_string(m_pendingTasks) +
                       (m_pendingTasks == 1 ? " task waits" : " tasks wait");
    // Wait-for graph: a task points at the task that must act first (a lock's holder).
    std::unordered_map<std::uint32_t, TaskRecord*> next;
    std::vector<TaskRecord*> waiting;
    for (TaskRecord* t : m_live) {
        if (!t)
            continue;
        waiting.push_back(t);
        if (t->m_waiter)
            if (TaskRecord* b = t->m_waiter->blockedBy())
                next[t->id().value] = b;
    }
    // Find a cycle by walking from each task (the graph has out-degree at most one).
    std::vector<TaskRecord*> cycle;
    for (TaskRecord* start : waiting) {
        std::vector<TaskRecord*> path;
        TaskRecord* t = start;
        while (t && std::find(path.begin(), path.end(), t) == path.end()) {
            path.push_back(t);
            auto it = next.find(t->id().value);
            t = it == next.end() ? nullptr : it->second;
        }
        if (t) {
            cycle.assign(std::find(path.begin(), path.end(), t), path.end());
            break;
        }
    }
    auto waitText = [&](TaskRecord* t) {
        return m_meta->taskName(t->id()) + " waits for " + (t->m_waiter ? t->m_waiter->describe() : "nothing");
    };
    if (!cycle.empty()) {
        text += "; cycle: ";
        for (std::size_t i = 0; i < cycle.size(); ++i)
            text += (i ? ", " : "") + waitText(cycle[i]);
    }
    text += "; waiting: ";
    for (std::size_t i = 0; i < waiting.size(); ++i)
        text += (i ? ", " : "") + waitText(waiting[i]);
    warn(WarningKind::Deadlock, text);
}

void EventLoop::tearDownPendingTasks()
{
    // Destroy the frames of tasks that can never finish. Their awaiters unlink themselves from
    // whatever queues they were in; the tasks stay pending in the record.
    std::vector<TaskRecord*> pending;
    for (TaskRecord* t : m_live)
        if (t)
            pending.push_back(t);
    m_tearingDown = true;
    for (TaskRecord* t : pending)
        t->addRef();
    // Newest first: a task's frame often owns what its children refer to (main's Semaphore that
    // every job holds), so the children's frames must go before their parent's.
    for (auto it = pending.rbegin(); it != pending.rend(); ++it)
        (*it)->abandon();
    for (TaskRecord* t : pending) {
        m_live[t->id().value] = nullptr;
        --m_pendingTasks;
        while (DoneWaiter* w = t->m_doneWaiters) {
            t->m_doneWaiters = w->m_nextDone;
            w->m_nextDone = nullptr;
            w->taskAbandoned(*t);
        }
        if (t->m_inReady)
            m_ready.remove(*t);
        t->release(); // the loop's reference
    }
    for (TaskRecord* t : pending)
        t->release(); // the reference taken above
    m_tearingDown = false;
}

void EventLoop::startRun()
{
    m_running = true;
    phase(LoopPhase::Start);
}

void EventLoop::holdMain(TaskRecord& main)
{
    main.addRef();
    m_main = &main;
    m_stage = RunStage::Main;
}

bool EventLoop::advance()
{
    if (m_todo > 0 && m_stage != RunStage::Idle && m_stage != RunStage::Closed)
        // The rest of a big iteration, whatever happened in its first slices (asyncio finishes
        // an iteration even when main is done part way through it).
        return runOnce(kAdvanceSlice);
    switch (m_stage) {
    case RunStage::Idle:
    case RunStage::Closed:
        return false;
    case RunStage::Main:
        if (!m_main->done() && runOnce(kAdvanceSlice))
            return true;
        if (m_main->done()) {
            RunningLoopScope scope(this);
            std::vector<TaskRecord*> leftovers;
            for (TaskRecord* t : m_live)
                if (t)
                    leftovers.push_back(t);
            phase(LoopPhase::CancelLeftovers, static_cast<std::uint32_t>(leftovers.size()));
            for (TaskRecord* t : leftovers)
                t->cancel();
        }
        m_stage = RunStage::Leftovers;
        return true;
    case RunStage::Leftovers:
        if (m_pendingTasks > 0 && runOnce(kAdvanceSlice))
            return true;
        {
            RunningLoopScope scope(this);
            phase(LoopPhase::ShutdownExecutors);
        }
        m_stage = RunStage::Shutdown;
        return true;
    case RunStage::Shutdown:
        if (m_outsideWork > 0 && !m_deadlocked && runOnce(kAdvanceSlice))
            return true;
        closeRun();
        return false;
    }
    return false;
}

void EventLoop::closeRun()
{
    RunningLoopScope scope(this);
    if (m_pendingTasks > 0)
        tearDownPendingTasks();
    phase(LoopPhase::Closed);
    m_closed = true;
    m_running = false;
    m_stage = RunStage::Closed;
    m_todo = 0;
    while (!m_ready.empty())
        if (Handle* h = m_ready.pop())
            h->discard();
    TaskRecord* main = std::exchange(m_main, nullptr);
    main->release();
}

} // namespace loopscope
