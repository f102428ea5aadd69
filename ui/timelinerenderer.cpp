#include "timelinerenderer.h"

#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>

#include <algorithm>
#include <array>
#include <cmath>

namespace loopscope::ui {

namespace {

constexpr int kStates = 8;

bool endedState(std::uint8_t s)
{
    const auto p = TaskPhase(s);
    return p == TaskPhase::Done || p == TaskPhase::Failed || p == TaskPhase::Cancelled;
}

// Zero-length steps are drawn with a minimum width: on the virtual clock a step takes no time, and
// a timeline that hid every step would hide what the loop does.
bool isActive(LaneKind kind, std::uint8_t s)
{
    if (kind == LaneKind::Loop)
        return s != std::uint8_t(LoopState::Idle);
    return s == std::uint8_t(TaskPhase::Running) || s == std::uint8_t(TaskPhase::Blocked);
}

// The TaskPhase whose style a segment is painted in (the loop lane borrows running and blocked).
int styleOf(LaneKind kind, std::uint8_t s)
{
    if (kind == LaneKind::Loop)
        return s == std::uint8_t(LoopState::Busy) ? int(TaskPhase::Running)
               : s == std::uint8_t(LoopState::Stalled) ? int(TaskPhase::Blocked)
                                                       : -1; // idle: theme.loopIdle
    return s;
}

struct Ctx
{
    QPainter& p;
    const Theme& theme;
    const TimelineGeometry& g;
    const TimelineLayout& l;
    const RenderOptions& o;
    TimeNs moment;
};

void fillState(Ctx& c, const QRectF& r, int style)
{
    if (style < 0) {
        c.p.fillRect(r, c.theme.loopIdle);
        return;
    }
    const auto phase = TaskPhase(style);
    c.p.fillRect(r, c.theme.state(phase).fill);
    const QBrush pattern = c.theme.patternBrush(phase);
    if (pattern.style() != Qt::NoBrush)
        c.p.fillRect(r, pattern);
}

// The part of a row a state fills: ended tasks are a thin line so the lanes of live tasks stand out.
QRectF bandFor(const QRectF& row, LaneKind kind, std::uint8_t s)
{
    if (kind == LaneKind::Task && endedState(s)) {
        const double h = std::max(2.0, row.height() * 0.28);
        return {row.left(), row.center().y() - h / 2, row.width(), h};
    }
    return row;
}

QRectF laneBody(const QRectF& row, double gap)
{
    return row.adjusted(0, gap / 2, 0, -gap / 2);
}

std::pair<double, double> visibleSpan(const Ctx& c)
{
    const double t0 = std::max(0.0, c.g.visibleStart());
    const double t1 = std::min(c.g.visibleEnd(), double(c.moment));
    return {t0, t1};
}

void paintSegmentsExact(Ctx& c, const Lane& lane, const QRectF& body, int first, int last)
{
    const double minW = 2.5 * c.l.unit;
    const double plotLeft = c.g.plotLeft() - c.g.padding(), plotRight = c.g.plotRight() + c.g.padding();
    // Long segments first, then the zero-length steps over them with their minimum width.
    for (int pass = 0; pass < 2; ++pass) {
        for (int i = first; i <= last; ++i) {
            const Segment& s = lane.segments[std::size_t(i)];
            if (s.start > c.moment)
                break;
            const double x0 = c.g.timeToX(s.start);
            const double x1 = c.g.timeToX(s.endAt(c.moment));
            const bool thin = x1 - x0 < minW && isActive(lane.kind, s.state);
            if ((pass == 1) != thin)
                continue;
            // Cut to the plot: the painter's clip keeps a PNG right, but an SVG of a time range
            // carried the whole bar, over the lane names and past the canvas (issue 13, #5).
            const double left = std::max(x0, plotLeft), right = std::min(thin ? x0 + minW : x1, plotRight);
            if (right <= left)
                continue;
            const QRectF band = bandFor(body, lane.kind, s.state);
            fillState(c, QRectF(left, band.top(), right - left, band.height()), styleOf(lane.kind, s.state));
        }
    }
}

// Labels inside a task's segments, where they fit.
void paintWaitLabels(Ctx& c, const TimelineScene& scene, const Lane& lane, const QRectF& body, int first, int last)
{
    if (lane.kind != LaneKind::Task || last - first > 400)
        return;
    const QFontMetricsF fm(c.l.smallFont);
    c.p.setFont(c.l.smallFont);
    c.p.setPen(c.theme.text);
    for (int i = first; i <= last; ++i) {
        const Segment& s = lane.segments[std::size_t(i)];
        if (s.start > c.moment)
            break;
        // What a task waits for, and why a failed task failed ("ConnectionError: connection refused").
        const bool failed = TaskPhase(s.state) == TaskPhase::Failed && s.label;
        if (TaskPhase(s.state) != TaskPhase::Waiting && !failed)
            continue;
        const double x0 = std::max(c.g.timeToX(s.start), c.g.plotLeft());
        const double x1 = std::min(c.g.timeToX(s.endAt(c.moment)), c.g.plotRight());
        const double room = x1 - x0 - 2 * c.l.unit * 3;
        if (room < 4 * fm.averageCharWidth() || fm.height() > body.height())
            continue;
        const QString text = scene.waitText(s);
        if (fm.horizontalAdvance(text) > room)
            continue; // dropped, never clipped
        // A backing plate under the text keeps it readable over the hatch.
        const QRectF tr(x0 + 3 * c.l.unit, body.center().y() - fm.height() / 2, fm.horizontalAdvance(text), fm.height());
        QColor plate = c.theme.surface;
        plate.setAlpha(200);
        c.p.fillRect(tr.adjusted(-2 * c.l.unit, 0, 2 * c.l.unit, 0), plate);
        c.p.drawText(tr, Qt::AlignLeft | Qt::AlignVCenter, text);
    }
}

// More segments than columns: one rect per run of columns with the same dominant state.
void paintSegmentsAggregated(Ctx& c, const Lane& lane, const QRectF& body, int first, int last)
{
    const auto [t0, t1] = visibleSpan(c);
    const double left = c.g.plotLeft();
    const double npp = c.g.nsPerPixel();
    const int columns = int(std::ceil(c.g.plotWidth())) + 1;
    std::vector<std::array<float, kStates>> bins(std::size_t(columns), std::array<float, kStates>{});
    const double origin = c.g.visibleStart();
    for (int i = first; i <= last; ++i) {
        const Segment& s = lane.segments[std::size_t(i)];
        const double a = (std::max(double(s.start), t0) - origin) / npp;
        const double b = (std::min(double(s.endAt(c.moment)), t1) - origin) / npp;
        if (b < a)
            continue;
        const int st = std::min<int>(s.state, kStates - 1);
        const int ca = std::clamp(int(a), 0, columns - 1), cb = std::clamp(int(b), 0, columns - 1);
        if (ca == cb) {
            // Steps of no length still claim a third of their column (once, however many there
            // are), as the exact path gives them width; a column mostly waiting stays waiting.
            float& bin = bins[std::size_t(ca)][std::size_t(st)];
            bin += float(b - a);
            if (isActive(lane.kind, s.state))
                bin = std::max(bin, 0.34f);
            continue;
        }
        bins[std::size_t(ca)][std::size_t(st)] += float(ca + 1 - a);
        for (int col = ca + 1; col < cb; ++col)
            bins[std::size_t(col)][std::size_t(st)] += 1.0f;
        bins[std::size_t(cb)][std::size_t(st)] += float(b - cb);
    }
    int runStart = 0, runState = -1;
    const auto flush = [&](int end) {
        if (runState >= 0 && end > runStart) {
            const QRectF band = bandFor(body, lane.kind, std::uint8_t(runState));
            fillState(c, QRectF(left + runStart, band.top(), end - runStart, band.height()),
                      styleOf(lane.kind, std::uint8_t(runState)));
        }
    };
    for (int col = 0; col < columns; ++col) {
        int best = -1;
        float most = 0;
        for (int st = 0; st < kStates; ++st)
            if (bins[std::size_t(col)][std::size_t(st)] > most) {
                most = bins[std::size_t(col)][std::size_t(st)];
                best = st;
            }
        if (best != runState) {
            flush(col);
            runStart = col;
            runState = best;
        }
    }
    flush(columns);
}

void paintSegments(Ctx& c, const TimelineScene& scene, const Lane& lane, const QRectF& body)
{
    if (lane.segments.empty())
        return;
    const auto [t0, t1] = visibleSpan(c);
    if (t1 < t0)
        return;
    const int first = std::max(0, lane.segmentAt(TimeNs(t0)));
    const int last = lane.segmentAt(TimeNs(std::ceil(t1)));
    if (last < first)
        return;
    if (last - first + 1 > int(c.g.plotWidth() / 2)) {
        paintSegmentsAggregated(c, lane, body, first, last);
        return;
    }
    paintSegmentsExact(c, lane, body, first, last);
    paintWaitLabels(c, scene, lane, body, first, last);
}

void paintCounter(Ctx& c, int scene, const Lane& lane, const QRectF& body)
{
    const auto [t0, t1] = visibleSpan(c);
    if (lane.counter.empty() || t1 < t0)
        return;
    const double maxV = double(std::max<std::int64_t>(1, lane.counterMax));
    const double base = body.bottom(), h = body.height() - 2;
    const auto yOf = [&](std::int64_t v) { return base - h * double(v) / maxV; };
    // A step line; points closer than a column keep their column's maximum.
    QPolygonF poly;
    poly << QPointF(c.g.timeToXf(t0), base);
    auto it = std::upper_bound(lane.counter.begin(), lane.counter.end(), TimeNs(t0),
                               [](TimeNs v, const CounterPoint& p) { return v < p.t; });
    std::int64_t value = it == lane.counter.begin() ? 0 : std::prev(it)->value;
    double x = c.g.timeToXf(t0);
    poly << QPointF(x, yOf(value));
    int column = int(x);
    std::int64_t columnMax = value;
    for (; it != lane.counter.end() && double(it->t) <= t1; ++it) {
        const double px = c.g.timeToX(it->t);
        if (int(px) == column) {
            columnMax = std::max(columnMax, it->value);
            value = it->value;
            continue;
        }
        if (columnMax != value) // the column's peak, so a brief spike is not lost
            poly << QPointF(poly.back().x(), yOf(columnMax)) << QPointF(column + 1, yOf(columnMax));
        poly << QPointF(px, poly.back().y()) << QPointF(px, yOf(it->value));
        value = it->value;
        columnMax = value;
        column = int(px);
    }
    const double xEnd = c.g.timeToXf(t1);
    poly << QPointF(xEnd, poly.back().y()) << QPointF(xEnd, base);
    QColor fill = c.theme.accent;
    fill.setAlpha(70);
    c.p.setPen(Qt::NoPen);
    c.p.setBrush(fill);
    c.p.drawPolygon(poly);
    QPen pen(c.theme.accent, 1.5 * c.l.unit);
    pen.setJoinStyle(Qt::MiterJoin);
    c.p.setPen(pen);
    c.p.setBrush(Qt::NoBrush);
    c.p.drawPolyline(poly.mid(1, poly.size() - 2));
    // The value at the right end of the drawn part, when there is room: at the cursor, the value
    // after the events the cursor has passed, which may be part way through an instant.
    const QFontMetricsF fm(c.l.smallFont);
    const std::int64_t shown = double(c.moment) <= t1 ? TimelineRenderer::counterAtMoment(lane, scene, c.o)
                                                      : lane.counterAt(TimeNs(t1));
    const QString text = QString::number(shown) + QLatin1Char('/') +
                         QString::number(lane.counterMax);
    if (fm.height() <= body.height() && xEnd + fm.horizontalAdvance(text) + 6 * c.l.unit < c.g.plotRight()) {
        c.p.setFont(c.l.smallFont);
        c.p.setPen(c.theme.mutedText);
        c.p.drawText(QPointF(xEnd + 4 * c.l.unit, body.center().y() + fm.ascent() / 2 - 1), text);
    }
}

template<typename F>
void forVisibleMarkers(const Ctx& c, const Lane& lane, F&& f)
{
    const auto [t0, t1] = visibleSpan(c);
    auto it = std::lower_bound(lane.markers.begin(), lane.markers.end(), TimeNs(t0),
                               [](const Marker& m, TimeNs v) { return m.t < v; });
    // Markers closer than a few units on average tell nothing one by one (the aggregated lane says
    // it): then only the rare kinds are drawn, and lateness only where it is at least a unit long.
    const auto end = std::upper_bound(it, lane.markers.end(), TimeNs(t1), [](TimeNs v, const Marker& m) { return v < m.t; });
    const bool dense = double(end - it) * 6 * c.l.unit > c.g.plotWidth();
    // One marker of a kind per column: a dense lane gets one mark per pixel, not thousands.
    std::array<double, 8> lastX;
    lastX.fill(-1e18);
    const double spacing = 3 * c.l.unit;
    const auto visit = [&](const Marker& m) {
        if (dense && m.kind == MarkerKind::LateTimer && double(m.value) < c.g.nsPerPixel() * c.l.unit)
            return;
        const double x = c.g.timeToX(m.t);
        double& last = lastX[std::size_t(m.kind)];
        if (x - last < spacing)
            return;
        last = x;
        f(m, x);
    };
    if (dense) {
        const auto first = std::uint32_t(it - lane.markers.begin()), stop = std::uint32_t(end - lane.markers.begin());
        auto r = std::lower_bound(lane.rareMarkers.begin(), lane.rareMarkers.end(), first);
        for (; r != lane.rareMarkers.end() && *r < stop; ++r)
            visit(lane.markers[*r]);
        return;
    }
    for (; it != end; ++it)
        visit(*it);
}

void paintArrowHead(QPainter& p, QPointF tip, double dir, double size)
{
    QPolygonF head;
    head << tip << QPointF(tip.x() - size * 0.55, tip.y() - dir * size) << QPointF(tip.x() + size * 0.55, tip.y() - dir * size);
    p.drawPolygon(head);
}

void paintMarkers(Ctx& c, const TimelineScene& scene, const Lane& lane, const QRectF& body,
                  const std::vector<const RowLayout*>& rowOfLane)
{
    const double u = c.l.unit;
    const double tri = 4 * u;
    c.p.setRenderHint(QPainter::Antialiasing, true);
    forVisibleMarkers(c, lane, [&](const Marker& m, double x) {
        switch (m.kind) {
        case MarkerKind::Yield: { // ▼ on the top edge: the await that gave control back
            c.p.setPen(Qt::NoPen);
            c.p.setBrush(c.theme.text);
            QPolygonF t;
            t << QPointF(x - tri * 0.6, body.top()) << QPointF(x + tri * 0.6, body.top()) << QPointF(x, body.top() + tri);
            c.p.drawPolygon(t);
            break;
        }
        case MarkerKind::Resume: { // ▲ on the bottom edge: the loop picked it up again
            c.p.setPen(QPen(c.theme.text, 0.8 * u));
            c.p.setBrush(c.theme.surface);
            QPolygonF t;
            t << QPointF(x - tri * 0.6, body.bottom()) << QPointF(x + tri * 0.6, body.bottom())
              << QPointF(x, body.bottom() - tri);
            c.p.drawPolygon(t);
            break;
        }
        case MarkerKind::Wake: {
            if (m.fromLane < 0 || std::size_t(m.fromLane) >= rowOfLane.size() || !rowOfLane[std::size_t(m.fromLane)])
                break;
            const QRectF from = rowOfLane[std::size_t(m.fromLane)]->rect;
            const double y0 = from.center().y();
            const double y1 = from.center().y() < body.center().y() ? body.top() + 1 : body.bottom() - 1;
            if (std::abs(y1 - y0) < 2 * tri)
                break;
            const double dir = y1 > y0 ? 1 : -1;
            c.p.setPen(QPen(c.theme.wakeArrow, 1.0 * u));
            c.p.drawLine(QPointF(x, y0), QPointF(x, y1 - dir * tri));
            c.p.setPen(Qt::NoPen);
            c.p.setBrush(c.theme.wakeArrow);
            paintArrowHead(c.p, QPointF(x, y1), dir, tri * 1.1);
            break;
        }
        case MarkerKind::LateTimer: { // the lateness as a bar from the deadline to the firing
            const double x0 = c.g.timeToX(m.t - m.value);
            const double y = body.top() + 1.5 * u;
            c.p.setPen(QPen(c.theme.lateness, 2.5 * u, Qt::SolidLine, Qt::FlatCap));
            c.p.drawLine(QPointF(x0, y), QPointF(std::max(x, x0 + 2 * u), y));
            c.p.setPen(QPen(c.theme.lateness, 1.2 * u));
            c.p.drawLine(QPointF(x0, body.top()), QPointF(x0, body.top() + 5 * u));
            const QFontMetricsF fm(c.l.smallFont);
            const QString text = TimelineRenderer::tr("+%1 ms", "how late a timer fired")
                                     .arg(double(m.value) / 1e6, 0, 'f', m.value < 10'000'000 ? 1 : 0);
            if (x - x0 > fm.horizontalAdvance(text) + 4 * u && fm.height() < body.height() * 0.6) {
                c.p.setFont(c.l.smallFont);
                c.p.drawText(QPointF(x0 + 2 * u, body.top() + 3 * u + fm.ascent()), text);
            }
            break;
        }
        case MarkerKind::Print: { // a small tick under the lane
            c.p.setPen(QPen(c.theme.mutedText, 1.2 * u, Qt::SolidLine, Qt::FlatCap));
            c.p.drawLine(QPointF(x, body.bottom() - 3.5 * u), QPointF(x, body.bottom() + 1.5 * u));
            break;
        }
        case MarkerKind::Warning: {
            c.p.setPen(QPen(c.theme.warning, 1.2 * u));
            c.p.setBrush(c.theme.warning);
            c.p.drawEllipse(QPointF(x, body.top() + 3 * u), 2.5 * u, 2.5 * u);
            break;
        }
        case MarkerKind::Cancel: {
            c.p.setPen(QPen(c.theme.error, 1.6 * u));
            const double s = 3 * u, y = body.center().y();
            c.p.drawLine(QPointF(x - s, y - s), QPointF(x + s, y + s));
            c.p.drawLine(QPointF(x - s, y + s), QPointF(x + s, y - s));
            break;
        }
        case MarkerKind::Phase: { // the loop's lifecycle: a dashed line and its name where it fits
            c.p.setPen(QPen(c.theme.text, 1.0 * u, Qt::DashLine));
            c.p.drawLine(QPointF(x, body.top()), QPointF(x, body.bottom()));
            break;
        }
        }
    });
    Q_UNUSED(scene);
}

void paintPhaseLabels(Ctx& c, const Lane& lane, const QRectF& body)
{
    const QFontMetricsF fm(c.l.smallFont);
    if (fm.height() > body.height())
        return;
    c.p.setFont(c.l.smallFont);
    double lastRight = -1e18;
    forVisibleMarkers(c, lane, [&](const Marker& m, double x) {
        if (m.kind != MarkerKind::Phase)
            return;
        // The phases outside the cycle, by LoopPhase; the four in it are not labelled.
        static const char* const names[] = {QT_TRANSLATE_NOOP("TimelineRenderer", "start"),
                                            "",
                                            "",
                                            "",
                                            "",
                                            QT_TRANSLATE_NOOP("TimelineRenderer", "cancel leftovers"),
                                            QT_TRANSLATE_NOOP("TimelineRenderer", "shutdown executors"),
                                            QT_TRANSLATE_NOOP("TimelineRenderer", "closed"),
                                            QT_TRANSLATE_NOOP("TimelineRenderer", "deadlock")};
        const char* const name = names[std::min<int>(m.sub, 8)];
        if (!*name)
            return;
        const QString text = TimelineRenderer::tr(name);
        const double w = fm.horizontalAdvance(text);
        // "closed" sits left of its line at the run's end; the others to the right.
        const bool leftSide = LoopPhase(m.sub) == LoopPhase::Closed || x + w + 6 * c.l.unit > c.g.plotRight();
        const double tx = leftSide ? x - w - 3 * c.l.unit : x + 3 * c.l.unit;
        if (tx < lastRight || tx < c.g.plotLeft() - c.g.padding())
            return; // overlapping labels are dropped
        QColor plate = c.theme.surface;
        plate.setAlpha(210);
        const QRectF r(tx, body.center().y() - fm.height() / 2, w, fm.height());
        c.p.fillRect(r.adjusted(-c.l.unit, 0, c.l.unit, 0), plate);
        c.p.setPen(c.theme.text);
        c.p.drawText(r, Qt::AlignCenter, text);
        lastRight = tx + w + 4 * c.l.unit;
    });
}

double niceStep(double minNs)
{
    const double p = std::pow(10.0, std::floor(std::log10(std::max(minNs, 1.0))));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= minNs)
            return m * p;
    return 10 * p;
}

// Tick labels in the unit that suits the step: "250 ms", "1.5 s", "20 ns", never
// "0.000000020 s". The unit is the largest whose tenth the step reaches, so a 0.5 s step reads
// "0.5 s", a 20 ms step "20 ms"; the decimals are just enough to tell neighbouring ticks apart.
QString tickLabel(double ns, double step)
{
    struct Unit
    {
        double ns;
        const char* suffix;
    };
    static const Unit units[] = {{1e9, QT_TRANSLATE_NOOP("TimelineRenderer", " s")},
                                 {1e6, QT_TRANSLATE_NOOP("TimelineRenderer", " ms")},
                                 {1e3, QT_TRANSLATE_NOOP("TimelineRenderer", " µs")},
                                 {1, QT_TRANSLATE_NOOP("TimelineRenderer", " ns")}};
    const Unit* unit = &units[3];
    for (const Unit& u : units)
        if (step >= u.ns / 10 * (1 - 1e-9)) {
            unit = &u;
            break;
        }
    const double inUnit = step / unit->ns;
    const int decimals = std::clamp(int(std::ceil(-std::log10(inUnit) - 1e-9)), 0, 3);
    // The C locale: a tick is a number the reader compares, and the suffix says the unit.
    // Trailing zeros go ("1 s", "1.5 s"): the shortest text that says the value.
    QString number = QLocale::c().toString(ns / unit->ns, 'f', decimals);
    if (number.contains(QLatin1Char('.'))) {
        while (number.endsWith(QLatin1Char('0')))
            number.chop(1);
        if (number.endsWith(QLatin1Char('.')))
            number.chop(1);
    }
    if (number == QLatin1String("-0"))
        number = QStringLiteral("0");
    return number + TimelineRenderer::tr(unit->suffix);
}

void paintAxis(Ctx& c, const QRectF& rowsArea)
{
    const QFontMetricsF fm(c.l.smallFont);
    c.p.setFont(c.l.smallFont);
    const double widest = fm.horizontalAdvance(tickLabel(c.g.visibleEnd(), c.g.nsPerPixel() * 10)) + 24 * c.l.unit;
    const double step = niceStep(widest * c.g.nsPerPixel());
    // Ticks are counted, not stepped: far from zero `t += step` can be lost to rounding and never
    // reach the end. The step is at least a label's width, so there are few; the cap is a guard.
    const double firstIndex = std::ceil(std::max(0.0, c.g.visibleStart()) / step);
    const double lastIndex = std::floor((c.g.visibleEnd() + 0.5) / step);
    const int ticks = int(std::clamp(lastIndex - firstIndex + 1, 0.0, 1000.0));
    const QRectF axis = c.l.axis;
    c.p.setRenderHint(QPainter::Antialiasing, false);
    c.p.setPen(QPen(c.theme.axis, 1.0 * c.l.unit));
    c.p.drawLine(QPointF(c.g.plotLeft() - c.g.padding(), axis.bottom()), QPointF(axis.right(), axis.bottom()));
    for (int i = 0; i < ticks; ++i) {
        const double t = (firstIndex + i) * step;
        const double x = c.g.timeToXf(t);
        c.p.setPen(QPen(c.theme.grid, 1.0 * c.l.unit));
        c.p.drawLine(QPointF(x, rowsArea.top()), QPointF(x, rowsArea.bottom()));
        c.p.setPen(QPen(c.theme.axis, 1.0 * c.l.unit));
        c.p.drawLine(QPointF(x, axis.bottom() - 4 * c.l.unit), QPointF(x, axis.bottom()));
        const QString label = tickLabel(t, step);
        const double w = fm.horizontalAdvance(label);
        double lx = x - w / 2;
        if (lx + w > axis.right())
            lx = axis.right() - w;
        if (lx < c.g.plotLeft() - c.g.padding())
            continue; // would run into the lane labels: dropped
        c.p.setPen(c.theme.mutedText);
        c.p.drawText(QPointF(lx, axis.bottom() - 6 * c.l.unit - fm.descent()), label);
    }
}

// A total is only told once the moment shown has reached it: a learner predicting "how long will
// main take?" must not read the answer off the header while the loop runs ahead of the picture. A
// run that takes no time at all ends at t = 0, where the cursor starts: there the total waits for
// the cursor to pass the run's last event too.
bool shownFinished(const TimelineScene& s, const RenderOptions& o)
{
    return s.finished() && (o.moment > s.total() || (o.moment == s.total() && o.cursorAtEnd));
}

QString runNote(const RenderOptions& o, int index)
{
    return index < int(o.runNotes.size()) ? o.runNotes[std::size_t(index)] : QString();
}

QString totalText(const TimelineScene& s, const RenderOptions& o)
{
    if (shownFinished(s, o))
        return TimelineRenderer::tr("total ") + formatSeconds(s.total());
    // A run still going reads the cursor's clock: on real time the clock goes on through a
    // blocking call that records nothing.
    const TimeNs so = o.moment == kOpenEnd ? s.total() : (s.finished() ? std::min(o.moment, s.total()) : o.moment);
    return TimelineRenderer::tr("running, ") + formatSeconds(so) + TimelineRenderer::tr(" so far");
}

} // namespace

