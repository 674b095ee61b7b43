"""`Retry` and `RetryCriterion`: how often AWS IoT retries a failed execution (``jobExecutionsRetryConfig``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from iotjobs import _limits as L
from iotjobs import _wire
from iotjobs._enums import FailureType, failure_type
from iotjobs._errors import ValidationError
from iotjobs._notebook import NotebookDisplay
from iotjobs._rules import Rule, compile_rules, sequence

if TYPE_CHECKING:
    from mypy_boto3_iot.type_defs import JobExecutionsRetryConfigOutputTypeDef, RetryCriteriaTypeDef

__all__ = ["Retry", "RetryCriterion"]

_TOTAL = L.TOTAL_RETRIES.hi


@attrs.frozen
class RetryCriterion(NotebookDisplay):
    """Retry an execution that ended as ``failure_type`` up to ``number_of_retries`` times
    (botocore ``RetryCriteria``).

    ``failure_type`` is ``FAILED``, ``TIMED_OUT`` or ``ALL`` (a rejected execution is never retried);
    ``number_of_retries`` is 0-10. Retrying ``TIMED_OUT`` executions needs a `Timeout` on the job.
    """

    failure_type: FailureType = attrs.field(converter=failure_type)
    number_of_retries: int

    def __attrs_post_init__(self) -> None:
        _CRITERION_RULES.post_init(self)  # the rule table's generated check replaces this below

    def to_botocore(self) -> RetryCriteriaTypeDef:
        """Return the ``RetryCriteria`` dict botocore sends."""
        return _wire.retry_criterion_to_wire(self)

    @classmethod
    def from_botocore(cls, data: Mapping[str, Any]) -> RetryCriterion:
        """Parse a ``RetryCriteria`` dict, exactly as strictly as the builder checks."""
        return _wire.parse(_wire.parse_retry_criterion, cls, data, "RetryCriterion.from_botocore")




def _criteria(value: Iterable[RetryCriterion]) -> tuple[RetryCriterion, ...]:
    return sequence(value)  # typed per field, so that mypy flags the wrong kind of item


@attrs.frozen
class Retry(NotebookDisplay):
    """Automatic retries of failed executions (botocore ``JobExecutionsRetryConfig``).

    Either one ``ALL`` criterion, or ``FAILED`` and ``TIMED_OUT`` at most once each (iotjobs' rule where AWS is
    silent); AWS retries a device at most 10 times in total across failure types. After a job is created AWS
    only lets an update set the retries to 0.
    """

    criteria: tuple[RetryCriterion, ...] = attrs.field(converter=_criteria)
    criterion_type: ClassVar[type[RetryCriterion]] = RetryCriterion

    def __attrs_post_init__(self) -> None:
        _RULES.post_init(self)  # the rule table's generated check replaces this below

    @classmethod
    def on(cls, failure_type: FailureType | str, number_of_retries: int) -> Retry:
        """Retry executions that ended as ``failure_type`` (``FAILED``, ``TIMED_OUT`` or ``ALL``) up to
        ``number_of_retries`` (0-10) times.
        """
        return cls((_criterion("Retry.on", 0, failure_type, number_of_retries),))

    def and_on(self, failure_type: FailureType | str, number_of_retries: int) -> Retry:
        """Return a new `Retry` that also retries executions that ended as ``failure_type``."""
        added = _criterion("Retry.and_on", len(self.criteria), failure_type, number_of_retries)
        try:
            return Retry((*self.criteria, added))
        except ValidationError as error:
            raise error.renamed("Retry.and_on") from None

    @property
    def total_retries(self) -> int:
        """The most retries one device can get under this config."""
        return sum(c.number_of_retries for c in self.criteria)

    def to_botocore(self) -> JobExecutionsRetryConfigOutputTypeDef:
        """Return the ``jobExecutionsRetryConfig`` dict botocore sends."""
        return _wire.retry_to_wire(self)

    @classmethod
    def from_botocore(cls, data: Mapping[str, Any]) -> Retry:
        """Parse a ``jobExecutionsRetryConfig`` dict, exactly as strictly as the builders check."""
        return _wire.parse(_wire.parse_retry, cls, data, "Retry.from_botocore")


_CRITERION_RULES = compile_rules("RetryCriterion", (
    Rule("enum", "failure_type", "failureType", L.RETRY_FAILURE_TYPE),
    Rule("integer", "number_of_retries", "numberOfRetries", L.NUMBER_OF_RETRIES),
))


def _valid(retry: Retry) -> list[RetryCriterion]:
    criteria = retry.criteria
    return [c for c in criteria if isinstance(c, RetryCriterion)] if type(criteria) is tuple else []


_ALL = FailureType.ALL


def _no_repeat(retry: Retry) -> bool:
    criteria = retry.criteria
    if type(criteria) is tuple and len(criteria) == 2 and type(criteria[0]) is type(criteria[1]) is RetryCriterion:
        return criteria[0].failure_type is not criteria[1].failure_type
    if type(criteria) is not tuple or len(criteria) < 2:
        return True
    kinds = [c.failure_type for c in _valid(retry)]
    return len(set(kinds)) == len(kinds)


def _first_repeat(retry: Retry) -> int:
    """The index of the first criterion whose failure type an earlier one has (0 when none)."""
    seen: set[object] = set()
    for index, criterion in enumerate(retry.criteria if type(retry.criteria) is tuple else ()):
        if isinstance(criterion, RetryCriterion):
            if criterion.failure_type in seen:
                return index
            seen.add(criterion.failure_type)
    return 0


def _repeat_message(retry: Retry) -> str:
    index = _first_repeat(retry)
    kind = retry.criteria[index].failure_type
    first = next(i for i, c in enumerate(retry.criteria) if isinstance(c, RetryCriterion) and c.failure_type is kind)
    return f"repeats criteriaList[{first}]: give each failure type once ({L.OURS})"


def _all_alone(retry: Retry) -> bool:
    criteria = retry.criteria
    if type(criteria) is tuple and len(criteria) == 2 and type(criteria[0]) is type(criteria[1]) is RetryCriterion:
        return criteria[0].failure_type is not _ALL and criteria[1].failure_type is not _ALL
    if type(criteria) is not tuple or len(criteria) < 2:
        return True
    kinds = [c.failure_type for c in _valid(retry)]
    return len(kinds) < 2 or FailureType.ALL not in kinds


def _total(retry: Retry) -> int:
    criteria = retry.criteria
    if (type(criteria) is tuple and 1 <= len(criteria) <= 2
            and type(criteria[0]) is type(criteria[-1]) is RetryCriterion):
        return criteria[0].number_of_retries + (criteria[1].number_of_retries if len(criteria) == 2 else 0)
    return sum(c.number_of_retries for c in _valid(retry))


_RULES = compile_rules("Retry", (
    Rule("items", "criteria", "criteriaList", L.RETRY_CRITERIA_LIST, cls=RetryCriterion),
    Rule.cross(
        lambda r: f"criteriaList[{_first_repeat(r)}].failureType", _no_repeat,
        lambda r: r.criteria[_first_repeat(r)].failure_type.value, _repeat_message, relaxable=True,
    ),
    Rule.cross(
        "criteriaList", _all_alone,
        lambda r: [c.failure_type.value for c in _valid(r)],
        f"ALL already covers FAILED and TIMED_OUT: use ALL alone, or FAILED and TIMED_OUT ({L.OURS})",
        relaxable=True,
    ),
    Rule.cross(
        "criteriaList", lambda r: _total(r) <= _TOTAL, _total,
        lambda r: f"numberOfRetries add up to {_total(r)}; AWS IoT retries a device at most {_TOTAL:g} times across "
        f"failure types ({L.TOTAL_RETRIES.source_of('maximum')})",
        relaxable=True, limit=L.TOTAL_RETRIES,
    ),
))
"""Retry's rules; the three cross-field rules are iotjobs' reading of the developer guide's retry section."""


def _criterion(where: str, index: int, failure_type: FailureType | str, number_of_retries: int) -> RetryCriterion:
    """Build the criterion at ``criteriaList[index]``; its errors carry that path and name the call ``where``."""
    try:
        return RetryCriterion(failure_type, number_of_retries)
    except ValidationError as error:
        raise error.with_prefix(f"criteriaList[{index}]", where) from None

RetryCriterion.__attrs_post_init__ = _CRITERION_RULES.post_init  # type: ignore[method-assign,assignment]
Retry.__attrs_post_init__ = _RULES.post_init  # type: ignore[method-assign,assignment]
