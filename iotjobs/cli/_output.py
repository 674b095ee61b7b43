"""Print a response the way AWS CLI v2 does: ``--query`` first, then ``--output json|yaml|yaml-stream|text|table``.

* Timestamps become ISO 8601 strings (v2's default ``cli_timestamp_format``) before the query runs, and
  ``ResponseMetadata`` is dropped, as the AWS CLI does.
* ``json``: indent 4, non-ASCII kept. An empty ``{}`` response (UpdateJob's) prints nothing, in every format.
* ``yaml`` / ``yaml-stream``: block-style YAML (PyYAML); the stream form is a list with one item per response
  page (DescribeJob has one page).
* ``text``: the AWS CLI's tab-separated format (the rules of ``awscli/text.py``): a dict prints its scalar
  values, sorted by key, on one line prefixed by the upper-cased key that holds it; nested dicts and lists follow
  on their own lines; a list of dicts prints one line per dict with the union of their scalar keys as columns.
* ``table``: the boxed table of ``awscli/formatter.py`` / ``table.py``: a titled section per dict, a header row
  of its scalar keys and a row of values, nested structures as indented sub-sections; a section wider than the
  terminal is turned into a two-column (key | value) section. Colors are never used.

PyYAML and jmespath are imported only when ``--output yaml*`` or ``--query`` is used.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from iotjobs.cli._argmodel import output_skeleton

if TYPE_CHECKING:
    from iotjobs.cli._argmodel import Operation, Shape

__all__ = [
    "DESCRIBE_JOB_OUTPUT_SKELETON",
    "OUTPUT_FORMATS",
    "compile_query",
    "format_output",
    "format_table",
    "format_text",
    "prepare",
    "yaml_input_skeleton",
]

OUTPUT_FORMATS = ("json", "text", "table", "yaml", "yaml-stream")


def _jsonable(value: Any) -> Any:
    """Datetimes become ISO 8601 strings (``2023-11-14T22:13:20+00:00``); containers are copied."""
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        import base64

        return base64.b64encode(value).decode("ascii")
    return value


def prepare(response: dict[str, Any]) -> dict[str, Any]:
    """The response without ``ResponseMetadata``, with ISO 8601 timestamps."""
    data: dict[str, Any] = _jsonable(response)
    data.pop("ResponseMetadata", None)
    return data


def compile_query(expression: str) -> Callable[[Any], Any]:
    """Compile a ``--query`` JMESPath expression; a bad one raises ``ValueError`` with jmespath's message."""
    import jmespath
    from jmespath.exceptions import JMESPathError

    try:
        compiled = jmespath.compile(expression)
    except JMESPathError as exc:
        raise ValueError(str(exc)) from None
    return compiled.search


# -- the formats --------------------------------------------------------------------------------------------


def _format_json(data: Any) -> str:
    if data == {}:
        return ""
    return json.dumps(data, indent=4, ensure_ascii=False) + "\n"


def _format_yaml(data: Any) -> str:
    if data == {}:
        return ""
    import yaml

    return yaml.safe_dump(data, sort_keys=False, default_flow_style=False, allow_unicode=True)


def _format_yaml_stream(data: Any) -> str:
    return "" if data == {} else _format_yaml([data])


def format_output(data: Any, output: str, *, title: str, width: int | None = None) -> str:
    """Render ``data`` (already prepared and queried) in one of `OUTPUT_FORMATS`."""
    if output == "json":
        return _format_json(data)
    if output == "yaml":
        return _format_yaml(data)
    if output == "yaml-stream":
        return _format_yaml_stream(data)
    if output == "text":
        return format_text(data)
    if output == "table":
        return format_table(data, title=title, width=width)
    raise ValueError(f"unknown output format {output!r}")


# -- text (awscli/text.py's rules) --------------------------------------------------------------------------


def _scalar_text(value: Any) -> str:
    # Python's str(): True, None and 20.0 print as the AWS CLI prints them.
    return str(value)


def format_text(data: Any) -> str:
    """The AWS CLI's ``text`` output of ``data``."""
    lines: list[str] = []
    _text_item(data, lines, None, None)
    return "".join(lines)


