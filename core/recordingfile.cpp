#include "recordingfile.h"

#include "tracereader.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <limits>

namespace loopscope {

namespace {

constexpr char kMagic[8] = {'L', 'S', 'R', 'E', 'C', '\r', '\n', '\x1a'};
// The payload may not claim more than this, nor more than zlib's best ratio allows for the
// compressed size: a damaged size never makes the loader reserve gigabytes.
constexpr std::uint64_t kMaxPayload = std::uint64_t(16) << 30;
constexpr std::uint64_t kMaxZlibRatio = 1032;
constexpr std::size_t kEventBytes = 24;

// --- writing ---------------------------------------------------------------------------------

class Writer
{
public:
    void u8(std::uint8_t v) { m_bytes.push_back(char(v)); }
    void u16(std::uint16_t v) { little(v, 2); }
    void u32(std::uint32_t v) { little(v, 4); }
    void u64(std::uint64_t v) { little(v, 8); }
    void i64(std::int64_t v) { little(std::uint64_t(v), 8); }
    void str(std::string_view s)
    {
        u32(std::uint32_t(s.size()));
        m_bytes.append(s);
    }
    std::string& bytes() { return m_bytes; }

private:
    void little(std::uint64_t v, int n)
    {
        for (int i = 0; i < n; ++i)
            m_bytes.push_back(char((v >> (8 * i)) & 0xff));
    }
    std::string m_bytes;
};

void writeEvent(Writer& w, const Event& e)
{
    w.i64(e.t);
    w.u32(e.task);
    w.u8(std::uint8_t(e.kind));
    w.u8(e.sub);
    w.u16(e.line);
    w.u64(std::uint64_t(e.arg.v)); // a and b, or v: the same eight bytes, little-endian
}

void writeRun(Writer& w, const RecordedRun& run)
{
    w.str(run.variant);
    w.i64(run.total);
    w.str(run.result);
    w.str(run.error);
    w.u8(std::uint8_t((run.deadlocked ? 1 : 0) | (run.stopped ? 2 : 0)));
    w.i64(run.requestsSent);
    w.i64(run.requestsServed);
    static const Trace empty;
    const Trace& trace = run.trace ? *run.trace : empty;
    const TraceMeta& meta = trace.meta();
    w.u32(std::uint32_t(meta.stringCount()));
    for (std::size_t i = 0; i < meta.stringCount(); ++i)
        w.str(meta.string(StringId(std::uint32_t(i))));
    w.u32(std::uint32_t(meta.taskCount() + 1));
    for (std::size_t i = 0; i <= meta.taskCount(); ++i) {
        const TaskInfo& t = meta.task(TaskId(std::uint32_t(i)));
        w.u32(t.name.value);
        w.u32(t.parent.value);
    }
    w.u32(std::uint32_t(meta.objectCount() + 1));
    for (std::size_t i = 0; i <= meta.objectCount(); ++i) {
        const ObjectInfo& o = meta.object(ObjectId(std::uint32_t(i)));
        w.u8(std::uint8_t(o.kind));
        w.u32(o.name.value);
        w.i64(o.capacity);
    }
    // A trace read while a live run still grows: take the size once, write that many.
    const std::size_t events = trace.size();
    w.u64(events);
    w.bytes().reserve(w.bytes().size() + events * kEventBytes);
    for (std::size_t i = 0; i < events; ++i)
        writeEvent(w, trace[i]);
}

std::string compress(std::string_view payload)
{
    uLongf bound = compressBound(uLong(payload.size()));
    std::string out(bound, '\0');
    // Level 1: a recording of two million events compresses in well under a second and still
    // shrinks several times over (events repeat their kinds, tasks and times).
    if (compress2(reinterpret_cast<Bytef*>(out.data()), &bound, reinterpret_cast<const Bytef*>(payload.data()),
                  uLong(payload.size()), 1) != Z_OK)
        return {};
    out.resize(bound);
    return out;
}

std::uint32_t crc(std::string_view bytes)
{
    uLong c = crc32(0L, Z_NULL, 0);
    // zlib takes lengths as uInt: feed it in pieces.
    while (!bytes.empty()) {
        const std::size_t n = std::min<std::size_t>(bytes.size(), 1u << 30);
        c = crc32(c, reinterpret_cast<const Bytef*>(bytes.data()), uInt(n));
        bytes.remove_prefix(n);
    }
    return std::uint32_t(c);
}

// --- reading ---------------------------------------------------------------------------------

// Reads little-endian values; any read past the end sets `failed` and yields zeros.
class Reader
{
public:
    explicit Reader(std::string_view bytes) : m_bytes(bytes) {}
    bool failed() const { return m_failed; }
    std::size_t left() const { return m_bytes.size() - m_at; }
    std::uint8_t u8() { return std::uint8_t(little(1)); }
    std::uint16_t u16() { return std::uint16_t(little(2)); }
    std::uint32_t u32() { return std::uint32_t(little(4)); }
    std::uint64_t u64() { return little(8); }
    std::int64_t i64() { return std::int64_t(little(8)); }
    std::string str()
    {
        const std::uint32_t n = u32();
        if (m_failed || n > left()) {
            m_failed = true;
            return {};
        }
        std::string s(m_bytes.substr(m_at, n));
        m_at += n;
        return s;
    }
    // A count of records of at least `recordBytes` each: refused if the bytes left cannot hold them.
    std::uint64_t count(std::size_t recordBytes, bool wide = false)
    {
        const std::uint64_t n = wide ? u64() : u32();
        if (m_failed || n > left() / recordBytes) {
            m_failed = true;
            return 0;
        }
        return n;
    }

private:
    std::uint64_t little(int n)
    {
        if (m_failed || left() < std::size_t(n)) {
            m_failed = true;
            return 0;
        }
        std::uint64_t v = 0;
        for (int i = 0; i < n; ++i)
            v |= std::uint64_t(std::uint8_t(m_bytes[m_at + i])) << (8 * i);
        m_at += n;
        return v;
    }
    std::string_view m_bytes;
    std::size_t m_at = 0;
    bool m_failed = false;
};

// Checks every reference an event makes against the tables, through the one reader: an event
// that names a task, string or object that does not exist, or an enum value that has no meaning,
// is refused here so that no view ever indexes past a table.
struct EventChecker : TraceHandlers
{
    std::size_t strings = 0, tasks = 0, objects = 0; // table sizes, entry 0 included
    std::string problem;

