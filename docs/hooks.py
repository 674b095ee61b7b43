"""MkDocs hook: the limits in the docs are generated from ``iotjobs.LIMITS``, so they cannot drift from the checks.

``docs/limits.md`` holds the marker ``<!-- iotjobs:limits-table -->``; this hook replaces it with one table row per
`iotjobs.Limit`, read from the same objects the validators read. Any page may also write
``<!-- limit:ExponentialRolloutRate.incrementFactor -->`` (shape, dot, member), which becomes that member's bounds in
a few words (``1.1–5, at most 1 decimal place``); a reference to a limit that does not exist fails the build.

Code samples are not this hook's business: ``pymdownx.snippets`` pulls them from the section markers of the
``examples/`` modules (see ``mkdocs.yml``).

Registered in ``mkdocs.yml`` under ``hooks:``; the functions below are also imported by ``tests/test_docs.py``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NoReturn

from iotjobs import LIMITS, Limit

if TYPE_CHECKING:  # mkdocs is needed only to build the site; the tests import this module without it
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

MARKER = "<!-- iotjobs:limits-table -->"
"""Where the generated table goes in ``limits.md``."""

LIMITS_PAGE = "limits.md"

INLINE = re.compile(r"<!-- limit:(?P<shape>\w+)\.(?P<member>[^>]+?) -->")
"""An inline reference to one limit's bounds: ``<!-- limit:Shape.member -->``."""

COLUMNS = (
    "AWS member", "shape", "type", "range", "decimals", "pattern / values", "source of each bound", "relaxable",
    "note",
)

# The bounds a `Limit` can carry, in the order the table names them.
_BOUNDS = ("minimum", "maximum", "decimals", "pattern", "values")

_UNITS = {"string": ("character", "characters"), "list": ("item", "items")}


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _cell(text: str) -> str:
    """Make ``text`` safe inside one Markdown table cell."""
    return text.replace("|", r"\|").replace("\n", " ")


def _code(text: str) -> str:
    return f"`{text}`"


def bounds_of(limit: Limit) -> tuple[str, ...]:
    """The bounds ``limit`` actually sets (``minimum``, ``maximum``, ``decimals``, ``pattern``, ``values``)."""
    present = {
        "minimum": limit.minimum is not None,
        "maximum": limit.maximum is not None,
        "decimals": limit.decimals is not None,
        "pattern": limit.pattern is not None,
        "values": bool(limit.values),
    }
    return tuple(bound for bound in _BOUNDS if present[bound])


def range_text(limit: Limit) -> str:
    """``1–1000``, ``> 0 and ≤ 100``, ``1–64 characters``, ``≥ 1 item``, or ``—`` when unbounded."""
    lo, hi = limit.minimum, limit.maximum
    one, many = _UNITS.get(limit.type, ("", ""))
    unit = ""
    if many:
        unit = f" {one}" if (hi if hi is not None else lo) == 1 else f" {many}"
    if lo is not None and hi is not None:
        if limit.exclusive_minimum:
            return f"> {_number(lo)} and ≤ {_number(hi)}{unit}"
        return f"{_number(lo)}–{_number(hi)}{unit}"
    if lo is not None:
        return f"{'>' if limit.exclusive_minimum else '≥'} {_number(lo)}{unit}"
    if hi is not None:
        return f"≤ {_number(hi)}{unit}"
    return "—"


def sources_text(limit: Limit) -> str:
    """The document each bound comes from; one line when they all share one, else one line per document."""
    by_source: dict[str, list[str]] = {}
    for bound in bounds_of(limit):
        by_source.setdefault(limit.source_of(bound), []).append(bound)
    if not by_source:
        return limit.source
    if len(by_source) == 1:
        return next(iter(by_source))
    return "<br>".join(f"{', '.join(bounds)}: {source}" for source, bounds in by_source.items())


def relaxable_text(limit: Limit) -> str:
    """The bounds `iotjobs.relaxed_limits` lifts, or ``no``."""
    lifted = [bound for bound in bounds_of(limit) if limit.relaxable(bound)]
    return ", ".join(lifted) if lifted else "no"


def limit_row(limit: Limit) -> tuple[str, ...]:
    """The cells of one table row, in the order of `COLUMNS`."""
    if limit.pattern is not None:
        allowed = _code(limit.pattern)
    elif limit.values:
        allowed = ", ".join(_code(value) for value in limit.values)
    else:
        allowed = "—"
    return (
        _code(limit.member),
        limit.shape,
        limit.type,
        range_text(limit),
        str(limit.decimals) if limit.decimals is not None else "—",
        allowed,
        sources_text(limit),
        relaxable_text(limit),
        limit.note or "—",
    )


def limits_table(limits: tuple[Limit, ...] = LIMITS) -> str:
    """The Markdown table of ``limits``: a header and one row per `Limit`, in the table's order."""
    lines = [
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    lines.extend("| " + " | ".join(_cell(cell) for cell in limit_row(limit)) + " |" for limit in limits)
    return "\n".join(lines)


def summary(limit: Limit) -> str:
    """A limit's bounds in a few words, for a table cell: ``1.1–5, at most 1 decimal place``."""
    parts = [] if range_text(limit) == "—" else [range_text(limit)]
    if limit.decimals is not None:
        parts.append(f"at most {limit.decimals} decimal place{'' if limit.decimals == 1 else 's'}")
    if limit.pattern is not None:
        parts.append(f"pattern {_code(limit.pattern)}")
    if limit.values:
        parts.append("one of " + ", ".join(_code(value) for value in limit.values))
    return ", ".join(parts) or "—"


def find_limit(shape: str, member: str, limits: tuple[Limit, ...] = LIMITS) -> Limit:
    """The `Limit` of ``member`` in ``shape``; `KeyError` if the table has none."""
    for limit in limits:
        if limit.shape == shape and limit.member == member:
            return limit
    raise KeyError(f"{shape}.{member}")


def _fail(message: str) -> NoReturn:
    """Stop the build with ``message``."""
    from mkdocs.exceptions import PluginError

    raise PluginError(message)


def render(markdown: str, src_uri: str) -> str:
    """Replace the limits markers of one page's Markdown (``src_uri``: its path under ``docs/``)."""
    if MARKER in markdown:
        markdown = markdown.replace(MARKER, limits_table())
    elif src_uri == LIMITS_PAGE:
        _fail(f"{LIMITS_PAGE} lost its marker {MARKER}: the limits table would be missing")

    def inline(match: re.Match[str]) -> str:
        try:
            limit = find_limit(match["shape"], match["member"])
        except KeyError:
            _fail(f"{src_uri}: {match[0]} names no limit in iotjobs.LIMITS")
        return _cell(summary(limit))

    return INLINE.sub(inline, markdown)


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put the generated limits in place of the markers (and insist the limits page has its table)."""
    return render(markdown, page.file.src_uri)
