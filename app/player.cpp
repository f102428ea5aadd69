#include "player.h"

#include "core/tracereader.h"

#include <algorithm>
#include <limits>

namespace loopscope::app {

namespace {

constexpr qint64 kFrameBudgetMs = 12; // leaves room in a 16 ms frame for painting
// A step, a seek, a load or End runs the loop this long at most before the window gets a turn;
// what is left goes on a frame's budget per turn (catchUp). Small runs finish well within it.
constexpr qint64 kStepBudgetMs = 40;
constexpr TimeNs kEndOfEverything = std::numeric_limits<TimeNs>::max(); // past every run's end

// Where a step of each kind stops: after the event that begins the next iteration, await or
// printed line, as the trace reader names them.
bool matches(StepKind kind, const Event& e)
{
    struct : TraceHandlers
    {
        StepKind kind = StepKind::Event;
        bool match = false;
        void loopPhase(const Event&, LoopPhase phase, std::uint32_t)
        {
            match = kind == StepKind::Iteration && phase == LoopPhase::ComputeTimeout;
        }
        void taskSuspended(const Event&, TaskId, WaitKind, std::uint32_t, StringId) { match = kind == StepKind::Await; }
        void taskYielded(const Event&, TaskId) { match = kind == StepKind::Await; }
        void printed(const Event&, TaskId, StringId) { match = kind == StepKind::PrintedLine; }
    } step;
    if (kind == StepKind::Event)
        return true;
    step.kind = kind;
    dispatch(e, step);
    return step.match;
}

} // namespace

Player::Player(ui::RunDocument& document, QObject* parent) : QObject(parent), m_document(document)
{
    m_frameTimer.setInterval(16);
    m_frameTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_frameTimer, &QTimer::timeout, this, &Player::frame);
    m_liveTimer.setInterval(16);
    connect(&m_liveTimer, &QTimer::timeout, this, &Player::liveFrame);
    m_catchUpTimer.setInterval(0);
    connect(&m_catchUpTimer, &QTimer::timeout, this, &Player::catchUp);

    m_clock.start();
}

Player::~Player()
{
    // No signals from here on: whoever listens may already be gone.
    blockSignals(true);
    discardLive();
}

void Player::dropRuns(const lessons::Lesson* lesson, const lessons::Params& params)
{
    pause();
    stopCatchUp();
    m_lesson = lesson;
    // The document points into the old runs' traces: detach it before they go.
    m_document.reset(lesson, params, {});
    m_comparison.clear();
    discardLive();
    m_sessions.clear();
    m_results.clear();
    m_opened = false;
    m_liveRecord = false;
    m_done.assign(lesson ? lesson->variants.size() : 0, false);
}

void Player::clear()
{
    dropRuns(nullptr, {});
}

void Player::loadRecording(const lessons::Lesson* lesson, const lessons::Params& params, Recording recording)
{
    dropRuns(lesson, params);
    m_opened = true;
    m_results = std::move(recording.runs);
    m_done.assign(m_results.size(), true);
    m_liveRecord = recording.clock == ClockKind::Live;
    m_liveServed = m_liveSent = 0;
    std::vector<ui::RunDocument::Variant> variants;
    for (const auto& run : m_results) {
        variants.push_back({run.variant, run.trace.get(), true, run.total, run.error, run.stopped, run.requestsSent,
                            run.requestsServed});
        m_liveServed += int(run.requestsServed);
        m_liveSent += int(run.requestsSent);
    }
    m_document.reset(lesson, params, std::move(variants), QString::fromStdString(recording.listingText));
    emit finished();
}

bool Player::complete() const
{
    if (m_results.empty() || m_liveRecord || !m_lesson || m_results.size() != m_lesson->variants.size())
        return false;
    // Answers read the variants in the lesson's order (an opened recording may hold fewer).
    for (std::size_t i = 0; i < m_results.size(); ++i)
        if (m_results[i].variant != m_lesson->variants[i])
            return false;
    return true;
}

std::vector<const RecordedRun*> Player::savableRuns() const
{
    std::vector<const RecordedRun*> runs;
    if (isLive() || m_results.size() + m_comparison.size() != std::size_t(m_document.variantCount()))
        return runs;
    for (const auto& run : m_results)
        runs.push_back(&run);
    return runs;
}

