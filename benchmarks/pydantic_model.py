"""The UpdateJob request as pydantic v2 models, with the same constraints iotjobs checks: the yardstick of
``benchmarks/run.py``.

Written as a careful pydantic user would: ranges, lengths, patterns and enums as ``Field`` constraints (checked in
pydantic-core, in Rust), strict types (a ``bool`` or a ``float`` is not an integer; an ``int`` is a fine double),
no NaN or infinity, unknown members rejected, and Python validators only for what pydantic cannot declare: decimal
places of a ``float``, at least one rate-increase criterion, and the shape of the retry criteria. Bounds are copied
from ``iotjobs.LIMITS`` so both sides check the same numbers.

``UpdateJobRequest.model_validate(params).model_dump(exclude_none=True, by_alias=True)`` is the benchmarked
round trip: the request dict in, the same dict out.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic.alias_generators import to_camel

from iotjobs import _limits as L

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1


def _decimals(places: int) -> AfterValidator:
    def check(value: float) -> float:
        if round(value, places) != value:
            raise ValueError(f"at most {places} digit(s) after the decimal point")
        return value

    return AfterValidator(check)


def _int(limit: L.Limit, type_max: int = INT32_MAX) -> object:
    return Field(ge=limit.minimum, le=limit.maximum if limit.maximum is not None else type_max)


def _str(limit: L.Limit, pattern: str | None = None) -> object:
    # pydantic searches for a pattern anywhere in the string; AWS means the whole string.
    whole = pattern or limit.pattern
    return Field(
        min_length=None if limit.minimum is None else int(limit.minimum),
        max_length=None if limit.maximum is None else int(limit.maximum),
        pattern=f"^(?:{whole})$" if whole else None,
    )


class _Model(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", strict=True, allow_inf_nan=False,
        frozen=True,
    )


class RateIncreaseCriteria(_Model):
    number_of_notified_things: Annotated[int, _int(L.NUMBER_OF_NOTIFIED_THINGS)] | None = None
    number_of_succeeded_things: Annotated[int, _int(L.NUMBER_OF_SUCCEEDED_THINGS)] | None = None

    @model_validator(mode="after")
    def _at_least_one(self) -> RateIncreaseCriteria:
        if self.number_of_notified_things is None and self.number_of_succeeded_things is None:
            raise ValueError("needs numberOfNotifiedThings or numberOfSucceededThings (or both)")
        return self


class ExponentialRolloutRate(_Model):
    base_rate_per_minute: Annotated[int, _int(L.BASE_RATE_PER_MINUTE)]
    increment_factor: Annotated[
        float, Field(ge=L.INCREMENT_FACTOR.minimum, le=L.INCREMENT_FACTOR.maximum), _decimals(1)
    ]
    rate_increase_criteria: RateIncreaseCriteria


class JobExecutionsRolloutConfig(_Model):
    maximum_per_minute: Annotated[int, _int(L.MAXIMUM_PER_MINUTE)] | None = None
    exponential_rate: ExponentialRolloutRate | None = None

    @model_validator(mode="after")
    def _a_rate(self) -> JobExecutionsRolloutConfig:
        if self.maximum_per_minute is None and self.exponential_rate is None:
            raise ValueError("a rollout needs maximumPerMinute or exponentialRate")
        return self


class AbortCriteria(_Model):
    failure_type: Literal["FAILED", "REJECTED", "TIMED_OUT", "ALL"]
    action: Literal["CANCEL"]
    threshold_percentage: Annotated[float, Field(gt=0, le=100), _decimals(2)]
    min_number_of_executed_things: Annotated[int, _int(L.MIN_NUMBER_OF_EXECUTED_THINGS)]


class AbortConfig(_Model):
    criteria_list: Annotated[list[AbortCriteria], Field(min_length=1)]


class TimeoutConfig(_Model):
    in_progress_timeout_in_minutes: Annotated[int, _int(L.IN_PROGRESS_TIMEOUT_IN_MINUTES, INT64_MAX)] | None = None


class PresignedUrlConfig(_Model):
    role_arn: Annotated[str, _str(L.ROLE_ARN)]
    expires_in_sec: Annotated[int, _int(L.EXPIRES_IN_SEC, INT64_MAX)] | None = None


class RetryCriteria(_Model):
    failure_type: Literal["FAILED", "TIMED_OUT", "ALL"]
    number_of_retries: Annotated[int, _int(L.NUMBER_OF_RETRIES)]


class JobExecutionsRetryConfig(_Model):
    criteria_list: Annotated[list[RetryCriteria], Field(min_length=1, max_length=2)]

    @model_validator(mode="after")
    def _shape(self) -> JobExecutionsRetryConfig:
        kinds = [c.failure_type for c in self.criteria_list]
        if len(set(kinds)) != len(kinds):
            raise ValueError("give each failure type once")
        if "ALL" in kinds and len(kinds) > 1:
            raise ValueError("use ALL alone, or FAILED and TIMED_OUT")
        if sum(c.number_of_retries for c in self.criteria_list) > 10:
            raise ValueError("at most 10 retries per device across failure types")
        return self


class UpdateJobRequest(_Model):
    job_id: Annotated[str, _str(L.JOB_ID)]
    # pydantic-core's regex engine knows the Unicode category class \p{C} the model uses.
    description: Annotated[str, _str(L.DESCRIPTION)] | None = None
    presigned_url_config: PresignedUrlConfig | None = None
    job_executions_rollout_config: JobExecutionsRolloutConfig | None = None
    abort_config: AbortConfig | None = None
    timeout_config: TimeoutConfig | None = None
    namespace_id: Annotated[str, _str(L.NAMESPACE_ID)] | None = None
    job_executions_retry_config: JobExecutionsRetryConfig | None = None
