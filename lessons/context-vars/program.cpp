// context-vars: n concurrent requests each set a request id and log it after awaits. With a
// ContextVar every task keeps its own id; with one global the last writer wins and ids bleed.
// Mirrors listing.py; line() numbers are the listing's lines.

#include "lessons/format.h"
#include "core/tracereader.h"
#include "lessons/answers.h"
#include "lessons/programs.h"
#include "lessons/runner.h"

namespace loopscope::lessons::programs {

namespace {

// The listing's module-level state, one per run.
struct Storage
{
    bool useContextVar;
    ContextVar<std::string> requestId{"request_id", "-"}; // request_id
    std::string currentId = "-";                          // current_id, the global alternative
};

void setRequestId(Storage& s, const std::string& value)
{
    line(16);
    if (s.useContextVar) {
        line(17);
        s.requestId.set(value);
    } else {
        line(19);
        s.currentId = value;
    }
}

void log(Storage& s, const std::string& message, double start)
{
    EventLoop& loop = runningLoop();
    line(24);
    const std::string rid = s.useContextVar ? s.requestId.get() : s.currentId;
    line(26);
    const std::string mark = rid == loop.meta().taskName(loop.currentTask()->id()) ? "" : "   <-- wrong id";
    line(27);
    print("[" + rid + "] " + message + " at " + fixed2(loop.time() - start) + " s" + mark);
}

Task<void> handle(std::int64_t i, double start, Storage& s)
{
    line(31);
    setRequestId(s, "req-" + std::to_string(i));
    line(32);
    log(s, "received", start);
    line(33);
    co_await asyncio::sleep(0.1 * double(i));
    line(34);
    log(s, "queried the database", start);
    line(35);
    co_await asyncio::sleep(0.05);
    line(36);
    log(s, "sent the response", start);
}

} // namespace

Task<std::string> contextVars(const Params& params, const std::string&)
{
    EventLoop& loop = runningLoop();
    const std::int64_t n = params.integer("n");
    Storage storage{params.text("storage") == "contextvar"};
    line(41);
    const double start = loop.time();
    line(43);
    std::vector<TaskRef<void>> tasks;
    for (std::int64_t i = 1; i <= n; ++i)
        tasks.push_back(loop.createTask(handle(i, start, storage), "req-" + std::to_string(i)));
    line(44);
    co_await gather(std::move(tasks));
    line(45);
    print("main: " + std::to_string(n) + " requests served in " + fixed2(loop.time() - start) + " s");
    co_return "";
}

std::vector<Prediction> contextVarsPredictions()
{
    return {
        {"How many seconds will serving all the requests take?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return totalSeconds(runs.front()); }},
        {"How many log lines will carry another request's id?", AnswerKind::Count, {},
         [](const std::vector<VariantRun>& runs) {
             // With the global (set at listing line 19), a log line (27) shows the id of the last
             // task to set it; it is wrong when that is another task. A ContextVar (17) never is.
             struct : TraceHandlers
             {
                 TaskId lastSetter;
                 int wrong = 0;
                 void lineReached(const Event&, TaskId task, std::uint16_t line)
                 {
                     if (line == 19)
                         lastSetter = task;
                 }
                 void printed(const Event& e, TaskId task, StringId)
                 {
                     wrong += e.line == 27 && lastSetter && lastSetter != task;
                 }
             } reader;
             readTrace(*runs.front().trace, reader);
             return std::to_string(reader.wrong);
         }},
    };
}

} // namespace loopscope::lessons::programs
