"""One rule table per builder, from which both its cheap all-valid test and its collecting checks come.

A builder lists its `Rule`s once. `compile_rules` turns the table into two functions that cannot disagree:

* ``fast(obj) -> bool``: generated Python source (in the style of attrs' generated methods), one inline test per
  rule, no call per member: the path of every valid object;
* ``collect(obj, problems)``: for each rule whose fast test fails, the collecting check of `iotjobs._checks`
  that words the message (and, inside `relaxed_limits`, may still accept the value).

Each member rule's fast test is the same expression its collecting check runs first (`Rule.ok`), and a cross-field
rule is one predicate used by both, so whatever the fast test accepts the checks accept; the property tests in
``tests/test_rules.py`` check the reverse on generated values.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, TypeVar

from iotjobs._checks import Problems, pattern_predicate
from iotjobs._errors import MISSING
from iotjobs._limits import Limit

_T = TypeVar("_T")

__all__ = ["Compiled", "Rule", "compile_rules", "enforce"]

Kind = Literal["integer", "number", "string", "enum", "instance", "items", "strings", "map", "cross"]


class Rule:
    """One rule of a builder: a member's type and limit, a nested builder's class, or a cross-field predicate.

    ``attribute`` is the Python attribute checked, ``path`` the AWS member path the error names. ``required``:
    ``None`` is refused (with ``missing`` as the message) rather than skipped. ``when``: the rule applies only
    where this predicate of the object holds (``Rollout.is_exponential``). A ``cross`` rule is a predicate of the
    whole object (``ok``), with the value and message an error shows; ``relaxable`` ones are lifted by
    `relaxed_limits`. A ``strings`` rule is a tuple of strings (``limit`` counts them, ``item`` bounds each); a
    ``map`` rule a mapping of strings (``limit`` counts the pairs, ``key`` and ``item`` bound keys and values).
    """

    __slots__ = ("attribute", "cls", "item", "item_ok", "key", "key_ok", "kind", "limit", "message", "missing", "ok",
                 "path", "relaxable", "required", "value", "when")

    def __init__(
        self,
        kind: Kind,
        attribute: str,
        path: str | Callable[[Any], str],
        limit: Limit | None = None,
        *,
        required: bool = True,
        missing: str = "",
        cls: type | None = None,
        when: Callable[[Any], bool] | None = None,
        ok: Callable[[Any], bool] | None = None,
        value: Callable[[Any], object] | None = None,
        message: Callable[[Any], str] | str = "",
        relaxable: bool = False,
        item: Limit | None = None,
        key: Limit | None = None,
    ) -> None:
        self.kind = kind
        self.attribute = attribute
        self.path = path
        self.limit = limit
        self.required = required
        self.missing = missing
        self.cls = cls
        self.when = when
        self.value = value
        self.message = message
        self.relaxable = relaxable
        self.item = item
        self.key = key
        # The test of one item (one key) of a strings or map rule: the string rule's own predicate.
        self.item_ok = Rule("string", "", path, item).ok if item is not None else None
        self.key_ok = Rule("string", "", path, key).ok if key is not None else None
        self.ok: Callable[[Any], bool] = ok if ok is not None else _member_predicate(self)

    @classmethod
    def cross(cls, path: str | Callable[[Any], str], ok: Callable[[Any], bool], value: Callable[[Any], object],
              message: Callable[[Any], str] | str, *, when: Callable[[Any], bool] | None = None,
              relaxable: bool = False, limit: Limit | None = None) -> Rule:
        """A rule of several members: ``ok(obj)`` must hold; else ``value(obj)`` and ``message`` are reported."""
        return cls("cross", "", path, limit, ok=ok, value=value, message=message, when=when, relaxable=relaxable)

    def check(self, obj: object, p: Problems) -> None:
        """Record this rule's problems with ``obj`` (nothing when its fast test holds)."""
        path = self.path if isinstance(self.path, str) else self.path(obj)
        if self.kind == "cross":
            if not self.ok(obj) and not (self.relaxable and p.relaxed):
                message = self.message if isinstance(self.message, str) else self.message(obj)
                assert self.value is not None
                p.add(path, self.value(obj), message, self.limit)
            return
        value = getattr(obj, self.attribute)
        if value is None and not self.required:
            return
        if value is None and self.missing:
            p.add(path, MISSING, self.missing)
            return
        if self.ok(value):
            return
        if self.cls is not None:  # instance, items
            self._check_class(path, value, self.cls, p)
            return
        if self.kind in ("strings", "map"):
            self._check_collection(path, value, p)
            return
        limit = self.limit
        assert limit is not None
        checks = {"integer": p.integer, "number": p.number, "string": p.string, "enum": p.member}
        checks[self.kind](path, value, limit)

    def _check_class(self, path: str, value: Any, cls: type, p: Problems) -> None:
        if self.kind == "instance":
            p.add(path, value, f"{self.attribute} must be {_a(cls.__name__)}, not {type(value).__name__}")
            return
        assert self.limit is not None
        if not isinstance(value, tuple):
            p.add(path, value, f"must be a sequence of {cls.__name__} objects, not {type(value).__name__}")
            return
        p.count(path, value, self.limit)
        for index, item in enumerate(value):
            if not isinstance(item, cls):
                p.add(f"{path}[{index}]", item, f"must be {_a(cls.__name__)}, not {type(item).__name__}")


    def _check_collection(self, path: str, value: Any, p: Problems) -> None:
        assert self.item is not None
        assert self.item_ok is not None
        if self.kind == "strings":
            if not isinstance(value, tuple):
                p.add(path, value, f"must be a sequence of strings, not {type(value).__name__}")
                return
            if self.limit is not None:
                p.count(path, value, self.limit)
            for index, item in enumerate(value):
                if not self.item_ok(item):
                    p.string(f"{path}[{index}]", item, self.item)
            return
        assert self.key is not None
        assert self.key_ok is not None
        if not isinstance(value, Mapping):
            p.add(path, value, f"must be a mapping of strings to strings, not {type(value).__name__}")
            return
        if self.limit is not None:
            p.count(path, tuple(value), self.limit)
        for key, item in value.items():
            if not self.key_ok(key):
                p.string(f"{path}[{key!r}]", key, self.key)
            if not self.item_ok(item):
                p.string(f"{path}[{key!r}]", item, self.item)


