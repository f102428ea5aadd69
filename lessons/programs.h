#pragma once
// The lesson programs, one per lesson folder (lessons/<id>/program.cpp).

#include "lesson.h"

namespace loopscope::lessons::programs {

Task<std::string> eventLoop(const Params& params, const std::string& variant);
Task<std::string> semaphores(const Params& params, const std::string& variant);

} // namespace loopscope::lessons::programs
