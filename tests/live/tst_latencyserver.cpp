// LatencyServer: answers GETs after their latency on its own thread, falls back from a taken
// port, serves concurrent requests, survives clients that go away, and stops cleanly.

#include "core/live/latencyserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <vector>

using loopscope::live::LatencyServer;

namespace {

// Generous: the machine may be busy (sanitizers, parallel builds); no test relies on timing.
constexpr int kGuardMs = 10000;

std::unique_ptr<QNetworkAccessManager> makeManager()
{
    auto manager = std::make_unique<QNetworkAccessManager>();
    manager->setProxy(QNetworkProxy::NoProxy); // an http_proxy in the environment must not intercept
    return manager;
}

QUrl url(const LatencyServer& server, const QString& pathAndQuery)
{
    return server.baseUrl().resolved(QUrl(pathAndQuery));
}

// Sends the segments over a raw socket, pausing between them, and returns all that comes back
// before the server closes the connection.
QByteArray exchange(quint16 port, const QList<QByteArray>& segments)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(kGuardMs))
        return "not connected";
    for (const QByteArray& segment : segments) {
        socket.write(segment);
        socket.waitForBytesWritten(kGuardMs);
        QTest::qWait(20); // lets each segment arrive on its own
    }
    QByteArray answer;
    while (socket.waitForReadyRead(kGuardMs))
        answer += socket.readAll();
    return answer + socket.readAll();
}

} // namespace

class TestLatencyServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void answersGetWithJson()
    {
        LatencyServer server(0.01);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(server.port() != 0);
        QCOMPARE(server.baseUrl(), QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.port())));

        auto manager = makeManager();
        std::unique_ptr<QNetworkReply> reply(manager->get(QNetworkRequest(url(server, "/items/7"))));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kGuardMs);

        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(reply->header(QNetworkRequest::ContentTypeHeader).toString(), QStringLiteral("application/json"));
        QCOMPARE(reply->rawHeader("Connection"), QByteArray("close"));
        QJsonParseError parse;
        const QJsonDocument json = QJsonDocument::fromJson(reply->readAll(), &parse);
        QCOMPARE(parse.error, QJsonParseError::NoError);
        QCOMPARE(json.object().value("request").toInt(), 1);
        QCOMPARE(json.object().value("path").toString(), QStringLiteral("/items/7"));
        QCOMPARE(server.requestsReceived(), 1);
        QCOMPARE(server.requestsServed(), 1);
    }

    void takenPreferredPortFallsBackToAFreeOne()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        const quint16 taken = squatter.serverPort();

        LatencyServer server(0.0, taken);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(server.port() != 0);
        QVERIFY(server.port() != taken);

        auto manager = makeManager();
        std::unique_ptr<QNetworkReply> reply(manager->get(QNetworkRequest(url(server, "/fallback"))));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kGuardMs);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(QJsonDocument::fromJson(reply->readAll()).object().value("path").toString(), QStringLiteral("/fallback"));
        QCOMPARE(server.requestsServed(), 1);

        // A free preferred port is the one used.
        squatter.close();
        LatencyServer onPreferred(0.0, taken);
        QVERIFY(onPreferred.start());
        QCOMPARE(onPreferred.port(), taken);
    }

    void servesConcurrentRequests()
    {
        LatencyServer server;
        QVERIFY(server.start());

        auto manager = makeManager();
        std::vector<std::unique_ptr<QNetworkReply>> replies;
        QSignalSpy finished(manager.get(), &QNetworkAccessManager::finished);
        for (int i = 1; i <= 5; ++i)
            replies.emplace_back(manager->get(QNetworkRequest(url(server, QStringLiteral("/items/%1?delay_ms=50").arg(i)))));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 5, kGuardMs);

        QList<int> numbers;
        for (const auto& reply : replies) {
            QCOMPARE(reply->error(), QNetworkReply::NoError);
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            numbers.append(QJsonDocument::fromJson(reply->readAll()).object().value("request").toInt());
        }
        std::sort(numbers.begin(), numbers.end());
        QCOMPARE(numbers, QList<int>({1, 2, 3, 4, 5})); // arrival numbers, each given once
        QCOMPARE(server.requestsReceived(), 5);
        QCOMPARE(server.requestsServed(), 5);
    }

    void clientGoingAwayDoesNotCountOrCrash()
    {
        LatencyServer server;
        QVERIFY(server.start());
        auto manager = makeManager();

        std::unique_ptr<QNetworkReply> aborted(manager->get(QNetworkRequest(url(server, "/slow?delay_ms=300"))));
        // Abort only once the server holds the request, so its pending timer is what is tested.
        QTRY_COMPARE_WITH_TIMEOUT(server.requestsReceived(), 1, kGuardMs);
        QTimer::singleShot(10, aborted.get(), &QNetworkReply::abort);
        QSignalSpy abortedFinished(aborted.get(), &QNetworkReply::finished);
        QTRY_COMPARE_WITH_TIMEOUT(abortedFinished.count(), 1, kGuardMs);
        QCOMPARE(aborted->error(), QNetworkReply::OperationCanceledError);

        // Its latency is longer than the aborted one's and it arrives later, so by the time it is
        // answered the aborted request's timer would have fired, had it survived its socket.
        std::unique_ptr<QNetworkReply> later(manager->get(QNetworkRequest(url(server, "/later?delay_ms=350"))));
        QSignalSpy laterFinished(later.get(), &QNetworkReply::finished);
        QTRY_COMPARE_WITH_TIMEOUT(laterFinished.count(), 1, kGuardMs);
        QCOMPARE(later->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(QJsonDocument::fromJson(later->readAll()).object().value("request").toInt(), 2);
        QCOMPARE(server.requestsReceived(), 2);
        QCOMPARE(server.requestsServed(), 1);
    }

    void parsesHeadsInSegmentsAndRejectsMalformedOnes()
    {
        LatencyServer server(0.0);
        QVERIFY(server.start());
        // The head arrives in three segments, so it is put together across several reads.
        const QByteArray ok = exchange(server.port(), {"GET /raw?delay_ms=0 HT", "TP/1.1\r\nHost: 127.0.0.1\r\n", "\r\n"});
        QVERIFY2(ok.startsWith("HTTP/1.1 200 OK\r\n"), ok.constData());
        QVERIFY(ok.contains("\r\nContent-Type: application/json\r\n"));
        QVERIFY(ok.contains("\r\nConnection: close\r\n"));
        QVERIFY(ok.endsWith("\r\n\r\n{\"request\": 1, \"path\": \"/raw\"}"));

        const QByteArray badDelay = exchange(server.port(), {"GET /x?delay_ms=oops HTTP/1.1\r\n", "\r\n"});
        QVERIFY2(badDelay.startsWith("HTTP/1.1 400 "), badDelay.constData());
        const QByteArray badLine = exchange(server.port(), {"GET /x\r\n\r\n"});
        QVERIFY2(badLine.startsWith("HTTP/1.1 400 "), badLine.constData());
        const QByteArray badHeader = exchange(server.port(), {"GET /x HTTP/1.1\r\nno colon\r\n\r\n"});
        QVERIFY2(badHeader.startsWith("HTTP/1.1 400 "), badHeader.constData());
        QCOMPARE(server.requestsReceived(), 1);
        QCOMPARE(server.requestsServed(), 1);
    }

    void stopsCleanly()
    {
        {
            LatencyServer neverStarted;
            neverStarted.stop();
        }

        LatencyServer server;
        QVERIFY(server.start());
        const quint16 oldPort = server.port();
        // A connection left open, waiting for its answer, must not hold stop() up.
        QTcpSocket idle;
        idle.connectToHost(QHostAddress::LocalHost, oldPort);
        QVERIFY(idle.waitForConnected(kGuardMs));
        idle.write("GET /pending?delay_ms=600000 HTTP/1.1\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(server.requestsReceived(), 1, kGuardMs);

        server.stop();
        server.stop();
        QCOMPARE(server.port(), quint16(0));
        QVERIFY(idle.state() == QAbstractSocket::UnconnectedState || idle.waitForDisconnected(kGuardMs));

        QTcpSocket probe;
        QSignalSpy errors(&probe, &QTcpSocket::errorOccurred);
        probe.connectToHost(QHostAddress::LocalHost, oldPort);
        QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, kGuardMs);
        QCOMPARE(probe.error(), QAbstractSocket::ConnectionRefusedError);
        QCOMPARE(server.requestsServed(), 0);
    }
};

QTEST_GUILESS_MAIN(TestLatencyServer)
#include "tst_latencyserver.moc"
