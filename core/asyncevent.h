#pragma once
// AsyncEvent: asyncio.Event (named so to keep clear of the trace's Event record). set() wakes
// every waiter at the next turn; wait() on a set event returns without suspending.

#include "eventloop.h"
#include "futurewait.h"

#include <string>

namespace loopscope {

class AsyncEvent final : private WaitTarget
{
public:
    explicit AsyncEvent(std::string_view name = "event") : m_name(name) {}
    AsyncEvent(const AsyncEvent&) = delete;
    AsyncEvent& operator=(const AsyncEvent&) = delete;

    bool isSet() const { return m_value; }
    const WaitQueue& waiters() const { return m_waiters; }
    ObjectId id() { return object(); }

    class [[nodiscard]] WaitOperation
    {
    public:
        WaitOperation(AsyncEvent& e, WaitKind kind, ObjectId on) : m_event(e), m_wait(e.m_waiters, nullptr, kind, on) {}
        bool await_ready() const { return m_event.m_value; }
        void await_suspend(std::coroutine_handle<> h) { m_wait.await_suspend(h); }
        void await_resume()
        {
            if (!m_wait.task())
                return; // the event was set: no suspension
            m_wait.unlink();
            m_wait.await_resume();
        }

    private:
        AsyncEvent& m_event;
        FutureWait m_wait;
    };

    WaitOperation wait() { return WaitOperation(*this, WaitKind::Event, object()); }
    // Waits on this event, recorded as a wait of another kind on another object: a queue's join()
    // is a wait on the queue, whatever it uses inside (asyncio's join waits on an Event too).
    WaitOperation waitAs(WaitKind kind, ObjectId on) { return WaitOperation(*this, kind, on); }

    void set()
    {
        const ObjectId id = object();
        if (m_value)
            return;
        m_value = true;
        EventLoop& loop = *m_loop;
        detail::LoopInternals::record(loop, EventKind::PrimitiveState, TaskId(), 1, id.value);
        TaskRecord* current = loop.currentTask();
        m_waiters.forEach([&](FutureWait& w) {
            if (w.state() == FutureWait::State::Waiting)
                w.wake(WakeReason::EventSet, current ? current->id() : TaskId(), true);
        });
    }

    void clear()
    {
        const ObjectId id = object();
        if (!m_value)
            return;
        m_value = false;
        detail::LoopInternals::record(*m_loop, EventKind::PrimitiveState, TaskId(), 0, id.value);
    }

private:
    ObjectId object()
    {
        if (!m_object) {
            m_loop = &runningLoop();
            m_object = detail::LoopInternals::registerObject(*m_loop, ObjectKind::Event, m_name, 0);
        }
        return m_object;
    }

    EventLoop* m_loop = nullptr;
    std::string m_name;
    WaitQueue m_waiters;
    ObjectId m_object;
    bool m_value = false;
};

} // namespace loopscope
