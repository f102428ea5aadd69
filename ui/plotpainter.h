#pragma once
// PlotPainter: the one paint path of a lesson's plot (plotdata.h), for the widget and for files
// alike. Axes with ticks in the quantity's units, a legend, the series (told apart by dash and
// marker shape as well as colour, so a printout in grey still reads), peaks marked with their
// value and time, and the point under the pointer with its values. Linear or logarithmic axes.
// PlotGeometry maps values to pixels and back, and is tested without painting.

#include "plotdata.h"
#include "theme.h"

#include <QCoreApplication>
#include <QRectF>
#include <QString>

#include <vector>

class QPainter;

namespace loopscope::ui {

struct PlotOptions
{
    const Theme* theme = &Theme::light();
    bool logX = false;          // ignored where an axis starts at zero (time)
    bool logY = false;          // values at or below zero sit on the bottom edge
    qreal fontScale = 1;        // text and marks grow with it (20 px text at 1)
    QString title;              // empty: the plot's own ("Total time against n")
    QString subtitle;           // e.g. the parameters; empty: none
    bool legend = true;
    int hoverSeries = -1;       // a point to show with its values (the pointer's, the keyboard's), or -1
    PlotPoint hoverPoint;
};

// Where values go in pixels: the plot area and the ranges its edges stand for.
struct PlotGeometry
{
    QRectF area;
    double xMin = 0, xMax = 1, yMin = 0, yMax = 1;
    bool logX = false, logY = false;

    double mapX(double x) const;
    double mapY(double y) const;
    QPointF map(const PlotPoint& p) const { return {mapX(p.x), mapY(p.y)}; }
    double unmapX(double px) const;
};

// A point of a series and the values it shows.
struct PlotHit
{
    int series = -1;
    int index = -1; // the point's index in the series (a step series: the step holding the value)
    PlotPoint point;
    bool valid() const { return series >= 0; }
};

struct PlotTick
{
    double value = 0;
    QString label; // empty: a minor tick, drawn as a grid line only
};

class PlotPainter
{
    Q_DECLARE_TR_FUNCTIONS(PlotPainter)

public:
    explicit PlotPainter(const Plot& plot) : m_plot(plot) {}

    // The plot area and ranges for a picture of `target`'s size.
    PlotGeometry layout(const QRectF& target, const PlotOptions& options) const;
    // Paints everything but the background inside `target`.
    void paint(QPainter& painter, const QRectF& target, const PlotOptions& options) const;

    // The point nearest to a pixel: a line series' nearest point; a step series' value at the
    // pointer's time, from the series nearest in height.
    PlotHit nearest(const PlotGeometry& geometry, const QPointF& pixel) const;
    // "semaphore: n = 50 took 0.50 s", "bounded: 50 in flight at 3.20 s".
    QString describe(const PlotHit& hit) const;

    QString title() const;
    QString xTitle() const;
    QString yTitle() const;

    // Ticks between lo and hi, at most about `maxCount` labelled ones; a linear axis every `step`
    // (0: a round step chosen for maxCount).
    static std::vector<PlotTick> ticks(double lo, double hi, bool log, PlotQuantity quantity, int maxCount,
                                       double step = 0);
    // A value as a readout shows it: "0.50 s", "250 ms", "10 000".
    static QString valueText(double value, PlotQuantity quantity);
    // The colour of series `index` in `theme` (the task palette, lightened on a dark background).
    static QColor seriesColor(const Theme& theme, int index);

private:
    const Plot& m_plot;
};

} // namespace loopscope::ui
