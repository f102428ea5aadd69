#include "progressstore.h"

#include "exportfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryFile>

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace loopscope::ui {

namespace {

// The marker that tells our file from anything else at that path. Bump when the layout changes.
constexpr int kFormat = 1;

const QString kFormatKey = QStringLiteral("loopscope/format");
const QString kVisitedKey = QStringLiteral("progress/visited");
const QString kPredictionsGroup = QStringLiteral("predictions");
const QString kGuessesGroup = QStringLiteral("guesses");
const QString kGroupThresholdKey = QStringLiteral("view/groupThreshold");
constexpr int kMaxGuessLength = 200; // a guess is a number or a choice; a pasted essay is cut
const QString kLastLessonKey = QStringLiteral("session/lastLesson");
const QString kRecentKey = QStringLiteral("session/recentRecordings");
const QString kThemeKey = QStringLiteral("view/theme");
const QString kPythonKey = QStringLiteral("programs/python");
const QString kPresentationKey = QStringLiteral("view/presentation");
const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");

// QSettings' own bool conversion calls any non-empty text true; only our two words count.
std::optional<bool> strictBool(const QVariant& v)
{
    const QString s = v.toString();
    if (s == QLatin1String("true"))
        return true;
    if (s == QLatin1String("false"))
        return false;
    return std::nullopt;
}

} // namespace

ProgressStore::ProgressStore(const QString& path, QObject* parent)
    : QObject(parent), m_path(path), m_target(followLinks(path))
{
    load();
}

ProgressStore::~ProgressStore() = default;

QString ProgressStore::defaultPath()
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    if (dir.isEmpty())
        dir = QDir::homePath() + QStringLiteral("/.config");
    return dir + QStringLiteral("/loopscope/loopscope.ini");
}

void ProgressStore::load()
{
    const QFileInfo info(m_target);
    if (!info.exists())
        return; // first start: defaults, nothing to report
    if (info.isDir()) {
        quarantine(tr("it is a folder"));
        return;
    }
    if (!info.isFile()) { // opening a FIFO would block start-up; a device is nobody's settings
        leaveAlone(tr("it is not a regular file"));
        return;
    }
    {
        QFile probe(m_target);
        if (!probe.open(QIODevice::ReadOnly)) {
            quarantine(probe.errorString());
            return;
        }
        if (probe.size() == 0)
            return; // an empty file holds nothing to lose
    }

    bool ours = false;
    QString problem;
    {
        QSettings s(m_target, QSettings::IniFormat);
        if (s.status() != QSettings::NoError) {
            problem = tr("it is not a valid settings file");
        } else {
            bool isInt = false;
            const int format = s.value(kFormatKey).toInt(&isInt);
            if (!isInt) {
                problem = tr("it is not a Loopscope settings file");
            } else if (format > kFormat) {
                // A newer Loopscope's file: nothing of it is ours to judge or to overwrite.
                leaveAlone(tr("it was written by a newer Loopscope (format %1; this one reads format %2)")
                               .arg(format)
                               .arg(kFormat));
                return;
            } else if (format != kFormat)
                problem = tr("it has format %1, this Loopscope reads format %2").arg(format).arg(kFormat);
            else
                ours = true;
        }
        if (ours) {
            // Each value is checked on its own: one odd entry costs that entry, not the whole file.
            for (const QString& id : s.value(kVisitedKey).toStringList())
                if (!id.isEmpty())
                    m_visited.insert(id);
            s.beginGroup(kPredictionsGroup);
            for (const QString& lesson : s.childKeys()) {
                QMap<int, bool> answers;
                for (const QString& entry : s.value(lesson).toStringList()) {
                    const auto parts = entry.split(QLatin1Char(':'));
                    bool isIndex = false;
                    const int index = parts.value(0).toInt(&isIndex);
                    const auto right = strictBool(parts.value(1));
                    if (parts.size() == 2 && isIndex && index >= 0 && right)
                        answers.insert(index, *right);
                }
                if (!answers.isEmpty())
                    m_predictions.insert(lesson, answers);
            }
            s.endGroup();
            s.beginGroup(kGuessesGroup);
            for (const QString& lesson : s.childKeys()) {
                QMap<int, QString> guesses;
                for (const QString& entry : s.value(lesson).toStringList()) {
                    // "index:what was said"; the guess itself may hold colons.
                    const int colon = entry.indexOf(QLatin1Char(':'));
                    bool isIndex = false;
                    const int index = entry.left(colon).toInt(&isIndex);
                    const QString said = entry.mid(colon + 1).trimmed().left(kMaxGuessLength);
                    if (colon > 0 && isIndex && index >= 0 && !said.isEmpty() && m_predictions.value(lesson).contains(index))
                        guesses.insert(index, said);
                }
                if (!guesses.isEmpty())
                    m_guesses.insert(lesson, guesses);
            }
            s.endGroup();
            m_lastLesson = s.value(kLastLessonKey).toString();
            m_recent = s.value(kRecentKey).toStringList().mid(0, kMaxRecent);
            m_recent.removeAll(QString());
            m_themeId = s.value(kThemeKey).toString();
            m_python = s.value(kPythonKey).toString();
            m_presentation = strictBool(s.value(kPresentationKey)).value_or(false);
            bool isNumber = false;
            const int siblings = s.value(kGroupThresholdKey).toInt(&isNumber);
            m_groupThreshold = isNumber && siblings >= 0 && siblings <= 1000000 ? siblings : -1;
            m_geometry = s.value(kGeometryKey).toByteArray();
            m_state = s.value(kStateKey).toByteArray();
        }
    } // the QSettings is closed before the file is moved aside
    if (!ours)
        quarantine(problem);
}

