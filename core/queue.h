#pragma once
// Queue<T>: asyncio.Queue. put() waits while the queue is full, get() while it is empty; each
// is woken by the other side at the next turn and checks again, exactly as asyncio's loops do
// (a task that arrives in between may take the item, and the woken one waits again).
// task_done() and join() count unfinished items.

#include "asyncevent.h"
#include "eventloop.h"
#include "futurewait.h"
#include "task.h"

#include <deque>
#include <string>

namespace loopscope {

template<typename T>
class Queue final : private WaitTarget
{
public:
    explicit Queue(std::int64_t maxsize = 0, std::string_view name = "queue")
        : m_name(name), m_maxsize(maxsize), m_finished(std::string(name) + ".join")
    {
    }
    Queue(const Queue&) = delete;
    Queue& operator=(const Queue&) = delete;

    std::size_t qsize() const { return m_items.size(); }
    bool empty() const { return m_items.empty(); }
    bool full() const { return m_maxsize > 0 && std::int64_t(m_items.size()) >= m_maxsize; }
    std::int64_t maxsize() const { return m_maxsize; }
    std::int64_t unfinished() const { return m_unfinished; }
    const WaitQueue& getters() const { return m_getters; }
    const WaitQueue& putters() const { return m_putters; }
    ObjectId id() { return object(); }

    Task<void> put(T item)
    {
        while (full()) {
            FutureWait putter(m_putters, this, WaitKind::QueuePut, object());
            bool cancelled = false;
            try {
                co_await putter;
            } catch (const CancelledError&) {
                cancelled = true;
            }
            if (cancelled) {
                putter.unlink();
                if (!full() && putter.state() != FutureWait::State::Cancelled)
                    wakeupNext(m_putters);
                throw CancelledError();
            }
        }
        putNowait(std::move(item));
    }

    Task<T> get()
    {
        while (empty()) {
            FutureWait getter(m_getters, this, WaitKind::QueueGet, object());
            bool cancelled = false;
            try {
                co_await getter;
            } catch (const CancelledError&) {
                cancelled = true;
            }
            if (cancelled) {
                getter.unlink();
                if (!empty() && getter.state() != FutureWait::State::Cancelled)
                    wakeupNext(m_getters);
                throw CancelledError();
            }
        }
        co_return getNowait();
    }

    void putNowait(T item)
    {
        object();
        if (full())
            throw QueueFull();
        m_items.push_back(std::move(item));
        ++m_unfinished;
        m_finished.clear();
        sizeChanged();
        wakeupNext(m_getters);
    }

    T getNowait()
    {
        object();
        if (empty())
            throw QueueEmpty();
        T item = std::move(m_items.front());
        m_items.pop_front();
        sizeChanged();
        wakeupNext(m_putters);
        return item;
    }

    void taskDone()
    {
        if (m_unfinished <= 0)
            throw ValueError("task_done() called too many times");
        if (--m_unfinished == 0)
            m_finished.set();
    }

    Task<void> join()
    {
        if (m_unfinished > 0)
            co_await m_finished.waitAs(WaitKind::QueueJoin, object());
    }

private:
    ObjectId object()
    {
        if (!m_object) {
            m_loop = &runningLoop();
            m_object = detail::LoopInternals::registerObject(*m_loop, ObjectKind::Queue, m_name, m_maxsize);
        }
        return m_object;
    }
    void sizeChanged() { detail::LoopInternals::record(*m_loop, EventKind::Counter, TaskId(), 0, m_object.value, std::uint32_t(m_items.size())); }
    void wakeupNext(WaitQueue& waiters)
    {
        if (FutureWait* w = waiters.firstWaiting()) {
            TaskRecord* current = m_loop->currentTask();
            w->wake(WakeReason::Item, current ? current->id() : TaskId(), false);
        }
    }

    EventLoop* m_loop = nullptr;
    std::string m_name;
    std::deque<T> m_items;
    WaitQueue m_getters;
    WaitQueue m_putters;
    std::int64_t m_maxsize;
    std::int64_t m_unfinished = 0;
    AsyncEvent m_finished;
    ObjectId m_object;
};

} // namespace loopscope
