#pragma once
// LatencyServer: a tiny HTTP/1.1 server on 127.0.0.1 for the lessons that run on real sockets.
// Every GET is answered after a latency (the query's delay_ms, else the default), so a lesson can
// show many requests in flight at once. It runs in its own thread with its own event loop: the
// answers keep coming whatever the caller's thread is doing, even when it blocks.

#include <QString>
#include <QUrl>
#include <QtGlobal>

#include <atomic>
#include <memory>
#include <mutex>

namespace loopscope::live {

class LatencyServer
{
public:
    explicit LatencyServer(double defaultLatencySeconds = 0.05, quint16 preferredPort = 0);
    ~LatencyServer();
    LatencyServer(const LatencyServer&) = delete;
    LatencyServer& operator=(const LatencyServer&) = delete;

    // Starts the server thread and returns once it listens. A taken preferred port falls back to
    // any free one, so false (with the reason in *error) means no port at all could be had.
    // Starting a running server does nothing and returns true.
    bool start(QString* error = nullptr);
    // Closes the listening socket and every connection, then joins the thread. Idempotent; may be
    // called from any thread but the server's own.
    void stop();

    quint16 port() const; // 0 while not listening
    QUrl baseUrl() const; // http://127.0.0.1:PORT
    // Since construction: requests parsed (malformed ones are not counted), and answers written
    // to them (not those whose client went away before its latency elapsed).
    int requestsReceived() const;
    int requestsServed() const;

private:
    class Thread; // the server thread: owns the QTcpServer, its sockets and their timers

    const int m_defaultLatencyMs;
    const quint16 m_preferredPort;
    std::atomic<quint16> m_port{0};
    std::atomic<int> m_received{0};
    std::atomic<int> m_served{0};
    std::mutex m_lifecycle; // start() and stop() may be called from different threads
    std::unique_ptr<Thread> m_thread;
};

} // namespace loopscope::live
