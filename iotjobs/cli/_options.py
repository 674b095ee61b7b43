"""The options every ``iotjobs`` command shares, defined once for the parser and the help pages.

Global options are accepted before and after the command, as the AWS CLI accepts them. The ones that have no
effect on UpdateJob or DescribeJob (``--no-paginate``, ``--color``, ``--cli-binary-format``, ``--no-cli-pager``)
are accepted so that a command line written for ``aws`` runs unchanged.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any

__all__ = ["COMMAND_OPTIONS", "GLOBAL_OPTIONS", "UPDATE_ONLY_OPTIONS", "WATCH_OPTIONS", "OptionSpec", "add_option"]


@dataclass(frozen=True)
class OptionSpec:
    """One command-line option: its name, the type shown in help, its help text and how argparse reads it.

    ``const`` makes a flag (``store_const``); ``optional_value`` lets a value-taking option appear alone, meaning
    its first choice (``--generate-cli-skeleton`` is ``--generate-cli-skeleton input``).
    """

    name: str
    type: str
    help: str
    choices: tuple[str, ...] = ()
    dest: str | None = None
    const: Any = None
    optional_value: bool = False
    no_effect: bool = False

    @property
    def is_flag(self) -> bool:
        return self.const is not None

    @property
    def destination(self) -> str:
        return self.dest or self.name.lstrip("-").replace("-", "_")


_NO_EFFECT = "Accepted for compatibility with the AWS CLI, with no effect here:"

GLOBAL_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec("--debug", "boolean", "Turn on debug logging (botocore and iotjobs, on stderr) and show a traceback "
               "for unexpected errors.", const=True),
    OptionSpec("--endpoint-url", "string", "Send requests to this URL instead of the Region's AWS IoT endpoint."),
    OptionSpec("--no-verify-ssl", "boolean", "Do not verify the endpoint's SSL certificate (by default it is "
               "verified).", const=True),
    OptionSpec("--no-paginate", "boolean", f"Disable automatic pagination. {_NO_EFFECT} UpdateJob and "
               "DescribeJob are not paginated.", const=True, no_effect=True),
    OptionSpec("--output", "string", "The formatting style of the command's output: json (the default, or the "
               "AWS_DEFAULT_OUTPUT environment variable, or the profile's output setting), text, table, yaml, "
               "yaml-stream.", choices=("json", "text", "table", "yaml", "yaml-stream")),
    OptionSpec("--query", "string", "A JMESPath expression applied to the response before it is printed "
               "(https://jmespath.org)."),
    OptionSpec("--profile", "string", "Use this profile from your AWS credentials and config files."),
    OptionSpec("--region", "string", "The AWS Region to send the request to. Overrides the environment and "
               "the profile's region."),
    OptionSpec("--version", "boolean", "Print the iotjobs version, the Python version and the platform, then exit.",
               const=True),
    OptionSpec("--color", "string", f"Turn on/off color output. {_NO_EFFECT} the output is never colored.",
               choices=("on", "off", "auto"), no_effect=True),
    OptionSpec("--no-sign-request", "boolean", "Do not sign requests: credentials are not loaded.", const=True),
    OptionSpec("--ca-bundle", "string", "The CA certificate bundle used to verify SSL certificates."),
    OptionSpec("--cli-read-timeout", "int", "The maximum socket read time in seconds; 0 means no timeout. The "
               "default is 60 seconds."),
    OptionSpec("--cli-connect-timeout", "int", "The maximum socket connect time in seconds; 0 means no timeout. "
               "The default is 60 seconds."),
    OptionSpec("--cli-binary-format", "string", f"How blob parameters are read. {_NO_EFFECT} no member of these "
               "operations is a blob.", choices=("base64", "raw-in-base64-out"), no_effect=True),
    OptionSpec("--no-cli-pager", "boolean", f"Disable the output pager. {_NO_EFFECT} iotjobs never pages its "
               "output.", const=True, no_effect=True),
    OptionSpec("--cli-auto-prompt", "boolean", "On a terminal, prompt for each parameter of the command in turn "
               "(showing whether it is required and its shorthand syntax), check each answer at once and ask "
               "again when it is invalid; an empty answer skips an optional parameter. Without a terminal the "
               "command fails (exit 252). The environment variable AWS_CLI_AUTO_PROMPT=on turns it on too "
               "when standard input is a terminal.", dest="cli_auto_prompt", const=True),
    OptionSpec("--no-cli-auto-prompt", "boolean", "Never prompt, even when AWS_CLI_AUTO_PROMPT=on.",
               dest="cli_auto_prompt", const=False),
)

COMMAND_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec("--cli-input-json", "string", "Read the parameters from this JSON document (inline, or "
               "file://path): its keys are the API member names, as --generate-cli-skeleton prints them. Options "
               "given on the command line override its values. Cannot be combined with --cli-input-yaml."),
    OptionSpec("--cli-input-yaml", "string", "The same as --cli-input-json, in YAML (inline, or file://path). "
               "Cannot be combined with --cli-input-json."),
    OptionSpec("--generate-cli-skeleton", "string", "Print a skeleton and send nothing (no credentials needed): "
               "input (the default) is a JSON input document for --cli-input-json, yaml-input the same in YAML for "
               "--cli-input-yaml, and output validates the other options and prints a sample of the output.",
               choices=("input", "yaml-input", "output"), optional_value=True),
)

UPDATE_ONLY_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec("--dry-run", "boolean", "Validate every parameter, then print the exact HTTP request as JSON "
               "(method, path, query, headers and body) and send nothing. Needs no credentials and no Region. "
               "--output and --query apply to that request.",
               const=True),
    OptionSpec("--plan", "boolean", "Describe the job (DescribeJob: needs credentials and the endpoint), then "
               "print field by field what this update would change, and send no UpdateJob. --output and --query "
               "apply to the plan's data (changes, notSent, counts, pending, notes); without them the plan is "
               "printed as lines.", const=True),
    OptionSpec("--detailed-exitcode", "boolean", "With --plan: exit 2 when the update would change the job "
               "(something to change, add or remove, or an unreadable stored config to replace) and 0 when it "
               "would change nothing, as 'terraform plan -detailed-exitcode', for review gates in CI. Errors keep "
               "their exit codes (252-255).", const=True),
)

WATCH_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec("--job-id", "string", "The job to follow (its ID, not its ARN)."),
    OptionSpec("--interval", "number", "Seconds between two looks; default 5."),
    OptionSpec("--timeout", "number", "Stop after this many seconds even if the job still runs; default: wait "
               "until it ends."),
)


def add_option(parser: argparse.ArgumentParser, spec: OptionSpec, *, suppress: bool = False) -> None:
    """Add ``spec`` to ``parser``; with ``suppress`` an option that is not given leaves no attribute."""
    kwargs: dict[str, Any] = {"dest": spec.destination}
    if suppress:
        kwargs["default"] = argparse.SUPPRESS
    if spec.is_flag:
        kwargs.update(action="store_const", const=spec.const)
    else:
        if spec.optional_value:
            kwargs.update(nargs="?", const=spec.choices[0])
        if spec.choices:
            kwargs["choices"] = spec.choices
        if spec.type == "int":
            kwargs["type"] = int
        elif spec.type == "number":
            kwargs["type"] = float
        kwargs["metavar"] = "<value>"
    parser.add_argument(spec.name, **kwargs)
