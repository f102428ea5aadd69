#pragma once
// Building blocks for wait_for and shield: wait until a task is done, one callback turn after it
// finished (asyncio's add_done_callback + a future that wakes the waiter), optionally racing a
// timer. The awaiter is the callback node and the timer handle, so nothing allocates.

#include "eventloop.h"
#include "taskrecord.h"

#include <coroutine>
#include <string>

namespace loopscope::detail {

class DoneOperation final : public DoneWaiter, public WaitNode
{
public:
    enum class Ended : std::uint8_t { No, TaskDone, Timeout, Cancelled };

    // `deadline` < 0: no timer. `cancelOnCancel`: a cancel of the waiting task is passed on to
    // the target (plain await) rather than ending the wait at once (shield, wait_for).
    DoneOperation(TaskRecord& target, WaitKind kind, TimeNs deadline, bool cancelTarget)
        : m_target(target), m_deadline(deadline), m_kind(kind), m_cancelTarget(cancelTarget)
    {
        m_target.addRef();
    }
    DoneOperation(const DoneOperation&) = delete;
    ~DoneOperation()
    {
        detachAll();
        m_target.release();
    }

    Ended ended() const { return m_ended; }

    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h)
    {
        EventLoop* loop = EventLoop::current();
        m_task = loop->currentTask();
        if (m_target.done())
            detail::LoopInternals::scheduleCallback(m_target.loop(), m_doneCallback, CallbackKind::Generic, m_task->id(), m_target.id().value);
        else {
            m_target.addDoneWaiter(*this);
            m_registered = true;
        }
        if (m_deadline >= 0)
            m_timerId = detail::LoopInternals::armTimer(*loop, m_timer, m_deadline, m_task->id());
        detail::LoopInternals::suspend(*loop, *m_task, *this, h, m_kind, ObjectId(m_target.id().value), loop->meta().task(m_target.id()).name);
    }
    void await_resume()
    {
        detachAll();
        detail::LoopInternals::resumeFromWait(m_task->loop(), *m_task);
    }

    void taskDone(TaskRecord& t) override
    {
        m_registered = false;
        detail::LoopInternals::scheduleCallback(t.loop(), m_doneCallback, CallbackKind::Generic, m_task->id(), t.id().value);
    }
    void taskAbandoned(TaskRecord&) override { m_registered = false; }

    CancelOutcome onCancel() override
    {
        if (m_ended != Ended::No)
            return CancelOutcome::TooLate;
        if (m_cancelTarget && m_target.cancel())
            return CancelOutcome::Forwarded;
        m_ended = Ended::Cancelled;
        detachAll();
        return CancelOutcome::Detached;
    }
    std::string describe() const override
    {
        return std::string(toString(m_kind)) + " task " + m_task->loop().meta().taskName(m_target.id());
    }
    TaskRecord* blockedBy() const override { return &m_target; }

private:
    struct DoneCallback final : Handle
    {
        explicit DoneCallback(DoneOperation* o) : op(o) {}
        DoneOperation* op;
        void run() override
        {
            detail::LoopInternals::record(op->m_task->loop(), EventKind::CallbackRun, op->m_task->id(), std::uint8_t(CallbackKind::Generic),
                                      op->m_target.id().value);
            op->end(Ended::TaskDone, WakeReason::TaskDone);
        }
    };
    struct TimerCallback final : Handle
    {
        explicit TimerCallback(DoneOperation* o) : op(o) {}
        DoneOperation* op;
        void run() override
        {
            detail::LoopInternals::record(op->m_task->loop(), EventKind::CallbackRun, op->m_task->id(), std::uint8_t(CallbackKind::Timer),
                                      op->m_timerId);
            op->end(Ended::Timeout, WakeReason::Timer);
        }
    };

    void end(Ended how, WakeReason reason)
    {
        if (m_ended != Ended::No)
            return;
        m_ended = how;
        detail::LoopInternals::schedule(m_task->loop(), *m_task, reason, how == Ended::TaskDone ? m_target.id() : TaskId());
    }

    void detachAll()
    {
        if (!m_task)
            return;
        EventLoop& loop = m_task->loop();
        if (m_registered) {
            m_target.removeDoneWaiter(*this);
            m_registered = false;
        }
        detail::LoopInternals::unscheduleCallback(loop, m_doneCallback, CallbackKind::Generic, m_task->id(), m_target.id().value);
        if (!detail::LoopInternals::cancelTimer(loop, m_timer))
            detail::LoopInternals::unscheduleCallback(loop, m_timer, CallbackKind::Timer, m_task->id(), m_timerId);
    }

    TaskRecord& m_target;
    TaskRecord* m_task = nullptr;
    DoneCallback m_doneCallback{this};
    TimerCallback m_timer{this};
    TimeNs m_deadline;
    std::uint32_t m_timerId = 0;
    WaitKind m_kind;
    Ended m_ended = Ended::No;
    bool m_cancelTarget;
    bool m_registered = false;
};

} // namespace loopscope::detail
