"""`Rollout`: how fast AWS IoT notifies the targets of a job (``jobExecutionsRolloutConfig``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from iotjobs import _limits as L
from iotjobs import _wire
from iotjobs._errors import MISSING, ValidationError
from iotjobs._notebook import NotebookDisplay
from iotjobs._rules import Rule, compile_rules

if TYPE_CHECKING:
    from mypy_boto3_iot.type_defs import JobExecutionsRolloutConfigTypeDef

    from iotjobs._preview import RolloutPreview

__all__ = ["Rollout"]

_EXP = "exponentialRate"
_CRIT = "exponentialRate.rateIncreaseCriteria"
_EXP_SOURCE = L.BASE_RATE_PER_MINUTE.source


def _exponential(rollout: Rollout) -> bool:
    return rollout.is_exponential


@attrs.frozen(kw_only=True)
class Rollout(NotebookDisplay):
    """The rate at which AWS IoT notifies a job's targets (botocore ``JobExecutionsRolloutConfig``).

    Build one with `Rollout.constant` or `Rollout.exponential`. ``maximum_per_minute`` is 1-1000 (AWS uses 1000
    when unset); with an exponential rate it caps the growing rate. An exponential rate starts at
    ``base_rate_per_minute`` and is multiplied by ``increment_factor`` each time another
    ``notified_things`` targets were notified or ``succeeded_things`` executions succeeded (whichever comes first
    when both are set).
    """

    maximum_per_minute: int | None = None
    base_rate_per_minute: int | None = None
    increment_factor: float | None = None
    notified_things: int | None = None
    succeeded_things: int | None = None

    def __attrs_post_init__(self) -> None:
        _RULES.post_init(self)  # the rule table's generated check replaces this below

    @property
    def is_exponential(self) -> bool:
        """Whether the rate grows (an ``exponentialRate`` is set)."""
        return not (
            self.base_rate_per_minute is None
            and self.increment_factor is None
            and self.notified_things is None
            and self.succeeded_things is None
        )

    @classmethod
    def constant(cls, maximum_per_minute: int) -> Rollout:
        """Notify at most ``maximum_per_minute`` targets a minute (1-1000)."""
        try:
            return cls(maximum_per_minute=maximum_per_minute)
        except ValidationError as error:
            raise error.renamed("Rollout.constant") from None

    @classmethod
    def exponential(
        cls,
        base_rate_per_minute: int,
        increment_factor: float,
        *,
        notified_things: int | None = None,
        succeeded_things: int | None = None,
        maximum_per_minute: int | None = None,
    ) -> Rollout:
        """Start at ``base_rate_per_minute`` (1-1000) and multiply the rate by ``increment_factor``
        (1.1-5, one decimal place) each time ``notified_things`` more targets were notified or
        ``succeeded_things`` more executions succeeded; the rate never exceeds ``maximum_per_minute``
        (1-1000, AWS uses 1000 when unset).
        """
        try:
            return cls(
                base_rate_per_minute=base_rate_per_minute,
                increment_factor=increment_factor,
                notified_things=notified_things,
                succeeded_things=succeeded_things,
                maximum_per_minute=maximum_per_minute,
            )
        except ValidationError as error:
            raise error.renamed("Rollout.exponential") from None

    def to_botocore(self) -> JobExecutionsRolloutConfigTypeDef:
        """Return the ``jobExecutionsRolloutConfig`` dict botocore sends."""
        return _wire.rollout_to_wire(self)

    @classmethod
    def from_botocore(cls, data: Mapping[str, Any]) -> Rollout:
        """Parse a ``jobExecutionsRolloutConfig`` dict, exactly as strictly as the builders check."""
        return _wire.parse(_wire.parse_rollout, cls, data, "Rollout.from_botocore")

    def preview(
        self, total_things: int, *, success_rate: float = 1.0, execution_minutes: float = 0.0
    ) -> RolloutPreview:
        """Compute when each of ``total_things`` targets is notified under this rollout.

        Follows the AWS IoT Developer Guide's semantics (see `iotjobs.RolloutPreview`). For a
        ``succeeded_things`` criterion the assumptions are explicit: ``success_rate`` (the share of notified
        targets that succeed, default 1.0) and ``execution_minutes`` (how long a target takes to succeed after
        its notification, default 0).
        """
        from iotjobs._preview import preview_rollout

        return preview_rollout(
            total_things,
            base_rate_per_minute=self.base_rate_per_minute,
            increment_factor=self.increment_factor,
            notified_things=self.notified_things,
            succeeded_things=self.succeeded_things,
            maximum_per_minute=self.maximum_per_minute,
            success_rate=success_rate,
            execution_minutes=execution_minutes,
        )


_REQUIRED = f"is required in an exponential rate ({_EXP_SOURCE})"
_RULES = compile_rules("Rollout", (
    Rule("integer", "maximum_per_minute", "maximumPerMinute", L.MAXIMUM_PER_MINUTE, required=False),
    Rule.cross(
        "", lambda r: r.maximum_per_minute is not None or r.is_exponential, lambda r: MISSING,
        "a rollout needs maximum_per_minute (a constant rate) or an exponential rate; to leave the job's rollout "
        "as it is, do not pass a Rollout at all",
    ),
    Rule("integer", "base_rate_per_minute", f"{_EXP}.baseRatePerMinute", L.BASE_RATE_PER_MINUTE,
         when=_exponential, missing=_REQUIRED),
    Rule("number", "increment_factor", f"{_EXP}.incrementFactor", L.INCREMENT_FACTOR,
         when=_exponential, missing=_REQUIRED),
    # The developer guide: the criteria specify numberOfNotifiedThings or numberOfSucceededThings.
    Rule.cross(
        _CRIT, lambda r: r.notified_things is not None or r.succeeded_things is not None, lambda r: {},
        "needs numberOfNotifiedThings or numberOfSucceededThings (or both: the rate rises at whichever is reached "
        "first) (AWS IoT Developer Guide, Job configurations)", when=_exponential, relaxable=True,
    ),
    Rule("integer", "notified_things", f"{_CRIT}.numberOfNotifiedThings", L.NUMBER_OF_NOTIFIED_THINGS,
         required=False, when=_exponential),
    Rule("integer", "succeeded_things", f"{_CRIT}.numberOfSucceededThings", L.NUMBER_OF_SUCCEEDED_THINGS,
         required=False, when=_exponential),
))
"""Rollout's rules: its fast test and its collecting checks both come from here (`iotjobs._rules`)."""

Rollout.__attrs_post_init__ = _RULES.post_init  # type: ignore[method-assign,assignment]
