#include "session.h"

namespace loopscope::lessons {

LessonSession::LessonSession(const Lesson& lesson, const Params& params, std::string variant,
                             std::unique_ptr<Clock> clock)
    : m_params(params), m_variant(std::move(variant))
{
    m_run.variant = m_variant;
    m_loop = std::make_unique<EventLoop>(LoopOptions{}, std::move(clock));
    m_run.trace = std::make_unique<Trace>(m_loop->sharedMeta());
    m_recorder = std::make_unique<Recorder>(*m_run.trace);
    m_loop->addInstrument(*m_recorder);
    m_main = m_loop->start(lesson.program(m_params, m_variant));
}

LessonSession::~LessonSession()
{
    // Drop main before the loop so its record goes with the loop's teardown.
    m_main = {};
    if (m_loop && m_recorder)
        m_loop->removeInstrument(*m_recorder);
}

bool LessonSession::advance()
{
    if (m_finished)
        return false;
    if (m_loop->advance())
        return true;
    finish();
    return false;
}

void LessonSession::finish()
{
    m_finished = true;
    const auto outcome = m_loop->outcome();
    m_run.total = outcome.total;
    m_run.deadlocked = outcome.deadlocked;
    if (m_main && m_main.done()) {
        if (auto error = m_main->exception())
            m_run.error = describeException(error);
        else
            m_run.result = m_main.result();
    } else if (outcome.deadlocked) {
        m_run.error = "deadlock";
    }
}

VariantRun LessonSession::takeResult()
{
    m_main = {};
    m_loop->removeInstrument(*m_recorder);
    m_recorder.reset();
    // The trace's tables are shared with the loop: they stay with the trace when the loop goes.
    m_loop.reset();
    return std::move(m_run);
}

} // namespace loopscope::lessons
