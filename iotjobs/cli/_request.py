"""From command-line values to one validated request, and the exact HTTP request a ``--dry-run`` prints.

The steps, as the AWS CLI takes them:

1. :func:`load_cli_input` reads ``--cli-input-json`` / ``--cli-input-yaml`` (API member names, ``file://`` allowed).
2. :func:`parse_options` parses each option given on the command line with
   :func:`iotjobs.cli._argmodel.parse_argument` (``file://``, JSON or shorthand, typed from the model).
3. :func:`merge` puts them together: the options first, in the model's order, then the input's members that no
   option overrides, in the input's order. That is also the order in which botocore serializes them, so the JSON
   body keeps the AWS CLI's member order.
4. :func:`validate_update` / :func:`validate_describe` check everything with the builders before anything is sent;
   each problem is reported on its own line, prefixed with the option that carried it.

Nothing here imports boto3 or botocore.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn

from iotjobs import _limits as L
from iotjobs._checks import Problems
from iotjobs._errors import FieldError, ValidationError
from iotjobs._update import JobUpdate
from iotjobs.cli._argmodel import ArgumentTypeError, Operation, find_member, parse_argument
from iotjobs.cli._errors import UsageError
from iotjobs.cli._shorthand import FILE_PREFIX, ShorthandError, read_file_argument

__all__ = [
    "CLI_INPUT_OPTIONS",
    "Parameters",
    "http_request",
    "job_id_hint",
    "load_cli_input",
    "merge",
    "parse_options",
    "problem_lines",
    "request_values",
    "validate_describe",
    "validate_update",
]

CLI_INPUT_OPTIONS = ("--cli-input-json", "--cli-input-yaml")


@dataclass
class Parameters:
    """The API members of one call and where each came from.

    ``values`` maps API member names (``abortConfig``) to their typed values, in the order botocore will get
    them; ``sources`` maps each member to the option that carried it (``--abort-config``) or to the input
    option (``--cli-input-json``) or ``prompt``.
    """

    operation: Operation
    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def option_for(self, member_name: str) -> str:
        """How to name the place a member came from in a message: ``--abort-config (in --cli-input-json)``."""
        try:
            option = self.operation.member(member_name).option
        except KeyError:
            # Only an input document can carry a member the operation does not have.
            return self.sources.get(member_name, "--cli-input-json")
        source = self.sources.get(member_name, option)
        return option if source == option else f"{option} (in {source})"


# -- 1. --cli-input-json / --cli-input-yaml -----------------------------------------------------------------


def load_cli_input(option: str, text: str) -> dict[str, Any]:
    """Read the document given to ``--cli-input-json`` or ``--cli-input-yaml`` (inline or ``file://``)."""
    try:
        content = read_file_argument(option, text) if text.startswith(FILE_PREFIX) else text
    except ShorthandError as exc:
        raise UsageError(f"Error reading {option}: {exc.message}") from None
    data: Any
    if option == "--cli-input-yaml":
        import yaml  # only YAML input pays for PyYAML

        try:
            data = _load_yaml(content)
        except yaml.YAMLError as exc:
            raise UsageError(f"Invalid YAML in {option}: {exc}") from None
    else:
        try:
            data = json.loads(content)
        except json.JSONDecodeError as exc:
            raise UsageError(
                f"Invalid JSON in {option}: {exc.msg} (line {exc.lineno}, column {exc.colno})\n"
                f"JSON received: {_shown(content)}"
            ) from None
        except (RecursionError, ValueError) as exc:  # nested too deep; an integer of more than 4300 digits
            reason = "nested too deep" if isinstance(exc, RecursionError) else str(exc).split(";")[0]
            raise UsageError(f"Invalid JSON in {option}: {reason}") from None
    if not isinstance(data, dict):
        raise UsageError(
            f"{option} must be an object whose keys are the API member names "
            f"(as --generate-cli-skeleton prints them), not {type(data).__name__}"
        )
    return data


# A YAML document is refused, not expanded, past these bounds: aliases can make a few lines stand for a billion
# values ("billion laughs"), and deep nesting exhausts the recursion limit. The AWS CLI's parameter parser stops
# at 100 levels too ("Nested more than 100 levels deep").
YAML_MAX_DEPTH = 100
YAML_MAX_VALUES = 100_000


def _shown(text: str, limit: int = 500) -> str:
    """At most ``limit`` characters of an input: a whole file is never echoed back."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def _load_yaml(content: str) -> Any:
    """``yaml.safe_load`` that counts the values aliases stand for and the nesting, and refuses past the bounds."""
    import yaml
    from yaml.composer import ComposerError

    class BoundedLoader(yaml.SafeLoader):
        def fetch_flow_collection_start(self, TokenClass: Any) -> None:  # PyYAML's name
            # Checked while scanning: each open '[' or '{' is scanned ahead of the composer, at a cost that grows
            # with the number open, so 100000 of them would take minutes before the composer saw the first.
            if self.flow_level >= YAML_MAX_DEPTH:
                raise ComposerError(None, None, f"nested more than {YAML_MAX_DEPTH} levels deep",
                                    self.get_mark())
            super().fetch_flow_collection_start(TokenClass)

        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self._depth = 0
            self._sizes: dict[int, int] = {}

        def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
            mark = self.get_mark()
            self._depth += 1
            try:
                if self._depth > YAML_MAX_DEPTH:
                    raise ComposerError(None, None, f"nested more than {YAML_MAX_DEPTH} levels deep", mark)
                node = super().compose_node(parent, index)
            finally:
                self._depth -= 1
            if node is not None and id(node) not in self._sizes:
                children: list[Any] = []
                if isinstance(node, yaml.SequenceNode):
                    children = node.value
                elif isinstance(node, yaml.MappingNode):
                    children = [child for pair in node.value for child in pair]
                size = 1 + sum(self._sizes.get(id(child), 1) for child in children)
                if size > YAML_MAX_VALUES:
                    raise ComposerError(None, None, f"stands for more than {YAML_MAX_VALUES} values (through "
                                        "aliases): refused rather than expanded", mark)
                self._sizes[id(node)] = size
            return node

    loader = BoundedLoader(content)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


# -- 2. options given on the command line -------------------------------------------------------------------


def parse_options(operation: Operation, given: Mapping[str, str | bool]) -> dict[str, Any]:
    """Parse the options given on the command line (``{"--abort-config": "criteriaList=[...]"}``).

    Returns the typed values by API member name, in the model's order. A boolean option arrives already
    typed (``--before-substitution`` / ``--no-before-substitution``).
    """
    values: dict[str, Any] = {}
    for member in operation.members:
        if member.option not in given:
            continue
        raw = given[member.option]
        values[member.name] = raw if isinstance(raw, bool) else parse_value(member.option, raw)
    return values


_BINARY_FILE_PREFIX = "fileb://"


def parse_value(option: str, text: str) -> Any:
    """Parse one option's text as the AWS CLI does; a malformed value raises `UsageError` (exit 252).

    ``fileb://path`` is refused for every member: none of these operations has a blob member. For a string
    member the AWS CLI reads the file as bytes (awscli/paramfile.py opens fileb:// paths in ``rb`` mode) and
    botocore then refuses the bytes ("Invalid type for parameter ..., valid types: <class 'str'>") after the
    credentials were loaded; iotjobs says so before anything is read or sent, rather than sending the text
    ``fileb://path`` itself.
    """
    if text.startswith(_BINARY_FILE_PREFIX):
        member = find_member(option)
        raise UsageError(
            f"{option}: {text!r}: fileb:// reads the file as binary, and {member.name} is a {member.shape.type}, "
            "not a blob (no member of these operations is binary). "
            f"Use file://{text[len(_BINARY_FILE_PREFIX):]} to read it as UTF-8 text."
        )
    try:
        return parse_argument(option, text)
    except (ShorthandError, ArgumentTypeError) as exc:
        raise UsageError(_shown(str(exc), 2000)) from None  # the message quotes the value, maybe a whole file
    except (RecursionError, ValueError) as exc:  # JSON nested too deep; an integer of more than 4300 digits
        reason = "nested too deep" if isinstance(exc, RecursionError) else str(exc).split(";")[0]
        raise UsageError(f"Error parsing parameter '{option}': {reason}") from None


# -- 3. merge -----------------------------------------------------------------------------------------------


def merge(
    operation: Operation, options: Mapping[str, Any], cli_input: tuple[str, Mapping[str, Any]] | None = None
) -> Parameters:
    """Command-line options override the input document's members (as in the AWS CLI)."""
    params = Parameters(operation)
    for name, value in options.items():
        params.values[name] = value
        params.sources[name] = operation.member(name).option
    if cli_input is not None:
        source, document = cli_input
        for name, value in document.items():
            if name not in params.values:
                params.values[name] = value
                params.sources[name] = source
    return params


# -- 4. validation ------------------------------------------------------------------------------------------

_FIRST_SEGMENT = re.compile(r"[.\[]")


def problem_lines(params: Parameters, errors: Iterable[FieldError]) -> list[str]:
    """One line per problem, each starting with the option that carried the member."""
    lines = []
    for error in errors:
        member = _FIRST_SEGMENT.split(error.path, maxsplit=1)[0]
        lines.append(f"{params.option_for(member)}: {error}")
    return lines


_JOB_ARN = re.compile(r"arn:aws[a-z-]*:iot:[^:]*:[^:]*:job/(?P<job_id>.+)")


def job_id_hint(value: Any) -> str | None:
    """A hint when a job's ARN was given where its id is expected."""
    match = _JOB_ARN.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    return f"hint: give the job id {match['job_id']!r}, not its ARN"


def _raise_problems(params: Parameters, errors: Iterable[FieldError]) -> NoReturn:
    errors = list(errors)
    lines = problem_lines(params, errors)
    count = "1 problem" if len(lines) == 1 else f"{len(lines)} problems"
    hint = job_id_hint(params.values.get("jobId")) if any(e.path == "jobId" for e in errors) else None
    raise UsageError("\n".join([f"Parameter validation failed ({count}; nothing was sent):", *lines,
                                *([hint] if hint else [])]))


def _require_job_id(params: Parameters) -> None:
    if params.values.get("jobId") is None:
        raise UsageError(
            "the following arguments are required: --job-id (AWS member jobId, which --cli-input-json or "
            "--cli-input-yaml may also give)",
            show_usage=True,
        )


def validate_update(params: Parameters) -> JobUpdate:
    """Check an UpdateJob request with the builders (every limit AWS documents); `UsageError` lists problems."""
    _require_job_id(params)
    try:
        return JobUpdate.from_botocore(params.values)
    except ValidationError as error:
        _raise_problems(params, error.errors)


def validate_describe(params: Parameters) -> dict[str, Any]:
    """Check a DescribeJob request (``jobId`` and the ``beforeSubstitution`` flag); return its values."""
    _require_job_id(params)
    p = Problems()
    allowed = [member.name for member in params.operation.members]
    for name, value in params.values.items():
        if name not in allowed:
            p.add(name, value, f"is not a member of DescribeJobRequest (members: {', '.join(allowed)})")
    p.string("jobId", params.values["jobId"], L.JOB_ID)
    flag = params.values.get("beforeSubstitution")
    if flag is not None and not isinstance(flag, bool):
        p.add("beforeSubstitution", flag, "must be true or false (AWS type boolean)")
    if p.errors:
        _raise_problems(params, p.errors)
    return dict(params.values)


# -- what is sent -------------------------------------------------------------------------------------------


def request_values(params: Parameters, update: JobUpdate) -> dict[str, Any]:
    """The UpdateJob members to send, once the builders accepted them.

    They are the values as given, so the request is the AWS CLI's to the byte: a JSON ``2`` for a double stays
    ``2`` and an input document keeps its member order. The builders parsed exactly these values, so they equal
    ``update.to_botocore()`` (``==`` treats ``2`` and ``2.0`` alike); should they ever differ, the compiled
    request is sent instead.
    """
    compiled = dict(update.to_botocore())
    return dict(params.values) if params.values == compiled else compiled


def http_request(operation: Operation, values: Mapping[str, Any]) -> dict[str, Any]:
    """The HTTP request botocore builds for ``values`` (rest-json): method, path, query, headers and body.

    ``jobId`` goes into the path, ``namespaceId`` / ``beforeSubstitution`` into the query string, and every
    other member into the JSON body, in the order of ``values``. No endpoint, signature or user agent: those
    depend on the credentials and the region, which a dry run does not need.
    """
    from urllib.parse import quote

    locations = {member.name: member.location for member in operation.members}
    query: dict[str, str] = {}
    body: dict[str, Any] = {}
    for name, value in values.items():
        if locations.get(name) == "querystring":
            query[name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
        elif locations.get(name) == "body":
            body[name] = value
    path = f"/jobs/{quote(str(values['jobId']), safe='')}"
    if operation.name == "UpdateJob":
        return {"method": "PATCH", "path": path, "query": query, "headers": {"Content-Type": "application/json"},
                "body": body}
    return {"method": "GET", "path": path, "query": query, "headers": {}, "body": None}
