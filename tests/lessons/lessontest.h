#pragma once
// Helpers for the lesson tests: run a lesson by id with "name=value" settings and read back what
// the run printed, warned and left behind.

#include "core/replay.h"
#include "lessons/lesson.h"
#include "lessons/answers.h"
#include "lessons/runner.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

namespace lessontest {

using namespace loopscope;
using namespace loopscope::lessons;

inline Params paramsFor(const Lesson& lesson, std::initializer_list<std::string> settings)
{
    Params params = defaultParams(lesson);
    for (const auto& s : settings)
        if (auto error = applyAssignment(lesson, params, s))
            throw std::invalid_argument(*error);
    return params;
}

inline const Lesson& lessonById(std::string_view id)
{
    const Lesson* lesson = findLesson(id);
    if (!lesson)
        throw std::invalid_argument("no lesson " + std::string(id));
    return *lesson;
}

// Runs one variant ("" = the lesson's first).
inline VariantRun run(std::string_view id, std::initializer_list<std::string> settings = {},
                      std::string variant = {})
{
    const Lesson& lesson = lessonById(id);
    if (variant.empty())
        variant = lesson.variants.front();
    return runVariant(lesson, paramsFor(lesson, settings), variant);
}

inline double total(const VariantRun& r) { return nsToSeconds(r.total); }

inline std::vector<std::string> texts(const VariantRun& r)
{
    std::vector<std::string> out;
    for (const auto& line : console(r))
        out.push_back(line.text);
    return out;
}

// "0.00 job 1: ..." — time and text, the way a failing comparison is easiest to read.
inline QStringList timedLines(const VariantRun& r)
{
    QStringList out;
    for (const auto& line : console(r))
        out << QString::number(nsToSeconds(line.t), 'f', 3) + QLatin1Char(' ') + QString::fromStdString(line.text);
    return out;
}

// Time of the first printed line containing `fragment`, or -1.
inline double printedAt(const VariantRun& r, std::string_view fragment)
{
    for (const auto& line : console(r))
        if (line.text.find(fragment) != std::string::npos)
            return nsToSeconds(line.t);
    return -1;
}

inline std::vector<std::string> warningKinds(const VariantRun& r)
{
    std::vector<std::string> out;
    for (const auto& w : warnings(r))
        out.push_back(toString(w.kind));
    return out;
}

inline std::string warningText(const VariantRun& r, WarningKind kind)
{
    for (const auto& w : warnings(r))
        if (w.kind == kind)
            return w.text;
    return {};
}

// The final state of the task with this name: "pending", "done", "failed", "cancelled" or "" if none.
inline std::string taskState(const VariantRun& r, std::string_view name)
{
    Replay replay(*r.trace);
    const ReplayState& end = replay.stateAfter(r.trace->size());
    for (std::size_t id = 1; id < end.tasks.size(); ++id) {
        if (!end.tasks[id].exists || r.trace->meta().taskName(TaskId(std::uint32_t(id))) != name)
            continue;
        switch (end.tasks[id].phase) {
        case TaskPhase::Done: return "done";
        case TaskPhase::Failed: return "failed";
        case TaskPhase::Cancelled: return "cancelled";
        default: return "pending";
        }
    }
    return {};
}

// The largest value a Counter event reported for the object named `objectName`.
inline std::int64_t peakCounter(const VariantRun& r, std::string_view objectName)
{
    std::int64_t peak = 0;
    const TraceMeta& meta = r.trace->meta();
    for (std::size_t i = 0; i < r.trace->size(); ++i) {
        const Event& e = (*r.trace)[i];
        if (e.kind == EventKind::Counter && meta.objectName(ObjectId(e.arg.ab.a)) == objectName)
            peak = std::max<std::int64_t>(peak, e.arg.ab.b);
    }
    return peak;
}

// The answer each prediction computes for these settings, in order.
inline std::vector<std::string> answers(std::string_view id, std::initializer_list<std::string> settings = {})
{
    const Lesson& lesson = lessonById(id);
    const auto runs = runAllVariants(lesson, paramsFor(lesson, settings));
    std::vector<std::string> out;
    for (const auto& p : lesson.predictions)
        out.push_back(p.answer(runs));
    return out;
}

} // namespace lessontest
