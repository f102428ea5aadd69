#include "plotview.h"

#include "plotexport.h"

#include <QAccessible>
#include <QCheckBox>
#include <QFontInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QVBoxLayout>

#include <algorithm>

namespace loopscope::ui {

// The drawing surface: paints with PlotPainter and hands the pointer and keys to the view.
class PlotCanvas : public QWidget
{
public:
    explicit PlotCanvas(PlotView* view) : QWidget(view), m_view(view)
    {
        setMouseTracking(true);
        setFocusPolicy(Qt::StrongFocus);
        setMinimumSize(320, 220);
        setAccessibleName(PlotView::tr("Plot"));
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter painter(this);
        paintPlot(painter, QRectF(rect()), m_view->m_plot, m_view->options());
        if (hasFocus()) {
            painter.setPen(QPen(m_view->m_theme.accent, 2));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(QRectF(rect()).adjusted(1, 1, -1, -1));
        }
    }
    void mouseMoveEvent(QMouseEvent* event) override { m_view->pointAt(event->position()); }
    void leaveEvent(QEvent*) override
    {
        if (!hasFocus())
            m_view->clearPoint();
    }
    void keyPressEvent(QKeyEvent* event) override
    {
        switch (event->key()) {
        case Qt::Key_Left: m_view->step(0, -1); break;
        case Qt::Key_Right: m_view->step(0, +1); break;
        case Qt::Key_Up: m_view->step(-1, 0); break;
        case Qt::Key_Down: m_view->step(+1, 0); break;
        case Qt::Key_Home: m_view->step(0, -1000000000); break;
        case Qt::Key_End: m_view->step(0, +1000000000); break;
        case Qt::Key_Escape: m_view->clearPoint(); break;
        default: QWidget::keyPressEvent(event); return;
        }
        event->accept();
    }

private:
    PlotView* m_view;
};

PlotView::PlotView(QWidget* parent) : QWidget(parent)
{
    m_canvas = new PlotCanvas(this);
    m_log = new QCheckBox(tr("Logarithmic scale"), this);
    m_log->setAccessibleDescription(tr("Shows the plot's axes on logarithmic scales, so small and large values both read"));
    m_log->setToolTip(m_log->accessibleDescription());
    m_readout = new QLabel(this);
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Its name is its text (what an assistive tool reads); the description says what it is.
    m_readout->setAccessibleDescription(tr("The values of the plot's point under the pointer or chosen with the arrow keys"));

    auto* row = new QHBoxLayout;
    row->setContentsMargins(8, 4, 8, 4);
    row->addWidget(m_log);
    row->addSpacing(12);
    row->addWidget(m_readout, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_canvas, 1);
    layout->addLayout(row);
    setFocusProxy(m_canvas);
    setAccessibleName(tr("Plot"));
    connect(m_log, &QCheckBox::toggled, this, [this](bool on) {
        m_canvas->update();
        emit logScaleChanged(on);
    });
    setTheme(m_theme);
    m_description = tr("No lesson is loaded");
    m_canvas->setAccessibleDescription(m_description);
    setHover({});
}

PlotView::~PlotView() = default;

QWidget* PlotView::canvas() const
{
    return m_canvas;
}

void PlotView::setDocument(RunDocument* document)
{
    if (m_doc)
        disconnect(m_doc, nullptr, this, nullptr);
    m_doc = document;
    if (document) {
        connect(document, &RunDocument::documentReset, this, &PlotView::rebuild);
        connect(document, &RunDocument::grown, this, &PlotView::grow);
        connect(document, &RunDocument::cursorMoved, this, &PlotView::refresh);
    }
    rebuild();
}

void PlotView::setTheme(const Theme& theme)
{
    m_theme = theme;
    QPalette p = theme.palette();
    setPalette(p);
    m_canvas->update();
}

void PlotView::setFontScale(qreal scale)
{
    m_scale = std::clamp(scale, 0.5, 4.0);
    m_canvas->update();
}

bool PlotView::logScale() const
{
    return m_log->isChecked();
}

PlotOptions PlotView::options() const
{
    PlotOptions o;
    o.theme = &m_theme;
    o.logX = o.logY = m_log->isChecked();
    // The window's text size, somewhat larger: a plot is read from a distance.
    o.fontScale = m_scale * std::max(0.7, QFontInfo(font()).pixelSize() / 16.0);
    // What the runs were made with, as the exports say it: "max_n = 100, k = 10, t = 0.1".
    if (const lessons::Lesson* lesson = m_doc && hasPlot() ? m_doc->lesson() : nullptr) {
        QStringList parts;
        for (const lessons::ParamSpec& spec : lesson->params)
            if (auto it = m_doc->params().values().find(spec.name); it != m_doc->params().values().end())
                parts << QString::fromStdString(spec.name + " = " + lessons::formatValue(it->second));
        o.subtitle = parts.join(QStringLiteral(", "));
    }
    o.hoverSeries = m_hover.series;
    o.hoverPoint = m_hover.point;
    return o;
}

void PlotView::rebuild()
{
    const bool had = hasPlot();
    m_source.reset();
    m_variantIndex.clear();
    m_hover = {};
    const lessons::Lesson* lesson = m_doc ? m_doc->lesson() : nullptr;
    m_kind = lesson ? plotKindFor(lesson->id) : PlotKind::None;
    m_stale = hasPlot();
    m_description =
        m_kind == PlotKind::Complexity
            ? tr("Total time of each run against n, one line per variant; arrow keys move between points")
        : m_kind == PlotKind::InFlight
            ? tr("Fetches in flight over time, one line per variant with its peak marked; arrow keys move between "
                 "points")
            : tr("This lesson has no plot");
    m_canvas->setAccessibleDescription(m_description);
    refresh();
    if (had != hasPlot())
        emit availabilityChanged(hasPlot());
}

void PlotView::grow()
{
    m_stale = hasPlot();
    refresh();
}

void PlotView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    refresh();
}

