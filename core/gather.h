#pragma once
// gather(): asyncio.gather. It is eager like asyncio's: the call wraps every coroutine in a task
// at once, and the returned operation, when awaited, gives the results in argument order.
//
// As in CPython, the first failure reaches the awaiting task as soon as it is known, while the
// other children keep running to completion (gather cancels nothing on failure). Cancelling
// the awaiting task cancels the children, and the CancelledError arrives once they finished.
// Each child's completion runs one callback turn before the waiter wakes, as asyncio's
// _done_callback does.

#include "eventloop.h"
#include "taskrecord.h"

#include <coroutine>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace loopscope {

// One result of gather(..., return_exceptions=True): a value or the exception raised.
template<typename T>
struct Outcome
{
    std::optional<std::conditional_t<std::is_void_v<T>, Void, T>> value;
    std::exception_ptr error;
    bool ok() const { return !error; }
};

namespace detail {

class GatherCore final : public WaitNode
{
public:
    struct Child final : public DoneWaiter, public Handle
    {
        GatherCore* core = nullptr;
        TaskRecord* task = nullptr;
        bool registered = false;

        void taskDone(TaskRecord& t) override
        {
            registered = false;
            detail::LoopInternals::scheduleCallback(core->m_loop, *this, CallbackKind::GatherChild, core->m_owner, t.id().value);
        }
        void taskAbandoned(TaskRecord&) override
        {
            registered = false;
            core->release();
        }
        void run() override
        {
            detail::LoopInternals::record(core->m_loop, EventKind::CallbackRun, core->m_owner, std::uint8_t(CallbackKind::GatherChild),
                                task->id().value);
            core->childDone(*task);
            core->release();
        }
        void discard() override { core->release(); }
    };

    GatherCore(EventLoop& loop, std::vector<TaskRecord*> children, bool returnExceptions)
        : m_loop(loop), m_children(children.size()), m_returnExceptions(returnExceptions)
    {
        m_owner = loop.currentTask() ? loop.currentTask()->id() : TaskId();
        for (std::size_t i = 0; i < children.size(); ++i) {
            Child& c = m_children[i];
            c.core = this;
            c.task = children[i];
            c.task->addRef();
            if (c.task->done()) {
                // Already finished: its callback is still one turn away, as in asyncio.
                ++m_refs;
                c.taskDone(*c.task);
            } else {
                ++m_refs;
                c.registered = true;
                c.task->addDoneWaiter(c);
            }
        }
        if (m_children.empty())
            m_outerDone = true;
    }

    void addRef() { ++m_refs; }
    void release()
    {
        if (--m_refs == 0)
            delete this;
    }

    bool outerDone() const { return m_outerDone; }
    const std::exception_ptr& outerError() const { return m_outerError; }
    std::size_t childCount() const { return m_children.size(); }
    TaskRecord* child(std::size_t i) const { return m_children[i].task; }

    void setWaiter(TaskRecord* task) { m_waiter = task; }

    CancelOutcome onCancel() override
    {
        if (m_outerDone)
            return CancelOutcome::TooLate;
        bool any = false;
        for (Child& c : m_children)
            any = c.task->cancel() || any;
        if (!any)
            return CancelOutcome::TooLate;
        m_cancelRequested = true;
        return CancelOutcome::Forwarded;
    }
    std::string describe() const override
    {
        return "gather of " + std::to_string(m_children.size()) + " task" + (m_children.size() == 1 ? "" : "s");
    }
    TaskRecord* blockedBy() const override
    {
        for (const Child& c : m_children)
            if (!c.task->done())
                return c.task;
        return nullptr;
    }

private:
    ~GatherCore()
    {
        for (Child& c : m_children) {
            if (c.registered)
                c.task->removeDoneWaiter(c);
            if (c.m_inReady)
                detail::LoopInternals::unscheduleCallback(m_loop, c, CallbackKind::GatherChild, m_owner, c.task->id().value);
            c.task->release();
        }
    }

    void childDone(TaskRecord& child)
    {
        ++m_finished;
        if (m_outerDone) {
            if (!child.cancelled())
                child.exception(); // mark it retrieved, as asyncio's _done_callback does
            return;
        }
        if (!m_returnExceptions && child.status() != TaskStatus::Done) {
            m_outerError = child.exception();
            complete();
            return;
        }
        if (m_finished == m_children.size()) {
            if (m_cancelRequested)
                m_outerError = std::make_exception_ptr(CancelledError());
            for (Child& c : m_children)
                c.task->exception();
            complete();
        }
    }

    void complete()
    {
        m_outerDone = true;
        if (m_waiter)
            detail::LoopInternals::schedule(m_loop, *m_waiter, WakeReason::Gather);
    }

