// Recording files: what is saved comes back the same, and every damaged file is refused with the
// reason (truncated, damaged, newer version, not a recording).

#include "core/recordingfile.h"
#include "core/tracequery.h"
#include "recordingsample.h"

#include <QTest>

#include <zlib.h>

#include <cstring>

using namespace loopscope;
using namespace loopscope::test;

namespace {

void put32(std::string& bytes, std::size_t at, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        bytes[at + i] = char((v >> (8 * i)) & 0xff);
}

std::uint32_t get32(const std::string& bytes, std::size_t at)
{
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
        v |= std::uint32_t(std::uint8_t(bytes[at + i])) << (8 * i);
    return v;
}

QString refusal(std::string_view bytes)
{
    Recording out;
    return QString::fromStdString(decodeRecording(bytes, out));
}

} // namespace

class TestRecordingFile : public QObject
{
    Q_OBJECT
private slots:
    void roundTripKeepsEverything()
    {
        const Recording rec = sampleRecording();
        const std::string bytes = encodeRecording(rec);
        Recording back;
        QCOMPARE(QString::fromStdString(decodeRecording(bytes, back)), QString());
        QCOMPARE(back.lessonId, rec.lessonId);
        QVERIFY(back.params == rec.params);
        QCOMPARE(back.clock, rec.clock);
        QCOMPARE(back.listingName, rec.listingName);
        QCOMPARE(back.listingText, rec.listingText);
        QCOMPARE(back.runs.size(), std::size_t(1));
        const RecordedRun &a = rec.runs[0], &b = back.runs[0];
        QCOMPARE(b.variant, a.variant);
        QCOMPARE(b.total, a.total);
        QCOMPARE(b.result, a.result);
        QCOMPARE(b.error, a.error);
        QCOMPARE(b.deadlocked, a.deadlocked);
        // The same events, byte for byte, and the same rendering through the tables.
        QCOMPARE(b.trace->size(), a.trace->size());
        QVERIFY(std::memcmp(&(*a.trace)[0], &(*b.trace)[0], sizeof(Event)) == 0);
        QCOMPARE(joinLines(renderTrace(*b.trace)), joinLines(renderTrace(*a.trace)));
        const TraceMeta &ma = a.trace->meta(), &mb = b.trace->meta();
        QCOMPARE(mb.stringCount(), ma.stringCount());
        QCOMPARE(mb.taskCount(), ma.taskCount());
        QCOMPARE(mb.objectCount(), ma.objectCount());
        for (std::uint32_t i = 1; i <= ma.taskCount(); ++i) {
            QCOMPARE(mb.taskName(TaskId(i)), ma.taskName(TaskId(i)));
            QCOMPARE(mb.task(TaskId(i)).parent, ma.task(TaskId(i)).parent);
        }
        QCOMPARE(mb.objectName(ObjectId(1)), std::string("pool"));
        QCOMPARE(mb.object(ObjectId(1)).capacity, std::int64_t(2));
        QCOMPARE(mb.object(ObjectId(1)).kind, ObjectKind::Semaphore);
        // The console and the warnings come from the recording alone.
        const auto lines = printedLines(*b.trace);
        QCOMPARE(lines.size(), std::size_t(5));
        QCOMPARE(lines.back().text, std::string("done"));
        QCOMPARE(lines.back().t, sec(1.7)); // w3 holds from 0.45 s for 0.75 s, w4 from 0.7 s for 1 s
        const auto warnings = loopWarnings(*b.trace);
        QCOMPARE(warnings.size(), std::size_t(1));
        QCOMPARE(warnings[0].kind, WarningKind::SlowCallback);
        QCOMPARE(peakCounter(*b.trace, ObjectKind::Semaphore), std::int64_t(2));
        // Encoding what was read gives the same file again.
        QVERIFY(encodeRecording(back) == bytes);
    }

