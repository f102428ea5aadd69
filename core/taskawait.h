#pragma once
// `co_await taskRef`: wait for another task to finish and take its result, as `await task`
// does in Python. Cancelling the waiting task cancels the awaited one too (asyncio forwards the
// cancel to the future a task waits on), and the waiter wakes when that task has finished.

#include "eventloop.h"
#include "taskrecord.h"

#include <coroutine>
#include <string>

namespace loopscope {

template<typename T>
class [[nodiscard]] TaskAwaitOperation final : public DoneWaiter, public WaitNode
{
public:
    explicit TaskAwaitOperation(TaskRef<T> target) : m_target(std::move(target)) {}
    TaskAwaitOperation(const TaskAwaitOperation&) = delete;
    TaskAwaitOperation& operator=(const TaskAwaitOperation&) = delete;
    ~TaskAwaitOperation()
    {
        if (m_registered)
            m_target->removeDoneWaiter(*this);
    }

    // Awaiting a finished task does not suspend at all.
    bool await_ready() const noexcept { return m_target->done(); }

    void await_suspend(std::coroutine_handle<> h)
    {
        EventLoop* loop = EventLoop::current();
        m_task = loop->currentTask();
        if (m_task == m_target.record())
            throw RuntimeError("Task cannot await on itself");
        m_target->addDoneWaiter(*this);
        m_registered = true;
        detail::LoopInternals::suspend(*loop, *m_task, *this, h, WaitKind::Task, ObjectId(m_target.id().value),
                      loop->meta().task(m_target.id()).name);
    }

    decltype(auto) await_resume()
    {
        if (m_task) {
            detail::LoopInternals::resumeFromWait(m_task->loop(), *m_task);
            if (m_target->cancelled())
                detail::LoopInternals::noteCancelDelivered(m_task->loop(), *m_task);
        }
        return m_target->result();
    }

    // Called by the loop when the awaited task has finished.
    void taskDone(TaskRecord& target) override
    {
        m_registered = false;
        detail::LoopInternals::schedule(m_task->loop(), *m_task, WakeReason::TaskDone, target.id());
    }
    void taskAbandoned(TaskRecord&) override { m_registered = false; }

    CancelOutcome onCancel() override
    {
        return m_target->cancel() ? CancelOutcome::Forwarded : CancelOutcome::TooLate;
    }
    std::string describe() const override { return "task " + m_task->loop().meta().taskName(m_target.id()); }
    TaskRecord* blockedBy() const override { return m_target.record(); }

private:
    TaskRef<T> m_target;
    TaskRecord* m_task = nullptr;
    bool m_registered = false;
};

template<typename T>
auto TaskRef<T>::operator co_await() const
{
    return TaskAwaitOperation<T>(*this);
}

} // namespace loopscope
