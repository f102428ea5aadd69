#include "plotpainter.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace loopscope::ui {

namespace {

constexpr double kBaseText = 20; // pixels at font scale 1: legible from the back of a classroom

// The power of ten at or below v, where a log axis starts.
double decadeBelow(double v)
{
    return std::pow(10.0, std::floor(std::log10(v) + 1e-9));
}

// 1, 2 or 5 times a power of ten, at least `raw`.
double niceStep(double raw)
{
    const double decade = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * decade >= raw * (1 - 1e-9))
            return m * decade;
    return 10 * decade;
}

// "100000" -> "100 000" (a thin space), so large n read at a glance; the same in every locale.
QString grouped(long long v)
{
    QString digits = QString::number(v < 0 ? -v : v);
    for (int i = int(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(i, QChar(0x2009));
    return v < 0 ? QLatin1Char('-') + digits : digits;
}

QString withUnit(const QString& number, int unit) // 0 s, 1 ms, 2 µs
{
    switch (unit) {
    case 1: return PlotPainter::tr("%1 ms", "milliseconds").arg(number);
    case 2: return PlotPainter::tr("%1 µs", "microseconds").arg(number);
    default: return PlotPainter::tr("%1 s", "seconds").arg(number);
    }
}

int unitFor(double seconds)
{
    const double a = std::abs(seconds);
    return a >= 1 || a == 0 ? 0 : a >= 1e-3 ? 1 : 2;
}

double inUnit(double seconds, int unit)
{
    return seconds * (unit == 0 ? 1 : unit == 1 ? 1e3 : 1e6);
}

// A number with the decimals its tick step needs ("0.5", "2", "12.5").
QString plainNumber(double v, int decimals)
{
    if (decimals <= 0 && std::abs(v) < 1e15)
        return grouped(std::llround(v));
    return QString::number(v, 'f', decimals);
}

struct Extent
{
    bool any = false;
    double xMax = 0, yMax = 0;
    double xPos = 0, yPos = 0; // smallest value above zero (log axes), 0: none
    double xMin = 0;
};

Extent extentOf(const Plot& plot)
{
    Extent e;
    auto take = [&](const PlotPoint& p) {
        if (!e.any) {
            e.xMin = p.x;
            e.any = true;
        }
        e.xMin = std::min(e.xMin, p.x);
        e.xMax = std::max(e.xMax, p.x);
        e.yMax = std::max(e.yMax, p.y);
        if (p.x > 0)
            e.xPos = e.xPos > 0 ? std::min(e.xPos, p.x) : p.x;
        if (p.y > 0)
            e.yPos = e.yPos > 0 ? std::min(e.yPos, p.y) : p.y;
    };
    for (const PlotSeries& s : plot.series) {
        for (const PlotPoint& p : s.points)
            take(p);
        if (s.hasPeak)
            take(s.peak);
    }
    return e;
}

// A linear axis from zero to a little past `hi`, so the highest point and its label stand clear of
// the frame without a whole empty step above them; returns the tick step.
double linearRange(double hi, PlotQuantity q, int count, double headroom, double& lo, double& top)
{
    lo = 0;
    if (hi <= 0)
        hi = 1;
    top = hi * headroom;
    double step = niceStep(top / std::max(1, count));
    if (q == PlotQuantity::Count)
        step = std::max(step, 1.0);
    return step;
}

// A log axis from a little below the smallest value to a little past the largest, so a flat line
// at the smallest value does not hide in the axis.
void logRange(double smallest, double largest, double headroom, double& lo, double& hi)
{
    largest = std::max(largest, decadeBelow(smallest) * 10);
    const double margin = std::pow(largest / smallest, headroom);
    lo = smallest / margin;
    hi = largest * margin;
}

// Everything the painter and the hit test agree on: the geometry, the ticks, the fonts.
struct Frame
{
    PlotGeometry g;
    std::vector<PlotTick> xTicks, yTicks;
    QFont text, small, titleFont;
    double pad = 0, tickLength = 0, lineWidth = 0, marker = 0;
    QRectF titleRect, subtitleRect, legendRect;
    QString title;
    std::vector<QRectF> legendItems; // one per series
};

Frame frameFor(const PlotPainter& painter, const Plot& plot, const QRectF& target, const PlotOptions& o)
{
    Frame f;
    const double s = std::max<qreal>(0.25, o.fontScale);
    f.text.setPixelSize(std::max(6, int(std::lround(kBaseText * s))));
    f.small = f.text;
    f.small.setPixelSize(std::max(6, int(std::lround(kBaseText * 0.9 * s))));
    f.titleFont = f.text;
    f.titleFont.setPixelSize(std::max(7, int(std::lround(kBaseText * 1.35 * s))));
    f.titleFont.setBold(true);
    f.pad = 12 * s;
    f.tickLength = 6 * s;
    f.lineWidth = 3 * s;
    f.marker = 7 * s;
    const QFontMetricsF fm(f.text), tm(f.titleFont), sm(f.small);

    // Top: title, subtitle, legend (wrapped onto as many rows as it needs).
    double y = target.top() + f.pad;
    f.title = o.title.isEmpty() ? painter.title() : o.title;
    f.titleRect = QRectF(target.left() + f.pad, y, target.width() - 2 * f.pad, tm.height());
    y += tm.height();
    if (!o.subtitle.isEmpty()) {
        f.subtitleRect = QRectF(target.left() + f.pad, y, target.width() - 2 * f.pad, sm.height());
        y += sm.height();
    }
    y += f.pad * 0.5;
    if (o.legend && !plot.series.empty()) {
        const double sample = 44 * s;
        double x = target.left() + f.pad;
        const double right = target.right() - f.pad;
        const double rowTop = y;
        for (const PlotSeries& series : plot.series) {
            const double w = sample + f.pad * 0.5 + fm.horizontalAdvance(QString::fromStdString(series.name));
            if (x + w > right && x > target.left() + f.pad) {
                x = target.left() + f.pad;
                y += fm.height() * 1.2;
            }
            f.legendItems.emplace_back(x, y, w, fm.height());
            x += w + 2 * f.pad;
        }
        y += fm.height() * 1.2;
        f.legendRect = QRectF(target.left(), rowTop, target.width(), y - rowTop);
    }
    // Room for half the top tick's label, so it never touches the legend.
    const double top = y + f.pad * 0.5 + fm.height() / 2;

    // Ranges.
    const Extent e = extentOf(plot);
    PlotGeometry& g = f.g;
    g.logX = o.logX && e.any && e.xMin > 0;
    g.logY = o.logY && e.yPos > 0;
    const double bottomSpace = f.tickLength + fm.height() + f.pad * 0.5 + fm.height() + f.pad;
    const double roughHeight = std::max(40.0, target.bottom() - bottomSpace - top);
    const int yCount = std::clamp(int(roughHeight / (fm.height() * 2.2)), 2, 10);
    double yStep = 0, xStep = 0;
    if (g.logY) {
        // Counts start from one: a single fetch in flight is still on the plot.
        logRange(plot.yQuantity == PlotQuantity::Count ? std::min(1.0, e.yPos) : e.yPos, e.yMax, 0.06, g.yMin, g.yMax);
    } else {
        yStep = linearRange(e.yMax, plot.yQuantity, yCount, 1.06, g.yMin, g.yMax);
    }
    f.yTicks = PlotPainter::ticks(g.yMin, g.yMax, g.logY, plot.yQuantity, yCount, yStep);

    double labelWidth = 0;
    for (const PlotTick& t : f.yTicks)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(t.label));
    const double left = target.left() + f.pad + fm.height() + f.pad + labelWidth + f.tickLength + f.pad * 0.5;
    const double right = target.right() - f.pad - fm.horizontalAdvance(QStringLiteral("00000")) / 2;
    const double bottom = target.bottom() - bottomSpace;
    g.area = QRectF(QPointF(left, top), QPointF(std::max(left + 10, right), std::max(top + 10, bottom)));

    const int xCount = std::clamp(int(g.area.width() / (fm.horizontalAdvance(QStringLiteral("0000 ms")) * 1.6)), 2, 12);
    if (g.logX) {
        logRange(e.xMin, e.xMax, 0.03, g.xMin, g.xMax);
    } else {
        xStep = linearRange(e.xMax, plot.xQuantity, xCount, 1.03, g.xMin, g.xMax);
    }
    f.xTicks = PlotPainter::ticks(g.xMin, g.xMax, g.logX, plot.xQuantity, xCount, xStep);
    return f;
}

void drawMarker(QPainter& p, const QPointF& at, int shape, double r)
{
    switch (shape % 4) {
    case 0: p.drawEllipse(at, r, r); break;
    case 1: p.drawRect(QRectF(at.x() - r * 0.9, at.y() - r * 0.9, 1.8 * r, 1.8 * r)); break;
    case 2: {
        const QPointF tri[3] = {{at.x(), at.y() - r * 1.15}, {at.x() - r * 1.1, at.y() + r * 0.8}, {at.x() + r * 1.1, at.y() + r * 0.8}};
        p.drawPolygon(tri, 3);
        break;
    }
    default: {
        const QPointF dia[4] = {{at.x(), at.y() - r * 1.3}, {at.x() + r * 1.1, at.y()}, {at.x(), at.y() + r * 1.3}, {at.x() - r * 1.1, at.y()}};
        p.drawPolygon(dia, 4);
        break;
    }
    }
}

Qt::PenStyle dashFor(int index)
{
    static const Qt::PenStyle styles[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine};
    return styles[index % 4];
}

// A step series as a path; with far more steps than pixel columns, one column's steps become a
// vertical stroke from their lowest to their highest value (what the eye could see anyway).
QPainterPath stepPath(const PlotSeries& s, const PlotGeometry& g)
{
    QPainterPath path;
    if (s.points.empty())
        return path;
    const bool dense = double(s.points.size()) > 2 * g.area.width();
    QPointF last = g.map(s.points.front());
    path.moveTo(last);
    double column = std::floor(last.x());
    double lo = last.y(), hi = last.y();
    for (std::size_t i = 1; i < s.points.size(); ++i) {
        const QPointF at = g.map(s.points[i]);
        if (dense && std::floor(at.x()) == column) {
            lo = std::min(lo, at.y());
            hi = std::max(hi, at.y());
            last = at;
            continue;
        }
        if (dense && lo != hi) {
            path.lineTo(last.x(), lo);
            path.lineTo(last.x(), hi);
            path.lineTo(last);
        }
        path.lineTo(at.x(), last.y());
        path.lineTo(at);
        last = at;
        column = std::floor(at.x());
        lo = hi = at.y();
    }
    return path;
}

} // namespace