    void liveFieldsRoundTrip()
    {
        Recording rec = sampleRecording();
        rec.clock = ClockKind::Live;
        rec.runs[0].stopped = true;
        rec.runs[0].requestsSent = 96;
        rec.runs[0].requestsServed = 40;
        Recording back;
        QCOMPARE(QString::fromStdString(decodeRecording(encodeRecording(rec), back)), QString());
        QCOMPARE(back.clock, ClockKind::Live);
        QVERIFY(back.runs[0].stopped);
        QCOMPARE(back.runs[0].requestsSent, std::int64_t(96));
        QCOMPARE(back.runs[0].requestsServed, std::int64_t(40));
    }

    void refusesWhatIsNotARecording()
    {
        QCOMPARE(refusal(""), QStringLiteral("not a Loopscope recording (it does not begin with a recording's signature)"));
        QCOMPARE(refusal("PK\x03\x04 a zip file"), refusal(""));
    }

    void refusesTruncatedFiles()
    {
        const std::string bytes = encodeRecording(sampleRecording());
        QCOMPARE(refusal(bytes.substr(0, 20)), QStringLiteral("truncated: the file ends inside its header (20 of 40 bytes)"));
        const std::string cut = bytes.substr(0, bytes.size() - 10);
        const std::size_t packed = bytes.size() - kRecordingHeaderSize;
        QCOMPARE(refusal(cut), QStringLiteral("truncated: %1 of %2 bytes of recorded data are there").arg(packed - 10).arg(packed));
        QCOMPARE(refusal(bytes + "xx"), QStringLiteral("damaged: 2 unexpected bytes follow the recorded data"));
    }

    void refusesDamage()
    {
        const std::string bytes = encodeRecording(sampleRecording());
        std::string header = bytes;
        header[17] ^= 0x01; // the payload size, without fixing the header's checksum
        QCOMPARE(refusal(header), QStringLiteral("damaged: the header's checksum does not match"));
        std::string body = bytes;
        body[bytes.size() / 2] ^= 0x40;
        const QString why = refusal(body);
        QVERIFY2(why.startsWith(QLatin1String("damaged: the recorded data")), qPrintable(why));
    }

    void refusesANewerVersionByName()
    {
        std::string bytes = encodeRecording(sampleRecording());
        put32(bytes, 8, kRecordingFormatVersion + 1);
        // A newer writer computes its own header checksum: do the same.
        put32(bytes, 36, std::uint32_t(crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), 36)));
        QCOMPARE(refusal(bytes), QStringLiteral("made by a newer Loopscope: format version %1, this one reads up to %2; "
                                                "update Loopscope to open it")
                                     .arg(kRecordingFormatVersion + 1)
                                     .arg(kRecordingFormatVersion));
    }

    void refusesEventsThatNameMissingEntries()
    {
        std::string error;
        const std::string payload = unwrapRecordingPayload(encodeRecording(sampleRecording()), error);
        QCOMPARE(QString::fromStdString(error), QString());
        // The last event is the loop closing: make it name a task far past the table.
        std::string bad = payload;
        put32(bad, bad.size() - 24 + 8, 1'000'000);
        QCOMPARE(refusal(wrapRecordingPayload(bad)),
                 QStringLiteral("damaged: event %1: an event names a task that is not in the task table")
                     .arg(sampleRecording().runs[0].trace->size() - 1));
        // An unknown event kind.
        bad = payload;
        bad[bad.size() - 24 + 12] = char(200);
        QVERIFY(refusal(wrapRecordingPayload(bad)).endsWith(QLatin1String("has an unknown kind")));
        // Time running backwards.
        bad = payload;
        put32(bad, bad.size() - 24, 0);
        put32(bad, bad.size() - 24 + 4, 0);
        QVERIFY(refusal(wrapRecordingPayload(bad)).endsWith(QLatin1String("is earlier than the one before it")));
        // Cut inside the events, re-wrapped so that the checksums hold.
        QCOMPARE(refusal(wrapRecordingPayload(payload.substr(0, payload.size() - 5))),
                 QStringLiteral("damaged: the events are cut short"));
        QCOMPARE(get32(payload, 0), std::uint32_t(6)); // the payload begins with the lesson id, "sample"
    }
};

QTEST_GUILESS_MAIN(TestRecordingFile)
#include "tst_recordingfile.moc"
