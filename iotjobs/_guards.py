"""Guards for values of any type reaching a builder: each turns what would be a raw ``TypeError`` or
``OverflowError`` into a `ValidationError` naming the member, or keeps the value for the builder's own check.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from iotjobs._errors import FieldError, ValidationError

__all__ = ["DOUBLE_MAX", "criteria_tuple", "lookup"]

DOUBLE_MAX = sys.float_info.max
"""The largest finite IEEE 754 double: AWS's ``double`` cannot carry an integer beyond it."""


def lookup(table: Mapping[object, Any], value: object) -> Any:
    """``table.get(value, value)``, where an unhashable value (a list, a dict) is kept as it is for the check."""
    try:
        return table.get(value, value)
    except TypeError:
        return value


def criteria_tuple(value: object, where: str, item: str) -> tuple[Any, ...]:
    """The criteria of an `Abort` or a `Retry` as a tuple; anything that is not a list of items is refused.

    A string, bytes or a mapping is iterable but never a list of criteria, so it is refused too, rather than read
    as its characters or keys.
    """
    if type(value) is tuple:
        return value
    if not isinstance(value, str | bytes | bytearray | Mapping):
        try:
            return tuple(value)  # type: ignore[arg-type]  # any object: TypeError if not iterable
        except TypeError:
            pass
    raise ValidationError(
        [FieldError("criteriaList", value, f"must be a list or tuple of {item}, not {type(value).__name__}")], where
    )
