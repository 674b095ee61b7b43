"""The hard-coded UpdateJob/DescribeJob argument model: drift against botocore, typing, skeletons."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from awscli.shorthand import BackCompatVisitor  # type: ignore[import-untyped]
from botocore import xform_name
from botocore.model import ListShape, OperationModel, StringShape, StructureShape
from botocore.model import Shape as BotocoreShape

from iotjobs.cli._argmodel import (
    OPERATIONS,
    ArgumentTypeError,
    Shape,
    coerce,
    find_member,
    get_operation,
    input_skeleton,
    parse_argument,
)
from iotjobs.cli._shorthand import JSONArgumentError, parse_shorthand


@pytest.fixture(scope="module")
def iot_operations() -> dict[str, OperationModel]:
    """botocore's iot UpdateJob and DescribeJob operation models."""
    model = botocore.session.get_session().get_service_model("iot")
    return {name: model.operation_model(name) for name in OPERATIONS}


# -- drift against botocore ---------------------------------------------------------------------


def _describe_botocore(shape: BotocoreShape) -> dict[str, Any]:
    """A botocore shape as plain data: type, ordered members, required, list member, enum."""
    if isinstance(shape, StructureShape):
        return {
            "type": "structure",
            "required": list(shape.required_members),
            "members": [(name, _describe_botocore(member)) for name, member in shape.members.items()],
        }
    if isinstance(shape, ListShape):
        return {"type": "list", "member": _describe_botocore(shape.member)}
    if isinstance(shape, StringShape):
        return {"type": "string", "enum": list(shape.enum)}
    return {"type": shape.type_name}


def _describe_ours(shape: Shape) -> dict[str, Any]:
    """Our shape as the same plain data as `_describe_botocore`."""
    if shape.type == "structure":
        return {
            "type": "structure",
            "required": list(shape.required),
            "members": [(name, _describe_ours(member)) for name, member in shape.members.items()],
        }
    if shape.type == "list":
        assert shape.member is not None
        return {"type": "list", "member": _describe_ours(shape.member)}
    if shape.type == "string":
        return {"type": "string", "enum": list(shape.enum)}
    return {"type": shape.type}


@pytest.mark.parametrize("operation", ["UpdateJob", "DescribeJob"])
def test_model_matches_botocore(operation: str, iot_operations: dict[str, OperationModel]) -> None:
    """Member names, order, CLI options, locations, required flags and the shape trees equal botocore's."""
    input_shape = iot_operations[operation].input_shape
    assert isinstance(input_shape, StructureShape)
    expected = [
        {
            "name": name,
            "option": "--" + xform_name(name, "-"),
            "location": shape.serialization.get("location", "body"),
            "location_name": shape.serialization.get("name", name),
            "required": name in input_shape.required_members,
            "shape": _describe_botocore(shape),
        }
        for name, shape in input_shape.members.items()
    ]
    ours = [
        {
            "name": member.name,
            "option": member.option,
            "location": member.location,
            "location_name": member.name,
            "required": member.required,
            "shape": _describe_ours(member.shape),
        }
        for member in OPERATIONS[operation].members
    ]
    assert ours == expected


def test_operation_http_and_cli_command_names(iot_operations: dict[str, OperationModel]) -> None:
    """Each operation's CLI command is awscli's `xform_name(name, '-')`."""
    for name, operation in OPERATIONS.items():
        assert operation.name == name == iot_operations[name].name
        assert operation.command == xform_name(name, "-")


# -- --generate-cli-skeleton input --------------------------------------------------------------


