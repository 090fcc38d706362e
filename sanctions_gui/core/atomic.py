"""Writing a file so that readers see the old file or the new one, never half of either.

Every file the app writes (exports, rule files, chart images) goes through `write_atomically`:
the content is written under a temporary name in the target's folder, flushed to disk, and
moved over the target in one step. A failure or a cancel removes the temporary file and
leaves the target as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

SHARED_MODE = 0o644  # a new file is meant to be shared like any document


def write_atomically(target: str | os.PathLike, write: Callable[[IO[bytes]], None] | bytes) -> Path:
    """Write `write` (bytes, or a function given the open binary file) to `target` atomically.

    A file already at `target` keeps its permissions; a new one gets SHARED_MODE (mkstemp
    would leave it private). OSError is raised as it is, for the caller to put in words.
    """
    target = Path(target)
    descriptor, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            if isinstance(write, (bytes, bytearray)):
                handle.write(write)
            else:
                write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, target.stat().st_mode & 0o777 if target.exists() else SHARED_MODE)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target