void PlotView::refresh()
{
    if (!hasPlot() || !m_doc) {
        m_plot = {};
        setHover({});
        return;
    }
    if (!isVisible())
        return; // caught up in showEvent
    if (!m_source) {
        // The lesson's own runs; runs shown beside them (recorded on CPython) are not plotted.
        const lessons::Lesson* lesson = m_doc->lesson();
        std::vector<PlotSource::Input> inputs;
        for (int i = 0; i < m_doc->variantCount(); ++i) {
            const RunDocument::Variant& v = m_doc->variant(i);
            if (!v.trace || std::find(lesson->variants.begin(), lesson->variants.end(), v.name) == lesson->variants.end())
                continue;
            inputs.push_back({v.name, v.trace, v.finished ? v.total : -1});
            m_variantIndex.push_back(i);
        }
        m_source = std::make_unique<PlotSource>(lesson->id, std::move(inputs));
    } else if (m_stale) {
        m_source->update();
    }
    m_stale = false;
    std::vector<PlotCut> cuts;
    for (std::size_t i = 0; i < m_variantIndex.size(); ++i) {
        const int index = m_variantIndex[i];
        if (index >= m_doc->variantCount())
            continue;
        const RunDocument::Variant& v = m_doc->variant(index);
        m_source->setTotal(i, v.finished ? v.total : -1);
        cuts.push_back({m_doc->eventsAtCursor(index), m_doc->cursorTime()});
    }
    m_plot = m_source->plot(cuts);
    // A highlighted point that the cursor took away again is let go.
    if (m_hover.valid()) {
        const bool gone = m_hover.series >= int(m_plot.series.size()) ||
                          m_plot.series[std::size_t(m_hover.series)].points.empty() ||
                          m_hover.point.x > m_plot.series[std::size_t(m_hover.series)].points.back().x;
        if (gone)
            m_hover = {};
    }
    setHover(m_hover);
}

QString PlotView::readout() const
{
    if (!hasPlot())
        return tr("This lesson has no plot.");
    if (!m_hover.valid())
        return m_plot.hasPoints() ? tr("Point at the plot, or focus it and use the arrow keys, to read a point's values.")
                                  : tr("No points yet: play the run to see them appear.");
    return PlotPainter(m_plot).describe(m_hover);
}

void PlotView::setHover(const PlotHit& hit)
{
    m_hover = hit;
    const QString text = readout();
    if (m_readout->text() != text) {
        m_readout->setText(text);
        // The canvas, which has the focus, says the chosen point too.
        m_canvas->setAccessibleDescription(m_hover.valid() ? m_description + QStringLiteral(". ") + text : m_description);
        if (QAccessible::isActive()) {
            QAccessibleEvent event(m_readout, QAccessible::NameChanged);
            QAccessible::updateAccessibility(&event);
        }
    }
    m_canvas->update();
}

void PlotView::pointAt(const QPointF& position)
{
    const PlotPainter painter(m_plot);
    const PlotGeometry geometry = painter.layout(QRectF(m_canvas->rect()), options());
    // Only inside the plot area (with a little slack): the title and legend pick nothing.
    if (!geometry.area.adjusted(-20, -20, 20, 20).contains(position)) {
        clearPoint();
        return;
    }
    setHover(painter.nearest(geometry, position));
}

void PlotView::clearPoint()
{
    if (m_hover.valid())
        setHover({});
}

void PlotView::step(int seriesStep, int pointStep)
{
    const int count = int(m_plot.series.size());
    if (count == 0 || !m_plot.hasPoints())
        return;
    PlotHit hit = m_hover;
    if (!hit.valid()) {
        hit.series = 0;
        hit.index = -1;
    }
    if (seriesStep != 0) {
        // To the next series that has points, at the point nearest in x.
        const double x = hit.valid() ? hit.point.x : 0;
        for (int i = 0; i < count; ++i) {
            hit.series = (hit.series + seriesStep + count) % count;
            if (!m_plot.series[std::size_t(hit.series)].points.empty())
                break;
        }
        const auto& points = m_plot.series[std::size_t(hit.series)].points;
        auto it = std::lower_bound(points.begin(), points.end(), x, [](const PlotPoint& p, double v) { return p.x < v; });
        hit.index = int(std::min<std::ptrdiff_t>(it - points.begin(), std::ptrdiff_t(points.size()) - 1));
    } else {
        while (m_plot.series[std::size_t(hit.series)].points.empty())
            hit.series = (hit.series + 1) % count;
        const auto& points = m_plot.series[std::size_t(hit.series)].points;
        const long long next = hit.index < 0 ? (pointStep > 0 ? 0 : (long long)points.size() - 1)
                                             : (long long)hit.index + pointStep;
        hit.index = int(std::clamp<long long>(next, 0, (long long)points.size() - 1));
    }
    hit.point = m_plot.series[std::size_t(hit.series)].points[std::size_t(hit.index)];
    setHover(hit);
}

} // namespace loopscope::ui
