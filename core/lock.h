#pragma once
// Lock: asyncio.Lock. Waiters queue in FIFO order; release() wakes the first waiter, which takes
// the lock when it runs at the next turn. A task that arrives meanwhile does not jump the queue,
// because the woken waiter is still at its front (asyncio 3.11's acquire checks exactly that).

#include "eventloop.h"
#include "futurewait.h"

#include <coroutine>
#include <string>
#include <utility>

namespace loopscope {

class Lock;

// `auto held = co_await lock.hold();` is `async with lock:` — released when `held` goes away.
class [[nodiscard]] LockGuard
{
public:
    LockGuard() = default;
    explicit LockGuard(Lock* lock) : m_lock(lock) {}
    LockGuard(LockGuard&& other) noexcept : m_lock(std::exchange(other.m_lock, nullptr)) {}
    LockGuard& operator=(LockGuard&& other) noexcept
    {
        std::swap(m_lock, other.m_lock);
        return *this;
    }
    ~LockGuard() { unlock(); }
    void unlock();

private:
    Lock* m_lock = nullptr;
};

class Lock final : private WaitTarget
{
public:
    explicit Lock(std::string_view name = "lock") : m_name(name) {}
    Lock(const Lock&) = delete;
    Lock& operator=(const Lock&) = delete;

    bool locked() const { return m_locked; }
    TaskRecord* holder() const override { return m_holder; }
    const WaitQueue& waiters() const { return m_waiters; }
    ObjectId id() { return object(); }

    class [[nodiscard]] AcquireOperation
    {
    public:
        explicit AcquireOperation(Lock& lock)
            : m_lock(lock), m_wait(lock.m_waiters, &lock, WaitKind::Lock, lock.object())
        {
        }
        // Free and nobody queued: take it without suspending.
        bool await_ready() { return m_lock.tryAcquireNow(); }
        void await_suspend(std::coroutine_handle<> h) { m_wait.await_suspend(h); }
        void await_resume()
        {
            if (!m_wait.task())
                return; // taken in await_ready without suspending
            m_wait.unlink();
            try {
                m_wait.await_resume();
            } catch (const CancelledError&) {
                // Woken, then cancelled before running: pass the turn on.
                if (!m_lock.m_locked)
                    m_lock.wakeFirst();
                throw;
            }
            m_lock.take(*m_wait.task());
        }

    private:
        Lock& m_lock;
        FutureWait m_wait;
    };

    AcquireOperation acquire() { return AcquireOperation(*this); }

    class [[nodiscard]] HoldOperation
    {
    public:
        explicit HoldOperation(Lock& lock) : m_lock(lock), m_acquire(lock) {}
        bool await_ready() { return m_acquire.await_ready(); }
        void await_suspend(std::coroutine_handle<> h) { m_acquire.await_suspend(h); }
        LockGuard await_resume()
        {
            m_acquire.await_resume();
            return LockGuard(&m_lock);
        }

    private:
        Lock& m_lock;
        AcquireOperation m_acquire;
    };

    HoldOperation hold() { return HoldOperation(*this); }

    void release()
    {
        if (!m_locked)
            throw RuntimeError("Lock is not acquired.");
        object();
        TaskRecord* releaser = m_holder ? m_holder : m_loop->currentTask();
        m_locked = false;
        m_holder = nullptr;
        detail::LoopInternals::record(*m_loop, EventKind::Released, releaser ? releaser->id() : TaskId(), 0, m_object.value);
        wakeFirst();
    }

private:
    // Like asyncio's primitives, a lock binds to the running loop when first used.
    ObjectId object()
    {
        if (!m_object) {
            m_loop = &runningLoop();
            m_object = detail::LoopInternals::registerObject(*m_loop, ObjectKind::Lock, m_name, 1);
        }
        return m_object;
    }
    bool tryAcquireNow()
    {
        object();
        if (m_locked || !m_waiters.empty())
            return false;
        take(*m_loop->currentTask());
        return true;
    }
    void take(TaskRecord& task)
    {
        m_locked = true;
        m_holder = &task;
        detail::LoopInternals::record(*m_loop, EventKind::Acquired, task.id(), 0, object().value);
    }
    void wakeFirst()
    {
        FutureWait* first = m_waiters.front();
        if (first && first->state() == FutureWait::State::Waiting) {
            TaskRecord* current = m_loop->currentTask();
            first->wake(WakeReason::Handoff, current ? current->id() : TaskId(), true);
        }
    }

    EventLoop* m_loop = nullptr;
    std::string m_name;
    WaitQueue m_waiters;
    TaskRecord* m_holder = nullptr;
    ObjectId m_object;
    bool m_locked = false;
};

inline void LockGuard::unlock()
{
    if (Lock* lock = std::exchange(m_lock, nullptr))
        if (lock->locked())
            lock->release();
}

} // namespace loopscope
