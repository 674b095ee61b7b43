"""The documentation site cannot drift from the code.

* The API reference renders every public name: each module's ``:::`` block is there and no mkdocstrings option
  filters a name of its ``__all__`` out (and, when mkdocs is installed, the built page has an anchor for each).
* The limits table is generated from ``iotjobs.LIMITS`` and covers every `Limit`, with each bound's source.
* Every code sample the docs include exists, section markers and all, and every example module is shown.
* Every Python sample of README.md and docs/*.md runs as a reader sees it (the ``--8<--`` includes expanded), the
  samples of a page in order, in one namespace, as a reader pastes them into one session; a ``>>>`` session
  (```` ```pycon ````, or a ```` ```python ```` block starting with ``>>>``) must print what it shows (doctest).
  The samples run with sybil; the ones that need AWS use the local endpoint, ``iotjobs.testing.local_iot()``.
"""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import itertools
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from iotjobs import LIMITS
from iotjobs._limits import format_bound

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MKDOCS_YML = ROOT / "mkdocs.yml"
REFERENCE = DOCS / "reference.md"

# The modules whose public names (their __all__) the API reference must render.
PUBLIC_MODULES = ("iotjobs", "iotjobs.testing", "iotjobs.testing.strategies")

# Pages whose samples are not run here, and why.
NOT_RUN = {
    "cli.md": "owned by the command line's docs; its SDK sample calls JobsClient() against AWS",
}

# Pages the layout checks below leave to their owners for now (docs/cli.md is written with the command line; its
# table at line 62 has an empty first header). Drop a name once its page passes.
LAYOUT_NOT_CHECKED = {"cli.md"}

SNIPPET = re.compile(r'^\s*--8<-- "(?P<path>[^":]+)(?::(?P<section>[\w-]+))?"\s*$', re.M)
DIRECTIVE = re.compile(r"^::: (?P<identifier>[\w.]+)\n(?P<options>(?:[ ]{4}.*\n|\n)*)", re.M)


