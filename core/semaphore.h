#pragma once
// Semaphore and BoundedSemaphore: asyncio's, down to the bookkeeping. release() adds a permit
// and, if a task waits, reserves that permit for the first waiter and wakes it; the waiter
// takes it when it runs at the next turn. Tasks arriving meanwhile queue behind it (FIFO).

#include "eventloop.h"
#include "futurewait.h"

#include <coroutine>
#include <string>
#include <utility>
#include <vector>

namespace loopscope {

class Semaphore;

// `auto permit = co_await sem.hold();` is `async with sem:`.
class [[nodiscard]] SemaphoreGuard
{
public:
    SemaphoreGuard() = default;
    explicit SemaphoreGuard(Semaphore* s) : m_sem(s) {}
    SemaphoreGuard(SemaphoreGuard&& other) noexcept : m_sem(std::exchange(other.m_sem, nullptr)) {}
    SemaphoreGuard& operator=(SemaphoreGuard&& other) noexcept
    {
        std::swap(m_sem, other.m_sem);
        return *this;
    }
    ~SemaphoreGuard() { release(); }
    void release();

private:
    Semaphore* m_sem = nullptr;
};

class Semaphore : private WaitTarget
{
public:
    explicit Semaphore(std::int64_t value = 1, std::string_view name = "semaphore") : Semaphore(value, name, false) {}
    Semaphore(const Semaphore&) = delete;
    Semaphore& operator=(const Semaphore&) = delete;
    virtual ~Semaphore() = default;

    // asyncio's locked(): no permit free, or someone already queued for one.
    bool locked() const
    {
        if (m_value == 0)
            return true;
        bool anyWaiting = false;
        m_waiters.forEach([&](const FutureWait& w) { anyWaiting |= w.state() != FutureWait::State::Cancelled; });
        return anyWaiting;
    }
    std::int64_t value() const { return m_value; }
    std::int64_t initialValue() const { return m_initial; }
    // Permits taken by tasks that hold them (or are about to, having been woken).
    std::int64_t inUse() const { return m_initial - m_value; }
    const std::vector<TaskRecord*>& holders() const { return m_holders; }
    const WaitQueue& waiters() const { return m_waiters; }
    ObjectId id() { return object(); }

    class [[nodiscard]] AcquireOperation
    {
    public:
        explicit AcquireOperation(Semaphore& s) : m_sem(s), m_wait(s.m_waiters, &s, WaitKind::Semaphore, s.object()) {}
        bool await_ready()
        {
            if (m_sem.locked())
                return false;
            --m_sem.m_value;
            m_sem.addHolder(*m_sem.m_loop->currentTask());
            return true;
        }
        void await_suspend(std::coroutine_handle<> h) { m_wait.await_suspend(h); }
        void await_resume()
        {
            if (!m_wait.task())
                return; // taken in await_ready without suspending
            const bool woken = m_wait.state() == FutureWait::State::Woken;
            m_wait.unlink();
            try {
                m_wait.await_resume();
            } catch (const CancelledError&) {
                if (woken) { // the permit reserved for us goes to the next waiter
                    ++m_sem.m_value;
                    m_sem.wakeNext();
                }
                throw;
            }
            m_sem.addHolder(*m_wait.task());
            if (m_sem.m_value > 0)
                m_sem.wakeNext();
        }

    private:
        Semaphore& m_sem;
        FutureWait m_wait;
    };

    AcquireOperation acquire() { return AcquireOperation(*this); }

    class [[nodiscard]] HoldOperation
    {
    public:
        explicit HoldOperation(Semaphore& s) : m_sem(s), m_acquire(s) {}
        bool await_ready() { return m_acquire.await_ready(); }
        void await_suspend(std::coroutine_handle<> h) { m_acquire.await_suspend(h); }
        SemaphoreGuard await_resume()
        {
            m_acquire.await_resume();
            return SemaphoreGuard(&m_sem);
        }

    private:
        Semaphore& m_sem;
        AcquireOperation m_acquire;
    };

    HoldOperation hold() { return HoldOperation(*this); }

    void release()
    {
        object();
        checkRelease();
        TaskRecord* releaser = m_loop->currentTask();
        ++m_value;
        removeHolder(releaser);
        wakeNext();
        counter();
    }

protected:
    Semaphore(std::int64_t value, std::string_view name, bool bounded)
        : m_name(name), m_initial(value), m_value(value), m_bounded(bounded)
    {
        if (value < 0)
            throw ValueError("Semaphore initial value must be >= 0");
    }
    virtual void checkRelease() {}

private:
    ObjectId object()
    {
        if (!m_object) {
            m_loop = &runningLoop();
            m_object = detail::LoopInternals::registerObject(*m_loop, ObjectKind::Semaphore, m_name, m_initial);
        }
        return m_object;
    }
    void counter() { detail::LoopInternals::record(*m_loop, EventKind::Counter, TaskId(), 0, object().value, std::uint32_t(inUse())); }
    void addHolder(TaskRecord& task)
    {
        m_holders.push_back(&task);
        detail::LoopInternals::record(*m_loop, EventKind::Acquired, task.id(), 0, object().value);
        counter();
    }
    void removeHolder(TaskRecord* task)
    {
        // asyncio semaphores have no owner; a release by a non-holder frees the oldest permit.
        auto it = std::find(m_holders.begin(), m_holders.end(), task);
        if (it == m_holders.end() && !m_holders.empty())
            it = m_holders.begin();
        if (it != m_holders.end()) {
            const TaskId id = (*it)->id();
            m_holders.erase(it);
            detail::LoopInternals::record(*m_loop, EventKind::Released, id, 0, m_object.value);
        }
    }
    void wakeNext()
    {
        if (FutureWait* w = m_waiters.firstWaiting()) {
            --m_value;
            TaskRecord* current = m_loop->currentTask();
            w->wake(WakeReason::Handoff, current ? current->id() : TaskId(), true);
        }
    }
    TaskRecord* holder() const override { return m_holders.empty() ? nullptr : m_holders.front(); }

    EventLoop* m_loop = nullptr;
    std::string m_name;
    WaitQueue m_waiters;
    std::vector<TaskRecord*> m_holders;
    ObjectId m_object;
    std::int64_t m_initial;
    std::int64_t m_value;

protected:
    bool m_bounded;
};

// BoundedSemaphore: releasing more often than acquiring raises ValueError.
class BoundedSemaphore final : public Semaphore
{
public:
    explicit BoundedSemaphore(std::int64_t value = 1, std::string_view name = "semaphore")
        : Semaphore(value, name, true)
    {
    }

private:
    void checkRelease() override
    {
        if (value() >= initialValue())
            throw ValueError("BoundedSemaphore released too many times");
    }
};

inline void SemaphoreGuard::release()
{
    if (Semaphore* s = std::exchange(m_sem, nullptr))
        s->release();
}

} // namespace loopscope
