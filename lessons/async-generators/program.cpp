// async-generators: an async generator fetches pages until an empty one; main's `async for`
// processes each item. The generator runs inside main's task, so its page fetches and main's item
// waits take turns on one lane. Mirrors listing.py; line() numbers are the listing's lines.

#include "lessons/format.h"
#include "lessons/answers.h"
#include "lessons/programs.h"
#include "lessons/runner.h"

namespace loopscope::lessons::programs {

namespace {

struct Paging
{
    std::int64_t pages;
    std::int64_t perPage;
    double pageDelay;
};

Task<std::vector<std::string>> fetchPage(std::int64_t number, Paging p)
{
    line(13);
    co_await asyncio::sleep(p.pageDelay);
    line(14);
    if (number > p.pages) {
        line(15);
        std::vector<std::string> empty;
        co_return empty;
    }
    line(16);
    std::vector<std::string> page;
    for (std::int64_t j = 1; j <= p.perPage; ++j)
        page.push_back("item " + std::to_string(number) + "." + std::to_string(j));
    co_return page;
}

AsyncGenerator<std::string> paginate(double start, Paging p)
{
    EventLoop& loop = runningLoop();
    line(21);
    std::int64_t number = 1;
    while (true) {
        line(23);
        std::vector<std::string> page = co_await fetchPage(number, p);
        line(24);
        print("paginate: page " + std::to_string(number) + " has " + std::to_string(page.size()) + " items at " +
              fixed2(loop.time() - start) + " s");
        line(25);
        if (page.empty()) {
            line(26);
            co_return;
        }
        for (auto& item : page) {
            line(28);
            co_yield std::move(item);
        }
        line(29);
        ++number;
    }
}

} // namespace

Task<std::string> asyncGenerators(const Params& params, const std::string&)
{
    EventLoop& loop = runningLoop();
    const Paging paging{params.integer("pages"), params.integer("per_page"), params.number("page_delay")};
    const double itemDelay = params.number("item_delay");
    line(34);
    const double start = loop.time();
    line(35);
    std::int64_t count = 0;
    line(37);
    auto items = paginate(start, paging);
    while (auto item = co_await items.next()) {
        line(38);
        co_await asyncio::sleep(itemDelay);
        line(39);
        ++count;
        line(40);
        print("main: processed " + *item + " at " + fixed2(loop.time() - start) + " s");
        line(37);
    }
    line(41);
    print("main: " + std::to_string(count) + " items in " + fixed2(loop.time() - start) + " s");
    co_return "";
}

std::vector<Prediction> asyncGeneratorsPredictions()
{
    return {
        {"How many seconds will main take?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return totalSeconds(runs.front()); }},
        {"How many pages will the generator fetch, the last empty one included?", AnswerKind::Count, {},
         [](const std::vector<VariantRun>& runs) {
             return std::to_string(printsAtLine(runs.front(), 24)); // one line per page fetched
         }},
        {"How many tasks does the run create, main included?", AnswerKind::Count, {},
         [](const std::vector<VariantRun>& runs) { return std::to_string(tasksCreated(*runs.front().trace)); }},
    };
}

} // namespace loopscope::lessons::programs
