// producer-consumer: the syllabus figures. The queue never holds more than maxsize items,
// producers wait on put while it is full, join() returns after the last task_done(), and the
// total follows the slower side.

#include "lessontest.h"

using namespace lessontest;

namespace {

// "0.600 producer-2": every time a task suspended waiting to put into a full queue.
QStringList blockedOnPut(const VariantRun& r)
{
    QStringList out;
    const TraceMeta& meta = r.trace->meta();
    for (std::size_t i = 0; i < r.trace->size(); ++i) {
        const Event& e = (*r.trace)[i];
        if (e.kind == EventKind::TaskSuspended && e.sub == std::uint8_t(WaitKind::QueuePut))
            out << QString::number(nsToSeconds(e.t), 'f', 3) + QLatin1Char(' ') +
                       QString::fromStdString(meta.taskName(TaskId(e.task)));
    }
    return out;
}

double lastPrintedAt(const VariantRun& r, std::string_view fragment)
{
    double t = -1;
    for (const auto& line : console(r))
        if (line.text.find(fragment) != std::string::npos)
            t = nsToSeconds(line.t);
    return t;
}

} // namespace

class TestLessonProducerConsumer : public QObject
{
    Q_OBJECT

private slots:
    void boundedQueueHoldsProducersBack()
    {
        const auto r = run("producer-consumer");
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 2.7);
        QCOMPARE(timedLines(r), (QStringList{
            "0.200 producer 1: put item 1 at 0.20 s, size 1", "0.200 producer 2: put item 2 at 0.20 s, size 2",
            "0.200 consumer 1: got item 1 at 0.20 s", "0.200 consumer 2: got item 2 at 0.20 s",
            "0.400 producer 1: put item 3 at 0.40 s, size 1", "0.400 producer 2: put item 4 at 0.40 s, size 2",
            "0.600 producer 1: put item 5 at 0.60 s, size 3", "0.600 producer 2: queue full, waiting to put item 6",
            "0.700 consumer 1: got item 3 at 0.70 s", "0.700 consumer 2: got item 4 at 0.70 s",
            "0.700 producer 2: put item 6 at 0.70 s, size 2", "0.800 producer 1: put item 7 at 0.80 s, size 3",
            "0.900 producer 2: queue full, waiting to put item 8", "1.000 producer 1: queue full, waiting to put item 9",
            "1.200 consumer 1: got item 5 at 1.20 s", "1.200 consumer 2: got item 6 at 1.20 s",
            "1.200 producer 2: put item 8 at 1.20 s, size 2", "1.200 producer 1: put item 9 at 1.20 s, size 3",
            "1.400 producer 2: queue full, waiting to put item 10", "1.700 consumer 2: got item 7 at 1.70 s",
            "1.700 consumer 1: got item 8 at 1.70 s", "1.700 producer 2: put item 10 at 1.70 s, size 2",
            "1.700 main: all items made at 1.70 s", "2.200 consumer 2: got item 9 at 2.20 s",
            "2.200 consumer 1: got item 10 at 2.20 s", "2.700 main: all items handled at 2.70 s"}));
        QCOMPARE(peakCounter(r, "queue"), 3);
        QCOMPARE(blockedOnPut(r), (QStringList{"0.600 producer-2", "0.900 producer-2", "1.000 producer-1",
                                               "1.400 producer-2"}));
        // join() returns one consume after the last item was taken: after the last task_done().
        QCOMPARE(printedAt(r, "main: all items handled"), lastPrintedAt(r, ": got item") + 0.5);
        QCOMPARE(taskState(r, "consumer-1"), std::string("cancelled"));
        QCOMPARE(taskState(r, "consumer-2"), std::string("cancelled"));
        QCOMPARE(taskState(r, "producer-1"), std::string("done"));
    }

    void unboundedQueueNeverBlocksAPut()
    {
        const auto r = run("producer-consumer", {"maxsize=0"});
        QCOMPARE(total(r), 2.7); // the consumers are the slower side either way
        QCOMPARE(peakCounter(r, "queue"), 6);
        QVERIFY(blockedOnPut(r).isEmpty());
        QCOMPARE(printedAt(r, "main: all items made"), 1.0);
        QCOMPARE(printedAt(r, "queue full"), -1.0);
    }

    void queueOfOneAlternates()
    {
        const auto r = run("producer-consumer",
                           {"maxsize=1", "produce=0", "items=4", "producers=1", "consumers=1"});
        QCOMPARE(total(r), 2.0);
        QCOMPARE(peakCounter(r, "queue"), 1);
        QCOMPARE(blockedOnPut(r), (QStringList{"0.000 producer-1", "0.500 producer-1"}));
        QCOMPARE(printedAt(r, "main: all items handled at 2.00 s"), 2.0);
    }

    void totalFollowsTheSlowerSide()
    {
        // Fast consumers: the producers set the pace (5 rounds of 0.5 s, then one last consume).
        const auto fast = run("producer-consumer", {"produce=0.5", "consume=0.1"});
        QCOMPARE(total(fast), 2.6);
        QVERIFY(blockedOnPut(fast).isEmpty());
        QCOMPARE(peakCounter(fast, "queue"), 2);
        // Nothing to wait for at all.
        QCOMPARE(total(run("producer-consumer", {"produce=0", "consume=0", "items=3"})), 0.0);
    }

    void predictionsAreComputedFromTheRuns()
    {
        QCOMPARE(answers("producer-consumer"), (std::vector<std::string>{"2.70", "4"}));
        QCOMPARE(answers("producer-consumer", {"maxsize=0"}), (std::vector<std::string>{"2.70", "0"}));
    }
};

QTEST_GUILESS_MAIN(TestLessonProducerConsumer)
#include "tst_lesson_producer_consumer.moc"