void ProgressStore::quarantine(const QString& reason)
{
    // Keep what was there under a name nobody reads, so the next save does not overwrite it.
    QString kept = m_path + QStringLiteral(".corrupt");
    for (int n = 1; QFileInfo::exists(kept) && n < 100; ++n)
        kept = m_path + QStringLiteral(".corrupt.%1").arg(n);
    const QString where = QDir::toNativeSeparators(m_path);
    if (!QFileInfo::exists(kept) && QFile::rename(m_target, kept)) {
        m_loadError = tr("Settings file %1 could not be used (%2); started with defaults, the old file is kept as %3.")
                          .arg(where, reason, QDir::toNativeSeparators(kept));
    } else {
        // Could not move it aside: leave it alone and do not save over it.
        m_saveAllowed = false;
        leaveAlone(reason);
    }
}

void ProgressStore::leaveAlone(const QString& reason)
{
    m_saveAllowed = false;
    m_loadError = tr("Settings file %1 could not be used (%2); started with defaults, it is left as it is, "
                     "and settings will not be saved this session.")
                      .arg(QDir::toNativeSeparators(m_path), reason);
}

QStringList ProgressStore::visitedLessons() const
{
    QStringList out(m_visited.begin(), m_visited.end());
    out.sort();
    return out;
}

void ProgressStore::markVisited(const QString& lessonId)
{
    if (lessonId.isEmpty() || m_visited.contains(lessonId))
        return;
    m_visited.insert(lessonId);
    save();
    emit progressChanged(lessonId);
}

void ProgressStore::recordPrediction(const QString& lessonId, int index, bool right, const QString& guess)
{
    if (lessonId.isEmpty() || index < 0)
        return;
    auto& answers = m_predictions[lessonId];
    auto& guesses = m_guesses[lessonId];
    const QString said = guess.trimmed().left(kMaxGuessLength);
    if (answers.contains(index) && answers.value(index) == right && guesses.value(index) == said)
        return;
    answers.insert(index, right);
    if (said.isEmpty())
        guesses.remove(index);
    else
        guesses.insert(index, said);
    if (guesses.isEmpty())
        m_guesses.remove(lessonId);
    save();
    emit progressChanged(lessonId);
}

QString ProgressStore::guess(const QString& lessonId, int index) const
{
    return m_guesses.value(lessonId).value(index);
}

std::optional<bool> ProgressStore::wasRight(const QString& lessonId, int index) const
{
    const auto answers = m_predictions.value(lessonId);
    if (!answers.contains(index))
        return std::nullopt;
    return answers.value(index);
}

int ProgressStore::answeredCount(const QString& lessonId) const
{
    return int(m_predictions.value(lessonId).size());
}

int ProgressStore::rightCount(const QString& lessonId) const
{
    const auto answers = m_predictions.value(lessonId);
    return int(std::count(answers.begin(), answers.end(), true));
}

void ProgressStore::setGroupThreshold(int siblings)
{
    if (siblings < 0 || siblings == m_groupThreshold)
        return;
    m_groupThreshold = siblings;
    save();
}

void ProgressStore::setLastLesson(const QString& lessonId)
{
    if (m_lastLesson == lessonId)
        return;
    m_lastLesson = lessonId;
    save();
}

void ProgressStore::addRecentRecording(const QString& path)
{
    QStringList recent = m_recent;
    recent.removeAll(path);
    recent.prepend(path);
    recent = recent.mid(0, kMaxRecent);
    if (recent == m_recent)
        return;
    m_recent = recent;
    save();
}