def _text_item(item: Any, lines: list[str], identifier: str | None, scalar_keys: list[str] | None) -> None:
    if isinstance(item, dict):
        _text_dict(item, lines, identifier, scalar_keys)
    elif isinstance(item, list):
        _text_list(item, lines, identifier)
    else:
        lines.append(_scalar_text(item) + "\n")


def _text_list(items: list[Any], lines: list[str], identifier: str | None) -> None:
    if not items:
        return
    if any(isinstance(item, dict) for item in items):
        keys = sorted({key for item in items if isinstance(item, dict)
                       for key, value in item.items() if not isinstance(value, dict | list)})
        for item in items:
            _text_item(item, lines, identifier, keys)
    elif any(isinstance(item, list) for item in items):
        scalars = [item for item in items if not isinstance(item, dict | list)]
        if scalars:
            _text_scalars(scalars, lines, identifier)
        for item in items:
            if isinstance(item, dict | list):
                _text_item(item, lines, identifier, None)
    else:
        _text_scalars(items, lines, identifier)


def _text_scalars(items: list[Any], lines: list[str], identifier: str | None) -> None:
    if identifier is not None:
        lines.extend(f"{identifier.upper()}\t{_scalar_text(item)}\n" for item in items)
    else:
        lines.append("\t".join(_scalar_text(item) for item in items) + "\n")


def _text_dict(item: dict[str, Any], lines: list[str], identifier: str | None, scalar_keys: list[str] | None) -> None:
    scalars: list[str] = []
    nested: list[tuple[str, Any]] = []
    if scalar_keys is None:
        for key, value in sorted(item.items()):
            if isinstance(value, dict | list):
                nested.append((key, value))
            else:
                scalars.append(_scalar_text(value))
    else:
        scalars = [_scalar_text(item.get(key, "")) for key in scalar_keys]
        nested = [(key, item[key]) for key in sorted(set(item) - set(scalar_keys))]
    if scalars:
        if identifier is not None:
            scalars.insert(0, identifier.upper())
        lines.append("\t".join(scalars) + "\n")
    for key, value in nested:
        _text_item(value, lines, key, None)


# -- table (awscli/formatter.py's TableFormatter and awscli/table.py's MultiTable) --------------------------


