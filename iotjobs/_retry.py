"""`Retry` and `RetryCriterion`: how often AWS IoT retries a failed execution (``jobExecutionsRetryConfig``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from iotjobs import _limits as L
from iotjobs import _wire
from iotjobs._abort import _failure_type
from iotjobs._checks import Problems, fits_int
from iotjobs._enums import FailureType
from iotjobs._errors import ValidationError
from iotjobs._guards import criteria_tuple
from iotjobs._notebook import NotebookDisplay

if TYPE_CHECKING:
    from mypy_boto3_iot.type_defs import JobExecutionsRetryConfigOutputTypeDef, RetryCriteriaTypeDef

__all__ = ["Retry", "RetryCriterion"]

_RETRYABLE = frozenset({FailureType.FAILED, FailureType.TIMED_OUT, FailureType.ALL})
_FAILED_AND_TIMED_OUT = {FailureType.FAILED, FailureType.TIMED_OUT}
_TOTAL = L.TOTAL_RETRIES.hi


@attrs.frozen
class RetryCriterion(NotebookDisplay):
    """Retry an execution that ended as ``failure_type`` up to ``number_of_retries`` times
    (botocore ``RetryCriteria``).

    ``failure_type`` is ``FAILED``, ``TIMED_OUT`` or ``ALL`` (a rejected execution is never retried);
    ``number_of_retries`` is 0-10. Retrying ``TIMED_OUT`` executions needs a `Timeout` on the job.
    """

    failure_type: FailureType = attrs.field(converter=_failure_type)
    number_of_retries: int

    def __attrs_post_init__(self) -> None:
        kind = self.failure_type  # an unhashable value is not looked up in the set
        if type(kind) is FailureType and kind in _RETRYABLE and fits_int(self.number_of_retries, L.NUMBER_OF_RETRIES):
            return
        p = Problems()
        p.member("failureType", self.failure_type, L.RETRY_FAILURE_TYPE)
        p.integer("numberOfRetries", self.number_of_retries, L.NUMBER_OF_RETRIES)
        p.raise_if_any("RetryCriterion")

    def to_botocore(self) -> RetryCriteriaTypeDef:
        """Return the ``RetryCriteria`` dict botocore sends."""
        return _wire.retry_criterion_to_wire(self)

    @classmethod
    def from_botocore(cls, data: Mapping[str, Any]) -> RetryCriterion:
        """Parse a ``RetryCriteria`` dict, exactly as strictly as the builder checks."""
        return _wire.parse(_wire.parse_retry_criterion, cls, data, "RetryCriterion.from_botocore")


def _criteria(value: Iterable[RetryCriterion]) -> tuple[RetryCriterion, ...]:
    return criteria_tuple(value, "Retry", "RetryCriterion")


@attrs.frozen
class Retry(NotebookDisplay):
    """Automatic retries of failed executions (botocore ``JobExecutionsRetryConfig``).

    Either one ``ALL`` criterion, or ``FAILED`` and ``TIMED_OUT`` at most once each (iotjobs' rule where AWS is
    silent); AWS retries a device at most 10 times in total across failure types. After a job is created AWS
    only lets an update set the retries to 0.
    """

    criteria: tuple[RetryCriterion, ...] = attrs.field(converter=_criteria)

    def __attrs_post_init__(self) -> None:
        criteria = self.criteria
        if len(criteria) == 1 and type(criteria[0]) is RetryCriterion:
            return
        if (
            len(criteria) == 2
            and type(criteria[0]) is RetryCriterion
            and type(criteria[1]) is RetryCriterion
            and {criteria[0].failure_type, criteria[1].failure_type} == _FAILED_AND_TIMED_OUT
            and criteria[0].number_of_retries + criteria[1].number_of_retries <= _TOTAL
        ):
            return
        self._check()

    def _check(self) -> None:
        """Collect every problem (the fast path above said something is off) and raise them together."""
        p = Problems()
        criteria = self.criteria
        p.count("criteriaList", criteria, L.RETRY_CRITERIA_LIST)
        total = 0
        seen: dict[object, int] = {}
        for index, criterion in enumerate(criteria):
            if not isinstance(criterion, RetryCriterion):
                p.add(f"criteriaList[{index}]", criterion,
                      f"must be a RetryCriterion, not {type(criterion).__name__}")
                continue
            total += criterion.number_of_retries
            kind = criterion.failure_type
            if kind in seen and not p.relaxed:
                p.add(f"criteriaList[{index}].failureType", kind.value,
                      f"repeats criteriaList[{seen[kind]}]: give each failure type once ({L.OURS})")
            seen.setdefault(kind, index)
        if not p.relaxed:
            if FailureType.ALL in seen and len(criteria) > 1:
                p.add("criteriaList", [c.failure_type.value for c in criteria if isinstance(c, RetryCriterion)],
                      f"ALL already covers FAILED and TIMED_OUT: use ALL alone, or FAILED and TIMED_OUT ({L.OURS})")
            if total > 10:
                p.add("criteriaList", total, "numberOfRetries add up to "
                      f"{total}; AWS IoT retries a device at most 10 times across failure types "
                      f"({L.TOTAL_RETRIES.source_of('maximum')})", L.TOTAL_RETRIES)
        p.raise_if_any("Retry")

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


def _criterion(where: str, index: int, failure_type: FailureType | str, number_of_retries: int) -> RetryCriterion:
    """Build the criterion at ``criteriaList[index]``; its errors carry that path and name the call ``where``."""
    try:
        return RetryCriterion(failure_type, number_of_retries)
    except ValidationError as error:
        raise error.with_prefix(f"criteriaList[{index}]", where) from None
