"""The ``iotjobs`` command: parse -> build the request -> validate -> dry-run / plan / send -> output -> exit code.

:func:`main` reads like the command runs:

1. :func:`parse_command_line` splits the global options (accepted before and after the command, as the AWS CLI
   accepts them; ``iotjobs iot update-job`` works too) from the command's own options.
2. ``--version``, help and ``--generate-cli-skeleton input|yaml-input`` answer at once.
3. :func:`build_parameters` merges ``--cli-input-json`` / ``--cli-input-yaml`` and the options (and the answers
   of ``--cli-auto-prompt``); the builders validate everything (:mod:`iotjobs.cli._request`).
4. ``--dry-run`` prints the request; otherwise a boto3 client is made (:mod:`iotjobs.cli._aws`) and ``--plan``
   describes the job and prints the changes, or the request is sent and its response printed
   (:mod:`iotjobs.cli._output`).
5. Every failure is a message and an exit code (:mod:`iotjobs.cli._errors`), never a traceback unless
   ``--debug``.

The dry-run path imports argparse, json and iotjobs' builders only: boto3, botocore, PyYAML and jmespath load
when a request is sent, YAML is read or written, or ``--query`` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any, NoReturn

from iotjobs._errors import ServiceError
from iotjobs.cli._argmodel import Operation, get_operation, input_skeleton
from iotjobs.cli._errors import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OTHER,
    EXIT_SERVICE,
    CliError,
    ConfigurationError,
    UsageError,
)
from iotjobs.cli._options import COMMAND_OPTIONS, GLOBAL_OPTIONS, UPDATE_ONLY_OPTIONS, add_option
from iotjobs.cli._request import (
    Parameters,
    http_request,
    load_cli_input,
    merge,
    parse_options,
    request_values,
    validate_describe,
    validate_update,
)

__all__ = ["Invocation", "main", "parse_command_line"]

COMMANDS = ("update-job", "describe-job")
WATCH = "watch-job"  # beyond the AWS CLI: no API operation of its own
SERVICE_WORD = "iot"

Ask = Callable[[str], "str | None"]
Say = Callable[[str], None]


class _ArgumentParser(argparse.ArgumentParser):
    """argparse, with its errors turned into exit 252 (argparse itself would print usage and exit 2)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message, show_usage=True)


# -- 1. the command line ------------------------------------------------------------------------------------


@dataclass
class Invocation:
    """What the command line asked for.

    ``options`` maps each API member option given (``--abort-config``) to its raw text (``True``/``False`` for
    ``--[no-]before-substitution``); ``settings`` holds the global and command options (``output``,
    ``cli_input_json``, ``dry_run``, ...), a global option given after the command winning over one before it.
    """

    command: str | None
    options: dict[str, Any]
    settings: argparse.Namespace
    help: bool = False


def _main_parser() -> _ArgumentParser:
    parser = _ArgumentParser(prog="iotjobs", add_help=False, allow_abbrev=False)
    for spec in GLOBAL_OPTIONS:
        add_option(parser, spec)
    parser.add_argument("-h", "--help", action="store_true", dest="help_flag")
    parser.add_argument("command", nargs="?")
    parser.add_argument("rest", nargs=argparse.REMAINDER)
    return parser


def _command_parser(operation: Operation) -> _ArgumentParser:
    parser = _ArgumentParser(prog=f"iotjobs {operation.command}", add_help=False, allow_abbrev=False)
    for member in operation.members:
        if member.negated_option:
            parser.add_argument(member.option, dest=member.name, action="store_const", const=True,
                                default=argparse.SUPPRESS)
            parser.add_argument(member.negated_option, dest=member.name, action="store_const", const=False,
                                default=argparse.SUPPRESS)
        else:
            parser.add_argument(member.option, dest=member.name, metavar="<value>", default=argparse.SUPPRESS)
    for spec in COMMAND_OPTIONS + (UPDATE_ONLY_OPTIONS if operation.name == "UpdateJob" else ()):
        add_option(parser, spec)
    for spec in GLOBAL_OPTIONS:
        add_option(parser, spec, suppress=True)
    parser.add_argument("-h", "--help", action="store_true", dest="help_flag")
    parser.add_argument("help", nargs="?", metavar="help")
    return parser


