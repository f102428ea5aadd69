// Async generators: items in order, the generator runs inside the consumer's task.

#include "core/testsupport.h"

#include <QTest>

using namespace loopscope;
using namespace loopscope::test;

class TestAsyncGenerator : public QObject
{
    Q_OBJECT
private slots:
    void pagedGenerator()
    {
        LoopFixture f;
        const int pages = 3, perPage = 2;
        const double pageDelay = 0.5, itemDelay = 0.1;
        // Fetches page after page until a fetch comes back empty.
        auto paged = [&]() -> AsyncGenerator<int> {
            for (int page = 0;; ++page) {
                co_await asyncio::sleep(pageDelay);
                if (page == pages) {
                    print("empty page");
                    co_return;
                }
                print("page " + std::to_string(page));
                for (int i = 0; i < perPage; ++i)
                    co_yield page * perPage + i;
            }
        };
        std::vector<int> items;
        auto main = [&]() -> Task<void> {
            auto gen = paged();
            while (auto item = co_await gen.next()) {
                items.push_back(*item);
                print("item " + std::to_string(*item));
                co_await asyncio::sleep(itemDelay);
            }
            print("end");
        };
        const auto out = f.loop.run(main());
        QVERIFY(items == (std::vector<int>{0, 1, 2, 3, 4, 5}));
        // pages * page_delay + items * item_delay + one last, empty fetch.
        QCOMPARE(out.total, sec(pages * pageDelay + pages * perPage * itemDelay + pageDelay));
        QCOMPARE(out.total, sec(2.6));
        QCOMPARE(qtLines(f.console()), qtLines({
                                           "0.500 page 0",
                                           "0.500 item 0",
                                           "0.600 item 1",
                                           "1.200 page 1",
                                           "1.200 item 2",
                                           "1.300 item 3",
                                           "1.900 page 2",
                                           "1.900 item 4",
                                           "2.000 item 5",
                                           "2.600 empty page",
                                           "2.600 end",
                                       }));
        // One task only: the generator's sleeps and the consumer's interleave on main's lane.
        QCOMPARE(qtLines(f.lines(kinds({EventKind::TaskCreated}))), qtLines({"0.000 task_created main"}));
        const auto suspends = eventsWhere(f.trace, kinds({EventKind::TaskSuspended}));
        QCOMPARE(suspends.size(), 10u); // 4 page fetches + 6 item delays
        for (const Event& e : suspends)
            QCOMPARE(e.task, 1u);
        // Alternation: fetch, item, item, fetch, item, item, ...
        std::string pattern;
        for (const Event& e : suspends)
            pattern += f.trace.meta().string(StringId(e.b())) == "sleep(0.5)" ? 'F' : 'i';
        QCOMPARE(QString::fromStdString(pattern), QStringLiteral("FiiFiiFiiF"));
    }

    void exceptionReachesConsumer()
    {
        LoopFixture f;
        auto failing = [&]() -> AsyncGenerator<int> {
            co_yield 1;
            co_await asyncio::sleep(1.0);
            throw ValueError("broken page");
        };
        std::vector<std::string> seen;
        auto main = [&]() -> Task<void> {
            auto gen = failing();
            try {
                while (auto item = co_await gen.next())
                    seen.push_back(std::to_string(*item));
            } catch (const ValueError& e) {
                seen.push_back(e.what());
            }
        };
        const auto out = f.loop.run(main());
        QCOMPARE(qtLines(seen), qtLines({"1", "ValueError: broken page"}));
        QCOMPARE(out.total, sec(1));
    }

    void emptyGeneratorAndEarlyStop()
    {
        LoopFixture f;
        auto none = []() -> AsyncGenerator<int> { co_return; };
        auto counter = [&]() -> AsyncGenerator<int> {
            for (int i = 0;; ++i) {
                co_await asyncio::sleep(1.0);
                co_yield i;
            }
        };
        int got = -1;
        bool emptyEnded = false;
        auto main = [&]() -> Task<void> {
            {
                auto gen = none();
                emptyEnded = !(co_await gen.next());
            }
            auto gen = counter();
            for (int k = 0; k < 3; ++k)
                got = *(co_await gen.next());
            // Leaving `gen` mid-way destroys the suspended generator: no timer stays armed.
        };
        const auto out = f.loop.run(main());
        QVERIFY(emptyEnded);
        QCOMPARE(got, 2);
        QCOMPARE(out.total, sec(3));
        QVERIFY(f.loop.timers().empty() || f.loop.timers().entries().front().handle == nullptr);
    }
};

QTEST_GUILESS_MAIN(TestAsyncGenerator)
#include "tst_asyncgenerator.moc"