void Player::load(const lessons::Lesson& lesson, const lessons::Params& params, TimeNs keepTime)
{
    dropRuns(&lesson, params);
    std::vector<ui::RunDocument::Variant> variants;
    for (const auto& name : lesson.variants) {
        m_sessions.push_back(std::make_unique<lessons::LessonSession>(lesson, params, name));
        variants.push_back({name, &m_sessions.back()->trace(), false, 0, {}});
    }
    m_document.reset(&lesson, params, std::move(variants));
    // Everything at the start instant is recorded up front (and the loop's first jump with it),
    // so the picture opens on a sensible time axis.
    if (!ensureTime(0, kStepBudgetMs))
        catchUpLater(0, false);
    if (keepTime > 0)
        seek(keepTime);
}

bool Player::loadLive(const lessons::Lesson& lesson, const lessons::Params& params)
{
    if (!lesson.live)
        return false;
    dropRuns(&lesson, params);
    m_liveServed = 0;
    m_liveSent = 0;
    const std::size_t n = lesson.variants.size();
    m_liveResults.resize(n);
    std::vector<ui::RunDocument::Variant> variants;
    for (const auto& name : lesson.variants) {
        auto run = std::make_unique<LiveLessonRun>(lesson, params, name);
        run->start();
        variants.push_back({name, run->trace(), false, 0, {}});
        m_liveRuns.push_back(std::move(run));
    }
    // A run whose server could not start has no trace: show an empty one with its error.
    for (std::size_t i = 0; i < n; ++i)
        if (!variants[i].trace) {
            m_liveResults[i] = m_liveRuns[i]->takeResult();
            m_liveResults[i].trace = std::make_unique<Trace>();
            variants[i].trace = m_liveResults[i].trace.get();
            variants[i].finished = true;
            variants[i].error = m_liveResults[i].error;
            m_done[i] = true;
        }
    m_document.reset(&lesson, params, std::move(variants));
    m_liveRecord = true;
    m_liveTimer.start();
    emit liveChanged(true);
    return true;
}

void Player::liveFrame()
{
    TimeNs head = m_document.cursorTime();
    for (std::size_t i = 0; i < m_liveRuns.size(); ++i) {
        if (m_done[i])
            continue;
        LiveLessonRun& run = *m_liveRuns[i];
        if (!run.finished()) {
            head = std::max(head, run.now());
            continue;
        }
        m_liveServed += run.requestsServed();
        m_liveSent += run.requestsSent();
        m_liveResults[i] = run.takeResult();
        m_done[i] = true;
        ui::RunDocument::Variant v = m_document.variant(int(i));
        v.finished = true;
        v.total = m_liveResults[i].total;
        v.error = m_liveResults[i].error;
        v.stopped = m_liveResults[i].stopped;
        v.requestsSent = m_liveResults[i].requestsSent;
        v.requestsServed = m_liveResults[i].requestsServed;
        m_document.updateVariant(int(i), v);
    }
    m_document.notifyGrown();
    if (running()) {
        // The picture's "now" is the runs' clock, so a stall grows on screen while it lasts.
        m_document.setCursorTime(head);
        return;
    }
    // Every run is over: its record stays where the document points (the traces do not move).
    m_liveTimer.stop();
    m_liveRuns.clear();
    m_results = std::move(m_liveResults);
    m_liveResults.clear();
    m_document.setCursor(m_document.focused()->trace->size());
    emit liveChanged(false);
}

void Player::stopLive()
{
    for (auto& run : m_liveRuns)
        run->requestStop();
}

void Player::discardLive()
{
    m_liveTimer.stop();
    const bool wasLive = isLive();
    for (auto& run : m_liveRuns)
        run->requestStop();
    m_liveRuns.clear(); // each waits for its thread: cleanup is cut short by the stop
    m_liveResults.clear();
    m_liveRecord = false;
    if (wasLive)
        emit liveChanged(false);
}

void Player::setSecondsPerVirtualSecond(double seconds)
{
    m_speed = std::clamp(seconds, 0.1, 20.0);
    m_playOrigin = nsToSeconds(m_document.cursorTime());
    m_playStartMs = m_clock.elapsed();
}

