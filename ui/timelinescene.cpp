#include "timelinescene.h"

#include "core/replay.h"
#include "core/tracereader.h"

#include <QCoreApplication>

#include <algorithm>

namespace loopscope::ui {

namespace {

template<typename T>
T& grow(std::vector<T>& v, std::size_t i, const T& fill)
{
    if (v.size() <= i)
        v.resize(i + 1, fill);
    return v[i];
}

bool isEnded(std::uint8_t state)
{
    const auto p = TaskPhase(state);
    return p == TaskPhase::Done || p == TaskPhase::Failed || p == TaskPhase::Cancelled;
}

QString counterWhat(ObjectKind kind)
{
    switch (kind) {
    case ObjectKind::Semaphore:
        return QCoreApplication::translate("TimelineScene", "permits in use", "counter lane: what is counted");
    case ObjectKind::Lock:
        return QCoreApplication::translate("TimelineScene", "holders", "counter lane: what is counted");
    case ObjectKind::Queue:
        return QCoreApplication::translate("TimelineScene", "size", "counter lane: what is counted");
    case ObjectKind::IoClient:
        return QCoreApplication::translate("TimelineScene", "in flight", "counter lane: what is counted");
    case ObjectKind::Event:
        return QCoreApplication::translate("TimelineScene", "set", "counter lane: what is counted");
    default:
        return QCoreApplication::translate("TimelineScene", "count", "counter lane: what is counted");
    }
}

Marker makeMarker(TimeNs t, MarkerKind kind, std::uint8_t sub = 0, std::uint16_t line = 0, std::int32_t fromLane = -1,
                  std::int64_t value = 0, StringId text = {})
{
    Marker m;
    m.t = t;
    m.kind = kind;
    m.sub = sub;
    m.line = line;
    m.fromLane = fromLane;
    m.value = value;
    m.text = text;
    return m;
}

} // namespace

QString formatSeconds(TimeNs t)
{
    return QString::number(nsToSeconds(t), 'f', 3)
           + QCoreApplication::translate("TimelineScene", " s", "unit suffix: seconds");
}

std::string familyStem(const std::string& name)
{
    std::size_t end = name.size();
    while (end > 0 && name[end - 1] >= '0' && name[end - 1] <= '9')
        --end;
    return end == 0 ? name : name.substr(0, end);
}

FamilyCounts LaneFamily::countsAt(TimeNs t) const
{
    auto it = std::upper_bound(counts.begin(), counts.end(), t,
                               [](TimeNs value, const FamilyCounts& c) { return value < c.t; });
    if (it == counts.begin())
        return FamilyCounts{t, {}};
    return *std::prev(it);
}

int Lane::segmentAt(TimeNs t) const
{
    auto it = std::upper_bound(segments.begin(), segments.end(), t,
                               [](TimeNs value, const Segment& s) { return value < s.start; });
    return int(it - segments.begin()) - 1;
}

std::int64_t Lane::counterAt(TimeNs t) const
{
    auto it = std::upper_bound(counter.begin(), counter.end(), t,
                               [](TimeNs value, const CounterPoint& p) { return value < p.t; });
    return it == counter.begin() ? 0 : std::prev(it)->value;
}

std::int64_t Lane::counterAfter(std::size_t events) const
{
    auto it = std::lower_bound(counterChanges.begin(), counterChanges.end(), events,
                               [](const CounterChange& c, std::size_t n) { return c.event < n; });
    return it == counterChanges.begin() ? 0 : std::prev(it)->value;
}

TimelineScene::TimelineScene(const Trace& trace, std::string name, Reading reading)
    : m_trace(trace), m_name(std::move(name))
{
    Lane loop;
    loop.kind = LaneKind::Loop;
    loop.label = tr("event loop").toStdString();
    addLane(std::move(loop));
    setState(0, 0, std::uint8_t(LoopState::Idle));
    if (reading == Reading::Now)
        update();
}

void TimelineScene::setFinished(TimeNs total)
{
    m_finished = true;
    m_total = total;
}

std::int32_t TimelineScene::addLane(Lane lane)
{
    const auto index = std::int32_t(m_lanes.size());
    // The lane goes after every lane of its kind and the kinds before it: tasks are appended
    // behind a few workers and counters at most, so keeping the order costs next to nothing.
    const auto kind = std::size_t(lane.kind);
    std::size_t at = 0;
    for (std::size_t k = 0; k <= kind; ++k)
        at += m_lanesOfKind[k];
    ++m_lanesOfKind[kind];
    m_order.insert(m_order.begin() + std::ptrdiff_t(at), index);
    m_lanes.push_back(std::move(lane));
    m_children.emplace_back();
    m_openBracket.push_back(-1);
    return index;
}

int TimelineScene::laneOfTask(TaskId task) const
{
    if (!task)
        return 0;
    return task.value < m_taskLane.size() ? m_taskLane[task.value] : -1;
}

void TimelineScene::reserveLanes(std::size_t lanes)
{
    // Room for every task the run has made so far at once, and a few counters and workers after
    // them: growing by doubling would move all the lanes, and what is kept per lane, at 65,536
    // of 100,000 tasks, in one slice of the reading.
    m_lanes.reserve(lanes);
    m_children.reserve(lanes);
    m_openBracket.reserve(lanes);
    m_order.reserve(lanes);
    m_familyOfLane.reserve(lanes);
    // Not m_taskLane: ensureTaskLane holds a reference into it while it calls this.
}

int TimelineScene::ensureTaskLane(TaskId task)
{
    if (!task)
        return 0;
    std::int32_t& index = grow(m_taskLane, task.value, std::int32_t(-1));
    if (index >= 0)
        return index;
    Lane lane;
    lane.kind = LaneKind::Task;
    lane.task = task;
    lane.label = task.value < meta().taskCount() + 1 ? meta().taskName(task) : "Task-" + std::to_string(task.value);
    if (m_lanes.size() == m_lanes.capacity() && task.value <= meta().taskCount())
        reserveLanes(std::max(m_lanes.size() * 2, m_lanes.size() + (meta().taskCount() - task.value) + 64));
    return index = addLane(std::move(lane));
}

int TimelineScene::ensureWorkerLane(ObjectId executor, int worker)
{
    auto& workers = grow(m_workerLane, executor.value, std::vector<std::int32_t>{});
    std::int32_t& index = grow(workers, std::size_t(worker), std::int32_t(-1));
    if (index >= 0)
        return index;
    Lane lane;
    lane.kind = LaneKind::Worker;
    lane.object = executor;
    lane.worker = worker;
    const std::string& name = meta().objectName(executor);
    lane.label = (name.empty() ? tr("executor").toStdString() : name)
                 + tr(" worker %1", "after the executor's name").arg(worker + 1).toStdString();
    return index = addLane(std::move(lane));
}

int TimelineScene::ensureCounterLane(ObjectId object)
{
    std::int32_t& index = grow(m_counterLane, object.value, std::int32_t(-1));
    if (index >= 0)
        return index;
    const ObjectInfo& info = meta().object(object);
    Lane lane;
    lane.kind = LaneKind::Counter;
    lane.object = object;
    const std::string& name = meta().objectName(object);
    lane.label = (name.empty() ? std::string(toString(info.kind)) : name) + " " + counterWhat(info.kind).toStdString();
    lane.counterMax = std::max<std::int64_t>(info.kind == ObjectKind::Event ? 1 : info.capacity, 1);
    return index = addLane(std::move(lane));
}

void TimelineScene::closeOpen(int laneIndex, TimeNs t)
{
    auto& segments = m_lanes[std::size_t(laneIndex)].segments;
    if (!segments.empty() && segments.back().end == kOpenEnd)
        segments.back().end = t;
}

void TimelineScene::joinFamily(int lane, int parentLane, TimeNs t)
{
    if (std::size_t(lane) < m_familyOfLane.size() && m_familyOfLane[std::size_t(lane)] >= 0)
        return;
    const std::string stem = familyStem(m_lanes[std::size_t(lane)].label);
    const std::string key = std::to_string(parentLane) + '/' + stem;
    auto [it, added] = m_familyIndex.try_emplace(key, std::int32_t(m_families.size()));
    if (added) {
        LaneFamily f;
        f.parentLane = parentLane;
        f.stem = stem;
        m_families.push_back(std::move(f));
    }
    grow(m_familyOfLane, std::size_t(lane), std::int32_t(-1)) = it->second;
    m_families[std::size_t(it->second)].members.push_back(lane);
    // A lane seen before its creation event (it should not be) is counted from now on, so the
    // counts never go below zero.
    if (const auto& segs = m_lanes[std::size_t(lane)].segments; !segs.empty())
        countState(lane, t, -1, int(segs.back().state));
}

void TimelineScene::countState(int lane, TimeNs t, int from, int to)
{
    const int family = familyOfLane(lane);
    if (family < 0)
        return;
    auto& counts = m_families[std::size_t(family)].counts;
    if (counts.empty() || counts.back().t != t) {
        FamilyCounts next = counts.empty() ? FamilyCounts{} : counts.back();
        next.t = t;
        counts.push_back(next);
    }
    if (from >= 0 && from < 8)
        --counts.back().n[std::size_t(from)];
    if (to >= 0 && to < 8)
        ++counts.back().n[std::size_t(to)];
}

void TimelineScene::setState(int laneIndex, TimeNs t, std::uint8_t state, const Segment& detail)
{
    if (m_lanes[std::size_t(laneIndex)].kind == LaneKind::Task) {
        const auto& segs = m_lanes[std::size_t(laneIndex)].segments;
        countState(laneIndex, t, segs.empty() ? -1 : int(segs.back().state), int(state));
    }
    closeOpen(laneIndex, t);
    Segment s = detail;
    s.start = t;
    s.end = kOpenEnd;
    s.state = state;
    m_lanes[std::size_t(laneIndex)].segments.push_back(s);
}

void TimelineScene::pushCounter(int laneIndex, TimeNs t, std::int64_t value)
{
    Lane& lane = m_lanes[std::size_t(laneIndex)];
    lane.counterMax = std::max(lane.counterMax, value);
    if (lane.counterChanges.empty() ? value != 0 : lane.counterChanges.back().value != value)
        lane.counterChanges.push_back({m_reading, value});
    if (!lane.counter.empty() && lane.counter.back().t == t) {
        lane.counter.back().value = value;
        return;
    }
    if (!lane.counter.empty() && lane.counter.back().value == value)
        return;
    lane.counter.push_back({t, value});
}

void TimelineScene::mark(int laneIndex, const Marker& marker)
{
    if (laneIndex < 0)
        return;
    Lane& lane = m_lanes[std::size_t(laneIndex)];
    const MarkerKind k = marker.kind;
    if (k != MarkerKind::Yield && k != MarkerKind::Resume && k != MarkerKind::Wake && k != MarkerKind::Print)
        lane.rareMarkers.push_back(std::uint32_t(lane.markers.size()));
    lane.markers.push_back(marker);
}

// Builds the scene from the trace through the typed reader: each hook is one kind of event.
struct TimelineScene::Reader : TraceHandlers
{
    TimelineScene& s;
    explicit Reader(TimelineScene& scene) : s(scene) {}