void ProgressStore::forgetRecentRecording(const QString& path)
{
    if (m_recent.removeAll(path) > 0)
        save();
}

void ProgressStore::setThemeId(const QString& id)
{
    if (m_themeId == id)
        return;
    m_themeId = id;
    save();
}

void ProgressStore::setPython(const QString& python)
{
    if (m_python == python)
        return;
    m_python = python;
    save();
}

void ProgressStore::setWindowLayout(const QByteArray& geometry, const QByteArray& state)
{
    if (m_geometry == geometry && m_state == state)
        return;
    m_geometry = geometry;
    m_state = state;
    save();
}

void ProgressStore::setPresentationMode(bool on)
{
    if (m_presentation == on)
        return;
    m_presentation = on;
    save();
}

void ProgressStore::clearProgress()
{
    m_visited.clear();
    m_predictions.clear();
    m_guesses.clear();
    save();
    emit progressChanged(QString());
}

bool ProgressStore::save()
{
    if (!m_saveAllowed) {
        m_saveError = tr("settings are not saved this session: %1 is left as it was")
                          .arg(QDir::toNativeSeparators(m_path));
        return false; // said once already, by loadError()
    }
    if (!write())
        return false;
    m_saveError.clear();
    return true;
}

bool ProgressStore::fail(const QString& message)
{
    m_saveError = message;
    if (!m_failureReported) {
        m_failureReported = true;
        emit saveFailed(message + tr("; Loopscope goes on with what it remembers, until it closes."));
    }
    return false;
}

bool ProgressStore::write()
{
    const QFileInfo target(m_target);
    const QString folder = target.absolutePath();
    if (!QDir().mkpath(folder))
        return fail(tr("Cannot save settings: cannot create the folder %1").arg(QDir::toNativeSeparators(folder)));
    // Written whole to a fresh file beside the real one, then renamed over it: the real file is
    // always either the old version or the new one. A unique name, so that whatever a crash left
    // behind (even a folder) is never in the way.
    QTemporaryFile temp(folder + QLatin1Char('/') + target.fileName() + QStringLiteral(".saving-XXXXXX"));
    if (!temp.open())
        return fail(tr("Cannot save settings in %1: %2").arg(QDir::toNativeSeparators(folder), temp.errorString()));
    temp.close();
    {
        QSettings s(temp.fileName(), QSettings::IniFormat);
        s.clear();
        s.setValue(kFormatKey, kFormat);
        s.setValue(kVisitedKey, visitedLessons());
        s.beginGroup(kPredictionsGroup);
        for (auto it = m_predictions.cbegin(); it != m_predictions.cend(); ++it) {
            QStringList entries;
            for (auto a = it.value().cbegin(); a != it.value().cend(); ++a)
                entries << QString::number(a.key()) + QLatin1Char(':') +
                               (a.value() ? QLatin1String("true") : QLatin1String("false"));
            s.setValue(it.key(), entries);
        }
        s.endGroup();
        s.beginGroup(kGuessesGroup);
        for (auto it = m_guesses.cbegin(); it != m_guesses.cend(); ++it) {
            QStringList entries;
            for (auto g = it.value().cbegin(); g != it.value().cend(); ++g)
                entries << QString::number(g.key()) + QLatin1Char(':') + g.value();
            s.setValue(it.key(), entries);
        }
        s.endGroup();
        s.setValue(kLastLessonKey, m_lastLesson);
        s.setValue(kRecentKey, m_recent);
        s.setValue(kThemeKey, m_themeId);
        s.setValue(kPythonKey, m_python);
        s.setValue(kPresentationKey, m_presentation ? QStringLiteral("true") : QStringLiteral("false"));
        if (m_groupThreshold >= 0)
            s.setValue(kGroupThresholdKey, m_groupThreshold);
        s.setValue(kGeometryKey, m_geometry);
        s.setValue(kStateKey, m_state);
        s.sync();
        if (s.status() != QSettings::NoError)
            return fail(tr("Cannot save settings: writing %1 failed").arg(QDir::toNativeSeparators(temp.fileName())));
    }
    std::error_code ec;
    std::filesystem::rename(std::filesystem::path(QFile::encodeName(temp.fileName()).toStdString()),
                            std::filesystem::path(QFile::encodeName(m_target).toStdString()), ec);
    if (ec)
        return fail(tr("Cannot save settings to %1: %2")
                        .arg(QDir::toNativeSeparators(m_path), QString::fromLocal8Bit(ec.message().c_str())));
    temp.setAutoRemove(false); // it is the settings file now
    return true;
}

} // namespace loopscope::ui
