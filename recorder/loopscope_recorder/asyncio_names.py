"""asyncio's names as they were when the recorder was imported, for the recorder's own use.

A program shares the asyncio module with the recorder and may rebind its names (`asyncio.Task =
None` at top level, a shim of its own for asyncio.sleep): the recorder's loop must go on
recognising asyncio's tasks and futures whatever the program did to the module. The submodules
(asyncio.tasks, asyncio.locks...) are the same module objects; only the package's names are
copied. What the recorder patches into asyncio on purpose it patches on the real module.
"""

import asyncio as _module
import types

asyncio = types.SimpleNamespace(**vars(_module))
