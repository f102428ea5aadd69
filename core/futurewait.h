#pragma once
// FutureWait: the awaiter behind every primitive's wait queue. It plays the part of the
// one-shot future that asyncio's Lock, Semaphore, Event and Queue append to their `_waiters`
// deque: a task awaits it, and whoever sets it (release, put, set) wakes the task at the next
// loop turn. The awaiter lives in the waiting coroutine's frame and is linked into the
// primitive's FIFO directly, so waiting allocates nothing and a view can walk the real queue.

#include "eventloop.h"
#include "handle.h"

#include <coroutine>
#include <string>

namespace loopscope {

class WaitQueue;

// Implemented by a primitive so that the deadlock report can say who must act first.
class WaitTarget
{
public:
    virtual TaskRecord* holder() const { return nullptr; }

protected:
    ~WaitTarget() = default;
};

class FutureWait final : public WaitNode
{
public:
    enum class State : std::uint8_t { Idle, Waiting, Woken, Cancelled };

    FutureWait(WaitQueue& queue, const WaitTarget* target, WaitKind kind, ObjectId object)
        : m_queue(&queue), m_target(target), m_object(object), m_kind(kind)
    {
    }
    FutureWait(const FutureWait&) = delete;
    FutureWait& operator=(const FutureWait&) = delete;
    ~FutureWait() { unlink(); }

    State state() const { return m_state; }
    TaskRecord* task() const { return m_task; }
    bool linked() const { return m_linked; }

    bool await_ready() const noexcept { return false; }
    // Called when the task suspends: join the back of the primitive's queue.
    void await_suspend(std::coroutine_handle<> h);
    // Called when the task runs again: raises CancelledError if it was cancelled meanwhile.
    void await_resume() { detail::LoopInternals::resumeFromWait(m_task->loop(), *m_task); }

    // Sets the future: the task steps at the next loop turn. `leaveInQueue` keeps the node
    // linked until the task runs (Lock and Semaphore do that; Queue pops it at once).
    void wake(WakeReason reason, TaskId waker, bool leaveInQueue);
    void unlink();

    CancelOutcome onCancel() override;
    std::string describe() const override;
    TaskRecord* blockedBy() const override { return m_target ? m_target->holder() : nullptr; }

    FutureWait* m_prev = nullptr;
    FutureWait* m_next = nullptr;

private:
    WaitQueue* m_queue;
    const WaitTarget* m_target;
    TaskRecord* m_task = nullptr;
    ObjectId m_object;
    WaitKind m_kind;
    State m_state = State::Idle;
    bool m_linked = false;
};

// A FIFO of FutureWait nodes.
class WaitQueue
{
public:
    bool empty() const { return m_head == nullptr; }
    FutureWait* front() const { return m_head; }
    std::size_t size() const
    {
        std::size_t n = 0;
        for (FutureWait* w = m_head; w; w = w->m_next)
            ++n;
        return n;
    }

    void pushBack(FutureWait& w)
    {
        w.m_prev = m_tail;
        w.m_next = nullptr;
        (m_tail ? m_tail->m_next : m_head) = &w;
        m_tail = &w;
    }
    void remove(FutureWait& w)
    {
        (w.m_prev ? w.m_prev->m_next : m_head) = w.m_next;
        (w.m_next ? w.m_next->m_prev : m_tail) = w.m_prev;
        w.m_prev = w.m_next = nullptr;
    }
    // The first node that is still waiting (not yet woken), or nullptr.
    FutureWait* firstWaiting() const
    {
        for (FutureWait* w = m_head; w; w = w->m_next)
            if (w->state() == FutureWait::State::Waiting)
                return w;
        return nullptr;
    }
    template<typename F>
    void forEach(F&& f) const
    {
        for (FutureWait* w = m_head; w; w = w->m_next)
            f(*w);
    }

private:
    FutureWait* m_head = nullptr;
    FutureWait* m_tail = nullptr;
};

inline void FutureWait::await_suspend(std::coroutine_handle<> h)
{
    EventLoop* loop = EventLoop::current();
    m_task = loop->currentTask();
    m_state = State::Waiting;
    m_queue->pushBack(*this);
    m_linked = true;
    detail::LoopInternals::suspend(*loop, *m_task, *this, h, m_kind, m_object, StringId());
}

inline void FutureWait::wake(WakeReason reason, TaskId waker, bool leaveInQueue)
{
    m_state = State::Woken;
    if (!leaveInQueue)
        unlink();
    detail::LoopInternals::schedule(m_task->loop(), *m_task, reason, waker, m_object);
}

inline void FutureWait::unlink()
{
    if (m_linked) {
        m_queue->remove(*this);
        m_linked = false;
    }
}

inline CancelOutcome FutureWait::onCancel()
{
    if (m_state != State::Waiting)
        return CancelOutcome::TooLate;
    m_state = State::Cancelled;
    unlink();
    return CancelOutcome::Detached;
}

inline std::string FutureWait::describe() const
{
    const TraceMeta& meta = m_task->loop().meta();
    std::string text = std::string(toString(m_kind)) + " " + meta.objectName(m_object);
    if (const TaskRecord* h = blockedBy())
        text += " (held by " + meta.taskName(h->id()) + ")";
    return text;
}

} // namespace loopscope
