"""The example modules the docs show run, and print what the docs say they print.

Each ``examples/*.py`` (but ``quickstart.py``, which CI runs as the README says) has a ``main()``; mypy checks them
with the project's configuration. A fenced block in ``docs/`` preceded by ``<!-- output of examples/NAME.py -->``
must appear, verbatim, in what that example prints.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DOCS = ROOT / "docs"

# Run by CI with the README's own command, and it needs no second run here.
NOT_HERE = {"quickstart.py"}

# What each example prints, in part; a new example says here what it prints.
EXPECTED: dict[str, tuple[str, ...]] = {
    "builders": ('"jobExecutionsRetryConfig": {', '"incrementFactor": 2.0'),
    "errors": (
        "2 problems in Rollout.exponential:",
        "exponentialRate.incrementFactor 1.55 incrementFactor",
        "caught a ValidationError, a ValueError",
        "abortConfig.criteriaList[1].thresholdPercentage = 0: must be greater than 0",
        "belongs in jobExecutionsRolloutConfig, next to exponentialRate",
        "1 problem in Rollout.constant:",  # a model minimum, kept inside relaxed_limits()
    ),
    "client": (
        "fw-42 IN_PROGRESS 1 execution(s)",
        "ResourceNotFoundException DescribeJob 404",
        "ResourceNotFoundException in UpdateJob:",
        "1 problem in JobsClient.describe_job:",
    ),
    "preview": ("all 10,000 notified after 43.75 minutes", "cancel: AbortCriterion (AbortCriteria): cancel the job if"),
    "testing_fixtures": ("5 passed",),
}

# Examples whose main() starts a subprocess (testing_fixtures runs pytest on itself).
SLOW = {"testing_fixtures"}


OUTPUT_BLOCK = re.compile(r"<!-- output of (?P<example>examples/[\w.]+\.py) -->\n```[^\n]*\n(?P<text>.*?)\n```", re.S)


def _examples() -> list[Path]:
    return sorted(path for path in EXAMPLES.glob("*.py") if path.name not in NOT_HERE)


def _load(path: Path) -> ModuleType:
    """Import an example module by its path (``examples/`` is not a package)."""
    spec = importlib.util.spec_from_file_location(f"iotjobs_example_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _documented_outputs(example: str) -> list[str]:
    """The blocks of the docs that claim to be output of ``examples/<example>.py``."""
    return [
        match["text"]
        for page in sorted(DOCS.glob("*.md"))
        for match in OUTPUT_BLOCK.finditer(page.read_text(encoding="utf-8"))
        if match["example"] == f"examples/{example}.py"
    ]


def _params() -> list[object]:
    return [
        pytest.param(path, id=path.stem, marks=[pytest.mark.slow] if path.stem in SLOW else [])
        for path in _examples()
    ]


def test_every_example_says_what_it_prints() -> None:
    """Each example has an entry in EXPECTED, so its test checks its output, not only that it runs."""
    assert sorted(path.stem for path in _examples()) == sorted(EXPECTED)


def test_every_example_has_a_main() -> None:
    """Each example is a real module with ``main() -> int`` that the docs' readers can run."""
    for path in _examples():
        source = path.read_text(encoding="utf-8")
        assert "def main() -> int:" in source, path.name
        assert 'if __name__ == "__main__":' in source, path.name


@pytest.mark.parametrize("path", _params())
def test_example_runs(path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """main() returns 0 and prints what EXPECTED says and what the docs show as its output."""
    assert _load(path).main() == 0
    output = capfd.readouterr().out
    for expected in EXPECTED.get(path.stem, ()):
        assert expected in output
    for block in _documented_outputs(path.stem):
        assert block in output


def test_builders_prints_the_whole_request(capfd: pytest.CaptureFixture[str]) -> None:
    """builders.py prints the full UpdateJob request: all eight members, in the request shape's order."""
    assert _load(EXAMPLES / "builders.py").main() == 0
    request = json.loads(capfd.readouterr().out)
    assert list(request) == [
        "jobId", "description", "presignedUrlConfig", "jobExecutionsRolloutConfig", "abortConfig", "timeoutConfig",
        "namespaceId", "jobExecutionsRetryConfig",
    ]


def test_documented_outputs_name_real_examples() -> None:
    """Every ``<!-- output of ... -->`` marker names an example that test_example_runs runs."""
    blocks = 0
    for page in sorted(DOCS.glob("*.md")):
        for match in OUTPUT_BLOCK.finditer(page.read_text(encoding="utf-8")):
            assert Path(match["example"]).stem in EXPECTED, (page.name, match["example"])
            blocks += 1
    assert blocks >= 3
