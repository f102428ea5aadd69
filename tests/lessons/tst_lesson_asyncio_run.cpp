// asyncio-run: the syllabus figures. The lifecycle phases appear on the loop lane (start, main
// runs, leftovers cancelled, closed); nested=true ends in a RuntimeError as main's own failure.

#include "lessontest.h"

using namespace lessontest;

namespace {

// The run's lifecycle phases on the loop lane, with their times: "1.200 cancel_leftovers 1".
QStringList lifecycle(const VariantRun& r)
{
    QStringList out;
    for (std::size_t i = 0; i < r.trace->size(); ++i) {
        const Event& e = (*r.trace)[i];
        if (e.kind != EventKind::LoopPhase)
            continue;
        const auto p = LoopPhase(e.sub);
        QString name;
        switch (p) {
        case LoopPhase::Start: name = QStringLiteral("start"); break;
        case LoopPhase::CancelLeftovers: name = QStringLiteral("cancel_leftovers %1").arg(e.arg.ab.b); break;
        case LoopPhase::ShutdownExecutors: name = QStringLiteral("shutdown_executors"); break;
        case LoopPhase::Closed: name = QStringLiteral("closed"); break;
        default: continue;
        }
        out << QString::number(nsToSeconds(e.t), 'f', 3) + QLatin1Char(' ') + name;
    }
    return out;
}

// The error text recorded with the task's finish, or "".
std::string finishError(const VariantRun& r, std::string_view name)
{
    for (std::size_t i = 0; i < r.trace->size(); ++i) {
        const Event& e = (*r.trace)[i];
        if (e.kind == EventKind::TaskFinished && r.trace->meta().taskName(TaskId(e.task)) == name)
            return e.arg.ab.a ? r.trace->meta().string(StringId(e.arg.ab.a)) : std::string();
    }
    return "(not finished)";
}

} // namespace

class TestLessonAsyncioRun : public QObject
{
    Q_OBJECT

private slots:
    void leftoversAreCancelledThenTheLoopCloses()
    {
        const auto r = run("asyncio-run");
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 1.2);
        QCOMPARE(timedLines(r), (QStringList{"0.000 main: running in the loop that asyncio.run created",
                                             "0.500 ticker: tick", "1.000 ticker: tick",
                                             "1.200 main: returning; ticker is still pending",
                                             "1.200 ticker: cancelled by asyncio.run on its way out"}));
        QCOMPARE(lifecycle(r), (QStringList{"0.000 start", "1.200 cancel_leftovers 1", "1.200 shutdown_executors",
                                            "1.200 closed"}));
        const Event& last = (*r.trace)[r.trace->size() - 1];
        QVERIFY(last.kind == EventKind::LoopPhase && LoopPhase(last.sub) == LoopPhase::Closed);
        QCOMPARE(taskState(r, "main"), std::string("done"));
        QCOMPARE(taskState(r, "ticker"), std::string("cancelled"));
        QVERIFY(warningKinds(r).empty());
        QCOMPARE(answers("asyncio-run"), (std::vector<std::string>{"2", "cancelled", "it returns normally"}));
    }

    void nestedRunFailsMainWithRuntimeError()
    {
        const auto r = run("asyncio-run", {"nested=true"});
        const std::string error = "RuntimeError: asyncio.run() cannot be called from a running event loop";
        QCOMPARE(r.error, error);
        QCOMPARE(total(r), 1.2);
        QCOMPARE(timedLines(r), (QStringList{"0.000 main: running in the loop that asyncio.run created",
                                             "0.500 ticker: tick", "1.000 ticker: tick",
                                             "1.200 main: calling asyncio.run() inside the running loop",
                                             "1.200 ticker: cancelled by asyncio.run on its way out"}));
        // The failure belongs to main, the task that tried it; the outer run still cleans up.
        QCOMPARE(taskState(r, "main"), std::string("failed"));
        QCOMPARE(finishError(r, "main"), error);
        QCOMPARE(taskState(r, "ticker"), std::string("cancelled"));
        QCOMPARE(lifecycle(r), (QStringList{"0.000 start", "1.200 cancel_leftovers 1", "1.200 shutdown_executors",
                                            "1.200 closed"}));
        QVERIFY(warningKinds(r).empty()); // the refused inner coroutine was closed, not leaked
        QCOMPARE(answers("asyncio-run", {"nested=true"}),
                 (std::vector<std::string>{"2", "cancelled", "it fails with RuntimeError"}));
    }
};

QTEST_GUILESS_MAIN(TestLessonAsyncioRun)
#include "tst_lesson_asyncio_run.moc"