def _width(text: str) -> int:
    """Display width: East Asian wide, full-width and ambiguous characters count 2 (as in awscli)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WFA" else 1 for char in text)


class _Section:
    """One titled box: optional header row, rows of cells, an indentation level."""

    def __init__(self, title: str, indent: int) -> None:
        self.title = title
        self.indent = indent
        self.headers: list[str] = []
        self.rows: list[list[str]] = []

    def add_row(self, row: list[Any]) -> None:
        self.rows.append([_scalar_text(cell) for cell in row])

    def column_widths(self) -> list[int]:
        widths: list[int] = []
        for row in ([self.headers] if self.headers else []) + self.rows:
            for index, cell in enumerate(row):
                if index == len(widths):
                    widths.append(0)
                widths[index] = max(widths[index], _width(cell))
        return widths

    def total_width(self) -> int:
        columns = sum(width + 4 for width in self.column_widths())
        return max(_width(self.title) + 2 + 2 * self.indent, columns + 2 + 2 * self.indent)

    def to_vertical(self) -> None:
        """A one-row section with headers becomes key | value rows (awscli does this when too wide)."""
        if len(self.rows) == 1 and self.headers:
            self.rows = [[header, cell] for header, cell in zip(self.headers, self.rows[0], strict=False)]
            self.headers = []


class _TableBuilder:
    """Walks the data as awscli's TableFormatter does and collects sections."""

    def __init__(self) -> None:
        self.sections: list[_Section] = []

    def new_section(self, title: str, indent: int) -> _Section:
        section = _Section(title, indent)
        self.sections.append(section)
        return section

    @property
    def current(self) -> _Section:
        if not self.sections:
            return self.new_section("", 0)
        return self.sections[-1]

    def build(self, title: str | None, current: Any, indent: int = 0) -> bool:
        if not current:
            return False
        if title is not None:
            self.new_section(title, indent)
        if isinstance(current, list):
            if isinstance(current[0], dict):
                self.from_list(current, indent, title)
            else:
                for item in current:
                    if not isinstance(item, dict | list):
                        self.current.add_row([item])
                    elif all(not isinstance(element, dict | list) for element in item):
                        self.current.add_row(list(item))
                    else:
                        self.build(None, item)
        elif isinstance(current, dict):
            self.from_dict(current, indent)
        else:
            self.current.add_row([current])
        return True

    @staticmethod
    def split_keys(current: dict[str, Any]) -> tuple[list[str], list[str]]:
        headers = sorted(key for key, value in current.items() if not isinstance(value, dict | list))
        more = sorted(key for key, value in current.items() if isinstance(value, dict | list))
        return headers, more

    def from_dict(self, current: dict[str, Any], indent: int) -> None:
        headers, more = self.split_keys(current)
        if len(headers) == 1:
            self.current.add_row([headers[0], current[headers[0]]])
        elif headers:
            self.current.headers = headers
            self.current.add_row([current[key] for key in headers])
        for key in more:
            self.build(key, current[key], indent + 1)

    def from_list(self, current: list[Any], indent: int, title: str | None) -> None:
        header_set: set[str] = set()
        more_set: set[str] = set()
        for item in current:
            if isinstance(item, dict):
                headers, more = self.split_keys(item)
                header_set.update(headers)
                more_set.update(more)
        headers, more = sorted(header_set), sorted(more_set)
        self.current.headers = headers
        for index, element in enumerate(current):
            if index and more:
                self.new_section(title or "", indent).headers = headers
            element = element if isinstance(element, dict) else {}
            self.current.add_row([element.get(key, "") for key in headers])
            for key in more:
                if key in element:
                    self.build(key, element[key], indent + 1)


def _scaled(widths: list[int], total: int) -> list[int]:
    """Spread ``total`` over the columns in proportion to their natural widths (awscli's scaling)."""
    natural = [width + 4 for width in widths]
    if not natural:
        return natural
    factor = total / float(sum(natural))
    scaled = [round(factor * width) for width in natural]
    off_by = sum(scaled) - total
    while off_by:
        order = range(len(scaled)) if off_by > 0 else reversed(range(len(scaled)))
        for index in order:
            step = 1 if off_by > 0 else -1
            scaled[index] -= step
            off_by -= step
            if not off_by:
                break
    return scaled


