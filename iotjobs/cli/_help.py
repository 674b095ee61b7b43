"""Help pages laid out like the AWS CLI's reference pages (NAME, DESCRIPTION, SYNOPSIS, OPTIONS, ...).

Each structure option shows its members as a tree (type, whether required, what it means and its documented
limits), then its shorthand syntax and its JSON syntax, both generated from the argument model
(:mod:`iotjobs.cli._argmodel`). The limits are read from `iotjobs._limits`, so a number is written down once.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

from iotjobs._limits import Limit
from iotjobs._model import OPERATIONS, Member, Operation, Shape, walk
from iotjobs.cli._options import GLOBAL_OPTIONS, OptionSpec

__all__ = [
    "DESCRIBE_JOB_PAGE",
    "UPDATE_JOB_PAGE",
    "CommandPage",
    "describe_limit",
    "json_syntax",
    "limits_for",
    "member_summary",
    "operation_help",
    "shorthand_syntax",
    "top_help",
    "usage",
]

_WIDTH = 100
_INDENT = " " * 7

# -- what each member means and its limits, from the shape model (paths as in error messages; [] = any item) --


def _by_path() -> dict[str, Shape]:
    shapes: dict[str, Shape] = {}
    for operation in OPERATIONS.values():
        for member in operation.members:
            shapes[member.name] = member.shape
            shapes.update(walk(member.shape, member.name))
    return shapes


_SHAPES = _by_path()


def member_summary(path: str) -> str:
    """What the member at ``path`` means, in one or two sentences ("" when the path is unknown)."""
    shape = _SHAPES.get(path)
    return shape.doc if shape is not None else ""


def limits_for(path: str) -> tuple[Limit, ...]:
    """The documented limits of the member at ``path`` (``abortConfig.criteriaList[].action``)."""
    shape = _SHAPES.get(path)
    return shape.limits if shape is not None else ()


def describe_limit(limit: Limit) -> str:
    """A limit in words, with where each bound comes from (`Limit.describe`)."""
    return limit.describe()


# -- syntax templates ---------------------------------------------------------------------------------------


def _shorthand_value(shape: Shape) -> str:
    if shape.type == "structure":
        return "{" + ",".join(f"{name}={_shorthand_value(member)}" for name, member in shape.members.items()) + "}"
    if shape.type == "list":
        assert shape.member is not None
        item = _shorthand_value(shape.member)
        return f"[{item},{item}]"
    return shape.type


def shorthand_syntax(shape: Shape) -> str:
    """The AWS CLI's shorthand template of a structure option: ``roleArn=string,expiresInSec=long``."""
    return ",".join(f"{name}={_shorthand_value(member)}" for name, member in shape.members.items())


def _json_lines(shape: Shape, indent: int) -> list[str]:
    pad = "  " * indent
    if shape.type == "structure":
        lines = ["{"]
        items = list(shape.members.items())
        for index, (name, member) in enumerate(items):
            value = _json_lines(member, indent + 1)
            comma = "," if index < len(items) - 1 else ""
            lines.append(f'{pad}  "{name}": {value[0]}')
            lines.extend(value[1:])
            lines[-1] += comma
        lines.append(pad + "}")
        return lines
    if shape.type == "list":
        assert shape.member is not None
        item = _json_lines(shape.member, indent + 1)
        return ["[", f"{pad}  {item[0]}", *item[1:], f"{pad}  ...", pad + "]"]
    if shape.enum:
        return ["|".join(f'"{value}"' for value in shape.enum)]
    if shape.type == "string":
        return ['"string"']
    if shape.type == "boolean":
        return ["true|false"]
    return [shape.type]


def json_syntax(shape: Shape) -> str:
    """The AWS CLI's JSON template of a structure option (enums as ``"A"|"B"``, lists with ``...``)."""
    return "\n".join(_json_lines(shape, 0))


# -- page layout --------------------------------------------------------------------------------------------


