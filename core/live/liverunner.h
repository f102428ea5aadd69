#pragma once
// Runs a program live: on a thread of its own, with a steady clock, real requests against a local
// server and real worker threads. The caller (a window, the command line) keeps its own thread
// free: it reads the trace as it grows (lock-free, see core/appendonly.h), asks for a stop at any
// time, and takes the finished run afterwards, to step, rewind and export like any other.

#include "core/eventloop.h"
#include "core/trace.h"

#include <QThread>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace loopscope::live {

class LiveClock;

// What the runner drives: a loop and its trace, built on the loop's thread.
class LiveProgram
{
public:
    virtual ~LiveProgram() = default;
    virtual EventLoop& loop() = 0;
    virtual const Trace& trace() const = 0;
    // One step of the run (asyncio.run's advance); false once the loop is closed.
    virtual bool advance() = 0;
};

struct LiveOptions
{
    double serverLatency = 0.05; // the server's latency for requests that do not name one
    int refuseRequest = -1;      // this request (0-based) goes to a closed port: a refused connection
};

class LiveRunner
{
public:
    // Builds the program on the loop's thread, on the clock it is given.
    using Factory = std::function<std::unique_ptr<LiveProgram>(std::unique_ptr<Clock> clock)>;

    explicit LiveRunner(Factory factory, LiveOptions options = {});
    ~LiveRunner(); // stops the run if it still goes, and waits for its thread
    LiveRunner(const LiveRunner&) = delete;
    LiveRunner& operator=(const LiveRunner&) = delete;

    // Starts the thread and returns once the program is built (trace() is valid), or once
    // building it failed (error() says why, and the run is already over).
    void start();
    // Any thread: cancel every task, let their cleanup run, stop the server and the threads.
    void requestStop();
    // Waits for the run to end; false if `ms` passed first (-1: no limit).
    bool wait(int ms = -1);
    bool finished() const { return m_finished.load(std::memory_order_acquire); }
    bool stopRequested() const { return m_stop.load(std::memory_order_acquire); }

    // Readable from any thread while the run goes on.
    const Trace* trace() const { return m_trace; }
    TimeNs now() const; // the run's clock: where the head of a live picture is
    int requestsServed() const { return m_served.load(std::memory_order_acquire); }
    // Once finished: how many requests went on the wire (none is sent after a stop).
    int requestsSent() const { return m_sent.load(std::memory_order_acquire); }
    quint16 serverPort() const { return m_port.load(std::memory_order_acquire); }
    const std::string& error() const { return m_error; } // valid once finished

    // Once finished: the program, its loop closed and its clock stopped at the end of the run.
    std::unique_ptr<LiveProgram> takeProgram();

private:
    void run();

    Factory m_factory;
    LiveOptions m_options;
    std::unique_ptr<QThread> m_thread;
    std::unique_ptr<LiveProgram> m_program;
    const Trace* m_trace = nullptr;
    LiveClock* m_clock = nullptr;
    mutable std::mutex m_clockMutex; // guards m_clock against the end of the run (requestStop, now)
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_finished{false};
    std::atomic<int> m_served{0};
    std::atomic<int> m_sent{0};
    std::atomic<quint16> m_port{0};
    std::string m_error;
    std::mutex m_builtMutex;
    std::condition_variable m_built;
    bool m_ready = false;
};

} // namespace loopscope::live
