#include "livelesson.h"

#include "lessons/session.h"

namespace loopscope::app {

using namespace loopscope::lessons;

namespace {

// The lesson's session seen as what the live runner drives.
class LessonProgram final : public live::LiveProgram
{
public:
    LessonProgram(const Lesson& lesson, const Params& params, const std::string& variant, std::unique_ptr<Clock> clock)
        : m_session(lesson, params, variant, std::move(clock))
    {
    }
    EventLoop& loop() override { return m_session.loop(); }
    const Trace& trace() const override { return m_session.trace(); }
    bool advance() override { return m_session.advance(); }
    LessonSession& session() { return m_session; }

private:
    LessonSession m_session;
};

} // namespace

LiveLessonRun::LiveLessonRun(const Lesson& lesson, const Params& params, std::string variant,
                             live::LiveOptions options)
    : m_variant(variant)
    , m_runner(
          [&lesson, params, variant](std::unique_ptr<Clock> clock) -> std::unique_ptr<live::LiveProgram> {
              return std::make_unique<LessonProgram>(lesson, params, variant, std::move(clock));
          },
          options)
{
}

LiveLessonRun::~LiveLessonRun() = default;

void LiveLessonRun::start()
{
    m_runner.start();
}

VariantRun LiveLessonRun::takeResult()
{
    auto program = m_runner.takeProgram();
    if (!program) {
        VariantRun run;
        run.variant = m_variant;
        run.error = m_runner.error().empty() ? std::string("the live run did not finish") : m_runner.error();
        run.stopped = m_runner.stopRequested();
        return run;
    }
    VariantRun run = static_cast<LessonProgram&>(*program).session().takeResult();
    // A real clock keeps going between the loop's close and the reading of its total: the run
    // ends at its last recorded event (the loop closing), as a virtual run's does.
    if (run.trace && !run.trace->empty())
        run.total = run.trace->endTime();
    run.stopped = m_runner.stopRequested();
    run.requestsSent = m_runner.requestsSent();
    run.requestsServed = m_runner.requestsServed();
    return run;
}

std::string liveLessonIds()
{
    std::string ids;
    for (const Lesson& l : allLessons())
        if (l.live)
            ids += (ids.empty() ? "" : ", ") + l.id;
    return ids;
}

} // namespace loopscope::app
