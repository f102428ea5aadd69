#pragma once
// Task<T>: the coroutine type every Loopscope coroutine returns, like a Python coroutine object.
//
// It is lazy: calling a coroutine function builds the frame and runs nothing. Awaiting it runs
// the body inside the awaiting task (no new lane, as `await coro()` in Python); handing it to
// EventLoop::createTask makes it a task of its own. A Task that is destroyed before it ever ran
// reports "coroutine '...' was never awaited", as CPython does.

#include "errors.h"
#include "framepool.h"

#include <coroutine>
#include <exception>
#include <optional>
#include <source_location>
#include <string>
#include <utility>

namespace loopscope {

// Reports a coroutine that was created and dropped without being run (implemented by the loop).
void reportNeverAwaited(const char* functionSignature);

// "fetch_data" from "loopscope::Task<int> lessons::fetch_data(int, double)".
std::string coroutineName(const char* functionSignature);

struct Void
{
    friend bool operator==(Void, Void) = default;
};

template<typename T>
class Task;

namespace detail {

class PromiseBase
{
public:
    // The compiler builds the promise first; the default argument captures the coroutine
    // function's own signature, which names it in warnings and default task names.
    explicit PromiseBase(std::source_location where = std::source_location::current())
        : m_function(where.function_name())
    {
    }

    // Called by the compiler to allocate and free the coroutine's frame: from the frame pool
    // (framepool.h), since every spawned task and every awaited coroutine makes one.
    static void* operator new(std::size_t size) { return allocateFrame(size); }
    static void operator delete(void* frame, std::size_t size) noexcept { deallocateFrame(frame, size); }

    // Called when the coroutine is created: suspend at once, so the body runs only when awaited.
    std::suspend_always initial_suspend() noexcept { return {}; }

    struct FinalAwaiter
    {
        bool await_ready() noexcept { return false; }
        // Called when the body has finished: continue the awaiting coroutine directly
        // (symmetric transfer, no stack growth), or return to the loop if this is a task's root.
        template<typename P>
        std::coroutine_handle<> await_suspend(std::coroutine_handle<P> self) noexcept
        {
            auto continuation = self.promise().m_continuation;
            return continuation ? continuation : std::noop_coroutine();
        }
        void await_resume() noexcept {}
    };

    // Called when the body has finished, after the result or exception is stored.
    FinalAwaiter final_suspend() noexcept { return {}; }

    // Called when an exception escapes the body: keep it for whoever awaits the result.
    void unhandled_exception() noexcept { m_exception = std::current_exception(); }

    std::coroutine_handle<> m_continuation;
    std::exception_ptr m_exception;
    const char* m_function;
    bool m_started = false;
};

template<typename T>
class Promise final : public PromiseBase
{
public:
    // Declared here, not inherited: an inherited constructor would capture its own location
    // instead of the coroutine function's.
    explicit Promise(std::source_location where = std::source_location::current()) : PromiseBase(where) {}
    Task<T> get_return_object() noexcept;
    template<typename U>
    void return_value(U&& value) { m_value.emplace(std::forward<U>(value)); }

    T takeResult()
    {
        if (m_exception)
            std::rethrow_exception(m_exception);
        return std::move(*m_value);
    }

    std::optional<T> m_value;
};

template<>
class Promise<void> final : public PromiseBase
{
public:
    explicit Promise(std::source_location where = std::source_location::current()) : PromiseBase(where) {}
    Task<void> get_return_object() noexcept;
    void return_void() noexcept {}
    void takeResult()
    {
        if (m_exception)
            std::rethrow_exception(m_exception);
    }
};

} // namespace detail

template<typename T = void>
class [[nodiscard]] Task
{
public:
    using promise_type = detail::Promise<T>;
    using value_type = T;
    using Handle = std::coroutine_handle<promise_type>;

    Task() = default;
    explicit Task(Handle h) : m_handle(h) {}
    Task(Task&& other) noexcept : m_handle(std::exchange(other.m_handle, {})) {}
    Task& operator=(Task&& other) noexcept
    {
        if (this != &other) {
            reset();
            m_handle = std::exchange(other.m_handle, {});
        }
        return *this;
    }
    Task(const Task&) = delete;
    Task& operator=(const Task&) = delete;
    ~Task() { reset(); }

    bool isValid() const { return bool(m_handle); }
    bool started() const { return m_handle && m_handle.promise().m_started; }
    bool finished() const { return m_handle && m_handle.done(); }
    std::string name() const { return m_handle ? coroutineName(m_handle.promise().m_function) : std::string(); }
    Handle handle() const { return m_handle; }

    // Marks the coroutine as started; Python raises RuntimeError on reuse, and so do we.
    void claim()
    {
        if (!m_handle)
            throw RuntimeError("cannot await an empty coroutine");
        if (m_handle.promise().m_started)
            throw RuntimeError("cannot reuse already awaited coroutine");
        m_handle.promise().m_started = true;
    }

    // Destroys the frame now (parameters and locals of a suspended body are destroyed too).
    void reset()
    {
        if (!m_handle)
            return;
        if (!m_handle.promise().m_started)
            reportNeverAwaited(m_handle.promise().m_function);
        std::exchange(m_handle, {}).destroy();
    }

    struct Awaiter
    {
        Handle m_callee;
        bool await_ready() const noexcept { return false; }
        // Called when the caller suspends: run the callee at once, inside the caller's task.
        std::coroutine_handle<> await_suspend(std::coroutine_handle<> caller) noexcept
        {
            m_callee.promise().m_continuation = caller;
            return m_callee;
        }
        // Called when the callee has finished: its result, or its exception rethrown.
        T await_resume() { return m_callee.promise().takeResult(); }
    };

    // `co_await task` runs the coroutine in the awaiting task, like `await coro()` in Python.
    Awaiter operator co_await() &
    {
        claim();
        return Awaiter{m_handle};
    }
    Awaiter operator co_await() &&
    {
        claim();
        return Awaiter{m_handle};
    }

private:
    Handle m_handle;
};

namespace detail {
template<typename T>
Task<T> Promise<T>::get_return_object() noexcept
{
    return Task<T>(std::coroutine_handle<Promise<T>>::from_promise(*this));
}
inline Task<void> Promise<void>::get_return_object() noexcept
{
    return Task<void>(std::coroutine_handle<Promise<void>>::from_promise(*this));
}
} // namespace detail

} // namespace loopscope
