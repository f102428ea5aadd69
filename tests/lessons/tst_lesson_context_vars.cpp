// context-vars: the syllabus figures. contextvar: every log line carries its own task's id;
// global: after the first await the ids bleed between tasks, and the listing flags those lines.

#include "lessontest.h"

using namespace lessontest;

namespace {

// Each printed line's id and the name of the task that printed it, for every log line.
std::vector<std::pair<std::string, std::string>> idsAndPrinters(const VariantRun& r)
{
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& printed : console(r)) {
        if (printed.text.empty() || printed.text.front() != '[')
            continue;
        out.emplace_back(printed.text.substr(1, printed.text.find(']') - 1),
                         r.trace->meta().taskName(printed.task));
    }
    return out;
}

} // namespace

class TestLessonContextVars : public QObject
{
    Q_OBJECT

private slots:
    void contextVarKeepsEachTasksId()
    {
        const auto r = run("context-vars");
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 0.35); // the slowest request: 0.1*3 + 0.05
        QCOMPARE(timedLines(r), (QStringList{
            "0.000 [req-1] received at 0.00 s", "0.000 [req-2] received at 0.00 s",
            "0.000 [req-3] received at 0.00 s",
            "0.100 [req-1] queried the database at 0.10 s", "0.150 [req-1] sent the response at 0.15 s",
            "0.200 [req-2] queried the database at 0.20 s", "0.250 [req-2] sent the response at 0.25 s",
            "0.300 [req-3] queried the database at 0.30 s", "0.350 [req-3] sent the response at 0.35 s",
            "0.350 main: 3 requests served in 0.35 s"}));
        for (const auto& [id, printer] : idsAndPrinters(r))
            QCOMPARE(id, printer);
        QCOMPARE(answers("context-vars"), (std::vector<std::string>{"0.35", "0"}));
    }

    void globalBleedsTheLastWritersId()
    {
        const auto r = run("context-vars", {"storage=global"});
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 0.35);
        QCOMPARE(timedLines(r), (QStringList{
            "0.000 [req-1] received at 0.00 s", "0.000 [req-2] received at 0.00 s",
            "0.000 [req-3] received at 0.00 s",
            "0.100 [req-3] queried the database at 0.10 s   <-- wrong id",
            "0.150 [req-3] sent the response at 0.15 s   <-- wrong id",
            "0.200 [req-3] queried the database at 0.20 s   <-- wrong id",
            "0.250 [req-3] sent the response at 0.25 s   <-- wrong id",
            "0.300 [req-3] queried the database at 0.30 s", "0.350 [req-3] sent the response at 0.35 s",
            "0.350 main: 3 requests served in 0.35 s"}));
        // The flag is right: exactly the lines whose id is not their printer's are marked.
        const auto pairs = idsAndPrinters(r);
        const auto lines = texts(r);
        for (std::size_t i = 0; i < pairs.size(); ++i)
            QCOMPARE(pairs[i].first != pairs[i].second, lines[i].find("<-- wrong id") != std::string::npos);
        QCOMPARE(answers("context-vars", {"storage=global"}), (std::vector<std::string>{"0.35", "4"}));
    }

    void moreRequests_data()
    {
        QTest::addColumn<QString>("n");
        QTest::addColumn<QString>("storage");
        QTest::addColumn<double>("total");
        QTest::addColumn<int>("wrong");
        QTest::newRow("1 global: the bug hides") << "1" << "global" << 0.15 << 0;
        QTest::newRow("5 global") << "5" << "global" << 0.55 << 8;
        QTest::newRow("20 global") << "20" << "global" << 2.05 << 38;
        QTest::newRow("20 contextvar") << "20" << "contextvar" << 2.05 << 0;
    }
    void moreRequests()
    {
        QFETCH(QString, n);
        QFETCH(QString, storage);
        QFETCH(double, total);
        QFETCH(int, wrong);
        const std::initializer_list<std::string> settings{"n=" + n.toStdString(), "storage=" + storage.toStdString()};
        const auto r = run("context-vars", settings);
        QCOMPARE(lessontest::total(r), total);
        QCOMPARE(texts(r).size(), std::size_t(3 * n.toInt() + 1));
        int flagged = 0, mismatched = 0;
        for (const auto& line : texts(r))
            flagged += line.find("<-- wrong id") != std::string::npos;
        for (const auto& [id, printer] : idsAndPrinters(r))
            mismatched += id != printer;
        QCOMPARE(flagged, wrong);
        QCOMPARE(mismatched, wrong);
        QCOMPARE(answers("context-vars", settings).at(1), std::to_string(wrong));
    }
};

QTEST_GUILESS_MAIN(TestLessonContextVars)
#include "tst_lesson_context_vars.moc"
