#pragma once
// Simulated network I/O: an HTTP-like client whose every request takes `latency` seconds, with
// an optional limit on connections open at once (as aiohttp's connector limit works: requests
// over the limit queue FIFO for a free connection). A counter tracks requests in flight.
// In a live run the request is real: a GET through the loop's outside world, answered by a
// server after the same latency; a failed request raises ConnectionError in its task.

#include "eventloop.h"
#include "outsidewait.h"
#include "semaphore.h"
#include "sleep.h"

#include <memory>
#include <optional>
#include <string>

namespace loopscope {

class IoClient
{
public:
    // `limit` 0 means no limit.
    IoClient(double latency, std::int64_t limit = 0, std::string_view name = "client")
        : m_loop(runningLoop()), m_latency(secondsToNs(latency)), m_name(name)
    {
        if (latency < 0)
            throw ValueError("latency must be non-negative");
        if (limit < 0)
            throw ValueError("connection limit must be >= 0");
        if (limit > 0)
            m_connections.emplace(limit, std::string(name) + " connections");
        m_object = detail::LoopInternals::registerObject(m_loop, ObjectKind::IoClient, m_name, limit);
        m_label = detail::LoopInternals::intern(m_loop, "GET (" + m_name + ")");
    }

    ObjectId id() const { return m_object; }
    std::int64_t inFlight() const { return m_inFlight; }
    std::int64_t peakInFlight() const { return m_peak; }
    std::int64_t served() const { return m_served; }

    // One request: wait for a connection if limited, then the latency.
    Task<void> request()
    {
        SemaphoreGuard connection;
        if (m_connections)
            connection = co_await m_connections->hold();
        track(+1);
        const InFlight inFlight{this};
        const std::int64_t number = m_requests++;
        if (m_loop.outsideWorld())
            co_await OutsideRequest("/items/" + std::to_string(number), m_latency, m_object, m_label);
        else
            co_await SleepOperation(m_latency, WaitKind::Io, m_object, m_label);
        ++m_served;
    }

private:
    // Counts a request out of flight however it ends (done, failed or cancelled). A member type,
    // not one local to request(): GCC 12 fails to mangle a local type in a coroutine that a
    // precompiled header holds.
    struct InFlight
    {
        IoClient* client;
        ~InFlight() { client->track(-1); }
    };

    void track(int delta)
    {
        m_inFlight += delta;
        m_peak = std::max(m_peak, m_inFlight);
        detail::LoopInternals::record(m_loop, EventKind::Counter, TaskId(), 0, m_object.value, std::uint32_t(m_inFlight));
    }

    EventLoop& m_loop;
    TimeNs m_latency;
    std::string m_name;
    std::optional<Semaphore> m_connections;
    ObjectId m_object;
    StringId m_label;
    std::int64_t m_inFlight = 0;
    std::int64_t m_peak = 0;
    std::int64_t m_served = 0;
    std::int64_t m_requests = 0;
};

} // namespace loopscope