def _center(text: str, length: int, left_edge: str = "|") -> str:
    """awscli's ``center_text``: ``text`` centered in ``length`` characters, ending with ``|``."""
    start = (length // 2) - (_width(text) // 2) - 1
    so_far = len(left_edge) + start + _width(text)
    return left_edge + " " * start + text + " " * (length - 1 - so_far) + "|"


def _cell(text: str, length: int, left_edge: str) -> str:
    """awscli's ``align_left``: two spaces of padding when they fit, then ``text``, then ``|``."""
    padding = 2 if length - (_width(text) + 2 + len(left_edge) + 1) >= 0 else 0
    so_far = len(left_edge) + padding + _width(text)
    return left_edge + " " * padding + text + " " * (length - so_far - 1) + "|"


def _rule(widths: list[int]) -> str:
    """``+-----+------+``: the line between the header, the rows and the next section."""
    return "".join(["+" + "-" * (widths[0] - 2) + "+"] + ["-" * (width - 1) + "+" for width in widths[1:]])


def _render_section(section: _Section, total: int) -> list[str]:
    width = total - 2 * section.indent
    lines: list[str] = []
    if section.title:
        lines.append(_center(section.title, width))
        if not section.headers and not section.rows:
            lines.append("+" + "-" * (width - 2) + "+")
    natural = section.column_widths()
    widths = _scaled(natural, width)
    if section.headers and widths:
        lines.append(_rule(widths))
        lines.append("".join(_center(header, w, "|" if i == 0 else "")
                             for i, (header, w) in enumerate(zip(section.headers, widths, strict=False))))
    if section.rows and widths:
        lines.append(_rule(widths))
        for row in section.rows:
            lines.append("".join(_cell(cell, w, "|" if i == 0 else "")
                                 for i, (cell, w) in enumerate(zip(row, widths, strict=False))))
        lines.append(_rule(widths))
    bar = "|" * section.indent
    return [f"{bar}{line}{bar}" for line in lines]


def format_table(data: Any, *, title: str, width: int | None = None) -> str:
    """The AWS CLI's ``table`` output of ``data`` under the heading ``title`` (the operation name)."""
    builder = _TableBuilder()
    if not builder.build(title, data):
        return ""
    if width is None:
        import shutil

        width = shutil.get_terminal_size((80, 24)).columns
    total = max(section.total_width() for section in builder.sections)
    if total > width:
        for section in builder.sections:
            section.to_vertical()
        total = max(section.total_width() for section in builder.sections)
    lines = ["-" * total]
    for section in builder.sections:
        lines.extend(_render_section(section, total))
    return "\n".join(lines) + "\n"


# -- --generate-cli-skeleton output -------------------------------------------------------------------------

DESCRIBE_JOB_OUTPUT_SKELETON: dict[str, Any] = output_skeleton("DescribeJob")
"""What AWS CLI v2 prints for ``aws iot describe-job --generate-cli-skeleton output`` (botocore's
``ArgumentGenerator`` over the DescribeJob output shape, member names as placeholders); a test compares it with
botocore's model. UpdateJob has no output shape: its output skeleton is empty, and nothing is printed."""


def yaml_input_skeleton(operation: Operation) -> str:
    """What AWS CLI v2 prints for ``--generate-cli-skeleton yaml-input``: the input skeleton as YAML, each
    member commented with ``[REQUIRED]``, what it means and its valid values.

    Loading it (``yaml.safe_load``) gives exactly :func:`iotjobs.cli._argmodel.input_skeleton`.
    """
    lines: list[str] = []
    for member in operation.members:
        _yaml_member(member.name, member.shape, member.name, member.required, "", "", lines)
    return "\n".join(lines) + "\n"


def _yaml_comment(path: str, shape: Shape, required: bool) -> str:
    from iotjobs.cli._help import member_summary

    words = ["[REQUIRED]"] if required else []
    summary = member_summary(path)
    if summary:
        words.append(summary)
    if shape.enum:
        words.append(f"Valid values are: {', '.join(shape.enum)}.")
    return f"  # {' '.join(words)}" if words else ""


_YAML_PLACEHOLDERS = {"string": "''", "integer": "0", "long": "0", "double": "0.0", "boolean": "true"}


def _yaml_member(name: str, shape: Shape, path: str, required: bool, first: str, rest: str, lines: list[str]) -> None:
    """One ``name: value`` entry; ``first`` prefixes its line (``- `` for a list item's first member) and
    ``rest`` the lines of its children."""
    comment = _yaml_comment(path, shape, required)
    if shape.type == "structure":
        lines.append(f"{first}{name}:{comment}")
        for child, child_shape in shape.members.items():
            _yaml_member(child, child_shape, f"{path}.{child}", child in shape.required, rest + "  ", rest + "  ",
                         lines)
    elif shape.type == "list":
        assert shape.member is not None
        lines.append(f"{first}{name}:{comment}")
        item = shape.member
        if item.type == "structure":
            for index, (child, child_shape) in enumerate(item.members.items()):
                lead = rest + ("  - " if index == 0 else "    ")
                _yaml_member(child, child_shape, f"{path}[].{child}", child in item.required, lead, rest + "    ",
                             lines)
        else:
            lines.append(f"{rest}  - {_YAML_PLACEHOLDERS.get(item.type, repr(item.enum[0]) if item.enum else '')}")
    else:
        value = shape.enum[0] if shape.enum else _YAML_PLACEHOLDERS[shape.type]
        lines.append(f"{first}{name}: {value}{comment}")