def _wrap(text: str, indent: int) -> list[str]:
    prefix = " " * indent
    wrapped = textwrap.wrap(text, _WIDTH, initial_indent=prefix, subsequent_indent=prefix, break_on_hyphens=False)
    return wrapped or [""]


def _heading(title: str) -> list[str]:
    return ["", title]


def _member_tree(shape: Shape, path: str, indent: int, required: Iterable[str] = ()) -> list[str]:
    lines: list[str] = []
    needed = set(required)
    for name, member in shape.members.items():
        member_path = f"{path}.{name}" if path else name
        flag = " [required]" if name in needed else ""
        lines.append(" " * indent + f"{name} -> ({member.type}){flag}")
        lines.extend(_member_body(member, member_path, indent + 4))
    return lines


def _member_body(shape: Shape, path: str, indent: int) -> list[str]:
    lines: list[str] = []
    if shape.doc:
        lines.extend(_wrap(shape.doc, indent))
    for limit in shape.limits:
        lines.extend(_wrap(f"Limits: {limit.describe()}", indent))
    if shape.type == "structure":
        lines.extend(_member_tree(shape, path, indent, shape.required))
    elif shape.type == "list":
        assert shape.member is not None
        lines.append(" " * indent + f"({shape.member.type})")
        lines.extend(_member_body(shape.member, f"{path}[]", indent + 4))
    return lines


def _option_section(member: Member) -> list[str]:
    shape = member.shape
    flag = " [required]" if member.required else ""
    if member.negated_option:
        lines = [f"{_INDENT}{member.option} | {member.negated_option} (boolean){flag}"]
    else:
        lines = [f"{_INDENT}{member.option} ({shape.type}){flag}"]
    lines.extend(_wrap(shape.doc, 10))
    lines.extend(_wrap(f"AWS member: {member.name} (sent in the {_LOCATION_WORDS[member.location]}).", 10))
    for limit in shape.limits:
        lines.extend(_wrap(f"Limits: {limit.describe()}", 10))
    if shape.type == "structure":
        lines.extend(_member_tree(shape, member.name, 10, shape.required))
        lines += ["", f"{_INDENT}Shorthand Syntax:", "", f"{' ' * 10}{shorthand_syntax(shape)}"]
        lines += ["", f"{_INDENT}JSON Syntax:", ""]
        lines += [" " * 10 + line for line in json_syntax(shape).splitlines()]
    lines.append("")
    return lines


_LOCATION_WORDS = {"uri": "URL path", "querystring": "query string", "body": "JSON body"}


def _spec_section(spec: OptionSpec) -> list[str]:
    lines = [f"{_INDENT}{spec.name} ({spec.type})"]
    lines.extend(_wrap(spec.help, 10))
    if spec.choices:
        lines.extend(f"{' ' * 10}o {choice}" for choice in spec.choices)
    lines.append("")
    return lines


def _synopsis(operation: Operation, extra: Iterable[str] = ()) -> list[str]:
    lines = [f"{' ' * 9}{operation.command}"]
    for member in operation.members:
        spelled = f"{member.option} | {member.negated_option}" if member.negated_option else f"{member.option} <value>"
        lines.append(f"{_INDENT}{spelled}" if member.required else f"{_INDENT}[{spelled}]")
    lines.append(f"{_INDENT}[--cli-input-json <value> | --cli-input-yaml <value>]")
    lines.append(f"{_INDENT}[--generate-cli-skeleton <value>]")
    lines.extend(f"{_INDENT}{line}" for line in extra)
    for spec in GLOBAL_OPTIONS:
        if spec.name == "--no-cli-auto-prompt":
            continue
        if spec.name == "--cli-auto-prompt":
            lines.append(f"{_INDENT}[--cli-auto-prompt | --no-cli-auto-prompt]")
        else:
            lines.append(f"{_INDENT}[{spec.name}{'' if spec.is_flag else ' <value>'}]")
    return lines


