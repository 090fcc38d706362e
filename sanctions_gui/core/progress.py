"""How slow core work reports progress and learns it was cancelled, without knowing about Qt."""

from collections.abc import Callable

ProgressCallback = Callable[[float, str], None]  # fraction done 0..1, what is happening
CancelCheck = Callable[[], bool]  # true once the user asked to stop


class Cancelled(Exception):
    """The user cancelled the work in progress; nothing was changed."""


def stepper(progress: ProgressCallback | None, cancelled: CancelCheck | None,
            stop: type[Cancelled] = Cancelled) -> ProgressCallback:
    """One call per step of slow work: stop there if the user cancelled, else report progress."""

    def step(fraction: float, message: str) -> None:
        if cancelled is not None and cancelled():
            raise stop()
        if progress is not None:
            progress(fraction, message)

    return step
