// The recording loader under a seeded mutation loop: bit flips, overwrites, cuts, insertions and
// copied slices, applied both to whole files (where the checksums catch them) and to payloads
// wrapped again with correct checksums (where the structural checks must). Every case is either
// opened, and then read to the end by Replay and the queries without fault, or refused with one
// line that names the problem. CI runs it under ASan and UBSan, so an out-of-bounds read or an
// overflow anywhere fails the test. RECORDING_FUZZ_CASES sets the count (10,000 by default).

#include "core/recordingfile.h"
#include "core/replay.h"
#include "core/tracequery.h"
#include "recordingsample.h"

#include <QTest>

#include <random>

using namespace loopscope;
using namespace loopscope::test;

namespace {

std::string mutate(std::string bytes, std::mt19937& rng)
{
    auto pick = [&](std::size_t n) { return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    const int rounds = 1 + int(pick(4));
    for (int r = 0; r < rounds; ++r) {
        switch (pick(7)) {
        case 0: // flip one bit
            if (!bytes.empty())
                bytes[pick(bytes.size())] ^= char(1 << pick(8));
            break;
        case 1: // overwrite a byte with a value loaders like to trust
            if (!bytes.empty()) {
                static const char values[] = {0, 1, char(0x7f), char(0x80), char(0xff)};
                bytes[pick(bytes.size())] = values[pick(sizeof values)];
            }
            break;
        case 2: // overwrite four bytes: a count or an id
            if (bytes.size() >= 4) {
                const std::size_t at = pick(bytes.size() - 3);
                const std::uint32_t v = pick(2) ? std::uint32_t(rng()) : std::uint32_t(pick(64));
                for (int i = 0; i < 4; ++i)
                    bytes[at + i] = char((v >> (8 * i)) & 0xff);
            }
            break;
        case 3: // cut
            bytes.resize(pick(bytes.size() + 1));
            break;
        case 4: // insert random bytes
            bytes.insert(pick(bytes.size() + 1), std::string(1 + pick(16), char(rng())));
            break;
        case 5: // copy a slice over another place
            if (bytes.size() > 8) {
                const std::size_t from = pick(bytes.size()), to = pick(bytes.size());
                const std::size_t n = std::min({std::size_t(1 + pick(48)), bytes.size() - from, bytes.size() - to});
                const std::string slice = bytes.substr(from, n);
                bytes.replace(to, n, slice);
            }
            break;
        case 6: // erase a range
            if (!bytes.empty()) {
                const std::size_t at = pick(bytes.size());
                bytes.erase(at, 1 + pick(std::min<std::size_t>(32, bytes.size() - at)));
            }
            break;
        }
    }
    return bytes;
}

// Everything a view does with an opened recording, in miniature.
std::size_t readEverything(const Recording& rec)
{
    std::size_t seen = 0;
    for (const RecordedRun& run : rec.runs) {
        Replay replay(*run.trace);
        const ReplayState& end = replay.stateAfter(run.trace->size());
        seen += end.tasks.size() + end.objects.size() + end.ready.size() + end.timers.size();
        seen += replay.stateAfter(run.trace->size() / 2).events;
        seen += replay.stateAt(run.trace->endTime() / 3).events;
        for (const auto& line : printedLines(*run.trace))
            seen += line.text.size();
        seen += loopWarnings(*run.trace).size() + tasksCreated(*run.trace);
        seen += std::size_t(peakCounter(*run.trace, ObjectKind::Semaphore));
        for (std::uint32_t t = 0; t <= run.trace->meta().taskCount(); ++t)
            seen += run.trace->meta().taskName(TaskId(t)).size();
    }
    return seen;
}

bool knownRefusal(const std::string& why)
{
    for (const char* start : {"not a Loopscope recording", "truncated: ", "damaged: ", "made by a newer Loopscope"})
        if (why.rfind(start, 0) == 0)
            return true;
    return false;
}

} // namespace

class TestRecordingFuzz : public QObject
{
    Q_OBJECT
private slots:
    void everyCaseIsOpenedOrRefused()
    {
        const int cases = qEnvironmentVariableIsSet("RECORDING_FUZZ_CASES")
                              ? qEnvironmentVariableIntValue("RECORDING_FUZZ_CASES")
                              : 10000;
        const std::string file = encodeRecording(sampleRecording());
        std::string error;
        const std::string payload = unwrapRecordingPayload(file, error);
        QVERIFY(error.empty());

        std::mt19937 rng(20261130);
        int opened = 0, refusedByChecksum = 0, refusedByStructure = 0;
        for (int i = 0; i < cases; ++i) {
            // Even cases damage the file; odd ones damage the payload and wrap it correctly.
            const bool wholeFile = i % 2 == 0;
            const std::string bytes = wholeFile ? mutate(file, rng) : wrapRecordingPayload(mutate(payload, rng));
            Recording rec;
            const std::string why = decodeRecording(bytes, rec);
            if (why.empty()) {
                ++opened;
                readEverything(rec);
                // What opened saves again and opens again.
                Recording again;
                if (!decodeRecording(encodeRecording(rec), again).empty())
                    QFAIL(qPrintable(QStringLiteral("case %1 opened but did not reopen after saving").arg(i)));
                continue;
            }
            if (!knownRefusal(why) || why.find('\n') != std::string::npos)
                QFAIL(qPrintable(QStringLiteral("case %1: unexpected refusal '%2'").arg(i).arg(QString::fromStdString(why))));
            (wholeFile ? refusedByChecksum : refusedByStructure)++;
        }
        qInfo("%d cases: %d opened, %d whole-file refusals, %d payload refusals", cases, opened, refusedByChecksum,
              refusedByStructure);
        // The mutations reach both the checks and the readers.
        QVERIFY(opened > 0);
        QVERIFY(refusedByChecksum > 0);
        QVERIFY(refusedByStructure > 0);
    }
};

QTEST_GUILESS_MAIN(TestRecordingFuzz)
#include "tst_recordingfuzz.moc"