// "blocking · total 3.000 s · 3.00× async": the ratio against the fastest finished variant.
QString TimelineRenderer::headerText(const Scenes& scenes, int index, const RenderOptions& o)
{
    const TimelineScene& s = *scenes[std::size_t(index)];
    const QString name = s.name().empty() ? TimelineRenderer::tr("run", "a run without a name") : QString::fromStdString(s.name());
    // A note (a live run stopped part way) says what the total alone would misstate.
    if (const QString note = runNote(o, index); !note.isEmpty() && s.finished())
        return name + QStringLiteral("  ·  ") + note;
    QString text = name + QStringLiteral("  ·  ") + totalText(s, o);
    if (scenes.size() < 2 || !shownFinished(s, o))
        return text;
    int fastest = -1;
    for (int i = 0; i < int(scenes.size()); ++i)
        if (shownFinished(*scenes[std::size_t(i)], o) && runNote(o, i).isEmpty() &&
            (fastest < 0 || scenes[std::size_t(i)]->total() < scenes[std::size_t(fastest)]->total()))
            fastest = i;
    if (fastest < 0)
        return text;
    const TimelineScene& f = *scenes[std::size_t(fastest)];
    if (fastest == index)
        return text + TimelineRenderer::tr("  ·  fastest");
    if (f.total() <= 0)
        return text;
    return text + TimelineRenderer::tr("  ·  %1× %2", "how many times slower than the fastest variant")
                      .arg(double(s.total()) / double(f.total()), 0, 'f', 2)
                      .arg(QString::fromStdString(f.name()));
}

