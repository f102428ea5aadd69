#include "timelinegeometry.h"

#include <algorithm>
#include <cmath>

namespace loopscope::ui {

void TimelineGeometry::setViewport(double left, double width)
{
    m_left = left;
    m_width = std::max(0.0, width);
}

void TimelineGeometry::setLabelWidth(double width)
{
    m_labelWidth = std::max(0.0, width);
}

void TimelineGeometry::setPadding(double padding)
{
    m_padding = std::max(0.0, padding);
}

double TimelineGeometry::plotWidth() const
{
    // Never zero: a tiny widget still maps time to x without dividing by nothing.
    return std::max(1.0, m_width - m_labelWidth - 2 * m_padding);
}

void TimelineGeometry::setRange(TimeNs start, TimeNs end)
{
    m_rangeStart = start;
    m_rangeEnd = std::max(end, start + 1);
}

TimeNs TimelineGeometry::xToTime(double x) const
{
    return TimeNs(std::llround(xToTimef(x)));
}

void TimelineGeometry::fit()
{
    m_visibleStart = double(m_rangeStart);
    m_nsPerPixel = std::max(minNsPerPixel(), double(m_rangeEnd - m_rangeStart) / plotWidth());
}

double TimelineGeometry::maxNsPerPixel() const
{
    return std::max(minNsPerPixel(), double(m_rangeEnd - m_rangeStart) / plotWidth());
}

void TimelineGeometry::clampPan()
{
    const double last = double(m_rangeEnd) - plotWidth() * m_nsPerPixel;
    m_visibleStart = std::clamp(m_visibleStart, double(m_rangeStart), std::max(double(m_rangeStart), last));
}

void TimelineGeometry::setNsPerPixel(double nsPerPixel)
{
    m_nsPerPixel = std::clamp(nsPerPixel, minNsPerPixel(), maxNsPerPixel());
    clampPan();
}

void TimelineGeometry::zoomAround(double x, double factor)
{
    if (!(factor > 0))
        return;
    const double t = xToTimef(x);
    setNsPerPixel(m_nsPerPixel / factor);
    m_visibleStart = t - (x - plotLeft()) * m_nsPerPixel;
    clampPan();
}

void TimelineGeometry::panBy(double dx)
{
    m_visibleStart -= dx * m_nsPerPixel;
    clampPan();
}

bool TimelineGeometry::ensureVisible(TimeNs t, double margin)
{
    const double x = timeToX(t);
    margin = std::min(margin, plotWidth() / 3);
    if (x > plotRight() - margin) {
        const double before = m_visibleStart;
        m_visibleStart += (x - (plotRight() - margin)) * m_nsPerPixel;
        clampPan();
        return m_visibleStart != before;
    }
    if (x < plotLeft() + margin && m_visibleStart > double(m_rangeStart)) {
        m_visibleStart = std::max(double(m_rangeStart), m_visibleStart - (plotLeft() + margin - x) * m_nsPerPixel);
        return true;
    }
    return false;
}

} // namespace loopscope::ui