double PlotGeometry::mapX(double x) const
{
    double f = 0;
    if (logX)
        f = x <= 0 ? 0 : (std::log10(x) - std::log10(xMin)) / (std::log10(xMax) - std::log10(xMin));
    else
        f = (x - xMin) / (xMax - xMin);
    return area.left() + f * area.width();
}

double PlotGeometry::mapY(double y) const
{
    double f = 0;
    if (logY)
        f = y <= yMin ? 0 : (std::log10(y) - std::log10(yMin)) / (std::log10(yMax) - std::log10(yMin));
    else
        f = (y - yMin) / (yMax - yMin);
    return area.bottom() - f * area.height();
}

double PlotGeometry::unmapX(double px) const
{
    const double f = (px - area.left()) / std::max(1e-9, area.width());
    if (logX)
        return std::pow(10.0, std::log10(xMin) + f * (std::log10(xMax) - std::log10(xMin)));
    return xMin + f * (xMax - xMin);
}

QString PlotPainter::title() const
{
    switch (m_plot.kind) {
    case PlotKind::Complexity: return tr("Total time against n");
    case PlotKind::InFlight: return tr("Fetches in flight over time");
    case PlotKind::None: break;
    }
    return tr("No plot for this lesson");
}

QString PlotPainter::xTitle() const
{
    return m_plot.kind == PlotKind::Complexity ? tr("n (fetches in the run)") : tr("time");
}