namespace {

struct LegendItem
{
    enum Kind { State, LoopIdle, Yield, Resume, Wake, Late, Print, Stall, Bracket, Counter } kind;
    int state = 0;
    QString text;
};

std::vector<LegendItem> legendItems(const Theme& theme)
{
    std::vector<LegendItem> items;
    for (int s = 0; s < kStates; ++s)
        items.push_back({LegendItem::State, s, theme.states[std::size_t(s)].name});
    items.push_back({LegendItem::LoopIdle, 0, TimelineRenderer::tr("loop idle", "legend")});
    items.push_back({LegendItem::Stall, 0, TimelineRenderer::tr("stall (loop blocked)", "legend")});
    items.push_back({LegendItem::Yield, 0, TimelineRenderer::tr("await (yield)", "legend")});
    items.push_back({LegendItem::Resume, 0, TimelineRenderer::tr("resume", "legend")});
    items.push_back({LegendItem::Wake, 0, TimelineRenderer::tr("wake-up", "legend")});
    items.push_back({LegendItem::Late, 0, TimelineRenderer::tr("timer lateness", "legend")});
    items.push_back({LegendItem::Print, 0, TimelineRenderer::tr("print", "legend")});
    items.push_back({LegendItem::Bracket, 0, TimelineRenderer::tr("gather / TaskGroup", "legend")});
    items.push_back({LegendItem::Counter, 0, TimelineRenderer::tr("counter", "legend")});
    return items;
}

// Lays the legend out in rows; returns the height used. With paint == false it only measures.
double layoutLegend(QPainter* p, const Theme& theme, const QRectF& area, const QFont& font, double unit)
{
    const QFontMetricsF fm(font);
    const double sw = 2.2 * fm.height(), sh = fm.height() * 0.9, gap = 1.4 * fm.averageCharWidth();
    double x = area.left(), y = area.top();
    const double rowH = fm.height() * 1.5;
    if (p)
        p->setFont(font);
    for (const LegendItem& item : legendItems(theme)) {
        const double w = sw + 0.5 * gap + fm.horizontalAdvance(item.text) + 2 * gap;
        if (x + w > area.right() && x > area.left()) {
            x = area.left();
            y += rowH;
        }
        if (p) {
            const QRectF sr(x, y + (rowH - sh) / 2, sw, sh);
            p->setRenderHint(QPainter::Antialiasing, true);
            switch (item.kind) {
            case LegendItem::State: {
                const auto phase = TaskPhase(item.state);
                p->fillRect(sr, theme.state(phase).fill);
                if (theme.patternBrush(phase).style() != Qt::NoBrush)
                    p->fillRect(sr, theme.patternBrush(phase));
                break;
            }
            case LegendItem::LoopIdle: p->fillRect(sr, theme.loopIdle); break;
            case LegendItem::Stall: p->fillRect(sr, theme.stall); break;
            case LegendItem::Yield: {
                p->setPen(Qt::NoPen);
                p->setBrush(theme.text);
                const double t = sh * 0.6;
                p->drawPolygon(QPolygonF({QPointF(sr.center().x() - t * 0.6, sr.top()),
                                          QPointF(sr.center().x() + t * 0.6, sr.top()), QPointF(sr.center().x(), sr.top() + t)}));
                break;
            }
            case LegendItem::Resume: {
                p->setPen(QPen(theme.text, 0.8 * unit));
                p->setBrush(theme.surface);
                const double t = sh * 0.6;
                p->drawPolygon(QPolygonF({QPointF(sr.center().x() - t * 0.6, sr.bottom()),
                                          QPointF(sr.center().x() + t * 0.6, sr.bottom()),
                                          QPointF(sr.center().x(), sr.bottom() - t)}));
                break;
            }
            case LegendItem::Wake: {
                p->setPen(QPen(theme.wakeArrow, unit));
                p->drawLine(QPointF(sr.left(), sr.center().y()), QPointF(sr.right() - 4 * unit, sr.center().y()));
                p->setPen(Qt::NoPen);
                p->setBrush(theme.wakeArrow);
                const QPointF tip(sr.right(), sr.center().y());
                p->drawPolygon(QPolygonF({tip, QPointF(tip.x() - 5 * unit, tip.y() - 2.5 * unit),
                                          QPointF(tip.x() - 5 * unit, tip.y() + 2.5 * unit)}));
                break;
            }
            case LegendItem::Late:
                p->setPen(QPen(theme.lateness, 2.5 * unit, Qt::SolidLine, Qt::FlatCap));
                p->drawLine(QPointF(sr.left(), sr.center().y()), QPointF(sr.right(), sr.center().y()));
                break;
            case LegendItem::Print:
                p->setPen(QPen(theme.mutedText, 1.2 * unit));
                p->drawLine(QPointF(sr.center().x(), sr.top() + sh * 0.3), QPointF(sr.center().x(), sr.bottom()));
                break;
            case LegendItem::Bracket:
                p->setPen(QPen(theme.mutedText, 1.2 * unit));
                p->setBrush(Qt::NoBrush);
                p->drawPolyline(QPolygonF({QPointF(sr.left() + sw * 0.6, sr.top()), QPointF(sr.left() + sw * 0.3, sr.top()),
                                           QPointF(sr.left() + sw * 0.3, sr.bottom()),
                                           QPointF(sr.left() + sw * 0.6, sr.bottom())}));
                break;
            case LegendItem::Counter: {
                QColor fill = theme.accent;
                fill.setAlpha(70);
                p->setPen(QPen(theme.accent, 1.5 * unit));
                p->setBrush(fill);
                p->drawPolygon(QPolygonF({QPointF(sr.left(), sr.bottom()), QPointF(sr.left(), sr.center().y()),
                                          QPointF(sr.center().x(), sr.center().y()), QPointF(sr.center().x(), sr.top()),
                                          QPointF(sr.right(), sr.top()), QPointF(sr.right(), sr.bottom())}));
                break;
            }
            }
            p->setPen(theme.text);
            p->drawText(QRectF(x + sw + 0.5 * gap, y, w, rowH), Qt::AlignLeft | Qt::AlignVCenter, item.text);
        }
        x += w;
    }
    return y + rowH - area.top();
}

bool laneWanted(const RenderOptions& o, const Lane& lane)
{
    return o.lanes.isEmpty() || o.lanes.contains(QString::fromStdString(lane.label));
}

// The lane filter, matched on the labels' bytes (case folded for ASCII) so that narrowing
// 100,000 lanes makes no QString per lane.
struct NameFilter
{
    std::string needle; // lower case, UTF-8

