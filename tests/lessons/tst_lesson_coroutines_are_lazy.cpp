// coroutines-are-lazy: the syllabus figures. forgot-await: the body never runs and a never-awaited
// warning appears; await: the body runs inside main's task, no new lane; create-task: a new lane
// that starts at the next loop turn, not at the call.

#include "lessontest.h"

using namespace lessontest;

namespace {

// "0.000 main: text": each printed line with the name of the task that printed it.
QStringList linesByTask(const VariantRun& r)
{
    QStringList out;
    for (const auto& line : console(r))
        out << QString::number(nsToSeconds(line.t), 'f', 3) + QLatin1Char(' ') +
                   QString::fromStdString(r.trace->meta().taskName(line.task)) + QStringLiteral(": ") +
                   QString::fromStdString(line.text);
    return out;
}

// The loop iteration during which the first event of `kind` for the task named `name` happened.
std::int64_t iterationOf(const VariantRun& r, EventKind kind, std::string_view name)
{
    std::int64_t iteration = -1;
    for (std::size_t i = 0; i < r.trace->size(); ++i) {
        const Event& e = (*r.trace)[i];
        if (e.kind == EventKind::LoopPhase)
            iteration = e.arg.ab.a;
        else if (e.kind == kind && e.task && r.trace->meta().taskName(TaskId(e.task)) == name)
            return iteration;
    }
    return -2;
}

std::vector<std::string> taskNames(const VariantRun& r)
{
    std::vector<std::string> out;
    for (std::size_t i = 0; i < r.trace->size(); ++i)
        if ((*r.trace)[i].kind == EventKind::TaskCreated)
            out.push_back(r.trace->meta().taskName(TaskId((*r.trace)[i].task)));
    return out;
}

} // namespace

class TestLessonCoroutinesAreLazy : public QObject
{
    Q_OBJECT

private slots:
    void forgotAwaitNeverRunsTheBodyAndWarns()
    {
        const auto r = run("coroutines-are-lazy", {"mode=forgot-await"});
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 0.0);
        QCOMPARE(linesByTask(r), (QStringList{"0.000 main: main: called greet() without await",
                                              "0.000 main: main: returning"}));
        QCOMPARE(warningKinds(r), (std::vector<std::string>{"never_awaited"}));
        QCOMPARE(warningText(r, WarningKind::NeverAwaited), std::string("coroutine 'greet' was never awaited"));
        QCOMPARE(taskNames(r), (std::vector<std::string>{"main"}));
        QCOMPARE(answers("coroutines-are-lazy", {"mode=forgot-await"}),
                 (std::vector<std::string>{"0", "1", "0.00"}));
    }

    void awaitRunsTheBodyInsideMainsTask()
    {
        const auto r = run("coroutines-are-lazy", {"mode=await"});
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 1.0);
        QCOMPARE(linesByTask(r), (QStringList{"0.000 main: main: awaiting greet() directly",
                                              "0.000 main: greet A: body starts",
                                              "1.000 main: greet A: body ends",
                                              "1.000 main: main: got 'hello, A'",
                                              "1.000 main: main: returning"}));
        QVERIFY(warningKinds(r).empty());
        QCOMPARE(taskNames(r), (std::vector<std::string>{"main"})); // no new lane
        QCOMPARE(answers("coroutines-are-lazy", {"mode=await"}), (std::vector<std::string>{"2", "1", "1.00"}));
    }

    void createTaskStartsTheBodyAtTheNextTurn()
    {
        const auto r = run("coroutines-are-lazy", {"mode=create-task"});
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 1.0);
        QCOMPARE(linesByTask(r), (QStringList{"0.000 main: main: task created, its body has not started yet",
                                              "0.000 greet: greet A: body starts",
                                              "1.000 greet: greet A: body ends",
                                              "1.000 main: main: got 'hello, A'",
                                              "1.000 main: main: returning"}));
        QVERIFY(warningKinds(r).empty());
        QCOMPARE(taskNames(r), (std::vector<std::string>{"main", "greet"}));
        QCOMPARE(taskState(r, "greet"), std::string("done"));
        // Created during main's first step, first run one loop turn later, after main suspended.
        const auto created = iterationOf(r, EventKind::TaskCreated, "greet");
        QVERIFY(created >= 0);
        QCOMPARE(iterationOf(r, EventKind::TaskResumed, "greet"), created + 1);
        QCOMPARE(iterationOf(r, EventKind::TaskSuspended, "main"), created);
        QCOMPARE(answers("coroutines-are-lazy", {"mode=create-task"}), (std::vector<std::string>{"2", "2", "1.00"}));
    }

    void defaultModeIsForgotAwait()
    {
        const auto r = run("coroutines-are-lazy");
        QCOMPARE(warningKinds(r), (std::vector<std::string>{"never_awaited"}));
        QCOMPARE(texts(r), (std::vector<std::string>{"main: called greet() without await", "main: returning"}));
    }
};

QTEST_GUILESS_MAIN(TestLessonCoroutinesAreLazy)
#include "tst_lesson_coroutines_are_lazy.moc"
