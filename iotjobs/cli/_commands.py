"""The ``iotjobs`` commands, one object each, and :data:`COMMANDS`, the table the parser, the help and the
runner read.

An AWS operation's command subclasses `OperationCommand`: its options are the operation's members (from
:mod:`iotjobs.cli._argmodel`), ``--cli-input-json``/``--cli-input-yaml``/``--generate-cli-skeleton`` and the
global options; it validates the request locally, sends it through `iotjobs.JobsClient` and prints the response
as the AWS CLI does. A command of iotjobs' own (``watch-job``) subclasses `Command` directly.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from iotjobs.cli._argmodel import Operation, get_operation, input_skeleton
from iotjobs.cli._command import Command, GlobalSettings, Io, check_output_format, settings_from, write_json
from iotjobs.cli._errors import EXIT_OK, EXIT_PLAN_CHANGES, UsageError
from iotjobs.cli._options import COMMAND_OPTIONS, UPDATE_ONLY_OPTIONS, WATCH_OPTIONS, OptionSpec

if TYPE_CHECKING:
    from iotjobs._client import JobsClient
    from iotjobs._update import JobUpdate
    from iotjobs.cli._help import CommandPage
    from iotjobs.cli._request import Parameters

__all__ = [
    "COMMANDS",
    "DescribeJobCommand",
    "OperationCommand",
    "OperationSettings",
    "UpdateJobCommand",
    "UpdateJobSettings",
    "WatchJobCommand",
    "WatchSettings",
    "find_command",
]

_EMPTY: Mapping[str, Any] = MappingProxyType({})


# -- shared steps -------------------------------------------------------------------------------------------


def compile_query(settings: GlobalSettings) -> Callable[[Any], Any] | None:
    """``--query`` compiled before anything is sent (a bad expression is a usage error)."""
    if settings.query is None:
        return None
    from iotjobs.cli._output import compile_query as compile_expression

    try:
        return compile_expression(settings.query)
    except ValueError as error:
        raise UsageError(f"Bad value for --query {settings.query}: {error}") from None


def output_format(settings: GlobalSettings, profile_output: str | None) -> str:
    """``--output``, else ``AWS_DEFAULT_OUTPUT``, else the profile's ``output``, else json; an unusable one
    is a usage error (252), found before any request."""
    if settings.output:
        return settings.output
    for origin, value in (("AWS_DEFAULT_OUTPUT", os.environ.get("AWS_DEFAULT_OUTPUT")),
                          ("the profile's output setting", profile_output)):
        if value:
            return check_output_format(origin, value)
    return "json"


def connect(settings: GlobalSettings) -> tuple[JobsClient, str | None]:
    """A `JobsClient` for the global options, and the profile's ``output`` setting."""
    from iotjobs.cli import _aws

    connection = _aws.Connection(
        profile=settings.profile,
        region=settings.region,
        endpoint_url=settings.endpoint_url,
        verify_ssl=not settings.no_verify_ssl,
        ca_bundle=settings.ca_bundle,
        read_timeout=settings.cli_read_timeout,
        connect_timeout=settings.cli_connect_timeout,
        sign_request=not settings.no_sign_request,
    )
    return _aws.make_jobs_client(connection)


def _wants_prompt(settings: GlobalSettings, isatty: Callable[[], bool]) -> bool:
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


def print_local(data: Any, settings: GlobalSettings, query: Callable[[Any], Any] | None, io: Io, *, title: str,
                text: str | None) -> None:
    """Print what iotjobs made without asking AWS (``--dry-run``'s request, ``--plan``'s changes).

    Without ``--output`` and ``--query`` it is ``text`` when given (the plan as lines) or indented JSON; with
    them, ``--query`` applies to the data and ``--output`` formats it as it formats a response (json when only
    ``--query`` is given). ``AWS_DEFAULT_OUTPUT`` and the profile's output setting are for responses: they do
    not change this output, and a dry run needs no profile.
    """
    if settings.output is None and query is None:
        if text is not None:
            io.write(text)
        else:
            write_json(data)
        return
    from iotjobs.cli._output import format_output

    if query is not None:
        data = query(data)
    io.write(format_output(data, settings.output or "json", title=title))


# -- commands for an AWS operation --------------------------------------------------------------------------


@dataclass(frozen=True)
class OperationSettings:
    """What the command line gave an AWS operation's command.

    ``options`` maps each API member option given (``--abort-config``) to its raw text (``True``/``False`` for
    ``--[no-]before-substitution``).
    """

    globals: GlobalSettings
    options: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    cli_input_json: str | None = None
    cli_input_yaml: str | None = None
    generate_cli_skeleton: str | None = None


_OS = TypeVar("_OS", bound=OperationSettings)


