// Trace storage: 24-byte events, stable addresses across chunk growth, time search, interning.

#include "core/testsupport.h"
#include "core/stringindex.h"

#include <QTest>

using namespace loopscope;
using namespace loopscope::test;

class TestTrace : public QObject
{
    Q_OBJECT
private slots:
    void eventIs24Bytes()
    {
        QCOMPARE(sizeof(Event), std::size_t(24));
        Event e;
        e.arg.v = -5;
        QCOMPARE(e.v(), std::int64_t(-5));
        e.arg.ab = {7, 9};
        QCOMPARE(e.a(), 7u);
        QCOMPARE(e.b(), 9u);
    }

    void addressesStableAcrossGrowth()
    {
        Trace trace;
        const std::size_t total = Trace::kChunkSize * 2 + 17;
        std::vector<const Event*> addresses;
        for (std::size_t i = 0; i < total; ++i) {
            Event e;
            e.t = TimeNs(i);
            e.task = std::uint32_t(i * 3);
            e.kind = EventKind::Print;
            e.arg.ab = {std::uint32_t(i), std::uint32_t(~i)};
            trace.append(e);
            if (i == 0 || i == Trace::kChunkSize - 1 || i == Trace::kChunkSize)
                addresses.push_back(&trace[i]);
        }
        QCOMPARE(trace.size(), total);
        QVERIFY(addresses[0] == &trace[0]);
        QVERIFY(addresses[1] == &trace[Trace::kChunkSize - 1]);
        QVERIFY(addresses[2] == &trace[Trace::kChunkSize]);
        for (std::size_t i = 0; i < total; ++i) {
            if (trace[i].t != TimeNs(i) || trace[i].task != i * 3 || trace[i].a() != std::uint32_t(i) ||
                trace[i].b() != std::uint32_t(~i))
                QFAIL(qPrintable(QStringLiteral("event %1 changed").arg(i)));
        }
        QCOMPARE(trace.bytesUsed(), 3 * Trace::kChunkSize * sizeof(Event));
        QCOMPARE(trace.endTime(), TimeNs(total - 1));
    }

    void upperBound()
    {
        Trace trace;
        QCOMPARE(trace.upperBound(0), 0u);
        QCOMPARE(trace.endTime(), 0);
        for (TimeNs t : {0, 0, 1, 1, 1, 2, 5}) {
            Event e;
            e.t = t;
            trace.append(e);
        }
        QCOMPARE(trace.upperBound(-1), 0u);
        QCOMPARE(trace.upperBound(0), 2u);
        QCOMPARE(trace.upperBound(1), 5u);
        QCOMPARE(trace.upperBound(3), 6u);
        QCOMPARE(trace.upperBound(4), 6u);
        QCOMPARE(trace.upperBound(5), 7u);
        QCOMPARE(trace.upperBound(100), 7u);
    }

    void upperBoundAcrossChunks()
    {
        Trace trace;
        const std::size_t total = Trace::kChunkSize + 100;
        for (std::size_t i = 0; i < total; ++i) {
            Event e;
            e.t = TimeNs(i / 2); // two events per instant
            trace.append(e);
        }
        const TimeNs t = TimeNs(Trace::kChunkSize / 2);
        QCOMPARE(trace.upperBound(t), std::size_t(2 * t + 2));
        QCOMPARE(trace.upperBound(t - 1), std::size_t(2 * t));
    }

    void stringInterning()
    {
        TraceMeta meta;
        const StringId a = meta.intern("hello");
        const StringId b = meta.intern(std::string("hel") + "lo");
        const StringId c = meta.intern("world");
        QVERIFY(a == b);
        QVERIFY(a != c);
        QCOMPARE(meta.string(a), std::string("hello"));
        QCOMPARE(meta.string(c), std::string("world"));
        QCOMPARE(meta.intern("").value, 0u); // string 0 is the empty string
        const std::size_t count = meta.stringCount();
        meta.intern("hello");
        QCOMPARE(meta.stringCount(), count);
        // References stay valid while many more strings are interned.
        const std::string* first = &meta.string(a);
        for (int i = 0; i < 10000; ++i)
            meta.intern("s" + std::to_string(i));
        QVERIFY(first == &meta.string(a));
        QVERIFY(meta.intern("hello") == a);
    }

    // The index behind intern: equal hashes (forced here) are told apart by their texts, and
    // every id stays findable while the table grows.
    void stringIndexProbesPastEqualHashes()
    {
        std::vector<std::string> texts;
        StringIndex index;
        const auto textOf = [&](std::uint32_t id) -> std::string_view { return texts[id]; };
        for (std::uint32_t i = 0; i < 5000; ++i) {
            texts.push_back("name-" + std::to_string(i));
            // Every fifth text shares hash 7: long probe runs, and a wrap round the table's end.
            const std::uint32_t hash = i % 5 == 0 ? 7u : StringIndex::hashOf(texts.back());
            QCOMPARE(index.find(texts.back(), hash, textOf), StringIndex::kNone);
            index.insert(hash, i);
        }
        QCOMPARE(index.size(), std::size_t(5000));
        for (std::uint32_t i = 0; i < 5000; ++i) {
            const std::uint32_t hash = i % 5 == 0 ? 7u : StringIndex::hashOf(texts[i]);
            QCOMPARE(index.find(texts[i], hash, textOf), i);
        }
        QCOMPARE(index.find("name-5000", 7u, textOf), StringIndex::kNone);
        QCOMPARE(index.find("name-1", 7u, textOf), StringIndex::kNone); // right text, wrong hash
        QCOMPARE(StringIndex().find("x", 1u, textOf), StringIndex::kNone);
    }

    // A loader appends strings as stored, duplicates too; intern finds the first of them.
    void appendedDuplicatesKeepTheirIds()
    {
        TraceMeta meta{TraceMeta::Empty{}};
        QCOMPARE(meta.appendString("").value, 0u);
        QCOMPARE(meta.appendString("job").value, 1u);
        QCOMPARE(meta.appendString("job").value, 2u);
        QCOMPARE(meta.string(StringId(2)), std::string("job"));
        QCOMPARE(meta.intern("job").value, 1u);
        QCOMPARE(meta.intern("other").value, 3u);
        QCOMPARE(meta.stringCount(), std::size_t(4));
    }

    void recorderAppendsEveryLoopEvent()
    {
        LoopFixture f;
        std::size_t seen = 0;
        struct Counter final : Instrument
        {
            std::size_t* n;
            void onEvent(const Event&) override { ++*n; }
        } counter;
        counter.n = &seen;
        f.loop.addInstrument(counter);
        auto main = []() -> Task<void> {
            print("a");
            co_await asyncio::sleep(1.0);
            print("b");
        };
        f.loop.run(main());
        f.loop.removeInstrument(counter);
        QCOMPARE(f.trace.size(), seen);
        for (std::size_t i = 1; i < f.trace.size(); ++i)
            QVERIFY(f.trace[i - 1].t <= f.trace[i].t);
        QCOMPARE(f.trace.endTime(), sec(1));
    }
};

QTEST_GUILESS_MAIN(TestTrace)
#include "tst_trace.moc"