def _a(name: str) -> str:
    return f"an {name}" if name[0] in "AEIOU" else f"a {name}"


# -- the fast tests, as source text and as functions ---------------------------------------------------------


def _bounds_source(limit: Limit, measured: str, names: dict[str, object], key: str) -> str:
    lo, hi = limit.lo, limit.hi
    tests = []
    if lo != -math.inf:
        names[f"lo_{key}"] = lo
        tests.append(f"lo_{key} <= {measured}")
    if hi != math.inf:
        names[f"hi_{key}"] = hi
        tests.append(f"{measured} <= hi_{key}")
    return " and ".join(tests) or "True"


def _test_source(rule: Rule, v: str, names: dict[str, object], key: str) -> str:
    """The inline test that ``v`` (a local name holding the value) passes ``rule``, as Python source."""
    limit = rule.limit
    kind = rule.kind
    if kind == "integer":
        assert limit is not None
        # An int subclass other than bool (an IntEnum) is the int it is sent as.
        return (f"(type({v}) is int or (isinstance({v}, int) and type({v}) is not bool)) and "
                f"{_bounds_source(limit, v, names, key)}")
    if kind == "number":
        assert limit is not None
        test = (f"(type({v}) is float or type({v}) is int or (isinstance({v}, (int, float)) and type({v}) is not "
                f"bool)) and {_bounds_source(limit, v, names, key)}")
        if limit.decimals is not None:
            test += f" and round({v}, {limit.decimals}) == {v}"
        return test
    if kind == "string":
        assert limit is not None
        test = f"isinstance({v}, str) and {_bounds_source(limit, f'len({v})', names, key)}"
        if limit.pattern is not None:
            names[f"pattern_{key}"] = pattern_predicate(limit.pattern)
            test += f" and pattern_{key}({v})"
        return test
    if kind == "enum":
        assert limit is not None
        names[f"values_{key}"] = limit.values  # a tuple: `in` needs no hash, so an unhashable value is just wrong
        return f"{v} in values_{key}"
    if kind == "instance":
        names[f"cls_{key}"] = rule.cls
        return f"(type({v}) is cls_{key} or isinstance({v}, cls_{key}))"
    if kind == "items":
        assert limit is not None
        names[f"cls_{key}"] = rule.cls
        names["instances"] = _instances
        # The usual one- or two-item tuple is tested inline; longer ones (or subclasses) by a loop.
        return (f"type({v}) is tuple and {_bounds_source(limit, f'len({v})', names, key)} and (type({v}[0]) is "
                f"cls_{key} and (len({v}) == 1 or (len({v}) == 2 and type({v}[1]) is cls_{key})) or "
                f"instances({v}, cls_{key}))")
    if kind == "strings":
        names[f"item_{key}"] = rule.item_ok
        counted = _bounds_source(limit, f"len({v})", names, key) if limit is not None else "True"
        return (f"type({v}) is tuple and {counted} and "
                f"all(item_{key}(x) for x in {v})")
    if kind == "map":
        names["Mapping"] = Mapping
        names[f"item_{key}"] = rule.item_ok
        names[f"key_{key}"] = rule.key_ok
        counted = _bounds_source(limit, f"len({v})", names, key) if limit is not None else "True"
        return (f"isinstance({v}, Mapping) and {counted} and "
                f"all(key_{key}(k) and item_{key}(x) for k, x in {v}.items())")
    raise AssertionError(kind)


