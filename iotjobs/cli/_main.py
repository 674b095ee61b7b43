"""The ``iotjobs`` command: parse -> build the request -> validate -> dry-run / plan / send -> output -> exit code.

Every command is an object in :data:`iotjobs.cli._commands.COMMANDS` (:class:`iotjobs.cli._command.Command`);
this module knows none of them by name. :func:`main` reads like the command runs:

1. :func:`parse_command_line` splits the global options (accepted before and after the command, as the AWS CLI
   accepts them; ``iotjobs iot update-job`` works too) from the command's own options, built from the command's
   arguments, and turns them into the command's typed settings.
2. ``--version`` and help answer at once.
3. ``command.run(settings, io)`` does the rest: for an AWS operation, ``--generate-cli-skeleton``, merging
   ``--cli-input-json`` / ``--cli-input-yaml``, the options and ``--cli-auto-prompt``'s answers, validating with
   the builders, then ``--dry-run`` / ``--plan`` or sending through `iotjobs.JobsClient` and printing the
   response (:mod:`iotjobs.cli._output`).
4. Every failure is a message and an exit code (:mod:`iotjobs.cli._errors`), never a traceback unless
   ``--debug``.

The dry-run path imports argparse, json and iotjobs' builders only: boto3, botocore, PyYAML and jmespath load
when a request is sent, YAML is read or written, or ``--query`` is given.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any, NoReturn

from iotjobs._errors import ServiceError
from iotjobs.cli._command import Ask, Command, GlobalSettings, Io, Say, check_global_settings, settings_from
from iotjobs.cli._commands import COMMANDS
from iotjobs.cli._errors import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OTHER,
    EXIT_SERVICE,
    CliError,
    UsageError,
)
from iotjobs.cli._options import GLOBAL_OPTIONS, add_option

__all__ = ["Invocation", "main", "parse_command_line"]

SERVICE_WORD = "iot"


class _ArgumentParser(argparse.ArgumentParser):
    """argparse, with its errors turned into exit 252 (argparse itself would print usage and exit 2)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message, show_usage=True)


# -- 1. the command line ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invocation:
    """What the command line asked for: a command and its typed settings, or (``command`` ``None``) the top
    help or the version.

    ``settings`` is the command's own settings type (``command.run`` takes it); ``globals`` the global options, a
    global option given after the command winning over one before it.
    """

    command: Command[Any] | None
    settings: Any
    globals: GlobalSettings
    help: bool = False


def _main_parser() -> _ArgumentParser:
    parser = _ArgumentParser(prog="iotjobs", add_help=False, allow_abbrev=False)
    for spec in GLOBAL_OPTIONS:
        add_option(parser, spec)
    parser.add_argument("-h", "--help", action="store_true", dest="help_flag")
    parser.add_argument("command", nargs="?")
    parser.add_argument("rest", nargs=argparse.REMAINDER)
    return parser


def _command_parser(command: Command[Any]) -> _ArgumentParser:
    """The command's API members, then its own options, then the global options (not given: no attribute)."""
    parser = _ArgumentParser(prog=f"iotjobs {command.name}", add_help=False, allow_abbrev=False)
    for member in command.members:
        if member.negated_option:
            parser.add_argument(member.option, dest=member.name, action="store_const", const=True,
                                default=argparse.SUPPRESS)
            parser.add_argument(member.negated_option, dest=member.name, action="store_const", const=False,
                                default=argparse.SUPPRESS)
        else:
            parser.add_argument(member.option, dest=member.name, metavar="<value>", default=argparse.SUPPRESS)
    for spec in command.options:
        add_option(parser, spec)
    for spec in GLOBAL_OPTIONS:
        add_option(parser, spec, suppress=True)
    parser.add_argument("-h", "--help", action="store_true", dest="help_flag")
    parser.add_argument("help", nargs="?", metavar="help")
    return parser


def _nearest(word: str, choices: Sequence[str]) -> str | None:
    """The choice closest to a mistyped ``word`` (difflib's ratio of at least 0.6), if any."""
    import difflib

    found = difflib.get_close_matches(word, choices, n=1)
    return found[0] if found else None