def _aws_skeleton(command: str, tmp_path: Path) -> str:
    """Run the real `aws iot <command> --generate-cli-skeleton input` from this venv."""
    aws = Path(sys.executable).parent / "aws"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env |= {
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": str(tmp_path / "no-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "no-credentials"),
    }
    done = subprocess.run(
        [str(aws), "iot", command, "--generate-cli-skeleton", "input"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        timeout=120,
    )
    return done.stdout


def _adopt_enum_choices(shape: Shape, theirs: Any, ours: Any) -> Any:
    """`theirs` with each enum value replaced by ours, after checking it is one of the enum's values.

    botocore's ArgumentGenerator picks enum placeholders with `random.choice`.
    """
    if shape.type == "structure":
        return {name: _adopt_enum_choices(shape.members[name], theirs[name], ours[name]) for name in theirs}
    if shape.type == "list":
        assert shape.member is not None
        return [_adopt_enum_choices(shape.member, t, o) for t, o in zip(theirs, ours, strict=True)]
    if shape.enum:
        assert theirs in shape.enum
        return ours
    return theirs


@pytest.mark.parametrize("operation", ["UpdateJob", "DescribeJob"])
def test_input_skeleton_matches_aws_cli(operation: str, tmp_path: Path) -> None:
    """`input_skeleton` is what the real aws CLI prints (enum placeholders are random there)."""
    command = OPERATIONS[operation].command
    printed = _aws_skeleton(command, tmp_path)
    theirs = json.loads(printed)
    assert printed == json.dumps(theirs, indent=4) + "\n"  # the CLI prints json.dumps(indent=4)
    ours = input_skeleton(operation)
    top = Shape("structure", members={m.name: m.shape for m in OPERATIONS[operation].members})
    normalised = _adopt_enum_choices(top, theirs, ours)
    assert json.dumps(ours, indent=4) == json.dumps(normalised, indent=4)
    assert input_skeleton(command) == ours


def test_input_skeleton_is_fresh_and_deterministic() -> None:
    """Each call returns a new dict, with the first enum value as the placeholder."""
    first = input_skeleton("UpdateJob")
    first["abortConfig"]["criteriaList"].clear()
    second = input_skeleton("update-job")
    assert second["abortConfig"]["criteriaList"][0]["failureType"] == "FAILED"
    assert second["jobExecutionsRetryConfig"]["criteriaList"][0] == {"failureType": "FAILED", "numberOfRetries": 0}
    assert input_skeleton("describe-job") == {"jobId": "", "beforeSubstitution": True}


# -- coerce -------------------------------------------------------------------------------------


def test_coerce_spec_rollout_example_gives_the_observed_request_body() -> None:
    """The spec's observed request: integers become int and `incrementFactor=2` becomes 2.0."""
    parsed = parse_shorthand(
        "maximumPerMinute=100,exponentialRate={baseRatePerMinute=50,incrementFactor=2,"
        "rateIncreaseCriteria={numberOfNotifiedThings=1000}}"
    )
    typed = coerce("--job-executions-rollout-config", parsed)
    assert json.dumps(typed, separators=(",", ":")) == (
        '{"maximumPerMinute":100,"exponentialRate":{"baseRatePerMinute":50,"incrementFactor":2.0,'
        '"rateIncreaseCriteria":{"numberOfNotifiedThings":1000}}}'
    )
    assert isinstance(typed["exponentialRate"]["incrementFactor"], float)


def test_coerce_abort_and_retry_lists() -> None:
    """Members of structures inside lists are typed (double, integer), strings and enums stay."""
    abort = coerce(
        "abortConfig",
        parse_shorthand(
            "criteriaList=[{failureType=FAILED,action=CANCEL,thresholdPercentage=20,minNumberOfExecutedThings=100}]"
        ),
    )
    assert abort == {
        "criteriaList": [
            {"failureType": "FAILED", "action": "CANCEL", "thresholdPercentage": 20.0, "minNumberOfExecutedThings": 100}
        ]
    }
    assert isinstance(abort["criteriaList"][0]["thresholdPercentage"], float)
    retry = coerce(
        "--job-executions-retry-config", parse_shorthand("criteriaList=[{failureType=ALL,numberOfRetries=3}]")
    )
    assert retry == {"criteriaList": [{"failureType": "ALL", "numberOfRetries": 3}]}


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--timeout-config", {"inProgressTimeoutInMinutes": "60"}, {"inProgressTimeoutInMinutes": 60}),
        ("--presigned-url-config", {"expiresInSec": "+3600"}, {"expiresInSec": 3600}),
        ("--presigned-url-config", {"expiresInSec": " 90 "}, {"expiresInSec": 90}),
        ("--presigned-url-config", {"roleArn": "123"}, {"roleArn": "123"}),
        ("--before-substitution", "TRUE", True),
        ("--before-substitution", "False", False),
        ("beforeSubstitution", True, True),
        ("--job-id", "fw-42", "fw-42"),
        ("jobId", "fw-42", "fw-42"),
    ],
)
def test_coerce_scalars_like_awscli(option: str, value: Any, expected: Any) -> None:
    """int() for integer/long, float() for double, case-insensitive true/false, strings unchanged."""
    assert coerce(option, value) == expected


