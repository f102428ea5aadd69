#pragma once
// Recordings as files (docs/RECORDING.md is the format's description for other readers).
//
// A 40-byte header (magic, format version, sizes, checksums) and a zlib stream of the payload:
// the run's description, then per variant its string, task and object tables and its 24-byte
// events. Loading checks everything before anything is used: the header, the sizes, the payload's
// CRC-32, every length against the bytes left, and every reference an event makes (a task, a
// string, an object, an enum) against the tables. A file that fails a check is refused with one
// line saying which check and why; nothing from it is kept.
//
// Encoding and decoding work on bytes in memory; writing them to disk (atomically) is the
// caller's: the app and the command line use ui/exportfile's writeExport.

#include "recording.h"

#include <string>
#include <string_view>

namespace loopscope {

constexpr std::uint32_t kRecordingFormatVersion = 1;
constexpr std::size_t kRecordingHeaderSize = 40;

// The whole file's bytes.
std::string encodeRecording(const Recording& recording);
// The same for runs held elsewhere (a player that keeps showing them while it saves).
std::string encodeRecording(const RecordingInfo& info, const std::vector<const RecordedRun*>& runs);

// Reads a file's bytes into `out`. Returns "" on success, else the reason it was refused
// ("truncated: …", "damaged: …", "made by a newer Loopscope…", "not a Loopscope recording").
std::string decodeRecording(std::string_view bytes, Recording& out);

// For tests that build files around a payload of their own (the loader's fuzz test): the header
// and compressed stream around `payload`, with correct sizes and checksums.
std::string wrapRecordingPayload(std::string_view payload);
// The payload of a file that passes the header and checksum checks ("" with `error` otherwise).
std::string unwrapRecordingPayload(std::string_view bytes, std::string& error);

} // namespace loopscope
