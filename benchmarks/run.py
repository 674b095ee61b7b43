"""iotjobs benchmarks: is the library essentially free? Prints times, ratios, and PASS/FAIL against the targets.

Run from the repository root, in the dev environment (``pip install -e '.[dev]'``, which brings pydantic and the
AWS CLI)::

    .venv/bin/python benchmarks/run.py            # informational: always exits 0
    .venv/bin/python benchmarks/run.py --check    # exit 1 if a target is missed
    .venv/bin/python benchmarks/run.py --profile  # also print the top iotjobs costs of cases 1 and 2 (cProfile)

Every case is measured in one process, its contenders interleaved: each round times every contender once, in an
order that rotates from round to round (A B, B A, ...), so a busy moment of the machine hits them alike. A round
times a short chunk of calls with ``timeit`` (about 2 ms; a single call for the client, whose calls take longer),
or one run of a command in a fresh process. A time shown is the median of the rounds, and a ratio is the median,
over the rounds, of the two contenders' ratio in that round: a paired measurement, robust on a loaded machine.
The cases:

1. **Build**: build, validate and compile a full UpdateJob request (all eight members) with the builders and
   ``JobUpdate(...).to_botocore()``, against (a) an equivalent pydantic v2 model (``benchmarks/pydantic_model.py``)
   validating the same dict and dumping it, and (b) botocore's own ``ParamValidator`` on the same dict. Also shown:
   ``JobUpdate.from_botocore(d).to_botocore()``, the dict-to-dict path, the closest to what the other two do.
2. **Client**: ``JobsClient.update_job(update)`` against boto3's ``client.update_job(**params)`` with the same
   request, both through a real boto3 ``iot`` client whose HTTP send is answered in-process (a ``before-send``
   handler returns an empty 200), so serialising, signing and parsing are all measured.
3. **Import**: ``import iotjobs`` plus its builders against ``import attrs`` alone (attrs is required, so it is the
   floor), each in a fresh interpreter; the child asserts that neither boto3 nor botocore was loaded.
4. **CLI**: ``iotjobs update-job <args> --dry-run`` against ``aws iot update-job --generate-cli-skeleton`` (and
   with the same arguments), using the arguments and the target of ``benchmarks/bench_cli.py`` when it is there.
5. **Preview**: ``Rollout.preview`` for 10**3 against 10**9 targets (target from ``benchmarks/bench_preview.py``).
6. **Bulk** (only with ``--cases bulk``): ``JobsClient.update_jobs`` of 100 jobs against a local endpoint that
   throttles above 10 requests/s with 150 ms latency, against the quota floor of 10 s (``benchmarks/bench_bulk.py``).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import functools
import importlib.util
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

from iotjobs import FAILED, TIMED_OUT, Abort, JobsClient, JobUpdate, PresignedUrl, Retry, Rollout, Timeout

if TYPE_CHECKING:
    from mypy_boto3_iot.type_defs import UpdateJobRequestTypeDef

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent

ROLE_ARN = "arn:aws:iam::123456789012:role/iot-jobs-s3-download"

# How long one round times one contender, and how long a case lasts (for --quick: a tenth of it).
CHUNK_SECONDS = 0.002
CASE_SECONDS = 4.0


# The gates (`--check` fails above them) and aims (printed). Bare frozen attrs classes alone cost 0.35-0.45x
# pydantic v2, so the build gates leave the checks about as much again: see the "one model of the API" issue.
BUILD_VS_PYDANTIC = 1.0
BUILD_VS_BOTOCORE = 0.4
CHECKS_OVER_FLOOR_AIM = 1.5
IMPORT_VS_ATTRS = 1.3
IMPORT_AIM = 1.2


class Target(NamedTuple):
    """A ratio a case must stay under: ``numerator / denominator <= limit``."""

    label: str
    numerator: str
    denominator: str
    limit: float
    overhead: bool = False  # print as "+x%" over the denominator rather than "x.xx x"


class Case(NamedTuple):
    """What one case measured: seconds per operation of each contender in each round, and its targets (a target
    whose limit is NaN is informational)."""

    title: str
    samples: dict[str, list[float]]
    targets: tuple[Target, ...]
    notes: tuple[str, ...] = ()

    def seconds(self, name: str) -> float:
        """The median of the rounds."""
        return statistics.median(self.samples[name])

    def ratio(self, target: Target) -> float:
        """The median over the rounds of ``numerator / denominator`` in the same round."""
        pairs = zip(self.samples[target.numerator], self.samples[target.denominator], strict=True)
        return statistics.median(a / b for a, b in pairs)


# -- timing ----------------------------------------------------------------------------------------------------


def _rotations(names: list[str], rounds: int) -> list[list[str]]:
    """The order of the contenders in each round: rotated by one each round (two contenders: A B, B A, A B...)."""
    return [names[r % len(names):] + names[:r % len(names)] for r in range(rounds)]


def interleaved_calls(
    funcs: Mapping[str, Callable[[], object]], case_seconds: float, chunk_seconds: float = CHUNK_SECONDS
) -> dict[str, list[float]]:
    """Seconds per call of each function in each round; a round times a chunk of about ``chunk_seconds`` of
    calls of every function (``timeit``: the garbage collector is off while it runs)."""
    for func in funcs.values():  # warm up: caches, lazy imports, botocore's loaders
        for _ in range(5):
            func()
    numbers = {}
    for name, func in funcs.items():
        once = max(timeit.timeit(func, number=5) / 5, 1e-7)
        numbers[name] = max(1, round(chunk_seconds / once))
    per_round = sum(numbers[name] * max(timeit.timeit(f, number=1), 1e-7) for name, f in funcs.items())
    rounds = max(20, int(case_seconds / per_round))
    samples: dict[str, list[float]] = {name: [] for name in funcs}
    for order in _rotations(list(funcs), rounds):
        for name in order:
            samples[name].append(timeit.timeit(funcs[name], number=numbers[name]) / numbers[name])
    return samples


def _child_env() -> dict[str, str]:
    """The environment of every child process: no AWS configuration of this machine, dummy credentials."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PYTHON"))}
    env.update(
        AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1",
        AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_EC2_METADATA_DISABLED="true",
    )
    return env