    EventLoop& m_loop;
    std::vector<Child> m_children;
    TaskRecord* m_waiter = nullptr;
    std::exception_ptr m_outerError;
    TaskId m_owner;
    std::size_t m_finished = 0;
    std::uint32_t m_refs = 1;
    bool m_returnExceptions;
    bool m_outerDone = false;
    bool m_cancelRequested = false;
};

} // namespace detail

template<typename T, typename Result>
class [[nodiscard]] GatherOperation
{
public:
    GatherOperation(std::vector<TaskRef<T>> children, bool returnExceptions) : m_children(std::move(children))
    {
        std::vector<TaskRecord*> records;
        records.reserve(m_children.size());
        for (auto& c : m_children)
            records.push_back(c.record());
        m_core = new detail::GatherCore(*EventLoop::current(), std::move(records), returnExceptions);
    }
    GatherOperation(GatherOperation&& other) noexcept
        : m_children(std::move(other.m_children)), m_core(std::exchange(other.m_core, nullptr)), m_task(other.m_task)
    {
    }
    GatherOperation(const GatherOperation&) = delete;
    ~GatherOperation()
    {
        if (m_core) {
            m_core->setWaiter(nullptr);
            m_core->release();
        }
    }

    const std::vector<TaskRef<T>>& tasks() const { return m_children; }

    bool await_ready() const noexcept { return m_core->outerDone(); }
    void await_suspend(std::coroutine_handle<> h)
    {
        EventLoop* loop = EventLoop::current();
        m_task = loop->currentTask();
        m_core->setWaiter(m_task);
        detail::LoopInternals::suspend(*loop, *m_task, *m_core, h, WaitKind::Gather, ObjectId(), detail::LoopInternals::intern(*loop, m_core->describe()));
    }
    // The results in argument order, or the first exception.
    std::vector<Result> await_resume()
    {
        if (m_task) {
            m_core->setWaiter(nullptr);
            detail::LoopInternals::resumeFromWait(m_task->loop(), *m_task);
        }
        if (const auto& error = m_core->outerError()) {
            if (m_task && isCancellation(error))
                detail::LoopInternals::noteCancelDelivered(m_task->loop(), *m_task);
            std::rethrow_exception(error);
        }
        std::vector<Result> results;
        results.reserve(m_children.size());
        for (auto& c : m_children)
            results.push_back(collect(c));
        return results;
    }

private:
    static Result collect(TaskRef<T>& child)
    {
        if constexpr (std::is_same_v<Result, Outcome<T>>) {
            Outcome<T> out;
            if (auto error = child->exception())
                out.error = error;
            else if constexpr (std::is_void_v<T>)
                out.value.emplace();
            else
                out.value.emplace(child.result());
            return out;
        } else if constexpr (std::is_void_v<T>) {
            child.result();
            return Void{};
        } else {
            return child.result();
        }
    }

    std::vector<TaskRef<T>> m_children;
    detail::GatherCore* m_core = nullptr;
    TaskRecord* m_task = nullptr;
};

template<typename T>
using GatherResult = std::conditional_t<std::is_void_v<T>, Void, T>;

// gather(tasks): waits for tasks that already exist.
template<typename T>
GatherOperation<T, GatherResult<T>> gather(std::vector<TaskRef<T>> tasks)
{
    return {std::move(tasks), false};
}

// gather(coroutines): wraps each in a task first, in argument order.
template<typename T>
GatherOperation<T, GatherResult<T>> gather(std::vector<Task<T>> coros)
{
    std::vector<TaskRef<T>> tasks;
    tasks.reserve(coros.size());
    for (auto& c : coros)
        tasks.push_back(EventLoop::current()->createTask(std::move(c)));
    return {std::move(tasks), false};
}

template<typename T, typename... More>
GatherOperation<T, GatherResult<T>> gather(Task<T> first, More... more)
{
    std::vector<Task<T>> coros;
    coros.push_back(std::move(first));
    (coros.push_back(std::move(more)), ...);
    return gather(std::move(coros));
}

// gather(..., return_exceptions=True): every child's outcome, exceptions included.
template<typename T>
GatherOperation<T, Outcome<T>> gatherReturnExceptions(std::vector<TaskRef<T>> tasks)
{
    return {std::move(tasks), true};
}

template<typename T>
GatherOperation<T, Outcome<T>> gatherReturnExceptions(std::vector<Task<T>> coros)
{
    std::vector<TaskRef<T>> tasks;
    tasks.reserve(coros.size());
    for (auto& c : coros)
        tasks.push_back(EventLoop::current()->createTask(std::move(c)));
    return {std::move(tasks), true};
}

} // namespace loopscope
