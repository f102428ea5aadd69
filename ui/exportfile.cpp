#include "exportfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <unistd.h>

namespace loopscope::ui {

namespace {

// Qt's message for the device's last error; where Qt has none, the C library's for errno.
QString reason(const QFileDevice& device, int savedErrno)
{
    const QString qt = device.errorString();
    if (savedErrno != 0 && (qt.isEmpty() || qt == QLatin1String("Unknown error")))
        return QString::fromLocal8Bit(std::strerror(savedErrno));
    return qt;
}

// Stands between an export and its file: forwards every write in full and remembers the first that
// failed, with its reason. Qt takes a short write (the disk filled up part way) for a success, so
// the rest is written again until the file system says why it cannot.
class CheckedWriter final : public QIODevice
{
public:
    explicit CheckedWriter(QFileDevice& target) : m_target(target) { open(QIODevice::WriteOnly | QIODevice::Unbuffered); }
    const QString& failure() const { return m_failure; }

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 length) override
    {
        if (!m_failure.isEmpty())
            return -1;
        for (qint64 done = 0; done < length;) {
            errno = 0;
            const qint64 n = m_target.write(data + done, length - done);
            if (n <= 0) {
                const int error = errno;
                m_failure = reason(m_target, error != 0 ? error : EIO);
                return -1;
            }
            done += n;
        }
        return length;
    }

private:
    QFileDevice& m_target;
    QString m_failure;
};

// Lets `produce` write through a CheckedWriter; returns its own failure or the first write's.
QString produceInto(QFileDevice& target, const std::function<QString(QIODevice&)>& produce)
{
    CheckedWriter writer(target);
    if (const QString why = produce(writer); !why.isEmpty())
        return why;
    return writer.failure();
}

} // namespace

bool isStandardOutput(const QString& path)
{
    return path == QLatin1String("-");
}

QString followLinks(const QString& path)
{
    QFileInfo info(path);
    for (int hops = 0; hops < 40 && info.isSymLink(); ++hops) // a loop of links stops here
        info.setFile(info.symLinkTarget());
    return info.filePath();
}

QString checkExportTarget(const QString& path)
{
    if (isStandardOutput(path))
        return {};
    if (path.isEmpty())
        return QCoreApplication::translate("ExportFile", "no file name given");
    // A link is written through: what counts is its final target (which may not exist yet).
    const QFileInfo target(followLinks(path));
    if (target.exists() && (!target.isFile() || target.isDir()))
        return QCoreApplication::translate("ExportFile", "%1 exists and is not a regular file; choose a file name")
            .arg(path);
    if (target.exists() && !target.isWritable())
        return QCoreApplication::translate("ExportFile", "%1 is read-only").arg(path);
    const QFileInfo folder(target.absolutePath());
    if (!folder.exists())
        return QCoreApplication::translate("ExportFile", "folder %1 does not exist; create it first")
            .arg(QDir::toNativeSeparators(folder.filePath()));
    if (!folder.isDir())
        return QCoreApplication::translate("ExportFile", "%1 is not a folder")
            .arg(QDir::toNativeSeparators(folder.filePath()));
    if (!folder.isWritable())
        return QCoreApplication::translate("ExportFile", "folder %1 is not writable")
            .arg(QDir::toNativeSeparators(folder.filePath()));
    return {};
}

QString writeExport(const QString& path, const std::function<QString(QIODevice&)>& produce)
{
    if (const QString why = checkExportTarget(path); !why.isEmpty())
        return why;
    if (isStandardOutput(path)) {
        std::fflush(stdout);
        QFile out;
        // Unbuffered: a write error (a full disk, a closed pipe) shows at the write that meets it.
        if (!out.open(STDOUT_FILENO, QIODevice::WriteOnly | QIODevice::Unbuffered, QFileDevice::DontCloseHandle))
            return QCoreApplication::translate("ExportFile", "cannot write to standard output: %1")
                .arg(out.errorString());
        if (const QString why = produceInto(out, produce); !why.isEmpty())
            return QCoreApplication::translate("ExportFile", "cannot write to standard output: %1").arg(why);
        return {};
    }
    // QSaveFile writes beside the link's target and renames over the target: the link stays.
    QSaveFile file(followLinks(path));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return QCoreApplication::translate("ExportFile", "cannot write %1: %2").arg(path, file.errorString());
    if (const QString why = produceInto(file, produce); !why.isEmpty()) {
        file.cancelWriting();
        return QCoreApplication::translate("ExportFile", "cannot write %1: %2").arg(path, why);
    }
    errno = 0;
    if (!file.commit())
        return QCoreApplication::translate("ExportFile", "cannot write %1: %2").arg(path, reason(file, errno));
    return {};
}

} // namespace loopscope::ui
