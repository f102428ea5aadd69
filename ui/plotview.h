#pragma once
// PlotView: the plot of the current lesson (complexity, backpressure; plotdata.h), drawn by the one
// PlotPainter, following the player's cursor like every other view: points appear as the runs
// print them, so the plot never tells a total before the timeline does. The pointer (or the arrow
// keys) picks the nearest point and the readout under the plot says its values; a check box
// switches the axes to logarithmic scales. Views read the document; nothing here steps a loop.
// While hidden it only notes that the runs grew, and catches up when shown.

#include "plotdata.h"
#include "plotpainter.h"
#include "rundocument.h"
#include "theme.h"

#include <QPointer>
#include <QWidget>

#include <memory>
#include <vector>

class QCheckBox;
class QLabel;

namespace loopscope::ui {

class PlotCanvas;

class PlotView : public QWidget
{
    Q_OBJECT

public:
    explicit PlotView(QWidget* parent = nullptr);
    ~PlotView() override;

    void setDocument(RunDocument* document);
    void setTheme(const Theme& theme);
    void setFontScale(qreal scale);
    qreal fontScale() const { return m_scale; }

    // Whether the document's lesson has a plot (the window shows the tab only then).
    bool hasPlot() const { return m_kind != PlotKind::None; }
    bool logScale() const;

    // What is drawn now (cut at the cursor), the highlighted point, and its values in words.
    const Plot& plot() const { return m_plot; }
    PlotHit hover() const { return m_hover; }
    QString readout() const;
    // The options the canvas paints with (theme, scales, text size, hover).
    PlotOptions options() const;
    QWidget* canvas() const;

    // Highlights the point nearest to a position on the canvas (what the pointer does).
    void pointAt(const QPointF& canvasPosition);
    void clearPoint();

signals:
    void availabilityChanged(bool hasPlot); // a new lesson with or without a plot
    void logScaleChanged(bool on);

private:
    friend class PlotCanvas;
    void rebuild();
    void grow();
    void refresh();
    void setHover(const PlotHit& hit);
    void showEvent(QShowEvent* event) override;
    void step(int series, int points); // the keyboard: along a series, or to another one

    QPointer<RunDocument> m_doc;
    PlotKind m_kind = PlotKind::None;
    QString m_description; // the canvas's accessible description, without the chosen point
    // Made when the view is first shown, and read on only while shown: a hidden tab costs nothing
    // while a run of 100,000 fetches plays.
    std::unique_ptr<PlotSource> m_source;
    bool m_stale = false;
    std::vector<int> m_variantIndex; // the document's index of each plotted variant
    Plot m_plot;
    PlotHit m_hover;
    Theme m_theme = Theme::light();
    qreal m_scale = 1;
    PlotCanvas* m_canvas = nullptr;
    QCheckBox* m_log = nullptr;
    QLabel* m_readout = nullptr;
};

} // namespace loopscope::ui
