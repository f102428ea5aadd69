// TaskTableModel: a row per task with state, times and durations at the cursor; incremental updates.

#include "uitest.h"
#include "ui/tasktablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QtTest>

using namespace loopscope;
using namespace loopscope::ui;

namespace {

using uitest::Loaded;
using uitest::load;

int rowOf(const TaskTableModel& m, const QString& name)
{
    for (int r = 0; r < m.rowCount(); ++r)
        if (m.index(r, TaskTableModel::Name).data().toString() == name)
            return r;
    return -1;
}

QString cell(const TaskTableModel& m, const QString& name, int column)
{
    const int row = rowOf(m, name);
    return row < 0 ? QStringLiteral("<no row>") : m.index(row, column).data().toString();
}

// One task that blocks the loop 0.3 s, waits 0.7 s, sits in the ready queue 0.2 s and runs 0.05 s.
struct Synthetic
{
    std::shared_ptr<TraceMeta> tables = std::make_shared<TraceMeta>();
    Trace trace{tables};
    RunDocument doc;

    Synthetic()
    {
        const TaskId t = tables->addTask(tables->intern("cruncher"), TaskId());
        auto event = [&](double s, EventKind kind, std::uint8_t sub = 0) {
            Event e;
            e.t = secondsToNs(s);
            e.task = t.value;
            e.kind = kind;
            e.sub = sub;
            e.line = 7;
            trace.append(e);
        };
        event(0, EventKind::TaskCreated);
        event(0, EventKind::StepScheduled, std::uint8_t(WakeReason::Created));
        event(0, EventKind::TaskResumed, 1);
        event(0, EventKind::BlockingBegin, std::uint8_t(BlockingKind::Cpu));
        event(0.3, EventKind::BlockingEnd);
        event(0.3, EventKind::TaskSuspended, std::uint8_t(WaitKind::Sleep));
        event(1.0, EventKind::StepScheduled, std::uint8_t(WakeReason::Timer));
        event(1.2, EventKind::TaskResumed);
        event(1.25, EventKind::TaskFinished, std::uint8_t(FinishState::Done));
        RunDocument::Variant v;
        v.name = "main";
        v.trace = &trace;
        v.finished = true;
        v.total = trace.endTime();
        doc.reset(nullptr, {}, {v});
    }
};

} // namespace

class TestTaskTableModel : public QObject
{
    Q_OBJECT

private slots:
    void passesTheModelTester()
    {
        auto l = load("semaphores", {"n=5", "k=2", "t=1.0"});
        TaskTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(TaskTableModel::SortRole);
        proxy.sort(TaskTableModel::Waiting, Qt::DescendingOrder);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDocument(&l->doc);
        // Walk the run forward event by event, jump back, walk again, and reload.
        for (std::size_t i = 0; i <= l->run.trace->size(); i += 3)
            l->doc.setCursor(i);
        l->doc.setCursorTime(secondsToNs(0.5));
        l->doc.setCursor(0);
        l->doc.setCursor(l->run.trace->size());
        l->doc.reset(l->doc.lesson(), l->doc.params(), {l->doc.variant(0)});
        l->doc.setCursorTime(secondsToNs(2));
        QCOMPARE(model.rowCount(), 6);
    }

    // At 0.5 s: six tasks; jobs 1 and 2 sleep holding a slot, 3 to 5 wait for one.
    void valuesAtTheCursor()
    {
        auto l = load("semaphores", {"n=5", "k=2", "t=1.0"});
        TaskTableModel model;
        model.setDocument(&l->doc);
        QCOMPARE(model.rowCount(), 0);
        l->doc.setCursorTime(secondsToNs(0.5));
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(model.columnCount(), int(TaskTableModel::ColumnCount));
        QStringList names;
        for (int r = 0; r < model.rowCount(); ++r)
            names << model.index(r, TaskTableModel::Name).data().toString();
        QCOMPARE(names, (QStringList{QStringLiteral("main"), QStringLiteral("job-1"), QStringLiteral("job-2"),
                                     QStringLiteral("job-3"), QStringLiteral("job-4"), QStringLiteral("job-5")}));
        QVERIFY(cell(model, QStringLiteral("job-1"), TaskTableModel::State).startsWith(QStringLiteral("waiting on ")));
        QVERIFY(cell(model, QStringLiteral("job-3"), TaskTableModel::State).startsWith(QStringLiteral("waiting on ")));
        QVERIFY(cell(model, QStringLiteral("job-3"), TaskTableModel::State) != cell(model, QStringLiteral("job-1"), TaskTableModel::State));
        QCOMPARE(cell(model, QStringLiteral("job-3"), TaskTableModel::Line), QStringLiteral("16"));
        QCOMPARE(cell(model, QStringLiteral("job-1"), TaskTableModel::Line), QStringLiteral("19"));
        QCOMPARE(cell(model, QStringLiteral("job-3"), TaskTableModel::Created), QStringLiteral("0.000"));
        QCOMPARE(cell(model, QStringLiteral("job-3"), TaskTableModel::Started), QStringLiteral("0.000"));
        QCOMPARE(cell(model, QStringLiteral("job-3"), TaskTableModel::Finished), QStringLiteral("\u2014"));
        QCOMPARE(cell(model, QStringLiteral("job-3"), TaskTableModel::Waiting), QStringLiteral("0.500"));
        QCOMPARE(cell(model, QStringLiteral("job-3"), TaskTableModel::Running), QStringLiteral("0.000"));

        // At 2.5 s: jobs 1, 2 done at 1.0 after waiting a second; job-5 waited 2.0 s for its slot
        // and has slept 0.5 s since.
        l->doc.setCursorTime(secondsToNs(2.5));
        QCOMPARE(cell(model, QStringLiteral("job-1"), TaskTableModel::State), QStringLiteral("done"));
        QCOMPARE(cell(model, QStringLiteral("job-1"), TaskTableModel::Finished), QStringLiteral("1.000"));
        QCOMPARE(cell(model, QStringLiteral("job-1"), TaskTableModel::Waiting), QStringLiteral("1.000"));
        QCOMPARE(cell(model, QStringLiteral("job-5"), TaskTableModel::Waiting), QStringLiteral("2.500"));
        QCOMPARE(cell(model, QStringLiteral("job-5"), TaskTableModel::Line), QStringLiteral("19"));
        QCOMPARE(cell(model, QStringLiteral("main"), TaskTableModel::Waiting), QStringLiteral("2.500"));

        // Back to 0.5 s: the same values as before (the sums start over, not carry on).
        l->doc.setCursorTime(secondsToNs(0.5));
        QCOMPARE(cell(model, QStringLiteral("job-1"), TaskTableModel::Waiting), QStringLiteral("0.500"));
        QCOMPARE(cell(model, QStringLiteral("job-1"), TaskTableModel::Finished), QStringLiteral("\u2014"));
    }