def _hooks() -> ModuleType:
    """``docs/hooks.py``, the MkDocs hook (it needs iotjobs, not mkdocs)."""
    spec = importlib.util.spec_from_file_location("iotjobs_docs_hooks", DOCS / "hooks.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pages() -> list[Path]:
    return sorted(DOCS.glob("*.md"))


class _MkDocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose ``!relative`` tag (MkDocs' path relative to the config file) is kept as text."""


_MkDocsLoader.add_constructor("!relative", lambda loader, node: str(node.value))


def _config() -> dict[str, Any]:
    config: dict[str, Any] = yaml.load(MKDOCS_YML.read_text(encoding="utf-8"), Loader=_MkDocsLoader)
    return config


def _global_options() -> dict[str, Any]:
    config = _config()
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "mkdocstrings" in plugin:
            options: dict[str, Any] = plugin["mkdocstrings"]["handlers"]["python"].get("options", {})
            return options
    raise AssertionError("mkdocs.yml has no mkdocstrings plugin")


def _directives() -> dict[str, dict[str, Any]]:
    """Each ``::: identifier`` of the reference page, with its options merged over the global ones."""
    found: dict[str, dict[str, Any]] = {}
    for match in DIRECTIVE.finditer(REFERENCE.read_text(encoding="utf-8")):
        local = yaml.safe_load(match["options"]) if match["options"].strip() else {}
        found[match["identifier"]] = {**_global_options(), **(local or {}).get("options", {})}
    return found


def _kept(name: str, filters: list[str] | str | None) -> bool:
    """Whether mkdocstrings-python's ``filters`` keep the member ``name`` (``"!regex"`` excludes)."""
    if filters is None:
        filters = ["!^_[^_]"]  # mkdocstrings-python's default
    if filters == "public":
        return True  # the names of __all__ are public by definition
    assert isinstance(filters, list)
    positive = [f for f in filters if not f.startswith("!")]
    if any(re.search(f[1:], name) for f in filters if f.startswith("!")):
        return False
    return not positive or any(re.search(f, name) for f in positive)


class TestReference:
    @pytest.mark.parametrize("module_name", PUBLIC_MODULES)
    def test_every_public_name_is_in_scope(self, module_name: str) -> None:
        """The module has a ``:::`` block, and neither ``members`` nor ``filters`` leaves a public name out."""
        options = _directives().get(module_name)
        assert options is not None, f"docs/reference.md has no '::: {module_name}'"
        names: list[str] = list(importlib.import_module(module_name).__all__)
        members = options.get("members")
        if isinstance(members, list):
            assert set(names) <= set(members), f"members omits {sorted(set(names) - set(members))}"
        else:
            assert members in (None, True), f"members: {members!r} renders nothing"
        left_out = [name for name in names if not _kept(name, options.get("filters"))]
        assert not left_out, f"filters leave out {left_out}"

    @pytest.mark.parametrize("module_name", PUBLIC_MODULES)
    def test_griffe_sees_every_public_name(self, module_name: str) -> None:
        """mkdocstrings' loader (griffe) finds every name of ``__all__``, the lazily imported ones too."""
        griffe: Any = pytest.importorskip("griffe")
        loaded = griffe.load(module_name, search_paths=[str(ROOT)])
        names: list[str] = list(importlib.import_module(module_name).__all__)
        assert [name for name in names if name not in loaded.members] == []


class TestLimitsTable:
    def test_one_section_per_shape_one_row_per_limit(self) -> None:
        """Each shape has a heading and a table; each `Limit` is one row, under its own shape, in the table's order."""
        hooks = _hooks()
        text = hooks.limits_table()
        shapes = list(dict.fromkeys(limit.shape for limit in LIMITS))
        assert re.findall(r"^### (\w+)$", text, re.M) == shapes
        rows = [line for line in text.splitlines() if line.startswith("| <span")]
        assert len(rows) == len(LIMITS)
        for shape, section in zip(shapes, re.split(r"^### \w+$", text, flags=re.M)[1:], strict=True):
            members = [limit for limit in LIMITS if limit.shape == shape]
            assert re.findall(r"^\| <span[^>]*>`([^`]+)`", section, re.M) == [limit.member for limit in members]
            assert section.count("\n|---") == 1

    def test_columns_fit_a_laptop_screen(self) -> None:
        """At most four columns, so that each reads at 1280 px (nine were squeezed out of shape)."""
        assert len(_hooks().COLUMNS) <= 4

    @pytest.mark.parametrize("limit", LIMITS, ids=lambda limit: f"{limit.shape}.{limit.member}")
    def test_row_names_each_bound_and_its_source(self, limit: Any) -> None:
        """A row shows the bounds in words, the document each comes from, and which ones relaxed_limits() lifts."""
        hooks = _hooks()
        row = hooks.limit_row(limit)
        assert len(row) == len(hooks.COLUMNS)
        member, accepts, sources, lifted = row
        assert f"`{limit.member}`" in member
        assert limit.type in member
        for bound in hooks.bounds_of(limit):
            assert hooks.source_link(limit.source_of(bound), limit.shape) in sources
        for number in (limit.minimum, limit.maximum):
            if number is not None:
                assert re.search(rf"(?<![\d.]){re.escape(format_bound(number))}(?![\d.])", accepts)
        if limit.decimals is not None:
            assert "after the decimal point" in accepts
        if limit.pattern is not None:
            assert f"`{limit.pattern}`" in accepts
        for value in limit.values:
            assert f"`{value}`" in accepts
        if limit.note:
            assert limit.note in accepts
        relaxed = [bound for bound in hooks.bounds_of(limit) if limit.relaxable(bound)]
        assert lifted == (", ".join(relaxed) if relaxed else "no")

    @pytest.mark.parametrize(
        ("source", "shape", "link"),
        [
            ("AWS IoT API Reference, ExponentialRolloutRate", "ExponentialRolloutRate",
             "[API Reference](https://docs.aws.amazon.com/iot/latest/apireference/API_ExponentialRolloutRate.html)"),
            ("AWS IoT API Reference, UpdateJob", "RetryCriteria",
             "[API Reference, UpdateJob](https://docs.aws.amazon.com/iot/latest/apireference/API_UpdateJob.html)"),
            ("AWS IoT API Reference, AbortCriteria (member description)", "AbortCriteria",
             "[API Reference](https://docs.aws.amazon.com/iot/latest/apireference/API_AbortCriteria.html)"
             " (member description)"),
            ("iotjobs decision (why)", "AbortCriteria", "[iotjobs decision](#decisions) (why)"),
            ("AWS IoT Developer Guide, Job configurations (job timeouts)", "TimeoutConfig",
             "[Developer Guide, Job configurations](https://docs.aws.amazon.com/iot/latest/developerguide/"
             "jobs-configurations-details.html) (job timeouts)"),
            ("A document with no known page", "TimeoutConfig", "A document with no known page"),
        ],
    )
    def test_source_links(self, source: str, shape: str, link: str) -> None:
        """A source links the AWS page where one is known; in its own shape's section the API page is short."""
        assert _hooks().source_link(source, shape) == link

    @pytest.mark.parametrize(
        ("fields", "words"),
        [
            ({"type": "string", "minimum": 1, "maximum": 64, "pattern": "[a-z]+"},
             "1 to 64 characters, matching `[a-z]+`"),
            ({"type": "double", "minimum": 0, "maximum": 100, "exclusive_minimum": True, "decimals": 2},
             "more than 0 and at most 100, at most two digits after the decimal point"),
            ({"type": "list", "minimum": 1}, "at least 1 item"),
            ({"type": "integer", "maximum": 10}, "at most 10"),
            ({"type": "double", "minimum": 1.1, "maximum": 5, "decimals": 1},
             "1.1 to 5, at most one digit after the decimal point"),
            ({"type": "enum", "values": ("CANCEL",)}, "only `CANCEL`"),
            ({"type": "enum", "values": ("FAILED", "ALL")}, "one of `FAILED`, `ALL`"),
        ],
    )
    def test_in_words(self, fields: dict[str, Any], words: str) -> None:
        """A limit's bounds read as a phrase: no symbols to decode."""
        from iotjobs import Limit

        limit = Limit(member="m", shape="S", source="AWS IoT API Reference, S", **fields)
        assert _hooks().in_words(limit) == words

    def test_limits_page_has_the_marker(self) -> None:
        """docs/limits.md keeps the marker the hook replaces (the build fails without it, too)."""
        hooks = _hooks()
        assert hooks.MARKER in (DOCS / hooks.LIMITS_PAGE).read_text(encoding="utf-8")
        assert hooks.limits_table() in hooks.render(hooks.MARKER, hooks.LIMITS_PAGE)

    def test_inline_limits_name_real_limits(self) -> None:
        """Every ``<!-- limit:Shape.member -->`` in the docs names a `Limit` of the table."""
        hooks = _hooks()
        for page in _pages():
            for match in hooks.INLINE.finditer(page.read_text(encoding="utf-8")):
                hooks.find_limit(match["shape"], match["member"])  # KeyError names the missing one


class TestSamples:
    def test_snippets_exist(self) -> None:
        """Every ``--8<-- "file:section"`` names a file with that section's start and end markers."""
        count = 0
        for page in _pages():
            for match in SNIPPET.finditer(page.read_text(encoding="utf-8")):
                path = ROOT / match["path"]
                assert path.is_file(), (page.name, match["path"])
                if match["section"]:
                    source = path.read_text(encoding="utf-8")
                    for edge in ("start", "end"):
                        assert f"# --8<-- [{edge}:{match['section']}]" in source, (page.name, match[0])
                count += 1
        assert count > 20

    def test_every_example_is_shown(self) -> None:
        """Each module of examples/ appears in the docs: they are the docs' code samples."""
        included = {match["path"] for page in _pages() for match in SNIPPET.finditer(page.read_text(encoding="utf-8"))}
        examples = {f"examples/{path.name}" for path in (ROOT / "examples").glob("*.py")}
        assert examples <= included, sorted(examples - included)

    def test_every_strategy_is_documented(self) -> None:
        """The testing page's table names every strategy iotjobs ships."""
        from iotjobs.testing import strategies

        testing_page = (DOCS / "testing.md").read_text(encoding="utf-8")
        assert [name for name in strategies.__all__ if f"{name}(" not in testing_page] == []


def test_no_number_starts_a_list_by_accident() -> None:
    """A wrapped line that starts with ``1000.`` becomes an ordered list item, and the number is lost."""
    accidents = []
    for page in [ROOT / "README.md", *_pages()]:
        fenced = False
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("```"):
                fenced = not fenced
            elif not fenced and re.match(r"\s*(?!1[.)])\d+[.)]\s", line):
                accidents.append(f"{page.name}:{number}: {line.strip()}")
    assert accidents == []


def test_every_table_column_has_a_header() -> None:
    """A table whose header is ``| | |`` renders as an empty bar above the rows."""
    empty = []
    for page in [ROOT / "README.md", *(page for page in _pages() if page.name not in LAYOUT_NOT_CHECKED)]:
        lines = page.read_text(encoding="utf-8").splitlines()
        for number, (header, rule) in enumerate(itertools.pairwise(lines), 1):
            if re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", rule) and re.search(r"\|\s*(?=\|)", header):
                empty.append(f"{page.name}:{number}: {header}")
    assert empty == []


def test_nav_lists_every_page() -> None:
    """mkdocs.yml's nav has every page of docs/, and nothing else."""
    config = _config()
    in_nav = {page for entry in config["nav"] for page in entry.values()}
    assert in_nav == {page.name for page in _pages()}


@pytest.mark.slow
def test_mkdocs_build_strict(tmp_path: Path) -> None:
    """``mkdocs build --strict`` succeeds, and the API reference has an anchor for every public name."""
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings_handlers.python")
    pytest.importorskip("material")
    site = tmp_path / "site"
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent)) or "mkdocs"
    result = subprocess.run(
        [mkdocs, "build", "--strict", "--config-file", str(MKDOCS_YML), "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False,
    )
    assert result.returncode == 0, result.stderr
    reference = (site / "reference" / "index.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'id="([^"]+)"', reference))
    missing = [
        f"{module_name}.{name}"
        for module_name in PUBLIC_MODULES
        for name in importlib.import_module(module_name).__all__
        if f"{module_name}.{name}" not in anchors
    ]
    assert missing == []
    limits = (site / "limits" / "index.html").read_text(encoding="utf-8")
    assert all(f"<code>{limit.member}</code>" in limits for limit in LIMITS)


def _expanded(page: Path) -> str:
    """The page's Markdown as MkDocs renders it: each ``--8<--`` include replaced by the code it names."""
    import markdown

    md = markdown.Markdown(
        extensions=["pymdownx.snippets"],
        extension_configs={"pymdownx.snippets": {"base_path": [str(ROOT)], "check_paths": True,
                                                 "dedent_subsections": True}},
    )
    return "\n".join(md.preprocessors["snippet"].run(page.read_text(encoding="utf-8").splitlines()))


def _sample_pages() -> list[Path]:
    return [ROOT / "README.md", *(page for page in _pages() if page.name not in NOT_RUN)]


@pytest.mark.slow
@pytest.mark.parametrize("page", _sample_pages(), ids=lambda page: page.name)
def test_samples_run_as_shown(page: Path) -> None:
    """Each Python sample of the page runs, in page order, and each ``>>>`` session prints what it shows."""
    pytest.importorskip("pymdownx.snippets")
    from sybil import Document
    from sybil.evaluators.python import PythonEvaluator
    from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser

    class PyconParser(PythonCodeBlockParser):
        """```` ```pycon ```` blocks: interactive sessions, checked as doctests."""

        def __init__(self, doctest_optionflags: int) -> None:
            super().__init__(doctest_optionflags=doctest_optionflags)
            self.codeblock_parser = CodeBlockParser("pycon", PythonEvaluator(()))

    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    document = Document(_expanded(page), str(page))
    for parser in (PythonCodeBlockParser(doctest_optionflags=flags), PyconParser(doctest_optionflags=flags)):
        for region in parser(document):
            document.add(region)
    examples = list(document)
    threads = set(threading.enumerate())
    for example in examples:
        example.evaluate()
    # A sample that starts a local endpoint stops it too, as a reader's session should.
    assert [t.name for t in set(threading.enumerate()) - threads if t.is_alive()] == []


# The site's code column holds about 76 characters at 1280 px (Material, both sidebars shown); longer lines are cut
# off at the right edge. Output (pycon, text) wraps instead (docs/css/extra.css).
CODE_WIDTH = 76


@pytest.mark.parametrize("page", _sample_pages(), ids=lambda page: page.name)
def test_python_samples_fit_the_page(page: Path) -> None:
    """Every line of a Python sample fits the code column; a whole module in a collapsed block is exempt."""
    pytest.importorskip("pymdownx.snippets")
    too_long = []
    fence = ""
    for line in _expanded(page).splitlines():
        if not fence and re.match(r"```python\s*$", line):  # a top-level block: not one inside ??? or !!!
            fence = "```"
        elif fence and line.startswith(fence):
            fence = ""
        elif fence and len(line) > CODE_WIDTH:
            too_long.append(f"{len(line)}: {line}")
    assert too_long == []
