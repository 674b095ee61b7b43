"""`Abort` and `AbortCriterion`: when AWS IoT cancels a job by itself (``abortConfig``)."""

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
    from mypy_boto3_iot.type_defs import AbortConfigOutputTypeDef, AbortCriteriaTypeDef

    from iotjobs._job import JobProcessDetails

__all__ = ["Abort", "AbortCriterion"]

@attrs.frozen
class AbortCriterion(NotebookDisplay):
    """Cancel the job when ``threshold_percentage`` percent of its completed executions ended as
    ``failure_type``, once at least ``min_executed_things`` executions completed (botocore ``AbortCriteria``).

    ``threshold_percentage`` is greater than 0 and at most 100, with at most two decimal places;
    ``min_executed_things`` is at least 1. ``ALL`` counts executions that failed, were rejected or timed out.
    The action is always ``CANCEL`` (the only one AWS offers).
    """

    failure_type: FailureType = attrs.field(converter=failure_type)
    threshold_percentage: float
    min_executed_things: int = 1

    def __attrs_post_init__(self) -> None:
        _CRITERION_RULES.post_init(self)  # the rule table's generated check replaces this below

    def to_botocore(self) -> AbortCriteriaTypeDef:
        """Return the ``AbortCriteria`` dict botocore sends (``action`` is ``CANCEL``)."""
        return _wire.abort_criterion_to_wire(self)

    @classmethod
    def from_botocore(cls, data: Mapping[str, Any]) -> AbortCriterion:
        """Parse an ``AbortCriteria`` dict, exactly as strictly as the builder checks."""
        return _wire.parse(_wire.parse_abort_criterion, cls, data, "AbortCriterion.from_botocore")

    def is_met(self, process: JobProcessDetails) -> bool:
        """Whether this criterion would cancel a job whose executions stand at ``process``.

        AWS evaluates a criterion once at least ``min_executed_things`` executions completed (reached a
        terminal status), and fires when the executions that ended as ``failure_type`` make up at least
        ``threshold_percentage`` percent of the completed ones (AWS IoT Developer Guide, Job configurations).
        """
        completed = process.completed
        if completed < self.min_executed_things or completed == 0:
            return False
        failed = process.count_of(self.failure_type)
        # Exact decimal arithmetic: in floats 16.1 * 1000 is 16100.000000000002, so 161 of 1000 would not fire.
        from decimal import Decimal

        return failed * 100 >= Decimal(repr(self.threshold_percentage)) * completed




def _criteria(value: Iterable[AbortCriterion]) -> tuple[AbortCriterion, ...]:
    return sequence(value)  # typed per field, so that mypy flags the wrong kind of item


@attrs.frozen
class Abort(NotebookDisplay):
    """Criteria under which AWS IoT cancels the job (botocore ``AbortConfig``), checked in order.

    Build one with `Abort.when` and add criteria with `Abort.or_when`. The same failure type may appear more
    than once (a staged policy: 50% of the first 10, then 10% of the first 1000).
    """

    criteria: tuple[AbortCriterion, ...] = attrs.field(converter=_criteria)
    criterion_type: ClassVar[type[AbortCriterion]] = AbortCriterion

    def __attrs_post_init__(self) -> None:
        _RULES.post_init(self)  # the rule table's generated check replaces this below

    @classmethod
    def when(
        cls, failure_type: FailureType | str, threshold_percentage: float, *, min_executed_things: int = 1
    ) -> Abort:
        """Cancel the job when ``threshold_percentage`` percent (0 < p <= 100, two decimal places) of at least
        ``min_executed_things`` completed executions ended as ``failure_type``.
        """
        return cls((_criterion("Abort.when", 0, failure_type, threshold_percentage, min_executed_things),))

    def or_when(
        self, failure_type: FailureType | str, threshold_percentage: float, *, min_executed_things: int = 1
    ) -> Abort:
        """Return a new `Abort` with one more criterion, checked after the ones before it."""
        index = len(self.criteria)
        added = _criterion("Abort.or_when", index, failure_type, threshold_percentage, min_executed_things)
        return Abort((*self.criteria, added))

    def first_triggered(self, process: JobProcessDetails) -> AbortCriterion | None:
        """Return the first criterion that would cancel a job whose executions stand at ``process``, if any.

        Criteria are checked in order, as AWS does; see `AbortCriterion.is_met`.
        """
        return next((c for c in self.criteria if c.is_met(process)), None)

    def to_botocore(self) -> AbortConfigOutputTypeDef:
        """Return the ``abortConfig`` dict botocore sends."""
        return _wire.abort_to_wire(self)

    @classmethod
    def from_botocore(cls, data: Mapping[str, Any]) -> Abort:
        """Parse an ``abortConfig`` dict, exactly as strictly as the builders check."""
        return _wire.parse(_wire.parse_abort, cls, data, "Abort.from_botocore")


_CRITERION_RULES = compile_rules("AbortCriterion", (
    Rule("enum", "failure_type", "failureType", L.ABORT_FAILURE_TYPE),
    Rule("number", "threshold_percentage", "thresholdPercentage", L.THRESHOLD_PERCENTAGE),
    Rule("integer", "min_executed_things", "minNumberOfExecutedThings", L.MIN_NUMBER_OF_EXECUTED_THINGS),
))
_RULES = compile_rules("Abort", (Rule("items", "criteria", "criteriaList", L.ABORT_CRITERIA_LIST, cls=AbortCriterion),))


def _criterion(
    where: str, index: int, failure_type: FailureType | str, threshold_percentage: float, min_executed_things: int
) -> AbortCriterion:
    """Build the criterion at ``criteriaList[index]``; its errors carry that path and name the call ``where``."""
    try:
        return AbortCriterion(failure_type, threshold_percentage, min_executed_things)
    except ValidationError as error:
        raise error.with_prefix(f"criteriaList[{index}]", where) from None

AbortCriterion.__attrs_post_init__ = _CRITERION_RULES.post_init  # type: ignore[method-assign,assignment]
Abort.__attrs_post_init__ = _RULES.post_init  # type: ignore[method-assign,assignment]