bool Player::running() const
{
    return std::find(m_done.begin(), m_done.end(), false) != m_done.end();
}

void Player::showComparison(std::vector<RecordedRun> runs)
{
    dropComparison();
    if (!m_lesson || m_opened || m_liveRecord || isLive() || runs.empty())
        return;
    m_comparison = std::move(runs);
    std::vector<ui::RunDocument::Variant> variants;
    for (const RecordedRun& run : m_comparison)
        variants.push_back({run.variant + " · CPython", run.trace.get(), true, run.total, run.error});
    m_document.addVariants(std::move(variants));
}

void Player::dropComparison()
{
    if (m_comparison.empty())
        return;
    // The document lets go of the comparison's traces before they are freed.
    m_document.dropVariantsFrom(m_document.variantCount() - int(m_comparison.size()));
    m_comparison.clear();
}

bool Player::advance(std::size_t index)
{
    if (isDone(index) || index >= m_sessions.size())
        return false;
    if (m_sessions[index]->advance())
        return true;
    m_done[index] = true;
    collectFinished();
    return false;
}

void Player::collectFinished()
{
    for (std::size_t i = 0; i < m_sessions.size(); ++i) {
        if (!m_done[i])
            continue;
        const auto& doc = m_document.variant(int(i));
        if (doc.finished)
            continue;
        ui::RunDocument::Variant v = doc;
        v.finished = true;
        v.total = m_sessions[i]->now();
        m_document.updateVariant(int(i), v);
    }
    if (!running() && m_results.empty()) {
        // Keep the sessions' traces where the document points; take the summaries for answers.
        for (auto& s : m_sessions)
            m_results.push_back(s->takeResult());
        for (std::size_t i = 0; i < m_results.size(); ++i) {
            ui::RunDocument::Variant v = m_document.variant(int(i));
            v.error = m_results[i].error;
            v.total = m_results[i].total;
            m_document.updateVariant(int(i), v);
        }
        emit finished();
    }
}

bool Player::ensureTime(TimeNs t, qint64 budgetMs)
{
    const qint64 began = m_clock.elapsed();
    bool grew = false, reached = true;
    for (std::size_t i = 0; i < m_sessions.size(); ++i) {
        // Run until the loop's clock is past t: then every event at or before t is recorded.
        while (!m_done[i] && m_sessions[i]->now() <= t) {
            advance(i);
            grew = true;
            if (m_clock.elapsed() - began > budgetMs)
                break;
        }
        reached &= m_done[i] || m_sessions[i]->now() > t;
    }
    if (grew)
        m_document.notifyGrown();
    if (reached != !m_ahead) {
        m_ahead = !reached;
        emit runningAhead(m_ahead, m_document.recordedEnd());
    }
    return reached;
}

void Player::catchUpLater(TimeNs t, bool moveCursor)
{
    if (m_catchUpTimer.isActive()) {
        m_catchUpTo = std::max(m_catchUpTo, t);
        m_catchUpMovesCursor = m_catchUpMovesCursor || moveCursor;
    } else {
        m_catchUpTo = t;
        m_catchUpMovesCursor = moveCursor;
    }
    m_catchUpTimer.start();
}

void Player::catchUp()
{
    if (m_playing) {
        // Playing drives the loop ahead itself, frame by frame.
        stopCatchUp();
        return;
    }
    if (!ensureTime(m_catchUpTo, kFrameBudgetMs)) {
        emit runningAhead(true, m_document.recordedEnd()); // progress for the status bar
        return;
    }
    const bool move = m_catchUpMovesCursor;
    stopCatchUp();
    if (move)
        m_document.setCursorTime(std::min(m_catchUpTo, m_document.recordedEnd()));
}

void Player::stopCatchUp()
{
    m_catchUpTimer.stop();
    m_catchUpMovesCursor = false;
    if (m_ahead && !m_playing) {
        m_ahead = false;
        emit runningAhead(false, m_document.recordedEnd());
    }
}

void Player::finishAll()
{
    for (std::size_t i = 0; i < m_sessions.size(); ++i)
        while (advance(i)) {
        }
    m_document.notifyGrown();
}

