// blocking-the-loop: one handler's blocking call freezes the whole server. Mirrors listing.py line
// for line; line() numbers are the listing's lines. The loop runs in debug mode (as the listing's
// asyncio.run(main(), debug=True)), so a step longer than 0.1 s is reported as a slow callback.

#include "lessons/format.h"
#include "lessons/answers.h"
#include "lessons/programs.h"
#include "lessons/runner.h"

#include <algorithm>

namespace loopscope::lessons::programs {

namespace {

constexpr std::int64_t kRequests = 6; // REQUESTS: requests the server accepts
constexpr std::int64_t kSlow = 2;     // SLOW: the request whose handler makes the blocking call


Task<void> handle(std::int64_t i, double start, double block, double work, std::string fix)
{
    EventLoop& loop = runningLoop();
    if (i == kSlow) {
        line(19);
        print("request-" + std::to_string(i) + ": slow step of " + fixed2(block) + " s (" + fix + ") at " +
              fixed2(loop.time() - start) + " s");
        if (fix == "none") {
            line(21);
            blockingSleep(block); // holds the thread: the loop cannot run anything else
        } else if (fix == "await") {
            line(23);
            co_await asyncio::sleep(block); // the wait happens on the loop, which stays free
        } else {
            JobSpec job{JobKind::Io, block, "time.sleep(" + formatShortest(block) + ")"};
            line(25);
            co_await toThread(std::move(job)); // the blocking call runs on a worker thread
        }
    }
    line(26);
    co_await asyncio::sleep(work);
    line(27);
    print("request-" + std::to_string(i) + ": done at " + fixed2(loop.time() - start) + " s");
}

} // namespace

Task<std::string> blockingTheLoop(const Params& params, const std::string&)
{
    EventLoop& loop = runningLoop();
    const double every = params.number("every");
    const double work = params.number("work");
    const double block = params.number("block");
    const std::string fix = params.text("fix");
    const double start = loop.time();
    double due = 0.0;
    std::vector<TaskRef<void>> handlers;
    for (std::int64_t i = 1; i <= kRequests; ++i) {
        due += every;
        line(37);
        co_await asyncio::sleep(every); // wait for the next request to come in
        line(38);
        const double late = std::max(0.0, loop.time() - start - due); // a stalled loop wakes this timer late
        line(39);
        print("server: accepted request-" + std::to_string(i) + " at " + fixed2(loop.time() - start) + " s, " +
              fixed2(late) + " s late");
        line(40);
        handlers.push_back(loop.createTask(handle(i, start, block, work, fix), "request-" + std::to_string(i)));
    }
    line(41);
    co_await gather(std::move(handlers));
    line(42);
    print("server: all " + std::to_string(kRequests) + " requests served at " + fixed2(loop.time() - start) + " s");
    co_return "";
}

std::vector<Prediction> blockingTheLoopPredictions()
{
    return {
        {"How many seconds until all six requests are served?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return totalSeconds(runs.front()); }},
        {"How late does the server accept its most delayed request, in seconds?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) {
             // main sleeps `every` seconds from each accept to the next, so how late the i-th
             // accept comes is the sum of how late main woke from its first i sleeps.
             const VariantRun& run = runs.front();
             TimeNs late = 0, worst = 0;
             for (const TimeNs woke : wakeLateness(*run.trace, taskNamed(run, "main"))) {
                 late += woke;
                 worst = std::max(worst, late);
             }
             return fixed2(nsToSeconds(worst));
         }},
    };
}

} // namespace loopscope::lessons::programs