    void fail(const char* what)
    {
        if (problem.empty())
            problem = what;
    }
    void task(TaskId id) { if (id.value >= tasks) fail("an event names a task that is not in the task table"); }
    void string(StringId id) { if (id.value >= strings) fail("an event names a string that is not in the string table"); }
    void object(ObjectId id) { if (id.value >= objects) fail("an event names an object that is not in the object table"); }
    template<typename Enum>
    void within(Enum value, Enum last) { if (std::uint8_t(value) > std::uint8_t(last)) fail("an event has a value its kind does not define"); }

    void loopPhase(const Event&, LoopPhase p, std::uint32_t) { within(p, LoopPhase::Deadlock); }
    void taskCreated(const Event&, TaskId t, TaskId creator, StringId name) { task(t); task(creator); string(name); }
    void stepScheduled(const Event&, TaskId t, WakeReason r, TaskId waker, ObjectId by)
    {
        task(t);
        within(r, WakeReason::Callback);
        task(waker);
        object(by);
    }
    void callbackScheduled(const Event&, TaskId owner, CallbackKind k, std::uint32_t) { task(owner); within(k, CallbackKind::Generic); }
    void callbackCancelled(const Event&, TaskId owner, CallbackKind k, std::uint32_t) { task(owner); within(k, CallbackKind::Generic); }
    void callbackRun(const Event&, TaskId owner, CallbackKind k) { task(owner); within(k, CallbackKind::Generic); }
    void taskResumed(const Event&, TaskId t, bool) { task(t); }
    void taskSuspended(const Event&, TaskId t, WaitKind k, std::uint32_t on, StringId label)
    {
        task(t);
        within(k, WaitKind::WaitFor);
        waitsOnTask(k) ? task(TaskId(on)) : object(ObjectId(on));
        string(label);
    }
    void taskYielded(const Event&, TaskId t) { task(t); }
    void taskFinished(const Event&, TaskId t, FinishState s, StringId error) { task(t); within(s, FinishState::Cancelled); string(error); }
    void cancelRequested(const Event&, TaskId target, TaskId by) { task(target); task(by); }
    void cancelDelivered(const Event&, TaskId t) { task(t); }
    void timerArmed(const Event&, TaskId owner, TimeNs) { task(owner); }
    void timerFired(const Event&, TaskId owner, std::uint32_t, TimeNs) { task(owner); }
    void timerCancelled(const Event&, TaskId owner, std::uint32_t) { task(owner); }
    void acquired(const Event&, TaskId t, ObjectId o) { task(t); object(o); }
    void released(const Event&, TaskId t, ObjectId o) { task(t); object(o); }
    void counterChanged(const Event& e, ObjectId o, std::int64_t) { task(TaskId(e.task)); object(o); }
    void primitiveState(const Event& e, ObjectId o, bool) { task(TaskId(e.task)); object(o); }
    void blockingBegan(const Event&, TaskId t, BlockingKind k, StringId label) { task(t); within(k, BlockingKind::Cpu); string(label); }
    void blockingEnded(const Event&, TaskId t) { task(t); }
    void job(const Event&, JobStage, TaskId submitter, ObjectId executor, std::uint32_t, std::uint8_t)
    {
        task(submitter);
        object(executor);
    }
    void printed(const Event&, TaskId t, StringId text) { task(t); string(text); }
    void warned(const Event&, TaskId t, WarningKind k, StringId text) { task(t); within(k, WarningKind::SwallowedCancel); string(text); }
    void lineReached(const Event&, TaskId t, std::uint16_t) { task(t); }
};

std::string readRun(Reader& r, RecordedRun& run)
{
    run.variant = r.str();
    run.total = r.i64();
    run.result = r.str();
    run.error = r.str();
    const std::uint8_t flags = r.u8();
    run.deadlocked = flags & 1;
    run.stopped = flags & 2;
    run.requestsSent = r.i64();
    run.requestsServed = r.i64();
    if (r.failed())
        return "damaged: a variant's description is cut short";
    if (flags > 3)
        return "damaged: a variant has flags this version does not define";
    if (run.total < 0 || run.requestsSent < 0 || run.requestsServed < 0)
        return "damaged: a variant has a negative total or request count";

    auto meta = std::make_shared<TraceMeta>(TraceMeta::Empty{});
    const std::uint64_t strings = r.count(4);
    for (std::uint64_t i = 0; i < strings && !r.failed(); ++i)
        meta->appendString(r.str());
    if (r.failed())
        return "damaged: a string table is cut short";
    if (strings == 0 || !meta->string(StringId()).empty())
        return "damaged: a string table does not begin with the empty string";

    const std::uint64_t tasks = r.count(8);
    if (r.failed() || tasks == 0)
        return "damaged: a task table is cut short";
    for (std::uint64_t i = 0; i < tasks; ++i) {
        const StringId name(r.u32());
        const TaskId parent(r.u32());
        if (name.value >= strings || parent.value >= tasks)
            return "damaged: a task names a string or parent that does not exist";
        meta->addTask(name, parent); // entry 0, the loop, included: the tables keep stored ids
    }
    const std::uint64_t objects = r.count(13);
    if (r.failed() || objects == 0)
        return "damaged: an object table is cut short";
    for (std::uint64_t i = 0; i < objects; ++i) {
        const std::uint8_t kind = r.u8();
        const StringId name(r.u32());
        const std::int64_t capacity = r.i64();
        if (kind > std::uint8_t(ObjectKind::Other) || name.value >= strings)
            return "damaged: an object has an unknown kind or a name that does not exist";
        meta->addObject(ObjectKind(kind), name, capacity);
    }

    const std::uint64_t events = r.count(kEventBytes, true);
    if (r.failed())
        return "damaged: the events are cut short";
    run.trace = std::make_unique<Trace>(meta);
    EventChecker checker;
    checker.strings = strings;
    checker.tasks = tasks;
    checker.objects = objects;
    TimeNs last = 0;
    for (std::uint64_t i = 0; i < events; ++i) {
        Event e;
        e.t = r.i64();
        e.task = r.u32();
        const std::uint8_t kind = r.u8();
        e.sub = r.u8();
        e.line = r.u16();
        e.arg.v = std::int64_t(r.u64());
        if (kind > std::uint8_t(EventKind::Line))
            return "damaged: event " + std::to_string(i) + " has an unknown kind";
        e.kind = EventKind(kind);
        if (e.t < last)
            return "damaged: event " + std::to_string(i) + " is earlier than the one before it";
        last = e.t;
        checker.task(TaskId(e.task));
        dispatch(e, checker);
        if (!checker.problem.empty())
            return "damaged: event " + std::to_string(i) + ": " + checker.problem;
        run.trace->append(e);
    }
    return {};
}

} // namespace

std::string wrapRecordingPayload(std::string_view payload)
{
    const std::string packed = compress(payload);
    Writer header;
    header.bytes().append(kMagic, sizeof kMagic);
    header.u32(kRecordingFormatVersion);
    header.u32(0); // flags: none defined
    header.u64(payload.size());
    header.u64(packed.size());
    header.u32(crc(payload));
    header.u32(crc(header.bytes()));
    return header.bytes() + packed;
}

std::string unwrapRecordingPayload(std::string_view bytes, std::string& error)
{
    if (bytes.size() < sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
        error = "not a Loopscope recording (it does not begin with a recording's signature)";
        return {};
    }
    if (bytes.size() < kRecordingHeaderSize) {
        error = "truncated: the file ends inside its header (" + std::to_string(bytes.size()) + " of " +
                std::to_string(kRecordingHeaderSize) + " bytes)";
        return {};
    }
    Reader h(bytes.substr(0, kRecordingHeaderSize));
    for (std::size_t i = 0; i < sizeof kMagic; ++i)
        h.u8();
    const std::uint32_t version = h.u32();
    const std::uint32_t flags = h.u32();
    const std::uint64_t payloadSize = h.u64();
    const std::uint64_t packedSize = h.u64();
    const std::uint32_t payloadCrc = h.u32();
    const std::uint32_t headerCrc = h.u32();
    if (headerCrc != crc(bytes.substr(0, kRecordingHeaderSize - 4))) {
        error = "damaged: the header's checksum does not match";
        return {};
    }
    if (version > kRecordingFormatVersion) {
        error = "made by a newer Loopscope: format version " + std::to_string(version) + ", this one reads up to " +
                std::to_string(kRecordingFormatVersion) + "; update Loopscope to open it";
        return {};
    }
    if (version == 0 || flags != 0) {
        error = "damaged: the header has a version or flags no Loopscope writes";
        return {};
    }
    const std::uint64_t have = bytes.size() - kRecordingHeaderSize;
    if (packedSize > have) {
        error = "truncated: " + std::to_string(have) + " of " + std::to_string(packedSize) +
                " bytes of recorded data are there";
        return {};
    }
    if (packedSize < have) {
        error = "damaged: " + std::to_string(have - packedSize) + " unexpected bytes follow the recorded data";
        return {};
    }
    if (payloadSize > kMaxPayload || payloadSize > (packedSize + 64) * kMaxZlibRatio) {
        error = "damaged: the header claims more data than the file can hold";
        return {};
    }
    // Inflate into exactly the size claimed; anything else is damage.
    std::string payload(std::size_t(payloadSize), '\0');
    z_stream z{};
    if (inflateInit(&z) != Z_OK) {
        error = "out of memory while opening the recording";
        return {};
    }
    const char* in = bytes.data() + kRecordingHeaderSize;
    std::uint64_t inLeft = packedSize, outDone = 0;
    int status = Z_OK;
    while (status == Z_OK) {
        const uInt inChunk = uInt(std::min<std::uint64_t>(inLeft, 1u << 30));
        const uInt outChunk = uInt(std::min<std::uint64_t>(payloadSize - outDone, 1u << 30));
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in));
        z.avail_in = inChunk;
        z.next_out = reinterpret_cast<Bytef*>(payload.data() + outDone);
        z.avail_out = outChunk;
        status = inflate(&z, Z_NO_FLUSH);
        const uInt usedIn = inChunk - z.avail_in, madeOut = outChunk - z.avail_out;
        in += usedIn;
        inLeft -= usedIn;
        outDone += madeOut;
        if (status == Z_OK && usedIn == 0 && madeOut == 0)
            status = Z_BUF_ERROR; // no progress: the stream wants more than there is
    }
    inflateEnd(&z);
    if (status != Z_STREAM_END || outDone != payloadSize || inLeft != 0) {
        error = "damaged: the recorded data does not decompress to the size its header states";
        return {};
    }
    if (crc(payload) != payloadCrc) {
        error = "damaged: the recorded data's checksum does not match";
        return {};
    }
    return payload;
}