QString PlotPainter::yTitle() const
{
    return m_plot.kind == PlotKind::Complexity ? tr("total time") : tr("fetches in flight");
}

QColor PlotPainter::seriesColor(const Theme& theme, int index)
{
    const QColor c = theme.taskColors[std::size_t(index) % theme.taskColors.size()];
    return theme.background.lightness() < 128 ? c.lighter(135) : c;
}

std::vector<PlotTick> PlotPainter::ticks(double lo, double hi, bool log, PlotQuantity q, int maxCount, double step)
{
    std::vector<PlotTick> out;
    maxCount = std::max(2, maxCount);
    if (!(hi > lo))
        return out;
    if (log) {
        const int first = int(std::floor(std::log10(lo) + 1e-9)), last = int(std::ceil(std::log10(hi) - 1e-9));
        const int decades = std::max(1, last - first);
        const int every = std::max(1, int(std::ceil(double(decades + 1) / maxCount)));
        // With few decades the 2s and 5s are labelled too; with many, only some decades are.
        const bool labelMinor = decades * 3 <= maxCount;
        for (int d = first; d <= last; ++d) {
            for (double m : {1.0, 2.0, 5.0}) {
                const double v = m * std::pow(10.0, d);
                if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9))
                    continue;
                const bool labelled = m == 1.0 ? (d - first) % every == 0 : labelMinor;
                QString label;
                if (labelled) {
                    if (q == PlotQuantity::Seconds) {
                        const int unit = unitFor(v);
                        label = withUnit(plainNumber(inUnit(v, unit), 0), unit);
                    } else {
                        label = v >= 1 ? grouped(std::llround(v)) : QString::number(v, 'g', 3);
                    }
                }
                if (m != 1.0 && decades > 6)
                    continue; // too dense to draw at all
                out.push_back({v, label});
            }
        }
        return out;
    }
    if (!(step > 0))
        step = niceStep((hi - lo) / maxCount);
    if (q == PlotQuantity::Count)
        step = std::max(step, 1.0);
    const int unit = q == PlotQuantity::Seconds ? unitFor(hi) : 0;
    const double shownStep = q == PlotQuantity::Seconds ? inUnit(step, unit) : step;
    const int decimals = std::max(0, -int(std::floor(std::log10(shownStep) + 1e-9)));
    // Counted, not stepped: i * step does not drift the way adding a step would.
    const long long first = std::llround(std::ceil(lo / step - 1e-9)), last = std::llround(std::floor(hi / step + 1e-9));
    for (long long i = first; i <= last; ++i) {
        const double v = double(i) * step;
        const QString number = plainNumber(q == PlotQuantity::Seconds ? inUnit(v, unit) : v, decimals);
        out.push_back({v, q == PlotQuantity::Seconds ? withUnit(number, unit) : number});
    }
    return out;
}

