// AnatomyView: the loop's phase, ready queue, timers, primitives and executors at the cursor.

#include "uitest.h"
#include "ui/anatomyview.h"

#include <QtTest>

using namespace loopscope;
using namespace loopscope::ui;

namespace {

using uitest::Loaded;
using uitest::load;

QStringList texts(const QList<AnatomyView::Chip>& chips)
{
    QStringList out;
    for (const auto& c : chips)
        out << c.text;
    return out;
}

std::size_t findEvent(const Trace& trace, EventKind kind, const std::string& name)
{
    for (std::size_t i = 0; i < trace.size(); ++i)
        if (trace[i].kind == kind && trace[i].task && trace.meta().taskName(TaskId(trace[i].task)) == name)
            return i;
    return std::size_t(-1);
}

// A hand-made executor with two workers: one busy, one waiting for the GIL, and a job queued.
struct ExecutorTrace
{
    std::shared_ptr<TraceMeta> tables = std::make_shared<TraceMeta>();
    Trace trace{tables};
    RunDocument doc;

    explicit ExecutorTrace(std::int64_t workers = 2)
    {
        const TaskId a = tables->addTask(tables->intern("hasher"), TaskId());
        const ObjectId pool = tables->addObject(ObjectKind::Executor, tables->intern("pool"), workers);
        auto event = [&](EventKind kind, std::uint8_t sub, std::uint32_t job) {
            Event e;
            e.task = a.value;
            e.kind = kind;
            e.sub = sub;
            e.arg.ab.a = pool.value;
            e.arg.ab.b = job;
            trace.append(e);
        };
        Event created;
        created.task = a.value;
        created.kind = EventKind::TaskCreated;
        trace.append(created);
        for (std::uint32_t job = 1; job <= 3; ++job)
            event(EventKind::JobQueued, 0, job);
        event(EventKind::JobStarted, 0, 1);
        event(EventKind::JobWaitingGil, 1, 2);
        RunDocument::Variant v;
        v.name = "main";
        v.trace = &trace;
        doc.reset(nullptr, {}, {v});
    }
};

} // namespace

class TestAnatomyView : public QObject
{
    Q_OBJECT

private slots:
    // At 0.5 s in semaphores(5, 2, 1.0): two timers for the holders' sleeps, the semaphore full,
    // three jobs queued for it in order, and the loop waiting for the next timer.
    void semaphoreMidRun()
    {
        auto l = load("semaphores", {"n=5", "k=2", "t=1.0"});
        AnatomyView view;
        view.setDocument(&l->doc);
        l->doc.setCursorTime(secondsToNs(0.5));
        const AnatomyView::Snapshot& s = view.snapshot();
        QCOMPARE(s.phase, LoopPhase::Wait);
        QCOMPARE(s.t, secondsToNs(0.5)); // the cursor's time, though the last event was at 0
        QVERIFY(s.iteration > 0);
        QCOMPARE(texts(s.ready), QStringList());
        QCOMPARE(texts(s.timers), (QStringList{QStringLiteral("1.000 s  job-1"), QStringLiteral("1.000 s  job-2")}));
        QCOMPARE(s.phaseDetail[1], QStringLiteral("next timer at 1.000 s"));
        QCOMPARE(s.primitives.size(), 1);
        const AnatomyView::Primitive& sem = s.primitives.front();
        QCOMPARE(sem.title, QStringLiteral("Semaphore slots"));
        QCOMPARE(sem.state, QStringLiteral("2 of 2 in use"));
        QCOMPARE(texts(sem.holders), (QStringList{QStringLiteral("job-1"), QStringLiteral("job-2")}));
        QCOMPARE(texts(sem.waiters), (QStringList{QStringLiteral("job-3"), QStringLiteral("job-4"), QStringLiteral("job-5")}));
        QVERIFY(view.accessibleDescription().contains(QStringLiteral("waiters: job-3, job-4, job-5")));

        // At 1.5 s: jobs 3 and 4 hold the slots, job 5 waits alone, their timers are due at 2.0.
        l->doc.setCursorTime(secondsToNs(1.5));
        QCOMPARE(texts(view.snapshot().primitives.front().holders), (QStringList{QStringLiteral("job-3"), QStringLiteral("job-4")}));
        QCOMPARE(texts(view.snapshot().primitives.front().waiters), QStringList{QStringLiteral("job-5")});
        QCOMPARE(texts(view.snapshot().timers), (QStringList{QStringLiteral("2.000 s  job-3"), QStringLiteral("2.000 s  job-4")}));
    }

