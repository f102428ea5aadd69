#pragma once
// TimelineRenderer: the one paint path for the timeline. The widget, and the PNG, SVG and PDF
// exports, all call paint() with any QPainter; nothing here assumes a widget. Several scenes (one
// per variant) are stacked on one shared time axis, each headed by its name, total and the ratio
// between totals. With more segments than pixel columns a lane is aggregated per column (the
// state covering most of the column wins), so a million events cost about as much as a thousand.

#include "theme.h"
#include "timelinegeometry.h"
#include "timelinescene.h"

#include <QCoreApplication>
#include <QFont>
#include <QRectF>
#include <QStringList>

#include <set>
#include <utility>
#include <vector>

class QPainter;

namespace loopscope::ui {

struct RenderOptions
{
    const Theme* theme = &Theme::light();
    TimeNs moment = kOpenEnd;   // draw what had happened by then (the cursor); kOpenEnd = everything
    bool showCursor = true;     // the cursor line at `moment`
    // The focused run's cursor has passed its last event (views set it; a picture of a moment
    // counts as there). A run that ends at t = 0 tells its total only then.
    bool cursorAtEnd = true;
    // Per scene, what its header says instead of its total ("stopped at 3.200 s · …"); may be
    // shorter than the scenes, empty strings for none.
    std::vector<QString> runNotes;
    // Per scene, how many of its events have happened at `moment`: the player's cursor can stand
    // part way through an instant, and a counter lane then says its value there, as the loop's
    // other panes do. Scenes past the end of the list: every event up to `moment`.
    std::vector<std::size_t> eventsAtMoment;
    qreal fontScale = 1.0;      // presentation mode and export sizes scale text and markers
    qreal basePixelSize = 13;   // the text size at fontScale 1, in the painter's logical units
    QString fontFamily;         // empty: the default sans-serif
    bool legend = true;
    QStringList lanes;          // labels of the lanes to show (any variant); empty = all
    QString title, caption;

    // Lane groups: a family of sibling tasks (TimelineScene::families) with at least this many
    // members is drawn as one group lane: a stacked band of how many are in each state. 0 or
    // less: never group. Groups are collapsed unless (scene index, family index) is in
    // expandedGroups; the widget's choice reaches its exports through renderOptions().
    int groupThreshold = kDefaultGroupThreshold;
    std::set<std::pair<int, int>> expandedGroups;
    static constexpr int kDefaultGroupThreshold = 20;
    // Only task lanes whose name contains this text (any case); empty = all. Other lanes stay.
    QString laneFilter;
    // The lane the keyboard is on (a frame around its label), or none.
    int focusScene = -1, focusLane = -1, focusGroup = -1;
};

// Where a row went: a lane's row, a lane group's row (group >= 0, lane == -1) or, with both -1,
// the variant's header row (name, total, ratio).
struct RowLayout
{
    int scene = 0;
    int lane = -1;
    QRectF rect; // full width, lane labels included; already moved by the geometry's scrollY
    int group = -1; // index into the scene's families()
    bool expanded = false; // group rows: its members follow

    bool isHeader() const { return lane < 0 && group < 0; }
};

struct TimelineLayout
{
    QRectF target, title, axis, plot, legend, caption; // plot: where rows are drawn (clipped)
    std::vector<RowLayout> rows;
    double contentHeight = 0; // all rows' height, for scrolling
    double bottom = 0;        // where the drawing ends (legend or caption included): an export
                              // of few lanes is cut there instead of ending in an empty band
    QFont font, smallFont, boldFont;
    double unit = 1;          // one "point" of marker size: fontScale scaled
};

// What is under a point of the timeline.
struct TimelineHit
{
    int scene = -1;
    int lane = -1;    // -1: no lane (header, axis, legend, outside)
    int segment = -1; // index into lane.segments, -1 if none (idle gap, counter lane, after the moment)
    int marker = -1;  // index into lane.markers when a marker is within reach
    int group = -1;   // a group lane's family (lane is -1 then)
    bool groupToggle = false; // on a group's name or chevron: a click expands or collapses it
    bool header = false;
    TimeNs time = 0;
    QString text;     // the tooltip: "fetch-2 waiting on sleep(1.0) from 0.000 s to 1.000 s, line 9"
};

class TimelineRenderer
{
    Q_DECLARE_TR_FUNCTIONS(TimelineRenderer)

public:
    using Scenes = std::vector<const TimelineScene*>;

    // Lays out title, axis, rows, legend and caption in `target`, and sets the geometry's viewport,
    // label width, padding and lane height for this font scale (never its zoom or pan).
    static TimelineLayout layout(TimelineGeometry& geometry, const QRectF& target, const Scenes& scenes,
                                 const RenderOptions& options);

    static void paint(QPainter& painter, const QRectF& target, const Scenes& scenes, const TimelineGeometry& geometry,
                      const RenderOptions& options);

    // The same layout paint() uses, so a point maps to what is drawn there.
    static TimelineHit hitTest(const QPointF& point, const QRectF& target, const Scenes& scenes,
                               const TimelineGeometry& geometry, const RenderOptions& options);

    // "412 waiting · 588 done": a group's counts at a time, in words (states with none left out).
    static QString groupCountsText(const TimelineScene& scene, int family, TimeNs t);
    // A counter lane's value at the options' moment (by event where eventsAtMoment says how many
    // have happened, else by time).
    static std::int64_t counterAtMoment(const Lane& lane, int scene, const RenderOptions& options);
    // "request-* (100000 tasks)": a group lane's label.
    static QString groupLabel(const TimelineScene& scene, int family);
    // A variant's header: its name and total (once the moment has reached it) or how far it got,
    // its ratio to the fastest, or its note.
    static QString headerText(const Scenes& scenes, int index, const RenderOptions& options);

    // The data range of the scenes (0 to the longest total), for TimelineGeometry::setRange.
    static TimeNs extent(const Scenes& scenes);
};

} // namespace loopscope::ui
