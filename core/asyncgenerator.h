#pragma once
// AsyncGenerator<T>: an async generator (`async def ... yield`). The consumer pulls items with
// `while (auto item = co_await gen.next())`; the generator runs inside the consumer's task, so
// its awaits and the consumer's interleave on one lane, as `async for` does in Python.

#include "errors.h"

#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

namespace loopscope {

template<typename T>
class [[nodiscard]] AsyncGenerator
{
public:
    struct promise_type
    {
        AsyncGenerator get_return_object() { return AsyncGenerator(std::coroutine_handle<promise_type>::from_promise(*this)); }
        // Called at creation: nothing runs until the first next().
        std::suspend_always initial_suspend() noexcept { return {}; }

        struct YieldAwaiter
        {
            bool await_ready() noexcept { return false; }
            // Called at `co_yield`: hand the value to the consumer and continue it directly.
            template<typename P>
            std::coroutine_handle<> await_suspend(std::coroutine_handle<P> self) noexcept
            {
                return self.promise().m_consumer;
            }
            void await_resume() noexcept {}
        };

        YieldAwaiter yield_value(T value)
        {
            m_value.emplace(std::move(value));
            return {};
        }
        // Called when the body ends: the consumer's next() gives nullopt.
        YieldAwaiter final_suspend() noexcept { return {}; }
        void return_void() noexcept {}
        void unhandled_exception() noexcept { m_exception = std::current_exception(); }

        std::coroutine_handle<> m_consumer;
        std::optional<T> m_value;
        std::exception_ptr m_exception;
    };

    explicit AsyncGenerator(std::coroutine_handle<promise_type> h) : m_handle(h) {}
    AsyncGenerator(AsyncGenerator&& other) noexcept : m_handle(std::exchange(other.m_handle, {})) {}
    AsyncGenerator(const AsyncGenerator&) = delete;
    ~AsyncGenerator()
    {
        if (m_handle)
            m_handle.destroy();
    }

    struct NextOperation
    {
        std::coroutine_handle<promise_type> m_gen;
        bool await_ready() const noexcept { return !m_gen || m_gen.done(); }
        // Called when the consumer asks for the next item: run the generator until it yields.
        std::coroutine_handle<> await_suspend(std::coroutine_handle<> consumer) noexcept
        {
            m_gen.promise().m_consumer = consumer;
            m_gen.promise().m_value.reset();
            return m_gen;
        }
        // The item, or nullopt once the generator has finished (StopAsyncIteration).
        std::optional<T> await_resume()
        {
            if (!m_gen)
                return std::nullopt;
            auto& p = m_gen.promise();
            if (p.m_exception)
                std::rethrow_exception(std::exchange(p.m_exception, nullptr));
            if (m_gen.done())
                return std::nullopt;
            return std::exchange(p.m_value, std::nullopt);
        }
    };

    // `await gen.__anext__()`.
    NextOperation next() { return NextOperation{m_handle}; }

private:
    std::coroutine_handle<promise_type> m_handle;
};

} // namespace loopscope
