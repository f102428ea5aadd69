#include "plotexport.h"

#include "exportfile.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

namespace loopscope::ui {

void paintPlot(QPainter& painter, const QRectF& target, const Plot& plot, const PlotOptions& options)
{
    painter.fillRect(target, options.theme->background);
    PlotPainter(plot).paint(painter, target, options);
}

namespace {

// The same three devices as the timeline's export (timelineexport.cpp), each given the same paint.
QByteArray render(const Plot& plot, const PlotImageRequest& r, QString* error)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    const QRectF target(0, 0, r.size.width(), r.size.height());
    const QString title = r.options.title.isEmpty() ? PlotPainter(plot).title() : r.options.title;
    switch (r.format) {
    case ImageFormat::Png: {
        QImage image(r.size, QImage::Format_ARGB32_Premultiplied);
        if (image.isNull()) {
            *error = QCoreApplication::translate("PlotExport", "cannot make an image of %1×%2 pixels (not enough memory?)")
                         .arg(r.size.width())
                         .arg(r.size.height());
            return {};
        }
        image.setDotsPerMeterX(3780); // 96 dpi
        image.setDotsPerMeterY(3780);
        {
            QPainter painter(&image);
            paintPlot(painter, target, plot, r.options);
        }
        image.save(&buffer, "PNG");
        break;
    }
    case ImageFormat::Svg: {
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(r.size);
        svg.setViewBox(target);
        svg.setResolution(96);
        svg.setTitle(title);
        QPainter painter(&svg);
        paintPlot(painter, target, plot, r.options);
        break;
    }
    case ImageFormat::Pdf: {
        QPdfWriter pdf(&buffer);
        pdf.setResolution(96);
        pdf.setPageSize(QPageSize(QSizeF(r.size.width() / 96.0 * 72.0, r.size.height() / 96.0 * 72.0), QPageSize::Point,
                                  QString(), QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setTitle(title);
        pdf.setCreator(QStringLiteral("Loopscope"));
        QPainter painter(&pdf);
        // Laid out in the requested pixels, scaled onto the page.
        const QRect page = painter.viewport();
        painter.scale(page.width() / target.width(), page.height() / target.height());
        paintPlot(painter, target, plot, r.options);
        break;
    }
    }
    if (r.format == ImageFormat::Svg) {
        // QSvgGenerator states the size in millimetres; readers expect pixels at 96 dpi.
        const int open = int(bytes.indexOf("<svg "));
        const int close = open < 0 ? -1 : int(bytes.indexOf('\n', open));
        if (open >= 0 && close > open)
            bytes.replace(open, close - open,
                          QStringLiteral("<svg width=\"%1px\" height=\"%2px\"").arg(r.size.width()).arg(r.size.height()).toUtf8());
    }
    return bytes;
}

} // namespace

QString writePlotImage(const QString& path, const Plot& plot, const PlotImageRequest& request)
{
    if (plot.kind == PlotKind::None)
        return QCoreApplication::translate("PlotExport", "this lesson has no plot");
    if (request.size.width() < kMinImageSide || request.size.height() < kMinImageSide ||
        request.size.width() > kMaxImageSide || request.size.height() > kMaxImageSide)
        return QCoreApplication::translate("PlotExport",
                                           "image size %1×%2 is out of range; width and height must be %3 to %4 pixels")
            .arg(request.size.width())
            .arg(request.size.height())
            .arg(kMinImageSide)
            .arg(kMaxImageSide);
    return writeExport(path, [&](QIODevice& device) -> QString {
        QString error;
        const QByteArray bytes = render(plot, request, &error);
        if (!error.isEmpty())
            return error;
        if (bytes.isEmpty())
            return QCoreApplication::translate("PlotExport", "nothing was rendered");
        device.write(bytes);
        return {};
    });
}

} // namespace loopscope::ui
