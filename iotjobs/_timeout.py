"""`Timeout`: how long an execution may stay IN_PROGRESS (``timeoutConfig``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from iotjobs import _limits as L
from iotjobs import _wire
from iotjobs._errors import ValidationError
from iotjobs._notebook import NotebookDisplay
from iotjobs._rules import Rule, compile_rules

if TYPE_CHECKING:
    from mypy_boto3_iot.type_defs import TimeoutConfigTypeDef

__all__ = ["Timeout"]


@attrs.frozen
class Timeout(NotebookDisplay):
    """An execution still IN_PROGRESS ``in_progress_minutes`` (1-10080, i.e. up to 7 days) after it started
    becomes TIMED_OUT (botocore ``TimeoutConfig``). AWS sets no timeout by default; an updated value applies to
    executions that start after the update.
    """

    in_progress_minutes: int = attrs.field(kw_only=True)

    def __attrs_post_init__(self) -> None:
        _RULES.post_init(self)  # the rule table's generated check replaces this below

    @classmethod
    def minutes(cls, in_progress_minutes: int) -> Timeout:
        """Time executions out after ``in_progress_minutes`` minutes IN_PROGRESS (1-10080)."""
        try:
            return cls(in_progress_minutes=in_progress_minutes)
        except ValidationError as error:
            raise error.renamed("Timeout.minutes") from None

    def to_botocore(self) -> TimeoutConfigTypeDef:
        """Return the ``timeoutConfig`` dict botocore sends."""
        return _wire.timeout_to_wire(self)

    @classmethod
    def from_botocore(cls, data: Mapping[str, Any]) -> Timeout:
        """Parse a ``timeoutConfig`` dict, exactly as strictly as the builder checks."""
        return _wire.parse(_wire.parse_timeout, cls, data, "Timeout.from_botocore")


_RULES = compile_rules("Timeout", (
    Rule("integer", "in_progress_minutes", "inProgressTimeoutInMinutes", L.IN_PROGRESS_TIMEOUT_IN_MINUTES),
))

Timeout.__attrs_post_init__ = _RULES.post_init  # type: ignore[method-assign,assignment]
