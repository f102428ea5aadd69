// Replay at scale: a run of about two million events with 100,000 tasks through a semaphore
// (long FIFOs of waiters and 100,000 timers pending at once), replayed to the end and then seeked
// to 100 random times. Replay is linear in events, so both stay well under a second.
//
//   replay_bench          (prints a Markdown table)

#include "core/asyncio.h"
#include "core/recorder.h"
#include "core/replay.h"

#include <chrono>
#include <cstdio>
#include <vector>

using namespace loopscope;

namespace {

Task<void> job(Semaphore& slots, int i)
{
    co_await asyncio::sleep(0.001 * (i % 7));
    auto permit = co_await slots.hold();
    co_await asyncio::sleep(0.01);
}

Task<void> program()
{
    Semaphore slots(100);
    std::vector<Task<void>> jobs;
    for (int i = 0; i < 100'000; ++i)
        jobs.push_back(job(slots, i));
    co_await gather(std::move(jobs));
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

int main()
{
    EventLoop loop(LoopOptions{.debug = false});
    Trace trace(loop.sharedMeta());
    Recorder recorder(trace);
    loop.addInstrument(recorder);
    loop.run(program());
    loop.removeInstrument(recorder);

    auto start = std::chrono::steady_clock::now();
    Replay whole(trace);
    const std::size_t tasks = whole.stateAfter(trace.size()).tasks.size() - 1;
    const double toEnd = secondsSince(start);

    Replay seeker(trace);
    std::uint64_t state = 12345;
    start = std::chrono::steady_clock::now();
    std::size_t checksum = 0;
    for (int i = 0; i < 100; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const TimeNs t = TimeNs((state >> 11) % std::uint64_t(trace.endTime() + 1));
        checksum += seeker.stateAt(t).events;
    }
    const double seeks = secondsSince(start);

    std::printf("| replay (%zu events, %zu tasks) | seconds | aim |\n|---|---|---|\n", trace.size(), tasks);
    std::printf("| to the end, from nothing | %.3f | under 1 s |\n", toEnd);
    std::printf("| 100 seeks to random times | %.3f | under 1 s |\n", seeks);
    return checksum == 0 ? 1 : 0;
}
