#include "picturefile.h"

#include "exportfile.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

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

QString checkPictureSize(QSize size)
{
    if (size.width() >= kMinImageSide && size.height() >= kMinImageSide && size.width() <= kMaxImageSide &&
        size.height() <= kMaxImageSide)
        return {};
    return QCoreApplication::translate("PictureFile", "image size %1×%2 is out of range; width and height must be %3 to %4 pixels")
        .arg(size.width())
        .arg(size.height())
        .arg(kMinImageSide)
        .arg(kMaxImageSide);
}

QByteArray renderPicture(ImageFormat format, QSize size, const QString& title, const PaintPicture& paint, QString* error)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    const QRectF target(0, 0, size.width(), size.height());
    switch (format) {
    case ImageFormat::Png: {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        if (image.isNull()) {
            *error = QCoreApplication::translate("PictureFile", "cannot make an image of %1×%2 pixels (not enough memory?)")
                         .arg(size.width())
                         .arg(size.height());
            return {};
        }
        image.setDotsPerMeterX(3780); // 96 dpi
        image.setDotsPerMeterY(3780);
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setRenderHint(QPainter::TextAntialiasing);
            paint(painter, target);
        }
        image.save(&buffer, "PNG");
        break;
    }
    case ImageFormat::Svg: {
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(size);
        svg.setViewBox(target);
        svg.setResolution(96);
        svg.setTitle(title);
        QPainter painter(&svg);
        paint(painter, target);
        break;
    }
    case ImageFormat::Pdf: {
        QPdfWriter pdf(&buffer);
        pdf.setResolution(96);
        pdf.setPageSize(QPageSize(QSizeF(size.width() / 96.0 * 72.0, size.height() / 96.0 * 72.0), QPageSize::Point,
                                  QString(), QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setTitle(title);
        pdf.setCreator(QStringLiteral("Loopscope"));
        QPainter painter(&pdf);
        // Laid out in the requested pixels, and scaled onto the page by the painter.
        const QRect page = painter.viewport();
        painter.scale(page.width() / target.width(), page.height() / target.height());
        paint(painter, target);
        break;
    }
    }
    if (format == ImageFormat::Svg) {
        // QSvgGenerator states the size in millimetres; readers expect pixels at 96 dpi.
        const int open = int(bytes.indexOf("<svg "));
        const int close = open < 0 ? -1 : int(bytes.indexOf('\n', open));
        if (open >= 0 && close > open)
            bytes.replace(open, close - open,
                          QStringLiteral("<svg width=\"%1px\" height=\"%2px\"").arg(size.width()).arg(size.height()).toUtf8());
    }
    return bytes;
}

QString writePicture(const QString& path, ImageFormat format, QSize size, const QString& title, const PaintPicture& paint)
{
    if (const QString bad = checkPictureSize(size); !bad.isEmpty())
        return bad;
    // The target is checked before the picture is painted; the picture is bounded by its pixels.
    return writeExport(path, [&](QIODevice& device) -> QString {
        QString error;
        const QByteArray bytes = renderPicture(format, size, title, paint, &error);
        if (!error.isEmpty())
            return error;
        if (bytes.isEmpty())
            return QCoreApplication::translate("PictureFile", "nothing was rendered");
        device.write(bytes);
        return {};
    });
}

} // namespace loopscope::ui