def parse_command_line(argv: Sequence[str]) -> Invocation:
    """Split ``argv`` into the command, its API options and the settings; `UsageError` when invalid."""
    top = _main_parser().parse_args(list(argv))
    command, rest = top.command, list(top.rest)
    if command == SERVICE_WORD:  # "iotjobs iot update-job ...", as "aws iot update-job ..."
        command = rest.pop(0) if rest else None
    if top.help_flag and command in COMMANDS:  # "iotjobs --help update-job"
        return Invocation(command, {}, top, help=True)
    if command is None or command == "help" or top.help_flag:
        wants_help = command == "help" or bool(top.help_flag)
        if command is None and not wants_help and not top.version:
            raise UsageError("the following arguments are required: command", show_usage=True)
        return Invocation(None, {}, top, help=wants_help)
    if command not in (*COMMANDS, WATCH):
        raise UsageError(
            f"argument command: Invalid choice '{command}', valid choices are: {' | '.join((*COMMANDS, WATCH))}",
            show_usage=True,
        )
    if command == WATCH:
        return _parse_watch(top, rest)
    operation = get_operation(command)
    sub = _command_parser(operation).parse_args(rest)
    if sub.help not in (None, "help"):
        raise UsageError(f"Unknown options: {sub.help}", show_usage=True)
    settings = argparse.Namespace(**vars(top))
    for name, value in vars(sub).items():
        setattr(settings, name, value)
    options = {member.option: getattr(sub, member.name) for member in operation.members if hasattr(sub, member.name)}
    return Invocation(command, options, settings, help=sub.help == "help" or bool(sub.help_flag))


def _parse_watch(top: argparse.Namespace, rest: list[str]) -> Invocation:
    parser = _ArgumentParser(prog=f"iotjobs {WATCH}", add_help=False, allow_abbrev=False)
    parser.add_argument("--job-id", dest="jobId", metavar="<value>", required=True)
    parser.add_argument("--interval", type=float, default=5.0, metavar="<seconds>")
    parser.add_argument("--timeout", type=float, default=None, metavar="<seconds>")
    for spec in GLOBAL_OPTIONS:
        add_option(parser, spec, suppress=True)
    if any(arg in ("-h", "--help", "help") for arg in rest):
        return Invocation(WATCH, {}, top, help=True)
    sub = parser.parse_args(rest)
    settings = argparse.Namespace(**vars(top))
    for name, value in vars(sub).items():
        setattr(settings, name, value)
    from iotjobs.cli._watch import check_timing
    check_timing(settings.interval, settings.timeout, settings.output)
    return Invocation(WATCH, {"--job-id": sub.jobId}, settings)


# -- 3. the request -----------------------------------------------------------------------------------------


def _wants_prompt(settings: argparse.Namespace, isatty: Callable[[], bool]) -> bool:
    """``--cli-auto-prompt`` needs a terminal; ``AWS_CLI_AUTO_PROMPT=on`` prompts only on one."""
    flag = settings.cli_auto_prompt
    if flag is True:
        if not isatty():
            raise UsageError("--cli-auto-prompt needs a terminal: standard input is not one. Give the parameters "
                             "on the command line (or with --cli-input-json) instead.")
        return True
    if flag is False:
        return False
    return os.environ.get("AWS_CLI_AUTO_PROMPT", "").lower() in ("on", "on-partial") and isatty()


def build_parameters(
    operation: Operation, invocation: Invocation, *, ask: Ask | None, say: Say | None, isatty: Callable[[], bool]
) -> Parameters:
    """The input document, overridden by the options given, completed by the prompt when asked for."""
    settings = invocation.settings
    if settings.cli_input_json is not None and settings.cli_input_yaml is not None:
        raise UsageError("--cli-input-json and --cli-input-yaml cannot be combined: give one of them")
    cli_input = None
    for option in ("--cli-input-json", "--cli-input-yaml"):
        text = getattr(settings, option[2:].replace("-", "_"))
        if text is not None:
            cli_input = (option, load_cli_input(option, text))
    options = parse_options(operation, invocation.options)
    if _wants_prompt(settings, isatty):
        from iotjobs.cli._prompt import prompt_parameters, terminal_ask, terminal_say

        given = {**(cli_input[1] if cli_input else {}), **options}
        options.update(prompt_parameters(operation, given, ask or terminal_ask, say or terminal_say))
        options = {member.name: options[member.name] for member in operation.members if member.name in options}
    return merge(operation, options, cli_input)


