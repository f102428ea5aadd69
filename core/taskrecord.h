#pragma once
// TaskRecord: a scheduled task with its own lane (asyncio.Task). It owns the root coroutine,
// knows where the coroutine chain is suspended, what it waits on, and who waits for it.
// TaskRef<T> is the handle user code holds; records are reference-counted so that a finished
// task lives exactly as long as someone can still ask for its result, like a Python object.

#include "framepool.h"
#include "handle.h"
#include "task.h"
#include "types.h"

#include <coroutine>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>

namespace loopscope {

class EventLoop;
class Context;

enum class TaskStatus : std::uint8_t { Pending, Done, Failed, Cancelled };

class TaskRecord : public Handle
{
public:
    TaskRecord(EventLoop& loop, TaskId id) : m_id(id), m_loop(&loop) {}
    virtual ~TaskRecord();

    // Records come and go with their frames, so they share the frame pool (framepool.h); the
    // virtual destructor passes the size of the derived record.
    static void* operator new(std::size_t size) { return detail::allocateFrame(size); }
    static void operator delete(void* record, std::size_t size) noexcept { detail::deallocateFrame(record, size); }

    // Called by the loop when this task reaches the front of the ready queue: one step.
    void run() final;

    TaskId id() const { return m_id; }
    EventLoop& loop() const { return *m_loop; }
    TaskStatus status() const { return m_status; }
    bool done() const { return m_status != TaskStatus::Pending; }
    bool cancelled() const { return m_status == TaskStatus::Cancelled; }
    bool started() const { return m_started; }
    // How many cancel() calls are pending (asyncio's Task.cancelling()).
    int cancelling() const { return m_cancelRequests; }
    // Takes one cancel() request back (asyncio's Task.uncancel()); returns how many remain.
    // With none left, a CancelledError delivered earlier no longer counts as swallowed.
    int uncancel()
    {
        if (m_cancelRequests > 0)
            --m_cancelRequests;
        if (m_cancelRequests == 0)
            m_cancelDelivered = false;
        return m_cancelRequests;
    }

    // Requests cancellation: CancelledError is raised at the task's await point on its next
    // step. Returns false if the task has already finished.
    bool cancel();

    // The exception the task failed with (CancelledError if cancelled); marks it retrieved.
    std::exception_ptr exception();
    // Throws InvalidStateError if the task is not done yet, then rethrows its exception.
    void checkResult();

    void addDoneWaiter(DoneWaiter& waiter);
    void removeDoneWaiter(DoneWaiter& waiter);

    void addRef() { ++m_refs; }
    void release()
    {
        if (--m_refs == 0)
            destroy();
    }

    // The small fields come first, where they fill the padding at the end of Handle: a hundred
    // thousand pending tasks hold a hundred thousand records.
    std::uint16_t m_line = 0;

protected:
    TaskStatus m_status = TaskStatus::Pending;
    std::uint8_t m_cancelRequests = 0;
    bool m_started = false;
    bool m_mustCancel = false;
    bool m_cancelDelivered = false;
    bool m_exceptionRetrieved = false;
    TaskId m_id;
    std::uint32_t m_refs = 0;

public:
    // The coroutine handle to resume next: the root on the first step, then the innermost
    // awaiter's coroutine wherever the chain last suspended.
    std::coroutine_handle<> m_resume;
    // The root coroutine while it lives, kept here so that the loop can ask whether the body
    // has finished after every step without a virtual call.
    std::coroutine_handle<> m_root;
    WaitNode* m_waiter = nullptr;
    Context* m_context = nullptr;

protected:
    friend class EventLoop;
    // Called once when the root coroutine has finished: keep the result, free the frame.
    virtual void complete() = 0;
    // Called when the loop tears down a task that can never finish (after a deadlock).
    virtual void abandon() = 0;
    bool rootDone() const { return m_root && m_root.done(); }
    virtual std::exception_ptr rootException() const = 0;
    void destroy();

    EventLoop* m_loop;
    DoneWaiter* m_doneWaiters = nullptr;
    std::exception_ptr m_exception;
};

template<typename T>
class TaskOf final : public TaskRecord
{
public:
    TaskOf(EventLoop& loop, TaskId id, Task<T>&& coro) : TaskRecord(loop, id), m_coro(std::move(coro))
    {
        m_coro.claim();
        m_resume = m_coro.handle();
        m_root = m_resume;
    }

    // The result of a finished task; rethrows its exception (marking it retrieved).
    decltype(auto) result()
    {
        checkResult();
        if constexpr (std::is_void_v<T>)
            return;
        else
            return static_cast<const T&>(*m_result);
    }

private:
    void complete() override
    {
        if constexpr (!std::is_void_v<T>) {
            auto& promise = m_coro.handle().promise();
            if (!promise.m_exception && promise.m_value)
                m_result.emplace(std::move(*promise.m_value));
        }
        m_root = nullptr;
        m_coro.reset();
    }
    void abandon() override
    {
        m_root = nullptr;
        m_coro.reset();
    }
    std::exception_ptr rootException() const override { return m_coro.handle().promise().m_exception; }

    Task<T> m_coro;
    std::conditional_t<std::is_void_v<T>, char, std::optional<T>> m_result{};
};

// A shared handle on a task, like holding a reference to an asyncio.Task.
template<typename T>
class TaskRef
{
public:
    TaskRef() = default;
    explicit TaskRef(TaskOf<T>* record) : m_record(record)
    {
        if (m_record)
            m_record->addRef();
    }
    TaskRef(const TaskRef& other) : TaskRef(other.m_record) {}
    TaskRef(TaskRef&& other) noexcept : m_record(std::exchange(other.m_record, nullptr)) {}
    TaskRef& operator=(TaskRef other) noexcept
    {
        std::swap(m_record, other.m_record);
        return *this;
    }
    ~TaskRef()
    {
        if (m_record)
            m_record->release();
    }

    explicit operator bool() const { return m_record != nullptr; }
    TaskOf<T>* record() const { return m_record; }
    TaskOf<T>* operator->() const { return m_record; }
    TaskId id() const { return m_record->id(); }
    bool done() const { return m_record->done(); }
    bool cancel() { return m_record->cancel(); }
    decltype(auto) result() const { return m_record->result(); }

    // `co_await task` waits for the task to finish and gives its result (see taskawait.h).
    auto operator co_await() const;

private:
    TaskOf<T>* m_record = nullptr;
};

} // namespace loopscope
