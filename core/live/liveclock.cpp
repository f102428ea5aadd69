#include "core/live/liveclock.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include <limits>
#include <thread>

namespace loopscope::live {

LiveClock::LiveClock() : m_start(std::chrono::steady_clock::now()), m_threadContext(std::make_unique<QObject>()) {}

LiveClock::~LiveClock() = default;

TimeNs LiveClock::now() const
{
    const TimeNs frozen = m_frozenAt.load(std::memory_order_acquire);
    if (frozen >= 0)
        return frozen;
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - m_start).count();
}

void LiveClock::waitUntil(TimeNs deadline)
{
    m_woken = false;
    while (!m_woken) {
        int timeoutMs = -1; // no timer: only outside work (or a stop) ends the wait
        if (deadline != kNoDeadline) {
            const TimeNs left = deadline - now();
            if (left <= 0)
                break;
            // Qt's timers count whole milliseconds: round up so the timer is never early.
            const TimeNs ms = (left + 999'999) / 1'000'000;
            timeoutMs = int(std::min<TimeNs>(ms, std::numeric_limits<int>::max()));
        }
        QEventLoop wait;
        QTimer timer;
        timer.setSingleShot(true);
        timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&timer, &QTimer::timeout, &wait, &QEventLoop::quit);
        if (timeoutMs >= 0)
            timer.start(timeoutMs);
        m_waiting = &wait;
        wait.exec();
        m_waiting = nullptr;
    }
}

void LiveClock::poll()
{
    QCoreApplication::processEvents(QEventLoop::AllEvents);
}

void LiveClock::block(TimeNs duration)
{
    const auto until = std::chrono::steady_clock::now() + std::chrono::nanoseconds(duration);
    std::unique_lock lock(m_blockMutex);
    m_blockEnds.wait_until(lock, until, [this] { return interrupted(); });
}

void LiveClock::wake()
{
    m_woken = true;
    if (m_waiting)
        m_waiting->quit();
}

void LiveClock::interrupt()
{
    {
        std::lock_guard lock(m_blockMutex);
        m_interrupted.store(true, std::memory_order_release);
    }
    m_blockEnds.notify_all();
    if (QObject* context = m_threadContext.get())
        QMetaObject::invokeMethod(context, [this] { wake(); }, Qt::QueuedConnection);
}

void LiveClock::freeze()
{
    m_frozenAt.store(now(), std::memory_order_release);
    m_threadContext.reset();
}

} // namespace loopscope::live
