"""Talking to AWS: the boto3 ``iot`` client built from the global options, wrapped in a `JobsClient`.

The command sends through `JobsClient.send` (which maps an error answer to the typed `ServiceError`); this
module builds the client from the global options and, with :func:`translated` around each call, turns
botocore's own exceptions into the command's errors so that :mod:`iotjobs.cli._main` maps each to its exit
code. boto3 and botocore are imported only when a request is really sent (``--dry-run`` and
``--generate-cli-skeleton`` never come here):

* credentials, profile, Region and configuration-file problems -> `ConfigurationError` (exit 253);
* an error answer from AWS -> the typed `iotjobs.ServiceError` (exit 254);
* the endpoint cannot be reached, timeouts -> `CommandFailed` (exit 255).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from iotjobs._client import JobsClient, service_error
from iotjobs.cli._errors import CommandFailed, ConfigurationError, UsageError

if TYPE_CHECKING:
    from mypy_boto3_iot import IoTClient

__all__ = ["CliJobsClient", "Connection", "make_client", "make_jobs_client", "translated"]

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
def translated(operation: str | None) -> Iterator[None]:
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
    with translated(None):
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


class CliJobsClient(JobsClient):
    """`JobsClient` whose every call (``send``, hence ``update_job``, ``describe_job`` and ``watch``) turns
    botocore's own exceptions into the command's errors."""

    def send(self, operation: str, request: Mapping[str, Any]) -> dict[str, Any]:
        with translated(operation):
            return super().send(operation, request)


def make_jobs_client(connection: Connection) -> tuple[JobsClient, str | None]:
    """A `JobsClient` over :func:`make_client`'s boto3 client, and the profile's ``output`` setting."""
    client, output = make_client(connection)
    return CliJobsClient(boto3_client=client), output
