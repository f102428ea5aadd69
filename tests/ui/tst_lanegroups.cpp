// Lane groups (issue 13, "Readable at 100,000 tasks"): siblings fold into one group lane whose
// counts per state match the lesson's known timing; groups open and close by keyboard and mouse;
// the lane filter narrows by name and is reached and left by keyboard; the vertical scroll bar
// reaches the last lane; zoom and pan stay within the run; exports take the window's choice.

#include "lessons/lessontest.h"
#include "ui/rundocument.h"
#include "ui/timelineexport.h"
#include "ui/timelineview.h"

#include <QAccessible>
#include <QApplication>
#include <QLineEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using namespace loopscope;
using namespace loopscope::ui;

namespace {

struct Loaded
{
    lessons::VariantRun run;
    RunDocument doc;
    std::unique_ptr<TimelineView> view;

    // Reading: wait until the view has read the whole run (a run of 100,000 tasks is read a
    // slice per turn of the event loop), or leave it to the test.
    enum class Reading { Wait, Leave };

    Loaded(std::string_view id, std::initializer_list<std::string> settings, std::string variant = {},
           QSize size = {1200, 700}, Reading reading = Reading::Wait)
    {
        const lessons::Lesson& lesson = lessontest::lessonById(id);
        const lessons::Params params = lessontest::paramsFor(lesson, settings);
        run = lessons::runVariant(lesson, params, variant.empty() ? lesson.variants.front() : variant);
        RunDocument::Variant v;
        v.name = run.variant;
        v.trace = run.trace.get();
        v.finished = true;
        v.total = run.total;
        doc.reset(&lesson, params, {v});
        doc.setCursor(run.trace->size());
        view = std::make_unique<TimelineView>();
        view->setDocument(&doc);
        view->resize(size);
        // Should it never catch up, the test's counts say so.
        if (reading == Reading::Wait)
            (void)QTest::qWaitFor([this] { return view->caughtUp(); }, 120000);
    }

    const TimelineScene& scene() const { return *view->scenes().front(); }
    // The family whose members are named stem + a number.
    int family(const std::string& stem) const
    {
        for (int f = 0; f < int(scene().families().size()); ++f)
            if (scene().families()[std::size_t(f)].stem == stem)
                return f;
        return -1;
    }
    const std::vector<RowLayout>& rows() const { return view->currentLayout().rows; }
    int groupRows() const
    {
        return int(std::count_if(rows().begin(), rows().end(), [](const RowLayout& r) { return r.group >= 0; }));
    }
    QStringList laneRows() const
    {
        QStringList out;
        for (const RowLayout& r : rows())
            if (r.lane >= 0)
                out << QString::fromStdString(scene().lane(r.lane).label);
        return out;
    }
};

// Counts of (waiting, done) and the total in a family at time t.
std::array<int, 3> counts(const LaneFamily& f, double seconds)
{
    const FamilyCounts c = f.countsAt(secondsToNs(seconds));
    int total = 0;
    for (int n : c.n)
        total += n;
    return {c.n[std::size_t(TaskPhase::Waiting)], c.n[std::size_t(TaskPhase::Done)], total};
}

} // namespace

class TestLaneGroups : public QObject
{
    Q_OBJECT

private slots:
    // semaphores n=40 k=4 t=1: jobs take the slots four at a time, each for a second, so by t
    // (between waves) 4*floor(t) are done and the rest wait (on the semaphore or the sleep).
    void semaphoreCountsFollowTheWaves_data()
    {
        QTest::addColumn<double>("t");
        QTest::addColumn<int>("waiting");
        QTest::addColumn<int>("done");
        QTest::newRow("first wave") << 0.5 << 40 << 0;
        QTest::newRow("second wave") << 1.5 << 36 << 4;
        QTest::newRow("third wave") << 2.5 << 32 << 8;
        QTest::newRow("last wave") << 9.5 << 4 << 36;
        QTest::newRow("after the run") << 10.5 << 0 << 40;
    }
    void semaphoreCountsFollowTheWaves()
    {
        QFETCH(double, t);
        QFETCH(int, waiting);
        QFETCH(int, done);
        Loaded l("semaphores", {"n=40", "k=4", "t=1"});
        QCOMPARE(lessontest::total(l.run), 10.0);
        const int f = l.family("job-");
        QVERIFY(f >= 0);
        const LaneFamily& family = l.scene().families()[std::size_t(f)];
        QCOMPARE(int(family.members.size()), 40);
        QCOMPARE(counts(family, t), (std::array<int, 3>{waiting, done, 40}));
        // Before the run nothing of the family exists.
        QCOMPARE(counts(family, -1), (std::array<int, 3>{0, 0, 0}));
        // The group's tooltip says the same in words.
        QVERIFY(TimelineRenderer::groupCountsText(l.scene(), f, secondsToNs(t))
                    .contains(QString::number(done ? done : waiting)));
    }

