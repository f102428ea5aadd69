#pragma once
// The loop's clock in a live run: real time from a steady clock. Waiting for the next timer runs
// Qt's event loop on the loop's thread, so the network replies and thread-pool results that
// arrive meanwhile are handled where asyncio's selector would handle them: in the wait phase.
// A blocking call really blocks the thread, and nothing else on it runs until it returns.

#include "core/clock.h"

#include <QObject>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

class QEventLoop;

namespace loopscope::live {

class LiveClock final : public Clock
{
public:
    LiveClock(); // on the loop's thread
    ~LiveClock() override;

    TimeNs now() const override;
    void waitUntil(TimeNs deadline) override;
    void poll() override;
    void block(TimeNs duration) override;
    bool isVirtual() const override { return false; }

    // Loop's thread: outside work finished and queued its waiter; end the current wait now.
    void wake();
    // Any thread, while the loop's thread runs: a stop was asked for. The current wait ends, and
    // blocking calls return early from now on (as Ctrl+C cuts a time.sleep short).
    void interrupt();
    bool interrupted() const { return m_interrupted.load(std::memory_order_acquire); }
    // Loop's thread, once the run is over: time stops at the end of the run, and the clock lets
    // go of the thread (it may then be read and destroyed anywhere).
    void freeze();

private:
    std::chrono::steady_clock::time_point m_start;
    std::atomic<TimeNs> m_frozenAt{-1};
    std::atomic<bool> m_interrupted{false};
    QEventLoop* m_waiting = nullptr; // the wait in progress, if any
    bool m_woken = false;
    std::mutex m_blockMutex;
    std::condition_variable m_blockEnds;
    std::unique_ptr<QObject> m_threadContext; // carries interrupt() over to the loop's thread
};

} // namespace loopscope::live
