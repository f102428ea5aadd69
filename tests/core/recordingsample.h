#pragma once
// A small recording with every table in use (tasks, strings, a semaphore, printed lines, a
// slow-callback warning), for the recording file's tests.

#include "core/asyncio.h"
#include "core/blocking.h"
#include "core/recording.h"
#include "core/testsupport.h"

namespace loopscope::test {

inline Recording sampleRecording()
{
    LoopFixture f;
    Semaphore sem(2, "pool");
    auto worker = [&](int i) -> Task<void> {
        auto permit = co_await sem.hold();
        print("worker " + std::to_string(i) + " in");
        co_await asyncio::sleep(0.25 * i);
    };
    auto main = [&]() -> Task<void> {
        std::vector<TaskRef<void>> tasks;
        for (int i = 1; i <= 4; ++i)
            tasks.push_back(f.loop.createTask(worker(i), "w" + std::to_string(i)));
        blockingSleep(0.2); // a slow callback: a warning in the trace
        co_await gather(std::move(tasks));
        print("done");
    };
    const auto outcome = f.loop.run(main());

    Recording rec;
    rec.lessonId = "sample";
    rec.params = {{"n", "4"}, {"t", "0.25"}};
    rec.clock = ClockKind::Virtual;
    rec.listingName = "listing.py";
    rec.listingText = "import asyncio\n\nasync def main():\n    print(\"done\")\n";
    RecordedRun run;
    run.variant = "main";
    run.total = outcome.total;
    run.result = "None";
    run.trace = std::make_unique<Trace>(f.trace.sharedMeta());
    for (std::size_t i = 0; i < f.trace.size(); ++i)
        run.trace->append(f.trace[i]);
    rec.runs.push_back(std::move(run));
    f.loop.removeInstrument(f.recorder);
    return rec;
}

} // namespace loopscope::test
