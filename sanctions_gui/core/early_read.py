"""Reading the first workbook in a second process while Qt and the window load.

From launch to its first table the window imports pandas and its core, then Qt and its
widgets, builds itself, and only then reads its workbook. On Linux, with a core to spare,
the process forks once its core is imported (before Qt, while it has a single thread, so
the child is a clean copy) and the child reads the workbook while the parent goes on
loading; the window takes the prepared dataset when it opens that file. Anything unusual
(another file, the file changed since, columns remembered for it, a failure in the child)
and the window reads the file itself, as it always does, with its own progress and
messages: the early read only saves time, it never changes what is shown.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .mapping_memory import RememberedMappings
    from .progress import CancelCheck
    from .view import Dataset

# Larger files take long enough to read that the time saved is small beside it, and they
# deserve the loader's progress and its Cancel between steps, which the child cannot give.
LARGEST_BYTES = 4 * 1024 * 1024
_POLL_S = 0.05  # how often waiting for the child looks whether the analyst cancelled


def _signature(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def one_blas_thread() -> None:
    """Before numpy is imported: ask its BLAS for no pool of threads (unless the environment
    already says how many). The app does no linear algebra worth a pool, the pool's start
    costs some 10 ms, and a process of one thread forks safely."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def can_fork() -> bool:
    """Whether a child forked now would be a clean copy with a core of its own to run on: on
    Linux, with two cores or more, in a process of one thread that has not loaded Qt (a
    test or another program embedding the window reads the file itself)."""
    return (sys.platform == "linux" and len(os.sched_getaffinity(0)) >= 2 and "PySide6" not in sys.modules
            and threading.active_count() == 1 and len(os.listdir("/proc/self/task")) == 1)


class EarlyRead:
    """A workbook being read by a forked child; `take` gives its dataset, or None."""

    def __init__(self, path: Path, pid: int, pipe: int, signature: tuple[int, int]):
        self.path, self._pid, self._pipe, self._signature = path, pid, pipe, signature

    @classmethod
    def start(cls, path: str | os.PathLike) -> EarlyRead | None:
        """Fork a child reading `path`, or None where that cannot help or would not be safe."""
        path = Path(path)
        try:
            signature = _signature(path)
        except OSError:  # missing or unreadable: the window's own read says so
            return None
        if not path.is_file() or signature[0] > LARGEST_BYTES or not can_fork():
            return None
        readable, writable = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no process to spare: the window reads the file itself
            os.close(readable)
            os.close(writable)
            return None
        if pid == 0:  # the child: read, send, and leave without running the parent's exit code
            try:
                os.close(readable)
                _read_and_send(path, writable)
            finally:
                os._exit(0)
        os.close(writable)
        return cls(path, pid, readable, signature)

    def take(self, path: Path, remembered: RememberedMappings | None = None,
             cancelled: CancelCheck | None = None) -> Dataset | None:
        """The dataset the window's loader would make of `path` with the columns `remembered`,
        or None: another path, the file changed since, columns remembered for it (the child
        read it without them), or the child failed. Waits for the child, looking every few
        hundredths of a second whether `cancelled()`."""
        if self._pipe is None or Path(path) != self.path:
            self.discard()
            return None
        chunks = []
        try:
            while True:
                if cancelled is not None and cancelled():
                    from .reading import LoadCancelled

                    self.discard()
                    raise LoadCancelled()
                ready, _, _ = select.select([self._pipe], [], [], _POLL_S)
                if ready:
                    chunk = os.read(self._pipe, 1 << 20)
                    if not chunk:
                        break
                    chunks.append(chunk)
        finally:
            self.discard()
        try:
            signature, dataset = pickle.loads(b"".join(chunks))
        except Exception:  # the child failed, or was stopped: nothing was sent whole
            return None
        try:
            unchanged = signature == self._signature == _signature(self.path)
        except OSError:
            unchanged = False
        if not unchanged or (remembered is not None and (remembered.for_file(self.path)
                                                          or remembered.for_layout(dataset.report))):
            return None
        return dataset

    def discard(self) -> None:
        """Stop the child if it still runs and let it go; safe to call twice."""
        if self._pipe is None:
            return
        os.close(self._pipe)
        self._pipe = None
        try:
            os.kill(self._pid, signal.SIGKILL)  # gone already if it sent everything
        except ProcessLookupError:
            pass
        try:
            os.waitpid(self._pid, 0)
        except ChildProcessError:
            pass


def _read_and_send(path: Path, pipe: int) -> None:
    """In the child: prepare the dataset as the window would, and send it with the file's
    size and time as they were before reading (a file changed meanwhile is read again)."""
    import warnings

    warnings.simplefilter("ignore")  # the window's own read, if it comes to that, warns once
    try:
        signature = _signature(path)
        from .opening import prepare_dataset

        dataset = prepare_dataset(path, lambda fraction, message: None, lambda: False)
        payload = pickle.dumps((signature, dataset), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # the window reads the file itself and says what went wrong
        return
    with os.fdopen(pipe, "wb") as out:
        try:
            out.write(payload)
        except BrokenPipeError:  # the window stopped waiting
            pass
