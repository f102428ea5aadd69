#include "rundocument.h"

#include <QFile>

#include <algorithm>

namespace loopscope::ui {

QString lessonText(const std::string& id, const char* file)
{
    QFile f(QStringLiteral(":/lessons/%1/%2").arg(QString::fromStdString(id), QString::fromLatin1(file)));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

RunDocument::RunDocument(QObject* parent) : QObject(parent) {}

RunDocument::~RunDocument() = default;

std::size_t RunDocument::eventsAtCursor(int index) const
{
    if (index == m_focus)
        return m_cursorEvent;
    const Trace* trace = m_variants[std::size_t(index)].trace;
    return trace ? trace->upperBound(m_cursorTime) : 0;
}

const ReplayState& RunDocument::stateAtCursor(int index) const
{
    auto& replay = m_replays[std::size_t(index)];
    if (!replay)
        replay = std::make_unique<Replay>(*m_variants[std::size_t(index)].trace);
    return replay->stateAfter(eventsAtCursor(index));
}

TimeNs RunDocument::recordedEnd() const
{
    TimeNs end = 0;
    for (const auto& v : m_variants)
        if (v.trace)
            end = std::max(end, v.finished ? v.total : v.trace->endTime());
    return end;
}

void RunDocument::reset(const lessons::Lesson* lesson, lessons::Params params, std::vector<Variant> variants,
                        QString listing)
{
    const bool newLesson = lesson != m_lesson;
    m_lesson = lesson;
    m_params = std::move(params);
    m_variants = std::move(variants);
    m_replays.clear();
    m_replays.resize(m_variants.size());
    m_focus = std::clamp(m_focus, 0, std::max(0, int(m_variants.size()) - 1));
    m_cursorEvent = 0;
    m_cursorTime = 0;
    if (newLesson || m_listingFromRecording || !listing.isEmpty())
        loadTexts();
    m_listingFromRecording = !listing.isEmpty();
    if (m_listingFromRecording)
        m_listing = listing;
    emit documentReset();
}

void RunDocument::updateVariant(int index, const Variant& variant)
{
    m_variants[std::size_t(index)] = variant;
}

void RunDocument::addVariants(std::vector<Variant> more)
{
    if (more.empty())
        return;
    for (auto& v : more)
        m_variants.push_back(std::move(v));
    m_replays.resize(m_variants.size());
    emit documentReset();
    emit cursorMoved();
}

void RunDocument::dropVariantsFrom(int count)
{
    if (count < 0 || count >= variantCount())
        return;
    m_variants.resize(std::size_t(count));
    m_replays.resize(m_variants.size());
    if (m_focus >= count) {
        m_focus = std::max(0, count - 1);
        const Trace* trace = focused() ? focused()->trace : nullptr;
        m_cursorEvent = trace ? trace->upperBound(m_cursorTime) : 0;
        emit focusChanged();
    }
    emit documentReset();
    emit cursorMoved();
}

void RunDocument::notifyGrown()
{
    emit grown();
}

void RunDocument::setCursor(std::size_t focusedEvent)
{
    const Trace* trace = focused() ? focused()->trace : nullptr;
    const std::size_t size = trace ? trace->size() : 0;
    m_cursorEvent = std::min(focusedEvent, size);
    m_cursorTime = m_cursorEvent == 0 ? 0 : (*trace)[m_cursorEvent - 1].t;
    emit cursorMoved();
}

void RunDocument::setCursorTime(TimeNs t)
{
    const Trace* trace = focused() ? focused()->trace : nullptr;
    m_cursorTime = std::max<TimeNs>(0, t);
    m_cursorEvent = trace ? trace->upperBound(m_cursorTime) : 0;
    emit cursorMoved();
}

void RunDocument::setFocus(int index)
{
    if (index == m_focus || index < 0 || index >= variantCount())
        return;
    m_focus = index;
    const Trace* trace = focused()->trace;
    m_cursorEvent = trace ? trace->upperBound(m_cursorTime) : 0;
    emit focusChanged();
    emit cursorMoved();
}

void RunDocument::loadTexts()
{
    m_listing = m_lesson ? lessonText(m_lesson->id, "listing.py") : QString();
    m_narrative = m_lesson ? lessonText(m_lesson->id, "narrative.md") : QString();
}

} // namespace loopscope::ui
