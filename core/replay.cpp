#include "replay.h"

#include "tracereader.h"

#include <algorithm>

namespace loopscope {

const char* toString(TaskPhase phase)
{
    switch (phase) {
    case TaskPhase::Created: return "created";
    case TaskPhase::Ready: return "ready";
    case TaskPhase::Running: return "running";
    case TaskPhase::Waiting: return "waiting";
    case TaskPhase::Blocked: return "blocked";
    case TaskPhase::Done: return "done";
    case TaskPhase::Failed: return "failed";
    case TaskPhase::Cancelled: return "cancelled";
    }
    return "?";
}

std::vector<TaskId> ReplayState::readyTasks() const
{
    std::vector<TaskId> ids;
    for (const ReadyEntry& r : ready)
        if (r.isStep)
            ids.push_back(r.task);
    return ids;
}

namespace {

template<typename T>
T& at(std::vector<T>& v, std::size_t i)
{
    if (v.size() <= i)
        v.resize(i + 1);
    return v[i];
}

bool waitsInQueue(WaitKind kind)
{
    switch (kind) {
    case WaitKind::Lock:
    case WaitKind::Semaphore:
    case WaitKind::QueueGet:
    case WaitKind::QueuePut:
    case WaitKind::Event:
        return true;
    default:
        return false;
    }
}

// Removes the first `value` from a FIFO: near the front, where FIFOs are served, this is cheap.
template<typename Queue, typename T>
void eraseFirst(Queue& queue, const T& value)
{
    if (auto it = std::find(queue.begin(), queue.end(), value); it != queue.end())
        queue.erase(it);
}

void leaveWaitQueue(ReplayState& s, TaskId task)
{
    TaskView& view = at(s.tasks, task.value);
    if (view.phase == TaskPhase::Waiting && waitsInQueue(view.waitKind) && view.waitObject)
        eraseFirst(at(s.objects, view.waitObject).waiters, task);
}

void popReady(ReplayState& s)
{
    if (!s.ready.empty())
        s.ready.pop_front();
}

} // namespace

namespace {

// Where a task's phase goes on each event: the rules Replay and phaseAfter (the task table) share.
// A new task's first step is queued while it is still "created": its lane starts at that step.
constexpr TaskPhase phaseWhenScheduled(TaskPhase current)
{
    return current == TaskPhase::Created ? TaskPhase::Created : TaskPhase::Ready;
}
constexpr TaskPhase phaseWhenFinished(FinishState state)
{
    return state == FinishState::Done     ? TaskPhase::Done
           : state == FinishState::Failed ? TaskPhase::Failed
                                          : TaskPhase::Cancelled;
}

struct PhaseTransition : TraceHandlers
{
    TaskPhase current = TaskPhase::Created;
    std::optional<TaskPhase> next;

    void taskCreated(const Event&, TaskId, TaskId, StringId) { next = TaskPhase::Created; }
    void stepScheduled(const Event&, TaskId, WakeReason, TaskId, ObjectId)
    {
        if (phaseWhenScheduled(current) != current)
            next = phaseWhenScheduled(current);
    }
    void taskResumed(const Event&, TaskId, bool) { next = TaskPhase::Running; }
    void taskSuspended(const Event&, TaskId, WaitKind, std::uint32_t, StringId) { next = TaskPhase::Waiting; }
    void taskYielded(const Event&, TaskId) { next = TaskPhase::Ready; }
    void taskFinished(const Event&, TaskId, FinishState state, StringId) { next = phaseWhenFinished(state); }
    void blockingBegan(const Event&, TaskId, BlockingKind, StringId) { next = TaskPhase::Blocked; }
    void blockingEnded(const Event&, TaskId) { next = TaskPhase::Running; }
};

// Everything else an event changes in the scheduler's state, hook by hook.
struct StateUpdate : TraceHandlers
{
    ReplayState& s;
    explicit StateUpdate(ReplayState& state) : s(state) {}

