#pragma once
// RunDocument: what every view reads — the lesson, its parameters, one trace per variant (growing
// while the player runs the loop ahead), and the player's cursor. Only the player changes it;
// views listen to its signals and read traces through it. Nothing here steps a loop.

#include "core/replay.h"
#include "core/trace.h"
#include "lessons/lesson.h"

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

namespace loopscope::ui {

class RunDocument : public QObject
{
    Q_OBJECT

public:
    struct Variant
    {
        std::string name;
        const Trace* trace = nullptr; // owned by the player; append-only
        bool finished = false;
        TimeNs total = 0;             // the run's end, once finished
        std::string error;            // main's failure, once finished
        bool stopped = false;         // a live run stopped part way (its total is when it stopped)
        std::int64_t requestsSent = 0, requestsServed = 0; // live: requests on the wire, answered
    };

    explicit RunDocument(QObject* parent = nullptr);
    ~RunDocument() override;

    // --- reading ------------------------------------------------------------------------------
    const lessons::Lesson* lesson() const { return m_lesson; }
    const lessons::Params& params() const { return m_params; }
    QString listing() const { return m_listing; }     // the lesson's listing.py
    QString narrative() const { return m_narrative; } // the lesson's narrative.md

    int variantCount() const { return int(m_variants.size()); }
    const Variant& variant(int index) const { return m_variants[std::size_t(index)]; }
    // The variant the code view, console, task table and anatomy show; the timeline shows all.
    int focus() const { return m_focus; }
    const Variant* focused() const { return m_variants.empty() ? nullptr : &m_variants[std::size_t(m_focus)]; }

    // The cursor: the first `cursorEvent()` events of the focused variant have happened, and the
    // clock reads cursorTime(). Other variants are shown at the same time.
    std::size_t cursorEvent() const { return m_cursorEvent; }
    TimeNs cursorTime() const { return m_cursorTime; }
    // How many events of variant `index` have happened at the cursor.
    std::size_t eventsAtCursor(int index) const;
    // The scheduler's state of variant `index` at the cursor (cached; cheap to call repeatedly).
    const ReplayState& stateAtCursor(int index) const;
    // The latest time any variant has reached (the right end of the timeline while running).
    TimeNs recordedEnd() const;

    // --- for the player only -----------------------------------------------------------------
    // `listing` is the source the traces' lines refer to: a recording's own; empty for the
    // lesson's listing as shipped.
    void reset(const lessons::Lesson* lesson, lessons::Params params, std::vector<Variant> variants,
               QString listing = {});
    void updateVariant(int index, const Variant& variant); // finished, total, error
    // Runs drawn beside the player's own (the lesson's listing recorded on CPython): appended after
    // them, finished, with the cursor kept where it is; dropVariantsFrom(n) takes them away again.
    void addVariants(std::vector<Variant> more);
    void dropVariantsFrom(int count);
    void notifyGrown();                                    // traces have new events
    void setCursor(std::size_t focusedEvent);              // time follows the event
    void setCursorTime(TimeNs t);                          // event follows the time
    void setFocus(int index);

signals:
    void documentReset();  // a new lesson, new parameters, or a re-run
    void grown();          // more events recorded (the loop ran ahead)
    void cursorMoved();
    void focusChanged();

private:
    void loadTexts();

    const lessons::Lesson* m_lesson = nullptr;
    lessons::Params m_params;
    QString m_listing, m_narrative;
    bool m_listingFromRecording = false;
    std::vector<Variant> m_variants;
    mutable std::vector<std::unique_ptr<Replay>> m_replays;
    int m_focus = 0;
    std::size_t m_cursorEvent = 0;
    TimeNs m_cursorTime = 0;
};

// The lesson's files as shipped in the resources (":/lessons/<id>/listing.py").
QString lessonText(const std::string& id, const char* file);

} // namespace loopscope::ui
