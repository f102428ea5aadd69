#pragma once
// sleep(d): asyncio.sleep. The awaiter arms a timer and is itself the timer's handle; when the
// timer fires, the loop queues the handle, and running it wakes the task for the next turn,
// the two hops asyncio takes (timer callback sets the future, the future wakes the task).
// sleep(0) (or a negative delay, as in asyncio) is a bare yield: back of the ready queue.

#include "eventloop.h"
#include "sleeplabel.h"

#include <coroutine>
#include <string>

namespace loopscope {

class [[nodiscard]] SleepOperation final : public Handle, public WaitNode
{
public:
    explicit SleepOperation(TimeNs duration, WaitKind kind = WaitKind::Sleep, ObjectId object = {},
                            StringId label = {})
        : m_duration(duration), m_label(label), m_object(object), m_kind(kind)
    {
    }
    SleepOperation(const SleepOperation&) = delete;
    SleepOperation& operator=(const SleepOperation&) = delete;
    ~SleepOperation()
    {
        // Only reached with a live timer when a frame is torn down mid-sleep.
        if (m_armedTimer != kNoTimer || m_inReady) [[unlikely]]
            dropTimer();
    }

    bool await_ready() const noexcept { return false; }

    // Called when the task suspends: arm the timer, or for sleep(0) just requeue the task.
    // sleep(0) is the task switch every benchmark and lesson leans on, so its path is kept
    // short enough to inline; arming a timer goes out of line.
    [[gnu::always_inline]] void await_suspend(std::coroutine_handle<> h)
    {
        EventLoop* loop = EventLoop::current();
        m_task = loop->currentTask();
        if (m_duration <= 0)
            detail::LoopInternals::yield(*loop, *m_task, h);
        else
            armAndSuspend(*loop, h);
    }

    // Called when the task runs again; raises CancelledError if it was cancelled while asleep.
    [[gnu::always_inline]] void await_resume()
    {
        // asyncio.sleep cancels its timer here, in its `finally`, not when cancel() is called:
        // the dead timer stays in the heap until then, which decides the order of same-instant
        // timers armed afterwards.
        if (m_armedTimer != kNoTimer || m_inReady)
            dropTimer();
        detail::LoopInternals::resumeFromWait(m_task->loop(), *m_task);
    }

    // Called by the loop when the timer's handle reaches the front of the ready queue.
    void run() override
    {
        EventLoop& loop = m_task->loop();
        detail::LoopInternals::record(loop, EventKind::CallbackRun, m_task->id(), std::uint8_t(CallbackKind::Timer), m_timerId);
        if (m_cancelled)
            return; // futures._set_result_unless_cancelled: the wait was cancelled meanwhile
        m_woken = true;
        detail::LoopInternals::schedule(loop, *m_task, m_kind == WaitKind::Io ? WakeReason::Io : WakeReason::Timer, TaskId(), m_object);
    }

    CancelOutcome onCancel() override
    {
        if (m_woken)
            return CancelOutcome::TooLate;
        // The timer stays armed until the task resumes (see await_resume).
        m_cancelled = true;
        return CancelOutcome::Detached;
    }

    std::string describe() const override { return label(); }

    std::string label() const { return sleepLabel(m_duration); }

private:
    [[gnu::noinline]] void armAndSuspend(EventLoop& loop, std::coroutine_handle<> h)
    {
        m_timerId = detail::LoopInternals::armTimer(loop, *this, loop.now() + m_duration, m_task->id());
        const StringId label = m_label ? m_label : detail::LoopInternals::sleepLabel(loop, m_duration);
        detail::LoopInternals::suspend(loop, *m_task, *this, h, m_kind, m_object, label);
    }
    // Takes the timer back: out of the heap if it has not fired, out of the ready queue if it
    // fired and its callback has not run yet.
    [[gnu::noinline]] void dropTimer()
    {
        EventLoop& loop = m_task->loop();
        if (m_armedTimer != kNoTimer)
            detail::LoopInternals::cancelTimer(loop, *this);
        else if (m_inReady)
            detail::LoopInternals::unscheduleCallback(loop, *this, CallbackKind::Timer, m_task->id(), m_timerId);
    }

    TimeNs m_duration;
    StringId m_label;
    ObjectId m_object;
    WaitKind m_kind;
    TaskRecord* m_task = nullptr;
    std::uint32_t m_timerId = 0;
    bool m_woken = false;
    bool m_cancelled = false;
};

// asyncio.sleep(delay): negative delays behave like 0, as in asyncio.
inline SleepOperation sleep(double seconds)
{
    return SleepOperation(seconds > 0 ? secondsToNs(seconds) : 0);
}

inline SleepOperation sleepNs(TimeNs ns)
{
    return SleepOperation(ns > 0 ? ns : 0);
}

} // namespace loopscope
