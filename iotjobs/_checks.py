"""Small checks that record problems instead of failing fast, and the `relaxed_limits` escape hatch.

A builder creates one `Problems`, runs every check of its members through it, then calls
`Problems.raise_if_any`, so a user sees every problem of one call at once. Each check first tries a cheap
"all valid" test and only works out a message when the value is wrong.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from typing import Any

from iotjobs._errors import FieldError, ValidationError
from iotjobs._guards import DOUBLE_MAX
from iotjobs._limits import TYPE_MAX, Limit, counted, decimals_in_words, format_bound
from iotjobs._relaxed import is_relaxed, relaxed_limits

__all__ = ["Problems", "fits_int", "fits_number", "fits_str", "pattern_predicate", "relaxed_limits"]




def _type_name(value: object) -> str:
    return type(value).__name__


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    # ``\p{C}`` (Unicode category "other") is the only property class the model uses; ``re`` has none.
    return re.compile(pattern)


def _no_category_c(text: str) -> bool:
    # str.isprintable() is False for every category C character (and for some spaces), so it is a fast path.
    return text.isprintable() or all(unicodedata.category(ch)[0] != "C" for ch in text)


def _pattern_ok(text: str, pattern: str) -> bool:
    return pattern_predicate(pattern)(text)


_TAG_KEY = r"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$"


@cache
def pattern_predicate(pattern: str) -> Callable[[str], bool]:
    """A test that a whole string matches ``pattern`` (as botocore's model writes it)."""
    if pattern == r"[^\p{C}]+":
        return lambda text: bool(text) and _no_category_c(text)
    if pattern == r"[\p{Upper}\p{Digit}_]+":  # CancelJob reasonCode: Java's POSIX classes are ASCII
        pattern = "[A-Z0-9_]+"
    if pattern == _TAG_KEY:  # a tag key (botocore TagKey): letters, separators, digits and _.:/=+-@
        return lambda text: all(ch in "_.:/=+-@" or unicodedata.category(ch)[0] in "LZN" for ch in text)
    fullmatch = _compiled(pattern).fullmatch
    return lambda text: fullmatch(text) is not None


_PATTERN_WORDS = {
    "[a-zA-Z0-9_-]+": "only ASCII letters, digits, '-' and '_'",
    r"[^\p{C}]+": "no control or format characters (Unicode category C, e.g. a newline or a tab)",
    r"[\p{Upper}\p{Digit}_]+": "only ASCII upper-case letters, digits and '_'",
    _TAG_KEY: "only letters, digits, spaces and _ . : / = + - @",
}


def _decimals_example(value: float, limit: Limit, decimals: int) -> str:
    """The value cut to ``decimals`` places, or rounded away from zero when the cut value is out of range
    (0.001 with a minimum above 0 suggests 0.01, not 0)."""
    scale = 10**decimals
    example = math.trunc(value * scale) / scale
    if not limit.lo <= example <= limit.hi:
        example = math.ceil(value * scale) / scale if value > 0 else math.floor(value * scale) / scale
    return format_bound(example)





# -- the fast path: cheap tests that a value is valid under the strict limits ---------------------------------
# A builder first asks these; only when one says no does it run the collecting checks of `Problems`, which word
# the message (and, inside `relaxed_limits`, may still accept the value).


def fits_int(value: object, limit: Limit) -> bool:
    """Whether ``value`` is an ``int`` (not a ``bool``) within the limit's strict range."""
    return type(value) is int and limit.lo <= value <= limit.hi


def fits_number(value: object, limit: Limit) -> bool:
    """Whether ``value`` is an ``int`` or ``float`` within the limit's strict range and decimal places."""
    return (
        (type(value) is float or type(value) is int)
        and limit.lo <= value <= limit.hi
        and (limit.decimals is None or round(value, limit.decimals) == value)
    )


def fits_str(value: object, limit: Limit) -> bool:
    """Whether ``value`` is a ``str`` within the limit's lengths and matching its pattern."""
    return (
        type(value) is str
        and limit.lo <= len(value) <= limit.hi
        and (limit.pattern is None or _pattern_ok(value, limit.pattern))
    )


class Problems:
    """Collects `FieldError`s for one call; `raise_if_any` raises them together as one `ValidationError`."""

    __slots__ = ("errors", "relaxed", "strict_keys")

    def __init__(self, *, strict_keys: bool = True) -> None:
        self.errors: list[FieldError] = []
        self.relaxed = is_relaxed()
        # Requests reject unknown members; responses ignore them (AWS may add members at any time).
        self.strict_keys = strict_keys

    def add(self, path: str, value: object, message: str, limit: Limit | None = None) -> None:
        """Record one problem."""
        self.errors.append(FieldError(path, value, message, limit))

    def extend(self, error: ValidationError, prefix: str = "") -> None:
        """Record the problems of a nested builder's `ValidationError`, their paths put under ``prefix``."""
        self.errors.extend(e.with_prefix(prefix) for e in error.errors)

    def raise_if_any(self, where: str) -> None:
        """Raise one `ValidationError` naming ``where`` (``Rollout.exponential``) if anything was recorded."""
        if self.errors:
            raise ValidationError(self.errors, where)

    # -- bounds -------------------------------------------------------------------------------------------

    def _bounds(self, path: str, value: object, measured: float, limit: Limit, unit: str = "") -> None:
        """Record the bounds ``measured`` (the value, a length or an item count) violates."""
        relaxed = self.relaxed
        lo, hi = limit.minimum, limit.maximum
        have = f", not {format_bound(measured)}" if unit else ""

        if lo is not None and not (relaxed and limit.relaxable("minimum")):
            if limit.exclusive_minimum and measured <= lo:
                self.add(path, value, f"must be greater than {counted(lo, unit)} ({limit.source_of('minimum')})", limit)
            elif measured < lo:
                source = limit.source_of("minimum")
                self.add(path, value, f"must be at least {counted(lo, unit)}{have} ({source})", limit)
        if hi is not None and measured > hi and not (relaxed and limit.relaxable("maximum")):
            self.add(path, value, f"must be at most {counted(hi, unit)}{have} ({limit.source_of('maximum')})", limit)

    # -- typed checks -------------------------------------------------------------------------------------

    def integer(self, path: str, value: object, limit: Limit) -> None:
        """An AWS ``integer``/``long``: an ``int`` (not a ``bool``, not a ``float``) within the limit's bounds
        and within the type's own range (32 or 64 bits), which no relaxing lifts."""
        if fits_int(value, limit):
            return
        if not isinstance(value, int) or isinstance(value, bool):
            self.add(path, value, f"must be an integer (AWS type {limit.type}), not {_type_name(value)}", limit)
            return
        type_max = TYPE_MAX[limit.type]
        if value > type_max:
            bits = 32 if limit.type == "integer" else 64
            self.add(path, value, f"must be at most {type_max} (AWS type {limit.type} is a {bits}-bit integer)", limit)
            return
        self._bounds(path, value, value, limit)

    def number(self, path: str, value: object, limit: Limit) -> None:
        """An AWS ``double``: an ``int`` or a finite ``float`` within bounds and decimal places."""
        if fits_number(value, limit):
            return
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.add(path, value, f"must be a number (AWS type {limit.type}), not {_type_name(value)}", limit)
            return
        if isinstance(value, int) and not -DOUBLE_MAX <= value <= DOUBLE_MAX:
            self.add(path, value, f"must fit in a double (AWS type {limit.type}): at most {DOUBLE_MAX!r}", limit)
            return
        if isinstance(value, float) and not math.isfinite(value):
            self.add(path, value, "must be a finite number (AWS JSON has no NaN or infinity)", limit)
            return
        before = len(self.errors)
        self._bounds(path, value, value, limit)
        decimals = limit.decimals
        # Out of range already says what to do; the decimal places only matter for a value in range.
        if len(self.errors) == before and decimals is not None and round(value, decimals) != value and not (
            self.relaxed and limit.relaxable("decimals")
        ):
            self.add(
                path, value,
                f"AWS IoT accepts at most {decimals_in_words(decimals)} after the decimal point "
                f"(e.g. {_decimals_example(value, limit, decimals)}) ({limit.source_of('decimals')})",
                limit,
            )

    def string(self, path: str, value: object, limit: Limit) -> None:
        """An AWS ``string``: a ``str`` within the limit's lengths, matching its pattern."""
        if not isinstance(value, str):
            self.add(path, value, f"must be a string, not {_type_name(value)}", limit)
            return
        value = str(value)  # a str subclass is checked as the plain string it is sent as
        if fits_str(value, limit):
            return
        length = len(value)
        before = len(self.errors)
        self._bounds(path, value, length, limit, unit=" characters long")
        pattern = limit.pattern
        if len(self.errors) == before and pattern is not None and not _pattern_ok(value, pattern) and not (
            self.relaxed and limit.relaxable("pattern")
        ):
            words = _PATTERN_WORDS.get(pattern)
            words = f"may contain {words}" if words else f"must match the pattern {pattern}"
            self.add(path, value, f"{words} ({limit.source_of('pattern')})", limit)

    def count(self, path: str, items: tuple[Any, ...], limit: Limit) -> None:
        """An AWS ``list``: its number of items within the limit's bounds."""
        if not limit.lo <= len(items) <= limit.hi:
            self._bounds(path, list(items), len(items), limit, unit=" items")

    def member(self, path: str, value: object, limit: Limit) -> None:
        """An AWS enum: ``value`` is one of the limit's values (a ``str`` Enum member is its value)."""
        if value in limit.values:
            return
        self.add(path, value, f"must be one of {', '.join(limit.values)} ({limit.source})", limit)