    void sumsRunningWaitingAndReady()
    {
        Synthetic s;
        TaskTableModel model;
        model.setDocument(&s.doc);
        s.doc.setCursorTime(secondsToNs(0.2)); // inside the blocking call
        QCOMPARE(cell(model, QStringLiteral("cruncher"), TaskTableModel::State), QStringLiteral("blocked"));
        QCOMPARE(model.runningSeconds(0), 0.2);
        s.doc.setCursor(s.trace.size());
        QCOMPARE(model.runningSeconds(0), 0.35);
        QCOMPARE(model.waitingSeconds(0), 0.7);
        QCOMPARE(model.readySeconds(0), 0.2);
        QCOMPARE(cell(model, QStringLiteral("cruncher"), TaskTableModel::Running), QStringLiteral("0.350"));
        QCOMPARE(cell(model, QStringLiteral("cruncher"), TaskTableModel::Ready), QStringLiteral("0.200"));
        QCOMPARE(cell(model, QStringLiteral("cruncher"), TaskTableModel::Finished), QStringLiteral("1.250"));
        QCOMPARE(cell(model, QStringLiteral("cruncher"), TaskTableModel::Line), QStringLiteral("7"));
    }

    // Cursor moves change values in place and add rows at the end; only a re-run resets.
    void updatesWithoutResetting()
    {
        auto l = load("event-loop", {"n=3"});
        TaskTableModel model;
        model.setDocument(&l->doc);
        const int resets = model.resets();
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        for (std::size_t i = 1; i <= l->run.trace->size(); ++i)
            l->doc.setCursor(i);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(model.resets(), resets);
        QCOMPARE(model.rowCount(), 4);
        // main first, then the three fetches: rows arrive as the tasks are created.
        QCOMPARE(inserted.count(), 4);
        QVERIFY(changed.count() >= int(l->run.trace->size()) - 1);
        QCOMPARE(removed.count(), 0);

        l->doc.setCursor(0);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(reset.count(), 0);

        l->doc.reset(l->doc.lesson(), l->doc.params(), {l->doc.variant(0)});
        QCOMPARE(reset.count(), 1);
    }

    void sortsThroughAProxy()
    {
        auto l = load("semaphores", {"n=5", "k=2", "t=1.0"});
        TaskTableView view;
        view.setDocument(&l->doc);
        l->doc.setCursorTime(secondsToNs(1.5));
        QSortFilterProxyModel* proxy = view.proxy();
        // By state: waiting (jobs 3-5 and main) before done (jobs 1, 2).
        proxy->sort(TaskTableModel::State, Qt::AscendingOrder);
        QCOMPARE(proxy->index(4, TaskTableModel::State).data().toString(), QStringLiteral("done"));
        QCOMPARE(proxy->index(5, TaskTableModel::State).data().toString(), QStringLiteral("done"));
        QVERIFY(proxy->index(0, TaskTableModel::State).data().toString().startsWith(QStringLiteral("waiting")));
        // By finish time, descending: the two done ones first, 1.000 s each.
        proxy->sort(TaskTableModel::Finished, Qt::DescendingOrder);
        QCOMPARE(proxy->index(0, TaskTableModel::Finished).data().toString(), QStringLiteral("1.000"));
        QCOMPARE(proxy->index(2, TaskTableModel::Finished).data().toString(), QStringLiteral("\u2014"));
        // Sorting stays live as the cursor moves: at 3 s every task is done.
        l->doc.setCursorTime(secondsToNs(3.0));
        QCOMPARE(proxy->index(0, TaskTableModel::Finished).data().toString(), QStringLiteral("3.000"));
    }
};

QTEST_MAIN(TestTaskTableModel)
#include "tst_tasktablemodel.moc"
