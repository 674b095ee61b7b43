"""Shared test setup: dummy AWS credentials and no user AWS configuration, for every test."""

from __future__ import annotations

from collections.abc import Iterator

import botocore  # noqa: F401  # before any test module imports awscli, whose import hook would alias botocore
import pytest
from hypothesis import HealthCheck, settings

# Shared machines (and CI's) are slow at times: timing-based hypothesis checks would make tests flaky there.
# Properties keep their example counts; only the clock is taken out.
settings.register_profile("iotjobs", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("iotjobs")

# Variables that would let the user's shell change what a boto3 client does (profile, retries, endpoint, ...).
_LEAKY_VARIABLES = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_REGION",
    "AWS_RETRY_MODE",
    "AWS_MAX_ATTEMPTS",
    "AWS_DEFAULTS_MODE",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_IOT",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    "AWS_CA_BUNDLE",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
)


@pytest.fixture(autouse=True, scope="session")
def _dummy_aws_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Point boto3 at dummy credentials and at config files that do not exist, so no user setting leaks in.

    Session-scoped, so that module-scoped fixtures building clients see it too; a test that changes one of
    these variables with its own ``monkeypatch`` gets this environment back afterwards.
    """
    missing = tmp_path_factory.getbasetemp() / "no-such-aws-dir"
    with pytest.MonkeyPatch.context() as monkeypatch:
        for name in _LEAKY_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
        monkeypatch.setenv("AWS_CONFIG_FILE", str(missing / "config"))
        monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(missing / "credentials"))
        monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
        yield
