#pragma once
// wait_for(): asyncio.wait_for as in Python 3.11. The awaitable runs as a task of its own; if it
// is not done by the timeout, it is cancelled, wait_for waits until it has really finished
// (its cleanup runs at that same instant), then raises TimeoutError.

#include "doneoperation.h"
#include "eventloop.h"
#include "taskrecord.h"

namespace loopscope {

namespace detail {
// Cancels `task` and waits until it has finished, as asyncio's _cancel_and_wait does.
inline Task<void> cancelAndWait(TaskRecord& task)
{
    DoneOperation wait(task, WaitKind::WaitFor, -1, false);
    task.cancel();
    co_await wait;
}
} // namespace detail

template<typename T>
Task<T> waitFor(TaskRef<T> inner, double timeout)
{
    EventLoop& loop = runningLoop();
    if (timeout <= 0) {
        if (!inner.done())
            co_await detail::cancelAndWait(*inner.record());
        if (inner->cancelled())
            throw TimeoutError();
        co_return inner.result();
    }
    detail::DoneOperation::Ended ended;
    {
        detail::DoneOperation wait(*inner.record(), WaitKind::WaitFor, loop.now() + secondsToNs(timeout), false);
        bool cancelled = false;
        try {
            co_await wait;
        } catch (const CancelledError&) {
            cancelled = true;
        }
        ended = wait.ended();
        if (cancelled) {
            if (inner.done())
                co_return inner.result();
            co_await detail::cancelAndWait(*inner.record());
            throw CancelledError();
        }
    }
    (void)ended;
    if (inner.done())
        co_return inner.result();
    co_await detail::cancelAndWait(*inner.record());
    if (inner->cancelled()) {
        inner->exception(); // retrieved: it becomes the TimeoutError's cause
        throw TimeoutError();
    }
    co_return inner.result();
}

// wait_for(coroutine, timeout): wraps the coroutine in a task first, as Python 3.11 does.
template<typename T>
Task<T> waitFor(Task<T> coro, double timeout)
{
    TaskRef<T> inner = runningLoop().createTask(std::move(coro));
    co_return co_await waitFor(std::move(inner), timeout);
}

} // namespace loopscope