    explicit NameFilter(const QString& text) : needle(text.trimmed().toLower().toStdString()) {}
    bool active() const { return !needle.empty(); }
    bool matches(const std::string& label) const
    {
        if (needle.empty())
            return true;
        if (label.size() < needle.size())
            return false;
        const auto lower = [](char ch) { return ch >= 'A' && ch <= 'Z' ? char(ch - 'A' + 'a') : ch; };
        for (std::size_t i = 0; i + needle.size() <= label.size(); ++i) {
            std::size_t k = 0;
            while (k < needle.size() && lower(label[i + k]) == needle[k])
                ++k;
            if (k == needle.size())
                return true;
        }
        return false;
    }
};

// Whether a lane is shown: chosen (export's lanes) and, for tasks, matching the filter.
bool laneShown(const RenderOptions& o, const NameFilter& filter, const Lane& lane)
{
    return laneWanted(o, lane) && (lane.kind != LaneKind::Task || filter.matches(lane.label));
}

// The order a group's band stacks its states, bottom up: what runs first, what is over last.
constexpr std::array<TaskPhase, kStates> kStackOrder = {TaskPhase::Running, TaskPhase::Blocked, TaskPhase::Ready,
                                                        TaskPhase::Waiting, TaskPhase::Created, TaskPhase::Done,
                                                        TaskPhase::Failed,  TaskPhase::Cancelled};

// A group lane: per pixel column, the family's counts at the column's middle, stacked as bars
// (runs of columns with the same counts are one set of rectangles). Work is bounded by the
// columns plus the count points in view, never by the members.
void paintGroupBand(Ctx& c, const LaneFamily& family, const QRectF& body)
{
    const auto [t0, t1] = visibleSpan(c);
    if (family.counts.empty() || t1 < t0 || family.members.empty())
        return;
    const double total = double(family.members.size());
    const double x0 = std::max(c.g.timeToXf(t0), c.g.plotLeft() - c.g.padding());
    const double x1 = std::min(c.g.timeToXf(t1), c.g.plotRight() + c.g.padding());
    const auto& counts = family.counts;
    auto it = std::upper_bound(counts.begin(), counts.end(), TimeNs(t0),
                               [](TimeNs v, const FamilyCounts& p) { return v < p.t; });
    // The point in force at time t, moving forward only.
    const auto pointAt = [&](double t) -> const FamilyCounts* {
        while (it != counts.end() && double(it->t) <= t)
            ++it;
        return it == counts.begin() ? nullptr : &*std::prev(it);
    };
    const auto fill = [&](double a, double b, const FamilyCounts* p) {
        if (!p || b <= a)
            return;
        double y = body.bottom();
        for (TaskPhase phase : kStackOrder) {
            const int n = p->n[std::size_t(phase)];
            if (n <= 0)
                continue;
            const double h = body.height() * double(n) / total;
            fillState(c, QRectF(a, y - h, b - a, h), int(phase));
            y -= h;
        }
    };
    // A point that lasts several columns is one run; the first column also takes the point in
    // force at its start, so an instant where everything changes at once is not lost.
    double runStart = x0;
    const FamilyCounts* run = pointAt(c.g.xToTimef(x0));
    for (double x = std::floor(x0) + 1; x < x1; x += 1) {
        const FamilyCounts* p = pointAt(c.g.xToTimef(x));
        if (p != run) {
            fill(runStart, x, run);
            runStart = x;
            run = p;
        }
    }
    fill(runStart, x1, run);
}

void paintBrackets(Ctx& c, const TimelineScene& scene, const std::vector<const RowLayout*>& rowOfLane)
{
    const double u = c.l.unit;
    c.p.setRenderHint(QPainter::Antialiasing, true);
    for (const Bracket& b : scene.brackets()) {
        if (b.start > c.moment || double(b.start) > c.g.visibleEnd())
            continue;
        const auto rowOf = [&](int lane) -> const RowLayout* {
            return lane >= 0 && std::size_t(lane) < rowOfLane.size() ? rowOfLane[std::size_t(lane)] : nullptr;
        };
        const RowLayout* parent = rowOf(b.parentLane);
        double top = 1e18, bottom = -1e18;
        std::vector<double> ys;
        for (int child : b.childLanes)
            if (const RowLayout* r = rowOf(child)) {
                ys.push_back(r->rect.center().y());
                top = std::min(top, r->rect.center().y());
                bottom = std::max(bottom, r->rect.center().y());
            }
        if (ys.empty())
            continue;
        if (parent) {
            top = std::min(top, parent->rect.center().y());
            bottom = std::max(bottom, parent->rect.center().y());
        }
        const double tick = 5 * u;
        QPen pen(c.theme.mutedText, 1.3 * u);
        c.p.setPen(pen);
        c.p.setBrush(Qt::NoBrush);
        // Opening bracket just left of the wait, with a tick into every child lane.
        const double x0 = c.g.timeToX(b.start) - 3 * u;
        c.p.drawLine(QPointF(x0, top), QPointF(x0, bottom));
        const bool drawTicks = ys.size() <= 200;
        if (drawTicks)
            for (double y : ys)
                c.p.drawLine(QPointF(x0, y), QPointF(x0 + tick, y));
        if (parent)
            c.p.drawEllipse(QPointF(x0, parent->rect.center().y()), 2.2 * u, 2.2 * u);
        // The results come back when the parent resumes: the closing bracket.
        if (b.end != kOpenEnd && b.end <= c.moment) {
            const double x1 = c.g.timeToX(b.end) + 3 * u;
            c.p.drawLine(QPointF(x1, top), QPointF(x1, bottom));
            if (drawTicks)
                for (double y : ys)
                    c.p.drawLine(QPointF(x1, y), QPointF(x1 - tick, y));
            if (parent) {
                c.p.setBrush(c.theme.mutedText);
                c.p.drawEllipse(QPointF(x1, parent->rect.center().y()), 2.2 * u, 2.2 * u);
                c.p.setBrush(Qt::NoBrush);
            }
        }
    }
}

} // namespace

