#include "context.h"
#include "errors.h"
#include "eventloop.h"

#include <atomic>

namespace loopscope {

std::uint32_t newContextVarId()
{
    static std::atomic<std::uint32_t> next{1};
    return next++;
}

const std::any* currentContextValue(std::uint32_t var)
{
    EventLoop* loop = EventLoop::current();
    TaskRecord* task = loop ? loop->currentTask() : nullptr;
    if (!task || !task->m_context)
        return nullptr;
    return task->m_context->find(var);
}

void setCurrentContextValue(std::uint32_t var, std::any value)
{
    EventLoop* loop = EventLoop::current();
    TaskRecord* task = loop ? loop->currentTask() : nullptr;
    if (!task)
        throw RuntimeError("ContextVar.set() outside of a running task");
    static const Context empty;
    Context* updated = (task->m_context ? task->m_context : &empty)->with(var, std::move(value));
    updated->addRef();
    if (task->m_context)
        task->m_context->release();
    task->m_context = updated;
}

} // namespace loopscope