def _command_named(name: str) -> Command[Any]:
    if name not in COMMANDS:
        nearest = _nearest(name, list(COMMANDS))
        hint = f"\ndid you mean '{nearest}'?" if nearest else ""
        raise UsageError(
            f"argument command: Invalid choice '{name}', valid choices are: {' | '.join(COMMANDS)}{hint}",
            show_usage=True,
        )
    return COMMANDS[name]


def _unknown_arguments(command: Command[Any], unknown: Sequence[str]) -> UsageError:
    """argparse's "unrecognized arguments", with the nearest known option for each mistyped one."""
    hints = []
    for argument in unknown:
        if argument.startswith("--"):
            option = argument.split("=", 1)[0]
            nearest = _nearest(option, command.arguments)
            if nearest:
                hints.append(f"did you mean {nearest} (for {option})?")
    suffix = "".join(f"\n{hint}" for hint in hints)
    return UsageError(f"unrecognized arguments: {' '.join(unknown)}{suffix}", show_usage=True)


def parse_command_line(argv: Sequence[str]) -> Invocation:
    """Split ``argv`` into the command and its typed settings; `UsageError` when invalid."""
    top = _main_parser().parse_args(list(argv))
    name, rest = top.command, list(top.rest)
    if name == SERVICE_WORD:  # "iotjobs iot update-job ...", as "aws iot update-job ..."
        name = rest.pop(0) if rest else None
    top_globals = settings_from(GlobalSettings, top)
    if top.help_flag and name in COMMANDS:  # "iotjobs --help update-job"
        return Invocation(COMMANDS[name], None, top_globals, help=True)
    if name == "help" and rest:  # "iotjobs help update-job" is "iotjobs update-job help"
        target = rest[1] if rest[0] == SERVICE_WORD and len(rest) > 1 else rest[0]
        return Invocation(_command_named(target), None, top_globals, help=True)
    if name is None or name == "help" or top.help_flag:
        wants_help = name == "help" or bool(top.help_flag)
        if name is None and not wants_help and not top.version:
            raise UsageError("the following arguments are required: command", show_usage=True)
        return Invocation(None, None, top_globals, help=wants_help)
    command = _command_named(name)
    sub, unknown = _command_parser(command).parse_known_args(rest)
    if unknown:
        raise _unknown_arguments(command, unknown)
    if sub.help not in (None, "help"):
        raise UsageError(f"Unknown options: {sub.help}", show_usage=True)
    merged = argparse.Namespace(**{**vars(top), **vars(sub)})
    globals_ = settings_from(GlobalSettings, merged)
    if sub.help == "help" or sub.help_flag:
        return Invocation(command, None, globals_, help=True)
    check_global_settings(globals_)
    given = {member.option: getattr(sub, member.name) for member in command.members if hasattr(sub, member.name)}
    return Invocation(command, command.settings(merged, given, globals_), globals_)


# -- the flow -----------------------------------------------------------------------------------------------


def _version() -> str:
    import platform
    from importlib.metadata import version

    return f"iotjobs/{version('iotjobs')} Python/{platform.python_version()} {platform.system()}/{platform.release()}"


def run(invocation: Invocation, io: Io) -> int:
    """Carry out a parsed command line; raise `CliError` / `ServiceError` on failure."""
    if invocation.globals.version:
        io.write(_version() + "\n")
        return EXIT_OK
    if invocation.command is None:
        from iotjobs.cli._help import top_help

        io.write(top_help((command.name, command.summary) for command in COMMANDS.values()))
        return EXIT_OK
    if invocation.help:
        io.write(invocation.command.help())
        return EXIT_OK
    return invocation.command.run(invocation.settings, io)


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
    io = Io(ask=ask, say=say) if isatty is None else Io(ask=ask, say=say, isatty=isatty)
    try:
        with _debug_logging(debug, sys.stderr):
            return run(parse_command_line(args), io)
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
