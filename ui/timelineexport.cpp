#include "timelineexport.h"

#include "exportfile.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

namespace loopscope::ui {

std::optional<ImageFormat> imageFormatFor(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png"))
        return ImageFormat::Png;
    if (suffix == QLatin1String("svg"))
        return ImageFormat::Svg;
    if (suffix == QLatin1String("pdf"))
        return ImageFormat::Pdf;
    return std::nullopt;
}

void paintTimeline(QPainter& painter, const QRectF& target, const TimelineRenderer::Scenes& scenes, const ImageRequest& r)
{
    TimelineGeometry geometry;
    TimelineRenderer::layout(geometry, target, scenes, r.options);
    const TimeNs end = TimelineRenderer::extent(scenes);
    const TimeNs from = r.from >= 0 ? r.from : 0;
    const TimeNs to = r.to > from ? r.to : std::max<TimeNs>(end, from + 1);
    geometry.setRange(from, to);
    geometry.fit();
    // "The end" is the run's last instant: open-ended spans stop there instead of running off.
    RenderOptions options = r.options;
    if (options.moment == kOpenEnd)
        options.moment = end;
    painter.fillRect(target, options.theme->background);
    TimelineRenderer::paint(painter, target, scenes, geometry, options);
}

int fittedImageHeight(const TimelineRenderer::Scenes& scenes, const ImageRequest& request)
{
    const int height = request.size.height();
    if (!request.fitHeight || scenes.empty())
        return height;
    TimelineGeometry geometry;
    const TimelineLayout l =
        TimelineRenderer::layout(geometry, QRectF(0, 0, request.size.width(), height), scenes, request.options);
    return std::clamp(int(std::ceil(l.bottom)), std::min(height, kMinImageSide), height);
}

namespace {

QByteArray render(const TimelineRenderer::Scenes& scenes, const ImageRequest& request, QString* error)
{
    ImageRequest r = request;
    r.size.setHeight(fittedImageHeight(scenes, request));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    const QRectF target(0, 0, r.size.width(), r.size.height());
    switch (r.format) {
    case ImageFormat::Png: {
        QImage image(r.size, QImage::Format_ARGB32_Premultiplied);
        if (image.isNull()) {
            *error = QCoreApplication::translate("TimelineExport",
                                                 "cannot make an image of %1×%2 pixels (not enough memory?)")
                         .arg(r.size.width())
                         .arg(r.size.height());
            return {};
        }
        image.setDotsPerMeterX(3780); // 96 dpi
        image.setDotsPerMeterY(3780);
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setRenderHint(QPainter::TextAntialiasing);
            paintTimeline(painter, target, scenes, r);
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
        svg.setTitle(r.options.title.isEmpty() ? QCoreApplication::translate("TimelineExport", "Loopscope timeline")
                                                : r.options.title);
        QPainter painter(&svg);
        paintTimeline(painter, target, scenes, r);
        break;
    }
    case ImageFormat::Pdf: {
        QPdfWriter pdf(&buffer);
        pdf.setResolution(96);
        pdf.setPageSize(QPageSize(QSizeF(r.size.width() / 96.0 * 72.0, r.size.height() / 96.0 * 72.0), QPageSize::Point,
                                  QString(), QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setTitle(r.options.title.isEmpty() ? QCoreApplication::translate("TimelineExport", "Loopscope timeline")
                                                : r.options.title);
        pdf.setCreator(QStringLiteral("Loopscope"));
        QPainter painter(&pdf);
        // Lay out in the requested pixel size and let the painter scale it onto the page.
        const QRect page = painter.viewport();
        painter.scale(page.width() / target.width(), page.height() / target.height());
        paintTimeline(painter, target, scenes, r);
        break;
    }
    }
    if (r.format == ImageFormat::Svg) {
        // QSvgGenerator states the size in millimetres; readers expect pixels at 96 dpi.
        const int open = int(bytes.indexOf("<svg "));
        const int close = open < 0 ? -1 : int(bytes.indexOf('\n', open));
        if (open >= 0 && close > open)
            bytes.replace(open, close - open,
                          QStringLiteral("<svg width=\"%1px\" height=\"%2px\"")
                              .arg(r.size.width())
                              .arg(r.size.height())
                              .toUtf8());
    }
    return bytes;
}

} // namespace

QString writeTimelineImage(const QString& path, const TimelineRenderer::Scenes& scenes, const ImageRequest& request)
{
    if (request.size.width() < kMinImageSide || request.size.height() < kMinImageSide ||
        request.size.width() > kMaxImageSide || request.size.height() > kMaxImageSide)
        return QCoreApplication::translate("TimelineExport",
                   "image size %1×%2 is out of range; width and height must be %3 to %4 pixels")
            .arg(request.size.width())
            .arg(request.size.height())
            .arg(kMinImageSide)
            .arg(kMaxImageSide);
    // The target is checked before the picture is painted; the picture is bounded by its pixels.
    return writeExport(path, [&](QIODevice& device) -> QString {
        QString error;
        const QByteArray bytes = render(scenes, request, &error);
        if (!error.isEmpty())
            return error;
        if (bytes.isEmpty())
            return QCoreApplication::translate("TimelineExport", "nothing was rendered");
        device.write(bytes);
        return {};
    });
}

} // namespace loopscope::ui
