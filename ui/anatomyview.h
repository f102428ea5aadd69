#pragma once
// AnatomyView: the event loop's insides at the cursor. The iteration's four phases drawn as a
// cycle (compute timeout -> wait for I/O or timers -> move expired timers to ready -> run ready
// handles -> ...) with the current one lit and the iteration number in the middle; the ready
// queue in order; the timer heap, soonest first; each primitive (lock, semaphore, queue, event,
// I/O client) with its holders, FIFO waiters and counter against its capacity; each executor's
// worker lanes and queued jobs. Painted from a Snapshot that refresh() builds from the focused
// variant's ReplayState, so tests can read exactly what is drawn.

#include "rundocument.h"
#include "theme.h"

#include <QList>
#include <QPointer>
#include <QWidget>

class QPainter;

namespace loopscope::ui {

class AnatomyView : public QWidget
{
    Q_OBJECT

public:
    struct Chip
    {
        QString text;
        quint32 task = 0;      // the colour; 0 = the loop
        bool callback = false; // a plain callback rather than a task's step: drawn dashed
        friend bool operator==(const Chip&, const Chip&) = default;
    };
    struct Primitive
    {
        QString title;  // "Semaphore slots"
        QString state;  // "2 of 2 in use"
        QList<Chip> holders;
        QList<Chip> waiters; // FIFO: the first is woken first
        bool hasHolders = true; // queues and events have no holders
    };
    struct Executor
    {
        QString title;
        QList<Chip> workers; // one per lane shown; text "idle" when free; "+N more" past the cap
        std::size_t workerCount = 0; // every lane, shown or not
        QList<Chip> queued;
    };
    struct Snapshot
    {
        LoopPhase phase = LoopPhase::Start;
        quint32 iteration = 0;
        TimeNs t = 0;
        bool blocked = false;
        QString phaseDetail[4]; // per cycle position, what that phase has to do now
        QList<Chip> ready;      // front first
        QList<Chip> timers;     // soonest first: "1.000 s  job-1"
        QList<Primitive> primitives;
        QList<Executor> executors;
    };

    explicit AnatomyView(QWidget* parent = nullptr);

    void setDocument(RunDocument* document);
    void setTheme(const Theme& theme);
    const Theme& theme() const { return m_theme; }
    void setFontScale(qreal scale);
    qreal fontScale() const { return m_scale; }

    const Snapshot& snapshot() const { return m_snap; }
    // The snapshot as text: the accessible description, and what a test compares.
    QString summary() const;

    // The cycle, in drawing order (clockwise from the top left).
    static constexpr LoopPhase kCycle[4] = {LoopPhase::ComputeTimeout, LoopPhase::Wait, LoopPhase::ExpireTimers,
                                            LoopPhase::RunReady};
    static QString phaseLabel(LoopPhase phase);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

public slots:
    void refresh();

protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Ctx;
    qreal layout(QPainter* p, qreal width) const; // paints when p is set; returns the height used
    qreal drawCycle(Ctx& c, qreal y) const;
    qreal drawChips(Ctx& c, qreal x0, qreal y, const QList<Chip>& chips, const QString& empty) const;
    QFont scaledFont(qreal factor = 1, bool bold = false) const;

    QPointer<RunDocument> m_doc;
    Theme m_theme = Theme::light();
    qreal m_scale = 1;
    Snapshot m_snap;
};

} // namespace loopscope::ui