    // real-world-io, concurrent, 1000 requests through 100 connections of 0.1 s: ten waves.
    void requestCountsFollowTheConnectionLimit()
    {
        Loaded l("real-world-io", {"n=1000", "latency=0.1", "limit=100"}, "concurrent");
        QCOMPARE(lessontest::total(l.run), 1.0);
        const int f = l.family("request-");
        QVERIFY(f >= 0);
        const LaneFamily& family = l.scene().families()[std::size_t(f)];
        QCOMPARE(int(family.members.size()), 1000);
        QCOMPARE(counts(family, 0.05), (std::array<int, 3>{1000, 0, 1000}));
        QCOMPARE(counts(family, 0.25), (std::array<int, 3>{800, 200, 1000}));
        QCOMPARE(counts(family, 0.95), (std::array<int, 3>{100, 900, 1000}));
        QCOMPARE(counts(family, 1.0), (std::array<int, 3>{0, 1000, 1000}));
    }

    // 100,000 requests with no limit: all wait together and are done together at 0.1 s, and the
    // count is kept in a handful of points, not one per task.
    void hundredThousandRequestsFoldIntoOneLane()
    {
        Loaded l("real-world-io", {"n=100000", "latency=0.1"}, "concurrent");
        const int f = l.family("request-");
        const LaneFamily& family = l.scene().families()[std::size_t(f)];
        QCOMPARE(int(family.members.size()), 100000);
        QCOMPARE(counts(family, 0.05), (std::array<int, 3>{100000, 0, 100000}));
        QCOMPARE(counts(family, 0.1), (std::array<int, 3>{0, 100000, 100000}));
        QVERIFY(family.counts.size() < 100);
        // Collapsed by default: one group row, the loop, main and the counters; no request lane.
        QCOMPARE(l.groupRows(), 1);
        QVERIFY(l.rows().size() < 10);
        QVERIFY(!l.laneRows().contains(QStringLiteral("request-7")));
        QVERIFY(l.view->verticalScrollBar()->isHidden());
    }

    // The view reads a run of 100,000 tasks a slice per turn of the event loop, so the window
    // answers in between; once read, the picture is the one read in a single go.
    void aBigRunIsReadASlicePerTurn()
    {
        Loaded l("real-world-io", {"n=100000", "latency=0.1"}, "concurrent", {1200, 700}, Loaded::Reading::Leave);
        const lessons::VariantRun& run = l.run;
        const TimelineView& view = *l.view;
        const std::size_t size = run.trace->size();
        QVERIFY(size > 4 * TimelineView::kEventsPerTurn);
        const TimelineScene& scene = l.scene();
        // More than a slice: nothing is read in the turn that opened it.
        QCOMPARE(scene.processedEvents(), std::size_t(0));
        QVERIFY(!view.caughtUp());
        QCoreApplication::processEvents();
        QCOMPARE(scene.processedEvents(), TimelineView::kEventsPerTurn);
        // Not finished until read to the end: the axis runs to what is read, not the run's total.
        QVERIFY(!scene.finished());
        QVERIFY(scene.total() < run.total);
        for (int turns = 0; !view.caughtUp(); ++turns) {
            QVERIFY(turns < 10000);
            const std::size_t before = scene.processedEvents();
            QCoreApplication::processEvents();
            QVERIFY(scene.processedEvents() - before <= TimelineView::kEventsPerTurn);
        }
        QCOMPARE(scene.processedEvents(), size);
        QVERIFY(scene.finished());
        QCOMPARE(scene.total(), run.total);
        const TimelineScene whole(*run.trace, run.variant);
        QCOMPARE(scene.lanes().size(), whole.lanes().size());
        QCOMPARE(scene.families().size(), whole.families().size());
        for (std::size_t f = 0; f < whole.families().size(); ++f)
            QCOMPARE(scene.families()[f].members.size(), whole.families()[f].members.size());
    }

    void thresholdDecidesWhatFolds()
    {
        Loaded l("semaphores", {"n=19", "k=4"});
        QCOMPARE(l.groupRows(), 0); // 19 siblings: under the default of 20
        QVERIFY(l.laneRows().contains(QStringLiteral("job-19")));
        l.view->setGroupThreshold(10);
        QCOMPARE(l.groupRows(), 1);
        QVERIFY(!l.laneRows().contains(QStringLiteral("job-19")));
        l.view->setGroupThreshold(0); // never
        QCOMPARE(l.groupRows(), 0);
    }

