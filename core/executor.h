#pragma once
// A model of thread and process pools (loop.run_in_executor, asyncio.to_thread). Each worker is
// a lane of its own; jobs queue FIFO for a free worker. A job is either blocking I/O (it only
// takes time) or CPU work, which needs a CPU to run on: in a process pool one of `cores`, in a
// thread pool the interpreter lock, which only one thread holds at a time. That last rule is a
// labelled model of CPython's GIL, not a measurement: it is why CPU work in threads runs one job
// after another however many workers there are.
//
// Workers run beside the loop: a job's end reaches the waiting task through the loop's ready
// queue (one callback turn, then the task), as a concurrent.futures result does.

#include "eventloop.h"
#include "futurewait.h"

#include <deque>
#include <list>
#include <memory>
#include <string>
#include <vector>

namespace loopscope {

enum class JobKind : std::uint8_t { Io, Cpu };

// JobFinished's worker index for a queued job dropped before it started (its waiter was cancelled).
constexpr std::uint8_t kJobDropped = 0xff;
enum class PoolKind : std::uint8_t { Thread, Process };

struct JobSpec
{
    JobKind kind = JobKind::Io;
    double cost = 0;        // seconds of work
    std::string label = {}; // "time.sleep(1.0)", "crunch(3)"
};

class Executor
{
public:
    // `cores` only matters for process pools: how many CPU jobs can truly run at once.
    Executor(PoolKind kind, int workers, int cores = 1, std::string_view name = {});
    ~Executor();
    Executor(const Executor&) = delete;
    Executor& operator=(const Executor&) = delete;

    PoolKind kind() const { return m_kind; }
    int workers() const { return m_workers; }
    ObjectId id() const { return m_object; }

    class Job;
    class [[nodiscard]] RunOperation final : public WaitNode
    {
    public:
        RunOperation(Executor& executor, JobSpec spec) : m_executor(executor), m_spec(std::move(spec)) {}
        RunOperation(const RunOperation&) = delete;
        ~RunOperation();
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<> h);
        void await_resume();
        CancelOutcome onCancel() override;
        std::string describe() const override;

    private:
        friend class Executor;
        Executor& m_executor;
        JobSpec m_spec;
        Job* m_job = nullptr;
        TaskRecord* m_task = nullptr;
        bool m_woken = false;
    };

    // `co_await pool.run({JobKind::Cpu, 1.0, "crunch"})`: loop.run_in_executor(pool, ...).
    RunOperation run(JobSpec spec) { return RunOperation(*this, std::move(spec)); }

    // What the workers do right now, for views and tests.
    struct WorkerState
    {
        TaskId submitter;       // 0 when idle
        std::uint32_t job = 0;
        bool waitingForCpu = false;
    };
    std::vector<WorkerState> workerStates() const;
    std::size_t queuedJobs() const { return m_queue.size(); }

private:
    friend class Job;
    void dispatch();
    void startWork(Job& job);
    void jobFinished(Job& job);
    bool cpuAvailable() const { return m_cpuInUse < m_cpuCapacity; }

    EventLoop& m_loop;
    PoolKind m_kind;
    int m_workers;
    bool m_live; // the loop has an outside world: jobs run on real threads
    int m_cpuCapacity;
    int m_cpuInUse = 0;
    ObjectId m_object;
    std::list<std::unique_ptr<Job>> m_jobs;  // every unfinished job
    std::deque<Job*> m_queue;                // waiting for a worker
    std::deque<Job*> m_cpuWaiters;           // on a worker, waiting for a CPU (the GIL)
    std::vector<Job*> m_running;             // by worker index
    std::uint32_t m_nextJobId = 1;
};

// asyncio.to_thread(fn): the job runs on the loop's default thread pool.
Executor::RunOperation toThread(JobSpec spec);

// The loop's default executor (created on first use): a thread pool of min(32, cores + 4)
// workers, as CPython sizes it, for a machine with two cores.
Executor& defaultExecutor(EventLoop& loop);
// Drops the loop's default executor (the loop's destructor calls this).
void releaseDefaultExecutor(EventLoop& loop);

} // namespace loopscope
