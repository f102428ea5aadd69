// Every lesson and variant, at its defaults and at one other setting, saved as a recording and
// opened again: the same events, tables and summary, the same Replay state after every event, the
// same console, warnings and prediction answers.

#include "core/recordingfile.h"
#include "core/replay.h"
#include "lessons/answers.h"
#include "lessontest.h"
#include "othersetting.h"

#include <cstring>

using namespace lessontest;

namespace {

// The first difference between two runs' recordings, or "".
std::string firstDifference(const VariantRun& a, const VariantRun& b)
{
    if (a.variant != b.variant || a.total != b.total || a.result != b.result || a.error != b.error ||
        a.deadlocked != b.deadlocked || a.stopped != b.stopped)
        return "summary";
    const Trace &ta = *a.trace, &tb = *b.trace;
    if (ta.size() != tb.size())
        return "event count";
    const TraceMeta &ma = ta.meta(), &mb = tb.meta();
    if (ma.stringCount() != mb.stringCount() || ma.taskCount() != mb.taskCount() || ma.objectCount() != mb.objectCount())
        return "table sizes";
    for (std::uint32_t i = 0; i < ma.stringCount(); ++i)
        if (ma.string(StringId(i)) != mb.string(StringId(i)))
            return "string " + std::to_string(i);
    for (std::uint32_t i = 0; i <= ma.taskCount(); ++i)
        if (ma.taskName(TaskId(i)) != mb.taskName(TaskId(i)) || ma.task(TaskId(i)).parent != mb.task(TaskId(i)).parent)
            return "task " + std::to_string(i);
    for (std::uint32_t i = 0; i <= ma.objectCount(); ++i) {
        const ObjectInfo &oa = ma.object(ObjectId(i)), &ob = mb.object(ObjectId(i));
        if (oa.kind != ob.kind || oa.name != ob.name || oa.capacity != ob.capacity)
            return "object " + std::to_string(i);
    }
    // The state after every event, applied in lockstep.
    ReplayState sa, sb;
    for (std::size_t i = 0; i < ta.size(); ++i) {
        if (std::memcmp(&ta[i], &tb[i], sizeof(Event)) != 0)
            return "event " + std::to_string(i);
        Replay::apply(sa, ta[i]);
        Replay::apply(sb, tb[i]);
        if (!(sa == sb))
            return "replay state after event " + std::to_string(i);
    }
    // phaseAfter (what the task table follows) agrees with Replay about every task's phase.
    {
        ReplayState state;
        std::vector<TaskPhase> phases;
        for (std::size_t i = 0; i < ta.size(); ++i) {
            const Event& e = ta[i];
            if (phases.size() <= e.task)
                phases.resize(e.task + 1, TaskPhase::Created);
            if (const auto next = phaseAfter(e, phases[e.task]))
                phases[e.task] = *next;
            Replay::apply(state, e);
            if (e.task < state.tasks.size() && state.tasks[e.task].phase != phases[e.task])
                return "phaseAfter and Replay disagree after event " + std::to_string(i);
        }
    }
    // And through the seeking Replay, as the views use it.
    Replay ra(ta), rb(tb);
    for (std::size_t at : {ta.size(), ta.size() / 2, std::size_t(0), ta.size() / 3})
        if (!(ra.stateAfter(at) == rb.stateAfter(at)))
            return "seeked replay state at " + std::to_string(at);
    const auto ca = printedLines(ta), cb = printedLines(tb);
    if (ca.size() != cb.size())
        return "console";
    for (std::size_t i = 0; i < ca.size(); ++i)
        if (ca[i].t != cb[i].t || ca[i].task != cb[i].task || ca[i].text != cb[i].text || ca[i].line != cb[i].line)
            return "console line " + std::to_string(i);
    if (loopWarnings(ta).size() != loopWarnings(tb).size())
        return "warnings";
    return {};
}

} // namespace

class TestRecordingRoundTrip : public QObject
{
    Q_OBJECT

private slots:
    void everyLessonComesBackTheSame_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("setting");
        for (const Lesson& lesson : allLessons()) {
            QTest::newRow((lesson.id + " defaults").c_str()) << QString::fromStdString(lesson.id) << QString();
            const std::string other = otherSetting(lesson);
            if (!other.empty())
                QTest::newRow((lesson.id + " " + other).c_str())
                    << QString::fromStdString(lesson.id) << QString::fromStdString(other);
        }
    }

    void everyLessonComesBackTheSame()
    {
        QFETCH(QString, id);
        QFETCH(QString, setting);
        const Lesson& lesson = lessonById(id.toStdString());
        Params params = defaultParams(lesson);
        if (!setting.isEmpty())
            QVERIFY(!applyAssignment(lesson, params, setting.toStdString()));

        Recording original;
        original.lessonId = lesson.id;
        original.params = {{"a", "1"}};
        original.listingName = "listing.py";
        original.listingText = "print('hi')\n";
        original.runs = runAllVariants(lesson, params);

        const std::string bytes = encodeRecording(original);
        Recording back;
        QCOMPARE(QString::fromStdString(decodeRecording(bytes, back)), QString());
        QCOMPARE(back.runs.size(), original.runs.size());
        for (std::size_t i = 0; i < back.runs.size(); ++i) {
            const std::string diff = firstDifference(original.runs[i], back.runs[i]);
            QVERIFY2(diff.empty(), (original.runs[i].variant + ": " + diff).c_str());
        }
        // The prediction answers come from the recording alone, so they agree too.
        for (const Prediction& p : lesson.predictions)
            QCOMPARE(p.answer(back.runs), p.answer(original.runs));
    }
};

QTEST_GUILESS_MAIN(TestRecordingRoundTrip)
#include "tst_recording_roundtrip.moc"
