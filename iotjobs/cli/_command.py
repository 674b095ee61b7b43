"""What a command of ``iotjobs`` is: a name, its arguments, its help page and ``run(settings, io) -> exit code``.

:mod:`iotjobs.cli._main` knows no command by name: it builds the parser from a command's arguments (the API
members of its operation, then its own `OptionSpec`\\ s, then the global options), turns what argparse read into
the command's typed, frozen settings with `Command.settings`, and calls `Command.run`. Adding a command means
writing one `Command` subclass and listing it in :data:`iotjobs.cli._commands.COMMANDS`.

Nothing here imports boto3, botocore or the builders.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from iotjobs.cli._errors import UsageError
from iotjobs.cli._options import GLOBAL_OPTIONS, OptionSpec

if TYPE_CHECKING:
    from iotjobs.cli._argmodel import Member, Operation

__all__ = [
    "Ask",
    "Command",
    "GlobalSettings",
    "Io",
    "Say",
    "check_global_settings",
    "check_output_format",
    "settings_from",
    "write",
    "write_json",
]

Ask = Callable[[str], "str | None"]
"""Shows a question and returns the answer (without the line break), or ``None`` at the end of the input."""

Say = Callable[[str], None]
"""Writes one line of explanation for the person answering."""


@dataclass(frozen=True)
class GlobalSettings:
    """The global options (:data:`iotjobs.cli._options.GLOBAL_OPTIONS`), typed; a field per option."""

    debug: bool = False
    endpoint_url: str | None = None
    no_verify_ssl: bool = False
    no_paginate: bool = False
    output: str | None = None
    query: str | None = None
    profile: str | None = None
    region: str | None = None
    version: bool = False
    color: str | None = None
    no_sign_request: bool = False
    ca_bundle: str | None = None
    cli_read_timeout: int | None = None
    cli_connect_timeout: int | None = None
    cli_binary_format: str | None = None
    no_cli_pager: bool = False
    cli_auto_prompt: bool | None = None


def check_global_settings(settings: GlobalSettings) -> None:
    """Refuse, before anything is read or sent, a global option botocore would trip over later (exit 252).

    The output format from ``AWS_DEFAULT_OUTPUT`` or the profile is checked where a response will be printed
    (:func:`iotjobs.cli._commands.output_format`, before the request): a dry run or a skeleton does not use it.
    """
    if settings.endpoint_url is not None:
        _check_endpoint_url(settings.endpoint_url)
    for option, value in (("--cli-read-timeout", settings.cli_read_timeout),
                          ("--cli-connect-timeout", settings.cli_connect_timeout)):
        if value is not None and value < 0:
            raise UsageError(f"{option} = {value}: must be a number of seconds, at least 0 (0 means no timeout)")


def check_output_format(origin: str, value: str) -> str:
    """``value`` if it is an output format; `UsageError` naming where it came from otherwise."""
    formats = next(spec.choices for spec in GLOBAL_OPTIONS if spec.name == "--output")
    if value not in formats:
        raise UsageError(f"{origin} is {value!r}, which is not an output format ({', '.join(formats)})")
    return value


def _check_endpoint_url(url: str) -> None:
    from urllib.parse import urlsplit

    if "://" not in url:
        raise UsageError(f"--endpoint-url {url!r} has no scheme: give the whole URL, e.g. "
                         f"'https://{url}' (or 'http://{url}' for a local endpoint)")
    problem = None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number from 0 to 65535
    except ValueError as error:
        problem = str(error)
    else:
        if parts.scheme not in ("http", "https"):
            problem = f"the scheme must be http or https, not {parts.scheme!r}"
        elif not parts.hostname:
            problem = "it names no host"
        elif any(character.isspace() for character in url):
            problem = "it contains white space"
    if problem:
        raise UsageError(f"--endpoint-url {url!r} is not a usable URL: {problem}")


_S = TypeVar("_S")


def settings_from(cls: type[_S], namespace: argparse.Namespace, **given: Any) -> _S:
    """An instance of the dataclass ``cls``: each field from ``given``, else from the namespace attribute of the
    same name, else the field's default. A flag argparse left at ``None`` takes the field's default."""
    values: dict[str, Any] = {}
    for item in fields(cls):  # type: ignore[arg-type]
        if item.name in given:
            values[item.name] = given[item.name]
        elif getattr(namespace, item.name, None) is not None:
            values[item.name] = getattr(namespace, item.name)
    return cls(**values)


@dataclass(frozen=True)
class Io:
    """The terminal a command talks to; tests replace it.

    ``ask`` / ``say`` are ``--cli-auto-prompt``'s question and explanation (``None``: the terminal's, on stderr
    and stdin); ``isatty`` tells whether standard input is a terminal; ``write`` prints the command's output.
    """

    ask: Ask | None = None
    say: Say | None = None
    isatty: Callable[[], bool] = field(default=lambda: _stdin_isatty())
    write: Callable[[str], None] = field(default=lambda text: write(text))

    def stdout_isatty(self) -> bool:
        try:
            return sys.stdout.isatty()
        except (AttributeError, ValueError):
            return False


def _stdin_isatty() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


class Command(ABC, Generic[_S]):
    """One ``iotjobs`` command.

    ``operation`` is the AWS API operation whose members are the command's first options (``None`` for a
    command of iotjobs' own, such as ``watch-job``); ``options`` are the command's own options. The parser
    adds the global options after both.
    """

    name: ClassVar[str]
    summary: ClassVar[str]
    """One line for the list of commands in ``iotjobs help``."""
    operation: ClassVar[Operation | None] = None
    options: ClassVar[tuple[OptionSpec, ...]] = ()

    @property
    def members(self) -> tuple[Member, ...]:
        """The API members given as options (``--job-id``, ``--abort-config``, ...)."""
        return self.operation.members if self.operation is not None else ()

    @property
    def arguments(self) -> tuple[str, ...]:
        """Every option this command accepts, its own and the global ones (for suggestions)."""
        names: list[str] = []
        for member in self.members:
            names.append(member.option)
            if member.negated_option:
                names.append(member.negated_option)
        names.extend(spec.name for spec in self.options)
        names.extend(spec.name for spec in GLOBAL_OPTIONS)
        return tuple(names)

    @abstractmethod
    def settings(self, namespace: argparse.Namespace, given: Mapping[str, Any], globals_: GlobalSettings) -> _S:
        """The command's typed settings from what argparse read (``given``: the API member options given,
        ``{"--abort-config": "criteriaList=[...]"}``); `UsageError` for a value the parser cannot check."""

    @abstractmethod
    def help(self) -> str:
        """The command's help page."""

    @abstractmethod
    def run(self, settings: _S, io: Io) -> int:
        """Carry out the command; return the exit code, raise `CliError` / `ServiceError` on failure."""


