"""The ``iotjobs`` command line: ``aws iot update-job`` / ``describe-job``, validated locally.

Kept import-light: ``main`` loads the command's modules when it runs, so that importing ``iotjobs.cli`` (the
console script does) costs nothing more than ``iotjobs`` itself.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``iotjobs`` with ``argv`` (default: ``sys.argv[1:]``) and return the exit code."""
    from iotjobs.cli._main import main as run_main

    return run_main(argv)
