"""Talking to AWS: the boto3 ``iot`` client built from the global options, and the two calls.

This is the only module of the command that imports boto3 and botocore, and only when a request is really sent
(``--dry-run`` and ``--generate-cli-skeleton`` never come here). botocore's exceptions are translated into the
command's errors so that :mod:`iotjobs.cli._main` maps each to its exit code:

* credentials, profile, Region and configuration-file problems -> `ConfigurationError` (exit 253);
* an error answer from AWS -> the typed `iotjobs.ServiceError` (exit 254);
* the endpoint cannot be reached, timeouts -> `CommandFailed` (exit 255).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from iotjobs._client import service_error
from iotjobs.cli._errors import CommandFailed, ConfigurationError, UsageError

if TYPE_CHECKING:
    from mypy_boto3_iot import IoTClient

__all__ = ["Connection", "describe_job", "make_client", "update_job"]

_T = TypeVar("_T")


@dataclass(frozen=True)
class Connection:
    """The global options that decide where and how requests are sent."""

    profile: str | None = None
    region: str | None = None
    endpoint_url: str | None = None
    verify_ssl: bool = True
    ca_bundle: str | None = None
    read_timeout: int | None = None
    connect_timeout: int | None = None
    sign_request: bool = True


# What each credentials/configuration problem means for a user, after botocore's own message.
_CONFIG_HINTS = {
    "NoCredentialsError": "Configure credentials (environment variables, the credentials file, --profile) "
    "or use --no-sign-request.",
    "PartialCredentialsError": "Both an access key id and a secret access key are needed.",
    "NoRegionError": "Give --region, set AWS_DEFAULT_REGION, or set region in the profile.",
}


@contextlib.contextmanager
def _translated(operation: str | None) -> Iterator[None]:
    """Turn botocore's exceptions into the command's errors (and a ``ClientError`` into a `ServiceError`)."""
    from botocore import exceptions as bx

    config_errors = (
        bx.NoCredentialsError,
        bx.PartialCredentialsError,
        bx.CredentialRetrievalError,
        bx.UnknownCredentialError,
        bx.NoRegionError,
        bx.InvalidRegionError,
        bx.ProfileNotFound,
        bx.ConfigNotFound,
        bx.ConfigParseError,
        bx.InvalidConfigError,
        bx.TokenRetrievalError,
        bx.SSOError,
    )
    connection_errors = (bx.EndpointConnectionError, bx.ConnectTimeoutError, bx.ReadTimeoutError, bx.HTTPClientError)
    try:
        yield
    except bx.ClientError as error:
        raise service_error(error, operation or "Unknown") from error
    except config_errors as error:
        hint = _CONFIG_HINTS.get(type(error).__name__)
        message = f"{str(error).rstrip('.')}. {hint}" if hint else str(error)
        raise ConfigurationError(message) from error
    except bx.ParamValidationError as error:  # iotjobs validated first: only a bug could get here
        raise UsageError(str(error)) from error
    except connection_errors as error:
        raise CommandFailed(str(error)) from error


def make_client(connection: Connection) -> tuple[IoTClient, str | None]:
    """A boto3 ``iot`` client for these options (botocore's standard retry mode), and the profile's ``output``
    setting (``aws configure set output table``), if any."""
    with _translated(None):
        import boto3
        import botocore
        import botocore.session
        from botocore.config import Config

        config_kwargs: dict[str, Any] = {"retries": {"mode": "standard"}, "user_agent_extra": "iotjobs-cli"}
        if connection.read_timeout is not None:
            config_kwargs["read_timeout"] = connection.read_timeout or None  # 0: no timeout
        if connection.connect_timeout is not None:
            config_kwargs["connect_timeout"] = connection.connect_timeout or None
        if not connection.sign_request:
            config_kwargs["signature_version"] = botocore.UNSIGNED
        verify: bool | str | None = False if not connection.verify_ssl else connection.ca_bundle
        core = botocore.session.Session(profile=connection.profile)
        output = core.get_scoped_config().get("output")  # ProfileNotFound for an unknown profile
        client = boto3.session.Session(botocore_session=core).client(
            "iot",
            region_name=connection.region,
            endpoint_url=connection.endpoint_url,
            verify=verify,
            config=Config(**config_kwargs),
        )
        return client, str(output) if output else None


def _call(operation: str, call: Callable[[], _T]) -> _T:
    with _translated(operation):
        return call()


def update_job(client: IoTClient, values: dict[str, Any]) -> dict[str, Any]:
    """Send one UpdateJob with exactly these members (already validated by the builders); return boto3's
    response (only ``ResponseMetadata``: UpdateJob has no output)."""
    response: Any = _call("UpdateJob", lambda: client.update_job(**values))
    return dict(response)


def describe_job(client: IoTClient, values: dict[str, Any]) -> dict[str, Any]:
    """Send one DescribeJob and return boto3's response (datetimes, ``ResponseMetadata`` included)."""
    response: Any = _call("DescribeJob", lambda: client.describe_job(**values))
    return dict(response)