def test_coerce_leaves_unknown_keys_and_does_not_mutate_input() -> None:
    """Unknown keys pass through (as in awscli, validation reports them) and the input is not modified."""
    value = {"maximumPerMinute": "5", "bogus": "x", "exponentialRate": {"incrementFactor": "1.5", "extra": "1"}}
    before = copy.deepcopy(value)
    assert coerce("--job-executions-rollout-config", value) == {
        "maximumPerMinute": 5,
        "bogus": "x",
        "exponentialRate": {"incrementFactor": 1.5, "extra": "1"},
    }
    assert value == before


SHORTHAND_FOR_AWSCLI = [
    ("jobExecutionsRolloutConfig", "maximumPerMinute=500"),
    (
        "jobExecutionsRolloutConfig",
        "maximumPerMinute=500,exponentialRate={baseRatePerMinute=50,incrementFactor=1.5,"
        "rateIncreaseCriteria={numberOfSucceededThings=200,numberOfNotifiedThings=3}}",
    ),
    (
        "abortConfig",
        "criteriaList=[{failureType=FAILED,action=CANCEL,thresholdPercentage=20.5,minNumberOfExecutedThings=100},"
        "{failureType=ALL,action=CANCEL,thresholdPercentage=1e1,minNumberOfExecutedThings=7}]",
    ),
    ("abortConfig", "criteriaList={failureType=ALL,action=CANCEL}"),
    ("jobExecutionsRetryConfig", "criteriaList=[{failureType=TIMED_OUT,numberOfRetries=10}]"),
    ("timeoutConfig", "inProgressTimeoutInMinutes=10080"),
    ("presignedUrlConfig", "roleArn=arn:aws:iam::123456789012:role/R,expiresInSec=3600"),
]


@pytest.mark.parametrize(("member", "text"), SHORTHAND_FOR_AWSCLI)
def test_coerce_matches_awscli_visitor(member: str, text: str, iot_operations: dict[str, OperationModel]) -> None:
    """coerce gives what awscli's BackCompatVisitor makes of the same parsed shorthand."""
    input_shape = iot_operations["UpdateJob"].input_shape
    assert isinstance(input_shape, StructureShape)
    theirs = parse_shorthand(text)
    ours = coerce(member, copy.deepcopy(theirs))
    BackCompatVisitor().visit(theirs, input_shape.members[member])
    assert json.dumps(ours) == json.dumps(theirs)  # also compares int vs float


@pytest.mark.parametrize(
    ("option", "value", "path", "expected", "shown"),
    [
        (
            "--job-executions-rollout-config",
            {"exponentialRate": {"baseRatePerMinute": "fast"}},
            "jobExecutionsRolloutConfig.exponentialRate.baseRatePerMinute",
            "integer",
            "must be a whole number (AWS type integer), got 'fast'",
        ),
        (
            "--job-executions-rollout-config",
            {"maximumPerMinute": "1.5"},
            "jobExecutionsRolloutConfig.maximumPerMinute",
            "integer",
            "must be a whole number (AWS type integer), got '1.5'",
        ),
        (
            "--abort-config",
            {"criteriaList": [{"thresholdPercentage": "20"}, {"thresholdPercentage": "twenty"}]},
            "abortConfig.criteriaList[1].thresholdPercentage",
            "double",
            "must be a number (AWS type double), got 'twenty'",
        ),
        (
            "--timeout-config",
            {"inProgressTimeoutInMinutes": ""},
            "timeoutConfig.inProgressTimeoutInMinutes",
            "long",
            "must be a whole number (AWS type long), got ''",
        ),
        (
            "--before-substitution",
            "yes",
            "beforeSubstitution",
            "boolean",
            "must be true or false (AWS type boolean), got 'yes'",
        ),
        (
            "--job-executions-rollout-config",
            {"maximumPerMinute": ["1", "2"]},
            "jobExecutionsRolloutConfig.maximumPerMinute",
            "integer",
            "must be a whole number (AWS type integer), got ['1', '2']",
        ),
        (
            "--job-executions-rollout-config",
            {"exponentialRate": "fast"},
            "jobExecutionsRolloutConfig.exponentialRate",
            "structure",
            "must be a structure {key=value,...} (AWS type structure), got 'fast'",
        ),
        (
            "--presigned-url-config",
            {"roleArn": ["a", "b"]},
            "presignedUrlConfig.roleArn",
            "string",
            "must be a string (AWS type string), got ['a', 'b']",
        ),
        (
            "--timeout-config",
            {"inProgressTimeoutInMinutes": True},
            "timeoutConfig.inProgressTimeoutInMinutes",
            "long",
            "must be a whole number (AWS type long), got True",
        ),
    ],
)
def test_coerce_wrong_types_raise_clear_errors(option: str, value: Any, path: str, expected: str, shown: str) -> None:
    """A value that cannot be converted names the option, the AWS member path and the expected type."""
    with pytest.raises(ArgumentTypeError) as caught:
        coerce(option, value)
    error = caught.value
    assert (error.option, error.member_path, error.expected) == (option, path, expected)
    assert str(error) == f"Invalid value for {option}: {path} {shown}"
    assert isinstance(error, ValueError)