void Player::play()
{
    if (m_playing || !hasRecord())
        return;
    // Playing from the very end starts over, as a media player does.
    if (!running() && m_document.cursorTime() >= m_document.recordedEnd())
        m_document.setCursor(0);
    m_catchUpTimer.stop();
    m_playing = true;
    m_playOrigin = nsToSeconds(m_document.cursorTime());
    m_playStartMs = m_clock.elapsed();
    m_frameTimer.start();
    emit playingChanged(true);
}

void Player::pause()
{
    if (!m_playing)
        return;
    m_playing = false;
    m_frameTimer.stop();
    if (m_ahead) {
        m_ahead = false;
        emit runningAhead(false, m_document.recordedEnd());
    }
    emit playingChanged(false);
}

void Player::togglePlay()
{
    m_playing ? pause() : play();
}

void Player::frame()
{
    const double target = m_playOrigin + double(m_clock.elapsed() - m_playStartMs) / 1000.0 / m_speed;
    const TimeNs t = secondsToNs(target);
    const bool reached = ensureTime(t, kFrameBudgetMs);
    if (!reached) {
        // The loop is behind the wall clock: show what is recorded, and hold the clock so that
        // playback resumes smoothly instead of jumping once the loop catches up.
        m_playOrigin = nsToSeconds(m_document.cursorTime());
        m_playStartMs = m_clock.elapsed();
        m_document.setCursorTime(std::min(t, m_document.recordedEnd()));
        return;
    }
    if (!running() && t >= m_document.recordedEnd()) {
        m_document.setCursor(m_document.focused()->trace->size());
        pause();
        return;
    }
    m_document.setCursorTime(t);
}

void Player::reset()
{
    if (isLive())
        return;
    pause();
    m_document.setCursor(0);
}

std::size_t Player::findForward(StepKind kind, std::size_t from, qint64 budgetMs)
{
    const Trace* trace = m_document.focused()->trace;
    const std::size_t focus = std::size_t(m_document.focus());
    const qint64 began = m_clock.elapsed();
    for (std::size_t i = from;; ++i) {
        while (i >= trace->size()) {
            if (isDone(focus) || m_clock.elapsed() - began > budgetMs)
                return trace->size();
            advance(focus);
        }
        if (matches(kind, (*trace)[i]))
            return i + 1;
    }
}

std::size_t Player::findBack(StepKind kind, std::size_t from) const
{
    const Trace* trace = m_document.focused()->trace;
    // The cursor sits after event from-1; the previous stop is after the match before that one.
    for (std::size_t i = from >= 1 ? from - 1 : 0; i-- > 0;)
        if (matches(kind, (*trace)[i]))
            return i + 1;
    return 0;
}

void Player::stepForward(StepKind kind)
{
    if (!hasRecord())
        return;
    pause();
    const std::size_t target = findForward(kind, m_document.cursorEvent(), kStepBudgetMs);
    m_document.notifyGrown();
    // Other variants follow the cursor's time: make sure theirs is recorded too.
    m_document.setCursor(target);
    ensureTime(m_document.cursorTime(), kStepBudgetMs);
}

void Player::stepBack(StepKind kind)
{
    if (!hasRecord())
        return;
    pause();
    m_document.setCursor(findBack(kind, m_document.cursorEvent()));
}

void Player::seek(TimeNs t)
{
    if (!hasRecord())
        return;
    if (!ensureTime(t, kStepBudgetMs) && !m_playing)
        catchUpLater(t, true);
    m_document.setCursorTime(std::min(t, m_document.recordedEnd()));
    if (m_playing) {
        m_playOrigin = nsToSeconds(m_document.cursorTime());
        m_playStartMs = m_clock.elapsed();
    }
}

void Player::toEnd()
{
    if (isLive())
        return;
    pause();
    stopCatchUp();
    // Most runs end within a step's budget, and the cursor is there at once. A run too big for
    // it (real-world-io at n = 100,000) goes on a slice per turn, with the status bar's progress,
    // and the cursor moves to its end when it gets there: the window never hangs on End.
    if (ensureTime(kEndOfEverything, kStepBudgetMs)) {
        m_document.setCursor(m_document.focused()->trace->size());
        return;
    }
    catchUpLater(kEndOfEverything, true);
}

} // namespace loopscope::app
