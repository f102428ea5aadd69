#pragma once
// Plot pictures as files: PNG, SVG or PDF, painted by the same PlotPainter as the widget and
// written through picturefile.h (the target checked first, the file replaced only when complete).

#include "plotdata.h"
#include "plotpainter.h"
#include "picturefile.h" // ImageFormat, the size limits: the same for every picture

#include <QSize>
#include <QString>

class QPainter;

namespace loopscope::ui {

struct PlotImageRequest
{
    ImageFormat format = ImageFormat::Png;
    QSize size{1600, 900}; // pixels (SVG: pixels at 96 dpi; PDF: the page's aspect and scale)
    PlotOptions options;   // theme, log scales, font scale, title, legend
};

// The background, then the plot: what the widget shows, laid out for `target`.
void paintPlot(QPainter& painter, const QRectF& target, const Plot& plot, const PlotOptions& options);

// Writes the picture; returns an empty string, or one line saying what went wrong (a plot of a
// lesson that has none is refused before the target is touched).
QString writePlotImage(const QString& path, const Plot& plot, const PlotImageRequest& request);

} // namespace loopscope::ui
