// retries: a flaky call retried with exponential backoff, by one client or a crowd of them.
// Mirrors listing.py line for line; line() numbers are the listing's lines.
//
// Limits: failures <= 10 and base <= 10 give waits up to 10**9 s and a total of about 1.1e9 s
// (35 years), well inside the int64 nanosecond clock (about 292 years), jitter (x1.5) included.

#include "lessons/format.h"
#include "lessons/answers.h"
#include "lessons/programs.h"
#include "lessons/runner.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace loopscope::lessons::programs {

namespace {

constexpr double kCallTime = 0.1;      // CALL_TIME
constexpr std::int64_t kMaxAttempts = 12; // MAX_ATTEMPTS
constexpr std::int64_t kShow = 3;      // SHOW

// lcg(seed): x = (1103515245 * x + 12345) mod 2**31; each value is x / 2**31, in [0, 1).
class Lcg
{
public:
    explicit Lcg(std::uint64_t seed) : m_x(seed) {}
    double next()
    {
        m_x = (1103515245ULL * m_x + 12345ULL) % (1ULL << 31);
        return double(m_x) / double(1ULL << 31);
    }

private:
    std::uint64_t m_x;
};

struct Shared
{
    std::int64_t failures;
    std::int64_t base;
    bool jitter;
    double start;
    std::vector<TimeNs> retryStarts; // retry_starts, kept exact in nanoseconds
};

Task<void> flakyCall(std::int64_t attempt, std::int64_t failures)
{
    line(28);
    co_await asyncio::sleep(kCallTime);
    if (attempt < failures) {
        line(30);
        throw ConnectionError("service unavailable");
    }
}

Task<void> client(std::int64_t cid, Shared& shared)
{
    EventLoop& loop = runningLoop();
    line(35);
    Lcg rand{std::uint64_t(cid)}; // seeded per client
    for (std::int64_t attempt = 0; attempt < kMaxAttempts; ++attempt) {
        if (attempt > 0) {
            line(38);
            shared.retryStarts.push_back(loop.now() - secondsToNs(shared.start));
        }
        bool failed = false;
        try {
            line(40);
            co_await flakyCall(attempt, shared.failures);
        } catch (const ConnectionError&) {
            failed = true;
        }
        if (failed) {
            line(42);
            double wait = std::pow(double(shared.base), double(attempt));
            if (shared.jitter) {
                line(44);
                wait = wait * (0.5 + rand.next()); // between 0.5 and 1.5 times the wait
            }
            if (cid <= kShow) {
                const double now = loop.time() - shared.start;
                line(47);
                print("client-" + std::to_string(cid) + ": try " + std::to_string(attempt + 1) + " failed at " +
                      fixed2(now) + " s, waits " + fixed2(wait) + " s");
            }
            line(48);
            co_await asyncio::sleep(wait);
        } else {
            if (cid <= kShow) {
                line(51);
                print("client-" + std::to_string(cid) + ": try " + std::to_string(attempt + 1) + " ok at " +
                      fixed2(loop.time() - shared.start) + " s");
            }
            co_return;
        }
    }
    line(53);
    throw RuntimeError("client-" + std::to_string(cid) + " gave up");
}

} // namespace

Task<std::string> retries(const Params& params, const std::string&)
{
    EventLoop& loop = runningLoop();
    Shared shared{params.integer("failures"), params.integer("base"), params.flag("jitter"), loop.time(), {}};
    const std::int64_t clients = params.integer("clients");
    line(59);
    std::vector<TaskRef<void>> tasks;
    for (std::int64_t c = 1; c <= clients; ++c)
        tasks.push_back(loop.createTask(client(c, shared), "client-" + std::to_string(c)));
    line(61);
    co_await gather(std::move(tasks));
    line(62);
    print("main: all " + std::to_string(clients) + " clients done at " + fixed2(loop.time() - shared.start) + " s");
    // Without jitter every client retries at the very same instants: a thundering herd.
    std::map<TimeNs, std::int64_t> counter;
    for (TimeNs t : shared.retryStarts)
        ++counter[t];
    line(64);
    print("main: " + std::to_string(shared.retryStarts.size()) + " retries at " + std::to_string(counter.size()) +
          " distinct instants");
    std::int64_t busiest = 0;
    for (const auto& [t, count] : counter)
        busiest = std::max(busiest, count);
    line(66);
    print("main: at most " + std::to_string(busiest) + " retries at the same instant");
    co_return "";
}

std::vector<Prediction> retriesPredictions()
{
    return {
        {"How many seconds until every client has succeeded?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return totalSeconds(runs.front()); }},
        {"At most how many retries start at the very same instant?", AnswerKind::Count, {},
         [](const std::vector<VariantRun>& runs) {
             // A retry starts as its client wakes from the backoff sleep of listing line 48.
             return std::to_string(busiestInstant(*runs.front().trace, 48));
         }},
    };
}

} // namespace loopscope::lessons::programs
