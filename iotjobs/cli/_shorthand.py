"""The AWS CLI shorthand syntax, parsed by our own small recursive-descent parser.

The grammar is the one the AWS CLI accepts for structure options such as
``--abort-config 'criteriaList=[{failureType=FAILED,action=CANCEL}]'``::

    parameter  = keyval *("," keyval)
    keyval     = key ["@"] "=" value          ; "@=" reads file:// values from files
    value      = list / structure / scalar *("," scalar)   ; top level: a,b,c is a list
    item       = list / structure / scalar    ; inside [...] and {...}
    list       = "[" [item *("," item) [","]] "]"
    structure  = "{" [keyval *("," keyval) [","]] "}"
    key        = 1*(ALPHA / DIGIT / "-" / "_" / "." / "#" / "/" / ":")
    scalar     = 'single quoted' / "double quoted" / unquoted

Whitespace is allowed around ``,``, ``=``, ``[`` and ``{``.  Every scalar is returned as
``str``: turning ``"3"`` into ``3`` is the job of the typed argument model
(:mod:`iotjobs.cli._argmodel`), which is also what the AWS CLI does.

Deliberate differences from ``awscli/shorthand.py`` (only ever for input the AWS CLI
also finds odd): duplicate keys are rejected inside ``{...}`` too, not only at the top
level; an empty key is an error; a value may not start with ``]`` or ``}``; quoted
values use ordinary escape scanning (``\\'``, ``\\"``, ``\\\\``); characters outside the
Basic Multilingual Plane are accepted; ``{k=}`` is an empty string.
"""

from __future__ import annotations

import os
from typing import Any

__all__ = [
    "FILE_PREFIX",
    "JSONArgumentError",
    "ParamFileError",
    "ShorthandError",
    "load_structure_argument",
    "parse_shorthand",
    "parse_structure_argument",
    "read_file_argument",
]

_WHITESPACE = frozenset(" \t\n\r\x0b\x0c")  # what the AWS CLI skips (string.whitespace)
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.#/:")
_QUOTES = frozenset("'\"")
# Characters that end an unquoted value: first values (after "key=", inside [] and {})...
_STOP_FIRST = frozenset(",'\"]}")
# ... and the later items of a top-level implicit list "key=a,b,c", where "=" means
# "this was the next key": the parser then backtracks to the comma.
_STOP_CONTINUATION = frozenset(",'\"]}=")
FILE_PREFIX = "file://"
_BINARY_FILE_PREFIX = "fileb://"
# Characters after "key=a," that cannot start another implicit-list item: back off to the comma.
_NOT_A_CONTINUATION = frozenset(",]}=[{")
_MAX_DEPTH = 100


class ShorthandError(ValueError):
    """A structure option's value could not be parsed.

    ``text`` is the input that was being parsed, ``index`` the 0-based position of the
    problem in it and ``option`` the CLI option (``--abort-config``) when known.
    ``str()`` shows the message followed by the offending line with a caret under
    the position.
    """

    def __init__(self, message: str, text: str, index: int, *, option: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.text = text
        self.index = index
        self.option = option

    def __str__(self) -> str:
        prefix = f"Error parsing parameter '{self.option}': " if self.option else ""
        return f"{prefix}{self.message}\n{_caret_display(self.text, self.index)}"


class JSONArgumentError(ShorthandError):
    """A value that starts with ``{`` or ``[`` is not valid JSON (``lineno``/``colno`` are 1-based)."""

    def __init__(self, message: str, text: str, index: int, *, option: str | None, lineno: int, colno: int) -> None:
        super().__init__(message, text, index, option=option)
        self.lineno = lineno
        self.colno = colno


class ParamFileError(ShorthandError):
    """A ``file://`` value names a file that cannot be read as UTF-8 text (``path`` is the file)."""

    def __init__(self, message: str, text: str, index: int, *, option: str | None, path: str) -> None:
        super().__init__(message, text, index, option=option)
        self.path = path


def _caret_display(text: str, index: int) -> str:
    """The line of ``text`` that holds ``index``, and a caret under that position."""
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    line = text[start:] if end == -1 else text[start:end]
    padding = "".join("\t" if char == "\t" else " " for char in line[: index - start])
    return f"{line}\n{padding}^"


def read_file_argument(option: str | None, text: str) -> str:
    """Read the UTF-8 file named by ``text`` (``file://path``), as the AWS CLI reads param files.

    Like the AWS CLI, ``~`` and ``$VARS`` in the path are expanded.  The AWS CLI does this
    for every option, scalar ones included (``--description file://notes.txt``).
    """
    path = os.path.expandvars(os.path.expanduser(text[len(FILE_PREFIX) :]))
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except UnicodeDecodeError as exc:
        reason = f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})"
    except OSError as exc:
        reason = exc.strerror or str(exc)
    message = f"Unable to read {text}: {reason} (path {path!r})"
    raise ParamFileError(message, text, len(FILE_PREFIX), option=option, path=path)


