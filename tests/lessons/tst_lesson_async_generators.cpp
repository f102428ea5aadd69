// async-generators: the syllabus figures. The generator's page fetches and main's item waits
// interleave in main's one task; total = pages*page_delay + items*item_delay + one last empty fetch.

#include "lessontest.h"
#include "lessons/format.h"

#include <set>

using namespace lessontest;

namespace {

// F for a page fetch (the sleep in fetch_page, listing line 13), i for an item wait (line 38),
// in the order main's task suspended; and which tasks those suspensions belong to.
std::string suspensionPattern(const VariantRun& r, std::set<std::uint32_t>& tasks)
{
    std::string pattern;
    for (std::size_t i = 0; i < r.trace->size(); ++i) {
        const Event& e = (*r.trace)[i];
        if (e.kind != EventKind::TaskSuspended && e.kind != EventKind::TaskYielded)
            continue;
        tasks.insert(e.task);
        pattern += e.line == 13 ? 'F' : e.line == 38 ? 'i' : '?';
    }
    return pattern;
}

int tasksCreated(const VariantRun& r)
{
    int created = 0;
    for (std::size_t i = 0; i < r.trace->size(); ++i)
        created += (*r.trace)[i].kind == EventKind::TaskCreated;
    return created;
}

} // namespace

class TestLessonAsyncGenerators : public QObject
{
    Q_OBJECT

private slots:
    void defaultsInterleaveInOneTask()
    {
        const auto r = run("async-generators");
        QCOMPARE(r.error, std::string());
        QCOMPARE(total(r), 3.2); // 3*0.5 + 12*0.1 + 0.5
        QCOMPARE(timedLines(r), (QStringList{
            "0.500 paginate: page 1 has 4 items at 0.50 s",
            "0.600 main: processed item 1.1 at 0.60 s", "0.700 main: processed item 1.2 at 0.70 s",
            "0.800 main: processed item 1.3 at 0.80 s", "0.900 main: processed item 1.4 at 0.90 s",
            "1.400 paginate: page 2 has 4 items at 1.40 s",
            "1.500 main: processed item 2.1 at 1.50 s", "1.600 main: processed item 2.2 at 1.60 s",
            "1.700 main: processed item 2.3 at 1.70 s", "1.800 main: processed item 2.4 at 1.80 s",
            "2.300 paginate: page 3 has 4 items at 2.30 s",
            "2.400 main: processed item 3.1 at 2.40 s", "2.500 main: processed item 3.2 at 2.50 s",
            "2.600 main: processed item 3.3 at 2.60 s", "2.700 main: processed item 3.4 at 2.70 s",
            "3.200 paginate: page 4 has 0 items at 3.20 s",
            "3.200 main: 12 items in 3.20 s"}));
        std::set<std::uint32_t> tasks;
        QCOMPARE(QString::fromStdString(suspensionPattern(r, tasks)), QStringLiteral("FiiiiFiiiiFiiiiF"));
        QCOMPARE(tasks.size(), std::size_t(1)); // every suspension is main's
        QCOMPARE(tasksCreated(r), 1);
        QCOMPARE(taskState(r, "main"), std::string("done"));
        QCOMPARE(answers("async-generators"), (std::vector<std::string>{"3.20", "4", "1"}));
    }

    void totalIsPagesItemsAndOneEmptyFetch_data()
    {
        QTest::addColumn<QString>("pages");
        QTest::addColumn<QString>("perPage");
        QTest::addColumn<QString>("pageDelay");
        QTest::addColumn<QString>("itemDelay");
        QTest::addColumn<double>("total");
        QTest::addColumn<QString>("pattern");
        QTest::newRow("no pages") << "0" << "4" << "0.5" << "0.1" << 0.5 << "F";
        QTest::newRow("2 pages of 3") << "2" << "3" << "1" << "0.25" << 4.5 << "FiiiFiiiF";
        QTest::newRow("1 page of 1") << "1" << "1" << "2" << "0.5" << 4.5 << "FiF";
        QTest::newRow("5 pages of 2") << "5" << "2" << "0.2" << "0.3" << 4.2 << "FiiFiiFiiFiiFiiF";
    }
    void totalIsPagesItemsAndOneEmptyFetch()
    {
        QFETCH(QString, pages);
        QFETCH(QString, perPage);
        QFETCH(QString, pageDelay);
        QFETCH(QString, itemDelay);
        QFETCH(double, total);
        QFETCH(QString, pattern);
        const std::initializer_list<std::string> settings{
            "pages=" + pages.toStdString(), "per_page=" + perPage.toStdString(),
            "page_delay=" + pageDelay.toStdString(), "item_delay=" + itemDelay.toStdString()};
        const auto r = run("async-generators", settings);
        QCOMPARE(r.error, std::string());
        QCOMPARE(lessontest::total(r), total);
        const int items = pages.toInt() * perPage.toInt();
        QCOMPARE(texts(r).back(), "main: " + std::to_string(items) + " items in " + lessons::fixed2(total) + " s");
        std::set<std::uint32_t> tasks;
        QCOMPARE(QString::fromStdString(suspensionPattern(r, tasks)), pattern);
        QCOMPARE(tasks.size(), std::size_t(1));
        const auto a = answers("async-generators", settings);
        QCOMPARE(a, (std::vector<std::string>{lessons::fixed2(total), std::to_string(pages.toInt() + 1), "1"}));
    }
};

QTEST_GUILESS_MAIN(TestLessonAsyncGenerators)
#include "tst_lesson_async_generators.moc"