_EXIT_CODES = [
    "0    Success.",
    "2    update-job --plan --detailed-exitcode only: the update would change the job.",
    "252  The command line or a parameter value is invalid (an unknown option, malformed shorthand or JSON, "
    "a value outside the limits AWS documents); nothing was sent. The message names the option, the AWS member, "
    "the value and the limit.",
    "253  The configuration or the credentials are invalid or missing (no credentials, an unknown --profile, "
    "no Region, an unreadable config file).",
    "254  The request was sent and AWS answered with an error; its code and message are printed on stderr.",
    "255  Anything else, e.g. the endpoint could not be reached.",
    "130  Interrupted (Ctrl-C).",
]


def _exit_codes() -> list[str]:
    lines: list[str] = []
    for entry in _EXIT_CODES:
        lines.extend(textwrap.wrap(entry, _WIDTH, initial_indent=_INDENT, subsequent_indent=_INDENT + " " * 5))
    return lines


_UPDATE_DESCRIPTION = (
    "Updates the supported settings of an AWS IoT job (the UpdateJob API): its description, presigned URL, "
    "rollout, abort, timeout and retry configurations. A setting that is not given is not sent, and AWS leaves "
    "it as it is; a configuration that is sent replaces the stored one as a whole.",
    "The options are those of 'aws iot update-job', spelled the same way and taking the same shorthand, JSON and "
    "file:// values, so 'aws' can be replaced by 'iotjobs' in a command line and the same request is sent. "
    "Unlike the AWS CLI, iotjobs checks every value against every limit AWS documents (including the ones AWS "
    "states only in prose) before anything is sent, and exits with 252 naming the option, the member, the value "
    "and the limit.",
    "Beyond the AWS CLI: --dry-run prints the exact request and sends nothing; --plan describes the job and "
    "prints what the update would change.",
)

_DESCRIBE_DESCRIPTION = (
    "Describes an AWS IoT job (the DescribeJob API): its status, targets, configurations and execution counts.",
    "The options are those of 'aws iot describe-job'; the output is printed as AWS CLI v2 prints it "
    "(timestamps in ISO 8601).",
)

_ROLLOUT_EXAMPLE = (
    "maximumPerMinute=500,exponentialRate={baseRatePerMinute=50,incrementFactor=1.5,"
    "rateIncreaseCriteria={numberOfSucceededThings=200}}"
)
_ABORT_EXAMPLE = (
    "criteriaList=[{failureType=FAILED,action=CANCEL,thresholdPercentage=20.5,minNumberOfExecutedThings=100}]"
)
_ABORT_JSON_EXAMPLE = (
    '{"criteriaList": [{"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 20.5, '
    '"minNumberOfExecutedThings": 100}]}'
)

_UPDATE_EXAMPLES = f"""\
To change the rollout, abort and timeout configurations (shorthand):

    iotjobs update-job --job-id fw-42 \\
        --job-executions-rollout-config '{_ROLLOUT_EXAMPLE}' \\
        --abort-config '{_ABORT_EXAMPLE}' \\
        --timeout-config inProgressTimeoutInMinutes=60

The same abort configuration in JSON, and a retry configuration from a file:

    iotjobs update-job --job-id fw-42 \\
        --abort-config '{_ABORT_JSON_EXAMPLE}' \\
        --job-executions-retry-config file://retry.json

Everything from an input document, with one option overriding it:

    iotjobs update-job --generate-cli-skeleton > update.json     # then edit update.json
    iotjobs update-job --cli-input-json file://update.json --description "Firmware 1.2.4"

See the request without sending it, or what it would change in the job:

    iotjobs update-job --job-id fw-42 --timeout-config inProgressTimeoutInMinutes=60 --dry-run
    iotjobs update-job --job-id fw-42 --timeout-config inProgressTimeoutInMinutes=60 --plan
"""

_DESCRIBE_EXAMPLES = """\
To describe a job:

    iotjobs describe-job --job-id fw-42 --no-before-substitution

Only its status and rollout configuration, as a table:

    iotjobs describe-job --job-id fw-42 --output table \\
        --query '{status: job.status, rollout: job.jobExecutionsRolloutConfig}'
"""

