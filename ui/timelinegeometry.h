#pragma once
// TimelineGeometry: the mapping between time and x (zoom, pan, padding) and the lanes' vertical
// metrics. It knows nothing about painting, so the widget, the exports and hit-testing share it and
// it is tested on its own. All lengths are in the painter's logical units.

#include "core/types.h"

namespace loopscope::ui {

class TimelineGeometry
{
public:
    // --- horizontal ---------------------------------------------------------------------------
    // The whole drawing's left edge and width; lane labels take the first labelWidth() of it, and
    // the plot starts `padding` after the labels and ends `padding` before the right edge.
    void setViewport(double left, double width);
    void setLabelWidth(double width);
    double labelWidth() const { return m_labelWidth; }
    void setPadding(double padding);
    double padding() const { return m_padding; }
    double plotLeft() const { return m_left + m_labelWidth + m_padding; }
    double plotRight() const { return m_left + m_width - m_padding; }
    double plotWidth() const;

    // The data's extent, what fit() shows.
    void setRange(TimeNs start, TimeNs end);
    TimeNs rangeEnd() const { return m_rangeEnd; }

    double timeToX(TimeNs t) const { return plotLeft() + (double(t) - m_visibleStart) / m_nsPerPixel; }
    double timeToXf(double t) const { return plotLeft() + (t - m_visibleStart) / m_nsPerPixel; }
    TimeNs xToTime(double x) const;
    double xToTimef(double x) const { return m_visibleStart + (x - plotLeft()) * m_nsPerPixel; }

    // Shows the whole range across the plot width.
    void fit();
    // Zoom and pan stay within the range: the reader cannot zoom out past the whole run nor pan
    // beyond its ends (there is nothing to see there, and coming back was a chore).
    // Zooms by `factor` (> 1 zooms in) keeping the time under x where it is.
    void zoomAround(double x, double factor);
    // Moves the picture dx to the right (a drag): earlier times come into view for dx > 0.
    void panBy(double dx);
    // Shifts so that t is visible, with `margin` logical units to spare; true if it moved.
    bool ensureVisible(TimeNs t, double margin);

    double visibleStart() const { return m_visibleStart; } // time at plotLeft(), in ns
    double visibleEnd() const { return m_visibleStart + plotWidth() * m_nsPerPixel; }
    void setVisibleStart(double t)
    {
        m_visibleStart = t;
        clampPan();
    }
    double nsPerPixel() const { return m_nsPerPixel; }
    void setNsPerPixel(double nsPerPixel);

    // The finest and coarsest zoom allowed: 1 ns per 50 units, and the whole range across the plot.
    double minNsPerPixel() const { return 0.02; }
    double maxNsPerPixel() const;

    // --- vertical -----------------------------------------------------------------------------
    void setLaneHeight(double h) { m_laneHeight = h; }
    double laneHeight() const { return m_laneHeight; }
    void setLaneGap(double g) { m_laneGap = g; }
    double laneGap() const { return m_laneGap; }
    // Lanes scrolled up by this much (the widget scrolls when there are more lanes than fit).
    void setScrollY(double y) { m_scrollY = y < 0 ? 0 : y; }
    double scrollY() const { return m_scrollY; }

private:
    void clampPan();

    double m_left = 0, m_width = 800, m_labelWidth = 120, m_padding = 12;
    TimeNs m_rangeStart = 0, m_rangeEnd = kNsPerSecond;
    double m_visibleStart = 0;
    double m_nsPerPixel = 1e6;
    double m_laneHeight = 22, m_laneGap = 4, m_scrollY = 0;
};

} // namespace loopscope::ui
