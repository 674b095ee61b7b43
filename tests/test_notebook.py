"""examples/rollout.ipynb: it runs top to bottom in a fresh kernel, shows what it says, and its code type-checks.

Executing it needs nbclient, nbformat and ipykernel (the dev extra), and the notebook itself needs matplotlib
and moto (the plot and local extras); the tests skip, saying what is missing, where they are not installed.
"""

from __future__ import annotations

import time
from functools import cache
from pathlib import Path
from typing import Any

import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "examples" / "rollout.ipynb"
EXECUTION_BUDGET_SECONDS = 30.0


def _need(module: str, why: str) -> Any:
    return pytest.importorskip(module, reason=f"{module} is not installed: {why} (pip install 'iotjobs[dev]')")


def _code_cells(notebook: Any) -> list[Any]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


@cache
def _executed() -> tuple[Any, float]:
    """The notebook executed once in a fresh kernel (shared by the tests), and how long that took."""
    nbformat = _need("nbformat", "it reads the notebook")
    nbclient = _need("nbclient", "it executes the notebook")
    _need("ipykernel", "it runs the notebook's kernel")
    _need("matplotlib", "the notebook plots the rollout")
    _need("moto", "the notebook runs a local IoT endpoint")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=60,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    start = time.monotonic()
    client.execute()
    return notebook, time.monotonic() - start


@pytest.fixture(scope="module")
def executed(monkeypatch_module: pytest.MonkeyPatch) -> tuple[Any, float]:
    # jupyter_core warns (DeprecationWarning) that it will move its config paths unless told which to use.
    monkeypatch_module.setenv("JUPYTER_PLATFORM_DIRS", "1")
    return _executed()


@pytest.fixture(scope="module")
def monkeypatch_module() -> Any:
    with pytest.MonkeyPatch.context() as monkeypatch:
        yield monkeypatch


def _outputs(cell: Any, mime: str) -> list[str]:
    return [out["data"][mime] for out in cell.outputs if out.get("data", {}).get(mime) is not None]


def test_committed_notebook_has_no_outputs() -> None:
    """The committed file is clean: CI executes it, and diffs stay readable."""
    nbformat = _need("nbformat", "it reads the notebook")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    for cell in _code_cells(notebook):
        assert cell.outputs == [], cell.source
        assert cell.execution_count is None, cell.source


@pytest.mark.slow
def test_notebook_runs_quickly_without_errors(executed: tuple[Any, float]) -> None:
    notebook, seconds = executed
    for cell in _code_cells(notebook):
        errors = [out for out in cell.outputs if out["output_type"] == "error"]
        assert errors == [], cell.source
        stderr = [out["text"] for out in cell.outputs if out["output_type"] == "stream" and out["name"] == "stderr"]
        assert stderr == [], (cell.source, stderr)
    assert seconds < EXECUTION_BUDGET_SECONDS


@pytest.mark.slow
def test_notebook_shows_the_preview_the_plot_and_the_job(executed: tuple[Any, float]) -> None:
    notebook, _ = executed
    html = "\n".join(text for cell in _code_cells(notebook) for text in _outputs(cell, "text/html"))
    assert "exponentialRate.incrementFactor" in html  # the rollout's table
    assert "10,000 things notified in 43.75 min" in html  # the preview: the guide's example
    assert "criteriaList[0].thresholdPercentage" in html  # the criterion that would fire
    assert "not sent: AWS keeps the current value" in html  # the update
    assert "Job <code" in html  # the job read back
    assert "firmware-2-1" in html
    assert "IN_PROGRESS" in html
    images = [image for cell in _code_cells(notebook) for image in _outputs(cell, "image/png")]
    assert len(images) == 1  # the plot
    last = _code_cells(notebook)[-1]
    assert _outputs(last, "text/plain") == ["True"]  # the configs read back equal the ones sent


@pytest.mark.slow
def test_notebook_code_passes_mypy_strict(tmp_path: Path) -> None:
    nbformat = _need("nbformat", "it reads the notebook")
    api = _need("mypy.api", "it type-checks the notebook's code")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    source = tmp_path / "rollout_notebook.py"
    source.write_text("\n\n".join(cell.source for cell in _code_cells(notebook)) + "\n", encoding="utf-8")
    out, err, status = api.run(["--strict", "--show-error-codes", str(source)])
    assert status == 0, out + err
