#include "cli.h"

#include "jsonstream.h"
#include "livelesson.h"
#include "core/numtext.h"
#include "core/replay.h"
#include "lessons/lesson.h"
#include "lessons/runner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <csignal>
#include <cstdio>
#include <iterator>

#include <unistd.h>

namespace loopscope::app {

using namespace loopscope::lessons;

namespace {

void out(const QString& text)
{
    std::fputs(text.toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
}

int fail(const QString& message)
{
    std::fputs((QStringLiteral("loopscope: ") + message + QLatin1Char('\n')).toUtf8().constData(), stderr);
    return 2;
}

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

const char* typeName(ParamType t)
{
    switch (t) {
    case ParamType::Int: return "int";
    case ParamType::Float: return "float";
    case ParamType::Bool: return "bool";
    case ParamType::Choice: return "choice";
    case ParamType::List: return "list";
    }
    return "?";
}

QJsonValue jsonValue(const ParamValue& v)
{
    return std::visit(
        [](const auto& x) -> QJsonValue {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::string>)
                return q(x);
            else if constexpr (std::is_same_v<T, std::int64_t>)
                return double(x);
            else
                return x;
        },
        v);
}

const char* kindName(AnswerKind kind)
{
    switch (kind) {
    case AnswerKind::Seconds: return "seconds";
    case AnswerKind::Count: return "count";
    case AnswerKind::Choice: return "choice";
    }
    return "";
}

// The lesson's questions; with runs (every variant), each with the answer the run gives.
QJsonArray predictionsJson(const Lesson& lesson, const std::vector<VariantRun>* runs)
{
    QJsonArray out;
    for (const Prediction& p : lesson.predictions) {
        QJsonObject o{{QStringLiteral("question"), q(p.question)},
                      {QStringLiteral("kind"), QString::fromLatin1(kindName(p.kind))}};
        if (!p.choices.empty()) {
            QJsonArray choices;
            for (const auto& c : p.choices)
                choices.append(q(c));
            o.insert(QStringLiteral("choices"), choices);
        }
        if (runs)
            o.insert(QStringLiteral("answer"), q(p.answer(*runs)));
        out.append(o);
    }
    return out;
}

int list(bool json)
{
    QJsonArray lessons;
    for (const Lesson& l : allLessons()) {
        if (!json) {
            out(QStringLiteral("%1  %2  %3").arg(q(l.id), -22).arg(l.chapter).arg(q(l.title)));
            continue;
        }
        QJsonArray params;
        for (const ParamSpec& p : l.params) {
            QJsonObject o{{QStringLiteral("name"), q(p.name)},
                          {QStringLiteral("type"), QString::fromLatin1(typeName(p.type))},
                          {QStringLiteral("default"), q(p.defaultValue)},
                          {QStringLiteral("help"), q(p.help)}};
            if (p.type == ParamType::Choice) {
                QJsonArray choices;
                for (const auto& c : p.choices)
                    choices.append(q(c));
                o.insert(QStringLiteral("choices"), choices);
            } else if (p.type != ParamType::Bool) {
                o.insert(QStringLiteral("min"), p.min);
                o.insert(QStringLiteral("max"), p.max);
            }
            params.append(o);
        }
        QJsonArray variants;
        for (const auto& v : l.variants)
            variants.append(q(v));
        lessons.append(QJsonObject{{QStringLiteral("id"), q(l.id)},
                                   {QStringLiteral("chapter"), l.chapter},
                                   {QStringLiteral("chapter_title"), q(l.chapterTitle)},
                                   {QStringLiteral("title"), q(l.title)},
                                   {QStringLiteral("params"), params},
                                   {QStringLiteral("variants"), variants},
                                   {QStringLiteral("predictions"), predictionsJson(l, nullptr)}});
    }
    if (json)
        out(QString::fromUtf8(QJsonDocument(lessons).toJson(QJsonDocument::Indented)));
    return 0;
}

// Ctrl+C, SIGTERM or SIGHUP during a live run: the run stops part way and reports what it
// recorded. A second one ends the process at once, for a user who will not wait for the report.
volatile std::sig_atomic_t g_interrupted = 0; // the signal that asked for the stop, or 0

void onInterrupt(int signal)
{
    if (g_interrupted) {
        constexpr char kAgain[] = "loopscope: stopped at once\n";
        [[maybe_unused]] const auto written = ::write(2, kAgain, sizeof kAgain - 1);
        ::_exit(128 + signal);
    }
    g_interrupted = signal;
}

// Installs onInterrupt for the stopping signals while it lives; the previous handlers after.
class StopSignals
{
public:
    StopSignals()
    {
        struct sigaction action = {};
        action.sa_handler = onInterrupt;
        sigemptyset(&action.sa_mask);
        for (std::size_t i = 0; i < std::size(kSignals); ++i)
            sigaction(kSignals[i], &action, &m_previous[i]);
    }
    ~StopSignals()
    {
        for (std::size_t i = 0; i < std::size(kSignals); ++i)
            sigaction(kSignals[i], &m_previous[i], nullptr);
    }
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

private:
    static constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction m_previous[std::size(kSignals)] = {};
};

struct LiveVariants
{
    std::vector<VariantRun> runs;
    std::vector<int> served; // requests the local server answered, per run
    std::vector<int> sent;   // requests that went on the wire, per run
    bool stopped = false;
};

// Each variant in turn, live. A Ctrl+C stops the one that runs and skips the rest.
LiveVariants runLive(const Lesson& lesson, const Params& params, const QString& variant)
{
    LiveVariants live;
    const StopSignals stopSignals;
    for (const auto& v : lesson.variants) {
        if (!variant.isEmpty() && q(v) != variant)
            continue;
        LiveLessonRun run(lesson, params, v);
        run.start();
        while (!run.wait(50))
            if (g_interrupted)
                run.requestStop();
        live.served.push_back(run.requestsServed());
        live.sent.push_back(run.requestsSent());
        live.runs.push_back(run.takeResult());
        if (g_interrupted) {
            live.stopped = true;
            break;
        }
    }
    return live;
}

void seconds(JsonStream& json, TimeNs t)
{
    if (t < 0)
        json.null();
    else
        json.number(nsToSeconds(t));
}

// One variant of the report, streamed: a run of 100,000 tasks writes as fast as it replays.
void writeVariant(JsonStream& json, const VariantRun& run)
{
    const TraceMeta& meta = run.trace->meta();
    Replay replay(*run.trace);
    const ReplayState& end = replay.stateAfter(run.trace->size());
    json.beginObject();
    json.key("name");
    json.string(run.variant);
    json.key("total_s");
    json.number(nsToSeconds(run.total));
    json.key("result");
    json.string(run.result);
    json.key("error");
    run.error.empty() ? json.null() : json.string(run.error);
    json.key("tasks");
    json.beginArray();
    for (std::size_t id = 1; id < end.tasks.size(); ++id) {
        const TaskView& t = end.tasks[id];
        if (!t.exists)
            continue;
        const char* state = t.phase == TaskPhase::Done        ? "done"
                            : t.phase == TaskPhase::Failed    ? "failed"
                            : t.phase == TaskPhase::Cancelled ? "cancelled"
                                                              : "pending";
        json.beginObject();
        json.key("id");
        json.integer(static_cast<long long>(id));
        json.key("name");
        json.string(meta.taskName(TaskId(std::uint32_t(id))));
        json.key("state");
        json.string(state);
        json.key("created_s");
        seconds(json, t.created);
        json.key("started_s");
        seconds(json, t.started);
        json.key("finished_s");
        seconds(json, t.finished);
        json.key("error");
        t.error ? json.string(meta.string(t.error)) : json.null();
        json.endObject();
    }
    json.endArray();
    json.key("console");
    json.beginArray();
    for (const auto& line : run.loop->console()) {
        json.beginObject();
        json.key("t_s");
        json.number(nsToSeconds(line.t));
        json.key("task");
        json.string(line.task ? meta.taskName(line.task) : std::string("loop"));
        json.key("text");
        json.string(line.text);
        json.endObject();
    }
    json.endArray();
    json.key("warnings");
    json.beginArray();
    for (const auto& w : run.loop->warnings()) {
        json.beginObject();
        json.key("t_s");
        json.number(nsToSeconds(w.t));
        json.key("kind");
        json.string(toString(w.kind));
        json.key("text");
        json.string(w.text);
        json.endObject();
    }
    json.endArray();
    json.endObject();
}

int run(const QStringList& args)
{
    if (args.isEmpty())
        return fail(QStringLiteral("usage: loopscope run ID [--set NAME=VALUE]... [--variant NAME] [--live] [--json]"));
    LessonChoice choice;
    QStringList rest;
    if (const QString error = parseLessonChoice(args, choice, rest); !error.isEmpty())
        return fail(error);
    bool json = false;
    bool live = false;
    for (const QString& a : rest) {
        if (a == QLatin1String("--json"))
            json = true;
        else if (a == QLatin1String("--live"))
            live = true;
        else
            return fail(QStringLiteral("unexpected argument '%1'; usage: loopscope run ID [--set NAME=VALUE]... "
                                       "[--variant NAME] [--live] [--json]")
                            .arg(a));
    }
    if (live && !choice.lesson->live)
        return fail(QStringLiteral("lesson %1 runs on the virtual clock only; lessons that run live: %2")
                        .arg(q(choice.lesson->id), q(liveLessonIds())));
    const Lesson* lesson = choice.lesson;
    const Params& params = choice.params;
    const QString& variant = choice.variant;
    QJsonObject paramsJson;
    for (const auto& [name, value] : params.values())
        paramsJson.insert(q(name), jsonValue(value));
    std::vector<VariantRun> runs;
    LiveVariants liveRuns;
    if (live) {
        liveRuns = runLive(*lesson, params, variant);
        runs = std::move(liveRuns.runs);
    } else {
        for (const auto& v : lesson->variants)
            if (variant.isEmpty() || q(v) == variant)
                runs.push_back(runVariant(*lesson, params, v));
    }
    // Answers read every variant, so they come only with a run of all of them; they are the
    // virtual clock's exact figures, so a live run does not claim them.
    const bool allVariants = variant.isEmpty() && !live;
    const int exitCode = liveRuns.stopped ? 128 + int(g_interrupted) : 0; // 130 for Ctrl+C, as shells expect
    if (json) {
        JsonStream report(stdout);
        report.beginObject();
        report.key("lesson");
        report.string(lesson->id);
        report.key("clock");
        report.string(live ? "live" : "virtual");
        report.key("params");
        report.value(paramsJson);
        report.key("variants");
        report.beginArray();
        for (const auto& r : runs)
            writeVariant(report, r);
        report.endArray();
        if (allVariants) {
            report.key("predictions");
            report.value(predictionsJson(*lesson, &runs));
        }
        if (liveRuns.stopped) {
            report.key("stopped");
            report.boolean(true);
        }
        report.endObject();
        std::fputc('\n', stdout);
        return exitCode;
    }
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const VariantRun& r = runs[i];
        QString how;
        if (live)
            how = liveRuns.sent[i] > 0 ? QStringLiteral(" live, %1 requests sent, the local server answered %2")
                                             .arg(liveRuns.sent[i])
                                             .arg(liveRuns.served[i])
                                       : QStringLiteral(" live");
        out(QStringLiteral("== %1 / %2: %3 s%4%5").arg(q(lesson->id), q(r.variant)).arg(nsToSeconds(r.total), 0, 'f', 3)
                .arg(how, r.error.empty() ? QString() : QStringLiteral(" (%1)").arg(q(r.error))));
        for (const auto& line : r.loop->console())
            out(QStringLiteral("%1  %2").arg(nsToSeconds(line.t), 8, 'f', 3).arg(q(line.text)));
        for (const auto& w : r.loop->warnings())
            out(QStringLiteral("%1  warning: %2").arg(nsToSeconds(w.t), 8, 'f', 3).arg(q(w.text)));
    }
    if (allVariants)
        for (const Prediction& p : lesson->predictions)
            out(QStringLiteral("?  %1  → %2").arg(q(p.question), q(p.answer(runs))));
    if (liveRuns.stopped)
        out(QStringLiteral("stopped part way (%1); the report above is what was recorded")
                .arg(g_interrupted == SIGINT    ? QStringLiteral("Ctrl+C")
                     : g_interrupted == SIGTERM ? QStringLiteral("SIGTERM")
                                                : QStringLiteral("SIGHUP")));
    return exitCode;
}

} // namespace

