#pragma once
// TaskTableModel: one row per task of the focused variant, in creation order: name, state at the
// cursor, when it was created / started / finished, and how long it has spent running, waiting
// and ready (queued) up to the cursor. Durations are summed from the trace's events, carried
// forward as the cursor advances (only a step back starts the sums over). Cursor moves change
// values with dataChanged and add or remove rows at the end as tasks appear or un-appear; only a
// new run or a new focus resets the model.
//
// TaskTableView: the table the window shows: the model behind a sorting proxy, theme and font scale.

#include "rundocument.h"
#include "theme.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <QTableView>

#include <vector>

class QSortFilterProxyModel;

namespace loopscope::ui {

class TaskTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Name, State, Created, Started, Finished, Running, Waiting, Ready, Line, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1, // numbers as numbers (seconds, line, phase), names by creation order
        TaskIdRole,                  // the row's TaskId value
    };

    explicit TaskTableModel(QObject* parent = nullptr);

    void setDocument(RunDocument* document);
    void setTheme(const Theme& theme);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Seconds the task at `row` has spent in each kind of phase up to the cursor.
    double runningSeconds(int row) const { return nsToSeconds(spent(row, Bucket::Running)); }
    double waitingSeconds(int row) const { return nsToSeconds(spent(row, Bucket::Waiting)); }
    double readySeconds(int row) const { return nsToSeconds(spent(row, Bucket::Ready)); }
    int resets() const { return m_resets; } // how many times the model was reset (tests)

public slots:
    void refresh(); // follow the cursor
    void reload();  // a new run or focus: start over

private:
    enum class Bucket { None, Running, Waiting, Ready };
    struct Stats
    {
        TaskPhase phase = TaskPhase::Created;
        TimeNs since = 0;
        TimeNs sum[4] = {0, 0, 0, 0};
    };

    static Bucket bucketOf(TaskPhase phase);
    const Trace* trace() const;
    void applyEvent(const Event& e);
    void enter(std::uint32_t task, TaskPhase phase, TimeNs t);
    TimeNs spent(int row, Bucket bucket) const;
    void clearStats();

    QPointer<RunDocument> m_doc;
    Theme m_theme = Theme::light();
    std::vector<std::uint32_t> m_order; // task ids in creation order, up to m_applied
    std::vector<Stats> m_stats;         // by task id
    std::size_t m_applied = 0;          // events summed into m_stats
    int m_rows = 0;                     // rows the views know about
    TimeNs m_now = 0;                   // the cursor's time
    int m_resets = 0;
};

class TaskTableView : public QTableView
{
    Q_OBJECT

public:
    explicit TaskTableView(QWidget* parent = nullptr);

    void setDocument(RunDocument* document);
    void setTheme(const Theme& theme);
    void setFontScale(qreal scale);

    QSortFilterProxyModel* proxy() const { return m_proxy; }

private:
    void fitColumns();

    TaskTableModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QFont m_baseFont;
};

} // namespace loopscope::ui
