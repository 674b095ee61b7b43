"""MkDocs hook: the limits in the docs are generated from ``iotjobs.LIMITS``, so they cannot drift from the checks.

``docs/limits.md`` holds the marker ``<!-- iotjobs:limits-table -->``; this hook replaces it with one section per
botocore shape, each a table with one row per `iotjobs.Limit`, read from the same objects the validators read.
Any page may also write
``<!-- limit:ExponentialRolloutRate.incrementFactor -->`` (shape, dot, member), which becomes that member's bounds in
a few words (``1.1 to 5, at most 1 decimal place``); a reference to a limit that does not exist fails the build.

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

COLUMNS = ("member", "AWS accepts", "source of each bound", "relaxed_limits() lifts")
"""The columns of each shape's table."""

# The bounds a `Limit` can carry, in the order the table names them.
_BOUNDS = ("minimum", "maximum", "decimals", "pattern", "values")


_API_REFERENCE = "https://docs.aws.amazon.com/iot/latest/apireference/API_{}.html"
# The developer guide pages the prose-only bounds come from (their titles, as Limit.source names them, and the
# page). Both prose sources are in "Job rollout, scheduling, and abort configurations" (see the project's spec, DG-D).
_DEVELOPER_GUIDE = {
    "AWS IoT Developer Guide, Job rollout, scheduling, and abort configurations":
        "https://docs.aws.amazon.com/iot/latest/developerguide/jobs-configurations-details.html",
    "AWS IoT Developer Guide, Job configurations":
        "https://docs.aws.amazon.com/iot/latest/developerguide/jobs-configurations-details.html",
}

# Where each botocore shape sits in the UpdateJob request, and the builder that makes it (a page of these docs).
_SHAPES = {
    "UpdateJobRequest": ("", "JobUpdate", "builders.md#jobupdate"),
    "PresignedUrlConfig": ("presignedUrlConfig", "PresignedUrl", "builders.md#presigned-url"),
    "JobExecutionsRolloutConfig": ("jobExecutionsRolloutConfig", "Rollout", "builders.md#rollout"),
    "ExponentialRolloutRate": ("jobExecutionsRolloutConfig.exponentialRate", "Rollout.exponential",
                               "builders.md#rollout"),
    "RateIncreaseCriteria": ("jobExecutionsRolloutConfig.exponentialRate.rateIncreaseCriteria",
                             "Rollout.exponential", "builders.md#rollout"),
    "AbortConfig": ("abortConfig", "Abort", "builders.md#abort"),
    "AbortCriteria": ("abortConfig.criteriaList[i]", "AbortCriterion", "builders.md#abort"),
    "TimeoutConfig": ("timeoutConfig", "Timeout", "builders.md#timeout"),
    "JobExecutionsRetryConfig": ("jobExecutionsRetryConfig", "Retry", "builders.md#retry"),
    "RetryCriteria": ("jobExecutionsRetryConfig.criteriaList[i]", "RetryCriterion", "builders.md#retry"),
}


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


def in_words(limit: Limit) -> str:
    """All of a limit's bounds in a few words (`iotjobs.Limit.bounds_in_words`), literals as code."""
    return limit.bounds_in_words(_code)


def _api_page(shape: str) -> str:
    return _API_REFERENCE.format("UpdateJob" if shape == "UpdateJobRequest" else shape)


def source_link(source: str, shape: str = "") -> str:
    """A `Limit` source as Markdown: a link to the AWS page where one is known, to the decisions for ours.

    In the section of ``shape``, whose API Reference page its heading links, that page is just "API Reference".
    """
    if source.startswith("iotjobs decision"):
        return f"[iotjobs decision](#decisions){source.removeprefix('iotjobs decision')}"
    if source.startswith("AWS IoT API Reference, "):
        page, _, detail = source.removeprefix("AWS IoT API Reference, ").partition(" ")
        own = page == shape or (page == "UpdateJob" and shape == "UpdateJobRequest")
        text = "API Reference" if own else f"API Reference, {page}"
        return f"[{text}]({_API_REFERENCE.format(page)}){' ' + detail if detail else ''}"
    for title, url in _DEVELOPER_GUIDE.items():
        if source.startswith(title):
            return f"[{title.removeprefix('AWS IoT ')}]({url}){source.removeprefix(title)}"
    return source


def sources_text(limit: Limit) -> str:
    """The document each bound comes from; one line when they all share one, else one line per document."""
    by_source: dict[str, list[str]] = {}
    for bound in bounds_of(limit):
        by_source.setdefault(limit.source_of(bound), []).append(bound)
    if not by_source:
        return source_link(limit.source, limit.shape)
    if len(by_source) == 1:
        return source_link(next(iter(by_source)), limit.shape)
    return "<br>".join(
        f"{', '.join(bounds)}: {source_link(source, limit.shape)}" for source, bounds in by_source.items()
    )


def relaxable_text(limit: Limit) -> str:
    """The bounds `iotjobs.relaxed_limits` lifts, or ``no``."""
    lifted = [bound for bound in bounds_of(limit) if limit.relaxable(bound)]
    return ", ".join(lifted) if lifted else "no"


def limit_row(limit: Limit) -> tuple[str, ...]:
    """The cells of one table row, in the order of `COLUMNS`."""
    accepts = in_words(limit)
    if limit.note:
        accepts += f"<br>*{limit.note}*"
    # The span keeps the member name on one line (docs/css/extra.css): "maximumPerMinute", never "maximumPerM / inute".
    member = f'<span class="limit-member">{_code(limit.member)}</span><br>{limit.type}'
    return (member, accepts, sources_text(limit), relaxable_text(limit))


def shapes(limits: tuple[Limit, ...] = LIMITS) -> dict[str, list[Limit]]:
    """The limits grouped by botocore shape, the shapes in the order they first appear in ``limits``."""
    grouped: dict[str, list[Limit]] = {}
    for limit in limits:
        grouped.setdefault(limit.shape, []).append(limit)
    return grouped


def limits_table(limits: tuple[Limit, ...] = LIMITS) -> str:
    """The limits as Markdown: one section per botocore shape, each with a table of one row per `Limit`."""
    sections = []
    for shape, members in shapes(limits).items():
        lines = [f"### {shape}", ""]
        where = [f"[API Reference]({_api_page(shape)})"]
        if shape in _SHAPES:
            path, builder, page = _SHAPES[shape]
            place = f"in the request: {_code(path)}" if path else "the members of the request itself"
            where[:0] = [place[0].upper() + place[1:], f"built by [`{builder}`]({page})"]
        lines += [" · ".join(where), ""]
        lines.append("| " + " | ".join(COLUMNS) + " |")
        lines.append("|" + "---|" * len(COLUMNS))
        lines.extend("| " + " | ".join(_cell(cell) for cell in limit_row(limit)) + " |" for limit in members)
        sections.append("\n".join(lines))
    return "\n\n".join(sections)


def summary(limit: Limit) -> str:
    """A limit's bounds in a few words, for a table cell elsewhere in the docs: `in_words`."""
    return in_words(limit)


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
