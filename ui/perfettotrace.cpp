#include "perfettotrace.h"

#include "core/replay.h"

#include "exportfile.h"

#include <QBuffer>

#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>

namespace loopscope::ui {

namespace {

// Appends JSON text without building a document: a million-event run stays a single pass, and
// the text goes to the device a block at a time, so memory does not grow with the trace.
class Writer
{
public:
    explicit Writer(QIODevice& device) : m_device(device) { m_out.reserve(kBlock + 4096); }
    ~Writer() { flush(); }

    void flush()
    {
        if (!m_out.empty() && !m_failed)
            m_failed = m_device.write(m_out.data(), qint64(m_out.size())) != qint64(m_out.size());
        m_out.clear();
    }
    // Called between events: the block goes out once it is full.
    void maybeFlush()
    {
        if (m_out.size() >= kBlock)
            flush();
    }

    void begin(const char* ph, int pid, int tid, TimeNs t)
    {
        maybeFlush();
        m_out += m_first ? "\n{" : ",\n{";
        m_first = false;
        m_out += "\"ph\":\"";
        m_out += ph;
        m_out += "\",\"pid\":";
        integer(pid);
        m_out += ",\"tid\":";
        integer(tid);
        m_out += ",\"ts\":";
        number(double(t) / 1000.0); // microseconds
    }
    void key(const char* k)
    {
        m_out += ",\"";
        m_out += k;
        m_out += "\":";
    }
    void str(const char* k, std::string_view v)
    {
        key(k);
        quoted(v);
    }
    void num(const char* k, double v)
    {
        key(k);
        number(v);
    }
    void raw(const char* text) { m_out += text; }
    void end() { m_out += '}'; }
    void quoted(std::string_view v)
    {
        m_out += '"';
        for (unsigned char c : v) {
            if (c == '"' || c == '\\') {
                m_out += '\\';
                m_out += char(c);
            } else if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                m_out += buf;
            } else {
                m_out += char(c);
            }
        }
        m_out += '"';
    }
    // Whole numbers straight into the block: QByteArray::number would allocate a buffer for
    // each of the millions of ids and lines a large run writes.
    void integer(long long v)
    {
        char buf[24];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        m_out.append(buf, std::size_t(r.ptr - buf));
    }
    void number(double v)
    {
        // to_chars: several times faster than printf, and locale-free.
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 3);
        m_out.append(buf, std::size_t(r.ptr - buf));
    }

private:
    static constexpr std::size_t kBlock = 1 << 20;
    QIODevice& m_device;
    // A std::string, not a QByteArray: Qt 6.4's QByteArray appends go through insert(), and
    // the profile of a million-switch export spent most of its instructions there.
    std::string m_out;
    bool m_first = true;
    bool m_failed = false; // the device refused a block: the rest is not sent (its error says why)
};

std::string sliceName(const TimelineScene& scene, const Lane& lane, const Segment& s)
{
    if (lane.kind == LaneKind::Loop) {
        switch (LoopState(s.state)) {
        case LoopState::Busy: return "running a step";
        case LoopState::Stalled: return "stalled (blocking call)";
        case LoopState::Idle: return "idle: waiting for timers or I/O";
        }
    }
    if (lane.kind == LaneKind::Worker)
        return TaskPhase(s.state) == TaskPhase::Ready ? "waiting for the CPU" : "running a job";
    const auto phase = TaskPhase(s.state);
    if (phase == TaskPhase::Waiting)
        return "waiting on " + scene.waitText(s).toStdString();
    if (phase == TaskPhase::Blocked && s.label)
        return "blocked in " + scene.meta().string(s.label);
    return toString(phase);
}

} // namespace

