"""Write a file so that nobody ever sees half of it: a temporary file beside it, then a rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO


def write_atomically(target: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Call `write` on a temporary file in the target's folder, then move it into place.

    The file keeps the target's permissions if it exists, else gets the usual 0o644 (mkstemp
    makes it private). Any failure, or an exception from `write` such as a cancel, removes
    the temporary and leaves the target as it was; OSError is raised as it came.
    """
    descriptor, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
