#include "cli.h"

#include "jsonstream.h"
#include "livelesson.h"
#include "programparams.h"
#include "programrecorder.h"
#include "recordingio.h"
#include "core/numtext.h"
#include "core/replay.h"
#include "lessons/lesson.h"
#include "lessons/answers.h"
#include "lessons/runner.h"
#include "ui/exportfile.h"

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

// Each variant in turn, live. A Ctrl+C stops the one that runs and skips the rest.
std::vector<VariantRun> runLive(const Lesson& lesson, const Params& params, const QString& variant)
{
    std::vector<VariantRun> runs;
    const StopSignals stopSignals;
    for (const auto& v : lesson.variants) {
        if (!variant.isEmpty() && q(v) != variant)
            continue;
        LiveLessonRun live(lesson, params, v);
        live.start();
        while (!live.wait(50))
            if (g_interrupted)
                live.requestStop();
        runs.push_back(live.takeResult());
        if (g_interrupted)
            break;
    }
    return runs;
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
    for (const auto& line : console(run)) {
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
    for (const auto& w : warnings(run)) {
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

// What `run` and `show` report: the same for a run just made and for its recording opened again.
struct Report
{
    const Lesson* lesson = nullptr; // nullptr: a program recorded by loopscope_recorder
    std::string program;            // its file name, then
    Params params;
    ClockKind clock = ClockKind::Virtual;
    std::vector<VariantRun> runs;
    int signal = 0; // the signal that stopped a live run, when it is known
    QString python; // the interpreter's version, for a program just recorded
};

bool anyStopped(const std::vector<VariantRun>& runs)
{
    return std::any_of(runs.begin(), runs.end(), [](const VariantRun& r) { return r.stopped; });
}

// Answers read every variant, so they come only with a run of all of them; they are the virtual
// clock's exact figures, so a live run does not claim them.
bool answersApply(const Report& report)
{
    if (!report.lesson || report.clock != ClockKind::Virtual || report.runs.size() != report.lesson->variants.size())
        return false;
    for (std::size_t i = 0; i < report.runs.size(); ++i)
        if (report.runs[i].variant != report.lesson->variants[i])
            return false;
    return true;
}

void printReport(const Report& report, bool json)
{
    const std::string& name = report.lesson ? report.lesson->id : report.program;
    const bool live = report.clock == ClockKind::Live;
    const bool stopped = anyStopped(report.runs);
    if (json) {
        QJsonObject paramsJson;
        for (const auto& [name, value] : report.params.values())
            paramsJson.insert(q(name), jsonValue(value));
        JsonStream out(stdout);
        out.beginObject();
        out.key("lesson");
        report.lesson ? out.string(report.lesson->id) : out.null();
        if (!report.lesson) {
            out.key("program");
            out.string(report.program);
        }
        out.key("clock");
        out.string(toString(report.clock));
        if (!report.python.isEmpty()) {
            out.key("python");
            out.string(report.python.toStdString());
        }
        out.key("params");
        out.value(paramsJson);
        out.key("variants");
        out.beginArray();
        for (const auto& r : report.runs)
            writeVariant(out, r);
        out.endArray();
        if (answersApply(report)) {
            out.key("predictions");
            out.value(predictionsJson(*report.lesson, &report.runs));
        }
        if (stopped) {
            out.key("stopped");
            out.boolean(true);
        }
        out.endObject();
        std::fputc('\n', stdout);
        return;
    }
    for (const VariantRun& r : report.runs) {
        QString how;
        if (live)
            how = r.requestsSent > 0 ? QStringLiteral(" live, %1 requests sent, the local server answered %2")
                                           .arg(r.requestsSent)
                                           .arg(r.requestsServed)
                                     : QStringLiteral(" live");
        out(QStringLiteral("== %1 / %2: %3 s%4%5").arg(q(name), q(r.variant)).arg(nsToSeconds(r.total), 0, 'f', 3)
                .arg(how, r.error.empty() ? QString() : QStringLiteral(" (%1)").arg(q(r.error))));
        for (const auto& line : console(r))
            out(QStringLiteral("%1  %2").arg(nsToSeconds(line.t), 8, 'f', 3).arg(q(line.text)));
        for (const auto& w : warnings(r))
            out(QStringLiteral("%1  warning: %2").arg(nsToSeconds(w.t), 8, 'f', 3).arg(q(w.text)));
    }
    if (answersApply(report))
        for (const Prediction& p : report.lesson->predictions)
            out(QStringLiteral("?  %1  → %2").arg(q(p.question), q(p.answer(report.runs))));
    if (stopped)
        out(QStringLiteral("stopped part way%1; the report above is what was recorded")
                .arg(report.signal == SIGINT    ? QStringLiteral(" (Ctrl+C)")
                     : report.signal == SIGTERM ? QStringLiteral(" (SIGTERM)")
                     : report.signal == SIGHUP  ? QStringLiteral(" (SIGHUP)")
                                                : QString()));
}

const QString kRunUsage = QStringLiteral(
    "usage: loopscope run ID [--set NAME=VALUE]... [--variant NAME] [--live] [--json] [--save FILE]");

int run(const QStringList& args)
{
    if (args.isEmpty())
        return fail(kRunUsage);
    LessonChoice choice;
    QStringList rest;
    if (const QString error = parseLessonChoice(args, choice, rest); !error.isEmpty())
        return fail(error);
    bool json = false;
    bool live = false;
    QString savePath;
    for (int i = 0; i < rest.size(); ++i) {
        const QString& a = rest[i];
        if (a == QLatin1String("--json"))
            json = true;
        else if (a == QLatin1String("--live"))
            live = true;
        else if (a == QLatin1String("--save") && i + 1 < rest.size())
            savePath = rest[++i];
        else
            return fail(QStringLiteral("unexpected argument '%1'; %2").arg(a, kRunUsage));
    }
    if (live && !choice.lesson->live)
        return fail(QStringLiteral("lesson %1 runs on the virtual clock only; lessons that run live: %2")
                        .arg(q(choice.lesson->id), q(liveLessonIds())));
    // A recording that could not be saved is lost work: find out before the run, not after.
    if (!savePath.isEmpty()) {
        if (ui::isStandardOutput(savePath) && json)
            return fail(QStringLiteral("--save - and --json would both write to standard output; save to a file"));
        if (const QString why = ui::checkExportTarget(savePath); !why.isEmpty())
            return fail(why);
    }
    Report report;
    report.lesson = choice.lesson;
    report.params = choice.params;
    report.clock = live ? ClockKind::Live : ClockKind::Virtual;
    if (live) {
        report.runs = runLive(*choice.lesson, choice.params, choice.variant);
        report.signal = int(g_interrupted);
    } else {
        for (const auto& v : choice.lesson->variants)
            if (choice.variant.isEmpty() || q(v) == choice.variant)
                report.runs.push_back(runVariant(*choice.lesson, choice.params, v));
    }
    int exitCode = anyStopped(report.runs) ? 128 + int(g_interrupted) : 0; // 130 for Ctrl+C, as shells expect
    if (!savePath.isEmpty()) {
        Recording recording;
        static_cast<RecordingInfo&>(recording) = lessonRecordingInfo(*report.lesson, report.params, report.clock);
        std::vector<const RecordedRun*> runs;
        for (const VariantRun& r : report.runs)
            runs.push_back(&r);
        if (const QString why = saveRecording(savePath, recording, runs); !why.isEmpty()) {
            std::fputs((QStringLiteral("loopscope: the recording was not saved: ") + why + QLatin1Char('\n')).toUtf8().constData(),
                       stderr);
            exitCode = 1;
        }
        if (ui::isStandardOutput(savePath))
            return exitCode; // the recording is the output
    }
    printReport(report, json);
    return exitCode;
}

// `loopscope show FILE [--json]`: the report of a saved recording, as `run` gave it; for a
// program recorded by loopscope_recorder, the same report under the program's name.
int show(const QStringList& args)
{
    const QString usage = QStringLiteral("usage: loopscope show FILE [--json]");
    if (args.isEmpty() || args.size() > 2 || (args.size() == 2 && args[1] != QLatin1String("--json")) ||
        args[0].startsWith(QLatin1String("--")))
        return fail(usage);
    OpenedRecording opened;
    if (const QString why = openRecording(args[0], opened); !why.isEmpty())
        return fail(why);
    Report report;
    report.lesson = opened.lesson;
    report.program = opened.recording.listingName;
    report.params = opened.params;
    report.clock = opened.recording.clock;
    report.runs = std::move(opened.recording.runs);
    printReport(report, args.size() == 2);
    return 0;
}

const QString kRecordUsage = QStringLiteral("usage: loopscope record PROGRAM.py [--set NAME=VALUE]... ") + recorderOptionsUsage() +
                            QStringLiteral(" [--save FILE] [--json] [-- ARGS...]");

// `loopscope record PROGRAM.py`: the program recorded on CPython, reported like `run` reports a
// lesson. The exit status is the program's own (3 when a limit ended it, 2 for bad input).
int record(const QStringList& args)
{
    ProgramRequest request;
    bool json = false;
    QString savePath;
    QStringList assignments;
    int i = 0;
    for (; i < args.size(); ++i) {
        const QString& a = args[i];
        QString error;
        if (a == QLatin1String("--")) {
            request.args = args.mid(i + 1);
            break;
        }
        if (takeRecorderOption(args, i, request, error)) {
            if (!error.isEmpty())
                return fail(error);
        } else if (a == QLatin1String("--json")) {
            json = true;
        } else if (a == QLatin1String("--save") && i + 1 < args.size()) {
            savePath = args[++i];
        } else if (a == QLatin1String("--set") && i + 1 < args.size()) {
            assignments << args[++i];
        } else if (!a.startsWith(QLatin1Char('-')) && request.program.isEmpty()) {
            request.program = a;
        } else {
            return fail(QStringLiteral("unexpected argument '%1'; %2").arg(a, kRecordUsage));
        }
    }
    if (request.program.isEmpty())
        return fail(QStringLiteral("no program given; ") + kRecordUsage);
    Params values;
    if (const QString why = applyProgramSettings(request.program, assignments, request.settings, values); !why.isEmpty())
        return fail(why);
    if (!savePath.isEmpty()) {
        if (ui::isStandardOutput(savePath) && json)
            return fail(QStringLiteral("--save - and --json would both write to standard output; save to a file"));
        if (const QString why = ui::checkExportTarget(savePath); !why.isEmpty())
            return fail(why);
    }
    ProgramRecording recording;
    const StopSignals stopSignals;
    if (const QString why = recording.start(request); !why.isEmpty())
        return fail(why);
    while (!recording.waitForFinished(100))
        if (g_interrupted)
            recording.stop();
    ProgramOutcome outcome = recording.takeOutcome();
    if (!outcome.message.isEmpty())
        std::fputs((QStringLiteral("loopscope: ") + outcome.message + QLatin1Char('\n')).toUtf8().constData(), stderr);
    if (!outcome.recorded)
        return 1;
    int exitCode = g_interrupted ? 128 + int(g_interrupted) : outcome.exitStatus;
    if (!savePath.isEmpty()) {
        if (const QString why = saveRecording(savePath, outcome.opened.recording); !why.isEmpty()) {
            std::fputs((QStringLiteral("loopscope: the recording was not saved: ") + why + QLatin1Char('\n')).toUtf8().constData(),
                       stderr);
            exitCode = exitCode ? exitCode : 1;
        }
        if (ui::isStandardOutput(savePath))
            return exitCode;
    }
    Report report;
    report.program = outcome.opened.recording.listingName;
    report.clock = outcome.opened.recording.clock;
    report.python = outcome.pythonVersion;
    report.params = values;
    report.runs = std::move(outcome.opened.recording.runs);
    printReport(report, json);
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
    return !args.isEmpty() && (args.first() == QLatin1String("list") || args.first() == QLatin1String("run") ||
                               args.first() == QLatin1String("show") || args.first() == QLatin1String("record"));
}

int runCli(const QStringList& args)
{
    if (args.first() == QLatin1String("list")) {
        if (args.size() > 2 || (args.size() == 2 && args[1] != QLatin1String("--json")))
            return fail(QStringLiteral("usage: loopscope list [--json]"));
        return list(args.size() == 2);
    }
    if (args.first() == QLatin1String("show"))
        return show(args.mid(1));
    if (args.first() == QLatin1String("record"))
        return record(args.mid(1));
    return run(args.mid(1));
}

} // namespace loopscope::app