# -- output -------------------------------------------------------------------------------------------------


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: each character the encoding lacks becomes JSON's ``\\uXXXX`` escape (a surrogate
    pair beyond U+FFFF), so JSON output stays valid JSON that reads back to the same text."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chunk = error.object[error.start:error.end]
    return "".join(json.dumps(character)[1:-1] for character in chunk), error.end


_ESCAPE = "iotjobs.json-escape"
codecs.register_error(_ESCAPE, _json_escape)


def write(text: str) -> None:
    """Print to stdout; a reader that went away (``| head``) is not an error, as with the AWS CLI.

    A character the output encoding cannot represent (``PYTHONIOENCODING=ascii``) is written as JSON's
    ``\\uXXXX`` escape rather than failing the command after it succeeded (JSON output stays valid JSON).
    """
    if not text:
        return
    try:
        try:
            sys.stdout.write(text)
        except UnicodeEncodeError:
            encoding = getattr(sys.stdout, "encoding", None) or "ascii"
            sys.stdout.write(text.encode(encoding, _ESCAPE).decode(encoding))
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()


def _silence_stdout() -> None:
    """Python would report the closed pipe again when it flushes stdout at exit: point stdout at /dev/null."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (a test's capture)
        pass
    finally:
        os.close(devnull)


def write_json(data: Any) -> None:
    write(json.dumps(data, indent=4, ensure_ascii=False) + "\n")