# -- 4. output ----------------------------------------------------------------------------------------------


def _write(text: str) -> None:
    """Print to stdout; a reader that went away (``| head``) is not an error, as with the AWS CLI."""
    if not text:
        return
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would report the pipe again when it flushes stdout at exit: point stdout at /dev/null.
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):  # not a real file (a test's capture)
            pass
        finally:
            os.close(devnull)


def _print_json(data: Any) -> None:
    _write(json.dumps(data, indent=4, ensure_ascii=False) + "\n")


def _print_input_skeleton(operation: Operation, kind: str) -> None:
    skeleton = input_skeleton(operation.name)
    if kind == "input":
        _print_json(skeleton)
        return
    from iotjobs.cli._output import yaml_input_skeleton

    _write(yaml_input_skeleton(operation))


def _output_format(settings: argparse.Namespace, profile_output: str | None) -> str:
    from iotjobs.cli._output import OUTPUT_FORMATS

    if settings.output:
        return str(settings.output)
    for origin, value in (("AWS_DEFAULT_OUTPUT", os.environ.get("AWS_DEFAULT_OUTPUT")),
                          ("the profile's output setting", profile_output)):
        if value:
            if value not in OUTPUT_FORMATS:
                raise ConfigurationError(f"{origin} is {value!r}, which is not an output format "
                                         f"({', '.join(OUTPUT_FORMATS)})")
            return value
    return "json"


def _print_response(response: dict[str, Any], operation: Operation, settings: argparse.Namespace,
                    query: Callable[[Any], Any] | None, profile_output: str | None) -> None:
    from iotjobs.cli._output import format_output, prepare

    output = _output_format(settings, profile_output)
    data: Any = prepare(response)
    if query is not None:
        data = query(data)
    _write(format_output(data, output, title=operation.name))


# -- the flow -----------------------------------------------------------------------------------------------


def _version() -> str:
    import platform
    from importlib.metadata import version

    return f"iotjobs/{version('iotjobs')} Python/{platform.python_version()} {platform.system()}/{platform.release()}"


def _compile_query(settings: argparse.Namespace) -> Callable[[Any], Any] | None:
    if settings.query is None:
        return None
    from iotjobs.cli._output import compile_query

    try:
        return compile_query(settings.query)
    except ValueError as error:
        raise UsageError(f"Bad value for --query {settings.query}: {error}") from None


def _connection(settings: argparse.Namespace) -> Any:
    from iotjobs.cli._aws import Connection

    return Connection(
        profile=settings.profile,
        region=settings.region,
        endpoint_url=settings.endpoint_url,
        verify_ssl=not settings.no_verify_ssl,
        ca_bundle=settings.ca_bundle,
        read_timeout=settings.cli_read_timeout,
        connect_timeout=settings.cli_connect_timeout,
        sign_request=not settings.no_sign_request,
    )


