"""The command's arguments, typed from iotjobs' shape model (`iotjobs._model`).

Loading botocore's iot service model costs about a megabyte of JSON on every CLI call,
so the command reads the shapes iotjobs states once in `iotjobs._model` instead.
``tests/cli/test_argmodel.py`` compares that model with botocore's, so drift shows
up as a failing test.

:func:`coerce` types the strings that shorthand produces the way the AWS CLI does
(``awscli.shorthand.BackCompatVisitor``): integer/long with ``int()``, double with
``float()`` (so ``"2"`` becomes ``2.0``), boolean from ``true``/``false`` in any case.
JSON values are not converted, by the AWS CLI or by :func:`parse_argument`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from iotjobs._model import (
    OPERATIONS,
    Location,
    Member,
    Operation,
    Shape,
    ShapeType,
    find_member,
    get_operation,
)
from iotjobs.cli._shorthand import FILE_PREFIX, load_structure_argument, read_file_argument

__all__ = [
    "OPERATIONS",
    "ArgumentTypeError",
    "Location",
    "Member",
    "Operation",
    "Shape",
    "ShapeType",
    "coerce",
    "find_member",
    "get_operation",
    "input_skeleton",
    "parse_argument",
]

# -- type conversion ----------------------------------------------------------------------------

_NUMBER_TYPES = frozenset({"integer", "long", "double"})
_EXPECTED = {
    "integer": "a whole number",
    "long": "a whole number",
    "double": "a number",
    "boolean": "true or false",
    "string": "a string",
    "structure": "a structure {key=value,...}",
    "list": "a list [...]",
}


class ArgumentTypeError(ValueError):
    """A value of the wrong type for its member, e.g. ``baseRatePerMinute=fast``.

    ``member_path`` is the AWS path from the request root
    (``jobExecutionsRolloutConfig.exponentialRate.baseRatePerMinute``,
    ``abortConfig.criteriaList[0].thresholdPercentage``), ``value`` the value given,
    ``expected`` the botocore type (``integer``, ``double``, ...) and ``option`` the CLI
    option.
    """

    def __init__(self, option: str, member_path: str, value: Any, expected: str, hint: str = "") -> None:
        message = (
            f"Invalid value for {option}: {member_path} must be {_EXPECTED[expected]} "
            f"(AWS type {expected}), got {value!r}"
        )
        super().__init__(f"{message}. {hint}" if hint else message)
        self.option = option
        self.member_path = member_path
        self.value = value
        self.expected = expected


def coerce(option_or_member: str, parsed_value: Any) -> Any:
    """Type a shorthand value for ``--abort-config`` / ``abortConfig`` as the AWS CLI does.

    Returns a new value (the input is not modified).  Strings become ``int`` for
    integer/long members, ``float`` for double members and ``bool`` for boolean members
    (``true``/``false``, any case).  Keys the model does not know are left as they are,
    as the AWS CLI leaves them (request validation reports them).  A lone value where a
    list is expected is wrapped in a list, as the AWS CLI does.  Raises
    :class:`ArgumentTypeError` for a value that cannot be converted.  Do not pass JSON
    values here: the AWS CLI sends them as JSON typed them (see :func:`parse_argument`).
    """
    member = find_member(option_or_member)
    return _Coercer(member.option).convert(member.shape, parsed_value, member.name)


def parse_argument(option_or_member: str, text: str) -> Any:
    """Parse and type one option's command-line value the way the AWS CLI does.

    ``file://path`` is read first (for every option, as the AWS CLI does).  Structure
    options then take JSON (returned as JSON typed it) or shorthand (typed by
    :func:`coerce`).  Raises ``ShorthandError`` (and subclasses) or
    :class:`ArgumentTypeError`.
    """
    member = find_member(option_or_member)
    shape = member.shape
    if shape.type in ("structure", "list"):
        value, is_json = load_structure_argument(member.option, text)
        if not is_json:
            return coerce(member.name, value)
        if not isinstance(value, dict if shape.type == "structure" else list):
            raise ArgumentTypeError(member.option, member.name, value, shape.type)
        return value
    if text.startswith(FILE_PREFIX):
        text = read_file_argument(member.option, text)
    return coerce(member.name, text)


class _Coercer:
    """Walks a shorthand value beside its shape (mirrors ``awscli.shorthand.BackCompatVisitor``)."""

    def __init__(self, option: str) -> None:
        self.option = option

    def error(self, path: str, value: Any, expected: str, hint: str = "") -> ArgumentTypeError:
        return ArgumentTypeError(self.option, path, value, expected, hint)

    def convert(self, shape: Shape, value: Any, path: str) -> Any:
        kind = shape.type
        if kind == "structure":
            if not isinstance(value, dict):
                raise self.error(path, value, kind)
            converted = dict(value)
            for name, member_shape in shape.members.items():
                if value.get(name) is not None:
                    converted[name] = self.convert(member_shape, value[name], f"{path}.{name}")
            return converted
        if kind == "list":
            assert shape.member is not None
            if isinstance(value, list):
                return [self.convert(shape.member, item, f"{path}[{i}]") for i, item in enumerate(value)]
            # The AWS CLI wraps a lone value in a list but does not convert inside it.
            self.check_unconverted(shape.member, value, f"{path}[0]", path)
            return [value]
        return self.scalar(kind, value, path)

    def scalar(self, kind: ShapeType, value: Any, path: str) -> Any:
        if kind == "string" and isinstance(value, str):
            return value
        if kind == "boolean":
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.lower() in ("true", "false"):
                return value.lower() == "true"
        if kind in _NUMBER_TYPES and not isinstance(value, bool):
            accepted = (str, int, float) if kind == "double" else (str, int)
            if isinstance(value, accepted):
                try:
                    return float(value) if kind == "double" else int(value)
                except ValueError:
                    pass
        raise self.error(path, value, kind)

    def check_unconverted(self, shape: Shape, value: Any, path: str, list_path: str) -> None:
        """Fail, with the reason, where the AWS CLI would send an unconverted string."""
        kind = shape.type
        if kind == "structure" and isinstance(value, dict):
            for name, member_shape in shape.members.items():
                if value.get(name) is not None:
                    self.check_unconverted(member_shape, value[name], f"{path}.{name}", list_path)
        elif kind == "list" and isinstance(value, list):
            assert shape.member is not None
            for i, item in enumerate(value):
                self.check_unconverted(shape.member, item, f"{path}[{i}]", list_path)
        elif not (kind == "string" and isinstance(value, str)):
            last = list_path.rsplit(".", 1)[-1]
            hint = (
                f"{list_path} was given without [...]: the AWS CLI then wraps the value in a list "
                f"but does not convert what is inside, so the request would fail. "
                f"Write {last}=[...]"
            )
            raise self.error(path, value, kind, hint)


# -- --generate-cli-skeleton input --------------------------------------------------------------


def input_skeleton(operation: str) -> dict[str, Any]:
    """What ``aws iot <command> --generate-cli-skeleton input`` prints, as a dict.

    ``operation`` is ``UpdateJob`` or ``update-job`` (or the DescribeJob names).  The AWS
    CLI picks a *random* enum value for enum strings; this picks the first one.
    """
    return {member.name: _skeleton(member.shape) for member in get_operation(operation).members}


_PLACEHOLDERS: Mapping[str, Any] = MappingProxyType({"integer": 0, "long": 0, "double": 0.0, "boolean": True})


def _skeleton(shape: Shape) -> Any:
    """botocore's ``ArgumentGenerator`` placeholders: "", 0, 0.0, true, one list item."""
    if shape.type == "structure":
        return {name: _skeleton(member) for name, member in shape.members.items()}
    if shape.type == "list":
        assert shape.member is not None
        return [_skeleton(shape.member)]
    if shape.type == "string":
        return shape.enum[0] if shape.enum else ""
    return _PLACEHOLDERS[shape.type]


# -- --generate-cli-skeleton output -------------------------------------------------------------------------

_TIMESTAMP = "1970-01-01T00:00:00"


def output_skeleton(operation: str) -> dict[str, Any]:
    """What AWS CLI v2 prints for ``aws iot <command> --generate-cli-skeleton output``, as a dict.

    botocore's ``ArgumentGenerator`` with member names: a string is its member's name (a list item's, its shape's
    name), numbers 0 / 0.0, booleans true, timestamps the epoch, a map one ``KeyName`` entry.
    """
    shape = get_operation(operation).output
    return {} if shape is None else dict(_output(shape, ""))


def _output(shape: Shape, name: str) -> Any:
    if shape.type == "structure":
        return {child: _output(child_shape, child) for child, child_shape in shape.members.items()}
    if shape.type == "list":
        assert shape.member is not None
        return [_output(shape.member, shape.member.name)]
    if shape.type == "map":
        assert shape.member is not None
        return {"KeyName": _output(shape.member, "")}
    if shape.type == "string":
        return name
    if shape.type == "timestamp":
        return _TIMESTAMP
    return _PLACEHOLDERS[shape.type]