    // Right after main has created the fetches, they are queued in creation order.
    void readyQueueInOrder()
    {
        auto l = load("event-loop", {"n=3"});
        AnatomyView view;
        view.setDocument(&l->doc);
        const std::size_t suspended = findEvent(*l->run.trace, EventKind::TaskSuspended, "main");
        QVERIFY(suspended != std::size_t(-1));
        l->doc.setCursor(suspended + 1);
        QStringList steps;
        for (const auto& chip : view.snapshot().ready)
            if (!chip.callback)
                steps << chip.text;
        QCOMPARE(steps, (QStringList{QStringLiteral("fetch-1"), QStringLiteral("fetch-2"), QStringLiteral("fetch-3")}));
        QCOMPARE(view.snapshot().phase, LoopPhase::RunReady);
        QCOMPARE(view.snapshot().phaseDetail[3], QStringLiteral("%1 handles queued").arg(view.snapshot().ready.size()));
        QVERIFY(view.snapshot().primitives.isEmpty());

        // The phase follows the cursor through the cycle: every cycle phase is seen during the run.
        QSet<int> seen;
        for (std::size_t i = 0; i <= l->run.trace->size(); ++i) {
            l->doc.setCursor(i);
            seen.insert(int(view.snapshot().phase));
        }
        for (LoopPhase p : AnatomyView::kCycle)
            QVERIFY2(seen.contains(int(p)), toString(p));
        QCOMPARE(view.snapshot().phase, LoopPhase::Closed);
    }

    void executorLanes()
    {
        ExecutorTrace x;
        AnatomyView view;
        view.setDocument(&x.doc);
        x.doc.setCursor(x.trace.size());
        QCOMPARE(view.snapshot().executors.size(), 1);
        const AnatomyView::Executor& e = view.snapshot().executors.front();
        QCOMPARE(e.title, QStringLiteral("Executor pool"));
        QCOMPARE(texts(e.workers), (QStringList{QStringLiteral("1: job 1 for hasher"),
                                                QStringLiteral("2: job 2 for hasher (waits for the GIL)")}));
        QCOMPARE(texts(e.queued), QStringList{QStringLiteral("job 3")});
        x.doc.setCursor(2);
        QCOMPARE(texts(view.snapshot().executors.front().workers), (QStringList{QStringLiteral("1: idle"), QStringLiteral("2: idle")}));
    }

    // A recording may declare any capacity (a crafted file: 2^62 workers); only the lanes shown
    // are made, the rest is counted, and the view answers at once.
    void aHugeExecutorIsCountedNotLaidOut()
    {
        ExecutorTrace x(std::int64_t(1) << 62);
        AnatomyView view;
        view.setDocument(&x.doc);
        x.doc.setCursor(x.trace.size());
        const AnatomyView::Executor& e = view.snapshot().executors.front();
        QCOMPARE(e.workerCount, std::size_t(1) << 62);
        QVERIFY(e.workers.size() <= 41); // at most 40 lanes and the "+N more" chip
        QCOMPARE(e.workers.front().text, QStringLiteral("1: job 1 for hasher"));
        QVERIFY(e.workers.back().text.startsWith(QStringLiteral("+")));
        QVERIFY(e.workers.back().text.contains(QString::number((std::int64_t(1) << 62) - (e.workers.size() - 1))));
        view.resize(600, 400);
        view.grab(); // paints without laying out a lane per worker
    }

    void scalesWithTheFont()
    {
        auto l = load("semaphores", {"n=5", "k=2", "t=1.0"});
        AnatomyView view;
        view.setDocument(&l->doc);
        l->doc.setCursorTime(secondsToNs(0.5));
        const int h1 = view.heightForWidth(500);
        view.setFontScale(2);
        const int h2 = view.heightForWidth(1000);
        QVERIFY2(h2 > h1 * 1.7 && h2 < h1 * 2.3, qPrintable(QStringLiteral("%1 -> %2").arg(h1).arg(h2)));
        // Narrower means taller (chips wrap, labels wrap), never cut off.
        QVERIFY(view.heightForWidth(300) >= view.heightForWidth(800));
    }
};

QTEST_MAIN(TestAnatomyView)
#include "tst_anatomyview.moc"
