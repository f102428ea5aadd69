// producer-consumer: producers put items into a bounded Queue, consumers take them.
// Mirrors listing.py line for line; the numbers passed to line() are the listing's lines.

#include "lessons/format.h"
#include "lessons/answers.h"
#include "lessons/programs.h"
#include "lessons/runner.h"

namespace loopscope::lessons::programs {

namespace {

struct Settings
{
    std::int64_t producers, items;
    double produce, consume;
};

Task<void> producer(std::int64_t p, Queue<std::int64_t>& queue, double start, Settings s)
{
    EventLoop& loop = runningLoop();
    const std::string name = "producer " + std::to_string(p);
    line(16);
    for (std::int64_t item = p; item <= s.items; item += s.producers) { // items p, p+producers, ...
        line(17);
        co_await asyncio::sleep(s.produce);
        line(18);
        if (queue.full()) {
            line(19);
            print(name + ": queue full, waiting to put item " + std::to_string(item));
        }
        line(20);
        co_await queue.put(item);
        line(21);
        print(name + ": put item " + std::to_string(item) + " at " + fixed2(loop.time() - start) + " s, size " +
              std::to_string(queue.qsize()));
        line(16);
    }
}

Task<void> consumer(std::int64_t c, Queue<std::int64_t>& queue, double start, Settings s)
{
    EventLoop& loop = runningLoop();
    const std::string name = "consumer " + std::to_string(c);
    for (;;) { // runs until main cancels it
        line(27);
        const std::int64_t item = co_await queue.get();
        line(28);
        print(name + ": got item " + std::to_string(item) + " at " + fixed2(loop.time() - start) + " s");
        line(29);
        co_await asyncio::sleep(s.consume);
        line(30);
        queue.taskDone(); // join() returns once every item got its task_done()
    }
}

} // namespace

Task<std::string> producerConsumer(const Params& params, const std::string&)
{
    EventLoop& loop = runningLoop();
    const std::int64_t producers = params.integer("producers"), consumers = params.integer("consumers");
    const Settings s{producers, params.integer("items"), params.number("produce"), params.number("consume")};
    const double start = loop.time();
    line(36);
    Queue<std::int64_t> queue(params.integer("maxsize"), "queue");
    line(37);
    std::vector<TaskRef<void>> workers;
    for (std::int64_t c = 1; c <= consumers; ++c)
        workers.push_back(loop.createTask(consumer(c, queue, start, s), "consumer-" + std::to_string(c)));
    line(39);
    std::vector<TaskRef<void>> makers;
    for (std::int64_t p = 1; p <= producers; ++p)
        makers.push_back(loop.createTask(producer(p, queue, start, s), "producer-" + std::to_string(p)));
    line(41);
    co_await gather(makers);
    line(42);
    print("main: all items made at " + fixed2(loop.time() - start) + " s");
    line(43);
    co_await queue.join();
    line(44);
    print("main: all items handled at " + fixed2(loop.time() - start) + " s");
    line(46);
    for (auto& w : workers)
        w.cancel(); // consumers loop for ever; stop them now that the queue is drained
    line(47);
    co_await gatherReturnExceptions(workers);
    co_return "";
}

std::vector<Prediction> producerConsumerPredictions()
{
    // A producer that finds the queue full suspends on its put.
    auto fullQueue = [](const VariantRun& run) { return suspensions(*run.trace, WaitKind::QueuePut); };
    return {
        {"How many seconds until every item has been handled?", AnswerKind::Seconds, {},
         [](const std::vector<VariantRun>& runs) { return totalSeconds(runs.front()); }},
        {"How many times does a producer find the queue full and have to wait?", AnswerKind::Count, {},
         [fullQueue](const std::vector<VariantRun>& runs) { return std::to_string(fullQueue(runs.front())); }},
    };
}

} // namespace loopscope::lessons::programs
