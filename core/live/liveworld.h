#pragma once
// The outside world of a live run: HTTP requests through QNetworkAccessManager and jobs on a
// QThreadPool, each awaited with QCoro on the loop's thread. When one finishes, its `done`
// queues the waiting task on the loop and ends the loop's wait: the same path as every other
// wake-up, recorded the same way.

#include "core/live/liveclock.h"
#include "core/outsideworld.h"

#include <qcoro/qcorotask.h>

#include <QFuture>
#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <QUrl>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;

namespace loopscope::live {

class LiveWorld final : public OutsideWorld
{
public:
    // On the loop's thread. `server` is where requests go (http://127.0.0.1:PORT).
    LiveWorld(LiveClock& clock, QUrl server);
    ~LiveWorld() override;
    LiveWorld(const LiveWorld&) = delete;
    LiveWorld& operator=(const LiveWorld&) = delete;

    WorkToken startJob(const JobSpec& spec, std::function<void()> done) override;
    WorkToken startRequest(const std::string& path, TimeNs latency,
                           std::function<void(const std::string& error)> done) override;
    void forget(WorkToken token) override;

    // Sends request number `index` (0-based, in the order they start) to a port where nothing
    // listens, so that it is refused: how the tests show one failed request among many.
    void refuseRequest(int index, quint16 closedPort);

    // A stop was asked for (loop's thread): nothing new goes on the wire, requests not sent yet are
    // dropped (their tasks are being cancelled), a request started from now on fails at once, and
    // jobs on the threads end early. Without this, each reply aborted by a cancelled task would
    // send the next waiting request: at 100,000 requests, a minute of new connections.
    void stop();
    // Requests that went on the wire since the start.
    int requestsSent() const { return m_requestsSent; }
    // Stops what is still running: aborts requests, waits for the jobs on the threads and lets
    // their awaiting coroutines end. Loop's thread; the destructor calls it.
    void shutdown();

private:
    struct Pending
    {
        std::function<void()> jobDone;
        std::function<void(const std::string&)> requestDone;
        QPointer<QNetworkReply> reply;
    };

    // A request not sent yet: Qt would only queue it, at the cost of a whole reply object.
    struct Waiting
    {
        WorkToken token;
        QUrl url;
        int timeoutMs;
    };
    struct Manager
    {
        std::unique_ptr<QNetworkAccessManager> manager;
        int load = 0; // its requests on the wire
    };

    void sendWaiting();
    void fail(WorkToken token, const std::string& error);
    std::size_t leastBusyManager();
    QCoro::Task<> awaitReply(WorkToken token, QNetworkReply* reply, std::size_t manager);
    QCoro::Task<> awaitJob(WorkToken token, QFuture<void> job);

    LiveClock& m_clock;
    QUrl m_server;
    std::vector<Manager> m_managers;
    std::deque<Waiting> m_waiting;
    int m_onWire = 0;
    bool m_stopping = false; // stop() or shutdown(): send nothing more
    QThreadPool m_threads;
    std::unordered_map<WorkToken, Pending> m_pending;
    WorkToken m_nextToken = 1;
    int m_coroutines = 0; // awaiting coroutines still alive
    int m_requestsStarted = 0;
    int m_requestsSent = 0;
    int m_refusedIndex = -1;
    quint16 m_closedPort = 0;
    std::atomic<bool> m_stopJobs{false};
    QObject m_timers; // context of deferred calls: they die with the world, never after it
};

// What a thread-pool job does on its worker: blocking I/O sleeps; CPU work burns `seconds` of
// the thread's own CPU time, so jobs that share a core really take longer. Both end early when
// `stop` is set.
void doJobWork(bool cpu, double seconds, const std::atomic<bool>& stop);

} // namespace loopscope::live