def _instances(items: tuple[object, ...], cls: type) -> bool:
    return all(not (type(item) is not cls and not isinstance(item, cls)) for item in items)


def _member_predicate(rule: Rule) -> Callable[[Any], bool]:
    names: dict[str, object] = {}
    source = f"def ok(v):\n    return bool({_test_source(rule, 'v', names, '0')})\n"
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<iotjobs rule {rule.path}>", "exec"), names, namespace)
    return namespace["ok"]  # type: ignore[no-any-return]


class Compiled:
    """A builder's rule table, compiled: ``fast(obj)``, ``collect(obj, problems)`` and ``post_init``, the
    builder's ``__attrs_post_init__`` (the fast test inline, the checks only when it fails); ``source`` is the
    generated code, for the curious."""

    __slots__ = ("collect", "fast", "post_init", "rules", "source")

    def __init__(self, rules: tuple[Rule, ...], fast: Callable[[Any], bool], post_init: Callable[[Any], None],
                 source: str) -> None:
        self.rules = rules
        self.fast = fast
        self.post_init = post_init
        self.source = source

        def collect(obj: object, p: Problems) -> None:
            for rule in rules:
                if rule.when is None or rule.when(obj):
                    rule.check(obj, p)

        self.collect = collect


def _body(rules: tuple[Rule, ...], names: dict[str, object], fail: str) -> list[str]:
    """The fast test's statements: each failing test runs ``fail``; rules that share a ``when`` share its ``if``."""
    lines: list[str] = []
    current_when: object = None
    for index, rule in enumerate(rules):
        key = str(index)
        if rule.when is not current_when:
            current_when = rule.when
            if rule.when is not None:
                names[f"when_{key}"] = rule.when
                lines.append(f"    if when_{key}(self):")
        indent = "        " if rule.when is not None else "    "
        if rule.kind == "cross":
            names[f"ok_{key}"] = rule.ok
            lines.append(f"{indent}if not ok_{key}(self): {fail}")
            continue
        v = f"v{key}"
        lines.append(f"{indent}{v} = self.{rule.attribute}")
        test = _test_source(rule, v, names, key)
        if rule.required:
            lines.append(f"{indent}if not ({test}): {fail}")
        else:
            lines.append(f"{indent}if {v} is not None and not ({test}): {fail}")
    return lines


def compile_rules(name: str, rules: tuple[Rule, ...]) -> Compiled:
    """Generate ``name``'s fast all-valid test from its rules (one inline test per member rule), and its
    ``__attrs_post_init__``: the same test, then, only when it fails, every check, raising one error."""
    names: dict[str, object] = {}
    fast = ["def fast(self):", *_body(rules, names, "return False"), "    return True"]
    post_init = ["def post_init(self):", *_body(rules, names, "return slow(self)")]
    source = "\n".join([*fast, "", *post_init]) + "\n"
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<iotjobs rules {name}>", "exec"), names, namespace)
    compiled = Compiled(rules, namespace["fast"], namespace["post_init"], source)

    def slow(obj: object) -> None:
        p = Problems()
        compiled.collect(obj, p)
        p.raise_if_any(name)

    names["slow"] = slow
    return compiled


_MOST_ITEMS = 10_000


def sequence(value: Iterable[_T]) -> tuple[_T, ...]:
    """The converter of a rule-checked sequence field (criteria, windows): a list becomes a tuple; a value that is
    no sequence (or a string, bytes, a mapping) is kept as given, for the ``items`` rule to report, since a
    converter that raises would hide every other problem of the call."""
    if type(value) is tuple:
        return value
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        return value  # type: ignore[return-value]
    # An endless iterator must not exhaust memory: any list this long is refused by its count rule anyway.
    return tuple(itertools.islice(value, _MOST_ITEMS + 1))


def enforce(obj: object, compiled: Compiled, where: str) -> None:
    """Raise one `ValidationError` naming ``where`` with every problem of ``obj`` (none when the fast test holds).

    The builders call this from ``__attrs_post_init__``; the fast test runs first, the checks only when it fails.
    """
    if compiled.fast(obj):
        return
    p = Problems()
    compiled.collect(obj, p)
    p.raise_if_any(where)
