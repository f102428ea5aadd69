#pragma once
// TimelineScene: what the timeline draws for one variant — lanes of state segments, markers, stall
// bands and gather brackets — built from a Trace alone and kept keyed by time, so any "moment" (the
// player's cursor) can be drawn by cutting the picture there. It grows incrementally: update()
// processes only the events appended since the last call, so a running lesson costs O(new events).

#include "core/trace.h"

#include <QCoreApplication>
#include <QString>

#include <array>
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <string>
#include <vector>

namespace loopscope::ui {

// A segment that has not ended yet (it ends at the moment it is drawn at).
constexpr TimeNs kOpenEnd = std::numeric_limits<TimeNs>::max();

enum class LaneKind : std::uint8_t {
    Loop,    // the event loop itself: busy / idle / stalled
    Task,    // one task, in creation order
    Worker,  // one executor worker: idle / running a job / waiting for the CPU (GIL)
    Counter, // a primitive's counter: permits in use, lock holders, queue size, I/O in flight
};

// The loop lane's states (Segment::state on a Loop lane).
enum class LoopState : std::uint8_t { Idle, Busy, Stalled };

// A stretch of time a lane spends in one state. On Task lanes `state` is a TaskPhase; on the Loop
// lane a LoopState; on Worker lanes TaskPhase::Running (the job runs) or TaskPhase::Ready (it waits
// for the CPU) — gaps are idle.
struct Segment
{
    TimeNs start = 0;
    TimeNs end = kOpenEnd;
    std::uint8_t state = 0;
    WaitKind waitKind = WaitKind::Sleep; // Waiting: what kind of thing is awaited
    std::uint16_t line = 0;              // the listing line (where it waits, runs or blocks)
    std::uint32_t object = 0;            // Waiting: ObjectId / TaskId awaited; Worker: submitting task
    StringId label;                      // Waiting: the awaited thing's label; Blocked: the call; ended: error

    TimeNs endAt(TimeNs moment) const { return end < moment ? end : moment; }
};

struct CounterPoint
{
    TimeNs t = 0;
    std::int64_t value = 0;
};

// One change of a counter, by the event that made it. Changes at one instant (two acquires at
// t = 0) share a CounterPoint, which keeps the instant's last value; here they keep their order,
// so the value part way through an instant, where the player's cursor can stand, is known too.
struct CounterChange
{
    std::uint64_t event = 0; // the trace index of the event that made the change
    std::int64_t value = 0;
};

enum class MarkerKind : std::uint8_t {
    Yield,     // an await suspended the task here (TaskSuspended / TaskYielded)
    Resume,    // the loop picked the task up again (TaskResumed)
    Wake,      // something woke the task (StepScheduled): an arrow from `fromLane`
    LateTimer, // a timer fired `value` ns after its deadline
    Print,     // a printed line
    Warning,   // an asyncio debug-mode warning
    Phase,     // a loop lifecycle phase (Start, CancelLeftovers, ShutdownExecutors, Closed, Deadlock)
    Cancel,    // cancel() was requested on the task
};

struct Marker
{
    TimeNs t = 0;
    MarkerKind kind = MarkerKind::Yield;
    std::uint8_t sub = 0;       // WaitKind (Yield), WakeReason (Wake), LoopPhase (Phase), WarningKind
    std::uint16_t line = 0;
    std::int32_t fromLane = -1; // Wake: the waker's lane (the loop lane for the loop's own wake-ups)
    std::int64_t value = 0;     // LateTimer: lateness in ns
    StringId text;              // Print / Warning: the text
};

struct Lane
{
    LaneKind kind = LaneKind::Task;
    std::string label;
    TaskId task;                 // Task lanes
    ObjectId object;             // Worker (the executor) and Counter lanes
    int worker = 0;              // Worker lanes: the worker index
    std::int32_t parentLane = -1;// Task lanes: the creating task's lane
    std::vector<Segment> segments; // in time order, contiguous for Task and Loop lanes
    std::vector<CounterPoint> counter; // Counter lanes: a step function
    std::vector<CounterChange> counterChanges; // Counter lanes: every change, in trace order
    std::int64_t counterMax = 0; // the largest value (or the object's capacity), for scaling
    std::vector<Marker> markers; // in time order
    // Indices into markers of the rare kinds (lateness, warnings, phases, cancels): what is still
    // drawn one by one when the frequent ones (yield, resume, wake, print) are too dense to show.
    std::vector<std::uint32_t> rareMarkers;

