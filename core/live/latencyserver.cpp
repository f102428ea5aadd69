#include "core/live/latencyserver.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QUrlQuery>

#include <future>

namespace loopscope::live {

namespace {

constexpr int kMaxDelayMs = 600000;
// No lesson sends a head this big: refuse it rather than buffer without end.
constexpr qsizetype kMaxHeadBytes = 64 * 1024;

struct Request
{
    QByteArray path; // without the query
    int delayMs = 0;
};

// The length of the request head through its blank line, or -1 while it has not all arrived
// (it may come in several TCP segments). Bare LF line ends are accepted too (RFC 9112, 2.2).
qsizetype headLength(const QByteArray& data)
{
    qsizetype start = 0;
    for (qsizetype end; (end = data.indexOf('\n', start)) >= 0; start = end + 1) {
        const qsizetype lineLength = end - start;
        if (lineLength == 0 || (lineLength == 1 && data[start] == '\r'))
            return end + 1;
    }
    return -1;
}

bool isVisibleAscii(const QByteArray& s)
{
    for (const char c : s) {
        if (c < 0x21 || c > 0x7e)
            return false;
    }
    return true;
}

// Parses a complete request head into *request; returns the HTTP status to answer with.
int parseHead(const QByteArray& head, int defaultDelayMs, Request* request)
{
    QList<QByteArray> lines = head.split('\n');
    for (QByteArray& line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    const QList<QByteArray> requestLine = lines.first().split(' ');
    if (requestLine.size() != 3)
        return 400;
    const QByteArray& method = requestLine[0];
    const QByteArray& target = requestLine[1];
    const QByteArray& version = requestLine[2];
    if (method.isEmpty() || !target.startsWith('/') || !isVisibleAscii(target) || !version.startsWith("HTTP/1."))
        return 400;
    for (qsizetype i = 1; i < lines.size() && !lines[i].isEmpty(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        const QByteArray name = lines[i].left(colon);
        if (colon <= 0 || name.contains(' ') || name.contains('\t'))
            return 400; // also refuses obsolete line folding, as RFC 9112 allows
    }
    if (method != "GET")
        return 405;

    const qsizetype question = target.indexOf('?');
    request->path = question < 0 ? target : target.left(question); // Qt 6: left(-1) is empty
    request->delayMs = defaultDelayMs;
    if (question >= 0) {
        const QUrlQuery query(QString::fromLatin1(target.mid(question + 1)));
        if (query.hasQueryItem(QStringLiteral("delay_ms"))) {
            bool ok = false;
            request->delayMs = query.queryItemValue(QStringLiteral("delay_ms")).toInt(&ok);
            if (!ok || request->delayMs < 0 || request->delayMs > kMaxDelayMs)
                return 400;
        }
    }
    return 200;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 405: return "Method Not Allowed";
    default: return "Bad Request";
    }
}

QByteArray response(int status, const QByteArray& body)
{
    QByteArray r = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    if (status == 405)
        r += "Allow: GET\r\n";
    r += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
         + "\r\nConnection: close\r\n\r\n" + body;
    return r;
}

QByteArray answerBody(int number, const QByteArray& path)
{
    // The path is visible ASCII (parseHead checked), so only these two need escaping in JSON.
    QByteArray escaped = path;
    escaped.replace('\\', "\\\\").replace('"', "\\\"");
    return "{\"request\": " + QByteArray::number(number) + ", \"path\": \"" + escaped + "\"}";
}

} // namespace

// A QThread subclass because the server must be created, run and destroyed in the thread itself:
// run() keeps it on its stack around exec().
class LatencyServer::Thread final : public QThread
{
public:
    explicit Thread(LatencyServer& owner) : m_owner(owner) {}

    // Empty once the server listens, else why it could not.
    std::future<QString> listening() { return m_listening.get_future(); }

protected:
    void run() override;

private:
    void accept(QTcpServer& server);
    void read(QTcpSocket* socket, QByteArray& head, bool& parsed);
    static bool reply(QTcpSocket* socket, int status, const QByteArray& body);

