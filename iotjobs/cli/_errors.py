"""The exit codes of the ``iotjobs`` command and the errors that carry them.

The codes are the ones AWS CLI v2 documents ("Return codes" in the AWS CLI User Guide)::

    0    success
    2    ``update-job --plan --detailed-exitcode`` only: the update would change the job
    252  invalid command line or parameter value (nothing was sent)
    253  configuration or credentials problem (missing credentials, unknown profile, no region, ...)
    254  the service answered with an error (its code and message are printed)
    255  anything else (a connection failure, an unexpected error)
    130  interrupted (Ctrl-C)

Every module of the command raises a `CliError` subclass; :func:`iotjobs.cli._main.main` turns it into its
message on stderr and its exit code, so no traceback ever reaches a user for bad input.
"""

from __future__ import annotations

__all__ = [
    "EXIT_CONFIG",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_OTHER",
    "EXIT_PLAN_CHANGES",
    "EXIT_SERVICE",
    "EXIT_USAGE",
    "CliError",
    "CommandFailed",
    "ConfigurationError",
    "UsageError",
]

EXIT_OK = 0
EXIT_PLAN_CHANGES = 2
"""``update-job --plan --detailed-exitcode``: the update would change the job (as ``terraform plan
-detailed-exitcode``); 0 then means it would change nothing."""
EXIT_USAGE = 252
EXIT_CONFIG = 253
EXIT_SERVICE = 254
EXIT_OTHER = 255
EXIT_INTERRUPTED = 130


class CliError(Exception):
    """A failure the command reports as a message and an exit code (never a traceback)."""

    exit_code = EXIT_OTHER


class UsageError(CliError):
    """The command line or a parameter value is invalid; nothing was sent (exit 252).

    ``show_usage`` adds the short usage block before the message, as argparse-level errors do.
    """

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, show_usage: bool = False) -> None:
        super().__init__(message)
        self.show_usage = show_usage


class ConfigurationError(CliError):
    """Credentials, profile, region or configuration files are missing or invalid (exit 253)."""

    exit_code = EXIT_CONFIG


class CommandFailed(CliError):
    """Anything else that stopped the command, e.g. the endpoint could not be reached (exit 255)."""

    exit_code = EXIT_OTHER
