#pragma once
// EventLoop: asyncio's event loop, in C++, on a deterministic clock.
//
// runOnce() is one iteration of BaseEventLoop._run_once: compute how long to wait, wait (on the
// virtual clock: jump to the next timer), move expired timers to the ready queue, then run the
// handles that were ready when that phase began. It is the only place where handles run;
// everything else only adds to the ready queue or the timer heap. Every state change is reported
// to the attached instruments, one of which is usually the Recorder.

#include "clock.h"
#include "event.h"
#include "instrument.h"
#include "outsideworld.h"
#include "readyqueue.h"
#include "recorder.h"
#include "task.h"
#include "taskrecord.h"
#include "timerheap.h"
#include "tracequery.h"
#include "tracemeta.h"

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace loopscope {

struct LoopOptions
{
    bool debug = true;                          // asyncio debug mode: slow-callback warnings
    TimeNs slowCallback = 100'000'000;          // 0.1 s, asyncio's slow_callback_duration
};

class EventLoop;

namespace detail {
// The running loop of this thread (EventLoop::current()); constinit, so that reading it is one
// thread-pointer access inline, as every awaiter does when it suspends.
extern constinit thread_local EventLoop* t_currentLoop;

// The door through which core's awaitables schedule, suspend, arm timers and record: EventLoop
// keeps those members private, so a lesson program (or any code outside core) cannot call them.
struct LoopInternals;
} // namespace detail

class EventLoop
{
public:
    explicit EventLoop(LoopOptions options = {}, std::unique_ptr<Clock> clock = nullptr);
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // The loop that is running on this thread, or nullptr (asyncio.get_running_loop()).
    static EventLoop* current() { return detail::t_currentLoop; }
    // The task running right now, or nullptr between steps (asyncio.current_task()).
    TaskRecord* currentTask() const { return m_current; }

    TimeNs now() const { return m_virtualClock ? m_virtualClock->current() : m_clock->now(); }
    double time() const { return nsToSeconds(now()); }
    bool isVirtual() const { return m_clock->isVirtual(); }
    Clock& clock() { return *m_clock; }

    // Where requests and thread jobs really go in a live run; nullptr on the virtual clock.
    void setOutsideWorld(OutsideWorld* world) { m_world = world; }
    OutsideWorld* outsideWorld() const { return m_world; }
    const LoopOptions& options() const { return m_options; }

    void addInstrument(Instrument& instrument);
    void removeInstrument(Instrument& instrument);
    TraceMeta& meta() { return *m_meta; }
    const std::shared_ptr<TraceMeta>& sharedMeta() const { return m_meta; }

    // --- creating tasks ----------------------------------------------------------------------

    // Wraps the coroutine in a task with its own lane; its first step runs at the next loop
    // turn, after the handles already queued (call_soon order).
    template<typename T>
    TaskRef<T> createTask(Task<T> coro, std::string_view name = {})
    {
        const TaskId id = registerTask(name);
        auto* record = new TaskOf<T>(*this, id, std::move(coro));
        adoptTask(*record);
        return TaskRef<T>(record);
    }

    bool cancel(TaskRecord& task);
    // Cancels every pending task (a live run stopped part way): their cleanup runs as the loop
    // goes on.
    void cancelAll();

    // --- running -----------------------------------------------------------------------------

    // One iteration. Returns false when there is nothing left that could ever run: no ready
    // handle, no timer, no outside work (the run is over, or deadlocked). With `most`, at most
    // that many of the iteration's ready handles run; the next call goes on with the rest.
    bool runOnce(std::uint64_t most = ~std::uint64_t(0));
    static constexpr std::uint64_t kAdvanceSlice = 4096; // ready handles per advance()
    // Runs iterations while the next one would start at or before `t`.
    void runUntil(TimeNs t);

    struct RunOutcome
    {
        bool deadlocked = false;
        TimeNs total = 0;
    };
    // asyncio.run(main): run until main finishes, cancel the leftovers and let them finish,
    // shut down executors, close. Throws RuntimeError when called from a running loop.
    template<typename T>
    RunOutcome run(Task<T> main, TaskRef<T>* mainRef = nullptr)
    {
        TaskRef<T> ref = start(std::move(main));
        if (mainRef)
            *mainRef = ref;
        while (advance()) {
        }
        return outcome();
    }

    // The same run a step at a time, for a player that shows the loop as it goes: start()
    // schedules main; each advance() is one iteration while main runs, then one stage of the
    // wind-down (cancel leftovers, shut down executors, close). False once the loop is closed.
    // An iteration with more than kAdvanceSlice ready handles takes several advance() calls, a
    // slice of handles each, so a caller gets control back within milliseconds even when 100,000
    // tasks are ready at once; the events recorded are the same.
    template<typename T>
    TaskRef<T> start(Task<T> main)
    {
        if (current())
            throw RuntimeError("asyncio.run() cannot be called from a running event loop");
        startRun();
        TaskRef<T> ref = createTask(std::move(main), "main");
        holdMain(*ref.record());
        return ref;
    }
    bool advance();
    RunOutcome outcome() const { return {m_deadlocked, now()}; }

    bool deadlocked() const { return m_deadlocked; }
    bool closed() const { return m_closed; }
    std::uint64_t iteration() const { return m_iteration; }

    // --- what asyncio offers on the loop -----------------------------------------------------

    // loop.call_soon(fn): fn runs at the next loop turn.
    void callSoon(std::function<void()> fn);
    // loop.call_later(delay, fn).
    void callLater(double delay, std::function<void()> fn);

    // print(): recorded with the current task and line.
    void print(std::string_view text);
    void warn(WarningKind kind, std::string text, TaskId task = {});
    // A blocking call on the loop's thread: the clock advances, nothing else runs.
    void block(TimeNs duration, BlockingKind kind, std::string_view label);

    const std::vector<PrintedLine>& console() const { return m_console; }
    const std::vector<LoopWarning>& warnings() const { return m_warnings; }

    // --- introspection, for views and tests that watch the loop live -------------------------

    std::vector<TaskId> readyTasks() const;        // tasks queued to step, in queue order
    std::size_t readySlots() const { return m_ready.size(); }
    const TimerHeap& timers() const { return m_timers; }
    std::size_t pendingTasks() const { return m_pendingTasks; }

private:
    friend class TaskRecord;
    friend struct detail::LoopInternals;

    // --- for awaitables, through detail::LoopInternals --------------------------------------

    // Queues `task` to step at the next turn (a future's done-callback waking it).
    void schedule(TaskRecord& task, WakeReason reason, TaskId waker = {}, ObjectId object = {});
    // Queues a callback handle owned by `owner`.
    void scheduleCallback(Handle& handle, CallbackKind kind, TaskId owner, std::uint32_t detail);
    void unscheduleCallback(Handle& handle, CallbackKind kind, TaskId owner, std::uint32_t detail);
    // Arms a timer that queues `handle` at `deadline`; returns the timer's id.
    std::uint32_t armTimer(Handle& handle, TimeNs deadline, TaskId owner);
    bool cancelTimer(Handle& handle);
    // The current task suspends on `node`, waiting on `object` ("lock L1").
    void suspend(TaskRecord& task, WaitNode& node, std::coroutine_handle<> resumeAt, WaitKind kind,
                 ObjectId object, StringId label);
    // sleep(0): the current task yields and is queued again at once.
    void yield(TaskRecord& task, std::coroutine_handle<> resumeAt);
    // Called from an awaiter's await_resume: ends the wait and raises a pending CancelledError.
    void resumeFromWait(TaskRecord& task)
    {
        task.m_waiter = nullptr;
        if (task.m_mustCancel) [[unlikely]]
            deliverCancel(task);
    }
    [[noreturn]] void deliverCancel(TaskRecord& task);
    // Records that CancelledError reaches `task` at its await point.
    void noteCancelDelivered(TaskRecord& task);
    // Outside work (executor jobs, I/O) that keeps the loop alive without a timer.
    void addOutsideWork() { ++m_outsideWork; }
    void removeOutsideWork() { --m_outsideWork; }

    ObjectId registerObject(ObjectKind kind, std::string_view name, std::int64_t capacity);
    StringId intern(std::string_view text) { return m_meta->intern(text); }
    // The interned "sleep(d)" label of a sleep of `duration`.
    StringId sleepLabel(TimeNs duration);

    // Every state change passes through record(), several times per task switch, so it is
    // kept small enough to inline: the usual case, one recorder and no other instrument,
    // appends the 24 bytes straight to that trace; anything else goes out of line.
    [[gnu::always_inline]] void record(EventKind kind, TaskId task, std::uint8_t sub = 0, std::uint32_t a = 0,
                                       std::uint32_t b = 0)
    {
        if (Trace* trace = m_soleTrace) {
            Event& e = trace->nextEvent();
            fill(e, kind, task, sub);
            e.arg.ab = {a, b};
            trace->publishEvent();
        } else if (m_observed) {
            Event e;
            fill(e, kind, task, sub);
            e.arg.ab = {a, b};
            publishToAll(e);
        }
    }
    [[gnu::always_inline]] void recordValue(EventKind kind, TaskId task, std::uint8_t sub, std::int64_t v)
    {
        if (Trace* trace = m_soleTrace) {
            Event& e = trace->nextEvent();
            fill(e, kind, task, sub);
            e.arg.v = v;
            trace->publishEvent();
        } else if (m_observed) {
            Event e;
            fill(e, kind, task, sub);
            e.arg.v = v;
            publishToAll(e);
        }
    }
    [[gnu::always_inline]] void fill(Event& e, EventKind kind, TaskId task, std::uint8_t sub) const
    {
        e.t = now();
        e.task = task.value;
        e.kind = kind;
        e.sub = sub;
        e.line = lineOf(task);
    }
    bool recording() const { return m_observed; }

    // --- the loop's own ------------------------------------------------------------------------

    TaskId registerTask(std::string_view name);
    void adoptTask(TaskRecord& task);
    // Both inline in eventloop.cpp, the only file that calls them (once per task step, four
    // times per loop turn).
    void stepTask(TaskRecord& task);
    void finishTask(TaskRecord& task, std::exception_ptr error);
    void taskDestroyed(TaskRecord& task);
    void reportDeadlock();
    void tearDownPendingTasks();
    void startRun();
    void holdMain(TaskRecord& main);
    void closeRun();
    void phase(LoopPhase p, std::uint32_t detail = 0);
    std::uint16_t lineOf(TaskId task) const
    {
        TaskRecord* t = task.value < m_live.size() ? m_live[task.value] : nullptr;
        return t ? t->m_line : 0;
    }
    void publishToAll(const Event& e);
    void observersChanged();

    LoopOptions m_options;
    std::unique_ptr<Clock> m_clock;
    std::shared_ptr<TraceMeta> m_meta;
    std::vector<Instrument*> m_instruments; // observers other than recorders
    std::vector<Trace*> m_traces;           // traces of attached recorders
    Trace* m_soleTrace = nullptr;           // the only observer, when it is one recorder
    bool m_observed = false;                // anything attached at all
    VirtualClock* m_virtualClock = nullptr; // set when the clock is virtual
    OutsideWorld* m_world = nullptr;
    ReadyQueue m_ready;
    // Handles of the iteration under way not yet run (advance() runs a big iteration in slices).
    std::uint64_t m_todo = 0;
    void runReady(std::uint64_t most);
    TimerHeap m_timers;
    std::vector<TaskRecord*> m_live; // pending tasks by id; nullptr once finished
    std::vector<PrintedLine> m_console;
    std::vector<LoopWarning> m_warnings;
    TaskRecord* m_current = nullptr;
    EventLoop* m_previous = nullptr;
    std::uint64_t m_iteration = 0;
    std::size_t m_pendingTasks = 0;
    std::size_t m_outsideWork = 0;
    std::uint32_t m_nextTimerId = 0;
    std::uint32_t m_taskCounter = 0;
    bool m_deadlocked = false;
    bool m_closed = false;
    bool m_running = false;
    enum class RunStage : std::uint8_t { Idle, Main, Leftovers, Shutdown, Closed };
    RunStage m_stage = RunStage::Idle;
    TaskRecord* m_main = nullptr; // held from start() until the loop closes
    // Labels of recent sleep durations: a program sleeps the same few durations over and over,
    // and each sleep would otherwise format and hash its label again. Direct-mapped, so a
    // program of all-different durations pays one compare per sleep and nothing more.
    struct SleepLabelSlot
    {
        TimeNs duration = 0; // 0: empty (a sleep with a timer is never 0)
        StringId label;
    };
    std::array<SleepLabelSlot, 64> m_sleepLabels{};
    bool m_tearingDown = false; // frames are being destroyed: wake-ups go nowhere
};

namespace detail {

// Each member forwards to the EventLoop member of the same name (see the private section of
// EventLoop for what each does).
struct LoopInternals
{
    template<typename... A>
    static void schedule(EventLoop& loop, A&&... a) { loop.schedule(std::forward<A>(a)...); }
    template<typename... A>
    static void scheduleCallback(EventLoop& loop, A&&... a) { loop.scheduleCallback(std::forward<A>(a)...); }
    template<typename... A>
    static void unscheduleCallback(EventLoop& loop, A&&... a) { loop.unscheduleCallback(std::forward<A>(a)...); }
    template<typename... A>
    static std::uint32_t armTimer(EventLoop& loop, A&&... a) { return loop.armTimer(std::forward<A>(a)...); }
    template<typename... A>
    static bool cancelTimer(EventLoop& loop, A&&... a) { return loop.cancelTimer(std::forward<A>(a)...); }
    template<typename... A>
    static void suspend(EventLoop& loop, A&&... a) { loop.suspend(std::forward<A>(a)...); }
    template<typename... A>
    static void yield(EventLoop& loop, A&&... a) { loop.yield(std::forward<A>(a)...); }
    template<typename... A>
    static void resumeFromWait(EventLoop& loop, A&&... a) { loop.resumeFromWait(std::forward<A>(a)...); }
    template<typename... A>
    static void noteCancelDelivered(EventLoop& loop, A&&... a) { loop.noteCancelDelivered(std::forward<A>(a)...); }
    static void addOutsideWork(EventLoop& loop) { loop.addOutsideWork(); }
    static void removeOutsideWork(EventLoop& loop) { loop.removeOutsideWork(); }
    template<typename... A>
    static ObjectId registerObject(EventLoop& loop, A&&... a) { return loop.registerObject(std::forward<A>(a)...); }
    static StringId intern(EventLoop& loop, std::string_view text) { return loop.intern(text); }
    static StringId sleepLabel(EventLoop& loop, TimeNs duration) { return loop.sleepLabel(duration); }
    template<typename... A>
    static void record(EventLoop& loop, A&&... a) { loop.record(std::forward<A>(a)...); }
    template<typename... A>
    static void recordValue(EventLoop& loop, A&&... a) { loop.recordValue(std::forward<A>(a)...); }
    static bool recording(const EventLoop& loop) { return loop.recording(); }
};

} // namespace detail

// The running loop; throws RuntimeError("no running event loop") outside of one.
EventLoop& runningLoop();

// Lesson code: the listing line the current task is at, recorded with its next event.
void line(int listingLine);
// Lesson code: print() on the running loop.
void print(std::string_view text);

} // namespace loopscope
