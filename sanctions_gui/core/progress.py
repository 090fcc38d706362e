"""How slow core work reports progress and learns it was cancelled, without knowing about Qt."""

from collections.abc import Callable

ProgressCallback = Callable[[float, str], None]  # fraction done 0..1, what is happening
CancelCheck = Callable[[], bool]  # true once the user asked to stop


class Cancelled(Exception):
    """The user cancelled the work in progress; nothing was changed."""
