#include "recording.h"

namespace loopscope {

const char* toString(ClockKind clock)
{
    switch (clock) {
    case ClockKind::Virtual: return "virtual";
    case ClockKind::Live: return "live";
    }
    return "?";
}

} // namespace loopscope