    // Index of the segment covering time t (the last one starting at or before t), or -1.
    int segmentAt(TimeNs t) const;
    // The counter value at time t (0 before the first point).
    std::int64_t counterAt(TimeNs t) const;
    // The counter value once the first `events` events of the trace have happened.
    std::int64_t counterAfter(std::size_t events) const;
};

// A blocking call holding the whole loop: drawn as a band across every lane.
struct Stall
{
    TimeNs start = 0;
    TimeNs end = kOpenEnd;
    std::int32_t lane = -1; // the task that blocks
    std::uint16_t line = 0;
    StringId label;
};

// gather / TaskGroup: the parent waits for its children, drawn as a bracket from parent to children.
struct Bracket
{
    TimeNs start = 0;
    TimeNs end = kOpenEnd;
    WaitKind kind = WaitKind::Gather;
    std::int32_t parentLane = -1;
    std::vector<std::int32_t> childLanes;
};

// How many tasks of a family are in each TaskPhase from `t` on (Created .. Cancelled).
struct FamilyCounts
{
    TimeNs t = 0;
    std::array<std::int32_t, 8> n{};
};

// Siblings: the tasks one task created whose names differ only in a trailing number ("request-0"
// .. "request-99999", "Task-5" .. "Task-9"). The trace does not record which coroutine function a
// task runs, but the creator and the name are what a reader sees too, and gather / TaskGroup
// children are created by the task that awaits them, so they land in one family as well.
// A family with many members is drawn folded into one group lane (ui/timelinerenderer.h).
struct LaneFamily
{
    std::int32_t parentLane = -1;  // the creating task's lane, -1 for tasks the loop created
    std::string stem;              // the members' common name without the number: "request-"
    std::vector<std::int32_t> members; // lanes, in creation order
    // A step function kept as the trace is read: one point per instant at which a member changed
    // state (all changes at one virtual instant share a point), so a run of 100,000 requests that
    // start together and end together has a handful of points, and the count at any time is a
    // binary search, never a walk over the members.
    std::vector<FamilyCounts> counts;

    // The counts at time t (all zero before the first member was created).
    FamilyCounts countsAt(TimeNs t) const;
};

// "request-17" -> "request-"; a name without a trailing number is its own stem.
std::string familyStem(const std::string& name);

class TimelineScene
{
    Q_DECLARE_TR_FUNCTIONS(TimelineScene)

public:
    // Reads the trace as far as it goes, unless told to read none yet (a view that reads a big
    // trace a slice per turn, with update(most)).
    enum class Reading { Now, Later };
    explicit TimelineScene(const Trace& trace, std::string name = {}, Reading reading = Reading::Now);

    // Processes the events appended since the last call, at most `most` of them. Returns true
    // when anything changed.
    bool update(std::size_t most = std::numeric_limits<std::size_t>::max());
    std::size_t processedEvents() const { return m_processed; }
    // Every event recorded so far is in the picture.
    bool caughtUp() const { return m_processed == m_trace.size(); }

    const Trace& trace() const { return m_trace; }
    const TraceMeta& meta() const { return m_trace.meta(); }

    const std::string& name() const { return m_name; }
    // The run's end once finished (asyncio.run returned), else the last processed event's time.
    TimeNs total() const { return m_finished ? m_total : m_end; }
    bool finished() const { return m_finished; }
    void setFinished(TimeNs total);
    TimeNs endTime() const { return m_end; }

