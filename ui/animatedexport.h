#pragma once
// Timeline animations as files: GIF, MP4 and WebM of the run playing over a range. Each frame is
// the picture a still export paints (paintTimeline, the same RenderOptions) with the moment moved
// on a little; frames are painted one at a time and piped raw to ffmpeg, so memory holds a frame
// or two however long the animation. ffmpeg writes a temporary file beside the target, which
// replaces the target (through exportfile.h) only once ffmpeg has succeeded.

#include "timelineexport.h"

#include <QSize>
#include <QString>

#include <functional>
#include <optional>

namespace loopscope::ui {

enum class VideoFormat { Gif, Mp4, WebM };

// Frames per second, and the most frames one animation may have (10 minutes at 60 fps).
constexpr int kMinFrameRate = 1;
constexpr int kMaxFrameRate = 60;
constexpr int kMaxFrames = 36000;
// Real seconds per virtual second: from a thousandfold fast-forward to a thousandfold slow motion.
constexpr double kMinSpeed = 0.001;
constexpr double kMaxSpeed = 1000;

// From a file name's suffix (.gif, .mp4, .webm), or nullopt.
std::optional<VideoFormat> videoFormatFor(const QString& path);
// "gif", "mp4", "webm": the command line's name and the file's suffix.
QString videoFormatId(VideoFormat format);

// 800×450 for a GIF (small files), 1280×720 for a video; 10 and 30 frames per second.
QSize defaultAnimationSize(VideoFormat format);
int defaultFrameRate(VideoFormat format);
// The height that keeps the default 16:9 aspect for `width` (even, so video encoders accept it).
int animationHeightFor(int width);

struct AnimationRequest
{
    VideoFormat format = VideoFormat::Gif;
    QSize size{800, 450};      // pixels; a video's odd side is made one pixel smaller (yuv420p)
    int frameRate = 10;        // frames per second
    double speed = -1;         // real seconds per virtual second; <= 0: automatic
    TimeNs from = -1, to = -1; // the range played (and shown on the axis); -1: the whole run
    RenderOptions options;     // theme, legend, lanes, title, caption, font scale; moment moves
};

// What an animation will be, worked out before a frame is painted.
struct AnimationPlan
{
    TimeNs from = 0, to = 0; // the moment moves from `from` to `to`
    double speed = 1;        // real seconds per virtual second
    int frames = 0;          // at least 2: the range's start and its end
    QSize size;              // the encoded size
    QString problem;         // empty, or one line saying why this cannot be made
};

// Automatic speed: a virtual second takes a real second, but the whole range plays in 2 to 20 s.
double automaticSpeed(TimeNs span);

AnimationPlan planAnimation(const TimelineRenderer::Scenes& scenes, const AnimationRequest& request);

// The moment frame `index` shows: the range's start at 0, its end at frames - 1.
TimeNs frameMoment(const AnimationPlan& plan, int index);

// The ffmpeg to run: $LOOPSCOPE_FFMPEG if set, else ffmpeg on PATH. Returns the program, or an
// empty string and sets `error` to one line naming the Debian package.
QString findFfmpeg(QString* error);

// Called after each frame with the frames done and the total; returning false cancels.
using AnimationProgress = std::function<bool(int done, int total)>;

// The error writeTimelineAnimation returns when `progress` cancelled it.
QString animationCancelled();

// Writes the animation; returns an empty string, or one line saying what went wrong. On any
// failure (or cancel) an existing target is left as it was.
QString writeTimelineAnimation(const QString& path, const TimelineRenderer::Scenes& scenes,
                               const AnimationRequest& request, const AnimationProgress& progress = {});

} // namespace loopscope::ui