def test_unbracketed_list_of_structures_explains_the_awscli_quirk() -> None:
    """`criteriaList={...}` is wrapped but not converted by awscli; coerce says so and how to fix it."""
    value = parse_shorthand("criteriaList={failureType=ALL,numberOfRetries=3}")
    with pytest.raises(ArgumentTypeError) as caught:
        coerce("--job-executions-retry-config", value)
    error = caught.value
    assert error.member_path == "jobExecutionsRetryConfig.criteriaList[0].numberOfRetries"
    assert error.value == "3"
    assert "jobExecutionsRetryConfig.criteriaList was given without [...]" in str(error)
    assert str(error).endswith("Write criteriaList=[...]")


def test_unbracketed_list_with_only_strings_is_wrapped() -> None:
    """A lone value for a list is wrapped in a list, as awscli does, when nothing needs converting."""
    value = {"criteriaList": {"failureType": "ALL", "action": "CANCEL"}}
    assert coerce("abortConfig", value) == {"criteriaList": [{"failureType": "ALL", "action": "CANCEL"}]}


def test_unknown_option_is_a_key_error() -> None:
    """Asking for an option neither operation has raises KeyError."""
    with pytest.raises(KeyError, match="--targets"):
        coerce("--targets", "x")


# -- parse_argument -----------------------------------------------------------------------------


def test_parse_argument_types_shorthand_but_not_json() -> None:
    """Shorthand values are converted; JSON values are sent as JSON typed them (2 stays int)."""
    assert parse_argument("--job-executions-rollout-config", "exponentialRate={incrementFactor=2}") == {
        "exponentialRate": {"incrementFactor": 2.0}
    }
    from_json = parse_argument("--job-executions-rollout-config", '{"exponentialRate": {"incrementFactor": 2}}')
    assert from_json == {"exponentialRate": {"incrementFactor": 2}}
    assert isinstance(from_json["exponentialRate"]["incrementFactor"], int)
    assert parse_argument("--timeout-config", '{"inProgressTimeoutInMinutes": "5"}') == {
        "inProgressTimeoutInMinutes": "5"
    }


def test_parse_argument_json_of_the_wrong_kind() -> None:
    """A JSON list given for a structure option is an ArgumentTypeError; bad JSON a JSONArgumentError."""
    with pytest.raises(ArgumentTypeError, match="abortConfig must be a structure"):
        parse_argument("--abort-config", "[1]")
    with pytest.raises(JSONArgumentError, match="--abort-config"):
        parse_argument("--abort-config", "{oops}")


def test_parse_argument_reads_files_for_every_option(tmp_path: Path) -> None:
    """`file://` works for scalar options too (`--description file://notes.txt`), as in the AWS CLI."""
    notes = tmp_path / "notes.txt"
    notes.write_text("Firmware 4.2 rollout", encoding="utf-8")
    assert parse_argument("--description", f"file://{notes}") == "Firmware 4.2 rollout"
    config = tmp_path / "timeout.txt"
    config.write_text("inProgressTimeoutInMinutes=30\n", encoding="utf-8")
    assert parse_argument("timeoutConfig", f"file://{config}") == {"inProgressTimeoutInMinutes": 30}
    assert parse_argument("--before-substitution", "true") is True


# -- lookups ------------------------------------------------------------------------------------


def test_lookups_by_option_member_and_command() -> None:
    """Operations and members can be found by API name or CLI name."""
    update = get_operation("update-job")
    assert update is get_operation("UpdateJob") is OPERATIONS["UpdateJob"]
    assert update.member("--abort-config") is update.member("abortConfig") is find_member("abortConfig")
    assert update.member("namespaceId").location == "querystring"
    assert find_member("--job-id").required
    describe = get_operation("describe-job")
    assert describe.member("beforeSubstitution").negated_option == "--no-before-substitution"
    assert describe.member("jobId").negated_option is None
    with pytest.raises(KeyError, match="update-job has no option or member '--before-substitution'"):
        update.member("--before-substitution")
    with pytest.raises(KeyError, match="unknown operation 'CreateJob'"):
        get_operation("CreateJob")
