#pragma once
// One picture, three kinds of file: PNG, SVG or PDF of a size in pixels, painted by the caller's
// function. The timeline's and the plot's exports both come through here, so every file is laid
// out in the same pixels as asked and painted by the same code as the screen.

#include <QByteArray>
#include <QRectF>
#include <QSize>
#include <QString>

#include <functional>
#include <optional>

class QPainter;

namespace loopscope::ui {

enum class ImageFormat { Png, Svg, Pdf };

// The sides a picture may have, in pixels: the dialog, the command line and the writer agree.
constexpr int kMinImageSide = 16;
constexpr int kMaxImageSide = 16000;

// From a file name's suffix (.png, .svg, .pdf), or nullopt.
std::optional<ImageFormat> imageFormatFor(const QString& path);

// Paints the whole picture into `target` (0, 0, width, height in pixels).
using PaintPicture = std::function<void(QPainter& painter, const QRectF& target)>;

// "" when `size` is within the sides above, else the one-line reason.
QString checkPictureSize(QSize size);

// The file's bytes; on failure empty, with the reason in `error`. `title` names the SVG and PDF.
QByteArray renderPicture(ImageFormat format, QSize size, const QString& title, const PaintPicture& paint, QString* error);

// Checks the size, then writes the picture through exportfile.h (the target checked first, the
// file replaced only when complete). Returns "" or one line saying what went wrong.
QString writePicture(const QString& path, ImageFormat format, QSize size, const QString& title, const PaintPicture& paint);

} // namespace loopscope::ui