int failUsage(const QString& message)
{
    return fail(message);
}

std::optional<double> numberArg(const QString& text, double lo, double hi)
{
    const auto v = parseNumber(text.toStdString());
    if (!v || *v < lo || *v > hi)
        return std::nullopt;
    return v;
}

QString parseLessonChoice(const QStringList& args, LessonChoice& choice, QStringList& rest)
{
    if (args.isEmpty() || args.first().startsWith(QLatin1Char('-')))
        return QStringLiteral("expected a lesson id first; `loopscope list` shows them");
    choice.lesson = findLesson(args.first().toStdString());
    if (!choice.lesson) {
        QStringList ids;
        for (const Lesson& l : allLessons())
            ids << q(l.id);
        return QStringLiteral("unknown lesson '%1'; lessons: %2").arg(args.first(), ids.join(QStringLiteral(", ")));
    }
    const Lesson& lesson = *choice.lesson;
    choice.params = defaultParams(lesson);
    for (int i = 1; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == QLatin1String("--set") && i + 1 < args.size()) {
            if (auto error = applyAssignment(lesson, choice.params, args[++i].toStdString()))
                return q(*error);
        } else if (a == QLatin1String("--variant") && i + 1 < args.size()) {
            choice.variant = args[++i];
            bool known = false;
            for (const auto& v : lesson.variants)
                known |= q(v) == choice.variant;
            if (!known) {
                QStringList names;
                for (const auto& v : lesson.variants)
                    names << q(v);
                return QStringLiteral("unknown variant '%1' for lesson %2; variants: %3")
                    .arg(choice.variant, q(lesson.id), names.join(QStringLiteral(", ")));
            }
        } else {
            rest << a;
        }
    }
    return {};
}

bool isCliCommand(const QStringList& args)
{
    return !args.isEmpty() && (args.first() == QLatin1String("list") || args.first() == QLatin1String("run"));
}

int runCli(const QStringList& args)
{
    if (args.first() == QLatin1String("list")) {
        if (args.size() > 2 || (args.size() == 2 && args[1] != QLatin1String("--json")))
            return fail(QStringLiteral("usage: loopscope list [--json]"));
        return list(args.size() == 2);
    }
    return run(args.mid(1));
}

} // namespace loopscope::app
