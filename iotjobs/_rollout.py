"""`Rollout`: how fast AWS IoT notifies the targets of a job (``jobExecutionsRolloutConfig``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from iotjobs import _limits as L
from iotjobs import _wire
from iotjobs._checks import Problems, fits_int, fits_number
from iotjobs._errors import MISSING, ValidationError
from iotjobs._notebook import NotebookDisplay

if TYPE_CHECKING:
    from mypy_boto3_iot.type_defs import JobExecutionsRolloutConfigTypeDef

    from iotjobs._preview import RolloutPreview

__all__ = ["Rollout"]

_EXP = "exponentialRate"
_CRIT = "exponentialRate.rateIncreaseCriteria"
_EXP_SOURCE = L.BASE_RATE_PER_MINUTE.source


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
        maximum, base, notified, succeeded = (
            self.maximum_per_minute, self.base_rate_per_minute, self.notified_things, self.succeeded_things
        )
        if (maximum is None or fits_int(maximum, L.MAXIMUM_PER_MINUTE)) and (
            (maximum is not None and not self.is_exponential)
            or (
                fits_int(base, L.BASE_RATE_PER_MINUTE)
                and fits_number(self.increment_factor, L.INCREMENT_FACTOR)
                and (notified is not None or succeeded is not None)
                and (notified is None or fits_int(notified, L.NUMBER_OF_NOTIFIED_THINGS))
                and (succeeded is None or fits_int(succeeded, L.NUMBER_OF_SUCCEEDED_THINGS))
            )
        ):
            return
        self._check()

    def _check(self) -> None:
        """Collect every problem (the fast path above said something is off) and raise them together."""
        p = Problems()
        if self.maximum_per_minute is not None:
            p.integer("maximumPerMinute", self.maximum_per_minute, L.MAXIMUM_PER_MINUTE)
        if self.is_exponential:
            self._check_exponential(p)
        elif self.maximum_per_minute is None:
            p.add("", MISSING, "a rollout needs maximum_per_minute (a constant rate) or an exponential rate; "
                  "to leave the job's rollout as it is, do not pass a Rollout at all")
        p.raise_if_any("Rollout")

    def _check_exponential(self, p: Problems) -> None:
        base, factor = self.base_rate_per_minute, self.increment_factor
        if base is None:
            p.add(f"{_EXP}.baseRatePerMinute", MISSING, f"is required in an exponential rate ({_EXP_SOURCE})")
        else:
            p.integer(f"{_EXP}.baseRatePerMinute", base, L.BASE_RATE_PER_MINUTE)
        if factor is None:
            p.add(f"{_EXP}.incrementFactor", MISSING, f"is required in an exponential rate ({_EXP_SOURCE})")
        else:
            p.number(f"{_EXP}.incrementFactor", factor, L.INCREMENT_FACTOR)
        notified, succeeded = self.notified_things, self.succeeded_things
        if notified is None and succeeded is None and not p.relaxed:
            # The developer guide: the criteria specify numberOfNotifiedThings or numberOfSucceededThings.
            p.add(_CRIT, {}, "needs numberOfNotifiedThings or numberOfSucceededThings (or both: the rate "
                  "rises at whichever is reached first) (AWS IoT Developer Guide, Job configurations)")
        if notified is not None:
            p.integer(f"{_CRIT}.numberOfNotifiedThings", notified, L.NUMBER_OF_NOTIFIED_THINGS)
        if succeeded is not None:
            p.integer(f"{_CRIT}.numberOfSucceededThings", succeeded, L.NUMBER_OF_SUCCEEDED_THINGS)

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
