// The syllabus in order: every lesson's id, chapter, parameters (with defaults and ranges) and
// variants. Shared by the app and the command line.

#include "lesson.h"
#include "programs.h"

namespace loopscope::lessons {

namespace {

ParamSpec integer(std::string name, std::int64_t def, std::int64_t lo, std::int64_t hi, std::string help)
{
    return {std::move(name), ParamType::Int, std::to_string(def), double(lo), double(hi), {}, 1, 1, std::move(help)};
}
ParamSpec seconds(std::string name, std::string def, double lo, double hi, std::string help)
{
    return {std::move(name), ParamType::Float, std::move(def), lo, hi, {}, 1, 1, std::move(help)};
}
ParamSpec flag(std::string name, bool def, std::string help)
{
    return {std::move(name), ParamType::Bool, def ? "true" : "false", 0, 0, {}, 1, 1, std::move(help)};
}
ParamSpec choice(std::string name, std::vector<std::string> choices, std::string help)
{
    std::string def = choices.front();
    return {std::move(name), ParamType::Choice, std::move(def), 0, 0, std::move(choices), 1, 1, std::move(help)};
}

std::vector<Lesson> buildSyllabus()
{
    const std::string c1 = "Foundations", c2 = "Coordinating tasks", c3 = "When things go wrong",
                      c4 = "Real-world I/O", c5 = "Scale";
    const std::vector<std::string> main = {"main"};
    std::vector<Lesson> l;
    l.push_back({"event-loop", 1, c1, "One loop, many waits",
                 {integer("n", 3, 1, 200, "fetches"), seconds("delay", "2", 0.1, 10, "seconds each fetch waits")},
                 main,
                 programs::eventLoop, programs::eventLoopPredictions()});
    l.push_back({"blocking-vs-async", 1, c1, "Blocking calls against awaits",
                 {integer("n", 2, 1, 50, "calls"), seconds("delay", "2", 0.1, 10, "seconds per call")},
                 {"sequential", "concurrent"},
                 programs::blockingVsAsync, programs::blockingVsAsyncPredictions()});
    l.push_back({"loop-cycle", 1, c1, "Inside one turn of the loop",
                 {{"delays", ParamType::List, "2,1,3", 0, 10, {}, 1, 8, "sleep of each task"}}, main,
                 programs::loopCycle, programs::loopCyclePredictions()});
    l.push_back({"coroutines-are-lazy", 1, c1, "Coroutines do nothing until awaited",
                 {choice("mode", {"forgot-await", "await", "create-task"}, "how the coroutine is used")}, main,
                 programs::coroutinesAreLazy, programs::coroutinesAreLazyPredictions()});
    l.push_back({"asyncio-run", 1, c1, "The life of asyncio.run", {flag("nested", false, "call asyncio.run inside")},
                 main,
                 programs::asyncioRun, programs::asyncioRunPredictions()});
    l.push_back({"gather", 2, c2, "gather: all at once, results in order",
                 {integer("fail", 0, 0, 3, "which fetch raises (0 = none)"),
                  flag("return_exceptions", false, "collect exceptions as results")},
                 main,
                 programs::gather, programs::gatherPredictions()});
    l.push_back({"task-group", 2, c2, "TaskGroup cancels the rest",
                 {integer("fail", 2, 0, 3, "which fetch raises (0 = none)")}, {"gather", "task-group"},
                 programs::taskGroup, programs::taskGroupPredictions()});
    l.push_back({"locks", 2, c2, "Locks and their queue",
                 {integer("n", 3, 1, 50, "transactions"), seconds("hold", "0.1", 0.01, 5, "seconds the lock is held"),
                  flag("deadlock", false, "take two locks in opposite order")},
                 main,
                 programs::locks, programs::locksPredictions()});
    l.push_back({"semaphores", 2, c2, "Semaphores: k at a time",
                 {integer("n", 5, 1, 10000, "tasks"), integer("k", 2, 1, 1000, "permits"),
                  seconds("t", "1", 0.01, 10, "seconds each task holds a permit")},
                 main,
                 programs::semaphores, programs::semaphoresPredictions()});
    l.push_back({"producer-consumer", 2, c2, "Producers, consumers and a bounded queue",
                 {integer("producers", 2, 1, 20, "producer tasks"), integer("consumers", 2, 1, 20, "consumer tasks"),
                  integer("items", 10, 1, 10000, "items in all"), integer("maxsize", 3, 0, 1000, "queue size (0 = unbounded)"),
                  seconds("produce", "0.2", 0, 10, "seconds to make an item"),
                  seconds("consume", "0.5", 0, 10, "seconds to use an item")},
                 main,
                 programs::producerConsumer, programs::producerConsumerPredictions()});
    l.push_back({"timeouts", 3, c3, "Timeouts with wait_for",
                 {seconds("work", "10", 0.1, 60, "seconds the query takes"), seconds("timeout", "2", 0.1, 60, "seconds allowed")},
                 main,
                 programs::timeouts, programs::timeoutsPredictions()});
    l.push_back({"cancellation", 3, c3, "Cancellation travels outward",
                 {integer("depth", 3, 1, 10, "nested coroutines"), seconds("at", "1", 0.1, 10, "when to cancel"),
                  flag("swallow", false, "one frame swallows CancelledError")},
                 main,
                 programs::cancellation, programs::cancellationPredictions()});
    l.push_back({"fire-and-forget", 3, c3, "Fire and forget",
                 {flag("keep_reference", false, "keep the task in a list"), flag("fixed", false, "await and handle the error")},
                 main,
                 programs::fireAndForget, programs::fireAndForgetPredictions()});
    l.push_back({"retries", 3, c3, "Retries with backoff",
                 {integer("failures", 3, 0, 10, "failed attempts before success"), integer("base", 2, 1, 10, "backoff base"),
                  integer("clients", 1, 1, 200, "clients retrying"), flag("jitter", false, "spread the retries")},
                 main,
                 programs::retries, programs::retriesPredictions()});
    l.push_back({"graceful-shutdown", 3, c3, "Shutting down gracefully",
                 {integer("workers", 3, 1, 50, "worker tasks"), seconds("at", "3", 0.1, 30, "when to shut down"),
                  seconds("cleanup", "0.5", 0, 5, "seconds of cleanup")},
                 main,
                 programs::gracefulShutdown, programs::gracefulShutdownPredictions()});
    l.push_back({"real-world-io", 4, c4, "Many requests at once",
                 {integer("n", 1000, 1, 100000, "requests"), seconds("latency", "0.1", 0.001, 10, "seconds per request"),
                  integer("limit", 0, 0, 10000, "connections at once (0 = no limit)")},
                 {"sequential", "concurrent"},
                 programs::realWorldIo, programs::realWorldIoPredictions()});
    l.push_back({"blocking-the-loop", 4, c4, "Blocking the loop",
                 {seconds("every", "0.5", 0.01, 10, "seconds between requests"), seconds("work", "0.2", 0, 10, "awaited work per request"),
                  seconds("block", "5", 0, 30, "the blocking call"), choice("fix", {"none", "await", "to-thread"}, "how to fix it")},
                 main,
                 programs::blockingTheLoop, programs::blockingTheLoopPredictions()});
    l.push_back({"threads-and-processes", 4, c4, "Threads, processes and the interpreter lock",
                 {integer("jobs", 8, 1, 200, "jobs"), seconds("cost", "1", 0.01, 10, "seconds per job"),
                  choice("kind", {"io", "cpu"}, "blocking I/O or CPU work"), integer("workers", 4, 1, 64, "pool workers"),
                  integer("cores", 2, 1, 64, "CPU cores")},
                 {"thread-pool", "process-pool"},
                 programs::threadsAndProcesses, programs::threadsAndProcessesPredictions()});
    l.push_back({"backpressure", 4, c4, "Backpressure with a semaphore",
                 {integer("n", 1000, 1, 100000, "fetches"), integer("k", 50, 1, 10000, "at most in flight"),
                  seconds("t", "1", 0.01, 10, "seconds per fetch")},
                 {"bounded", "unbounded"},
                 programs::backpressure, programs::backpressurePredictions()});
    l.push_back({"async-generators", 4, c4, "Async generators",
                 {integer("pages", 3, 0, 20, "pages with items"), integer("per_page", 4, 1, 50, "items per page"),
                  seconds("page_delay", "0.5", 0, 10, "seconds per page fetch"),
                  seconds("item_delay", "0.1", 0, 10, "seconds per item")},
                 main,
                 programs::asyncGenerators, programs::asyncGeneratorsPredictions()});
    l.push_back({"context-vars", 4, c4, "Context variables",
                 {integer("n", 3, 1, 20, "requests"), choice("storage", {"contextvar", "global"}, "where the id lives")},
                 main,
                 programs::contextVars, programs::contextVarsPredictions()});
    l.push_back({"complexity", 5, c5, "How total time grows with n",
                 {integer("max_n", 100, 2, 100000, "largest n"), integer("k", 10, 1, 1000, "semaphore permits"),
                  seconds("t", "0.1", 0.001, 10, "seconds per fetch")},
                 {"sequential", "concurrent", "semaphore"},
                 programs::complexity, programs::complexityPredictions()});
    // The lessons whose programs mean something against the real world.
    for (Lesson& lesson : l)
        lesson.live = lesson.id == "event-loop" || lesson.id == "blocking-vs-async" || lesson.id == "real-world-io" ||
                      lesson.id == "blocking-the-loop" || lesson.id == "threads-and-processes" ||
                      lesson.id == "producer-consumer";
    return l;
}

} // namespace

const std::vector<Lesson>& allLessons()
{
    static const std::vector<Lesson> lessons = buildSyllabus();
    return lessons;
}

} // namespace loopscope::lessons