class OperationCommand(Command[_OS]):
    """A command that sends one AWS operation: parse -> build -> validate -> send -> print."""

    operation: ClassVar[Operation]
    options: ClassVar[tuple[OptionSpec, ...]] = COMMAND_OPTIONS
    settings_type: ClassVar[type[OperationSettings]] = OperationSettings
    output_skeleton: ClassVar[Any] = None
    """What ``--generate-cli-skeleton output`` prints (``None``: nothing, the operation has no output)."""

    def settings(self, namespace: argparse.Namespace, given: Mapping[str, Any], globals_: GlobalSettings) -> _OS:
        made: Any = settings_from(self.settings_type, namespace, globals=globals_,
                                  options=MappingProxyType(dict(given)))
        return made  # type: ignore[no-any-return]

    def help(self) -> str:
        from iotjobs.cli._help import operation_help

        return operation_help(self.operation, self.options, self.page())

    def page(self) -> CommandPage:
        """The prose of the help page."""
        raise NotImplementedError

    def validate(self, params: Parameters) -> dict[str, Any]:
        """Check the request with the builders; return the members to send."""
        raise NotImplementedError

    # The steps, for subclasses that add their own between them.

    def print_input_skeleton(self, settings: OperationSettings, io: Io) -> bool:
        """``--generate-cli-skeleton input|yaml-input``: print it and tell the caller to stop."""
        kind = settings.generate_cli_skeleton
        if kind == "input":
            write_json(input_skeleton(self.operation.name))
            return True
        if kind == "yaml-input":
            from iotjobs.cli._output import yaml_input_skeleton

            io.write(yaml_input_skeleton(self.operation))
            return True
        return False

    def parameters(self, settings: OperationSettings, io: Io) -> Parameters:
        """The input document, overridden by the options given, completed by the prompt when asked for."""
        from iotjobs.cli._request import load_cli_input, merge, parse_options

        if settings.cli_input_json is not None and settings.cli_input_yaml is not None:
            raise UsageError("--cli-input-json and --cli-input-yaml cannot be combined: give one of them")
        cli_input = None
        for option, text in (("--cli-input-json", settings.cli_input_json),
                             ("--cli-input-yaml", settings.cli_input_yaml)):
            if text is not None:
                cli_input = (option, load_cli_input(option, text))
        options = parse_options(self.operation, settings.options)
        if _wants_prompt(settings.globals, io.isatty):
            from iotjobs.cli._prompt import prompt_parameters, terminal_ask, terminal_say

            given = {**(cli_input[1] if cli_input else {}), **options}
            options.update(prompt_parameters(self.operation, given, io.ask or terminal_ask, io.say or terminal_say))
            options = {member.name: options[member.name] for member in self.operation.members
                       if member.name in options}
        return merge(self.operation, options, cli_input)

    def send(self, settings: OperationSettings, values: dict[str, Any], query: Callable[[Any], Any] | None,
             io: Io) -> int:
        """Send the request and print the response in the chosen output format."""
        from iotjobs.cli._output import format_output, prepare

        client, profile_output = connect(settings.globals)
        output = output_format(settings.globals, profile_output)
        response = client.send(self.operation.name, values)
        data: Any = prepare(response)
        if query is not None:
            data = query(data)
        io.write(format_output(data, output, title=self.operation.name))
        return EXIT_OK

    def run(self, settings: _OS, io: Io) -> int:
        if self.print_input_skeleton(settings, io):
            return EXIT_OK
        query = compile_query(settings.globals)
        values = self.validate(self.parameters(settings, io))
        if settings.generate_cli_skeleton == "output":
            if self.output_skeleton is not None:
                write_json(self.output_skeleton)
            return EXIT_OK
        return self.send(settings, values, query, io)


@dataclass(frozen=True)
class UpdateJobSettings(OperationSettings):
    dry_run: bool = False
    plan: bool = False
    detailed_exitcode: bool = False


