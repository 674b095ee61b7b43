"""`PresignedUrl`: how devices download job files from Amazon S3 (``presignedUrlConfig``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from iotjobs import _limits as L
from iotjobs import _wire
from iotjobs._notebook import NotebookDisplay
from iotjobs._rules import Rule, compile_rules

if TYPE_CHECKING:
    from mypy_boto3_iot.type_defs import PresignedUrlConfigTypeDef

__all__ = ["PresignedUrl"]


@attrs.frozen
class PresignedUrl(NotebookDisplay):
    """Presigned S3 URLs for job files (botocore ``PresignedUrlConfig``).

    ``role_arn`` is the IAM role AWS IoT assumes to sign the URLs (20-2048 characters,
    ``arn:<partition>:iam::<account>:role/<name>``); ``expires_in_sec`` is 60-3600 (AWS uses 3600 when unset).
    """

    role_arn: str
    expires_in_sec: int | None = None

    def __attrs_post_init__(self) -> None:
        _RULES.post_init(self)  # the rule table's generated check replaces this below

    def to_botocore(self) -> PresignedUrlConfigTypeDef:
        """Return the ``presignedUrlConfig`` dict botocore sends (without ``expiresInSec`` when unset)."""
        return _wire.presigned_to_wire(self)

    @classmethod
    def from_botocore(cls, data: Mapping[str, Any]) -> PresignedUrl:
        """Parse a ``presignedUrlConfig`` dict, exactly as strictly as the builder checks."""
        return _wire.parse(_wire.parse_presigned, cls, data, "PresignedUrl.from_botocore")


_RULES = compile_rules("PresignedUrl", (
    Rule("string", "role_arn", "roleArn", L.ROLE_ARN),
    Rule("integer", "expires_in_sec", "expiresInSec", L.EXPIRES_IN_SEC, required=False),
))

PresignedUrl.__attrs_post_init__ = _RULES.post_init  # type: ignore[method-assign,assignment]