TimeNs TimelineRenderer::extent(const Scenes& scenes)
{
    TimeNs end = 0;
    for (const TimelineScene* s : scenes)
        end = std::max(end, s->total());
    return end;
}

TimelineLayout TimelineRenderer::layout(TimelineGeometry& g, const QRectF& target, const Scenes& scenes,
                                        const RenderOptions& o)
{
    TimelineLayout l;
    l.target = target;
    const qreal scale = std::max<qreal>(0.25, o.fontScale);
    l.unit = scale * o.basePixelSize / 13.0;
    const double u = l.unit;
    l.font = o.fontFamily.isEmpty() ? QFont() : QFont(o.fontFamily);
    l.font.setPixelSize(std::max(6, qRound(o.basePixelSize * scale)));
    l.smallFont = l.font;
    l.smallFont.setPixelSize(std::max(6, qRound(o.basePixelSize * scale * 0.85)));
    l.boldFont = l.font;
    l.boldFont.setBold(true);
    const QFontMetricsF fm(l.font), fmBold(l.boldFont), fmSmall(l.smallFont);
    const double margin = 8 * u;

    // Lane labels: as wide as the widest, within reason; longer ones are elided when painted.
    double widest = fm.horizontalAdvance(TimelineScene::tr("event loop"));
    for (const TimelineScene* s : scenes)
        for (const Lane& lane : s->lanes()) {
            if (!laneWanted(o, lane))
                continue;
            widest = std::max(widest, fm.horizontalAdvance(QString::fromStdString(lane.label)));
            if (s->laneCount() > 2000)
                break; // a hundred thousand anonymous tasks: the first ones tell the width
        }
    // Group lanes' labels, with room for the chevron in front.
    for (const TimelineScene* s : scenes)
        for (int f = 0; f < int(s->families().size()); ++f)
            if (o.groupThreshold > 0 && int(s->families()[std::size_t(f)].members.size()) >= o.groupThreshold)
                widest = std::max(widest, fm.horizontalAdvance(groupLabel(*s, f)) + 14 * u);
    const double labelWidth = std::clamp(widest + 2 * margin, 60 * u, std::max(60 * u, target.width() * 0.28));
    g.setViewport(target.left(), target.width());
    g.setLabelWidth(labelWidth);
    g.setPadding(std::max(10 * u, fmSmall.horizontalAdvance(formatSeconds(0)) / 2 + 2 * u));
    g.setLaneHeight(std::max(fm.height() * 1.45, 16 * u));
    g.setLaneGap(std::max(3.0, 4 * u));

    double y = target.top() + margin * 0.5;
    if (!o.title.isEmpty()) {
        QFont titleFont = l.boldFont;
        titleFont.setPixelSize(qRound(l.font.pixelSize() * 1.3));
        l.title = QRectF(target.left() + margin, y, target.width() - 2 * margin, QFontMetricsF(titleFont).height() * 1.4);
        y = l.title.bottom();
    }
    l.axis = QRectF(g.plotLeft() - g.padding(), y, target.right() - (g.plotLeft() - g.padding()),
                    fmSmall.height() + 10 * u);
    y = l.axis.bottom();

    double bottom = target.bottom() - margin * 0.5;
    if (!o.caption.isEmpty()) {
        const QRectF br = fm.boundingRect(QRectF(0, 0, target.width() - 2 * margin, 1e6), Qt::TextWordWrap, o.caption);
        l.caption = QRectF(target.left() + margin, bottom - br.height(), target.width() - 2 * margin, br.height());
        bottom = l.caption.top() - margin * 0.5;
    }
    if (o.legend) {
        const QRectF area(target.left() + margin, 0, target.width() - 2 * margin, 0);
        const double h = layoutLegend(nullptr, *o.theme, area, l.smallFont, u);
        l.legend = QRectF(area.left(), bottom - h, area.width(), h);
        bottom = l.legend.top() - margin * 0.5;
    }
    l.plot = QRectF(target.left(), y, target.width(), std::max(0.0, bottom - y));

    // Rows: per scene a header, then its lanes in display order; a family of many siblings is
    // one group row at its first member's place, followed by its members when expanded. With a
    // filter, a family folds only when enough of its members match.
    const NameFilter filter(o.laneFilter);
    struct Plan
    {
        std::vector<RowLayout> rows; // rects not set yet
        double units = 0;
    };
    Plan plan;
    constexpr double kGroupUnits = 2.0, kCounterUnits = 1.5;
    for (int si = 0; si < int(scenes.size()); ++si) {
        const TimelineScene& s = *scenes[std::size_t(si)];
        const auto& families = s.families();
        // Without a filter or a choice of lanes every member counts: no walk over them.
        std::vector<int> shownMembers(families.size(), 0);
        const bool narrowed = filter.active() || !o.lanes.isEmpty();
        for (std::size_t f = 0; f < families.size(); ++f) {
            if (!narrowed) {
                shownMembers[f] = int(families[f].members.size());
                continue;
            }
            for (std::int32_t m : families[f].members)
                shownMembers[f] += laneShown(o, filter, s.lane(m));
        }
        const auto folded = [&](int f) {
            return f >= 0 && o.groupThreshold > 0 && shownMembers[std::size_t(f)] >= o.groupThreshold;
        };
        plan.rows.push_back({si, -1, {}});
        for (int lane : s.displayOrder()) {
            const Lane& ln = s.lane(lane);
            const int f = ln.kind == LaneKind::Task ? s.familyOfLane(lane) : -1;
            if (folded(f)) {
                const LaneFamily& family = families[std::size_t(f)];
                if (family.members.front() != lane)
                    continue; // drawn with its group
                const bool expanded = o.expandedGroups.count({si, f}) > 0;
                plan.rows.push_back({si, -1, {}, f, expanded});
                plan.units += kGroupUnits;
                if (expanded)
                    for (std::int32_t m : family.members)
                        if (laneShown(o, filter, s.lane(m))) {
                            plan.rows.push_back({si, m, {}});
                            plan.units += 1;
                        }
                continue;
            }
            if (!laneShown(o, filter, ln))
                continue;
            plan.rows.push_back({si, lane, {}});
            plan.units += ln.kind == LaneKind::Counter ? kCounterUnits : 1.0;
        }
    }

    // A few lanes on a tall target grow (up to 2.2 times) to use the room, so a projector shows
    // bars, not slivers under empty space.
    const double headerH = fmBold.height() * 1.5;
    const double room = l.plot.height() - double(scenes.size()) * headerH;
    if (plan.units > 0 && room > plan.units * (g.laneHeight() + g.laneGap()))
        g.setLaneHeight(std::min(2.2 * g.laneHeight(), room / plan.units - g.laneGap()));
    const double laneH = g.laneHeight() + g.laneGap();
    double ry = l.plot.top() - g.scrollY();
    l.rows = std::move(plan.rows);
    for (RowLayout& r : l.rows) {
        double h = laneH;
        if (r.isHeader())
            h = headerH;
        else if (r.group >= 0)
            h = laneH * kGroupUnits;
        else if (scenes[std::size_t(r.scene)]->lane(r.lane).kind == LaneKind::Counter)
            h = laneH * kCounterUnits;
        r.rect = QRectF(target.left(), ry, target.width(), h);
        ry += h;
    }
    l.contentHeight = ry + g.scrollY() - l.plot.top();

    // Rows shorter than the room: the legend and caption follow the last row instead of sitting
    // at the bottom under an empty band, and `bottom` says where an export may end.
    l.bottom = target.bottom();
    if (l.contentHeight < l.plot.height()) {
        const double shift = l.plot.height() - l.contentHeight;
        l.plot.setHeight(l.contentHeight);
        if (!l.legend.isEmpty())
            l.legend.translate(0, -shift);
        if (!l.caption.isEmpty())
            l.caption.translate(0, -shift);
        l.bottom = target.bottom() - shift;
    }
    return l;
}

