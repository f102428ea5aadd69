#pragma once
// One variant of a lesson, run a step at a time: the player advances it as far as the picture
// needs, and views read its trace. runVariant() is the same thing run to the end in one go.

#include "core/recorder.h"
#include "core/trace.h"
#include "lesson.h"
#include "runner.h"

#include <memory>

namespace loopscope::lessons {

class LessonSession
{
public:
    // On the virtual clock unless given another (a live run's, core/live/).
    LessonSession(const Lesson& lesson, const Params& params, std::string variant,
                  std::unique_ptr<Clock> clock = nullptr);
    ~LessonSession();
    LessonSession(const LessonSession&) = delete;
    LessonSession& operator=(const LessonSession&) = delete;

    // One step of the loop (an iteration, or a stage of asyncio.run's wind-down). False once over.
    bool advance();
    bool finished() const { return m_finished; }

    const std::string& variant() const { return m_variant; }
    const Trace& trace() const { return *m_run.trace; }
    // The loop that makes the recording: for the live runner that drives it, not for views.
    EventLoop& loop() { return *m_loop; }
    // Virtual time reached so far; the total once finished.
    TimeNs now() const { return m_loop->now(); }

    // The finished run's recording (valid once finished()); the session is empty afterwards.
    VariantRun takeResult();

private:
    void finish();

    // The program's coroutine frames refer to these, so the session keeps its own copies.
    Params m_params;
    std::string m_variant;
    std::unique_ptr<EventLoop> m_loop;
    VariantRun m_run;
    std::unique_ptr<Recorder> m_recorder;
    TaskRef<std::string> m_main;
    bool m_finished = false;
};

} // namespace loopscope::lessons
