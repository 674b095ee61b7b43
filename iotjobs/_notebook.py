"""`NotebookDisplay`: how Jupyter and IPython show a config builder (the rendering lives in `iotjobs._display`)."""

from __future__ import annotations

from typing import Any

__all__ = ["NotebookDisplay"]


class NotebookDisplay:
    """Base of the config builders: Jupyter's and IPython's views of the AWS members a builder sends.

    The renderer is imported on first display, so that ``import iotjobs`` does not pay for it.
    """

    __slots__ = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # IPython takes a class's own __repr__ (attrs writes one) over an inherited _repr_pretty_: put it in the
        # class itself too.
        cls._repr_pretty_ = NotebookDisplay._repr_pretty_  # type: ignore[method-assign]

    def _repr_html_(self) -> str:
        """Jupyter's view: a table of the AWS members sent, their values and the Python attributes."""
        from iotjobs._display import builder_html

        return builder_html(self)  # type: ignore[arg-type]

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        """IPython's view: the AWS members sent and their values."""
        from iotjobs._display import builder_text

        p.text(f"{type(self).__name__}(...)" if cycle else builder_text(self))  # type: ignore[arg-type]
