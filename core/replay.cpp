#include "replay.h"

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

void Replay::apply(ReplayState& s, const Event& e)
{
    ++s.events;
    s.t = e.t;
    const TaskId task(e.task);
    switch (e.kind) {
    case EventKind::LoopPhase:
        s.phase = LoopPhase(e.sub);
        s.iteration = e.a();
        break;
    case EventKind::TaskCreated: {
        TaskView& v = at(s.tasks, task.value);
        v = TaskView{};
        v.exists = true;
        v.created = e.t;
        break;
    }
    case EventKind::StepScheduled: {
        leaveWaitQueue(s, task);
        TaskView& v = at(s.tasks, task.value);
        if (v.phase != TaskPhase::Created)
            v.phase = TaskPhase::Ready;
        s.ready.push_back({task, true, CallbackKind::Generic, 0});
        break;
    }
    case EventKind::CallbackScheduled:
        s.ready.push_back({task, false, CallbackKind(e.sub), e.a()});
        break;
    case EventKind::CallbackCancelled: {
        eraseFirst(s.ready, ReadyEntry{task, false, CallbackKind(e.sub), e.a()});
        break;
    }
    case EventKind::CallbackRun:
        popReady(s);
        break;
    case EventKind::TaskResumed: {
        popReady(s);
        TaskView& v = at(s.tasks, task.value);
        v.phase = TaskPhase::Running;
        v.line = e.line;
        if (e.sub == 1)
            v.started = e.t;
        break;
    }
    case EventKind::TaskSuspended: {
        TaskView& v = at(s.tasks, task.value);
        v.phase = TaskPhase::Waiting;
        v.waitKind = WaitKind(e.sub);
        v.waitObject = e.a();
        v.waitLabel = StringId(e.b());
        v.line = e.line;
        if (waitsInQueue(v.waitKind) && v.waitObject)
            at(s.objects, v.waitObject).waiters.push_back(task);
        break;
    }
    case EventKind::TaskYielded: {
        TaskView& v = at(s.tasks, task.value);
        v.phase = TaskPhase::Ready;
        v.line = e.line;
        s.ready.push_back({task, true, CallbackKind::Generic, 0});
        break;
    }
    case EventKind::TaskFinished: {
        TaskView& v = at(s.tasks, task.value);
        v.phase = e.sub == std::uint8_t(FinishState::Done)     ? TaskPhase::Done
                  : e.sub == std::uint8_t(FinishState::Failed) ? TaskPhase::Failed
                                                               : TaskPhase::Cancelled;
        v.finished = e.t;
        v.error = StringId(e.a());
        break;
    }
    case EventKind::CancelRequested:
    case EventKind::CancelDelivered:
        break;
    case EventKind::TimerArmed:
        s.timers.emplace_hint(s.timers.end(), s.nextTimerId, TimerView{s.nextTimerId, task, e.v()});
        ++s.nextTimerId;
        break;
    case EventKind::TimerFired:
        s.timers.erase(e.a());
        s.ready.push_back({task, false, CallbackKind::Timer, e.a()});
        break;
    case EventKind::TimerCancelled:
        s.timers.erase(e.a());
        break;
    case EventKind::Acquired:
        at(s.objects, e.a()).holders.push_back(task);
        break;
    case EventKind::Released: {
        auto& holders = at(s.objects, e.a()).holders;
        if (auto it = std::find(holders.begin(), holders.end(), task); it != holders.end())
            holders.erase(it);
        break;
    }
    case EventKind::Counter:
        at(s.objects, e.a()).counter = e.b();
        break;
    case EventKind::PrimitiveState:
        at(s.objects, e.a()).isSet = e.sub != 0;
        break;
    case EventKind::BlockingBegin:
        at(s.tasks, task.value).phase = TaskPhase::Blocked;
        s.blocked = true;
        break;
    case EventKind::BlockingEnd:
        at(s.tasks, task.value).phase = TaskPhase::Running;
        s.blocked = false;
        break;
    case EventKind::JobQueued:
        at(s.executors, e.a()).queued.push_back(e.b());
        break;
    case EventKind::JobWaitingGil:
    case EventKind::JobStarted: {
        ExecutorView& x = at(s.executors, e.a());
        eraseFirst(x.queued, e.b());
        at(x.workers, e.sub) = {task, e.b(), e.kind == EventKind::JobWaitingGil};
        break;
    }
    case EventKind::JobFinished: {
        ExecutorView& x = at(s.executors, e.a());
        if (e.sub == 0xff) { // dropped from the queue before it started
            eraseFirst(x.queued, e.b());
            break;
        }
        at(x.workers, e.sub) = {};
        break;
    }
    case EventKind::Print:
        ++s.consoleLines;
        break;
    case EventKind::Warning:
        ++s.warnings;
        break;
    case EventKind::Line:
        at(s.tasks, e.task).line = e.line;
        break;
    }
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
