"""The public API's types: typical user code passes mypy --strict, and misuse is flagged on the right lines."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

api = pytest.importorskip("mypy.api", reason="mypy is part of the dev extra")

HERE = Path(__file__).parent / "typing"


@cache
def _mypy_output() -> str:
    # One mypy run for both files (a run costs seconds); errors are told apart by file name.
    out, err, _ = api.run(
        ["--strict", "--show-error-codes", "--no-error-summary", str(HERE / "user_code.py"), str(HERE / "misuse.py")]
    )
    return f"{out}{err}"


@pytest.mark.slow
def test_typical_user_code_passes_mypy_strict() -> None:
    """tests/typing/user_code.py has no error under mypy --strict."""
    output = _mypy_output()
    assert "user_code.py" not in output, output


@pytest.mark.slow
def test_misuse_is_flagged_on_each_marked_line() -> None:
    """Each line marked '# E:' in tests/typing/misuse.py has an error, and no other line does."""
    source = (HERE / "misuse.py").read_text().splitlines()
    expected = {n for n, line in enumerate(source, start=1) if line.rstrip().split("# E:")[0] and "# E:" in line}
    flagged = {int(m.group(1)) for m in re.finditer(r"misuse\.py:(\d+): error", _mypy_output())}
    assert flagged == expected, _mypy_output()
