// fire-and-forget: a task nobody awaits fails in silence; the loop speaks up only when the task
// object is collected. Mirrors listing.py line for line; line() numbers are the listing's lines.
//
// The listing installs an exception handler (report) that prints the loop's complaint. Here the
// complaint is the core's exception_never_retrieved warning, raised when the last reference to a
// failed, unretrieved task goes away; a small observer turns it into report's printed line at that
// very moment, from whoever dropped the reference (the loop itself, or main clearing its set).

#include "lessons/answers.h"
#include "lessons/format.h"
#include "lessons/programs.h"
#include "lessons/runner.h"

#include <algorithm>

namespace loopscope::lessons::programs {

namespace {

// Python's repr of an exception: ConnectionError('mail server refused the connection').
std::string pyRepr(const std::string& type, const std::string& message)
{
    if (message.empty())
        return type + "()";
    const char quote = message.find('\'') != std::string::npos && message.find('"') == std::string::npos ? '"' : '\'';
    return type + "(" + quote + message + quote + ")";
}

// "TypeName: message" (describeException) back to repr.
std::string reprFromDescription(const std::string& described)
{
    const auto colon = described.find(": ");
    if (colon == std::string::npos)
        return pyRepr(described, "");
    return pyRepr(described.substr(0, colon), described.substr(colon + 2));
}

Task<void> sendEmail(std::string to, double start)
{
    EventLoop& loop = runningLoop();
    line(14);
    print("send_email: sending to " + to + " at " + fixed2(loop.time() - start) + " s");
    line(15);
    co_await asyncio::sleep(0.5);
    line(16);
    throw ConnectionError("mail server refused the connection");
}

// loop.set_exception_handler(report): called when the loop reports a failed task that nobody
// asked about, the moment its task object is collected.
class ExceptionHandler final : public Instrument
{
public:
    ExceptionHandler(EventLoop& loop, double start) : m_loop(loop), m_start(start) { m_loop.addInstrument(*this); }
    ~ExceptionHandler() override { m_loop.removeInstrument(*this); }
    ExceptionHandler(const ExceptionHandler&) = delete;
    ExceptionHandler& operator=(const ExceptionHandler&) = delete;

    void onEvent(const Event& e) override
    {
        if (e.kind != EventKind::Warning || WarningKind(e.sub) != WarningKind::ExceptionNeverRetrieved)
            return;
        // "Task exception was never retrieved: task send-email failed with ConnectionError: ..."
        const std::string& text = m_loop.meta().string(StringId(e.a()));
        const auto colon = text.find(": ");
        const auto failed = text.find(" failed with ");
        const std::string message = text.substr(0, colon);
        const std::string error =
            reprFromDescription(failed == std::string::npos ? std::string() : text.substr(failed + 13));
        report(message, error);
    }

private:
    void report(const std::string& message, const std::string& error)
    {
        line(26);
        print("loop: " + message + ": " + error + " at " + fixed2(m_loop.time() - m_start) + " s");
    }

    EventLoop& m_loop;
    double m_start;
};

} // namespace

Task<std::string> fireAndForget(const Params& params, const std::string&)
{
    const bool keepReference = params.flag("keep_reference");
    const bool fixed = params.flag("fixed");
    std::vector<TaskRef<void>> background; // the listing's module-level set
    EventLoop& loop = runningLoop();
    const double start = loop.time();

    line(28);
    ExceptionHandler handler(loop, start);
    line(29);
    TaskRef<void> task = loop.createTask(sendEmail("ada@example.com", start), "send-email");
    if (keepReference) {
        line(31);
        background.push_back(task);
    }
    if (fixed) {
        try {
            line(34);
            co_await task;
        } catch (const ConnectionError& exc) {
            line(36);
            print("main: handled " + pyRepr(exc.typeName(), exc.message()) + " at " + fixed2(loop.time() - start) +
                  " s");
        }
    } else {
        line(40);
        task = {}; // del task
        line(41);
        co_await asyncio::sleep(1.0);
        line(42);
        print("main: carried on, no error reached main at " + fixed2(loop.time() - start) + " s");
    }
    line(44);
    background.clear(); // the last reference may go here: the task is collected now
    line(45);
    print("main: done at " + fixed2(loop.time() - start) + " s");
    co_return "";
}

std::vector<Prediction> fireAndForgetPredictions()
{
    return {
        {"Does the ConnectionError ever reach main?", AnswerKind::Choice, {"yes", "no"},
         [](const std::vector<VariantRun>& runs) {
             // main's except block prints from line 36 only when the error reaches it.
             return std::string(printsAtLine(runs.front(), 36) > 0 ? "yes" : "no");
         }},
        {"At what second does the loop complain that the exception was never retrieved? (0 if it never does)",
         AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) {
             for (const auto& w : warnings(runs.front()))
                 if (w.kind == WarningKind::ExceptionNeverRetrieved)
                     return fixed2(nsToSeconds(w.t));
             return fixed2(0);
         }},
    };
}

} // namespace loopscope::lessons::programs
