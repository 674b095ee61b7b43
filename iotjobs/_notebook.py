"""`NotebookDisplay`: how Jupyter, IPython and ``str()`` show an iotjobs object.

The drawing lives in `iotjobs._display`, at the top of the package: it imports the classes it draws and dispatches
on their types. The classes must not import it back (the package's dependencies point one way), so they reach it
through `renderer`, which the package installs (`iotjobs/__init__.py` calls `install`) and which loads the renderer
on the first display only, so that ``import iotjobs`` does not pay for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["NotebookDisplay", "Renderer", "install", "renderer"]


class Renderer(Protocol):
    """What `iotjobs._display` offers the classes it draws."""

    def html_of(self, obj: object, /) -> str: ...

    def text_of(self, obj: object, /) -> str: ...

    def plot_preview(self, preview: Any, ax: Axes | None = None, /) -> Axes: ...


_load: Callable[[], Renderer] | None = None


def install(load: Callable[[], Renderer]) -> None:
    """Tell the displayable classes how to load the renderer (called once, by the package)."""
    global _load
    _load = load


def renderer() -> Renderer:
    """The renderer, loaded on first use."""
    if _load is None:  # pragma: no cover - iotjobs/__init__.py installs it before any class can be used
        raise RuntimeError("iotjobs' renderer is not installed: import iotjobs")
    return _load()


class NotebookDisplay:
    """Base of every class iotjobs displays: Jupyter's HTML view, IPython's text view, and ``str()``."""

    __slots__ = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # IPython takes a class's own __repr__ (attrs writes one) over an inherited _repr_pretty_: put it in the
        # class itself too.
        cls._repr_pretty_ = NotebookDisplay._repr_pretty_  # type: ignore[method-assign]

    def _repr_html_(self) -> str:
        """Jupyter's view."""
        return renderer().html_of(self)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        """IPython's view: the same text as ``str()``."""
        p.text(f"{type(self).__name__}(...)" if cycle else renderer().text_of(self))

    def __str__(self) -> str:
        """Readable text (``print(update)``); ``repr()`` stays the exact constructor-style form."""
        return renderer().text_of(self)