void writePerfettoJson(QIODevice& device, const std::vector<const TimelineScene*>& scenes)
{
    Writer w(device);
    w.raw("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[");
    std::uint64_t flowId = 0;
    for (std::size_t v = 0; v < scenes.size(); ++v) {
        const TimelineScene& scene = *scenes[v];
        const int pid = int(v) + 1;
        const TimeNs end = scene.endTime();
        w.begin("M", pid, 0, 0);
        w.str("name", "process_name");
        w.key("args");
        w.raw("{\"name\":");
        w.quoted(scene.name().empty() ? std::string("run") : scene.name());
        w.raw("}");
        w.end();
        for (int li = 0; li < scene.laneCount(); ++li) {
            const Lane& lane = scene.lane(li);
            const int tid = li + 1;
            w.begin("M", pid, tid, 0);
            w.str("name", "thread_name");
            w.key("args");
            w.raw("{\"name\":");
            w.quoted(lane.label);
            w.raw("}");
            w.end();
            w.begin("M", pid, tid, 0);
            w.str("name", "thread_sort_index");
            w.key("args");
            w.raw("{\"sort_index\":");
            w.integer(li);
            w.raw("}");
            w.end();

            if (lane.kind == LaneKind::Counter) {
                for (const CounterPoint& p : lane.counter) {
                    w.begin("C", pid, tid, p.t);
                    w.str("name", lane.label);
                    w.key("args");
                    w.raw("{\"value\":");
                    w.integer(p.value);
                    w.raw("}");
                    w.end();
                }
                continue;
            }
            for (std::size_t si = 0; si < lane.segments.size(); ++si) {
                const Segment& s = lane.segments[si];
                if (lane.kind == LaneKind::Loop && LoopState(s.state) == LoopState::Idle)
                    continue; // idle is the gaps between slices, as Perfetto shows it
                const auto phase = TaskPhase(s.state);
                // The loop's steps back to back are one busy slice: each task's own track already
                // shows which step ran (a million switches would otherwise be a million more slices).
                TimeNs stop = s.endAt(end);
                if (lane.kind == LaneKind::Loop) {
                    for (std::size_t next = si + 1; next < lane.segments.size(); ++next) {
                        const Segment& n = lane.segments[next];
                        if (n.start != stop)
                            break;
                        if (n.state == s.state) {
                            stop = n.endAt(end);
                            si = next;
                        } else if (!(LoopState(n.state) == LoopState::Idle && n.endAt(end) == n.start)) {
                            break; // an instant of idling between steps does not split them
                        }
                    }
                }
                // Running and waiting are the slices; the moments spent queued or just created
                // are the gaps between them (they would double the file for a busy run).
                if (lane.kind == LaneKind::Task && (phase == TaskPhase::Ready || phase == TaskPhase::Created))
                    continue;
                if (lane.kind == LaneKind::Task &&
                    (phase == TaskPhase::Done || phase == TaskPhase::Failed || phase == TaskPhase::Cancelled)) {
                    w.begin("i", pid, tid, s.start);
                    w.str("name", std::string("finished: ") + toString(phase));
                    w.str("s", "t");
                    w.end();
                    continue;
                }
                w.begin("X", pid, tid, s.start);
                w.num("dur", double(stop - s.start) / 1000.0);
                w.str("name", sliceName(scene, lane, s));
                if (s.line) {
                    w.key("args");
                    w.raw("{\"line\":");
                    w.integer(s.line);
                    w.raw("}");
                }
                w.end();
            }
            for (const Marker& m : lane.markers) {
                switch (m.kind) {
                case MarkerKind::Yield:
                    w.begin("i", pid, tid, m.t);
                    w.str("name", "await (yield)");
                    w.str("s", "t");
                    w.key("args");
                    w.raw("{\"line\":");
                    w.integer(m.line);
                    w.raw("}");
                    w.end();
                    break;
                case MarkerKind::Wake: {
                    // A flow arrow from the waker's track to the woken one; a task requeueing
                    // itself (sleep(0)) would be an arrow to itself, which says nothing.
                    if (m.fromLane == li)
                        break;
                    const int from = m.fromLane >= 0 ? m.fromLane + 1 : 1;
                    ++flowId;
                    const std::string name = std::string("wake: ") + toString(WakeReason(m.sub));
                    w.begin("s", pid, from, m.t);
                    w.str("name", name);
                    w.str("cat", "wake");
                    w.key("id");
                    w.integer(static_cast<long long>(flowId));
                    w.end();
                    w.begin("f", pid, tid, m.t);
                    w.str("name", name);
                    w.str("cat", "wake");
                    w.str("bp", "e");
                    w.key("id");
                    w.integer(static_cast<long long>(flowId));
                    w.end();
                    break;
                }
                case MarkerKind::Print:
                case MarkerKind::Warning:
                    w.begin("i", pid, tid, m.t);
                    w.str("name", m.kind == MarkerKind::Print ? "print" : "warning");
                    w.str("s", "t");
                    w.key("args");
                    w.raw("{\"text\":");
                    w.quoted(m.text ? scene.meta().string(m.text) : std::string());
                    w.raw("}");
                    w.end();
                    break;
                case MarkerKind::LateTimer:
                    w.begin("i", pid, tid, m.t);
                    w.str("name", "timer fired late");
                    w.str("s", "t");
                    w.key("args");
                    w.raw("{\"late_ms\":");
                    w.number(double(m.value) / 1e6);
                    w.raw("}");
                    w.end();
                    break;
                case MarkerKind::Phase:
                    w.begin("i", pid, tid, m.t);
                    w.str("name", toString(LoopPhase(m.sub)));
                    w.str("s", "p");
                    w.end();
                    break;
                case MarkerKind::Cancel:
                    w.begin("i", pid, tid, m.t);
                    w.str("name", "cancel requested");
                    w.str("s", "t");
                    w.end();
                    break;
                case MarkerKind::Resume:
                    break; // the next running slice starts here already
                }
            }
        }
    }
    w.raw("\n]}\n");
}

QByteArray perfettoTraceJson(const std::vector<const TimelineScene*>& scenes)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    writePerfettoJson(buffer, scenes);
    return bytes;
}

QString writePerfettoTrace(const QString& path, const std::vector<const TimelineScene*>& scenes)
{
    return writeExport(path, [&](QIODevice& device) -> QString {
        writePerfettoJson(device, scenes);
        return {};
    });
}

} // namespace loopscope::ui
