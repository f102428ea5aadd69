#pragma once
// Recordings of lesson runs as files, for the window and the command line alike: what a run's
// recording holds besides its traces (the lesson, the parameters as typed, the listing's text),
// saving it atomically through ui/exportfile, and opening it again with every check of
// core/recordingfile plus the lesson's own validation of its parameters.

#include "core/recording.h"
#include "lessons/lesson.h"

#include <QString>

#include <vector>

namespace loopscope::app {

// The description of a run of `lesson` at `params`; the listing's text is the one shipped.
RecordingInfo lessonRecordingInfo(const lessons::Lesson& lesson, const lessons::Params& params, ClockKind clock);

// Writes the recording to `path` ("-" for standard output). Returns "" or one line saying why not;
// an existing file is replaced only once the new one is complete.
QString saveRecording(const QString& path, const RecordingInfo& info, const std::vector<const RecordedRun*>& runs);
QString saveRecording(const QString& path, const Recording& recording);

// An opened recording: of a lesson this Loopscope knows, with its parameters read back, or of a
// Python program (recorded by loopscope_recorder: no lesson id), with `lesson` null.
struct OpenedRecording
{
    Recording recording;
    const lessons::Lesson* lesson = nullptr;
    lessons::Params params;
    bool isProgram() const { return lesson == nullptr; }
};

// Reads and checks `path`. Returns "" or one line: "cannot open recording FILE: why".
QString openRecording(const QString& path, OpenedRecording& out);

// The file-name filter of open and save dialogs.
QString recordingFileFilter();

} // namespace loopscope::app