QString PlotPainter::valueText(double v, PlotQuantity q)
{
    if (q == PlotQuantity::Count)
        return std::abs(v - std::round(v)) < 1e-9 ? grouped(std::llround(v)) : QString::number(v, 'f', 2);
    // Two decimals of a second, as the listings print times; three figures below a hundredth.
    if (std::abs(v) >= 0.01 || v == 0)
        return withUnit(QString::number(v, 'f', 2), 0);
    const int unit = std::abs(v) >= 1e-3 ? 1 : 2;
    const double shown = inUnit(v, unit);
    const int decimals = std::max(0, 2 - int(std::floor(std::log10(std::max(1e-9, std::abs(shown))))));
    return withUnit(QString::number(shown, 'f', decimals), unit);
}

PlotGeometry PlotPainter::layout(const QRectF& target, const PlotOptions& options) const
{
    return frameFor(*this, m_plot, target, options).g;
}

PlotHit PlotPainter::nearest(const PlotGeometry& g, const QPointF& pixel) const
{
    PlotHit best;
    double bestDistance = 0;
    for (int si = 0; si < int(m_plot.series.size()); ++si) {
        const PlotSeries& s = m_plot.series[std::size_t(si)];
        if (s.points.empty())
            continue;
        if (s.steps) {
            // The value at the pointer's time (clamped to the series' span).
            const double x = std::clamp(g.unmapX(pixel.x()), s.points.front().x, s.points.back().x);
            auto it = std::upper_bound(s.points.begin(), s.points.end(), x,
                                       [](double value, const PlotPoint& p) { return value < p.x; });
            const int index = std::max(0, int(it - s.points.begin()) - 1);
            const PlotPoint at{x, s.points[std::size_t(index)].y};
            const double d = std::abs(g.mapY(at.y) - pixel.y());
            if (!best.valid() || d < bestDistance) {
                best = {si, index, at};
                bestDistance = d;
            }
            continue;
        }
        for (int i = 0; i < int(s.points.size()); ++i) {
            const QPointF p = g.map(s.points[std::size_t(i)]);
            const double d = std::hypot(p.x() - pixel.x(), p.y() - pixel.y());
            if (!best.valid() || d < bestDistance) {
                best = {si, i, s.points[std::size_t(i)]};
                bestDistance = d;
            }
        }
    }
    return best;
}

