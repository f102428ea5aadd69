// locks: the syllabus figures. Total = n*hold; waiters get the lock in FIFO order, each handed
// over by the releaser; two locks taken in opposite order end in a deadlock report naming the cycle.

#include "lessontest.h"

using namespace lessontest;

namespace {

// "0.100 tx-1 -> tx-2": every hand-off of a lock, from the releasing task to the woken waiter.
QStringList handoffs(const VariantRun& r)
{
    QStringList out;
    const TraceMeta& meta = r.trace->meta();
    for (std::size_t i = 0; i < r.trace->size(); ++i) {
        const Event& e = (*r.trace)[i];
        if (e.kind == EventKind::StepScheduled && e.sub == std::uint8_t(WakeReason::Handoff))
            out << QString::number(nsToSeconds(e.t), 'f', 3) + QLatin1Char(' ') +
                       QString::fromStdString(meta.taskName(TaskId(e.a()))) + " -> " +
                       QString::fromStdString(meta.taskName(TaskId(e.task)));
    }
    return out;
}

} // namespace

class TestLessonLocks : public QObject
{
    Q_OBJECT

private slots:
    void oneAtATimeInArrivalOrder()
    {
        const auto r = run("locks");
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 0.3);
        QCOMPARE(timedLines(r), (QStringList{
            "0.000 tx 1: waiting for the lock", "0.000 tx 1: got the lock at 0.00 s",
            "0.000 tx 2: waiting for the lock", "0.000 tx 3: waiting for the lock",
            "0.100 tx 1: releasing at 0.10 s", "0.100 tx 2: got the lock at 0.10 s",
            "0.200 tx 2: releasing at 0.20 s", "0.200 tx 3: got the lock at 0.20 s",
            "0.300 tx 3: releasing at 0.30 s", "0.300 main: all done at 0.30 s"}));
        QCOMPARE(handoffs(r), (QStringList{"0.100 tx-1 -> tx-2", "0.200 tx-2 -> tx-3"}));
        QVERIFY(warningKinds(r).empty());
    }

    void totalIsNTimesHold_data()
    {
        QTest::addColumn<QString>("n");
        QTest::addColumn<QString>("hold");
        QTest::addColumn<double>("total");
        QTest::newRow("4 x 0.5") << "4" << "0.5" << 2.0;
        QTest::newRow("1 x 0.1") << "1" << "0.1" << 0.1;
        QTest::newRow("10 x 0.25") << "10" << "0.25" << 2.5;
    }
    void totalIsNTimesHold()
    {
        QFETCH(QString, n);
        QFETCH(QString, hold);
        QFETCH(double, total);
        const auto r = run("locks", {"n=" + n.toStdString(), "hold=" + hold.toStdString()});
        QCOMPARE(lessontest::total(r), total);
        QCOMPARE(handoffs(r).size(), n.toInt() - 1);
        // The lock is taken in the order the transactions asked for it.
        int expected = 1;
        for (const auto& text : texts(r))
            if (text.find(": got the lock") != std::string::npos)
                QCOMPARE(text.substr(0, text.find(':')), "tx " + std::to_string(expected++));
        QCOMPARE(expected, n.toInt() + 1);
    }

    void oppositeOrderDeadlocksAndNamesTheCycle()
    {
        const auto r = run("locks", {"deadlock=true"});
        QVERIFY(r.deadlocked);
        QCOMPARE(r.error, std::string("deadlock"));
        QCOMPARE(total(r), 0.1);
        QCOMPARE(timedLines(r), (QStringList{"0.000 A: holds L1", "0.000 B: holds L2", "0.100 A: waits for L2",
                                             "0.100 B: waits for L1"}));
        QCOMPARE(warningKinds(r), (std::vector<std::string>{"deadlock"}));
        QCOMPARE(warningText(r, WarningKind::Deadlock),
                 std::string("deadlock: nothing can ever run again, but 3 tasks wait; "
                             "cycle: A waits for lock L2 (held by B), B waits for lock L1 (held by A); "
                             "waiting: main waits for gather of 2 tasks, A waits for lock L2 (held by B), "
                             "B waits for lock L1 (held by A)"));
        QCOMPARE(taskState(r, "A"), std::string("pending"));
        QCOMPARE(taskState(r, "B"), std::string("pending"));
        const auto slow = run("locks", {"deadlock=true", "hold=2"});
        QCOMPARE(total(slow), 2.0);
        QVERIFY(slow.deadlocked);
    }

    void predictionsAreComputedFromTheRuns()
    {
        QCOMPARE(answers("locks"), (std::vector<std::string>{"0.30", "all done", "2"}));
        QCOMPARE(answers("locks", {"n=6", "hold=1"}), (std::vector<std::string>{"6.00", "all done", "5"}));
        QCOMPARE(answers("locks", {"deadlock=true"}), (std::vector<std::string>{"0.10", "deadlock", "0"}));
    }
};

QTEST_GUILESS_MAIN(TestLessonLocks)
#include "tst_lesson_locks.moc"
