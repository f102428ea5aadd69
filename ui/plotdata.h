#pragma once
// The plots some lessons draw beside their timeline, as numbers before anything is painted:
// - complexity: total time against n, one series per variant, a point per line the sweep printed
//   ("semaphore: n=20 took 0.20 s"): n from the line, the time from when the lines were printed;
// - backpressure: fetches in flight over time, one step series per variant, with its peak.
// Everything comes from the recorded traces through the timeline scene and the trace reader; the
// loop is never asked. A source reads a growing trace incrementally and cuts what it shows at the
// player's cursor, so a plot never tells a total before the timeline does.

#include "timelinescene.h"

#include "core/recording.h"
#include "core/trace.h"

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace loopscope::ui {

class RunDocument;

enum class PlotKind : std::uint8_t {
    None,
    Complexity, // x: n (a count), y: total time (seconds)
    InFlight,   // x: time (seconds), y: fetches in flight (a count), step series
};

// What an axis measures: it decides the ticks' units ("250 ms", "10 000").
enum class PlotQuantity : std::uint8_t { Count, Seconds };

struct PlotPoint
{
    double x = 0;
    double y = 0;
};

struct PlotSeries
{
    std::string name;              // the variant
    std::vector<PlotPoint> points; // in x order
    bool steps = false;            // holds each y until the next point's x (a counter over time)
    bool hasPeak = false;          // InFlight: the highest value, first reached at peak.x
    PlotPoint peak;
};

struct Plot
{
    PlotKind kind = PlotKind::None;
    PlotQuantity xQuantity = PlotQuantity::Count;
    PlotQuantity yQuantity = PlotQuantity::Count;
    std::vector<PlotSeries> series;

    bool hasPoints() const;
};

// Whether the lesson draws a plot (complexity, backpressure).
bool lessonHasPlot(const std::string& lessonId);
PlotKind plotKindFor(const std::string& lessonId);
// The lessons that have one, for messages ("backpressure, complexity").
std::vector<std::string> lessonsWithPlots();

// One line of the complexity sweep: its n, how long that n took (from the previous line, or from
// the run's first event, to this one) and the trace event that printed it.
struct SweepPoint
{
    std::int64_t n = 0;
    TimeNs took = 0;
    TimeNs printedAt = 0;
    std::size_t event = 0;
};

// The sweep's lines in events [0, events) of the trace. A line that does not read
// "VARIANT: n=N took ..." is not a point.
std::vector<SweepPoint> sweepPoints(const Trace& trace, std::size_t events = std::numeric_limits<std::size_t>::max());

// Fetches in flight over time: the tasks inside a sleep (the fetch's download), counted from the
// timeline scene's waiting segments, so the plot and the lanes agree. One value per instant (the
// value once everything at that instant has happened), like the scene's counter lanes.
struct InFlightCurve
{
    std::vector<CounterPoint> steps;
    std::int64_t peak = 0;
    TimeNs peakAt = 0; // when the peak was first reached
};
InFlightCurve inFlight(const TimelineScene& scene);
// The curve up to `moment` (inclusive), its peak within that range.
InFlightCurve cutAt(const InFlightCurve& curve, TimeNs moment);

// Where each variant is cut: events before `events` have happened, the clock reads `moment`.
struct PlotCut
{
    std::size_t events = std::numeric_limits<std::size_t>::max();
    TimeNs moment = kOpenEnd;
};

// The plot of a lesson's variants, kept up to date with their growing traces.
class PlotSource
{
public:
    struct Input
    {
        std::string name;             // the variant
        const Trace* trace = nullptr; // must outlive the source
        TimeNs total = -1;            // the run's end once finished, else -1
    };

    PlotSource(const std::string& lessonId, std::vector<Input> variants);
    ~PlotSource();

    PlotKind kind() const { return m_kind; }
    // Reads what the traces recorded since the last call (O(new events) for the sweep).
    void update();
    void setTotal(std::size_t variant, TimeNs total);
    // The plot with each variant cut at `cuts[i]` (none given: everything recorded).
    Plot plot(const std::vector<PlotCut>& cuts = {}) const;

private:
    struct Variant;
    PlotKind m_kind = PlotKind::None;
    std::vector<std::unique_ptr<Variant>> m_variants;
};

// The plot of finished runs (the command line, recordings, tests). Empty (kind None) when the
// lesson has none.
Plot plotOfRuns(const std::string& lessonId, const std::vector<const RecordedRun*>& runs);

// The plot of a document's lesson runs, cut at its cursor (or everything recorded). Variants the
// lesson does not have (runs compared on CPython) are left out.
Plot plotOfDocument(const RunDocument& document, bool atCursor = true);

} // namespace loopscope::ui