    void loopPhase(const Event&, LoopPhase phase, std::uint32_t iteration)
    {
        s.phase = phase;
        s.iteration = iteration;
    }
    void taskCreated(const Event& e, TaskId task, TaskId, StringId)
    {
        TaskView& v = at(s.tasks, task.value);
        v = TaskView{};
        v.exists = true;
        v.created = e.t;
    }
    void stepScheduled(const Event&, TaskId task, WakeReason, TaskId, ObjectId)
    {
        leaveWaitQueue(s, task); // by the wait it had until now
        TaskView& v = at(s.tasks, task.value);
        v.phase = phaseWhenScheduled(v.phase);
        s.ready.push_back({task, true, CallbackKind::Generic, 0});
    }
    void callbackScheduled(const Event&, TaskId owner, CallbackKind kind, std::uint32_t detail)
    {
        s.ready.push_back({owner, false, kind, detail});
    }
    void callbackCancelled(const Event&, TaskId owner, CallbackKind kind, std::uint32_t detail)
    {
        eraseFirst(s.ready, ReadyEntry{owner, false, kind, detail});
    }
    void callbackRun(const Event&, TaskId, CallbackKind) { popReady(s); }
    void taskResumed(const Event& e, TaskId task, bool firstStep)
    {
        popReady(s);
        TaskView& v = at(s.tasks, task.value);
        v.phase = TaskPhase::Running;
        v.line = e.line;
        if (firstStep)
            v.started = e.t;
    }
    void taskSuspended(const Event& e, TaskId task, WaitKind kind, std::uint32_t waitedOn, StringId label)
    {
        TaskView& v = at(s.tasks, task.value);
        v.phase = TaskPhase::Waiting;
        v.waitKind = kind;
        v.waitObject = waitedOn;
        v.waitLabel = label;
        v.line = e.line;
        if (waitsInQueue(kind) && waitedOn)
            at(s.objects, waitedOn).waiters.push_back(task);
    }
    void taskYielded(const Event& e, TaskId task)
    {
        TaskView& v = at(s.tasks, task.value);
        v.phase = TaskPhase::Ready;
        v.line = e.line;
        s.ready.push_back({task, true, CallbackKind::Generic, 0});
    }
    void taskFinished(const Event& e, TaskId task, FinishState state, StringId error)
    {
        TaskView& v = at(s.tasks, task.value);
        v.phase = phaseWhenFinished(state);
        v.finished = e.t;
        v.error = error;
    }
    void timerArmed(const Event&, TaskId owner, TimeNs deadline)
    {
        s.timers.emplace_hint(s.timers.end(), s.nextTimerId, TimerView{s.nextTimerId, owner, deadline});
        ++s.nextTimerId;
    }
    void timerFired(const Event&, TaskId owner, std::uint32_t timer, TimeNs)
    {
        s.timers.erase(timer);
        s.ready.push_back({owner, false, CallbackKind::Timer, timer});
    }
    void timerCancelled(const Event&, TaskId, std::uint32_t timer) { s.timers.erase(timer); }
    void acquired(const Event&, TaskId task, ObjectId object) { at(s.objects, object.value).holders.push_back(task); }
    void released(const Event&, TaskId task, ObjectId object)
    {
        auto& holders = at(s.objects, object.value).holders;
        if (auto it = std::find(holders.begin(), holders.end(), task); it != holders.end())
            holders.erase(it);
    }
    void counterChanged(const Event&, ObjectId object, std::int64_t value) { at(s.objects, object.value).counter = value; }
    void primitiveState(const Event&, ObjectId object, bool set) { at(s.objects, object.value).isSet = set; }
    void blockingBegan(const Event&, TaskId task, BlockingKind, StringId)
    {
        at(s.tasks, task.value).phase = TaskPhase::Blocked;
        s.blocked = true;
    }
    void blockingEnded(const Event&, TaskId task)
    {
        at(s.tasks, task.value).phase = TaskPhase::Running;
        s.blocked = false;
    }
    void job(const Event&, JobStage stage, TaskId submitter, ObjectId executor, std::uint32_t job, std::uint8_t worker)
    {
        ExecutorView& x = at(s.executors, executor.value);
        switch (stage) {
        case JobStage::Queued:
            x.queued.push_back(job);
            break;
        case JobStage::Started:
        case JobStage::WaitingForCpu:
            eraseFirst(x.queued, job);
            at(x.workers, worker) = {submitter, job, stage == JobStage::WaitingForCpu};
            break;
        case JobStage::Finished:
            at(x.workers, worker) = {};
            break;
        case JobStage::Dropped: // taken from the queue before it started
            eraseFirst(x.queued, job);
            break;
        }
    }
    void printed(const Event&, TaskId, StringId) { ++s.consoleLines; }
    void warned(const Event&, TaskId, WarningKind, StringId) { ++s.warnings; }
    void lineReached(const Event&, TaskId task, std::uint16_t line) { at(s.tasks, task.value).line = line; }
};

} // namespace

std::optional<TaskPhase> phaseAfter(const Event& e, TaskPhase current)
{
    PhaseTransition transition;
    transition.current = current;
    dispatch(e, transition);
    return transition.next;
}

void Replay::apply(ReplayState& s, const Event& e)
{
    ++s.events;
    s.t = e.t;
    StateUpdate update(s);
    dispatch(e, update);
}

Replay::Replay(const Trace& trace) : m_trace(trace)
{
    // Space checkpoints so that their copies cost about as much as the events themselves: a
    // checkpoint holds a view per task, so one every four events per task. In bench/replay_bench
    // (two million events, 100,000 tasks), 100 random seeks took 1.5 s at eight per task, 0.6 s
    // at four, and 0.5 s at two, where the benchmark's memory grew from 158 MB to 243 MB.
    m_interval = std::max<std::size_t>(4096, trace.meta().taskCount() * 4);
    m_checkpoints.push_back(m_state);
}

const ReplayState& Replay::stateAfter(std::size_t eventCount)
{
    eventCount = std::min(eventCount, m_trace.size());
    if (eventCount < m_state.events) {
        const std::size_t cp = std::min(eventCount / m_interval, m_checkpoints.size() - 1);
        m_state = m_checkpoints[cp];
    } else if (const std::size_t cp = std::min(eventCount / m_interval, m_checkpoints.size() - 1);
               cp * m_interval > m_state.events) {
        m_state = m_checkpoints[cp];
    }
    while (m_state.events < eventCount) {
        apply(m_state, m_trace[m_state.events]);
        if (m_state.events % m_interval == 0 && m_state.events / m_interval == m_checkpoints.size())
            m_checkpoints.push_back(m_state);
    }
    return m_state;
}

} // namespace loopscope
