// contextvars: each task has its own context, copied from its creator at creation.

#include "core/testsupport.h"

#include <QTest>

using namespace loopscope;
using namespace loopscope::test;

class TestContextVar : public QObject
{
    Q_OBJECT
private slots:
    void eachTaskSeesItsOwnValue()
    {
        LoopFixture f;
        ContextVar<std::string> requestId("request_id", "none");
        auto handler = [&](int i, double d) -> Task<void> {
            requestId.set("req-" + std::to_string(i));
            co_await asyncio::sleep(d);
            print("handler " + std::to_string(i) + " sees " + requestId.get());
            co_await asyncio::sleep(d);
            print("handler " + std::to_string(i) + " still sees " + requestId.get());
        };
        auto main = [&]() -> Task<void> {
            co_await gather(handler(1, 0.3), handler(2, 0.1), handler(3, 0.2));
            print("main sees " + requestId.get());
        };
        f.loop.run(main());
        QCOMPARE(qtLines(f.console()), qtLines({
                                           "0.100 handler 2 sees req-2",
                                           "0.200 handler 3 sees req-3",
                                           "0.200 handler 2 still sees req-2",
                                           "0.300 handler 1 sees req-1",
                                           "0.400 handler 3 still sees req-3",
                                           "0.600 handler 1 still sees req-1",
                                           "0.600 main sees none",
                                       }));
        QCOMPARE(requestId.get(), std::string("none")); // outside any task: the default
    }

    void childInheritsCopyAtCreation()
    {
        LoopFixture f;
        ContextVar<int> depth("depth", -1);
        auto child = [&]() -> Task<void> {
            print("child sees " + std::to_string(depth.get()));
            co_await asyncio::sleep(0.5);
            print("child still sees " + std::to_string(depth.get()));
        };
        auto main = [&]() -> Task<void> {
            depth.set(1);
            auto c = f.loop.createTask(child(), "child"); // copies the context now
            depth.set(2);                                 // not seen by the child
            co_await c;
            print("main sees " + std::to_string(depth.get()));
        };
        f.loop.run(main());
        QCOMPARE(qtLines(f.console()),
                 qtLines({"0.000 child sees 1", "0.500 child still sees 1", "0.500 main sees 2"}));
    }

    void setInChildDoesNotLeakToParent()
    {
        LoopFixture f;
        ContextVar<std::string> user("user", "anonymous");
        ContextVar<int> other("other", 0);
        auto child = [&]() -> Task<void> {
            user.set("child");
            other.set(7);
            co_await asyncio::sleep(0.1);
            print("child: " + user.get() + " " + std::to_string(other.get()));
        };
        auto main = [&]() -> Task<void> {
            user.set("parent");
            auto c1 = f.loop.createTask(child(), "c1");
            co_await c1;
            print("parent: " + user.get() + " " + std::to_string(other.get()));
            // Awaiting a coroutine directly runs it in this task: its set() is ours.
            co_await child();
            print("parent after inline: " + user.get() + " " + std::to_string(other.get()));
        };
        f.loop.run(main());
        QCOMPARE(qtLines(f.console()), qtLines({"0.100 child: child 7", "0.100 parent: parent 0", "0.200 child: child 7",
                                                "0.200 parent after inline: child 7"}));
    }

    void setOutsideTaskRaises()
    {
        ContextVar<int> v("v", 3);
        QVERIFY_THROWS_EXCEPTION(RuntimeError, v.set(4));
        QCOMPARE(v.get(), 3);
    }
};

QTEST_GUILESS_MAIN(TestContextVar)
#include "tst_contextvar.moc"
