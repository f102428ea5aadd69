#include "plotexport.h"

#include <QCoreApplication>
#include <QPainter>

namespace loopscope::ui {

void paintPlot(QPainter& painter, const QRectF& target, const Plot& plot, const PlotOptions& options)
{
    painter.fillRect(target, options.theme->background);
    PlotPainter(plot).paint(painter, target, options);
}

QString writePlotImage(const QString& path, const Plot& plot, const PlotImageRequest& request)
{
    if (plot.kind == PlotKind::None)
        return QCoreApplication::translate("PlotExport", "this lesson has no plot");
    const QString title = request.options.title.isEmpty() ? PlotPainter(plot).title() : request.options.title;
    return writePicture(path, request.format, request.size, title, [&](QPainter& painter, const QRectF& target) {
        paintPlot(painter, target, plot, request.options);
    });
}

} // namespace loopscope::ui
