#pragma once
// ProgressStore: what Loopscope remembers between sessions — lessons visited, predictions answered,
// the last lesson, the theme, the window's geometry and state, presentation mode.
//
// Backed by an INI file read and written through QSettings. The file is read once, when the store is
// made; every change is written straight away to a temporary file beside it and renamed over it, so a
// crash never leaves half a file. A symbolic link is written through to its target. A file that
// cannot be read or does not look like ours is never fatal: the store starts from defaults,
// loadError() says so in one line (the app shows it), and the old file is kept as "<file>.corrupt"
// so nothing the user had is silently lost. A file written by a newer Loopscope, or a path that is
// not a regular file (a FIFO, a device), is left exactly as it is and nothing is saved over it.
// When a save fails the store keeps working from memory and saveFailed() says so, once a session.

#include <QByteArray>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace loopscope::ui {

class ProgressStore : public QObject
{
    Q_OBJECT

public:
    // `path` is the settings file; tests pass a temporary one, the app passes defaultPath().
    explicit ProgressStore(const QString& path, QObject* parent = nullptr);
    ~ProgressStore() override;

    // <config dir>/loopscope/loopscope.ini (QStandardPaths::AppConfigLocation).
    static QString defaultPath();

    QString path() const { return m_path; }
    // One line describing why the file was not used, or empty when it loaded (or did not exist yet).
    QString loadError() const { return m_loadError; }
    // One line describing why the last save failed, or empty.
    QString saveError() const { return m_saveError; }

    // --- lessons ---------------------------------------------------------------------------------
    bool isVisited(const QString& lessonId) const { return m_visited.contains(lessonId); }
    QStringList visitedLessons() const; // sorted
    void markVisited(const QString& lessonId);

    // A prediction the learner answered and checked; `right` is the grade it got, `guess` what they
    // said (kept so the answer is still there after a restart).
    void recordPrediction(const QString& lessonId, int index, bool right, const QString& guess = {});
    QString guess(const QString& lessonId, int index) const; // "" when none is kept
    std::optional<bool> wasRight(const QString& lessonId, int index) const; // nullopt: not answered
    int answeredCount(const QString& lessonId) const;
    int rightCount(const QString& lessonId) const;

    QString lastLesson() const { return m_lastLesson; }
    void setLastLesson(const QString& lessonId);

    // Recordings saved or opened lately, newest first (at most kMaxRecent).
    static constexpr int kMaxRecent = 8;
    QStringList recentRecordings() const { return m_recent; }
    void addRecentRecording(const QString& path);
    void forgetRecentRecording(const QString& path);

    // --- the window ------------------------------------------------------------------------------
    QString themeId() const { return m_themeId; } // empty: the app's default
    void setThemeId(const QString& id);
    // The interpreter that records the user's programs; empty: python3 on PATH.
    QString python() const { return m_python; }
    void setPython(const QString& python);
    QByteArray windowGeometry() const { return m_geometry; } // QWidget::saveGeometry()
    QByteArray windowState() const { return m_state; }       // QMainWindow::saveState()
    void setWindowLayout(const QByteArray& geometry, const QByteArray& state);
    // Sibling tasks fold into one lane from this many on (0: never); -1 when never chosen.
    int groupThreshold() const { return m_groupThreshold; }
    void setGroupThreshold(int siblings);
    bool presentationMode() const { return m_presentation; }
    void setPresentationMode(bool on);

    // Forgets all progress (visited lessons and predictions); keeps the window settings.
    void clearProgress();

    // Writes everything now (every setter already does). False, with saveError(), on failure.
    bool save();

signals:
    // Progress of one lesson changed (visited or a prediction recorded); empty id: all lessons.
    void progressChanged(const QString& lessonId);
    // The first save of this session that failed, in one line naming the file and the reason.
    void saveFailed(const QString& message);

private:
    void load();
    void quarantine(const QString& reason);
    void leaveAlone(const QString& reason);
    bool fail(const QString& message);
    bool write();

    QString m_path;
    QString m_target; // m_path with symbolic links followed: what is read and replaced
    QString m_loadError, m_saveError;
    bool m_saveAllowed = true; // false when the file must be left alone (see leaveAlone)
    bool m_failureReported = false;

    QSet<QString> m_visited;
    QMap<QString, QMap<int, bool>> m_predictions; // lesson -> question index -> right
    QMap<QString, QMap<int, QString>> m_guesses;
    int m_groupThreshold = -1;  // lesson -> question index -> what was said
    QString m_lastLesson;
    QStringList m_recent;
    QString m_themeId;
    QString m_python;
    QByteArray m_geometry, m_state;
    bool m_presentation = false;
};

} // namespace loopscope::ui
