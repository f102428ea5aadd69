#pragma once
// Awaiting a request handed to the outside world (live runs): the task suspends as on any I/O;
// the world's completion wakes it through the ready queue, and a failed request raises
// ConnectionError in the awaiting task only.

#include "errors.h"
#include "eventloop.h"
#include "outsideworld.h"

#include <coroutine>
#include <string>

namespace loopscope {

class [[nodiscard]] OutsideRequest final : public WaitNode
{
public:
    OutsideRequest(std::string path, TimeNs latency, ObjectId object, StringId label)
        : m_path(std::move(path)), m_latency(latency), m_object(object), m_label(label)
    {
    }
    OutsideRequest(const OutsideRequest&) = delete;
    OutsideRequest& operator=(const OutsideRequest&) = delete;
    ~OutsideRequest()
    {
        // Only reached in flight when a frame is torn down mid-request.
        if (m_inFlight)
            stop();
    }

    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h)
    {
        EventLoop& loop = *EventLoop::current();
        m_task = loop.currentTask();
        m_inFlight = true;
        detail::LoopInternals::addOutsideWork(loop); // no timer stands for the reply: this keeps the loop waiting for it
        m_token = loop.outsideWorld()->startRequest(m_path, m_latency, [this](const std::string& error) {
            m_inFlight = false;
            detail::LoopInternals::removeOutsideWork(m_task->loop());
            m_error = error;
            detail::LoopInternals::schedule(m_task->loop(), *m_task, WakeReason::Io, TaskId(), m_object);
        });
        detail::LoopInternals::suspend(loop, *m_task, *this, h, WaitKind::Io, m_object, m_label);
    }
    void await_resume()
    {
        detail::LoopInternals::resumeFromWait(m_task->loop(), *m_task);
        if (!m_error.empty())
            throw ConnectionError(m_error);
    }
    CancelOutcome onCancel() override
    {
        if (!m_inFlight)
            return CancelOutcome::TooLate; // the reply is in; the task is already queued
        stop();
        return CancelOutcome::Detached;
    }
    std::string describe() const override { return "GET " + m_path; }

private:
    void stop()
    {
        m_inFlight = false;
        detail::LoopInternals::removeOutsideWork(m_task->loop());
        m_task->loop().outsideWorld()->forget(m_token);
    }

    std::string m_path;
    TimeNs m_latency;
    ObjectId m_object;
    StringId m_label;
    TaskRecord* m_task = nullptr;
    WorkToken m_token = 0;
    bool m_inFlight = false;
    std::string m_error;
};

} // namespace loopscope