std::int64_t TimelineRenderer::counterAtMoment(const Lane& lane, int scene, const RenderOptions& options)
{
    if (scene >= 0 && std::size_t(scene) < options.eventsAtMoment.size())
        return lane.counterAfter(options.eventsAtMoment[std::size_t(scene)]);
    return lane.counterAt(options.moment);
}

QString TimelineRenderer::groupCountsText(const TimelineScene& scene, int family, TimeNs t)
{
    const LaneFamily& f = scene.families()[std::size_t(family)];
    const FamilyCounts counts = f.countsAt(t);
    QStringList parts;
    for (TaskPhase phase : kStackOrder) {
        const int n = counts.n[std::size_t(phase)];
        if (n > 0)
            parts << tr("%1 %2", "a group lane's count: how many tasks, then the state").arg(n).arg(
                         Theme::light().state(phase).name);
    }
    return parts.isEmpty() ? tr("none created yet", "a group lane before its first task") : parts.join(QStringLiteral(" · "));
}

QString TimelineRenderer::groupLabel(const TimelineScene& scene, int family)
{
    const LaneFamily& f = scene.families()[std::size_t(family)];
    return tr("%1* (%2 tasks)", "a group lane: the tasks' common name, then how many")
        .arg(QString::fromStdString(f.stem))
        .arg(f.members.size());
}