class UpdateJobCommand(OperationCommand[UpdateJobSettings]):
    name = "update-job"
    summary = "change a job's rollout, abort, timeout, retry and other settings"
    operation = get_operation("UpdateJob")
    options = COMMAND_OPTIONS + UPDATE_ONLY_OPTIONS
    settings_type = UpdateJobSettings

    def page(self) -> CommandPage:
        from iotjobs.cli._help import UPDATE_JOB_PAGE

        return UPDATE_JOB_PAGE

    def run(self, settings: UpdateJobSettings, io: Io) -> int:
        from iotjobs.cli._request import http_request, request_values, validate_update

        if self.print_input_skeleton(settings, io):
            return EXIT_OK
        if settings.dry_run and settings.plan:
            raise UsageError("--dry-run and --plan cannot be combined: give one of them")
        if settings.detailed_exitcode and not settings.plan:
            raise UsageError("--detailed-exitcode needs --plan (it tells whether the plan has changes)")
        query = compile_query(settings.globals)
        params = self.parameters(settings, io)
        update = validate_update(params)
        if settings.generate_cli_skeleton == "output":  # UpdateJob has no output shape: nothing, as the AWS CLI
            return EXIT_OK
        values = request_values(params, update)
        if settings.dry_run:
            request = http_request(self.operation, values)
            print_local(request, settings.globals, query, io, title="UpdateJob", text=None)
            return EXIT_OK
        if settings.plan:
            return self._plan(settings, update, query, io)
        return self.send(settings, values, query, io)

    def _plan(self, settings: UpdateJobSettings, update: JobUpdate, query: Callable[[Any], Any] | None,
              io: Io) -> int:
        """Describe the job and print what the update would change; with ``--detailed-exitcode``, exit 2 when
        it would change something."""
        import warnings

        from iotjobs._job import UnreadableConfigWarning
        from iotjobs.cli._plan import format_plan, plan

        client, _ = connect(settings.globals)
        with warnings.catch_warnings():
            # The plan itself says which stored config iotjobs cannot read: no warning on stderr as well.
            warnings.simplefilter("ignore", UnreadableConfigWarning)
            job = client.describe_job(update.job_id)
        data = plan(update, job)
        print_local(data, settings.globals, query, io, title="Plan", text=format_plan(data))
        return EXIT_PLAN_CHANGES if settings.detailed_exitcode and data["pending"] else EXIT_OK


class DescribeJobCommand(OperationCommand[OperationSettings]):
    name = "describe-job"
    summary = "show a job"
    operation = get_operation("DescribeJob")

    @property
    def output_skeleton(self) -> Any:
        from iotjobs.cli._output import DESCRIBE_JOB_OUTPUT_SKELETON

        return DESCRIBE_JOB_OUTPUT_SKELETON

    def page(self) -> CommandPage:
        from iotjobs.cli._help import DESCRIBE_JOB_PAGE

        return DESCRIBE_JOB_PAGE

    def validate(self, params: Parameters) -> dict[str, Any]:
        from iotjobs.cli._request import validate_describe

        return validate_describe(params)


# -- watch-job ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WatchSettings:
    globals: GlobalSettings
    job_id: str
    interval: float = 5.0
    timeout: float | None = None


class WatchJobCommand(Command[WatchSettings]):
    """``watch-job``: a live progress line until the job ends; the exit code tells how it ended."""

    name = "watch-job"
    summary = "follow a running job with a live progress line (not in the AWS CLI)"
    options = WATCH_OPTIONS

    def settings(self, namespace: argparse.Namespace, given: Mapping[str, Any],
                 globals_: GlobalSettings) -> WatchSettings:
        from iotjobs._checks import Problems
        from iotjobs._errors import ValidationError
        from iotjobs._limits import DESCRIBE_JOB_ID

        job_id = getattr(namespace, "job_id", None)
        if job_id is None:
            raise UsageError("the following arguments are required: --job-id", show_usage=True)
        p = Problems()
        p.string("jobId", job_id, DESCRIBE_JOB_ID)
        try:
            p.raise_if_any("--job-id")
        except ValidationError as error:
            from iotjobs.cli._request import job_id_hint

            hint = job_id_hint(job_id)
            raise UsageError(f"{error}\n{hint}" if hint else str(error)) from None
        made = settings_from(WatchSettings, namespace, globals=globals_)
        from iotjobs.cli._watch import check_timing

        check_timing(made.interval, made.timeout, globals_.output)
        return made

    def help(self) -> str:
        from iotjobs.cli._help import watch_help

        return watch_help()

    def run(self, settings: WatchSettings, io: Io) -> int:
        from iotjobs.cli._watch import watch_job

        client, _ = connect(settings.globals)
        return watch_job(client, settings.job_id, interval=settings.interval, timeout=settings.timeout,
                         write=io.write, live=io.stdout_isatty(), output=settings.globals.output)


# -- the table ----------------------------------------------------------------------------------------------

COMMANDS: Mapping[str, Command[Any]] = MappingProxyType({
    command.name: command
    for command in (UpdateJobCommand(), DescribeJobCommand(), WatchJobCommand())
})
"""Every command, in the order ``iotjobs help`` lists them."""


def find_command(name: str) -> Command[Any]:
    """The command called ``name`` (``KeyError`` for any other)."""
    return COMMANDS[name]


def command_help(command: str) -> str:
    """The help page of the command called ``command`` (``KeyError`` for an unknown one)."""
    return COMMANDS[command].help()
