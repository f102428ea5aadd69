#pragma once
// One variant of a lesson run live: the lesson's own program on core/live's runner, in a thread
// of its own. The window follows its trace as it grows; the command line waits for it. Either
// may stop it part way, and either takes the finished run as an ordinary VariantRun to step,
// rewind and export.

#include "core/live/liverunner.h"
#include "lessons/runner.h"

#include <memory>
#include <string>

namespace loopscope::app {

class LiveLessonRun
{
public:
    LiveLessonRun(const lessons::Lesson& lesson, const lessons::Params& params, std::string variant,
                  live::LiveOptions options = {});
    ~LiveLessonRun();

    void start();
    void requestStop() { m_runner.requestStop(); }
    bool wait(int ms = -1) { return m_runner.wait(ms); }
    bool finished() const { return m_runner.finished(); }
    bool stopped() const { return m_runner.stopRequested(); }

    const std::string& variant() const { return m_variant; }
    const Trace* trace() const { return m_runner.trace(); }
    TimeNs now() const { return m_runner.now(); }
    int requestsServed() const { return m_runner.requestsServed(); }
    int requestsSent() const { return m_runner.requestsSent(); } // once finished
    // Why the run could not start (the local server did not come up), if it could not.
    const std::string& error() const { return m_runner.error(); }

    // Once finished: the run's recording (trace, total, result, whether it was stopped, and the
    // requests sent and served), as a virtual run would give it.
    lessons::VariantRun takeResult();

private:
    std::string m_variant;
    live::LiveRunner m_runner;
};

// "event-loop, blocking-vs-async, ...": the lessons that run live, for messages.
std::string liveLessonIds();

} // namespace loopscope::app