void TimelineRenderer::paint(QPainter& painter, const QRectF& target, const Scenes& scenes,
                             const TimelineGeometry& geometry, const RenderOptions& options)
{
    TimelineGeometry g = geometry;
    const TimelineLayout l = layout(g, target, scenes, options);
    const Theme& theme = *options.theme;
    Ctx c{painter, theme, g, l, options, options.moment};
    const double u = l.unit;

    painter.save();
    painter.setClipRect(target);
    painter.fillRect(target, theme.background);

    if (!l.title.isEmpty()) {
        QFont titleFont = l.boldFont;
        titleFont.setPixelSize(qRound(l.font.pixelSize() * 1.3));
        painter.setFont(titleFont);
        painter.setPen(theme.text);
        const QString title = QFontMetricsF(titleFont).elidedText(options.title, Qt::ElideRight, l.title.width());
        painter.drawText(l.title, Qt::AlignLeft | Qt::AlignVCenter, title);
    }

    const QRectF plotX(g.plotLeft() - g.padding(), l.plot.top(), g.plotRight() + g.padding() - (g.plotLeft() - g.padding()),
                       l.plot.height());
    // Rows on screen, and per scene the lane -> row map that arrows and brackets need. A lane
    // folded into a group maps to the group's row, so a wake-up from one of a hundred thousand
    // requests points at their group.
    std::vector<std::vector<const RowLayout*>> rowOfLane(scenes.size());
    for (std::size_t si = 0; si < scenes.size(); ++si)
        rowOfLane[si].assign(std::size_t(scenes[si]->laneCount()), nullptr);
    for (const RowLayout& r : l.rows) {
        if (r.lane >= 0)
            rowOfLane[std::size_t(r.scene)][std::size_t(r.lane)] = &r;
        else if (r.group >= 0 && !r.expanded)
            for (std::int32_t m : scenes[std::size_t(r.scene)]->families()[std::size_t(r.group)].members)
                rowOfLane[std::size_t(r.scene)][std::size_t(m)] = &r;
    }
    // Rows are in y order: the ones on screen are found by bisection, so a frame's work follows
    // the rows in view, not all of them.
    const auto firstVisible = std::lower_bound(l.rows.begin(), l.rows.end(), l.plot.top(),
                                               [](const RowLayout& r, double y) { return r.rect.bottom() < y; });
    const auto lastVisible = std::upper_bound(firstVisible, l.rows.end(), l.plot.bottom(),
                                              [](double y, const RowLayout& r) { return y < r.rect.top(); });
    const auto visibleRows = [&](auto&& f) {
        for (auto it = firstVisible; it != lastVisible; ++it)
            f(*it);
    };

    // Lane backgrounds in the label column and the plot.
    painter.save();
    painter.setClipRect(l.plot.intersected(target));
    visibleRows([&](const RowLayout& r) {
        if (!r.isHeader())
            painter.fillRect(laneBody(r.rect, g.laneGap()).adjusted(g.plotLeft() - g.padding() - r.rect.left(), 0, 0, 0),
                             theme.surface);
    });
    painter.restore();

    // Grid and axis, then the content, clipped to the plot so nothing runs into the labels.
    double rowsBottom = l.plot.top();
    if (!l.rows.empty())
        rowsBottom = std::max(rowsBottom, std::min(l.rows.back().rect.bottom(), l.plot.bottom()));
    painter.save();
    painter.setClipRect(QRectF(plotX.left(), l.axis.top(), plotX.width(), l.plot.bottom() - l.axis.top()));
    paintAxis(c, QRectF(plotX.left(), l.plot.top(), plotX.width(), rowsBottom - l.plot.top()));
    painter.restore();

    painter.save();
    painter.setClipRect(plotX.intersected(target));
    // Per scene: where its lanes start and end on screen (for stall bands).
    std::vector<std::pair<double, double>> span(scenes.size(), {1e18, -1e18});
    visibleRows([&](const RowLayout& r) {
        if (r.isHeader())
            return;
        auto& [top, bot] = span[std::size_t(r.scene)];
        top = std::min(top, std::max(r.rect.top(), l.plot.top()));
        bot = std::max(bot, std::min(r.rect.bottom(), l.plot.bottom()));
    });
    for (int si = 0; si < int(scenes.size()); ++si) {
        const TimelineScene& s = *scenes[std::size_t(si)];
        painter.setRenderHint(QPainter::Antialiasing, false);
        visibleRows([&](const RowLayout& r) {
            if (r.scene != si || r.isHeader())
                return;
            const QRectF body = laneBody(r.rect, g.laneGap());
            if (r.group >= 0) {
                paintGroupBand(c, s.families()[std::size_t(r.group)], body);
                return;
            }
            const Lane& lane = s.lane(r.lane);
            if (lane.kind == LaneKind::Counter)
                paintCounter(c, si, lane, body);
            else
                paintSegments(c, s, lane, body);
        });
        const auto [top, bot] = span[std::size_t(si)];
        if (top < bot)
            for (const Stall& st : s.stalls()) {
                if (st.start > c.moment)
                    continue;
                // Cut to the plot: an SVG reader may not honour the clip (issue 13, #5).
                const double x0 = std::max(g.timeToX(st.start), plotX.left());
                const double x1 = std::min(std::max(g.timeToX(std::min(st.end, c.moment)), x0 + 2 * u), plotX.right());
                if (x1 > x0)
                    painter.fillRect(QRectF(x0, top, x1 - x0, bot - top), theme.stall);
            }
        visibleRows([&](const RowLayout& r) {
            if (r.scene != si || r.lane < 0)
                return;
            const QRectF body = laneBody(r.rect, g.laneGap());
            paintMarkers(c, s, s.lane(r.lane), body, rowOfLane[std::size_t(si)]);
            if (s.lane(r.lane).kind == LaneKind::Loop)
                paintPhaseLabels(c, s.lane(r.lane), body);
        });
        paintBrackets(c, s, rowOfLane[std::size_t(si)]);
        // A group's counts at the cursor, written on its lane beside the cursor line.
        visibleRows([&](const RowLayout& r) {
            if (r.scene != si || r.group < 0)
                return;
            const TimeNs at = std::min(c.moment, s.endTime());
            const QString text = groupCountsText(s, r.group, at);
            const QFontMetricsF fs(l.smallFont);
            const QRectF body = laneBody(r.rect, g.laneGap());
            const double w = fs.horizontalAdvance(text);
            if (fs.height() > body.height() || w + 8 * u > plotX.width())
                return;
            const double cx = g.timeToX(at);
            double tx = cx + 4 * u;
            if (tx + w + 2 * u > g.plotRight())
                tx = cx - 4 * u - w;
            tx = std::clamp(tx, g.plotLeft(), g.plotRight() - w);
            const QRectF box(tx, body.top() + 1 * u, w, fs.height());
            QColor plate = theme.surface;
            plate.setAlpha(225);
            painter.fillRect(box.adjusted(-2 * u, 0, 2 * u, 0), plate);
            painter.setFont(l.smallFont);
            painter.setPen(theme.text);
            painter.drawText(box, Qt::AlignLeft | Qt::AlignVCenter, text);
        });
    }
    painter.restore();

    // Labels and headers, clipped to the rows area.
    painter.save();
    painter.setClipRect(l.plot.intersected(target));
    const QFontMetricsF fm(l.font), fmBold(l.boldFont);
    const auto paintHeader = [&](const RowLayout& r, const QRectF& rect) {
        painter.setFont(l.boldFont);
        painter.setPen(theme.text);
        const QString text = TimelineRenderer::headerText(scenes, r.scene, options);
        const double room = rect.width() - 16 * u;
        // Dropped rather than cut when it does not fit at all; elided only in its last part.
        painter.drawText(QRectF(rect.left() + 8 * u, rect.top(), room, rect.height()), Qt::AlignLeft | Qt::AlignVCenter,
                         fmBold.elidedText(text, Qt::ElideRight, room));
    };
    const double room = g.labelWidth() - 8 * u - 4 * u;
    visibleRows([&](const RowLayout& r) {
        const TimelineScene& s = *scenes[std::size_t(r.scene)];
        if (r.isHeader()) {
            paintHeader(r, r.rect);
            return;
        }
        const bool focused = r.scene == options.focusScene && r.lane == options.focusLane && r.group == options.focusGroup;
        if (focused) {
            painter.setPen(QPen(theme.accent, 1.5 * u));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(laneBody(r.rect, g.laneGap())
                                 .adjusted(2 * u, 0, 0, 0)
                                 .intersected(QRectF(r.rect.left(), r.rect.top(), g.labelWidth() - 2 * u, r.rect.height())));
        }
        QString label;
        double indent = 0;
        if (r.group >= 0) {
            // The chevron: pointing right when folded, down when open.
            const double cs = 3.5 * u, cx = r.rect.left() + 8 * u + cs, cy = r.rect.center().y();
            painter.setRenderHint(QPainter::Antialiasing, true);
            painter.setPen(Qt::NoPen);
            painter.setBrush(theme.text);
            if (r.expanded)
                painter.drawPolygon(QPolygonF({QPointF(cx - cs, cy - cs * 0.6), QPointF(cx + cs, cy - cs * 0.6),
                                               QPointF(cx, cy + cs * 0.8)}));
            else
                painter.drawPolygon(QPolygonF({QPointF(cx - cs * 0.6, cy - cs), QPointF(cx - cs * 0.6, cy + cs),
                                               QPointF(cx + cs * 0.8, cy)}));
            label = groupLabel(s, r.group);
            indent = 14 * u;
            painter.setPen(theme.text);
        } else {
            const Lane& lane = s.lane(r.lane);
            painter.setPen(lane.kind == LaneKind::Task ? theme.text : theme.mutedText);
            label = QString::fromStdString(lane.label);
            indent = lane.kind == LaneKind::Task ? 4 * u : 0;
            // Members of an open group are indented under it.
            if (lane.kind == LaneKind::Task && s.familyOfLane(r.lane) >= 0 && options.groupThreshold > 0 &&
                options.expandedGroups.count({r.scene, s.familyOfLane(r.lane)}))
                indent += 10 * u;
        }
        painter.setFont(l.font);
        if (fm.horizontalAdvance(label) <= room - indent)
            painter.drawText(QRectF(r.rect.left() + 8 * u + indent, r.rect.top(), room - indent, r.rect.height()),
                             Qt::AlignLeft | Qt::AlignVCenter, label);
        else if (room - indent > fm.averageCharWidth() * 4)
            painter.drawText(QRectF(r.rect.left() + 8 * u + indent, r.rect.top(), room - indent, r.rect.height()),
                             Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(label, Qt::ElideMiddle, room - indent));
    });
    // Sticky headers: a variant's header stays at the top while its lanes scroll under it, and is
    // pushed up by the next variant's header.
    if (firstVisible != l.rows.end()) {
        const int si = firstVisible->scene;
        // Rows are grouped by scene and each scene's first row is its header.
        const auto first = std::lower_bound(l.rows.begin(), firstVisible, si,
                                            [](const RowLayout& r, int scene) { return r.scene < scene; });
        const RowLayout* header = first != l.rows.end() && first->isHeader() ? &*first : nullptr;
        if (header && header->rect.top() < l.plot.top()) {
            double nextTop = 1e18;
            for (auto it = firstVisible; it != lastVisible; ++it)
                if (it->isHeader() && it->scene != si) {
                    nextTop = it->rect.top();
                    break;
                }
            const double top = std::min(l.plot.top(), nextTop - header->rect.height());
            const QRectF rect(header->rect.left(), top, header->rect.width(), header->rect.height());
            painter.fillRect(rect, theme.background);
            paintHeader(*header, rect);
            painter.setPen(QPen(theme.grid, 1.0 * u));
            painter.drawLine(QPointF(rect.left(), rect.bottom()), QPointF(rect.right(), rect.bottom()));
        }
    }
    painter.restore();

    // The cursor: what has happened is left of it.
    if (options.showCursor && options.moment != kOpenEnd) {
        const double x = g.timeToX(options.moment);
        if (x >= plotX.left() && x <= plotX.right()) {
            painter.setRenderHint(QPainter::Antialiasing, false);
            painter.setPen(QPen(theme.cursor, 1.5 * u));
            painter.drawLine(QPointF(x, l.axis.top() + 2 * u), QPointF(x, rowsBottom));
            const QFontMetricsF fs(l.smallFont);
            const QString text = formatSeconds(options.moment);
            const QRectF box(std::clamp(x - fs.horizontalAdvance(text) / 2 - 3 * u, plotX.left(),
                                        plotX.right() - fs.horizontalAdvance(text) - 6 * u),
                             l.axis.top() + 1 * u, fs.horizontalAdvance(text) + 6 * u, fs.height() + 2 * u);
            painter.fillRect(box, theme.cursor);
            painter.setFont(l.smallFont);
            painter.setPen(theme.background);
            painter.drawText(box, Qt::AlignCenter, text);
        }
    }

    if (options.legend && !l.legend.isEmpty())
        layoutLegend(&painter, theme, l.legend, l.smallFont, u);
    if (!l.caption.isEmpty()) {
        painter.setFont(l.font);
        painter.setPen(theme.mutedText);
        painter.drawText(l.caption, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, options.caption);
    }
    painter.restore();
}

