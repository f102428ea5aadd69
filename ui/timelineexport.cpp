#include "timelineexport.h"

#include <QCoreApplication>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace loopscope::ui {

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

QString writeTimelineImage(const QString& path, const TimelineRenderer::Scenes& scenes, const ImageRequest& request)
{
    ImageRequest r = request;
    if (const QString bad = checkPictureSize(r.size); !bad.isEmpty())
        return bad;
    r.size.setHeight(fittedImageHeight(scenes, request));
    const QString title =
        r.options.title.isEmpty() ? QCoreApplication::translate("TimelineExport", "Loopscope timeline") : r.options.title;
    return writePicture(path, r.format, r.size, title,
                        [&](QPainter& painter, const QRectF& target) { paintTimeline(painter, target, scenes, r); });
}

} // namespace loopscope::ui