def run(invocation: Invocation, *, ask: Ask | None, say: Say | None, isatty: Callable[[], bool]) -> int:
    """Carry out a parsed command line; raise `CliError` / `ServiceError` on failure."""
    settings = invocation.settings
    if settings.version:
        _write(_version() + "\n")
        return EXIT_OK
    if invocation.command is None or invocation.help:
        from iotjobs.cli._help import command_help, top_help, watch_help

        if invocation.command == WATCH:
            _write(watch_help())
        else:
            _write(command_help(invocation.command) if invocation.command else top_help())
        return EXIT_OK
    if invocation.command == WATCH:
        return _watch(invocation)
    operation = get_operation(invocation.command)
    skeleton = settings.generate_cli_skeleton
    if skeleton in ("input", "yaml-input"):
        _print_input_skeleton(operation, skeleton)
        return EXIT_OK
    update_only = operation.name == "UpdateJob"
    if update_only and settings.dry_run and settings.plan:
        raise UsageError("--dry-run and --plan cannot be combined: give one of them")
    query = _compile_query(settings)
    params = build_parameters(operation, invocation, ask=ask, say=say, isatty=isatty)

    if update_only:
        update = validate_update(params)
        if skeleton == "output":  # UpdateJob has no output shape: nothing to print, as the AWS CLI
            return EXIT_OK
        values = request_values(params, update)
        if settings.dry_run:
            _print_json(http_request(operation, values))
            return EXIT_OK
    else:
        values = validate_describe(params)
        if skeleton == "output":
            from iotjobs.cli._output import DESCRIBE_JOB_OUTPUT_SKELETON

            _print_json(DESCRIBE_JOB_OUTPUT_SKELETON)
            return EXIT_OK

    from iotjobs.cli import _aws

    client, profile_output = _aws.make_client(_connection(settings))
    if update_only and settings.plan:
        from iotjobs._job import Job
        from iotjobs.cli._plan import render_plan

        job = Job.from_botocore(_aws.describe_job(client, {"jobId": update.job_id}))
        _write(render_plan(update, job))
        return EXIT_OK
    send = _aws.update_job if update_only else _aws.describe_job
    response = send(client, values)
    _print_response(response, operation, settings, query, profile_output)
    return EXIT_OK


def _watch(invocation: Invocation) -> int:
    """``watch-job``: a live progress line until the job ends; the exit code tells how it ended."""
    from iotjobs._checks import Problems
    from iotjobs._client import JobsClient
    from iotjobs._errors import ValidationError
    from iotjobs._limits import JOB_ID
    from iotjobs.cli import _aws
    from iotjobs.cli._watch import watch_job

    settings = invocation.settings
    job_id = invocation.options["--job-id"]
    p = Problems()
    p.string("jobId", job_id, JOB_ID)
    try:
        p.raise_if_any("--job-id")
    except ValidationError as error:
        raise UsageError(str(error)) from None
    client, _ = _aws.make_client(_connection(settings))
    with _aws._translated("DescribeJob"):
        return watch_job(JobsClient(boto3_client=client), job_id, interval=settings.interval,
                         timeout=settings.timeout, write=_write, live=sys.stdout.isatty(), output=settings.output)


@contextmanager
def _debug_logging(enabled: bool, stream: IO[str]) -> Iterator[None]:
    """``--debug``: botocore's and iotjobs' debug log on stderr, for the duration of the command."""
    if not enabled:
        yield
        return
    import logging

    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s - %(threadName)s - %(name)s - %(levelname)s - %(message)s"))
    loggers = [logging.getLogger(name) for name in ("botocore", "iotjobs", "urllib3")]
    saved = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    logging.getLogger("iotjobs").debug("iotjobs %s, arguments: %s", _version(), sys.argv[1:])
    try:
        yield
    finally:
        for logger, level in saved:
            logger.removeHandler(handler)
            logger.setLevel(level)


def _report(error: CliError) -> None:
    if isinstance(error, UsageError) and error.show_usage:
        from iotjobs.cli._help import usage

        sys.stderr.write(f"{usage()}\niotjobs: error: {error}\n")
    else:
        sys.stderr.write(f"\n{error}\n")


def _stdin_isatty() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def main(
    argv: Sequence[str] | None = None,
    *,
    ask: Ask | None = None,
    say: Say | None = None,
    isatty: Callable[[], bool] | None = None,
) -> int:
    """Run the ``iotjobs`` command with ``argv`` (default ``sys.argv[1:]``) and return its exit code.

    ``ask``, ``say`` and ``isatty`` replace the terminal for ``--cli-auto-prompt`` (tests inject them).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        with _debug_logging(debug, sys.stderr):
            return run(parse_command_line(args), ask=ask, say=say, isatty=isatty or _stdin_isatty)
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return EXIT_INTERRUPTED
    except CliError as error:
        if debug:
            import traceback

            traceback.print_exc()
        _report(error)
        return error.exit_code
    except ServiceError as error:
        sys.stderr.write(f"\nAn error occurred ({error.code}) when calling the {error.operation} operation: "
                         f"{error.message}\n")
        return EXIT_SERVICE
    except Exception as error:
        if debug:
            import traceback

            traceback.print_exc()
        sys.stderr.write(f"\n{type(error).__name__}: {error}\n")
        return EXIT_OTHER
