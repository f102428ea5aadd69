#pragma once
// TaskGroup: asyncio.TaskGroup (Python 3.11). The first child that fails cancels its siblings
// and the parent; the group waits until every child has finished, then raises an
// ExceptionGroup of the failures. C++ has no `async with`, so the block is a coroutine:
//
//     co_await withTaskGroup([&](TaskGroup& tg) -> Task<void> {
//         tg.createTask(fetch(1), "fetch-1");
//         co_return;
//     });
//
// or, with no body to protect, `TaskGroup tg; tg.createTask(...); co_await tg.join();`.

#include "eventloop.h"
#include "futurewait.h"
#include "taskrecord.h"

#include <list>
#include <vector>

namespace loopscope {

class TaskGroup final
{
public:
    TaskGroup() : m_loop(runningLoop()), m_parent(m_loop.currentTask()) {}
    TaskGroup(const TaskGroup&) = delete;
    TaskGroup& operator=(const TaskGroup&) = delete;
    ~TaskGroup()
    {
        for (Child& c : m_children) {
            if (c.registered)
                c.task->removeDoneWaiter(c);
            detail::LoopInternals::unscheduleCallback(m_loop, c, CallbackKind::Generic, parentId(), c.task->id().value);
            c.task->release();
        }
    }

    template<typename T>
    TaskRef<T> createTask(Task<T> coro, std::string_view name = {})
    {
        if (m_exiting && m_pending == 0)
            throw RuntimeError("TaskGroup is finished");
        if (m_aborting)
            throw RuntimeError("TaskGroup is shutting down");
        TaskRef<T> ref = m_loop.createTask(std::move(coro), name);
        Child& c = m_children.emplace_back();
        c.group = this;
        c.task = ref.record();
        c.task->addRef();
        c.task->addDoneWaiter(c);
        c.registered = true;
        ++m_pending;
        return ref;
    }

    // __aexit__: waits for every child, then raises what the group must raise.
    Task<void> exit(std::exception_ptr bodyError)
    {
        m_exiting = true;
        bool propagateCancel = bodyError && isCancellation(bodyError);
        bool uncancelled = false;
        if (m_parentCancelRequested) { // the group cancelled the parent itself: take it back
            uncancelled = true;
            if (!m_parent || m_parent->uncancel() == 0)
                propagateCancel = false;
        }
        if (bodyError && !m_aborting)
            abort();
        while (m_pending > 0) {
            FutureWait completed(m_completed, nullptr, WaitKind::TaskGroup, ObjectId());
            bool cancelled = false;
            try {
                co_await completed;
            } catch (const CancelledError&) {
                cancelled = true;
            }
            completed.unlink();
            if (cancelled && !m_aborting) {
                propagateCancel = true;
                abort();
            }
        }
        // A child failed while we waited: the parent's cancel came from the group (3.12 takes
        // it back here; 3.11 leaves the count at 1 but nothing in this runtime depends on it).
        if (m_parentCancelRequested && !uncancelled && m_parent)
            m_parent->uncancel();
        if (propagateCancel && m_errors.empty())
            throw CancelledError();
        if (bodyError && !isCancellation(bodyError))
            m_errors.push_back(bodyError);
        if (!m_errors.empty())
            throw ExceptionGroup("unhandled errors in a TaskGroup", m_errors);
    }

    Task<void> join() { return exit(nullptr); }

private:
    struct Child final : public DoneWaiter, public Handle
    {
        TaskGroup* group = nullptr;
        TaskRecord* task = nullptr;
        bool registered = false;
        void taskDone(TaskRecord& t) override
        {
            registered = false;
            detail::LoopInternals::scheduleCallback(group->m_loop, *this, CallbackKind::Generic, group->parentId(), t.id().value);
        }
        void taskAbandoned(TaskRecord&) override { registered = false; }
        void run() override
        {
            detail::LoopInternals::record(group->m_loop, EventKind::CallbackRun, group->parentId(), std::uint8_t(CallbackKind::Generic),
                                 task->id().value);
            group->onTaskDone(*task);
        }
    };

    TaskId parentId() const { return m_parent ? m_parent->id() : TaskId(); }

    void abort()
    {
        m_aborting = true;
        for (Child& c : m_children)
            if (!c.task->done())
                c.task->cancel();
    }

    // _on_task_done, one callback turn after a child finished.
    void onTaskDone(TaskRecord& task)
    {
        --m_pending;
        if (m_pending == 0)
            if (FutureWait* w = m_completed.firstWaiting())
                w->wake(WakeReason::TaskDone, task.id(), true);
        if (task.cancelled())
            return;
        std::exception_ptr error = task.exception();
        if (!error)
            return;
        m_errors.push_back(error);
        if (!m_aborting && !m_parentCancelRequested) {
            abort();
            m_parentCancelRequested = true;
            if (m_parent)
                m_parent->cancel();
        }
    }

    EventLoop& m_loop;
    TaskRecord* m_parent;
    std::list<Child> m_children; // a list: nodes are linked into the children and must not move
    std::vector<std::exception_ptr> m_errors;
    WaitQueue m_completed;
    std::size_t m_pending = 0;
    bool m_exiting = false;
    bool m_aborting = false;
    bool m_parentCancelRequested = false;
};

// `async with asyncio.TaskGroup() as tg:` around a body coroutine.
template<typename Body>
Task<void> withTaskGroup(Body body)
{
    TaskGroup group;
    std::exception_ptr bodyError;
    try {
        co_await body(group);
    } catch (...) {
        bodyError = std::current_exception();
    }
    co_await group.exit(bodyError);
}

} // namespace loopscope