std::string encodeRecording(const Recording& recording)
{
    std::vector<const RecordedRun*> runs;
    for (const RecordedRun& run : recording.runs)
        runs.push_back(&run);
    return encodeRecording(recording, runs);
}

std::string encodeRecording(const RecordingInfo& recording, const std::vector<const RecordedRun*>& runs)
{
    Writer w;
    w.str(recording.lessonId);
    w.u32(std::uint32_t(recording.params.size()));
    for (const auto& [name, value] : recording.params) {
        w.str(name);
        w.str(value);
    }
    w.u8(std::uint8_t(recording.clock));
    w.str(recording.listingName);
    w.str(recording.listingText);
    w.u32(std::uint32_t(runs.size()));
    for (const RecordedRun* run : runs)
        writeRun(w, *run);
    return wrapRecordingPayload(w.bytes());
}

std::string decodeRecording(std::string_view bytes, Recording& out)
{
    std::string error;
    const std::string payload = unwrapRecordingPayload(bytes, error);
    if (!error.empty())
        return error;
    Reader r(payload);
    Recording rec;
    rec.lessonId = r.str();
    const std::uint64_t params = r.count(8);
    for (std::uint64_t i = 0; i < params && !r.failed(); ++i) {
        std::string name = r.str();
        std::string value = r.str();
        rec.params.emplace_back(std::move(name), std::move(value));
    }
    const std::uint8_t clock = r.u8();
    rec.listingName = r.str();
    rec.listingText = r.str();
    if (r.failed())
        return "damaged: the run's description is cut short";
    if (clock > std::uint8_t(ClockKind::Live))
        return "damaged: the clock kind is unknown";
    rec.clock = ClockKind(clock);
    const std::uint64_t runs = r.count(1);
    if (r.failed())
        return "damaged: the number of variants is cut short";
    if (runs == 0)
        return "damaged: the recording has no variants";
    for (std::uint64_t i = 0; i < runs; ++i) {
        RecordedRun run;
        if (std::string problem = readRun(r, run); !problem.empty())
            return problem;
        rec.runs.push_back(std::move(run));
    }
    if (r.left() != 0)
        return "damaged: " + std::to_string(r.left()) + " unexpected bytes follow the last variant";
    out = std::move(rec);
    return {};
}

} // namespace loopscope