    void keyboardFoldsAndUnfolds()
    {
        Loaded l("semaphores", {"n=40", "k=4"});
        l.view->show();
        QVERIFY(QTest::qWaitForWindowExposed(l.view.get()));
        l.view->setFocus();
        // Down walks the lanes: event loop, main, then the group of jobs.
        for (int i = 0; i < 5 && l.view->focusedLane().group < 0; ++i)
            QTest::keyClick(l.view.get(), Qt::Key_Down);
        const int f = l.family("job-");
        QCOMPARE(l.view->focusedLane().group, f);
        QVERIFY(!l.view->isGroupExpanded(0, f));
        QTest::keyClick(l.view.get(), Qt::Key_Return);
        QVERIFY(l.view->isGroupExpanded(0, f));
        QCOMPARE(l.laneRows().filter(QStringLiteral("job-")).size(), 40);
        // Down goes into the open group; Ctrl+Left on a member closes it and lands on the group.
        QTest::keyClick(l.view.get(), Qt::Key_Down);
        QCOMPARE(QString::fromStdString(l.scene().lane(l.view->focusedLane().lane).label), QStringLiteral("job-1"));
        QTest::keyClick(l.view.get(), Qt::Key_Left, Qt::ControlModifier);
        QVERIFY(!l.view->isGroupExpanded(0, f));
        QCOMPARE(l.view->focusedLane().group, f);
        QCOMPARE(l.laneRows().filter(QStringLiteral("job-")).size(), 0);
        QTest::keyClick(l.view.get(), Qt::Key_Right, Qt::ControlModifier);
        QVERIFY(l.view->isGroupExpanded(0, f));
        QTest::keyClick(l.view.get(), Qt::Key_Enter);
        QVERIFY(!l.view->isGroupExpanded(0, f));
    }

    void clickOnTheGroupNameToggles()
    {
        Loaded l("semaphores", {"n=40", "k=4"});
        const int f = l.family("job-");
        // Lanes grow to fill a tall view, so the group's row moves when it opens: found anew.
        const auto nameOfGroup = [&] {
            QPointF name;
            for (const RowLayout& r : l.rows())
                if (r.group == f)
                    name = QPointF(r.rect.left() + 12, r.rect.center().y());
            return name;
        };
        QPointF name = nameOfGroup();
        QVERIFY(!name.isNull());
        QSignalSpy seeks(l.view.get(), &TimelineView::seekRequested);
        QTest::mouseClick(l.view.get(), Qt::LeftButton, Qt::NoModifier, name.toPoint());
        QVERIFY(l.view->isGroupExpanded(0, f));
        QCOMPARE(seeks.count(), 0);
        name = nameOfGroup();
        QCOMPARE(l.view->hitTest(name).group, f);
        QVERIFY(l.view->hitTest(name).groupToggle);
        QTest::mouseClick(l.view.get(), Qt::LeftButton, Qt::NoModifier, name.toPoint());
        QVERIFY(!l.view->isGroupExpanded(0, f));
    }

