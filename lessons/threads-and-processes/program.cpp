// threads-and-processes: jobs of `cost` seconds offloaded to a thread pool or a process pool.
// This lesson runs on Loopscope's labelled model of pools (core/executor.h), not on a replay of
// CPython: worker lanes beside the loop, I/O jobs that only take time, CPU jobs that need a CPU —
// one of `cores` in a process pool, the one interpreter lock (a model of the GIL) in a thread pool.
// Mirrors listing.py; line() numbers are the listing's lines.

#include "lessons/format.h"
#include "lessons/programs.h"
#include "lessons/runner.h"

#include <thread>

namespace loopscope::lessons::programs {

namespace {

constexpr std::int64_t kShow = 8; // SHOW: print a line for the first SHOW jobs only

Task<void> runJob(Executor& pool, std::int64_t i, JobSpec work, double start)
{
    EventLoop& loop = runningLoop();
    line(41);
    JobSpec job = work; // io_job or cpu_job, with its work
    line(42);
    co_await pool.run(std::move(job));
    line(43);
    if (i < kShow) {
        line(44);
        print("job " + std::to_string(i) + ": done at " + fixed2(loop.time() - start) + " s");
    }
}

// os.cpu_count(): the machine Loopscope runs on, printed as the listing prints it; the model
// itself only uses the `cores` parameter.
std::string machineCores()
{
    const unsigned count = std::thread::hardware_concurrency();
    return count ? std::to_string(count) : "None";
}

} // namespace

Task<std::string> threadsAndProcesses(const Params& params, const std::string& variant)
{
    EventLoop& loop = runningLoop();
    const std::int64_t jobs = params.integer("jobs"), workers = params.integer("workers"),
                       cores = params.integer("cores");
    const double cost = params.number("cost");
    const std::string& kind = params.text("kind");
    line(49);
    // work = cost if kind == "io" else steps_for(cost): in the model a job is its kind and its cost.
    const JobSpec work = kind == "io" ? JobSpec{JobKind::Io, cost, "io_job: time.sleep(" + fixed2(cost) + ")"}
                                      : JobSpec{JobKind::Cpu, cost, "cpu_job: " + fixed2(cost) + " s of Python"};
    line(50);
    const PoolKind poolType = variant == "thread-pool" ? PoolKind::Thread : PoolKind::Process;
    line(51);
    print("main: " + std::to_string(jobs) + " " + kind + " jobs of " + fixed2(cost) + " s on " +
          std::to_string(workers) + " workers");
    line(52);
    print("main: this machine has " + machineCores() + " cores; Loopscope's model assumes " + std::to_string(cores));
    double total = 0;
    {
        line(53);
        Executor pool(poolType, int(workers), int(cores),
                      poolType == PoolKind::Thread ? "ThreadPoolExecutor" : "ProcessPoolExecutor");
        line(54);
        const double start = loop.time();
        line(55);
        std::vector<TaskRef<void>> tasks;
        for (std::int64_t i = 0; i < jobs; ++i)
            tasks.push_back(loop.createTask(runJob(pool, i, work, start), "job-" + std::to_string(i)));
        line(57);
        co_await gather(std::move(tasks));
        line(58);
        total = loop.time() - start;
    }
    line(59);
    print("main: " + variant + " finished " + std::to_string(jobs) + " " + kind + " jobs in " + fixed2(total) + " s");
    line(60);
    print("main: one job alone takes " + fixed2(cost) + " s, all " + std::to_string(jobs) + " in a row " +
          fixed2(double(jobs) * cost) + " s");
    co_return "";
}

std::vector<Prediction> threadsAndProcessesPredictions()
{
    // runs[0] is thread-pool, runs[1] process-pool (the lesson's variant order).
    return {
        {"How many seconds will the thread pool take?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return fixed2(nsToSeconds(runs.at(0).total)); }},
        {"How many seconds will the process pool take?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return fixed2(nsToSeconds(runs.at(1).total)); }},
        {"Which pool finishes first?", AnswerKind::Choice, {"thread-pool", "process-pool", "same time"},
         [](const std::vector<VariantRun>& runs) -> std::string {
             const TimeNs threads = runs.at(0).total, processes = runs.at(1).total;
             return threads == processes ? "same time" : threads < processes ? "thread-pool" : "process-pool";
         }},
    };
}

} // namespace loopscope::lessons::programs