_UPDATE_OUTPUT = (
    "None: UpdateJob returns an empty response and nothing is printed (as with the AWS CLI). With --dry-run, "
    "the request as JSON: {\"method\", \"path\", \"query\", \"headers\", \"body\"}. With --plan, one line per "
    "field the update sets: '~ path: old -> new' (changed), '+ path: new' (newly set), '- path: old' (dropped, "
    "because a configuration that is sent replaces the stored one), '= path: value' (unchanged), then the "
    "members the update does not send, and a summary."
)

_DESCRIBE_OUTPUT = (
    "documentSource -> (string) and job -> (structure): jobArn, jobId, targetSelection, status, forceCanceled, "
    "reasonCode, comment, targets, description, the configurations (presignedUrlConfig, "
    "jobExecutionsRolloutConfig, abortConfig, timeoutConfig, jobExecutionsRetryConfig), createdAt, "
    "lastUpdatedAt, completedAt, jobProcessDetails (counts of executions in each status), namespaceId, "
    "jobTemplateArn, documentParameters, isConcurrent, schedulingConfig, scheduledJobRollouts, "
    "destinationPackageVersions. 'iotjobs describe-job --generate-cli-skeleton output' prints a sample."
)


@dataclass(frozen=True)
class CommandPage:
    """The prose of an AWS operation's command page; the options and the syntax come from the model."""

    summary: str
    description: tuple[str, ...]
    examples: str
    output: str
    synopsis_extra: tuple[str, ...] = ()


UPDATE_JOB_PAGE = CommandPage(
    summary="update an AWS IoT job's settings, validated first",
    description=_UPDATE_DESCRIPTION,
    examples=_UPDATE_EXAMPLES,
    output=_UPDATE_OUTPUT,
    synopsis_extra=("[--dry-run | --plan [--detailed-exitcode]]",),
)

DESCRIBE_JOB_PAGE = CommandPage(
    summary="describe an AWS IoT job",
    description=_DESCRIBE_DESCRIPTION,
    examples=_DESCRIBE_EXAMPLES,
    output=_DESCRIBE_OUTPUT,
)


def operation_help(operation: Operation, options: Iterable[OptionSpec], page: CommandPage) -> str:
    """The help page of the command of ``operation``: its members, then ``options``, then the global options."""
    lines = [f"{operation.command.upper()}(iotjobs)"]
    lines += _heading("NAME")
    lines.append(f"{_INDENT}{operation.command} - {page.summary}")
    lines += _heading("DESCRIPTION")
    for paragraph in page.description:
        lines.extend(_wrap(paragraph, 7))
        lines.append("")
    lines += _heading("SYNOPSIS")
    lines += _synopsis(operation, page.synopsis_extra)
    lines += _heading("OPTIONS")
    for member in operation.members:
        lines.extend(_option_section(member))
    for spec in options:
        lines.extend(_spec_section(spec))
    lines += _heading("GLOBAL OPTIONS")
    lines.extend(_wrap("Accepted before or after the command, as the AWS CLI accepts them.", 7))
    lines.append("")
    for spec in GLOBAL_OPTIONS:
        lines.extend(_spec_section(spec))
    lines += _heading("EXAMPLES")
    lines += [f"{_INDENT}{line}" if line else "" for line in page.examples.splitlines()]
    lines += _heading("OUTPUT")
    lines.extend(_wrap(page.output, 7))
    lines += _heading("EXIT CODES")
    lines += _exit_codes()
    return _join(lines)


def _join(lines: list[str]) -> str:
    """The page's text, without runs of blank lines."""
    text = "\n".join(lines) + "\n"
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


