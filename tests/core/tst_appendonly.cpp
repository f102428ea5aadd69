// AppendOnlyArray: elements never move as the array grows, and a reader on another thread sees
// every element below the size it reads, while the writer keeps appending (a live run's trace).

#include "core/appendonly.h"

#include <QTest>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using namespace loopscope;

class TestAppendOnly : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void growsAcrossChunksAndTablesWithoutMovingAnything()
    {
        AppendOnlyArray<std::string, 2> a; // chunks of 4: the chunk table is replaced several times
        std::vector<const std::string*> addresses;
        for (int i = 0; i < 1000; ++i) {
            a.push_back(std::to_string(i));
            addresses.push_back(&a[std::size_t(i)]);
        }
        QCOMPARE(a.size(), std::size_t(1000));
        QCOMPARE(a.back(), std::string("999"));
        for (int i = 0; i < 1000; ++i) {
            QCOMPARE(a[std::size_t(i)], std::to_string(i));
            QVERIFY(addresses[std::size_t(i)] == &a[std::size_t(i)]);
        }
    }

    void aReaderSeesEveryPublishedElementWhileTheWriterAppends()
    {
        constexpr std::size_t n = 300'000;
        AppendOnlyArray<std::size_t, 4> a; // small chunks: many table replacements under the reader
        std::atomic<bool> bad{false};
        std::thread reader([&] {
            std::size_t seen = 0;
            while (seen < n) {
                const std::size_t size = a.size();
                for (std::size_t i = seen; i < size; ++i)
                    if (a[i] != i * 3)
                        bad = true;
                seen = size;
            }
        });
        for (std::size_t i = 0; i < n; ++i)
            a.push_back(i * 3);
        reader.join();
        QVERIFY(!bad);
    }
};

QTEST_GUILESS_MAIN(TestAppendOnly)
#include "tst_appendonly.moc"