TimelineHit TimelineRenderer::hitTest(const QPointF& point, const QRectF& target, const Scenes& scenes,
                                      const TimelineGeometry& geometry, const RenderOptions& options)
{
    TimelineGeometry g = geometry;
    const TimelineLayout l = layout(g, target, scenes, options);
    TimelineHit hit;
    hit.time = g.xToTime(point.x());
    if (!l.plot.contains(point))
        return hit;
    // The row under the point, by bisection (rows are in y order).
    const auto at = std::upper_bound(l.rows.begin(), l.rows.end(), point.y(),
                                     [](double y, const RowLayout& r) { return y < r.rect.bottom(); });
    for (auto row = at; row != l.rows.end(); ++row) {
        const RowLayout& r = *row;
        if (point.y() < r.rect.top() || point.y() >= r.rect.bottom())
            break;
        hit.scene = r.scene;
        const TimelineScene& s = *scenes[std::size_t(r.scene)];
        if (r.group >= 0) {
            hit.group = r.group;
            const TimeNs t = std::clamp<TimeNs>(hit.time, 0, std::min(options.moment, s.endTime()));
            hit.groupToggle = point.x() < g.plotLeft() - g.padding();
            hit.text = groupLabel(s, r.group) + QLatin1Char('\n') +
                       tr("at %1: ", "a group lane's tooltip: the time, then the counts").arg(formatSeconds(t)) +
                       groupCountsText(s, r.group, t);
            return hit;
        }
        if (r.lane < 0) {
            hit.header = true;
            hit.text = TimelineRenderer::headerText(scenes, r.scene, options);
            return hit;
        }
        hit.lane = r.lane;
        const Lane& lane = s.lane(r.lane);
        if (point.x() < g.plotLeft() - g.padding()) { // the label column
            hit.text = QString::fromStdString(lane.label);
            return hit;
        }
        const TimeNs moment = std::min(options.moment, kOpenEnd);
        const TimeNs t = hit.time;
        const double reach = 4 * l.unit;
        if (lane.kind == LaneKind::Counter) {
            if (t >= 0 && t <= moment && t <= s.endTime())
                hit.text = QString::fromStdString(lane.label) + tr(": %1 at %2", "counter lane: value at a time")
                                                                     .arg(lane.counterAt(t))
                                                                     .arg(formatSeconds(t));
            return hit;
        }
        if (t > moment + TimeNs(reach * g.nsPerPixel()))
            return hit; // not happened yet at the cursor
        // The segment under the point; a zero-length step drawn with its minimum width wins nearby.
        const int count = int(lane.segments.size());
        int index = lane.segmentAt(std::min(t, moment));
        const double minW = 2.5 * l.unit;
        for (int i = std::max(0, index - 6); i <= std::min(count - 1, index + 6); ++i) {
            const Segment& seg = lane.segments[std::size_t(i)];
            if (seg.start > moment || !isActive(lane.kind, seg.state))
                continue;
            const double x0 = g.timeToX(seg.start), x1 = g.timeToX(seg.endAt(moment));
            if (x1 - x0 < minW && point.x() >= x0 - reach / 2 && point.x() <= x0 + minW + reach / 2) {
                index = i;
                break;
            }
        }
        if (index >= 0) {
            const Segment& seg = lane.segments[std::size_t(index)];
            const bool thin = g.timeToX(seg.endAt(moment)) - g.timeToX(seg.start) < minW;
            // Worker lanes have gaps (idle); past a segment's end there is nothing.
            if (seg.start > moment || (!thin && seg.end != kOpenEnd && seg.end < t))
                index = -1;
        }
        hit.segment = index;
        if (index >= 0)
            hit.text = s.describe(r.lane, index, moment);
        else if (lane.kind == LaneKind::Worker && t >= 0 && t <= std::min(moment, s.endTime()))
            hit.text = QString::fromStdString(lane.label) + tr(" idle", "executor worker lane");
        // The nearest marker within reach (yield, resume, wake-up, print...).
        const double span = reach * g.nsPerPixel();
        auto it = std::lower_bound(lane.markers.begin(), lane.markers.end(), TimeNs(double(t) - span),
                                   [](const Marker& m, TimeNs v) { return m.t < v; });
        double bestDistance = 1e18;
        for (; it != lane.markers.end() && double(it->t) <= double(t) + span; ++it) {
            if (it->t > moment)
                break;
            const double d = std::abs(g.timeToX(it->t) - point.x());
            if (d < bestDistance) {
                bestDistance = d;
                hit.marker = int(it - lane.markers.begin());
            }
        }
        if (hit.marker >= 0) {
            const QString m = s.describeMarker(r.lane, lane.markers[std::size_t(hit.marker)]);
            hit.text = hit.text.isEmpty() ? m : QString(hit.text + QLatin1Char('\n') + m);
        }
        return hit;
    }
    return hit;
}

} // namespace loopscope::ui
