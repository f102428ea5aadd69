#pragma once
// The player: the only thing that advances a lesson's loops. It owns one LessonSession per variant,
// runs them ahead as far as the cursor needs (in slices, so a 100,000-task run never freezes the
// window), and moves the RunDocument's cursor: play at a chosen speed, step forward and back by
// event, loop iteration, await or printed line, seek, reset. Stepping back only moves the cursor
// over what is recorded.
//
// Live mode runs every variant at once on real time (app/livelesson.h, each in a thread of its
// own); the cursor follows the head as the traces grow, and once the runs end (or are stopped)
// their record stays, to step, rewind and export like any other.

#include "livelesson.h"
#include "lessons/runner.h"
#include "lessons/session.h"
#include "ui/rundocument.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

namespace loopscope::app {

enum class StepKind { Event, Iteration, Await, PrintedLine };

class Player : public QObject
{
    Q_OBJECT

public:
    explicit Player(ui::RunDocument& document, QObject* parent = nullptr);
    ~Player() override;

    // Starts fresh runs of every variant; the cursor goes to the start (or stays at `keepTime`).
    void load(const lessons::Lesson& lesson, const lessons::Params& params, TimeNs keepTime = 0);

    // Shows a saved recording of `lesson` at `params` (a null lesson: of a Python program):
    // complete, nothing runs, every step and export works as for a run just made.
    void loadRecording(const lessons::Lesson* lesson, const lessons::Params& params, Recording recording);
    // Shows nothing: a program not recorded yet.
    void clear();
    // The document shows a recording opened from a file.
    bool showsOpenedRecording() const { return m_opened; }

    // What a save writes: the runs once every variant has finished (finishAll() gets there), with
    // the clock they ran on. Empty while a run is still going.
    std::vector<const RecordedRun*> savableRuns() const;
    ClockKind recordedClock() const { return m_liveRecord ? ClockKind::Live : ClockKind::Virtual; }

    bool isPlaying() const { return m_playing; }
    // "One virtual second takes `seconds` real seconds", 0.1 to 20.
    void setSecondsPerVirtualSecond(double seconds);

    // Runs to draw under the lesson's own (its listing recorded on CPython), named "<variant> ·
    // CPython". Only beside a virtual run of a lesson; a new load drops them. They are not saved
    // and take no part in the answers.
    void showComparison(std::vector<RecordedRun> runs);
    void dropComparison();

    // True while some variant has not finished yet.
    bool running() const;
    // Every variant finished on the virtual clock: the runs the prediction answers are computed from.
    bool complete() const;
    const std::vector<lessons::VariantRun>& results() const { return m_results; }

    // Runs every variant to its end (in one go; the built-in lessons take well under a second).
    void finishAll();

    // Runs every variant live. Lessons without `live` are not accepted (returns false).
    bool loadLive(const lessons::Lesson& lesson, const lessons::Params& params);
    // A live run is going on: the cursor follows its head.
    bool isLive() const { return !m_liveRuns.empty(); }
    // The document shows a live run's record (going on or over), not a virtual run.
    bool showsLiveRecord() const { return m_liveRecord; }
    // Stops a live run part way: tasks are cancelled and clean up; what was recorded stays.
    void stopLive();
    // Requests the local servers answered in the last live run, over every variant.
    int liveRequestsServed() const { return m_liveServed; }
    int liveRequestsSent() const { return m_liveSent; }

public slots:
    void play();
    void pause();
    void togglePlay();
    void reset();
    void stepForward(loopscope::app::StepKind kind);
    void stepBack(loopscope::app::StepKind kind);
    void seek(loopscope::TimeNs t);
    void toEnd();

signals:
    void playingChanged(bool playing);
    // The loop is being run ahead of the picture (a big run); `reached` is the virtual time so far.
    void runningAhead(bool ahead, loopscope::TimeNs reached);
    void finished(); // every variant's run is complete
    void liveChanged(bool live); // a live run began, or ended and left its record

private:
    void frame();
    void liveFrame();
    // Before a new load: the document lets go of the old runs, which are dropped.
    void dropRuns(const lessons::Lesson* lesson, const lessons::Params& params);
    // Stops and drops live runs still going (a new load, the window closing).
    void discardLive();
    bool hasRecord() const { return m_document.variantCount() > 0 && !isLive(); }
    // Advances every variant until its clock has passed `t` (or it ended), within the budget.
    bool ensureTime(TimeNs t, qint64 budgetMs);
    // A load or seek that did not reach its time within its budget goes on by itself, a slice per
    // turn of the event loop, so the window stays responsive and the picture arrives unasked.
    void catchUpLater(TimeNs t, bool moveCursor);
    void catchUp();
    void stopCatchUp();
    bool advance(std::size_t index);
    // A variant that runs no further: finished, opened from a file, or a comparison's.
    bool isDone(std::size_t index) const { return index >= m_done.size() || m_done[index]; }
    void collectFinished();
    std::size_t findForward(StepKind kind, std::size_t from, qint64 budgetMs);
    std::size_t findBack(StepKind kind, std::size_t from) const;

    ui::RunDocument& m_document;
    const lessons::Lesson* m_lesson = nullptr;
    std::vector<std::unique_ptr<lessons::LessonSession>> m_sessions;
    std::vector<lessons::VariantRun> m_results;
    std::vector<RecordedRun> m_comparison; // drawn after the lesson's own variants
    std::vector<bool> m_done;
    std::vector<std::unique_ptr<LiveLessonRun>> m_liveRuns;
    std::vector<lessons::VariantRun> m_liveResults;
    bool m_liveRecord = false;
    bool m_opened = false;
    int m_liveServed = 0;
    int m_liveSent = 0;
    QTimer m_liveTimer;
    QTimer m_frameTimer;
    QTimer m_catchUpTimer;
    TimeNs m_catchUpTo = 0;
    bool m_catchUpMovesCursor = false; // a seek: the cursor goes to m_catchUpTo once it is recorded
    QElapsedTimer m_clock;
    bool m_playing = false;
    bool m_ahead = false;
    double m_speed = 1.0;
    double m_playOrigin = 0;  // virtual seconds at the moment play (or the last speed change) began
    qint64 m_playStartMs = 0;
};

} // namespace loopscope::app

Q_DECLARE_METATYPE(loopscope::app::StepKind)