    const std::vector<Lane>& lanes() const { return m_lanes; }
    const Lane& lane(int index) const { return m_lanes[std::size_t(index)]; }
    int laneCount() const { return int(m_lanes.size()); }
    // The order lanes are shown in: the loop, tasks in creation order, workers, then counters.
    // Kept as lanes are added, so a layout of 100,000 lanes does not sort them again each frame.
    const std::vector<int>& displayOrder() const { return m_order; }
    int laneOfTask(TaskId task) const;

    // Sibling families of task lanes, in the order their first member was created.
    const std::vector<LaneFamily>& families() const { return m_families; }
    // The family of a task lane, or -1 (not a task, or created before its creator was known).
    int familyOfLane(int lane) const
    {
        return std::size_t(lane) < m_familyOfLane.size() ? m_familyOfLane[std::size_t(lane)] : -1;
    }

    const std::vector<Stall>& stalls() const { return m_stalls; }
    const std::vector<Bracket>& brackets() const { return m_brackets; }

    // "fetch-2 waiting on sleep(1.0) from 0.000 s to 1.000 s, line 9" (the end cut at `moment`).
    QString describe(int lane, int segment, TimeNs moment = kOpenEnd) const;
    QString describeMarker(int lane, const Marker& marker) const;
    // What a segment waits on, in words: "sleep(1.0)", "Semaphore slots", "task fetch-1".
    QString waitText(const Segment& segment) const;

private:
    struct Reader; // the trace reader that builds the scene (timelinescene.cpp)
    int ensureTaskLane(TaskId task);
    void reserveLanes(std::size_t lanes);
    int ensureWorkerLane(ObjectId executor, int worker);
    int ensureCounterLane(ObjectId object);
    std::int32_t addLane(Lane lane); // appends it and places it in the display order
    void setState(int lane, TimeNs t, std::uint8_t state, const Segment& detail = {});
    void closeOpen(int lane, TimeNs t);
    void pushCounter(int lane, TimeNs t, std::int64_t value);
    void mark(int lane, const Marker& marker);
    void joinFamily(int lane, int parentLane, TimeNs t);
    void countState(int lane, TimeNs t, int from, int to);

    const Trace& m_trace;
    std::string m_name;
    std::size_t m_processed = 0;
    std::size_t m_reading = 0; // the trace index of the event being read (for counterChanges)
    TimeNs m_end = 0;
    TimeNs m_total = 0;
    bool m_finished = false;

    std::vector<Lane> m_lanes;
    std::vector<int> m_order;                 // displayOrder()
    std::array<std::size_t, 4> m_lanesOfKind{}; // by LaneKind: how many lanes of each
    std::vector<std::int32_t> m_taskLane;     // by TaskId value, -1 = none
    std::vector<std::int32_t> m_counterLane;  // by ObjectId value, -1 = none
    std::vector<std::int64_t> m_holders;      // by ObjectId value: Acquired minus Released
    std::vector<std::uint8_t> m_hasCounterEvents; // by ObjectId value: it reports its own Counter
    std::vector<std::vector<std::int32_t>> m_workerLane; // by ObjectId value, then worker index
    std::vector<std::vector<std::int32_t>> m_children;   // by lane: lanes of the tasks it created
    std::vector<std::int32_t> m_openBracket;  // by lane: index into m_brackets, -1 = none
    std::vector<Stall> m_stalls;
    std::vector<Bracket> m_brackets;
    std::int32_t m_runningLane = -1;          // the task whose step is running
    std::vector<LaneFamily> m_families;
    std::vector<std::int32_t> m_familyOfLane; // by lane, -1 = none
    std::unordered_map<std::string, std::int32_t> m_familyIndex; // "<parent lane>/<stem>" -> family
};

// "1.000 s", "250 ms" style text for a time, used in tooltips and labels.
QString formatSeconds(TimeNs t);

} // namespace loopscope::ui
