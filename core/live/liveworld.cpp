#include "core/live/liveworld.h"

#include "core/executor.h"

#include <qcoro/qcorofuture.h>
#include <qcoro/qcoronetworkreply.h>

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrlQuery>
#include <QtConcurrent/QtConcurrentRun>

#include <ctime>
#include <thread>

namespace loopscope::live {

namespace {

// Qt opens at most six connections to one host per manager (HTTP/1.1 clients' usual limit), and
// Qt 6.4 cannot raise it. Requests are spread over several managers so that a lesson's
// "no limit" means up to kOnWire requests on the wire at once. More wait here, as a small record
// each, instead of as a QNetworkReply each inside Qt: a hundred thousand requests stay cheap.
constexpr std::size_t kManagers = 16;
constexpr int kPerManager = 6;
constexpr int kOnWire = int(kManagers) * kPerManager;

// Requests that never get an answer fail after this much longer than their latency.
constexpr int kTimeoutMarginMs = 10'000;

std::string describeFailure(QNetworkReply& reply)
{
    switch (reply.error()) {
    case QNetworkReply::ConnectionRefusedError: return "connection refused";
    case QNetworkReply::RemoteHostClosedError: return "connection closed by the server";
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: return "timed out";
    default: return reply.errorString().toStdString();
    }
}

double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

} // namespace

void doJobWork(bool cpu, double seconds, const std::atomic<bool>& stop)
{
    if (!cpu) {
        using namespace std::chrono;
        const auto until = steady_clock::now() + duration_cast<steady_clock::duration>(duration<double>(seconds));
        // Short naps, so that a stop does not wait for a long job.
        while (!stop.load(std::memory_order_relaxed) && steady_clock::now() < until)
            std::this_thread::sleep_for(std::min<steady_clock::duration>(milliseconds(5), until - steady_clock::now()));
        return;
    }
    const double end = threadCpuSeconds() + seconds;
    volatile std::uint64_t sink = 0;
    while (!stop.load(std::memory_order_relaxed) && threadCpuSeconds() < end)
        for (int i = 0; i < 10'000; ++i)
            sink = sink * 6364136223846793005ull + 1442695040888963407ull;
}

LiveWorld::LiveWorld(LiveClock& clock, QUrl server) : m_clock(clock), m_server(std::move(server))
{
    // The executor decides how many jobs run at once (its workers); the pool only needs room.
    m_threads.setMaxThreadCount(256);
}

LiveWorld::~LiveWorld()
{
    shutdown();
}

std::size_t LiveWorld::leastBusyManager()
{
    std::size_t best = 0;
    for (std::size_t i = 1; i < m_managers.size(); ++i)
        if (m_managers[i].load < m_managers[best].load)
            best = i;
    if ((m_managers.empty() || m_managers[best].load >= kPerManager) && m_managers.size() < kManagers) {
        auto manager = std::make_unique<QNetworkAccessManager>();
        manager->setProxy(QNetworkProxy::NoProxy); // the server is on loopback: never through a proxy
        m_managers.push_back({std::move(manager), 0});
        best = m_managers.size() - 1;
    }
    return best;
}

WorkToken LiveWorld::startRequest(const std::string& path, TimeNs latency,
                                  std::function<void(const std::string&)> done)
{
    const WorkToken token = m_nextToken++;
    QUrl url = m_server;
    if (m_requestsStarted++ == m_refusedIndex)
        url.setPort(m_closedPort);
    url.setPath(QString::fromStdString(path));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("delay_ms"), QString::number(latency / 1'000'000));
    url.setQuery(query);
    m_pending[token] = Pending{{}, std::move(done), nullptr};
    if (m_stopping) {
        // Not now, and not from inside the caller's await: on the loop's next wait.
        QTimer::singleShot(0, &m_timers, [this, token] { fail(token, "the run was stopped before the request was sent"); });
        return token;
    }
    m_waiting.push_back({token, std::move(url), int(latency / 1'000'000) + kTimeoutMarginMs});
    sendWaiting();
    return token;
}

void LiveWorld::fail(WorkToken token, const std::string& error)
{
    auto it = m_pending.find(token);
    if (it == m_pending.end())
        return; // forgotten meanwhile
    auto done = std::move(it->second.requestDone);
    m_pending.erase(it);
    done(error);
    m_clock.wake();
}

void LiveWorld::sendWaiting()
{
    while (!m_stopping && m_onWire < kOnWire && !m_waiting.empty()) {
        Waiting next = std::move(m_waiting.front());
        m_waiting.pop_front();
        auto it = m_pending.find(next.token);
        if (it == m_pending.end())
            continue; // forgotten before it was sent
        QNetworkRequest request(next.url);
        request.setTransferTimeout(next.timeoutMs);
        const std::size_t manager = leastBusyManager();
        QNetworkReply* reply = m_managers[manager].manager->get(request);
        it->second.reply = reply;
        ++m_managers[manager].load;
        ++m_onWire;
        ++m_requestsSent;
        awaitReply(next.token, reply, manager);
    }
}

QCoro::Task<> LiveWorld::awaitReply(WorkToken token, QNetworkReply* reply, std::size_t manager)
{
    ++m_coroutines;
    co_await reply;
    --m_coroutines;
    --m_managers[manager].load;
    --m_onWire;
    reply->deleteLater();
    auto it = m_pending.find(token);
    if (it != m_pending.end()) { // else forgotten: the task gave up on it
        const std::string error = reply->error() == QNetworkReply::NoError ? std::string() : describeFailure(*reply);
        auto done = std::move(it->second.requestDone);
        m_pending.erase(it);
        done(error);
        m_clock.wake();
    }
    sendWaiting();
}

WorkToken LiveWorld::startJob(const JobSpec& spec, std::function<void()> done)
{
    const WorkToken token = m_nextToken++;
    const bool cpu = spec.kind == JobKind::Cpu;
    const double cost = spec.cost;
    QFuture<void> job = QtConcurrent::run(&m_threads, [cpu, cost, this] { doJobWork(cpu, cost, m_stopJobs); });
    m_pending[token] = Pending{std::move(done), {}, {}};
    awaitJob(token, std::move(job));
    return token;
}

QCoro::Task<> LiveWorld::awaitJob(WorkToken token, QFuture<void> job)
{
    ++m_coroutines;
    co_await job;
    --m_coroutines;
    auto it = m_pending.find(token);
    if (it == m_pending.end())
        co_return;
    auto done = std::move(it->second.jobDone);
    m_pending.erase(it);
    done();
    m_clock.wake();
}

void LiveWorld::forget(WorkToken token)
{
    auto it = m_pending.find(token);
    if (it == m_pending.end())
        return;
    QPointer<QNetworkReply> reply = it->second.reply;
    m_pending.erase(it);
    if (reply)
        reply->abort(); // its coroutine resumes, finds nothing to call, and ends
}

void LiveWorld::refuseRequest(int index, quint16 closedPort)
{
    m_refusedIndex = index;
    m_closedPort = closedPort;
}

void LiveWorld::stop()
{
    m_stopping = true;
    m_stopJobs = true;
    m_waiting.clear();
}

void LiveWorld::shutdown()
{
    stop();
    std::vector<QPointer<QNetworkReply>> replies;
    for (auto& [token, pending] : m_pending)
        if (pending.reply)
            replies.push_back(pending.reply);
    m_pending.clear();
    for (auto& reply : replies)
        if (reply)
            reply->abort();
    m_threads.waitForDone();
    // Finished jobs tell their watchers through this thread's event queue: let the awaiting
    // coroutines see it and end, so that nothing is left behind.
    for (int round = 0; m_coroutines > 0 && round < 200; ++round)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    m_managers.clear();
}

} // namespace loopscope::live
