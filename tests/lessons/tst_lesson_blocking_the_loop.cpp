// blocking-the-loop: the syllabus figures. time.sleep(block) in request 2's handler stalls the loop:
// every later timer fires late by the stall, and debug mode reports a slow callback of 5.000 s.
// fix=await or fix=to-thread removes the stall.

#include "lessontest.h"

using namespace lessontest;

namespace {

// The latest a timer fired after its deadline, in seconds, from the trace.
double worstTimerLateness(const VariantRun& r)
{
    std::uint32_t worstUs = 0;
    for (std::size_t i = 0; i < r.trace->size(); ++i) {
        const Event& e = (*r.trace)[i];
        if (e.kind == EventKind::TimerFired)
            worstUs = std::max(worstUs, e.b());
    }
    return worstUs / 1e6;
}

} // namespace

class TestLessonBlockingTheLoop : public QObject
{
    Q_OBJECT

private slots:
    void aBlockingCallStallsEveryone()
    {
        const auto r = run("blocking-the-loop");
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 7.7);
        QCOMPARE(timedLines(r), (QStringList{
            "0.500 server: accepted request-1 at 0.50 s, 0.00 s late",
            "0.700 request-1: done at 0.70 s",
            "1.000 server: accepted request-2 at 1.00 s, 0.00 s late",
            "1.000 request-2: slow step of 5.00 s (none) at 1.00 s",
            "6.000 server: accepted request-3 at 6.00 s, 4.50 s late",
            "6.200 request-2: done at 6.20 s",
            "6.200 request-3: done at 6.20 s",
            "6.500 server: accepted request-4 at 6.50 s, 4.50 s late",
            "6.700 request-4: done at 6.70 s",
            "7.000 server: accepted request-5 at 7.00 s, 4.50 s late",
            "7.200 request-5: done at 7.20 s",
            "7.500 server: accepted request-6 at 7.50 s, 4.50 s late",
            "7.700 request-6: done at 7.70 s",
            "7.700 server: all 6 requests served at 7.70 s"}));
        QCOMPARE(warningKinds(r), std::vector<std::string>{"slow_callback"});
        QCOMPARE(warningText(r, WarningKind::SlowCallback), std::string("slow callback: task request-2 ran for 5.000 s"));
        QCOMPARE(nsToSeconds(warnings(r).front().t), 6.0);
        QCOMPARE(worstTimerLateness(r), 4.5); // main's timer was due at 1.5 s and fired at 6.0 s
        QCOMPARE(taskState(r, "request-2"), std::string("done"));
        QCOMPARE(answers("blocking-the-loop"), (std::vector<std::string>{"7.70", "4.50"}));
    }

    void theFixesRemoveTheStall_data()
    {
        QTest::addColumn<QString>("fix");
        QTest::newRow("await") << "await";
        QTest::newRow("to-thread") << "to-thread";
    }
    void theFixesRemoveTheStall()
    {
        QFETCH(QString, fix);
        const std::string setting = "fix=" + fix.toStdString();
        const auto r = run("blocking-the-loop", {setting});
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 6.2);
        QVERIFY(warningKinds(r).empty());
        QCOMPARE(worstTimerLateness(r), 0.0);
        QCOMPARE(printedAt(r, "accepted request-6 at 3.00 s, 0.00 s late"), 3.0);
        QCOMPARE(printedAt(r, "request-3: done at 1.70 s"), 1.7);
        QCOMPARE(printedAt(r, "request-2: done at 6.20 s"), 6.2);
        QCOMPARE(printedAt(r, "(" + fix.toStdString() + ") at 1.00 s"), 1.0);
        QCOMPARE(answers("blocking-the-loop", {setting}), (std::vector<std::string>{"6.20", "0.00"}));
    }

    void shortBlocksStayUnderTheThreshold()
    {
        const auto r = run("blocking-the-loop", {"block=0.05"});
        QVERIFY(warningKinds(r).empty()); // 0.05 s is under the 0.1 s slow-callback threshold
        QCOMPARE(worstTimerLateness(r), 0.0);
        const auto longer = run("blocking-the-loop", {"block=0.5", "every=1"});
        QCOMPARE(warningText(longer, WarningKind::SlowCallback), std::string("slow callback: task request-2 ran for 0.500 s"));
        QCOMPARE(total(longer), 6.2);
    }
};

QTEST_GUILESS_MAIN(TestLessonBlockingTheLoop)
#include "tst_lesson_blocking_the_loop.moc"
