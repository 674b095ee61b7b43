"""``python -m iotjobs``: the ``iotjobs`` command."""

from __future__ import annotations

import sys

from iotjobs.cli import main

if __name__ == "__main__":
    sys.exit(main())
