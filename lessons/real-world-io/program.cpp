// real-world-io: n HTTP-like requests, one after another or all at once, through a client that
// may limit its open connections. Mirrors listing.py line for line; line() numbers are the
// listing's lines.
//
// The listing's FakeClient is written out here as it is there: a Semaphore for the connection
// limit (or nullcontext() without one), and the wait for the reply. The wait is an IoClient request (core/simio.h), so
// the network shows as I/O with its own in-flight counter ("example.com").

#include "lessons/format.h"
#include "lessons/programs.h"
#include "lessons/runner.h"

#include <cstdio>
#include <optional>

namespace loopscope::lessons::programs {

namespace {

constexpr std::int64_t kShow = 3; // SHOW: print a line for the first SHOW requests only


class FakeClient
{
public:
    FakeClient(std::int64_t limit, double latency) : m_network(latency, 0, "example.com")
    {
        // A request that finds every connection busy waits for one to come free.
        if (limit > 0)
            m_connections.emplace(limit, "connections");
    }

    Task<int> get(std::int64_t /*item*/)
    {
        line(24);
        SemaphoreGuard connection; // no limit: nullcontext(), nothing to wait for
        if (m_connections)
            connection = co_await m_connections->hold();
        line(25);
        co_await m_network.request();
        connection = SemaphoreGuard(); // leaving the async with: the connection is free again
        line(26);
        co_return 200;
    }

private:
    IoClient m_network; // the wait for the reply: `latency` seconds of I/O
    std::optional<Semaphore> m_connections;
};

// str(exception): the message alone, as an f-string shows it.
std::string errorMessage(const std::exception_ptr& error)
{
    try {
        std::rethrow_exception(error);
    } catch (const PyException& e) {
        return e.message();
    } catch (const std::exception& e) {
        return e.what();
    }
}

Task<int> fetch(FakeClient& client, std::int64_t i, double start)
{
    EventLoop& loop = runningLoop();
    line(31);
    const int status = co_await client.get(i);
    if (i < kShow) {
        line(33);
        print("request " + std::to_string(i) + ": status " + std::to_string(status) + " at " +
              fixed2(loop.time() - start) + " s");
    }
    co_return status;
}

} // namespace

Task<std::string> realWorldIo(const Params& params, const std::string& variant)
{
    EventLoop& loop = runningLoop();
    const std::int64_t n = params.integer("n");
    const double latency = params.number("latency");
    const std::int64_t limit = params.integer("limit");
    const double start = loop.time();
    line(40);
    FakeClient client(limit, latency);
    std::vector<int> statuses;
    if (variant == "sequential") {
        // One at a time: each request starts only when the previous reply is in.
        for (std::int64_t i = 0; i < n; ++i) {
            line(45);
            const int status = co_await fetch(client, i, start);
            statuses.push_back(status);
        }
    } else {
        // All at once: every request is a task; the waits overlap.
        line(49);
        std::vector<TaskRef<int>> tasks;
        tasks.reserve(std::size_t(n));
        for (std::int64_t i = 0; i < n; ++i)
            tasks.push_back(loop.createTask(fetch(client, i, start), "request-" + std::to_string(i)));
        line(51);
        // return_exceptions=True: a request that fails (live runs: refused, reset, timed out)
        // fails its own task and leaves the others to finish.
        auto outcomes = co_await gatherReturnExceptions(std::move(tasks));
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            line(52);
            if (outcomes[i].ok()) {
                statuses.push_back(*outcomes[i].value);
                continue;
            }
            statuses.push_back(0);
            line(54);
            print("request " + std::to_string(i) + " failed: " + errorMessage(outcomes[i].error));
        }
    }
    line(55);
    const double total = loop.time() - start;
    std::int64_t ok = 0;
    for (int s : statuses)
        ok += s == 200;
    line(57);
    print("main: " + variant + ", " + std::to_string(ok) + " of " + std::to_string(n) + " requests ok in " +
          fixed2(total) + " s");
    line(58);
    print("main: one after another takes " + fixed2(double(n) * latency) + " s, " +
          formatFixed(double(n) * latency / total, 1) + "x this run");
    co_return "";
}

std::vector<Prediction> realWorldIoPredictions()
{
    return {
        {"How many seconds do the requests take one after another?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return fixed2(nsToSeconds(runs.at(0).total)); }},
        {"How many seconds do they take all at once?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return fixed2(nsToSeconds(runs.at(1).total)); }},
        {"All at once, at most how many requests wait for a reply at the same moment?", AnswerKind::Count, {},
         [](const std::vector<VariantRun>& runs) {
             // The network's in-flight counter, read back from the concurrent run's trace.
             const VariantRun& run = runs.at(1);
             const TraceMeta& meta = run.trace->meta();
             std::int64_t peak = 0;
             for (std::size_t i = 0; i < run.trace->size(); ++i) {
                 const Event& e = (*run.trace)[i];
                 if (e.kind == EventKind::Counter && meta.objectName(ObjectId(e.a())) == "example.com")
                     peak = std::max<std::int64_t>(peak, e.b());
             }
             return std::to_string(peak);
         }},
    };
}

} // namespace loopscope::lessons::programs
