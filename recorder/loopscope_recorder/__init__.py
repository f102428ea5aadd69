"""Loopscope's Python recorder: runs an unmodified asyncio program on CPython and writes what its
event loop did as a Loopscope recording (docs/RECORDING.md).

    python3 -m loopscope_recorder [-o OUT.loopscope] [--real-time] PROGRAM.py [ARGS...]
    python3 -m loopscope_recorder.verify [--events] FILE.loopscope...
"""