QString PlotPainter::describe(const PlotHit& hit) const
{
    if (!hit.valid() || hit.series >= int(m_plot.series.size()))
        return {};
    const QString name = QString::fromStdString(m_plot.series[std::size_t(hit.series)].name);
    if (m_plot.kind == PlotKind::Complexity)
        return tr("%1: n = %2 took %3", "series: n and its total time")
            .arg(name, valueText(hit.point.x, PlotQuantity::Count), valueText(hit.point.y, PlotQuantity::Seconds));
    return tr("%1: %2 in flight at %3", "series: a count and when")
        .arg(name, valueText(hit.point.y, PlotQuantity::Count), valueText(hit.point.x, PlotQuantity::Seconds));
}

void PlotPainter::paint(QPainter& p, const QRectF& target, const PlotOptions& o) const
{
    const Frame f = frameFor(*this, m_plot, target, o);
    const PlotGeometry& g = f.g;
    const Theme& theme = *o.theme;
    const QFontMetricsF fm(f.text);
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);

    // Title and subtitle.
    p.setPen(theme.text);
    p.setFont(f.titleFont);
    p.drawText(f.titleRect, Qt::AlignLeft | Qt::AlignVCenter, QFontMetricsF(f.titleFont).elidedText(f.title, Qt::ElideRight, f.titleRect.width()));
    if (!o.subtitle.isEmpty()) {
        p.setPen(theme.mutedText);
        p.setFont(f.small);
        p.drawText(f.subtitleRect, Qt::AlignLeft | Qt::AlignVCenter, o.subtitle);
    }

    // The plot area, its grid and axes (straight lines: no antialiasing).
    p.setRenderHint(QPainter::Antialiasing, false);
    p.fillRect(g.area, theme.surface);
    p.setFont(f.text);
    const double gridWidth = std::max(1.0, o.fontScale);
    for (const PlotTick& t : f.yTicks) {
        const double y = std::round(g.mapY(t.value));
        p.setPen(QPen(theme.grid, t.label.isEmpty() ? gridWidth * 0.6 : gridWidth));
        p.drawLine(QPointF(g.area.left(), y), QPointF(g.area.right(), y));
        if (t.label.isEmpty())
            continue;
        p.setPen(QPen(theme.axis, gridWidth));
        p.drawLine(QPointF(g.area.left() - f.tickLength, y), QPointF(g.area.left(), y));
        p.setPen(theme.text);
        const QRectF box(target.left(), y - fm.height() / 2, g.area.left() - f.tickLength - f.pad * 0.5 - target.left(), fm.height());
        p.drawText(box, Qt::AlignRight | Qt::AlignVCenter, t.label);
    }
    for (const PlotTick& t : f.xTicks) {
        const double x = std::round(g.mapX(t.value));
        p.setPen(QPen(theme.grid, t.label.isEmpty() ? gridWidth * 0.6 : gridWidth));
        p.drawLine(QPointF(x, g.area.top()), QPointF(x, g.area.bottom()));
        if (t.label.isEmpty())
            continue;
        p.setPen(QPen(theme.axis, gridWidth));
        p.drawLine(QPointF(x, g.area.bottom()), QPointF(x, g.area.bottom() + f.tickLength));
        p.setPen(theme.text);
        const double w = fm.horizontalAdvance(t.label);
        p.drawText(QRectF(x - w / 2 - 2, g.area.bottom() + f.tickLength, w + 4, fm.height()), Qt::AlignCenter, t.label);
    }
    p.setPen(QPen(theme.axis, gridWidth * 1.5));
    p.drawLine(g.area.bottomLeft(), g.area.bottomRight());
    p.drawLine(g.area.bottomLeft(), g.area.topLeft());

    // Axis titles: x centred below its labels, y turned up the left edge.
    p.setPen(theme.mutedText);
    QString xt = xTitle(), yt = yTitle();
    if (g.logX)
        xt = tr("%1, logarithmic", "axis title").arg(xt);
    if (g.logY)
        yt = tr("%1, logarithmic", "axis title").arg(yt);
    p.drawText(QRectF(g.area.left(), g.area.bottom() + f.tickLength + fm.height() + f.pad * 0.25, g.area.width(), fm.height()),
               Qt::AlignCenter, xt);
    p.save();
    p.translate(target.left() + f.pad, g.area.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-g.area.height() / 2, 0, g.area.height(), fm.height()), Qt::AlignCenter, yt);
    p.restore();

    // Series, clipped to the area (markers may reach a little past its edge).
    p.setRenderHint(QPainter::Antialiasing, true);
    p.save();
    p.setClipRect(g.area.adjusted(-f.marker * 1.5, -f.marker * 1.5, f.marker * 1.5, f.marker * 1.5));
    for (int si = 0; si < int(m_plot.series.size()); ++si) {
        const PlotSeries& s = m_plot.series[std::size_t(si)];
        if (s.points.empty())
            continue;
        const QColor colour = seriesColor(theme, si);
        QPen pen(colour, f.lineWidth, dashFor(si), Qt::FlatCap, Qt::MiterJoin);
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        if (s.steps) {
            p.drawPath(stepPath(s, g));
        } else {
            QPainterPath path;
            path.moveTo(g.map(s.points.front()));
            for (std::size_t i = 1; i < s.points.size(); ++i)
                path.lineTo(g.map(s.points[i]));
            p.drawPath(path);
            if (s.points.size() <= 400) {
                p.setPen(QPen(theme.surface, f.lineWidth * 0.5));
                p.setBrush(colour);
                for (const PlotPoint& pt : s.points)
                    drawMarker(p, g.map(pt), si, f.marker);
            }
        }
    }
    p.restore();

    // Peaks: a marker and "peak 50 at 0.00 s", kept inside the area and clear of each other.
    p.setFont(f.text);
    std::vector<QRectF> placed;
    for (int si = 0; si < int(m_plot.series.size()); ++si) {
        const PlotSeries& s = m_plot.series[std::size_t(si)];
        if (!s.hasPeak)
            continue;
        const QColor colour = seriesColor(theme, si);
        const QPointF at = g.map(s.peak);
        p.setPen(QPen(theme.text, f.lineWidth * 0.5));
        p.setBrush(colour);
        drawMarker(p, at, 3, f.marker * 1.2);
        const QString label = tr("%1 peak: %2 at %3", "series, the highest count and when")
                                  .arg(QString::fromStdString(s.name), valueText(s.peak.y, PlotQuantity::Count),
                                       valueText(s.peak.x, PlotQuantity::Seconds));
        const double w = fm.horizontalAdvance(label) + f.pad, h = fm.height() * 1.15;
        // Above and right of the peak, clear of the line that runs on from it.
        QRectF box(at.x() + f.marker * 1.2, at.y() - h - f.marker * 0.8, w, h);
        if (box.right() > g.area.right())
            box.moveRight(at.x() - f.marker * 1.2);
        if (box.top() < g.area.top())
            box.moveTop(at.y() + f.marker * 1.5);
        if (box.top() < g.area.top())
            box.moveTop(g.area.top() + 2);
        if (box.bottom() > g.area.bottom())
            box.moveBottom(g.area.bottom() - 2);
        for (bool moved = true; moved;) {
            moved = false;
            for (const QRectF& other : placed)
                if (box.intersects(other)) {
                    box.moveTop(other.bottom() + 2);
                    moved = true;
                }
        }
        placed.push_back(box);
        QColor back = theme.surface;
        back.setAlpha(225);
        p.setPen(QPen(colour, gridWidth));
        p.setBrush(back);
        p.drawRoundedRect(box, 4, 4);
        p.setPen(theme.text);
        p.drawText(box, Qt::AlignCenter, label);
    }

    // Legend: a sample of each series' line and marker, then its name.
    for (int si = 0; si < int(f.legendItems.size()); ++si) {
        const QRectF item = f.legendItems[std::size_t(si)];
        const PlotSeries& s = m_plot.series[std::size_t(si)];
        const QColor colour = seriesColor(theme, si);
        const double sample = 44 * std::max<qreal>(0.25, o.fontScale);
        const double y = item.center().y();
        p.setPen(QPen(colour, f.lineWidth, dashFor(si), Qt::FlatCap));
        p.drawLine(QPointF(item.left(), y), QPointF(item.left() + sample, y));
        if (!s.steps) {
            p.setPen(QPen(theme.surface, f.lineWidth * 0.5));
            p.setBrush(colour);
            drawMarker(p, QPointF(item.left() + sample / 2, y), si, f.marker);
        }
        p.setPen(theme.text);
        p.drawText(QRectF(item.left() + sample + f.pad * 0.5, item.top(), item.width(), item.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, QString::fromStdString(s.name));
    }

    // The point under the pointer, and its values in a box beside it.
    if (o.hoverSeries >= 0 && o.hoverSeries < int(m_plot.series.size())) {
        const PlotHit hit{o.hoverSeries, -1, o.hoverPoint};
        const QPointF at = g.map(o.hoverPoint);
        const QColor colour = seriesColor(theme, o.hoverSeries);
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(theme.cursor, f.lineWidth * 0.8));
        p.drawEllipse(at, f.marker * 1.9, f.marker * 1.9);
        const QString label = describe(hit);
        const double w = fm.horizontalAdvance(label) + 2 * f.pad, h = fm.height() * 1.4;
        QRectF box(at.x() + f.marker * 2.5, at.y() - h - f.marker, w, h);
        if (box.right() > target.right() - 2)
            box.moveRight(at.x() - f.marker * 2.5);
        if (box.left() < target.left() + 2)
            box.moveLeft(target.left() + 2);
        if (box.top() < target.top() + 2)
            box.moveTop(at.y() + f.marker * 2);
        p.setPen(QPen(colour, gridWidth * 1.5));
        p.setBrush(theme.surface);
        p.drawRoundedRect(box, 5, 5);
        p.setPen(theme.text);
        p.drawText(box, Qt::AlignCenter, label);
    }

    if (!m_plot.hasPoints()) {
        p.setPen(theme.mutedText);
        p.drawText(g.area, Qt::AlignCenter | Qt::TextWordWrap,
                   m_plot.kind == PlotKind::None ? title() : tr("No points yet: play the run to see them appear"));
    }
    p.restore();
}

} // namespace loopscope::ui
