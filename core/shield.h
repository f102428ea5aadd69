#pragma once
// shield(): asyncio.shield. Cancelling the task that awaits the shield raises CancelledError in
// that task at once, while the shielded task keeps running.

#include "doneoperation.h"
#include "eventloop.h"
#include "taskrecord.h"

namespace loopscope {

template<typename T>
Task<T> shield(TaskRef<T> inner)
{
    if (!inner.done()) {
        detail::DoneOperation wait(*inner.record(), WaitKind::Shield, -1, false);
        co_await wait;
    }
    co_return inner.result();
}

template<typename T>
Task<T> shield(Task<T> coro)
{
    TaskRef<T> inner = runningLoop().createTask(std::move(coro));
    co_return co_await shield(std::move(inner));
}

} // namespace loopscope