def interleaved_runs(commands: Mapping[str, Sequence[str]], rounds: int) -> dict[str, list[float]]:
    """Wall-clock seconds of each command, in a fresh process, in each of ``rounds`` interleaved rounds."""
    env = _child_env()

    def run(argv: Sequence[str]) -> float:
        start = time.perf_counter()
        subprocess.run(argv, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    for argv in commands.values():  # warm-up: compile bytecode, fill the OS file cache
        run(argv)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for order in _rotations(list(commands), rounds):
        for name in order:
            samples[name].append(run(commands[name]))
    return samples


# -- 1. build + validate + compile -----------------------------------------------------------------------------


def build_update() -> UpdateJobRequestTypeDef:
    """Build, validate and compile a full UpdateJob request, all eight members, with the builders."""
    return JobUpdate(
        "fw-42",
        description="Firmware 2.1: staged rollout",
        presigned_url=PresignedUrl(ROLE_ARN, expires_in_sec=600),
        rollout=Rollout.exponential(50, 2, notified_things=1000, succeeded_things=500, maximum_per_minute=500),
        abort=Abort.when(FAILED, 10.5, min_executed_things=100).or_when(TIMED_OUT, 20, min_executed_things=200),
        timeout=Timeout.minutes(60),
        retry=Retry.on(FAILED, 3).and_on(TIMED_OUT, 2),
        namespace_id="fleet-eu",
    ).to_botocore()


def _load(name: str) -> ModuleType:
    """Import ``benchmarks/<name>.py`` (this directory is not a package)."""
    spec = importlib.util.spec_from_file_location(f"iotjobs_bench_{name}", HERE / f"{name}.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load benchmarks/{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # pydantic resolves the models' annotations through sys.modules
    spec.loader.exec_module(module)
    return module


ATTRS_FLOOR = "floor: the same frozen attrs objects, unchecked"


def build_contenders() -> dict[str, Callable[[], object]]:
    """The four ways of case 1, each checked once to accept the request and give back the same dict."""
    from botocore.session import get_session
    from botocore.validate import ParamValidator

    params = build_update()
    model = _load("pydantic_model").UpdateJobRequest
    shape = get_session().get_service_model("iot").operation_model("UpdateJob").input_shape
    assert shape is not None
    validator = ParamValidator()

    def pydantic_v2() -> object:
        return model.model_validate(params).model_dump(exclude_none=True, by_alias=True)

    def botocore_validator() -> object:
        return validator.validate(params, shape)

    def from_botocore() -> object:
        return JobUpdate.from_botocore(params).to_botocore()

    floor = _load("attrs_floor")

    def attrs_floor() -> object:
        return floor.build_and_compile(ROLE_ARN)

    assert attrs_floor() == params, "the attrs floor does not build the same request"
    assert pydantic_v2() == params, "the pydantic model does not round-trip the request"
    assert from_botocore() == params
    assert not validator.validate(params, shape).has_errors(), validator.validate(params, shape).generate_report()
    return {
        "iotjobs builders + to_botocore()": build_update,
        "iotjobs from_botocore(d).to_botocore()": from_botocore,
        "pydantic v2 model_validate(d).model_dump()": pydantic_v2,
        "botocore ParamValidator().validate(d)": botocore_validator,
        ATTRS_FLOOR: attrs_floor,
    }


def case_build(case_seconds: float) -> Case:
    return Case(
        "1. build + validate + compile a full UpdateJob request (8 members)",
        interleaved_calls(build_contenders(), case_seconds),
        (
            Target("builders / pydantic v2", "iotjobs builders + to_botocore()",
                   "pydantic v2 model_validate(d).model_dump()", BUILD_VS_PYDANTIC),
            Target("builders / botocore validator", "iotjobs builders + to_botocore()",
                   "botocore ParamValidator().validate(d)", BUILD_VS_BOTOCORE),
            Target("from_botocore / pydantic v2 (info)", "iotjobs from_botocore(d).to_botocore()",
                   "pydantic v2 model_validate(d).model_dump()", float("nan")),
            Target("from_botocore / botocore validator (info)", "iotjobs from_botocore(d).to_botocore()",
                   "botocore ParamValidator().validate(d)", float("nan")),
            Target("floor / pydantic v2 (info)", ATTRS_FLOOR, "pydantic v2 model_validate(d).model_dump()",
                   float("nan")),
            Target("floor / botocore validator (info)", ATTRS_FLOOR, "botocore ParamValidator().validate(d)",
                   float("nan")),
            Target(f"builders / floor (info, aim <= {CHECKS_OVER_FLOOR_AIM}x: the cost of iotjobs' checks)",
                   "iotjobs builders + to_botocore()", ATTRS_FLOOR, float("nan")),
        ),
        ("floor: benchmarks/attrs_floor.py, the builders' objects as bare frozen attrs classes, no checks",),
    )


# -- 2. client overhead ----------------------------------------------------------------------------------------


class _EmptyBody:
    """The raw body of an in-process HTTP answer: nothing."""

    def stream(self, **kwargs: Any) -> list[bytes]:
        return [b""]


def answer_in_process(request: Any, **kwargs: Any) -> Any:
    """A ``before-send`` handler: AWS's answer to UpdateJob (HTTP 200, empty body), without sending anything."""
    from botocore.awsrequest import AWSResponse, HTTPHeaders

    return AWSResponse(request.url, 200, HTTPHeaders(), _EmptyBody())


def stubbed_iot_client() -> Any:
    """A real boto3 ``iot`` client (dummy credentials, no configuration read) whose UpdateJob never leaves."""
    import boto3.session

    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    client = session.client("iot")
    client.meta.events.register("before-send.iot.UpdateJob", answer_in_process)
    return client


IOTJOBS_CALL = "iotjobs JobsClient.update_job(update)"
BOTO3_CALL = "boto3 client.update_job(**params)"


def client_contenders() -> dict[str, Callable[[], object]]:
    boto3_iot = stubbed_iot_client()
    jobs = JobsClient(boto3_client=boto3_iot)
    update = JobUpdate.from_botocore(build_update())
    params = update.to_botocore()

    def iotjobs_client() -> object:
        return jobs.update_job(update)

    def boto3_client() -> object:
        return boto3_iot.update_job(**params)

    return {IOTJOBS_CALL: iotjobs_client, BOTO3_CALL: boto3_client}


def case_client(case_seconds: float) -> Case:
    contenders = client_contenders()
    # One call per round: the calls take long enough, and adjacent calls see the same machine.
    samples = interleaved_calls(contenders, case_seconds, chunk_seconds=0)
    # The A/A control: boto3 against itself, measured the same way, shows what noise alone looks like.
    boto3_call = contenders[BOTO3_CALL]
    control = interleaved_calls({"A/A control: boto3 (A)": boto3_call, "A/A control: boto3 (B)": boto3_call},
                                case_seconds / 2, chunk_seconds=0)
    return Case(
        "2. client overhead: one UpdateJob, answered in-process before sending (one call per round)",
        {**samples, **control},
        (
            Target("JobsClient over boto3", IOTJOBS_CALL, BOTO3_CALL, 1.03, overhead=True),
            Target("A/A control: boto3 over boto3 (noise, info)", "A/A control: boto3 (A)", "A/A control: boto3 (B)",
                   float("nan"), overhead=True),
        ),
        ("both send through the same boto3 client and the same before-send stub",),
    )


# -- 3. import -------------------------------------------------------------------------------------------------

NO_BOTO = "import sys; assert not {'boto3', 'botocore'} & set(sys.modules), 'boto3 or botocore was imported'"
IMPORTS = {
    "python -c pass": "pass",
    "import attrs": "import attrs",
    "import iotjobs + builders": "import iotjobs; from iotjobs import Rollout, Abort, Retry, Timeout, PresignedUrl, "
    f"JobUpdate; {NO_BOTO}",
}


def _compile_iotjobs() -> None:
    """Write iotjobs' bytecode, as ``pip install`` does for attrs: with ``PYTHONDONTWRITEBYTECODE`` set (as on
    some machines) an editable checkout would otherwise be compiled from source on every import."""
    import compileall

    import iotjobs

    compileall.compile_dir(str(Path(iotjobs.__file__).parent), quiet=1)


def case_import(rounds: int) -> Case:
    _compile_iotjobs()
    commands = {name: [sys.executable, "-c", code] for name, code in IMPORTS.items()}
    samples = interleaved_runs(commands, rounds)
    bare = samples["python -c pass"]
    net = {
        f"{name} (minus bare interpreter)": [t - b for t, b in zip(times, bare, strict=True)]
        for name, times in samples.items() if name != "python -c pass"
    }
    return Case(
        "3. import, each in a fresh interpreter (median of the runs)",
        {**samples, **net},
        (
            Target(f"import iotjobs + builders / import attrs (aim <= {IMPORT_AIM}x)", "import iotjobs + builders",
                   "import attrs", IMPORT_VS_ATTRS),
            Target("the same, bare interpreter subtracted (info)", "import iotjobs + builders (minus bare interpreter)",
                   "import attrs (minus bare interpreter)", float("nan")),
        ),
        ("the iotjobs child asserts that neither boto3 nor botocore is in sys.modules",),
    )


# -- 4. CLI ----------------------------------------------------------------------------------------------------

# Used when benchmarks/bench_cli.py (the CLI's own benchmark) is absent; with it, its ARGS and TARGET_RATIO.
CLI_ARGS = ["--job-id", "fw-42", "--timeout-config", "inProgressTimeoutInMinutes=60",
            "--job-executions-rollout-config", "maximumPerMinute=100"]


def case_cli(rounds: int) -> Case | str:
    """``iotjobs update-job --dry-run`` against the AWS CLI's skeleton, with ``benchmarks/bench_cli.py``'s
    arguments and target when it is there."""
    iotjobs_cli, aws_cli = BIN / "iotjobs", BIN / "aws"
    missing = [str(path) for path in (iotjobs_cli, aws_cli) if not path.exists()]
    if missing:
        return f"4. CLI: skipped, not installed next to {sys.executable}: {', '.join(missing)}"
    args, limit, origin = CLI_ARGS, float("nan"), "info"
    if (HERE / "bench_cli.py").exists():
        bench_cli = _load("bench_cli")
        args = list(getattr(bench_cli, "ARGS", args))
        limit = float(getattr(bench_cli, "TARGET_RATIO", limit))
        origin = "target of benchmarks/bench_cli.py"
    ours = "iotjobs update-job <args> --dry-run"
    skeleton = "aws iot update-job --generate-cli-skeleton"
    parsed = "aws iot update-job <args> --generate-cli-skeleton output"
    commands = {
        ours: [str(iotjobs_cli), "update-job", *args, "--dry-run"],
        skeleton: [str(aws_cli), "iot", "update-job", "--generate-cli-skeleton"],
        parsed: [str(aws_cli), "iot", "update-job", *args, "--generate-cli-skeleton", "output"],
    }
    return Case(
        "4. CLI, each in a fresh process (median of the runs)",
        interleaved_runs(commands, rounds),
        (
            Target(f"iotjobs --dry-run / aws skeleton ({origin})", ours, skeleton, limit),
            Target("iotjobs --dry-run / aws <args> skeleton output (info)", ours, parsed, float("nan")),
        ),
        ("nothing is sent; the AWS CLI has no dry run: its skeleton is its cheapest full start",),
    )


# -- 5. preview ------------------------------------------------------------------------------------------------


def case_preview(case_seconds: float) -> Case:
    rollout = Rollout.exponential(50, 2, notified_things=100)
    limit = float(getattr(_load("bench_preview"), "TARGET_RATIO", 2.0))
    samples = interleaved_calls(
        {"preview(10**3)": functools.partial(rollout.preview, 10**3),
         "preview(10**9)": functools.partial(rollout.preview, 10**9)},
        case_seconds,
    )
    return Case(
        "5. rollout preview: Rollout.exponential(50, 2, notified_things=100).preview(n)",
        samples,
        (Target("preview(10**9) / preview(10**3)", "preview(10**9)", "preview(10**3)", limit),),
        ("target from benchmarks/bench_preview.py: the cost depends on the stages, not the targets",),
    )


# -- 6. bulk (optional: about a minute, needs moto) -------------------------------------------------------------


def case_bulk() -> Case:
    """``JobsClient.update_jobs`` of 100 jobs against an endpoint throttling above 10/s, with the boto3 loops."""
    bench = _load("bench_bulk")
    outcomes = bench.measure()
    floor = "quota floor (100 jobs / 10 per s)"
    samples = {o.name: [o.seconds] for o in outcomes} | {floor: [bench.JOBS / bench.QUOTA]}
    return Case(
        "6. bulk: update 100 jobs, endpoint throttling above 10/s with 150 ms latency (one run)",
        samples,
        (Target("update_jobs / quota floor", outcomes[0].name, floor, float(bench.TARGET_RATIO)),
         *(Target(f"{o.name} / quota floor (info)", o.name, floor, float("nan")) for o in outcomes[1:])),
        tuple(f"{o.name}: {o.throttled} throttled answers, {o.failures} failures surfaced" for o in outcomes),
    )


# -- report ----------------------------------------------------------------------------------------------------


def _time(seconds: float) -> str:
    if seconds >= 0.1:
        return f"{seconds * 1e3:9.0f} ms"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:9.2f} ms"
    return f"{seconds * 1e6:9.2f} us"


def _verdict(ratio: float, target: Target) -> tuple[str, str, str]:
    """The ratio, the target and PASS/FAIL/info, as printed."""
    informational = target.limit != target.limit  # NaN: no target
    if target.overhead:
        shown, goal = f"{(ratio - 1) * 100:+.1f}%", f"<= +{(target.limit - 1) * 100:.0f}%"
    else:
        shown, goal = f"{ratio:.2f}x", f"<= {target.limit:.2f}x"
    if informational:
        return shown, "", "info"
    return shown, goal, "PASS" if ratio <= target.limit else "FAIL"


def machine() -> str:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = ", ".join(
        f"{dist} {metadata.version(dist)}" for dist in ("iotjobs", "attrs", "pydantic", "botocore", "boto3")
        if _installed(dist)
    )
    return (f"{platform.python_implementation()} {platform.python_version()} on {platform.system()} "
            f"{platform.machine()}, {cpus} CPUs (nproc), {datetime.date.today().isoformat()}\n{versions}")


def _installed(dist: str) -> bool:
    try:
        metadata.version(dist)
    except metadata.PackageNotFoundError:
        return False
    return True


def report(cases: Sequence[Case | str]) -> list[tuple[str, str, str, str]]:
    """Print every case's times, then the ratio table; return the table's rows."""
    rows: list[tuple[str, str, str, str]] = []
    for case in cases:
        print()
        if isinstance(case, str):
            print(case)
            continue
        rounds = len(next(iter(case.samples.values())))
        print(f"{case.title}, {rounds} rounds")
        width = max(len(name) for name in case.samples)
        for name in case.samples:
            print(f"  {name:<{width}}  {_time(case.seconds(name))}")
        for note in case.notes:
            print(f"  ({note})")
        rows.extend((target.label, *_verdict(case.ratio(target), target)) for target in case.targets)
    print()
    width = max(len(row[0]) for row in rows)
    print(f"  {'ratio':<{width}}  {'measured':>9}  {'target':>9}  result")
    for label, shown, goal, verdict in rows:
        print(f"  {label:<{width}}  {shown:>9}  {goal:>9}  {verdict}")
    return rows


# -- profile ---------------------------------------------------------------------------------------------------


def profile(name: str, funcs: dict[str, Callable[[], object]], contender: str, calls: int, top: int = 12) -> None:
    """Profile ``calls`` calls of one contender and print the functions of iotjobs that cost the most."""
    func = funcs[contender]
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        func()
    profiler.disable()
    stats = pstats.Stats(profiler)
    raw: dict[Any, Any] = getattr(stats, "stats", {})
    total = sum(entry[2] for entry in raw.values())
    ours = sorted(
        ((key, entry) for key, entry in raw.items() if f"{os.sep}iotjobs{os.sep}" in key[0]),
        key=lambda item: item[1][2], reverse=True,
    )
    own = sum(entry[2] for _, entry in ours)
    print(f"\nprofile of {name}: {contender}, {calls} calls; "
          f"{own / total:.0%} of the time in iotjobs' own code (tottime)")
    print(f"  {'tottime/call':>12}  {'cumtime/call':>12}  {'calls/op':>8}  function")
    for (filename, line, function), entry in ours[:top]:
        where = f"{Path(filename).name}:{line} {function}"
        print(f"  {entry[2] / calls * 1e6:10.2f}us  {entry[3] / calls * 1e6:10.2f}us  {entry[1] / calls:8.1f}  {where}")


# -- main ------------------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--profile", action="store_true", help="print the top iotjobs costs of cases 1 and 2")
    parser.add_argument("--quick", action="store_true", help="a tenth of the rounds: a smoke run, not a measurement")
    parser.add_argument("--cases", default="build,client,import,cli,preview",
                        help="comma-separated subset of build,client,import,cli,preview, and bulk (optional: "
                        "about a minute against a throttling local endpoint)")
    args = parser.parse_args(argv)
    wanted = set(args.cases.split(","))
    if "build" in wanted and importlib.util.find_spec("pydantic") is None:
        print("case 1 compares with pydantic v2, which is not installed: pip install -e '.[dev]' (or 'pydantic>=2'), "
              "or leave it out with --cases client,import,cli,preview", file=sys.stderr)
        return 2
    seconds, runs = (CASE_SECONDS / 10, 3) if args.quick else (CASE_SECONDS, 41)

    print("iotjobs benchmarks:", machine().replace("\n", "\n  "))
    runners: dict[str, Callable[[], Case | str]] = {
        "build": lambda: case_build(seconds),
        "client": lambda: case_client(seconds),
        "import": lambda: case_import(runs),
        "cli": lambda: case_cli(max(3, runs // 4)),
        "preview": lambda: case_preview(seconds),
        "bulk": case_bulk,
    }
    cases = [run() for name, run in runners.items() if name in wanted]
    rows = report(cases)
    if args.profile:
        if "build" in wanted:
            profile("case 1", build_contenders(), "iotjobs builders + to_botocore()", 20_000)
            profile("case 1", build_contenders(), "iotjobs from_botocore(d).to_botocore()", 20_000)
        if "client" in wanted:
            profile("case 2", client_contenders(), IOTJOBS_CALL, 2_000)
    missed = [row[0] for row in rows if row[3] == "FAIL"]
    if missed:
        print(f"\nmissed: {', '.join(missed)}")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
