// fire-and-forget: the syllabus figures. Unfixed, nothing reaches main and "Task exception was never
// retrieved" arrives when the task object is collected (0.5 s, or 1.0 s when a set keeps it);
// fixed, main awaits the task and handles the error, and the loop has nothing to say.

#include "lessontest.h"

using namespace lessontest;

namespace {

std::vector<double> warningTimes(const VariantRun& r, WarningKind kind)
{
    std::vector<double> out;
    for (const auto& w : warnings(r))
        if (w.kind == kind)
            out.push_back(nsToSeconds(w.t));
    return out;
}

} // namespace

class TestLessonFireAndForget : public QObject
{
    Q_OBJECT

private slots:
    void forgottenTaskFailsSilentlyUntilCollected()
    {
        const auto r = run("fire-and-forget");
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 1.0);
        QCOMPARE(timedLines(r), (QStringList{
            "0.000 send_email: sending to ada@example.com at 0.00 s",
            "0.500 loop: Task exception was never retrieved: ConnectionError('mail server refused the connection') at 0.50 s",
            "1.000 main: carried on, no error reached main at 1.00 s",
            "1.000 main: done at 1.00 s"}));
        QCOMPARE(warningKinds(r), std::vector<std::string>{"exception_never_retrieved"});
        QCOMPARE(warningTimes(r, WarningKind::ExceptionNeverRetrieved), std::vector<double>{0.5});
        QCOMPARE(warningText(r, WarningKind::ExceptionNeverRetrieved),
                 std::string("Task exception was never retrieved: task send-email failed with ConnectionError: "
                             "mail server refused the connection"));
        QCOMPARE(taskState(r, "send-email"), std::string("failed"));
        QCOMPARE(taskState(r, "main"), std::string("done"));
        QCOMPARE(answers("fire-and-forget"), (std::vector<std::string>{"no", "0.50"}));
    }

    void aKeptReferenceDelaysTheWarningToCollection()
    {
        const auto r = run("fire-and-forget", {"keep_reference=true"});
        QCOMPARE(r.error, std::string());
        QCOMPARE(timedLines(r), (QStringList{
            "0.000 send_email: sending to ada@example.com at 0.00 s",
            "1.000 main: carried on, no error reached main at 1.00 s",
            "1.000 loop: Task exception was never retrieved: ConnectionError('mail server refused the connection') at 1.00 s",
            "1.000 main: done at 1.00 s"}));
        QCOMPARE(warningTimes(r, WarningKind::ExceptionNeverRetrieved), std::vector<double>{1.0});
        QCOMPARE(taskState(r, "send-email"), std::string("failed"));
        QCOMPARE(answers("fire-and-forget", {"keep_reference=true"}), (std::vector<std::string>{"no", "1.00"}));
    }

    void fixedAwaitsAndHandlesTheError_data()
    {
        QTest::addColumn<QString>("keep");
        QTest::newRow("dropped") << "false";
        QTest::newRow("kept") << "true";
    }
    void fixedAwaitsAndHandlesTheError()
    {
        QFETCH(QString, keep);
        const std::string keepSetting = "keep_reference=" + keep.toStdString();
        const auto r = run("fire-and-forget", {"fixed=true", keepSetting});
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 0.5);
        QCOMPARE(timedLines(r), (QStringList{
            "0.000 send_email: sending to ada@example.com at 0.00 s",
            "0.500 main: handled ConnectionError('mail server refused the connection') at 0.50 s",
            "0.500 main: done at 0.50 s"}));
        QVERIFY(warningKinds(r).empty());
        QCOMPARE(taskState(r, "send-email"), std::string("failed"));
        QCOMPARE(answers("fire-and-forget", {"fixed=true", keepSetting}), (std::vector<std::string>{"yes", "0.00"}));
    }
};

QTEST_GUILESS_MAIN(TestLessonFireAndForget)
#include "tst_lesson_fire_and_forget.moc"