def top_help(commands: Iterable[tuple[str, str]]) -> str:
    """The help page of ``iotjobs`` itself; ``commands`` lists each command's name and one-line summary."""
    lines = ["IOTJOBS(iotjobs)"]
    lines += _heading("NAME")
    lines.append(f"{_INDENT}iotjobs - AWS IoT Jobs UpdateJob and DescribeJob, validated before anything is sent")
    lines += _heading("DESCRIPTION")
    lines.extend(_wrap(
        "A command line for the two AWS IoT Jobs operations iotjobs covers, with the options, shorthand and "
        "output formats of the AWS CLI: 'aws iot update-job ...' and 'iotjobs update-job ...' (or "
        "'iotjobs iot update-job ...') send the same request. Every value is checked against every limit AWS "
        "documents before anything is sent.", 7))
    lines += _heading("SYNOPSIS")
    lines.append(f"{_INDENT}iotjobs [options] [iot] <command> [parameters]")
    lines += _heading("AVAILABLE COMMANDS")
    lines.extend(f"{_INDENT}o {name:<16}{summary}" for name, summary in commands)
    lines.append("")
    lines.extend(_wrap("Run 'iotjobs <command> help' (or 'iotjobs help <command>') for a command's options, "
                       "shorthand and JSON syntax.", 7))
    lines += _heading("GLOBAL OPTIONS")
    for spec in GLOBAL_OPTIONS:
        lines.extend(_spec_section(spec))
    lines += _heading("EXIT CODES")
    lines += _exit_codes()
    return _join(lines)


def watch_help() -> str:
    """The help page of ``watch-job`` (an iotjobs command with no AWS CLI counterpart)."""
    from iotjobs.cli._watch import INTERVAL_MAX, INTERVAL_MIN, TIMEOUT_MIN

    lines = ["WATCH-JOB(iotjobs)"]
    lines += _heading("NAME")
    lines.append(f"{_INDENT}watch-job - follow a running AWS IoT job until it ends")
    lines += _heading("DESCRIPTION")
    lines.extend(_wrap(
        "Describes the job every --interval seconds and shows one progress line: the job's status, a bar of "
        "executions in a terminal status out of all executions, the counts by status, how many executions "
        "reached a terminal status per minute over the last minute, and, when the job has a rollout "
        "configuration, the minutes until every target is notified (from the rollout preview). On a terminal "
        "the line is redrawn in place and fits the terminal's width (the least important parts are shortened "
        "or left out first); otherwise a line is printed each time the job's status or counts change. "
        "Nothing is changed.", 7))
    lines += _heading("SYNOPSIS")
    lines.append(f"{_INDENT}watch-job --job-id <value> [--interval <seconds>] [--timeout <seconds>] "
                 "[--output json|text]")
    lines += _heading("OPTIONS")
    lines.extend(_wrap("--job-id (string) the job to follow.", 7))
    lines.extend(_wrap(f"--interval (number) seconds between two looks, from {INTERVAL_MIN:g} to "
                       f"{INTERVAL_MAX:g}; default 5.", 7))
    lines.extend(_wrap(f"--timeout (number) stop after this many seconds (at least {TIMEOUT_MIN:g}) even if the job "
                       "still runs; default: wait until it ends.", 7))
    lines.extend(_wrap("--output (string) json prints JSON lines for logs: one object per change, with timestamp, "
                       "jobId, status, completed, total, counts, ratePerMinute and etaMinutes (null when unknown). "
                       "text (the default) prints the progress line. AWS_DEFAULT_OUTPUT and the profile's output "
                       "setting do not apply to watch-job.", 7))
    lines += _heading("GLOBAL OPTIONS")
    lines.extend(_wrap("The global options of 'iotjobs help' (--region, --profile, --endpoint-url, ...).", 7))
    lines += _heading("EXIT CODES")
    lines.extend(_wrap("0 the job COMPLETED. 1 the job was CANCELED (by a user or an abort criterion) or is "
                       "being deleted. 2 --timeout passed while the job still runs. 252-255 and 130 as for the "
                       "other commands.", 7))
    return _join(lines)


def usage() -> str:
    """The short usage block printed before a command-line error (as the AWS CLI prints it)."""
    return (
        "usage: iotjobs [options] [iot] <command> [parameters]\n"
        "To see help text, you can run:\n\n"
        "  iotjobs help\n"
        "  iotjobs <command> help\n"
    )