class _Parser:
    """Single-pass recursive descent over ``text``; ``pos`` is the current index."""

    __slots__ = ("depth", "end", "pos", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.end = len(text)
        self.depth = 0

    # -- helpers ---------------------------------------------------------------------------

    def error(self, message: str, index: int | None = None) -> ShorthandError:
        return ShorthandError(message, self.text, self.pos if index is None else index)

    def peek(self) -> str:
        """The current character, or ``""`` at the end of the input."""
        return self.text[self.pos] if self.pos < self.end else ""

    def found(self) -> str:
        char = self.peek()
        return repr(char) if char else "the end of the input"

    def skip_whitespace(self) -> None:
        while self.pos < self.end and self.text[self.pos] in _WHITESPACE:
            self.pos += 1

    def unexpected_after(self, key: str, expected: str) -> ShorthandError:
        if self.peek() in _QUOTES:
            return self.error(f"Unexpected quote after the value of '{key}': quote the whole value")
        return self.error(f"Expected {expected} after the value of '{key}', found {self.found()}")

    def enter(self, opened: int) -> None:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise self.error(f"Nested more than {_MAX_DEPTH} levels deep", opened)

    # -- grammar ---------------------------------------------------------------------------

    def parameter(self) -> dict[str, Any]:
        """``keyval *("," keyval)`` up to the end of the input."""
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        self.skip_whitespace()
        while True:
            key, value = self.keyval(seen, top_level=True)
            result[key] = value
            self.skip_whitespace()
            if self.pos >= self.end:
                return result
            if self.peek() != ",":
                raise self.unexpected_after(key, "',' or the end of the input")
            self.pos += 1
            self.skip_whitespace()

    def key(self) -> str:
        start = self.pos
        while self.pos < self.end and self.text[self.pos] in _KEY_CHARS:
            self.pos += 1
        if self.pos == start:
            raise self.error(f"Expected a key (letters, digits and - _ . # / :), found {self.found()}")
        return self.text[start : self.pos]

    def keyval(self, seen: dict[str, int], *, top_level: bool) -> tuple[str, Any]:
        """``key ["@"] "=" value``; ``seen`` maps the keys already given to their positions."""
        start = self.pos
        key = self.key()
        if key in seen:
            raise self.error(f"Duplicate key '{key}' (first given at position {seen[key]})", start)
        seen[key] = start
        self.skip_whitespace()
        from_file = self.peek() == "@"
        if from_file:
            self.pos += 1
            self.skip_whitespace()
        if self.peek() != "=":
            raise self.error(f"Expected '=' after the key '{key}', found {self.found()}")
        self.pos += 1
        self.skip_whitespace()
        char = self.peek()
        if char == "[":
            return key, self.explicit_list(from_file)
        if char == "{":
            return key, self.structure()
        if top_level:
            return key, self.implicit_list(from_file)
        return key, self.scalar(from_file)

    def structure(self) -> dict[str, Any]:
        """``{k=v,...}``; a trailing comma is allowed, as in the AWS CLI."""
        opened = self.pos
        self.enter(opened)
        self.pos += 1
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        while True:
            self.skip_whitespace()
            if self.pos >= self.end:
                raise self.error(f"Expected '}}' to close the structure opened at position {opened}")
            if self.peek() == "}":
                self.pos += 1
                self.depth -= 1
                return result
            key, value = self.keyval(seen, top_level=False)
            result[key] = value
            self.skip_whitespace()
            if self.peek() == ",":
                self.pos += 1
            elif self.pos >= self.end:
                raise self.error(f"Expected '}}' to close the structure opened at position {opened}")
            elif self.peek() != "}":
                raise self.unexpected_after(key, f"',' or '}}' (structure opened at position {opened})")

    def explicit_list(self, from_file: bool) -> list[Any]:
        """``[item,...]``; a trailing comma is allowed, as in the AWS CLI."""
        opened = self.pos
        self.enter(opened)
        self.pos += 1
        items: list[Any] = []
        while True:
            self.skip_whitespace()
            if self.pos >= self.end:
                raise self.error(f"Expected ']' to close the list opened at position {opened}")
            char = self.peek()
            if char == "]":
                self.pos += 1
                self.depth -= 1
                return items
            if char == "[":
                items.append(self.explicit_list(from_file))
            elif char == "{":
                items.append(self.structure())
            else:
                items.append(self.scalar(from_file))
            self.skip_whitespace()
            if self.peek() == ",":
                self.pos += 1
            elif self.pos >= self.end:
                raise self.error(f"Expected ']' to close the list opened at position {opened}")
            elif self.peek() in _QUOTES:
                raise self.error("Unexpected quote in a list item: quote the whole item")
            elif self.peek() != "]":
                raise self.error(
                    f"Expected ',' or ']' after a list item (list opened at position {opened}), found {self.found()}"
                )

    def implicit_list(self, from_file: bool) -> Any:
        """``a`` or ``a,b,c`` after a top-level ``key=`` (a list when there is a comma).

        A later item followed by ``=`` was really the next key: go back to its comma.
        """
        first = self.scalar(from_file)
        items = [first]
        while True:
            comma = self.pos
            self.skip_whitespace()
            if self.peek() != ",":
                self.pos = comma
                break
            self.pos += 1
            self.skip_whitespace()
            if self.pos >= self.end:
                raise self.error("Expected a key or a value after ',', found the end of the input")
            if self.peek() in _NOT_A_CONTINUATION:
                self.pos = comma
                break
            start = self.pos
            item = self.raw_scalar(continuation=True)
            after = self.pos
            self.skip_whitespace()
            if self.pos < self.end and self.peek() != ",":
                self.pos = comma
                break
            self.pos = after
            items.append(self.resolve_file(item, start) if from_file else item)
        return first if len(items) == 1 else items

    def scalar(self, from_file: bool) -> str:
        start = self.pos
        value = self.raw_scalar(continuation=False)
        return self.resolve_file(value, start) if from_file else value

    def raw_scalar(self, *, continuation: bool) -> str:
        char = self.peek()
        if char in _QUOTES:
            return self.quoted(char)
        return self.unquoted(continuation)

    def quoted(self, quote: str) -> str:
        """``'...'`` or ``"..."``: ``\\<quote>`` and ``\\\\`` are escapes, other backslashes stay."""
        opened = self.pos
        self.pos += 1
        parts: list[str] = []
        start = self.pos
        text = self.text
        while self.pos < self.end:
            char = text[self.pos]
            if char == "\\" and self.pos + 1 < self.end and text[self.pos + 1] in (quote, "\\"):
                parts.append(text[start : self.pos])
                parts.append(text[self.pos + 1])
                self.pos += 2
                start = self.pos
            elif char == quote:
                parts.append(text[start : self.pos])
                self.pos += 1
                return "".join(parts)
            else:
                self.pos += 1
        raise self.error(f"Expected {quote} to close the quoted value opened at position {opened}")

    def unquoted(self, continuation: bool) -> str:
        """Up to the next stop character; ``\\,`` is a literal comma; trailing whitespace is dropped."""
        stop = _STOP_CONTINUATION if continuation else _STOP_FIRST
        start = self.pos
        text = self.text
        if self.peek() == "=":
            raise self.error("A value cannot start with '=': quote it")
        while self.pos < self.end:
            char = text[self.pos]
            if char == "\\" and self.pos + 1 < self.end and text[self.pos + 1] == ",":
                self.pos += 2
            elif char in stop:
                break
            else:
                self.pos += 1
        return text[start : self.pos].replace("\\,", ",").rstrip()

    def resolve_file(self, value: str, index: int) -> str:
        """The ``key@=file://path`` form: the value is the file's text (other values stay as they are)."""
        if value.startswith(_BINARY_FILE_PREFIX):
            raise self.error("fileb:// values are not supported (no member is binary): use file://", index)
        if not value.startswith(FILE_PREFIX):
            return value
        try:
            return read_file_argument(None, value)
        except ParamFileError as exc:
            raise ParamFileError(exc.message, self.text, index, option=None, path=exc.path) from None


def parse_shorthand(text: str) -> dict[str, Any]:
    """Parse AWS CLI shorthand (``a=1,b={c=[x,y]}``) into dicts, lists and ``str`` scalars.

    Raises :class:`ShorthandError` (with the position) on malformed input.
    """
    return _Parser(text).parameter()


def load_structure_argument(option: str, text: str) -> tuple[Any, bool]:
    """Like :func:`parse_structure_argument`, and also say whether the value was JSON.

    JSON values are final (the AWS CLI does not convert them); shorthand values still
    need the model's type conversion.
    """
    content = text
    if text.startswith(_BINARY_FILE_PREFIX):
        raise ShorthandError(
            "fileb:// is not supported for this option: use file:// for a text file", text, 0, option=option
        )
    if text.startswith(FILE_PREFIX):
        content = read_file_argument(option, text)
    if content.lstrip()[:1] in ("{", "["):
        return _parse_json(option, content), True
    try:
        return parse_shorthand(content), False
    except ShorthandError as exc:
        exc.option = option
        raise


def parse_structure_argument(option: str, text: str) -> Any:
    """What the AWS CLI does with one structure option's value (``--abort-config VALUE``).

    ``file://path`` is replaced by the file's UTF-8 text first.  A value whose first
    non-space character is ``{`` or ``[`` is JSON; anything else is shorthand.
    """
    return load_structure_argument(option, text)[0]


def _parse_json(option: str, text: str) -> Any:
    import json  # only JSON values pay for the import

    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"Invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        raise JSONArgumentError(message, text, exc.pos, option=option, lineno=exc.lineno, colno=exc.colno) from None
