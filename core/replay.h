#pragma once
// Replay: the scheduler's full state at any point of a recorded run, rebuilt from the Trace
// alone. Views read this, never the loop. Seeking is cheap: states are kept at checkpoints and
// the events after the nearest one are applied.

#include "event.h"
#include "trace.h"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace loopscope {

enum class TaskPhase : std::uint8_t { Created, Ready, Running, Waiting, Blocked, Done, Failed, Cancelled };

const char* toString(TaskPhase phase);

// The phase a task enters with event `e` (e.task's), given the phase it is in; nullopt if the
// event does not change it. Replay and the task table both follow this one state machine.
std::optional<TaskPhase> phaseAfter(const Event& e, TaskPhase current);

struct TaskView
{
    TaskPhase phase = TaskPhase::Created;
    WaitKind waitKind = WaitKind::Sleep;
    std::uint16_t line = 0;
    std::uint32_t waitObject = 0; // ObjectId, or a TaskId for WaitKind::Task/WaitFor/Shield
    StringId waitLabel;
    StringId error;
    TimeNs created = -1;
    TimeNs started = -1;
    TimeNs finished = -1;
    bool exists = false;
    friend bool operator==(const TaskView&, const TaskView&) = default;
};

struct ReadyEntry
{
    TaskId task;          // the task to step, or the callback's owner
    bool isStep = true;
    CallbackKind callback = CallbackKind::Generic;
    std::uint32_t detail = 0;
    friend bool operator==(const ReadyEntry&, const ReadyEntry&) = default;
};

struct TimerView
{
    std::uint32_t id = 0;
    TaskId owner;
    TimeNs deadline = 0;
    friend bool operator==(const TimerView&, const TimerView&) = default;
};

// Queues are deques and timers a map by id, so that a run with 100,000 waiters or timers replays
// in linear time: a FIFO gives up its front, and a timer fires or is cancelled by id.
struct PrimitiveView
{
    std::vector<TaskId> holders;
    std::deque<TaskId> waiters; // FIFO
    std::int64_t counter = 0;    // permits in use, queue size, requests in flight
    bool isSet = false;
    friend bool operator==(const PrimitiveView&, const PrimitiveView&) = default;
};

struct WorkerView
{
    TaskId submitter;
    std::uint32_t job = 0;
    bool waitingForCpu = false;
    friend bool operator==(const WorkerView&, const WorkerView&) = default;
};

struct ExecutorView
{
    std::vector<WorkerView> workers;
    std::deque<std::uint32_t> queued; // job ids waiting for a worker
    friend bool operator==(const ExecutorView&, const ExecutorView&) = default;
};

struct ReplayState
{
    std::size_t events = 0;               // how many events are applied
    TimeNs t = 0;
    LoopPhase phase = LoopPhase::Start;
    std::uint32_t iteration = 0;
    std::vector<TaskView> tasks;          // by TaskId value; [0] unused
    std::deque<ReadyEntry> ready;         // front first
    std::map<std::uint32_t, TimerView> timers; // pending, by id: in arming order
    std::vector<PrimitiveView> objects;   // by ObjectId value; [0] unused
    std::vector<ExecutorView> executors;  // by ObjectId value, for executor objects
    std::size_t consoleLines = 0;
    std::size_t warnings = 0;
    std::uint32_t nextTimerId = 0;
    bool blocked = false;                 // a blocking call holds the loop

    // The steps queued, in order (what a view lists as "ready queue").
    std::vector<TaskId> readyTasks() const;
    friend bool operator==(const ReplayState&, const ReplayState&) = default;
};

class Replay
{
public:
    explicit Replay(const Trace& trace);

    // The state after the first `eventCount` events.
    const ReplayState& stateAfter(std::size_t eventCount);
    // The state after every event at or before time t.
    const ReplayState& stateAt(TimeNs t) { return stateAfter(m_trace.upperBound(t)); }

    static void apply(ReplayState& state, const Event& e);

private:
    const Trace& m_trace;
    ReplayState m_state;
    std::vector<ReplayState> m_checkpoints; // m_checkpoints[i] holds the state after i*interval events
    std::size_t m_interval = 4096;
};

} // namespace loopscope
