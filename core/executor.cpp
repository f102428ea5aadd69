#include "executor.h"

#include <algorithm>
#include <map>
#include <mutex>

namespace loopscope {

class Executor::Job final : public Handle
{
public:
    Job(Executor& e, std::uint32_t id, JobSpec spec, TaskRecord* submitter)
        : executor(e), id(id), spec(std::move(spec)), submitter(submitter ? submitter->id() : TaskId())
    {
    }
    // Called by the loop when the job's end (a timer) reaches the front of the ready queue.
    // Live: the worker thread's end arrives as a plain callback (call_soon_threadsafe).
    void run() override
    {
        if (token)
            detail::LoopInternals::record(executor.m_loop, EventKind::CallbackRun, submitterId(), std::uint8_t(CallbackKind::Generic), id);
        else
            detail::LoopInternals::record(executor.m_loop, EventKind::CallbackRun, submitterId(), std::uint8_t(CallbackKind::Timer), timerId);
        executor.jobFinished(*this);
    }
    TaskId submitterId() const { return submitter; }

    Executor& executor;
    std::uint32_t id;
    JobSpec spec;
    // By id: a job runs on after its submitter gave up on it (cancelled), and may outlive it.
    TaskId submitter;
    RunOperation* waiter = nullptr;
    std::uint32_t timerId = 0;
    WorkToken token = 0; // live: the real job on a worker thread
    bool inFlight = false; // live: started and not yet back
    int worker = -1;
    bool holdsCpu = false;
};

Executor::Executor(PoolKind kind, int workers, int cores, std::string_view name)
    : m_loop(runningLoop())
    , m_kind(kind)
    , m_workers(std::max(1, workers))
    , m_live(m_loop.outsideWorld() != nullptr)
    , m_cpuCapacity(kind == PoolKind::Thread ? 1 : std::max(1, cores))
    , m_running(std::size_t(m_workers), nullptr)
{
    const std::string fallback = kind == PoolKind::Thread ? "thread pool" : "process pool";
    m_object = detail::LoopInternals::registerObject(m_loop, ObjectKind::Executor, name.empty() ? std::string_view(fallback) : name, m_workers);
}

Executor::~Executor()
{
    for (auto& job : m_jobs) {
        if (job->inFlight)
            m_loop.outsideWorld()->forget(job->token);
        if (!detail::LoopInternals::cancelTimer(m_loop, *job))
            detail::LoopInternals::unscheduleCallback(m_loop, *job, job->token ? CallbackKind::Generic : CallbackKind::Timer, job->submitterId(),
                                      job->token ? job->id : job->timerId);
        if (job->waiter)
            job->waiter->m_job = nullptr;
        detail::LoopInternals::removeOutsideWork(m_loop);
    }
}

std::vector<Executor::WorkerState> Executor::workerStates() const
{
    std::vector<WorkerState> states(m_running.size());
    for (std::size_t w = 0; w < m_running.size(); ++w)
        if (const Job* job = m_running[w])
            states[w] = {job->submitterId(), job->id, job->spec.kind == JobKind::Cpu && !job->holdsCpu};
    return states;
}

void Executor::dispatch()
{
    // Free workers take queued jobs in order.
    for (std::size_t w = 0; w < m_running.size() && !m_queue.empty(); ++w) {
        if (m_running[w])
            continue;
        Job* job = m_queue.front();
        m_queue.pop_front();
        job->worker = int(w);
        m_running[w] = job;
        // Live jobs run on real C++ threads: no interpreter lock to wait for, and the machine's
        // own cores decide how CPU work shares them.
        if (job->spec.kind == JobKind::Cpu && !m_live) {
            m_cpuWaiters.push_back(job);
            detail::LoopInternals::record(m_loop, EventKind::JobWaitingGil, job->submitterId(), std::uint8_t(w), m_object.value, job->id);
        } else {
            detail::LoopInternals::record(m_loop, EventKind::JobStarted, job->submitterId(), std::uint8_t(w), m_object.value, job->id);
            startWork(*job);
        }
    }
    // CPU jobs on a worker take a free CPU (the interpreter lock, for threads) in order.
    while (!m_cpuWaiters.empty() && cpuAvailable()) {
        Job* job = m_cpuWaiters.front();
        m_cpuWaiters.pop_front();
        job->holdsCpu = true;
        ++m_cpuInUse;
        detail::LoopInternals::record(m_loop, EventKind::JobStarted, job->submitterId(), std::uint8_t(job->worker), m_object.value, job->id);
        startWork(*job);
    }
}

void Executor::startWork(Job& job)
{
    if (!m_live) {
        // The job's end is a timer on the loop's clock.
        job.timerId = detail::LoopInternals::armTimer(m_loop, job, m_loop.now() + secondsToNs(job.spec.cost), job.submitterId());
        return;
    }
    job.inFlight = true;
    job.token = m_loop.outsideWorld()->startJob(job.spec, [this, &job] {
        job.inFlight = false;
        detail::LoopInternals::scheduleCallback(m_loop, job, CallbackKind::Generic, job.submitterId(), job.id);
    });
}

void Executor::jobFinished(Job& job)
{
    m_running[std::size_t(job.worker)] = nullptr;
    if (job.holdsCpu)
        --m_cpuInUse;
    detail::LoopInternals::record(m_loop, EventKind::JobFinished, job.submitterId(), std::uint8_t(job.worker), m_object.value, job.id);
    if (RunOperation* op = job.waiter) {
        op->m_job = nullptr;
        op->m_woken = true;
        detail::LoopInternals::schedule(m_loop, *op->m_task, WakeReason::Job, TaskId(), m_object);
    }
    detail::LoopInternals::removeOutsideWork(m_loop);
    m_jobs.remove_if([&](const std::unique_ptr<Job>& j) { return j.get() == &job; });
    dispatch();
}

Executor::RunOperation::~RunOperation()
{
    if (m_job)
        m_job->waiter = nullptr;
}

void Executor::RunOperation::await_suspend(std::coroutine_handle<> h)
{
    EventLoop& loop = m_executor.m_loop;
    if (m_spec.cost < 0)
        throw ValueError("job cost must be non-negative");
    m_task = loop.currentTask();
    auto job = std::make_unique<Job>(m_executor, m_executor.m_nextJobId++, m_spec, m_task);
    m_job = job.get();
    m_job->waiter = this;
    m_executor.m_jobs.push_back(std::move(job));
    m_executor.m_queue.push_back(m_job);
    detail::LoopInternals::addOutsideWork(loop);
    detail::LoopInternals::record(loop, EventKind::JobQueued, m_task->id(), 0, m_executor.m_object.value, m_job->id);
    detail::LoopInternals::suspend(loop, *m_task, *this, h, WaitKind::Job, m_executor.m_object, detail::LoopInternals::intern(loop, m_spec.label));
    m_executor.dispatch();
}

void Executor::RunOperation::await_resume()
{
    detail::LoopInternals::resumeFromWait(m_task->loop(), *m_task);
}

CancelOutcome Executor::RunOperation::onCancel()
{
    if (m_woken)
        return CancelOutcome::TooLate;
    // The awaiting task gives up at once. A job still queued is dropped (Future.cancel()
    // succeeds); a running one carries on in its worker, as a real thread would.
    if (m_job) {
        auto& queue = m_executor.m_queue;
        if (auto it = std::find(queue.begin(), queue.end(), m_job); it != queue.end()) {
            queue.erase(it);
            Job* job = m_job;
            detail::LoopInternals::record(m_executor.m_loop, EventKind::JobFinished, job->submitterId(), kJobDropped, m_executor.m_object.value,
                                     job->id);
            detail::LoopInternals::removeOutsideWork(m_executor.m_loop);
            m_executor.m_jobs.remove_if([&](const std::unique_ptr<Job>& j) { return j.get() == job; });
        } else {
            m_job->waiter = nullptr;
        }
        m_job = nullptr;
    }
    return CancelOutcome::Detached;
}

std::string Executor::RunOperation::describe() const
{
    return (m_spec.label.empty() ? std::string("job") : m_spec.label) + " on " +
           m_executor.m_loop.meta().objectName(m_executor.m_object);
}

namespace {
// One default executor per loop; loops may live on different threads (live mode).
std::mutex g_defaultExecutorsMutex;
std::map<EventLoop*, std::unique_ptr<Executor>>& defaultExecutors()
{
    static std::map<EventLoop*, std::unique_ptr<Executor>> executors;
    return executors;
}
} // namespace

Executor& defaultExecutor(EventLoop& loop)
{
    std::lock_guard lock(g_defaultExecutorsMutex);
    auto& slot = defaultExecutors()[&loop];
    if (!slot)
        slot = std::make_unique<Executor>(PoolKind::Thread, 6, 2, "default executor");
    return *slot;
}

void releaseDefaultExecutor(EventLoop& loop)
{
    std::unique_ptr<Executor> executor;
    {
        std::lock_guard lock(g_defaultExecutorsMutex);
        auto it = defaultExecutors().find(&loop);
        if (it == defaultExecutors().end())
            return;
        executor = std::move(it->second);
        defaultExecutors().erase(it);
    }
}

Executor::RunOperation toThread(JobSpec spec)
{
    return defaultExecutor(runningLoop()).run(std::move(spec));
}

} // namespace loopscope
