#pragma once
// The lesson programs, one per lesson folder (lessons/<id>/program.cpp), each with its prediction
// questions. A program reads like the lesson's listing.py: same functions, same awaits, same prints,
// and line(N) before each statement names the listing line it mirrors.

#include "lesson.h"

namespace loopscope::lessons::programs {

Task<std::string> eventLoop(const Params& params, const std::string& variant);
std::vector<Prediction> eventLoopPredictions();
Task<std::string> blockingVsAsync(const Params& params, const std::string& variant);
std::vector<Prediction> blockingVsAsyncPredictions();
Task<std::string> loopCycle(const Params& params, const std::string& variant);
std::vector<Prediction> loopCyclePredictions();
Task<std::string> coroutinesAreLazy(const Params& params, const std::string& variant);
std::vector<Prediction> coroutinesAreLazyPredictions();
Task<std::string> asyncioRun(const Params& params, const std::string& variant);
std::vector<Prediction> asyncioRunPredictions();
Task<std::string> gather(const Params& params, const std::string& variant);
std::vector<Prediction> gatherPredictions();
Task<std::string> taskGroup(const Params& params, const std::string& variant);
std::vector<Prediction> taskGroupPredictions();
Task<std::string> locks(const Params& params, const std::string& variant);
std::vector<Prediction> locksPredictions();
Task<std::string> semaphores(const Params& params, const std::string& variant);
std::vector<Prediction> semaphoresPredictions();
Task<std::string> producerConsumer(const Params& params, const std::string& variant);
std::vector<Prediction> producerConsumerPredictions();
Task<std::string> timeouts(const Params& params, const std::string& variant);
std::vector<Prediction> timeoutsPredictions();
Task<std::string> cancellation(const Params& params, const std::string& variant);
std::vector<Prediction> cancellationPredictions();
Task<std::string> fireAndForget(const Params& params, const std::string& variant);
std::vector<Prediction> fireAndForgetPredictions();
Task<std::string> retries(const Params& params, const std::string& variant);
std::vector<Prediction> retriesPredictions();
Task<std::string> gracefulShutdown(const Params& params, const std::string& variant);
std::vector<Prediction> gracefulShutdownPredictions();
Task<std::string> realWorldIo(const Params& params, const std::string& variant);
std::vector<Prediction> realWorldIoPredictions();
Task<std::string> blockingTheLoop(const Params& params, const std::string& variant);
std::vector<Prediction> blockingTheLoopPredictions();
Task<std::string> threadsAndProcesses(const Params& params, const std::string& variant);
std::vector<Prediction> threadsAndProcessesPredictions();
Task<std::string> backpressure(const Params& params, const std::string& variant);
std::vector<Prediction> backpressurePredictions();
Task<std::string> asyncGenerators(const Params& params, const std::string& variant);
std::vector<Prediction> asyncGeneratorsPredictions();
Task<std::string> contextVars(const Params& params, const std::string& variant);
std::vector<Prediction> contextVarsPredictions();
Task<std::string> complexity(const Params& params, const std::string& variant);
std::vector<Prediction> complexityPredictions();

} // namespace loopscope::lessons::programs