    void loopState(TimeNs t, LoopState state)
    {
        if (s.m_lanes[0].segments.back().state != std::uint8_t(state))
            s.setState(0, t, std::uint8_t(state));
    }
    int laneOrLoop(TaskId task) { return task ? s.ensureTaskLane(task) : 0; }

    void loopPhase(const Event& e, LoopPhase phase, std::uint32_t)
    {
        if (phase == LoopPhase::Start || phase == LoopPhase::CancelLeftovers || phase == LoopPhase::ShutdownExecutors ||
            phase == LoopPhase::Closed || phase == LoopPhase::Deadlock)
            s.mark(0, makeMarker(e.t, MarkerKind::Phase, std::uint8_t(phase)));
    }
    void taskCreated(const Event& e, TaskId task, TaskId creator, StringId)
    {
        const int lane = s.ensureTaskLane(task);
        const int parent = creator ? s.ensureTaskLane(creator) : -1;
        s.m_lanes[std::size_t(lane)].parentLane = parent;
        if (parent >= 0)
            s.m_children[std::size_t(parent)].push_back(lane);
        s.joinFamily(lane, parent, e.t);
        s.setState(lane, e.t, std::uint8_t(TaskPhase::Created));
    }
    void stepScheduled(const Event& e, TaskId task, WakeReason reason, TaskId waker, ObjectId)
    {
        const int lane = s.ensureTaskLane(task);
        const Lane& l = s.m_lanes[std::size_t(lane)];
        if (!l.segments.empty() && l.segments.back().state != std::uint8_t(TaskPhase::Created))
            s.setState(lane, e.t, std::uint8_t(TaskPhase::Ready));
        if (reason != WakeReason::Created) {
            const int from = waker ? s.laneOfTask(waker) : 0;
            s.mark(lane, makeMarker(e.t, MarkerKind::Wake, std::uint8_t(reason), 0, from < 0 ? 0 : from));
        }
    }
    void taskResumed(const Event& e, TaskId task, bool firstStep)
    {
        const int lane = s.ensureTaskLane(task);
        Segment d;
        d.line = e.line;
        s.setState(lane, e.t, std::uint8_t(TaskPhase::Running), d);
        if (!firstStep)
            s.mark(lane, makeMarker(e.t, MarkerKind::Resume, 0, e.line));
        if (const std::int32_t b = s.m_openBracket[std::size_t(lane)]; b >= 0) {
            s.m_brackets[std::size_t(b)].end = e.t;
            s.m_openBracket[std::size_t(lane)] = -1;
        }
        s.m_runningLane = lane;
        loopState(e.t, LoopState::Busy);
    }
    void taskSuspended(const Event& e, TaskId task, WaitKind kind, std::uint32_t waitedOn, StringId label)
    {
        const int lane = s.ensureTaskLane(task);
        Segment d;
        d.waitKind = kind;
        d.object = waitedOn;
        d.label = label;
        d.line = e.line;
        s.setState(lane, e.t, std::uint8_t(TaskPhase::Waiting), d);
        s.mark(lane, makeMarker(e.t, MarkerKind::Yield, std::uint8_t(kind), e.line));
        if (kind == WaitKind::Gather || kind == WaitKind::TaskGroup) {
            Bracket b;
            b.start = e.t;
            b.kind = kind;
            b.parentLane = lane;
            for (std::int32_t child : s.m_children[std::size_t(lane)]) {
                const auto& segs = s.m_lanes[std::size_t(child)].segments;
                if (segs.empty() || !isEnded(segs.back().state))
                    b.childLanes.push_back(child);
            }
            if (b.childLanes.empty())
                b.childLanes = s.m_children[std::size_t(lane)];
            if (!b.childLanes.empty()) {
                s.m_openBracket[std::size_t(lane)] = std::int32_t(s.m_brackets.size());
                s.m_brackets.push_back(std::move(b));
            }
        }
        if (s.m_runningLane == lane)
            s.m_runningLane = -1;
        loopState(e.t, LoopState::Idle);
    }
    void taskYielded(const Event& e, TaskId task)
    {
        const int lane = s.ensureTaskLane(task);
        Segment d;
        d.line = e.line;
        s.setState(lane, e.t, std::uint8_t(TaskPhase::Ready), d);
        s.mark(lane, makeMarker(e.t, MarkerKind::Yield, std::uint8_t(0xff), e.line));
        if (s.m_runningLane == lane)
            s.m_runningLane = -1;
        loopState(e.t, LoopState::Idle);
    }
    void taskFinished(const Event& e, TaskId task, FinishState state, StringId error)
    {
        const int lane = s.ensureTaskLane(task);
        Segment d;
        d.label = error;
        const TaskPhase phase = state == FinishState::Done     ? TaskPhase::Done
                                : state == FinishState::Failed ? TaskPhase::Failed
                                                               : TaskPhase::Cancelled;
        s.setState(lane, e.t, std::uint8_t(phase), d);
        if (s.m_runningLane == lane) {
            s.m_runningLane = -1;
            loopState(e.t, LoopState::Idle);
        }
    }
    void cancelRequested(const Event& e, TaskId target, TaskId)
    {
        s.mark(s.ensureTaskLane(target), makeMarker(e.t, MarkerKind::Cancel));
    }
    void timerFired(const Event& e, TaskId owner, std::uint32_t, TimeNs lateness)
    {
        if (lateness > 0)
            s.mark(laneOrLoop(owner), makeMarker(e.t, MarkerKind::LateTimer, 0, 0, -1, lateness));
    }
    void holders(const Event& e, ObjectId object, int change)
    {
        if (!object)
            return;
        std::int64_t& held = grow(s.m_holders, object.value, std::int64_t(0));
        held = std::max<std::int64_t>(0, held + change);
        if (!grow(s.m_hasCounterEvents, object.value, std::uint8_t(0)))
            s.pushCounter(s.ensureCounterLane(object), e.t, held);
    }
    void acquired(const Event& e, TaskId, ObjectId object) { holders(e, object, +1); }
    void released(const Event& e, TaskId, ObjectId object) { holders(e, object, -1); }
    void counterChanged(const Event& e, ObjectId object, std::int64_t value)
    {
        if (!object || s.meta().object(object).kind == ObjectKind::Executor)
            return;
        const int lane = s.ensureCounterLane(object);
        if (!grow(s.m_hasCounterEvents, object.value, std::uint8_t(0))) {
            // The object reports its own counter: that replaces the holder count derived so far.
            s.m_hasCounterEvents[object.value] = 1;
            s.m_lanes[std::size_t(lane)].counter.clear();
            s.m_lanes[std::size_t(lane)].counterChanges.clear();
        }
        s.pushCounter(lane, e.t, value);
    }
    void primitiveState(const Event& e, ObjectId object, bool set)
    {
        if (object)
            s.pushCounter(s.ensureCounterLane(object), e.t, set ? 1 : 0);
    }
    void blockingBegan(const Event& e, TaskId task, BlockingKind, StringId label)
    {
        const int lane = s.ensureTaskLane(task);
        Segment d;
        d.line = e.line;
        d.label = label;
        s.setState(lane, e.t, std::uint8_t(TaskPhase::Blocked), d);
        loopState(e.t, LoopState::Stalled);
        s.m_stalls.push_back({e.t, kOpenEnd, lane, e.line, label});
    }
    void blockingEnded(const Event& e, TaskId task)
    {
        const int lane = s.ensureTaskLane(task);
        const auto& segs = s.m_lanes[std::size_t(lane)].segments;
        Segment d;
        d.line = segs.empty() ? 0 : segs.back().line;
        s.setState(lane, e.t, std::uint8_t(TaskPhase::Running), d);
        s.setState(0, e.t, std::uint8_t(LoopState::Busy));
        if (!s.m_stalls.empty() && s.m_stalls.back().end == kOpenEnd)
            s.m_stalls.back().end = e.t;
    }
    void job(const Event& e, JobStage stage, TaskId submitter, ObjectId executor, std::uint32_t, std::uint8_t worker)
    {
        if (stage == JobStage::Started || stage == JobStage::WaitingForCpu) {
            const int lane = s.ensureWorkerLane(executor, worker);
            Segment d;
            d.object = submitter.value;
            const auto state = stage == JobStage::Started ? TaskPhase::Running : TaskPhase::Ready;
            s.setState(lane, e.t, std::uint8_t(state), d);
        } else if (stage == JobStage::Finished) {
            s.closeOpen(s.ensureWorkerLane(executor, worker), e.t);
        }
    }
    void printed(const Event& e, TaskId task, StringId text)
    {
        s.mark(laneOrLoop(task), makeMarker(e.t, MarkerKind::Print, 0, e.line, -1, 0, text));
    }
    void warned(const Event& e, TaskId task, WarningKind kind, StringId text)
    {
        s.mark(laneOrLoop(task), makeMarker(e.t, MarkerKind::Warning, std::uint8_t(kind), e.line, -1, 0, text));
    }
    void lineReached(const Event&, TaskId task, std::uint16_t line)
    {
        // A running task moved on: the running segment shows the latest line reached.
        const int lane = s.laneOfTask(task);
        if (lane <= 0)
            return;
        auto& segs = s.m_lanes[std::size_t(lane)].segments;
        if (!segs.empty() && segs.back().state == std::uint8_t(TaskPhase::Running) && segs.back().line == 0)
            segs.back().line = line;
    }
};

bool TimelineScene::update(std::size_t most)
{
    const std::size_t size = m_processed + std::min(most, m_trace.size() - m_processed);
    if (size == m_processed)
        return false;
    // The loop's lane gains a segment at most steps: room for every event recorded so far at
    // once, so that a slice never moves a million of them (28 ms) to grow the vector.
    std::vector<Segment>& loop = m_lanes[0].segments;
    const std::size_t unread = m_trace.size() - m_processed;
    if (loop.capacity() - loop.size() < unread)
        loop.reserve(std::max(loop.capacity() * 2, loop.size() + unread));
    Reader reader(*this);
    for (m_reading = m_processed; m_reading < size; ++m_reading)
        dispatch(m_trace[m_reading], reader);
    m_processed = size;
    m_end = m_trace[size - 1].t;
    return true;
}



QString TimelineScene::waitText(const Segment& s) const
{
    if (s.label)
        return QString::fromStdString(meta().string(s.label));
    switch (s.waitKind) {
    case WaitKind::Task:
    case WaitKind::WaitFor:
    case WaitKind::Shield:
        if (s.object && s.object <= meta().taskCount())
            return tr("task ", "waiting on a task: before its name")
                   + QString::fromStdString(meta().taskName(TaskId(s.object)));
        break;
    // asyncio's own names, as in the program: not translated.
    case WaitKind::Gather: return QStringLiteral("gather");
    case WaitKind::TaskGroup: return QStringLiteral("TaskGroup");
    default:
        if (s.object && s.object <= meta().objectCount()) {
            const ObjectInfo& info = meta().object(ObjectId(s.object));
            const QString name = QString::fromStdString(meta().objectName(ObjectId(s.object)));
            return QString::fromLatin1(toString(info.kind)) + (name.isEmpty() ? QString() : QLatin1Char(' ') + name);
        }
        break;
    }
    return QString::fromLatin1(toString(s.waitKind));
}

QString TimelineScene::describe(int laneIndex, int segmentIndex, TimeNs moment) const
{
    const Lane& lane = m_lanes[std::size_t(laneIndex)];
    const Segment& s = lane.segments[std::size_t(segmentIndex)];
    const QString who = QString::fromStdString(lane.label);
    const TimeNs end = s.end == kOpenEnd ? std::min(moment, m_end) : std::min(s.end, moment);
    const QString span = tr(" from %1 to %2").arg(formatSeconds(s.start), formatSeconds(end));
    const QString line = s.line ? tr(", line %1").arg(s.line) : QString();
    switch (lane.kind) {
    case LaneKind::Loop: {
        static const char* const words[] = {QT_TRANSLATE_NOOP("TimelineScene", "idle (waiting for timers or I/O)"),
                                            QT_TRANSLATE_NOOP("TimelineScene", "busy running a step"),
                                            QT_TRANSLATE_NOOP("TimelineScene", "stalled by a blocking call")};
        return tr("event loop ") + tr(words[std::min<int>(s.state, 2)]) + span;
    }
    case LaneKind::Worker: {
        const QString submitter =
            s.object ? QString::fromStdString(meta().taskName(TaskId(s.object))) : QStringLiteral("?");
        const QString what = s.state == std::uint8_t(TaskPhase::Running) ? tr(" running a job for ")
                                                                          : tr(" waiting for the CPU for ");
        return who + what + submitter + span;
    }
    case LaneKind::Counter: return who;
    case LaneKind::Task: break;
    }
    const auto phase = TaskPhase(s.state);
    switch (phase) {
    case TaskPhase::Waiting: return who + tr(" waiting on ") + waitText(s) + span + line;
    case TaskPhase::Blocked:
        return who + tr(" blocking the loop") +
               (s.label ? tr(" in ", "blocking the loop in a function") + QString::fromStdString(meta().string(s.label))
                        : QString())
               + span + line;
    case TaskPhase::Done: return who + tr(" done at ") + formatSeconds(s.start);
    case TaskPhase::Failed:
    case TaskPhase::Cancelled:
        return who + QLatin1Char(' ') + QString::fromLatin1(toString(phase)) + tr(" at ", "at a time") +
               formatSeconds(s.start) +
               (s.label ? QStringLiteral(": ") + QString::fromStdString(meta().string(s.label)) : QString());
    default: return who + QLatin1Char(' ') + QString::fromLatin1(toString(phase)) + span + line;
    }
}

QString TimelineScene::describeMarker(int laneIndex, const Marker& m) const
{
    const QString who = QString::fromStdString(m_lanes[std::size_t(laneIndex)].label);
    const QString at = tr(" at ", "at a time") + formatSeconds(m.t);
    const QString line = m.line ? tr(", line %1").arg(m.line) : QString();
    switch (m.kind) {
    case MarkerKind::Yield:
        return who + (m.sub == 0xff ? tr(" yields (sleep(0))") : tr(" suspends (await)")) + at + line;
    case MarkerKind::Resume: return who + tr(" resumes") + at + line;
    case MarkerKind::Wake: {
        const QString from = m.fromLane > 0 ? QString::fromStdString(m_lanes[std::size_t(m.fromLane)].label)
                                            : tr("the loop");
        return who + tr(" woken by ") + from + QStringLiteral(" (") +
               QString::fromLatin1(toString(WakeReason(m.sub))) + QLatin1Char(')') + at;
    }
    case MarkerKind::LateTimer:
        return tr("timer of ") + who + tr(" fired %1 ms late").arg(double(m.value) / 1e6, 0, 'f', 1) + at;
    case MarkerKind::Print:
        return who + tr(" printed \"") + QString::fromStdString(meta().string(m.text)) + QLatin1Char('"') + at;
    case MarkerKind::Warning:
        return tr("warning: ") + QString::fromStdString(meta().string(m.text)) + at;
    case MarkerKind::Phase: return tr("loop phase ") + QString::fromLatin1(toString(LoopPhase(m.sub))) + at;
    case MarkerKind::Cancel: return who + tr(" cancel requested") + at;
    }
    return who;
}

} // namespace loopscope::ui
