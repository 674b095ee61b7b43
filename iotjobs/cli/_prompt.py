"""``--cli-auto-prompt``: ask for each parameter of the command in turn, checking each answer at once.

Parameters come in the model's order (``--job-id`` first). Each question shows the option, whether it is
required, its type and, for a structure, its shorthand template (JSON and ``file://`` work too). An answer is
parsed like the option's value on the command line and validated on its own by the builders (the same checks as
for the whole request); an invalid answer is explained and asked again. An empty answer skips an optional
parameter; the end of the input skips every remaining one. Parameters already given (on the command line or in
``--cli-input-json``) are not asked for.

The I/O is injectable: ``ask(question)`` returns the answer, or ``None`` at the end of the input, and ``say``
writes a line of explanation. :func:`terminal_ask` reads standard input and writes the questions to stderr, so
standard output stays clean for the command's output.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from iotjobs._errors import ValidationError
from iotjobs._update import JobUpdate
from iotjobs.cli._argmodel import Member, Operation
from iotjobs.cli._command import Ask, Say
from iotjobs.cli._errors import UsageError
from iotjobs.cli._request import Parameters, parse_value, problem_lines, validate_describe

__all__ = ["Ask", "Say", "prompt_parameters", "terminal_ask", "terminal_say"]



def terminal_ask(question: str) -> str | None:
    """Ask on stderr, read one line of standard input."""
    sys.stderr.write(question)
    sys.stderr.flush()
    line = sys.stdin.readline()
    return None if line == "" else line.rstrip("\r\n")


def terminal_say(line: str) -> None:
    """Explain on stderr."""
    sys.stderr.write(line + "\n")


def _introduce(member: Member, say: Say) -> None:
    from iotjobs.cli._help import shorthand_syntax

    need = "required" if member.required else "optional, Enter to skip"
    say(f"{member.option} ({member.shape.type}, {need})")
    if member.shape.type == "structure":
        say(f"  shorthand: {shorthand_syntax(member.shape)}")
        say("  (or JSON starting with '{', or file://path)")
    elif member.shape.type == "boolean":
        say("  true or false")


def _check(operation: Operation, member: Member, value: Any, job_id: Any) -> None:
    """Validate one answer with the same checks as the whole request; `UsageError` lists its problems."""
    values = {"jobId": value if member.name == "jobId" else (job_id or "job"), member.name: value}
    params = Parameters(operation, values, {member.name: member.option})
    if operation.name == "DescribeJob":
        validate_describe(params)
        return
    try:
        JobUpdate.from_botocore(values)
    except ValidationError as error:
        problems = [e for e in error.errors if e.path.split(".")[0].split("[")[0] == member.name]
        if problems:
            raise UsageError("\n".join(problem_lines(params, problems))) from None


def prompt_parameters(operation: Operation, given: Mapping[str, Any], ask: Ask, say: Say) -> dict[str, Any]:
    """Ask for every parameter not in ``given`` (API member names); return the typed, validated answers."""
    answers: dict[str, Any] = {}
    for member in operation.members:
        if member.name in given:
            say(f"{member.option}: already given")
            continue
        _introduce(member, say)
        while True:
            answer = ask(f"{member.option}> ")
            if answer is None:  # end of the input: skip what is left
                return answers
            if not answer.strip():
                if member.required:
                    say(f"{member.option} is required.")
                    continue
                break
            try:
                value = parse_value(member.option, answer)
                _check(operation, member, value, answers.get("jobId", given.get("jobId")))
            except UsageError as error:
                say(str(error))
                say("Please try again.")
                continue
            answers[member.name] = value
            break
    return answers