    LatencyServer& m_owner;
    std::promise<QString> m_listening;
};

void LatencyServer::Thread::run()
{
    // When exec() returns, this server's destructor closes it and deletes, in this thread, every
    // socket (the server's children) and every pending timer (the sockets' children).
    QTcpServer server;
    QObject::connect(&server, &QTcpServer::newConnection, &server, [this, &server] { accept(server); });

    bool listening = m_owner.m_preferredPort != 0 && server.listen(QHostAddress::LocalHost, m_owner.m_preferredPort);
    if (!listening) // the preferred port is taken (or there is none): any free one will do
        listening = server.listen(QHostAddress::LocalHost, 0);
    if (!listening) {
        const QString why = server.errorString();
        m_listening.set_value(why.isEmpty() ? QStringLiteral("cannot listen on 127.0.0.1") : why);
        return;
    }
    m_owner.m_port = server.serverPort();
    m_listening.set_value(QString());

    exec();
    m_owner.m_port = 0;
}

void LatencyServer::Thread::accept(QTcpServer& server)
{
    while (QTcpSocket* socket = server.nextPendingConnection()) {
        // A client that goes away, or one whose answer is sent, deletes its socket.
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QTcpSocket::readyRead, socket,
                         [this, socket, head = QByteArray(), parsed = false]() mutable { read(socket, head, parsed); });
    }
}

void LatencyServer::Thread::read(QTcpSocket* socket, QByteArray& head, bool& parsed)
{
    const QByteArray data = socket->readAll();
    if (parsed)
        return; // a body, or anything after the head, is ignored
    head += data;
    const qsizetype length = headLength(head);
    if (length < 0) {
        if (head.size() > kMaxHeadBytes) {
            parsed = true;
            reply(socket, 400, "{\"error\": \"request head too large\"}");
        }
        return;
    }
    parsed = true;
    Request request;
    const int status = parseHead(head.left(length), m_owner.m_defaultLatencyMs, &request);
    head.clear();
    if (status != 200) {
        reply(socket, status, status == 405 ? "{\"error\": \"only GET\"}" : "{\"error\": \"bad request\"}");
        return;
    }

    const int number = ++m_owner.m_received;
    // A timer, not a sleep: many requests wait at once in this one thread. Parented to the socket,
    // it is deleted with it when the client goes away first, so it never fires on a deleted socket.
    auto* timer = new QTimer(socket);
    timer->setSingleShot(true);
    timer->setTimerType(Qt::PreciseTimer); // the default coarse timer may be 5% late
    QObject::connect(timer, &QTimer::timeout, socket, [this, socket, body = answerBody(number, request.path)] {
        if (reply(socket, 200, body))
            ++m_owner.m_served;
    });
    timer->start(request.delayMs);
}

bool LatencyServer::Thread::reply(QTcpSocket* socket, int status, const QByteArray& body)
{
    if (socket->state() != QAbstractSocket::ConnectedState)
        return false; // the client closed while we waited: nobody to answer
    socket->write(response(status, body));
    // Closes once the bytes are written; `disconnected` then deletes the socket.
    socket->disconnectFromHost();
    return true;
}

LatencyServer::LatencyServer(double defaultLatencySeconds, quint16 preferredPort)
    : m_defaultLatencyMs(qRound(qBound(0.0, defaultLatencySeconds * 1000.0, double(kMaxDelayMs))))
    , m_preferredPort(preferredPort)
{
}

LatencyServer::~LatencyServer()
{
    stop();
}

bool LatencyServer::start(QString* error)
{
    const std::lock_guard lock(m_lifecycle);
    if (m_thread)
        return true;
    auto thread = std::make_unique<Thread>(*this);
    thread->setObjectName(QStringLiteral("LatencyServer"));
    std::future<QString> listening = thread->listening();
    thread->start();
    const QString why = listening.get();
    if (!why.isEmpty()) {
        thread->wait(); // run() returned without an event loop
        if (error)
            *error = why;
        return false;
    }
    m_thread = std::move(thread);
    return true;
}

void LatencyServer::stop()
{
    const std::lock_guard lock(m_lifecycle);
    if (!m_thread)
        return;
    if (QThread::currentThread() == m_thread.get()) {
        qWarning("LatencyServer::stop() called from the server thread: it cannot join itself");
        return;
    }
    // quit() is safe even before exec() starts: QThread then returns from exec() at once.
    m_thread->quit();
    m_thread->wait();
    m_thread.reset();
}

quint16 LatencyServer::port() const
{
    return m_port;
}

QUrl LatencyServer::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port()));
}

int LatencyServer::requestsReceived() const
{
    return m_received;
}

int LatencyServer::requestsServed() const
{
    return m_served;
}

} // namespace loopscope::live
