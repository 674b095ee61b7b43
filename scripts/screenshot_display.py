"""Render the notebook display of a Job, a JobUpdate and a RolloutPreview, and screenshot it for the docs.

Writes ``docs/img/*.png``: each object's ``_repr_html_()`` is put in a page styled like a Jupyter output area
(light and dark), screenshotted with headless Chromium, and cropped to its content; the rollout plot is saved
by matplotlib. The PNGs are committed, so only whoever refreshes them needs Chromium (Debian:
``apt-get install chromium``) and the ``plot`` extra (matplotlib, which brings Pillow for the cropping)::

    python scripts/screenshot_display.py [--out docs/img] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from iotjobs import FAILED, TIMED_OUT, Abort, JobUpdate, Retry, Rollout, Timeout
from iotjobs._job import JobProcessDetails
from iotjobs.testing import make_job

ROOT = Path(__file__).resolve().parent.parent

# (background, text color) of the page around the output, like JupyterLab's light and dark themes.
THEMES = {"light": ("#ffffff", "rgba(0,0,0,0.87)"), "dark": ("#111111", "rgba(255,255,255,0.87)")}

ROLLOUT = Rollout.exponential(50, 2, notified_things=1000)
ABORT = Abort.when(FAILED, 20, min_executed_things=100).or_when(TIMED_OUT, 50, min_executed_things=200)


def samples() -> dict[str, str]:
    """The HTML of each object to screenshot, by file name stem."""
    # A short update: its display is as wide as its longest AWS member path, and the docs show it in a text column
    # about 700 px wide. An exponential rollout's paths (88 characters) would shrink the picture below reading size.
    update = JobUpdate(
        "firmware-2-1",
        rollout=Rollout.constant(200),
        abort=Abort.when(FAILED, 20, min_executed_things=100),
        timeout=Timeout.minutes(60),
    )
    job = make_job(
        "firmware-2-1",
        description="Firmware 2.1: staged rollout",
        targets=["arn:aws:iot:eu-west-1:123456789012:thinggroup/sensors-eu"],
        rollout=ROLLOUT,
        abort=ABORT,
        timeout=Timeout.minutes(60),
        retry=Retry.on(FAILED, 3).and_on(TIMED_OUT, 2),
        process=JobProcessDetails(
            succeeded=2870, failed=96, rejected=12, timed_out=22, queued=6400, in_progress=600,
        ),
        region="eu-west-1",
    )
    return {
        "display-job": job._repr_html_(),
        "display-job-update": update._repr_html_(),
        "display-rollout-preview": ROLLOUT.preview(10_000)._repr_html_(),
    }


def page(body: str, theme: str) -> str:
    """A page that shows ``body`` as a notebook output area would, in the given theme."""
    background, color = THEMES[theme]
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>iotjobs display</title></head>"
        f"<body style='margin:0;background:{background};color:{color};'>"
        f"<div id='output' style='display:inline-block;padding:14px 18px;'>{body}</div></body></html>"
    )


def screenshot(chromium: str, html_file: Path, png: Path, *, width: int = 1200, height: int = 1400) -> None:
    """Screenshot ``html_file`` with headless Chromium (no network, no profile, no GPU)."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--force-device-scale-factor=2", f"--user-data-dir={profile}",
                f"--screenshot={png}", f"--window-size={width},{height}", html_file.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def crop(png: Path, background: str, margin: int = 16) -> None:
    """Crop ``png`` to what differs from the page ``background``, keeping a ``margin`` (pixels)."""
    from PIL import Image, ImageChops

    with Image.open(png) as image:
        rgb = image.convert("RGB")
    diff = ImageChops.difference(rgb, Image.new("RGB", rgb.size, background))
    box = diff.getbbox()
    if box is None:
        raise SystemExit(f"{png}: the page rendered nothing")
    left, top, right, bottom = box
    cropped = rgb.crop((max(left - margin, 0), max(top - margin, 0), min(right + margin, rgb.width),
                        min(bottom + margin, rgb.height)))
    # 256 colors are plenty for text and a few flat fills, and make the committed files about 3 times smaller.
    cropped.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(png, optimize=True)


def plot(out: Path) -> Path:
    """Save the rollout preview's plot."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    figure = ROLLOUT.preview(10_000).plot().get_figure()
    assert isinstance(figure, Figure)
    png = out / "rollout-preview-plot.png"
    figure.savefig(png, dpi=120)
    plt.close("all")
    return png


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img", help="where to write the PNGs")
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser"),
                        help="the Chromium executable (default: chromium on PATH)")
    args = parser.parse_args(argv)
    if not args.chromium:
        print("Chromium not found: apt-get install chromium, or pass --chromium", file=sys.stderr)
        return 2
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, body in samples().items():
            for theme in ("light", "dark") if name == "display-job" else ("light",):
                html_file = Path(tmp) / f"{name}-{theme}.html"
                html_file.write_text(page(body, theme), encoding="utf-8")
                png = out / (f"{name}.png" if theme == "light" else f"{name}-{theme}.png")
                screenshot(args.chromium, html_file, png)
                crop(png, THEMES[theme][0])
                written.append(png)
    written.append(plot(out))
    for png in written:
        print(png.relative_to(ROOT) if png.is_relative_to(ROOT) else png)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
