#include "plotdata.h"

#include "rundocument.h"

#include "core/tracereader.h"

#include <algorithm>
#include <charconv>
#include <string_view>
#include <utility>

namespace loopscope::ui {

namespace {

// "semaphore: n=20 took 0.20 s" -> 20. The variant's name may hold anything but ": n=".
bool sweepN(std::string_view text, std::int64_t& n)
{
    const std::size_t at = text.find(": n=");
    if (at == std::string_view::npos)
        return false;
    const char* first = text.data() + at + 4;
    const char* last = text.data() + text.size();
    const auto [end, ec] = std::from_chars(first, last, n);
    return ec == std::errc() && end != first && std::string_view(end, std::size_t(last - end)).starts_with(" took");
}

// Reads printed lines into sweep points. It keeps where it stopped, so a growing trace is read
// once: the view calls it for new events only.
struct SweepReader : TraceHandlers
{
    const TraceMeta* meta = nullptr;
    std::vector<SweepPoint>* points = nullptr;
    std::size_t at = 0;      // index of the event being read
    TimeNs previous = -1;    // when the last sweep line was printed; -1: none yet
    bool started = false;

    void printed(const Event& e, TaskId, StringId text)
    {
        std::int64_t n = 0;
        if (!sweepN(meta->string(text), n))
            return;
        points->push_back({n, e.t - previous, e.t, at});
        previous = e.t;
    }
    void read(const Trace& trace, std::size_t to)
    {
        to = std::min(to, trace.size());
        for (; at < to; ++at) {
            if (!started) {
                // The first n's run began when the program did (the program's `began`).
                previous = trace[at].t;
                started = true;
            }
            dispatch(trace[at], *this);
        }
    }
};

constexpr PlotKind kindById(std::string_view id)
{
    return id == "complexity" ? PlotKind::Complexity : id == "backpressure" ? PlotKind::InFlight : PlotKind::None;
}

} // namespace

bool Plot::hasPoints() const
{
    return std::any_of(series.begin(), series.end(), [](const PlotSeries& s) { return !s.points.empty(); });
}

PlotKind plotKindFor(const std::string& lessonId)
{
    return kindById(lessonId);
}

bool lessonHasPlot(const std::string& lessonId)
{
    return plotKindFor(lessonId) != PlotKind::None;
}

std::vector<std::string> lessonsWithPlots()
{
    return {"backpressure", "complexity"};
}

std::vector<SweepPoint> sweepPoints(const Trace& trace, std::size_t events)
{
    std::vector<SweepPoint> points;
    SweepReader reader;
    reader.meta = &trace.meta();
    reader.points = &points;
    reader.read(trace, events);
    return points;
}

InFlightCurve inFlight(const TimelineScene& scene)
{
    // Each sleep a task is inside counts one from the moment it suspends until the timer wakes it.
    std::vector<std::pair<TimeNs, int>> changes;
    for (const Lane& lane : scene.lanes()) {
        if (lane.kind != LaneKind::Task)
            continue;
        for (const Segment& s : lane.segments) {
            if (s.state != std::uint8_t(TaskPhase::Waiting) || s.waitKind != WaitKind::Sleep)
                continue;
            changes.emplace_back(s.start, +1);
            if (s.end != kOpenEnd)
                changes.emplace_back(s.end, -1);
        }
    }
    std::sort(changes.begin(), changes.end());
    InFlightCurve curve;
    std::int64_t now = 0;
    for (std::size_t i = 0; i < changes.size();) {
        const TimeNs t = changes[i].first;
        for (; i < changes.size() && changes[i].first == t; ++i)
            now += changes[i].second;
        if (!curve.steps.empty() && curve.steps.back().value == now)
            continue;
        curve.steps.push_back({t, now});
        if (now > curve.peak) {
            curve.peak = now;
            curve.peakAt = t;
        }
    }
    return curve;
}

InFlightCurve cutAt(const InFlightCurve& curve, TimeNs moment)
{
    if (curve.steps.empty() || curve.steps.back().t <= moment)
        return curve;
    InFlightCurve cut;
    for (const CounterPoint& p : curve.steps) {
        if (p.t > moment)
            break;
        cut.steps.push_back(p);
        if (p.value > cut.peak) {
            cut.peak = p.value;
            cut.peakAt = p.t;
        }
    }
    return cut;
}

struct PlotSource::Variant
{
    Input input;
    // Complexity
    std::vector<SweepPoint> sweep;
    SweepReader reader;
    // InFlight: the scene grows with the trace; the curve is counted again when it changed.
    std::unique_ptr<TimelineScene> scene;
    InFlightCurve curve;
};

PlotSource::PlotSource(const std::string& lessonId, std::vector<Input> variants) : m_kind(plotKindFor(lessonId))
{
    for (Input& input : variants) {
        if (!input.trace)
            continue;
        auto v = std::make_unique<Variant>();
        v->input = std::move(input);
        v->reader.meta = &v->input.trace->meta();
        v->reader.points = &v->sweep;
        if (m_kind == PlotKind::InFlight)
            v->scene = std::make_unique<TimelineScene>(*v->input.trace, v->input.name);
        m_variants.push_back(std::move(v));
    }
    update();
}

PlotSource::~PlotSource() = default;

void PlotSource::setTotal(std::size_t variant, TimeNs total)
{
    if (variant < m_variants.size())
        m_variants[variant]->input.total = total;
}

void PlotSource::update()
{
    for (auto& v : m_variants) {
        if (m_kind == PlotKind::Complexity) {
            v->reader.read(*v->input.trace, v->input.trace->size());
        } else if (m_kind == PlotKind::InFlight) {
            // The scene was built (and first updated) in the constructor: count the curve once then.
            if (v->scene->update() || v->curve.steps.empty())
                v->curve = inFlight(*v->scene);
        }
    }
}

Plot PlotSource::plot(const std::vector<PlotCut>& cuts) const
{
    Plot plot;
    plot.kind = m_kind;
    if (m_kind == PlotKind::None)
        return plot;
    plot.xQuantity = m_kind == PlotKind::Complexity ? PlotQuantity::Count : PlotQuantity::Seconds;
    plot.yQuantity = m_kind == PlotKind::Complexity ? PlotQuantity::Seconds : PlotQuantity::Count;
    for (std::size_t i = 0; i < m_variants.size(); ++i) {
        const Variant& v = *m_variants[i];
        const PlotCut cut = i < cuts.size() ? cuts[i] : PlotCut{};
        PlotSeries series;
        series.name = v.input.name;
        if (m_kind == PlotKind::Complexity) {
            for (const SweepPoint& p : v.sweep)
                if (p.event < cut.events)
                    series.points.push_back({double(p.n), nsToSeconds(p.took)});
            // The sweep's n grow; should a program print them out of order, the line still reads left to right.
            std::stable_sort(series.points.begin(), series.points.end(),
                             [](const PlotPoint& a, const PlotPoint& b) { return a.x < b.x; });
        } else {
            const InFlightCurve curve = cutAt(v.curve, cut.moment);
            series.steps = true;
            if (curve.steps.empty() || curve.steps.front().t > 0)
                series.points.push_back({0, 0});
            for (const CounterPoint& p : curve.steps)
                series.points.push_back({nsToSeconds(p.t), double(p.value)});
            // The curve runs on to where the variant is drawn up to: its end, or the cursor.
            TimeNs end = v.input.total >= 0 ? v.input.total : v.scene->endTime();
            end = std::min(end, cut.moment);
            if (nsToSeconds(end) > series.points.back().x)
                series.points.push_back({nsToSeconds(end), series.points.back().y});
            if (curve.peak > 0) {
                series.hasPeak = true;
                series.peak = {nsToSeconds(curve.peakAt), double(curve.peak)};
            }
        }
        plot.series.push_back(std::move(series));
    }
    return plot;
}

Plot plotOfRuns(const std::string& lessonId, const std::vector<const RecordedRun*>& runs)
{
    std::vector<PlotSource::Input> inputs;
    for (const RecordedRun* run : runs)
        inputs.push_back({run->variant, run->trace.get(), run->total});
    return PlotSource(lessonId, std::move(inputs)).plot();
}

Plot plotOfDocument(const RunDocument& document, bool atCursor)
{
    if (!document.lesson())
        return {};
    const std::vector<std::string>& own = document.lesson()->variants;
    std::vector<PlotSource::Input> inputs;
    std::vector<PlotCut> cuts;
    for (int i = 0; i < document.variantCount(); ++i) {
        const RunDocument::Variant& v = document.variant(i);
        if (std::find(own.begin(), own.end(), v.name) == own.end())
            continue;
        inputs.push_back({v.name, v.trace, v.finished ? v.total : -1});
        if (atCursor)
            cuts.push_back({document.eventsAtCursor(i), document.cursorTime()});
    }
    return PlotSource(document.lesson()->id, std::move(inputs)).plot(cuts);
}

} // namespace loopscope::ui
