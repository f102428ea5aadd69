#pragma once
// Timeline pictures as files: PNG, SVG or PDF, painted by the same TimelineRenderer as the widget.
// Written through exportfile.h: the target checked first, the file replaced only when complete.

#include "picturefile.h" // ImageFormat, the size limits: the same for every picture
#include "timelinegeometry.h"
#include "timelinerenderer.h"

#include <QSize>
#include <QString>

namespace loopscope::ui {

struct ImageRequest
{
    ImageFormat format = ImageFormat::Png;
    QSize size{1600, 900};      // pixels (SVG: pixels at 96 dpi; PDF: the page's aspect and scale)
    TimeNs from = -1, to = -1;  // the time range shown; -1: the whole run
    RenderOptions options;      // theme, moment, legend, lanes, groups, title, caption, font scale
    // Cut the picture under its legend when its lanes need less than the height asked for, so a
    // run of five tasks is not a strip of lanes over an empty band (issue 13, #6). The width is
    // always as asked. Off by default: a size typed in the dialog or on the command line is kept
    // (the legend then follows the lanes and the spare room is left under it).
    bool fitHeight = false;
};

// The height the picture of `request` will have (its size's, or less with fitHeight).
int fittedImageHeight(const TimelineRenderer::Scenes& scenes, const ImageRequest& request);

// Paints the requested picture into `target` (the export's layout, range and moment).
void paintTimeline(QPainter& painter, const QRectF& target, const TimelineRenderer::Scenes& scenes,
                   const ImageRequest& request);

// Writes the picture; returns an empty string, or one line saying what went wrong.
QString writeTimelineImage(const QString& path, const TimelineRenderer::Scenes& scenes, const ImageRequest& request);

} // namespace loopscope::ui
