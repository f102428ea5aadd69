#pragma once
// A lesson: its place in the syllabus, its parameters and variants, and its program.
// Ids, parameter names and variant names are contracts (docs: ../shared/SYLLABUS.md).

#include "core/asyncio.h"
#include "core/recording.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace loopscope::lessons {

enum class ParamType { Int, Float, Bool, Choice, List };

struct ParamSpec
{
    std::string name;
    ParamType type = ParamType::Int;
    std::string defaultValue;          // as typed on the command line
    double min = 0;                    // Int, Float; List entries
    double max = 0;
    std::vector<std::string> choices;  // Choice
    std::size_t minEntries = 1, maxEntries = 1; // List
    std::string help;
};

using ParamValue = std::variant<std::int64_t, double, bool, std::string>;

class Params
{
public:
    void set(const std::string& name, ParamValue v) { m_values[name] = std::move(v); }
    std::int64_t integer(const std::string& name) const { return std::get<std::int64_t>(m_values.at(name)); }
    double number(const std::string& name) const { return std::get<double>(m_values.at(name)); }
    bool flag(const std::string& name) const { return std::get<bool>(m_values.at(name)); }
    const std::string& text(const std::string& name) const { return std::get<std::string>(m_values.at(name)); }
    std::vector<double> list(const std::string& name) const;
    const std::map<std::string, ParamValue>& values() const { return m_values; }

private:
    std::map<std::string, ParamValue> m_values;
};

// One variant's recording: its trace and how it ended (core/recording.h).
using VariantRun = RecordedRun;

// A question asked before the first run. The answer is computed from the run itself (every variant
// at the chosen parameters), never written in, so it stays right when a parameter changes.
enum class AnswerKind {
    Seconds, // a duration; a guess within 0.05 s or 5 % counts as right
    Count,   // a whole number; must match
    Choice,  // one of `choices`; must match
};

struct Prediction
{
    std::string question;
    AnswerKind kind = AnswerKind::Seconds;
    std::vector<std::string> choices;
    std::function<std::string(const std::vector<VariantRun>& runs)> answer;
};

bool isRightAnswer(const Prediction& prediction, std::string_view guess, std::string_view answer);

// The program returns main's result as Python would print it ("[1, 2, 3]"), or "".
using Program = std::function<Task<std::string>(const Params&, const std::string& variant)>;

struct Lesson
{
    std::string id;
    int chapter = 0;
    std::string chapterTitle;
    std::string title;
    std::vector<ParamSpec> params;
    std::vector<std::string> variants; // {"main"} when the lesson has none
    Program program;
    std::vector<Prediction> predictions;
    // Runs in live mode too (core/live/): real timers, blocking, requests or threads.
    bool live = false;
};

const std::vector<Lesson>& allLessons();
const Lesson* findLesson(std::string_view id);

Params defaultParams(const Lesson& lesson);
// Applies "name=value"; returns a one-line error naming what is valid, or nullopt.
std::optional<std::string> applyAssignment(const Lesson& lesson, Params& params, std::string_view assignment);
std::string describeValid(const ParamSpec& spec);
std::string formatValue(const ParamValue& value);

} // namespace loopscope::lessons