    void filterByKeyboard()
    {
        Loaded l("semaphores", {"n=40", "k=4"});
        l.view->show();
        QVERIFY(QTest::qWaitForWindowExposed(l.view.get()));
        QApplication::setActiveWindow(l.view.get());
        l.view->setFocus();
        QLineEdit* filter = l.view->filterField();
        QVERIFY(!filter->accessibleName().isEmpty());
        QVERIFY(!filter->accessibleDescription().isEmpty());
        QTest::keyClick(l.view.get(), Qt::Key_Slash);
        QCOMPARE(QApplication::focusWidget(), filter);
        QTest::keyClicks(filter, QStringLiteral("JOB-3"));
        // job-3 and job-30 .. job-39: eleven, fewer than the threshold, so shown one by one.
        QStringList jobs = l.laneRows().filter(QStringLiteral("job-"));
        QCOMPARE(jobs.size(), 11);
        QVERIFY(jobs.contains(QStringLiteral("job-3")) && jobs.contains(QStringLiteral("job-39")));
        QVERIFY(!jobs.contains(QStringLiteral("job-4")));
        QVERIFY(!l.laneRows().contains(QStringLiteral("main")));
        QVERIFY(l.laneRows().contains(QStringLiteral("event loop"))); // not a task: stays
        QCOMPARE(l.groupRows(), 0);
        // Esc clears the filter and returns to the timeline.
        QTest::keyClick(filter, Qt::Key_Escape);
        QVERIFY(filter->text().isEmpty());
        QCOMPARE(QApplication::focusWidget(), l.view.get());
        QCOMPARE(l.groupRows(), 1);
        // Ctrl+F reaches it too.
        QTest::keyClick(l.view.get(), Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(QApplication::focusWidget(), filter);
    }

    void scrollBarReachesTheLastLane()
    {
        Loaded l("real-world-io", {"n=100000", "latency=0.1"}, "concurrent");
        const int f = l.family("request-");
        l.view->setGroupExpanded(0, f, true);
        QScrollBar* bar = l.view->verticalScrollBar();
        QVERIFY(!bar->isHidden());
        QVERIFY(bar->maximum() > 100000);
        bar->setValue(bar->maximum());
        const TimelineLayout& layout = l.view->currentLayout();
        const RowLayout& last = layout.rows.back();
        QVERIFY(last.rect.bottom() <= layout.plot.bottom() + 1);
        QVERIFY(last.rect.top() >= layout.plot.top());
        // The last row is the last lane drawn (the network's counter, after the requests).
        const auto order = l.scene().displayOrder();
        QCOMPARE(last.lane, order.back());
        // Page Down at the end stays there; Ctrl+Home goes back to the top.
        QTest::keyClick(l.view.get(), Qt::Key_PageDown);
        QCOMPARE(bar->value(), bar->maximum());
        QTest::keyClick(l.view.get(), Qt::Key_Home, Qt::ControlModifier);
        QCOMPARE(bar->value(), 0);
        QCOMPARE(l.view->geometry().scrollY(), 0.0);
    }

    void zoomAndPanStayWithinTheRun()
    {
        Loaded l("semaphores", {"n=40", "k=4"});
        QTest::keyClick(l.view.get(), Qt::Key_0); // fitted at the widget's size
        const TimelineGeometry fitted = l.view->geometry();
        for (int i = 0; i < 6; ++i)
            QTest::keyClick(l.view.get(), Qt::Key_Minus);
        QCOMPARE(l.view->geometry().nsPerPixel(), fitted.nsPerPixel());
        QCOMPARE(l.view->geometry().visibleStart(), 0.0);
        for (int i = 0; i < 4; ++i)
            QTest::keyClick(l.view.get(), Qt::Key_Plus);
        for (int i = 0; i < 40; ++i)
            QTest::keyClick(l.view.get(), Qt::Key_Right, Qt::AltModifier);
        const TimelineGeometry& g = l.view->geometry();
        QVERIFY(g.visibleEnd() <= double(g.rangeEnd()) + g.nsPerPixel());
        QVERIFY(g.visibleEnd() >= double(g.rangeEnd()) - g.nsPerPixel());
        for (int i = 0; i < 40; ++i)
            QTest::keyClick(l.view.get(), Qt::Key_Left, Qt::AltModifier);
        QCOMPARE(l.view->geometry().visibleStart(), 0.0);
    }

    // A screen reader hears a folded group as one lane, valued with its counts at the cursor.
    void accessibleLanesFollowTheGroups()
    {
        Loaded l("semaphores", {"n=40", "k=4", "t=1"});
        QAccessibleInterface* chart = QAccessible::queryAccessibleInterface(l.view.get());
        QVERIFY(chart);
        QStringList names;
        for (int i = 0; i < chart->childCount(); ++i)
            names << chart->child(i)->text(QAccessible::Name);
        const int group = int(names.indexOf(QStringLiteral("job-* (40 tasks)")));
        QVERIFY2(group >= 0, qPrintable(names.join(QStringLiteral(", "))));
        QVERIFY(!names.contains(QStringLiteral("job-7")));
        l.doc.setCursorTime(secondsToNs(2.5));
        QCOMPARE(chart->child(group)->text(QAccessible::Description),
                 QStringLiteral("job-* (40 tasks): 32 waiting · 8 done"));
        l.view->setGroupExpanded(0, l.family("job-"), true);
        QVERIFY(chart->childCount() >= 40);
    }

    // The window's choice of open groups reaches an export made from its options; elsewhere
    // (default options, as the command line uses) groups are collapsed.
    void exportsTakeTheViewsGroups()
    {
        Loaded l("semaphores", {"n=40", "k=4"});
        const int f = l.family("job-");
        l.view->setGroupExpanded(0, f, true);
        const auto rowsFor = [&](const RenderOptions& o) {
            TimelineGeometry g;
            return TimelineRenderer::layout(g, QRectF(0, 0, 1600, 4000), l.view->scenes(), o).rows;
        };
        int members = 0;
        for (const RowLayout& r : rowsFor(l.view->renderOptions()))
            members += r.lane >= 0 && l.scene().familyOfLane(r.lane) == f;
        QCOMPARE(members, 40);
        int groups = 0;
        members = 0;
        for (const RowLayout& r : rowsFor(RenderOptions{})) {
            groups += r.group == f;
            members += r.lane >= 0 && l.scene().familyOfLane(r.lane) == f;
        }
        QCOMPARE(groups, 1);
        QCOMPARE(members, 0);
    }
};

QTEST_MAIN(TestLaneGroups)
#include "tst_lanegroups.moc"
