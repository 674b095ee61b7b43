"""The example modules the docs show run, and print what the docs say they print.

Each ``examples/*.py`` (but ``quickstart.py``, which CI runs as the README says, and whose confirmation before it
touches a real job is tested here) has a ``main()``; mypy checks them
with the project's configuration. A fenced block in ``docs/`` preceded by ``<!-- output of examples/NAME.py -->``
must appear, verbatim, in what that example prints.
"""

from __future__ import annotations

import builtins
import importlib.util
import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from iotjobs.testing import LocalIot

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


class TestQuickstart:
    """examples/quickstart.py never changes a real job by surprise; locally it runs unattended (CI runs it so)."""

    @pytest.fixture
    def quickstart(self) -> ModuleType:
        return _load(EXAMPLES / "quickstart.py")

    @pytest.fixture
    def endpoint(self, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalIot]:
        """A local endpoint standing in for a real account: the quickstart reaches it with --endpoint-url."""
        from iotjobs.testing import local_iot

        # The quickstart's remote client reads the environment's credentials, as against AWS.
        for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                            "AWS_SESSION_TOKEN": "testing"}.items():
            monkeypatch.setenv(name, value)
        for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
            monkeypatch.delenv(name, raising=False)
        with local_iot() as iot:
            iot.create_job("real-job")
            yield iot

    @staticmethod
    def _terminal(monkeypatch: pytest.MonkeyPatch, tty: bool, answer: str | None) -> list[str]:
        """Make stdin a terminal (or not) that answers ``answer``; return the prompts shown."""
        prompts: list[str] = []

        def fake_input(prompt: str = "") -> str:
            prompts.append(prompt)
            if answer is None:
                raise AssertionError("the quickstart asked, and it must not have")
            return answer

        monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        monkeypatch.setattr(sys.stdin, "isatty", lambda: tty)
        monkeypatch.setattr(builtins, "input", fake_input)
        return prompts

    @staticmethod
    def _rollout(iot: LocalIot) -> object:
        return iot.client().describe_job("real-job").rollout

    def _argv(self, iot: LocalIot, *extra: str) -> list[str]:
        return ["--job-id", "real-job", "--endpoint-url", iot.endpoint_url, "--region", iot.region_name, *extra]

    def test_local_run_asks_nothing(
        self, quickstart: ModuleType, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
    ) -> None:
        """``python examples/quickstart.py`` runs to the end without a terminal and without asking."""
        prompts = self._terminal(monkeypatch, tty=False, answer=None)
        assert quickstart.main([]) == 0
        assert prompts == []
        assert "rollout: 50/min x2.0 every 1000 notified, at most 500/min" in capfd.readouterr().out

    def test_without_a_terminal_nothing_is_sent(
        self, quickstart: ModuleType, endpoint: LocalIot, monkeypatch: pytest.MonkeyPatch,
        capfd: pytest.CaptureFixture[str],
    ) -> None:
        """Piped or in CI, a real job is left alone unless --yes is given, and the message says so."""
        prompts = self._terminal(monkeypatch, tty=False, answer=None)
        assert quickstart.main(self._argv(endpoint)) == 1
        assert prompts == []
        assert self._rollout(endpoint) is None
        out, err = capfd.readouterr()
        assert '"maximumPerMinute": 500' in out  # the request was shown
        assert "--yes" in err

    @pytest.mark.parametrize("answer", ["", "n", "no", "whatever"])
    def test_a_terminal_answer_other_than_yes_sends_nothing(
        self, quickstart: ModuleType, endpoint: LocalIot, monkeypatch: pytest.MonkeyPatch, answer: str
    ) -> None:
        prompts = self._terminal(monkeypatch, tty=True, answer=answer)
        assert quickstart.main(self._argv(endpoint)) == 1
        assert prompts == ["Send it to 'real-job'? [y/N] "]
        assert self._rollout(endpoint) is None

    @pytest.mark.parametrize("answer", ["y", "Yes "])
    def test_yes_on_the_terminal_sends(
        self, quickstart: ModuleType, endpoint: LocalIot, monkeypatch: pytest.MonkeyPatch, answer: str
    ) -> None:
        self._terminal(monkeypatch, tty=True, answer=answer)
        assert quickstart.main(self._argv(endpoint)) == 0
        assert self._rollout(endpoint) is not None

    def test_yes_flag_sends_without_asking(
        self, quickstart: ModuleType, endpoint: LocalIot, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        prompts = self._terminal(monkeypatch, tty=False, answer=None)
        assert quickstart.main(self._argv(endpoint, "--yes")) == 0
        assert prompts == []
        assert self._rollout(endpoint) is not None

    def test_a_real_account_needs_a_job_id(
        self, quickstart: ModuleType, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
    ) -> None:
        """No default job id against AWS: the quickstart's own name is nobody's job."""
        self._terminal(monkeypatch, tty=True, answer=None)
        with pytest.raises(SystemExit) as exit_info:
            quickstart.main(["--region", "eu-west-1"])
        assert exit_info.value.code == 2
        assert "--job-id is required" in capfd.readouterr().err
