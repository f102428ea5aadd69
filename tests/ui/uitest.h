#pragma once
// Helpers for the widget tests: a finished lesson run held next to the RunDocument that shows it.

#include "lessons/lessontest.h"
#include "ui/rundocument.h"

#include <memory>

namespace uitest {

struct Loaded
{
    loopscope::lessons::VariantRun run;
    loopscope::ui::RunDocument doc;
};

// Runs the lesson's first variant with "name=value" settings and loads it into a document.
inline std::unique_ptr<Loaded> load(std::string_view id, std::initializer_list<std::string> settings)
{
    using namespace loopscope;
    auto l = std::make_unique<Loaded>();
    const lessons::Lesson& lesson = lessontest::lessonById(id);
    const lessons::Params params = lessontest::paramsFor(lesson, settings);
    l->run = lessons::runVariant(lesson, params, lesson.variants.front());
    ui::RunDocument::Variant v;
    v.name = l->run.variant;
    v.trace = l->run.trace.get();
    v.finished = true;
    v.total = l->run.total;
    l->doc.reset(&lesson, params, {v});
    return l;
}

} // namespace uitest
