#pragma once
// TimelineView: the centre of the window. It shows every variant of the RunDocument on one time
// axis through TimelineRenderer (the same paint path as the exports), follows the cursor while the
// player plays, and lets the reader zoom, pan and hover. It never moves the cursor itself: a click
// asks for it with seekRequested() and the player decides.

#include "rundocument.h"
#include "theme.h"
#include "timelinegeometry.h"
#include "timelinerenderer.h"
#include "timelinescene.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <set>
#include <utility>
#include <vector>

class QAction;
class QLineEdit;
class QScrollBar;

namespace loopscope::ui {

class TimelineView : public QWidget
{
    Q_OBJECT

public:
    explicit TimelineView(QWidget* parent = nullptr);
    ~TimelineView() override;

    void setDocument(RunDocument* document);
    RunDocument* document() const { return m_document; }

    void setFontScale(qreal scale);
    qreal fontScale() const { return m_fontScale; }
    void setTheme(const Theme& theme);
    const Theme& theme() const { return *m_theme; }

    // What is drawn at a point of the widget (lane, segment, marker and the tooltip text).
    TimelineHit hitTest(const QPointF& point) const;

    const TimelineGeometry& geometry() const { return m_geometry; }
    TimelineRenderer::Scenes scenes() const;
    // The scenes hold every event recorded so far. A big batch of new events is read a slice per
    // turn of the Qt event loop, so right after it grew a big run may not be in the picture yet.
    bool caughtUp() const;
    static constexpr std::size_t kEventsPerTurn = std::size_t(1) << 14;
    // The options the widget paints with: a starting point for exports of "what I see".
    RenderOptions renderOptions() const;
    // False once the reader has panned the cursor out of view; fit() turns following back on.
    bool followsCursor() const { return m_follow; }
    // Counts rebuilds: the accessible lanes of an older build are stale (ui/timelineaccessible.h).
    int sceneGeneration() const { return m_generation; }

    // Lane groups (see RenderOptions::groupThreshold): siblings fold into one group lane from
    // this many on; 0 never folds. The window binds it to a setting.
    void setGroupThreshold(int threshold);
    int groupThreshold() const { return m_groupThreshold; }
    // Expands or collapses one group: (scene index, family index of TimelineScene::families()).
    void setGroupExpanded(int scene, int family, bool expanded);
    bool isGroupExpanded(int scene, int family) const { return m_expanded.count({scene, family}) > 0; }

    // The lane filter: only task lanes whose name contains the text are shown.
    QString laneFilter() const;
    QLineEdit* filterField() const { return m_filter; }
    QScrollBar* verticalScrollBar() const { return m_scrollBar; }

    // The lane the keyboard is on (Up/Down move it): a row of the layout, header rows excepted.
    struct LaneFocus
    {
        int scene = -1, lane = -1, group = -1;
        bool operator==(const LaneFocus&) const = default;
    };
    LaneFocus focusedLane() const { return m_focus; }
    // The layout the widget paints (rows, plot, legend), for tests and the accessible interface.
    const TimelineLayout& currentLayout() const { return m_layout; }
    // Counts lay-outs from scratch: the rows (groups opened, a filter typed, lanes grown) may
    // have changed, so the accessible lanes are listed again.
    int rowsVersion() const { return m_rowsVersion; }
    // Where the timeline is painted: the widget less the scroll bar when it shows.
    QRectF paintRect() const;


    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

public slots:
    void zoomIn();
    void zoomOut();
    void fit();
    // Pans by a fraction of the visible width (positive: later times come into view).
    void panByFraction(double fraction);

signals:
    void seekRequested(TimeNs t);
    // The cursor settled (a step, a seek, a pause): what it shows, as told to a screen reader.
    void cursorAnnounced(const QString& text);

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void rebuild();
    void onGrown();
    void readSlice();
    void onCursorMoved();
    void relayout();
    // Lays out again if the size changed without a resize event (a hidden widget gets none).
    void syncSize();
    void clampScroll();
    void userMoved();
    TimeNs moment() const;
    // Lays out again for a new scroll position and moves the scroll bar with it.
    void scrollTo(double y);
    void moveFocus(int rows);
    void toggleFocusedGroup(int expand); // 1 expand, 0 collapse, -1 toggle
    void ensureFocusVisible();

    QPointer<RunDocument> m_document;
    std::vector<std::unique_ptr<TimelineScene>> m_scenes;
    TimelineGeometry m_geometry;
    TimelineLayout m_layout;
    const Theme* m_theme = &Theme::light();
    qreal m_fontScale = 1.0;
    int m_generation = 0;
    QTimer m_readMore; // reads the next slice of a big batch of new events
    QTimer m_announce; // the cursor's new place, told to assistive tools once it settles
    bool m_fitted = true; // keeps fitting the whole run while it grows, until the reader zooms
    bool m_follow = true;
    bool m_dragging = false;
    QSize m_laidOutSize;
    QPointF m_pressPos, m_lastPos;
    QScrollBar* m_scrollBar = nullptr;
    QLineEdit* m_filter = nullptr;
    int m_groupThreshold = RenderOptions::kDefaultGroupThreshold;
    std::set<std::pair<int, int>> m_expanded;
    LaneFocus m_focus;
    bool m_syncingScrollBar = false;
    int m_rowsVersion = 0;
};

} // namespace loopscope::ui
