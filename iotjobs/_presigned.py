"""`PresignedUrl`: how devices download job files from Amazon S3 (``presignedUrlConfig``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from iotjobs import _limits as L
from iotjobs import _wire
from iotjobs._checks import Problems, fits_int, fits_str
from iotjobs._notebook import NotebookDisplay

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
        if fits_str(self.role_arn, L.ROLE_ARN) and (
            self.expires_in_sec is None or fits_int(self.expires_in_sec, L.EXPIRES_IN_SEC)
        ):
            return
        p = Problems()
        p.string("roleArn", self.role_arn, L.ROLE_ARN)
        if self.expires_in_sec is not None:
            p.integer("expiresInSec", self.expires_in_sec, L.EXPIRES_IN_SEC)
        p.raise_if_any("PresignedUrl")

    def to_botocore(self) -> PresignedUrlConfigTypeDef:
        """Return the ``presignedUrlConfig`` dict botocore sends (without ``expiresInSec`` when unset)."""
        return _wire.presigned_to_wire(self)

    @classmethod
    def from_botocore(cls, data: Mapping[str, Any]) -> PresignedUrl:
        """Parse a ``presignedUrlConfig`` dict, exactly as strictly as the builder checks."""
        return _wire.parse(_wire.parse_presigned, cls, data, "PresignedUrl.from_botocore")
