"""Benchmark: ``iotjobs update-job ... --dry-run`` against ``aws iot update-job --generate-cli-skeleton``.

Neither command sends anything. A dry run parses and validates every option with the builders but needs neither
boto3 nor botocore's service model; the AWS CLI loads both even to print a skeleton. Target: the dry run takes at
most 0.3 times the wall time of the AWS CLI's skeleton.

Run with ``python benchmarks/bench_cli.py [--runs N]`` using the project's virtualenv: the ``iotjobs`` and ``aws``
executables next to ``sys.executable`` are used. The three commands are run interleaved, N times each (a
subprocess per run), and the median wall time of each is reported, with the ratios:

* ``iotjobs update-job <args> --dry-run``
* ``aws iot update-job --generate-cli-skeleton`` (the baseline of the target)
* ``aws iot update-job <args> --generate-cli-skeleton output`` (a second baseline: the AWS CLI also parses the
  same arguments, then prints nothing since UpdateJob has no output)

Exits 1 when the ratio to the first baseline is above the target, or an executable is missing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_RATIO = 0.3
DEFAULT_RUNS = 15

ARGS = [
    "--job-id", "fw-42",
    "--job-executions-rollout-config",
    "maximumPerMinute=500,exponentialRate={baseRatePerMinute=50,incrementFactor=1.5,"
    "rateIncreaseCriteria={numberOfSucceededThings=200}}",
    "--abort-config",
    "criteriaList=[{failureType=FAILED,action=CANCEL,thresholdPercentage=20.5,minNumberOfExecutedThings=100}]",
    "--timeout-config", "inProgressTimeoutInMinutes=60",
]


def _environment() -> dict[str, str]:
    """No user AWS settings, dummy credentials and a region: nothing is sent by any of the commands anyway."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
        AWS_PAGER="",
    )
    return env


def _time(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} ... failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    """Time the commands interleaved, print the medians and the ratios; exit 1 above the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help=f"runs of each command (default {DEFAULT_RUNS})")
    options = parser.parse_args(argv)

    bin_dir = Path(sys.executable).parent
    iotjobs, aws = bin_dir / "iotjobs", bin_dir / "aws"
    for executable in (iotjobs, aws):
        if not executable.exists():
            print(f"missing executable: {executable}", file=sys.stderr)
            return 1
    commands = {
        "iotjobs update-job <args> --dry-run": [str(iotjobs), "update-job", *ARGS, "--dry-run"],
        "aws iot update-job --generate-cli-skeleton": [str(aws), "iot", "update-job", "--generate-cli-skeleton"],
        "aws iot update-job <args> --generate-cli-skeleton output": [
            str(aws), "iot", "update-job", *ARGS, "--generate-cli-skeleton", "output"],
    }
    env = _environment()
    for command in commands.values():  # warm the file system cache and the bytecode caches
        _time(command, env)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(options.runs):
        for name, command in commands.items():
            samples[name].append(_time(command, env))
    medians = {name: statistics.median(times) for name, times in samples.items()}

    width = max(len(name) for name in medians)
    print(f"median wall time over {options.runs} interleaved runs:")
    for name, median in medians.items():
        print(f"  {name:<{width}}  {median * 1000:8.1f} ms")
    ours, *baselines = medians.values()
    ratio = ours / baselines[0]
    print(f"ratio to `aws iot update-job --generate-cli-skeleton`: {ratio:.3f} (target <= {TARGET_RATIO})")
    print(f"ratio to `aws iot update-job <args> --generate-cli-skeleton output`: {ours / baselines[1]:.3f}")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
