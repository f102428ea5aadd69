#include "core/live/liverunner.h"

#include "core/live/latencyserver.h"
#include "core/live/liveclock.h"
#include "core/live/liveworld.h"

#include <QTcpServer>

#include <condition_variable>
#include <exception>

namespace loopscope::live {

namespace {

// A loopback port where nothing listens: bound, read, and closed again.
quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

} // namespace

LiveRunner::LiveRunner(Factory factory, LiveOptions options) : m_factory(std::move(factory)), m_options(options) {}

LiveRunner::~LiveRunner()
{
    if (m_thread) {
        requestStop();
        m_thread->wait();
    }
}

void LiveRunner::start()
{
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("live loop"));
    m_thread->start();
    std::unique_lock lock(m_builtMutex);
    m_built.wait(lock, [this] { return m_ready; });
}

void LiveRunner::requestStop()
{
    m_stop.store(true, std::memory_order_release);
    std::lock_guard lock(m_clockMutex);
    if (m_clock)
        m_clock->interrupt();
}

bool LiveRunner::wait(int ms)
{
    if (!m_thread)
        return true;
    return ms < 0 ? m_thread->wait() : m_thread->wait(QDeadlineTimer(ms));
}

TimeNs LiveRunner::now() const
{
    std::lock_guard lock(m_clockMutex);
    if (m_clock)
        return m_clock->now();
    return m_trace ? m_trace->endTime() : 0;
}

std::unique_ptr<LiveProgram> LiveRunner::takeProgram()
{
    if (!finished())
        return nullptr;
    m_thread->wait();
    return std::move(m_program);
}

void LiveRunner::run()
{
    auto markBuilt = [this] {
        std::lock_guard lock(m_builtMutex);
        m_ready = true;
        m_built.notify_all();
    };

    LatencyServer server(m_options.serverLatency);
    QString serverError;
    if (!server.start(&serverError)) {
        m_error = "the local server did not start: " + serverError.toStdString();
        m_finished.store(true, std::memory_order_release);
        markBuilt();
        return;
    }
    m_port.store(server.port(), std::memory_order_release);

    auto clock = std::make_unique<LiveClock>();
    LiveClock& liveClock = *clock;
    auto world = std::make_unique<LiveWorld>(liveClock, server.baseUrl());
    if (m_options.refuseRequest >= 0)
        world->refuseRequest(m_options.refuseRequest, closedPort());
    try {
        m_program = m_factory(std::move(clock));
    } catch (const std::exception& e) {
        m_error = e.what();
    }
    if (m_program) {
        m_program->loop().setOutsideWorld(world.get());
        m_trace = &m_program->trace();
        {
            std::lock_guard lock(m_clockMutex);
            m_clock = &liveClock;
        }
    }
    markBuilt();

    if (m_program) {
        bool cancelled = false;
        // A stop asked for before the thread got here still counts.
        while (m_program->advance()) {
            if (m_stop.load(std::memory_order_acquire) && !cancelled) {
                cancelled = true;
                liveClock.interrupt();
                // Nothing new goes out, and jobs already on a thread end early, so that the
                // wind-down, which waits for them as asyncio.run does, does not wait out their cost.
                world->stop();
                m_program->loop().cancelAll();
            }
        }
    }

    // Nothing outlives the run: requests, worker threads, the server.
    world->shutdown();
    m_sent.store(world->requestsSent(), std::memory_order_release);
    m_served.store(server.requestsServed(), std::memory_order_release);
    server.stop();
    {
        std::lock_guard lock(m_clockMutex);
        m_clock = nullptr;
        liveClock.freeze();
    }
    if (m_program)
        m_program->loop().setOutsideWorld(nullptr);
    world.reset();
    m_finished.store(true, std::memory_order_release);
}

} // namespace loopscope::live
