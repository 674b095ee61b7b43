"""The wire format: the only module that spells botocore's camelCase members.

``*_to_wire`` turn a (valid) builder into the dict botocore sends; ``parse_*`` read such a dict back into a
builder, recording every structural problem (not an object, unknown or missing members) in a `Problems`, and the
builder's own checks do the rest, so `from_botocore` is exactly as strict as the builders. The builders call
into this module and hand it the classes to build (``cls``, ``cls.criterion_type``, ``cls.config_parsers``), so
it imports none of them. Which members a shape has, which are required and what to say of a misplaced one all come
from the shape model, `iotjobs._model`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, TypeVar

from iotjobs import _limits as L
from iotjobs import _model as M
from iotjobs._checks import Problems
from iotjobs._enums import FailureType
from iotjobs._errors import MISSING, FieldError, ValidationError

if TYPE_CHECKING:
    from mypy_boto3_iot.type_defs import (
        AbortConfigOutputTypeDef,
        AbortCriteriaTypeDef,
        JobExecutionsRetryConfigOutputTypeDef,
        JobExecutionsRolloutConfigTypeDef,
        PresignedUrlConfigTypeDef,
        RetryCriteriaTypeDef,
        TimeoutConfigTypeDef,
        UpdateJobRequestTypeDef,
    )

    from iotjobs._abort import Abort, AbortCriterion
    from iotjobs._new_job import NewJob
    from iotjobs._presigned import PresignedUrl
    from iotjobs._retry import Retry, RetryCriterion
    from iotjobs._rollout import Rollout
    from iotjobs._schedule import MaintenanceWindow, Schedule
    from iotjobs._timeout import Timeout
    from iotjobs._update import JobUpdate

_T = TypeVar("_T")

# A failure type's AWS literal (a dict look-up is several times cheaper than the enum's ``.value``).
_VALUE: dict[FailureType, Any] = {member: member.value for member in FailureType}

# -- builder -> wire -----------------------------------------------------------------------------------------


def rollout_to_wire(rollout: Rollout) -> JobExecutionsRolloutConfigTypeDef:
    """``jobExecutionsRolloutConfig``."""
    out: JobExecutionsRolloutConfigTypeDef = {}
    if rollout.maximum_per_minute is not None:
        out["maximumPerMinute"] = rollout.maximum_per_minute
    if rollout.base_rate_per_minute is not None and rollout.increment_factor is not None:
        criteria: dict[str, int] = {}
        if rollout.notified_things is not None:
            criteria["numberOfNotifiedThings"] = rollout.notified_things
        if rollout.succeeded_things is not None:
            criteria["numberOfSucceededThings"] = rollout.succeeded_things
        out["exponentialRate"] = {
            "baseRatePerMinute": rollout.base_rate_per_minute,
            "incrementFactor": float(rollout.increment_factor),
            "rateIncreaseCriteria": criteria,  # type: ignore[typeddict-item]
        }
    return out


def abort_criterion_to_wire(criterion: AbortCriterion) -> AbortCriteriaTypeDef:
    """One ``AbortCriteria``."""
    return {
        "failureType": _VALUE[criterion.failure_type],
        "action": "CANCEL",
        "thresholdPercentage": float(criterion.threshold_percentage),
        "minNumberOfExecutedThings": criterion.min_executed_things,
    }


def abort_to_wire(abort: Abort) -> AbortConfigOutputTypeDef:
    """``abortConfig``."""
    return {"criteriaList": [abort_criterion_to_wire(c) for c in abort.criteria]}


def retry_criterion_to_wire(criterion: RetryCriterion) -> RetryCriteriaTypeDef:
    """One ``RetryCriteria``."""
    return {
        "failureType": _VALUE[criterion.failure_type],
        "numberOfRetries": criterion.number_of_retries,
    }


def retry_to_wire(retry: Retry) -> JobExecutionsRetryConfigOutputTypeDef:
    """``jobExecutionsRetryConfig``."""
    return {"criteriaList": [retry_criterion_to_wire(c) for c in retry.criteria]}


def timeout_to_wire(timeout: Timeout) -> TimeoutConfigTypeDef:
    """``timeoutConfig``."""
    return {"inProgressTimeoutInMinutes": timeout.in_progress_minutes}


def presigned_to_wire(presigned: PresignedUrl) -> PresignedUrlConfigTypeDef:
    """``presignedUrlConfig``."""
    out: PresignedUrlConfigTypeDef = {"roleArn": presigned.role_arn}
    if presigned.expires_in_sec is not None:
        out["expiresInSec"] = presigned.expires_in_sec
    return out


Field = tuple[str, str, "Callable[[Any], Any] | None"]
"""(Python attribute, AWS member, to-wire function or None for a value sent as it is) of one request member."""


def request_to_wire(obj: object, fields: tuple[Field, ...]) -> dict[str, Any]:
    """A request's members, in the order of ``fields`` (the model's order), leaving out what is not set."""
    out: dict[str, Any] = {}
    for attribute, member, to_wire in fields:
        value = getattr(obj, attribute)
        if value is not None:
            out[member] = value if to_wire is None else to_wire(value)
    return out


def update_to_wire(update: JobUpdate) -> UpdateJobRequestTypeDef:
    """The keyword arguments of ``iot.update_job``, in the order of the request shape."""
    return request_to_wire(update, update.fields)  # type: ignore[return-value]


# -- wire -> builder -----------------------------------------------------------------------------------------

def _belongs() -> dict[str, str]:
    """Where each member belongs, for the hint on an unknown key found somewhere else: walked from the shape
    model (a name used in two places, such as ``failureType``, gets no hint), then the model's known mistakes."""
    places: dict[str, set[str]] = {}
    for path, _ in M.walk(M.UPDATE_JOB.input):
        parent, _, name = path.rpartition(".")
        if parent:
            where = f"each entry of {parent[:-2]}" if parent.endswith("[]") else parent
            places.setdefault(name.removesuffix("[]"), set()).add(where)
    belongs = {name: where.pop() for name, where in places.items() if len(where) == 1}
    for name in M.UPDATE_JOB.input.members:
        belongs.pop(name, None)  # a request member sits at the top; no hint needed
    return {**belongs, **M.MISPLACED}


_BELONGS = _belongs()


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _unknown_key_hint(key: str, allowed: tuple[str, ...]) -> str:
    folded = key.replace("_", "").lower()
    for name in allowed:
        if name.lower() == folded:
            return f"; AWS spells it {name!r}"
    if key in _BELONGS:
        return f"; {key!r} belongs in {_BELONGS[key]}"
    import difflib  # only on this error path

    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.7)
    return f"; did you mean {close[0]!r}?" if close else ""


def _plainly_valid(data: dict[str, Any], allowed: tuple[str, ...], required: tuple[str, ...]) -> bool:
    """The fast path of `_members`: only allowed members, none of them None, every required one present."""
    for key, value in data.items():
        if value is None or key not in allowed:
            return False
    return all(key in data for key in required)


def _members(data: object, p: Problems, path: str, model: M.Shape, required: tuple[str, ...] | None = None,
             ) -> Mapping[str, Any] | None:
    """Check that ``data`` is an object with only the members of ``model`` and all its required ones (or
    ``required``, where iotjobs needs more than botocore); record problems.

    Returns ``data`` when the known members can be checked further (unknown ones are recorded, and parsing goes
    on, so every problem of the call is reported at once), ``None`` when there is nothing more to check.
    """
    shape = model.name
    allowed = tuple(model.members)
    if required is None:
        required = model.required
    if type(data) is dict and p.strict_keys and _plainly_valid(data, allowed, required):
        return data
    if not isinstance(data, Mapping):
        p.add(path or shape, data, f"must be an object ({shape}), not {type(data).__name__}")
        return None
    unknown = [key for key in data if key not in allowed] if p.strict_keys else []
    for key in unknown:
        hint = _unknown_key_hint(str(key), allowed)
        p.add(_join(path, str(key)), data[key], f"is not a member of {shape} (members: {', '.join(allowed)}){hint}")
    if p.strict_keys:
        # A request member set to None is an error for botocore too ("Invalid type"): say how to leave it out.
        for key in allowed:
            if key in data and data[key] is None:
                p.add(_join(path, key), None, "must not be None: leave the member out to not send it")
    missing = [key for key in required if key not in data]
    for key in missing:
        p.add(_join(path, key), MISSING, f"is required in {shape} ({L.API_REF}, {shape})")
    if missing or (unknown and len(unknown) == len(data)):
        return None
    return data


def _build(p: Problems, path: str, factory: Callable[[], _T]) -> _T | None:
    try:
        return factory()
    except ValidationError as error:
        p.extend(error, path)
        return None


def _list(data: object, p: Problems, path: str, shape: str) -> list[Any] | None:
    if isinstance(data, list | tuple):
        return list(data)
    p.add(path, data, f"must be a list ({shape}), not {type(data).__name__}")
    return None


def parse_rollout(cls: type[Rollout], data: object, p: Problems, path: str) -> Rollout | None:
    """``jobExecutionsRolloutConfig`` -> `Rollout`."""
    top = _members(data, p, path, M.ROLLOUT_CONFIG)
    if top is None:
        return None
    kwargs: dict[str, Any] = {"maximum_per_minute": top.get("maximumPerMinute")}
    if "exponentialRate" in top:
        exp_path = _join(path, "exponentialRate")
        exp = _members(top["exponentialRate"], p, exp_path, M.EXPONENTIAL_RATE)
        if exp is None:
            return None
        crit = _members(exp["rateIncreaseCriteria"], p, _join(exp_path, "rateIncreaseCriteria"),
                        M.RATE_INCREASE_CRITERIA)
        if crit is None:
            return None
        kwargs.update(
            base_rate_per_minute=exp["baseRatePerMinute"],
            increment_factor=exp["incrementFactor"],
            notified_things=crit.get("numberOfNotifiedThings"),
            succeeded_things=crit.get("numberOfSucceededThings"),
        )
    return _build(p, path, lambda: cls(**kwargs))


def parse_abort_criterion(cls: type[AbortCriterion], data: object, p: Problems, path: str) -> AbortCriterion | None:
    """One ``AbortCriteria`` -> `AbortCriterion`."""
    crit = _members(data, p, path, M.ABORT_CRITERIA)
    if crit is None:
        return None
    if crit["action"] != "CANCEL":
        # Recorded; the other members are still checked, so every problem is reported at once.
        p.member(_join(path, "action"), crit["action"], L.ABORT_ACTION)
    built = _build(p, path, lambda: cls(crit["failureType"], crit["thresholdPercentage"],
                                        crit["minNumberOfExecutedThings"]))
    return built if crit["action"] == "CANCEL" else None


def _parse_criteria_config(
    data: object,
    p: Problems,
    path: str,
    model: M.Shape,
    parse_item: Callable[[Any, object, Problems, str], Any],
    item_cls: type,
    build: Callable[[list[Any]], _T],
) -> _T | None:
    """``{"criteriaList": [...]}`` (AbortConfig, JobExecutionsRetryConfig): each entry parsed, then the config."""
    top = _members(data, p, path, model)
    if top is None:
        return None
    list_path = _join(path, "criteriaList")
    items = _list(top["criteriaList"], p, list_path, f"{model.name}.criteriaList")
    if items is None:
        return None
    criteria = [parse_item(item_cls, item, p, f"{list_path}[{i}]") for i, item in enumerate(items)]
    if any(c is None for c in criteria):
        return None
    return _build(p, path, lambda: build(criteria))


def parse_abort(cls: type[Abort], data: object, p: Problems, path: str) -> Abort | None:
    """``abortConfig`` -> `Abort` (its criteria are ``cls.criterion_type``)."""
    return _parse_criteria_config(data, p, path, M.ABORT_CONFIG, parse_abort_criterion, cls.criterion_type, cls)


def parse_retry_criterion(cls: type[RetryCriterion], data: object, p: Problems, path: str) -> RetryCriterion | None:
    """One ``RetryCriteria`` -> `RetryCriterion`."""
    crit = _members(data, p, path, M.RETRY_CRITERIA)
    if crit is None:
        return None
    return _build(p, path, lambda: cls(crit["failureType"], crit["numberOfRetries"]))


def parse_retry(cls: type[Retry], data: object, p: Problems, path: str) -> Retry | None:
    """``jobExecutionsRetryConfig`` -> `Retry` (its criteria are ``cls.criterion_type``)."""
    return _parse_criteria_config(data, p, path, M.RETRY_CONFIG, parse_retry_criterion, cls.criterion_type, cls)


def parse_timeout(cls: type[Timeout], data: object, p: Problems, path: str) -> Timeout | None:
    """``timeoutConfig`` -> `Timeout`."""
    top = _members(data, p, path, M.TIMEOUT_CONFIG)
    if top is None:
        return None
    if "inProgressTimeoutInMinutes" not in top:
        # Valid for botocore, but it sets nothing: say so rather than send an empty config.
        p.add(_join(path, "inProgressTimeoutInMinutes"), MISSING,
              "is needed: an empty timeoutConfig sets no timeout (leave timeoutConfig out instead)")
        return None
    return _build(p, path, lambda: cls(in_progress_minutes=top["inProgressTimeoutInMinutes"]))


def parse_presigned(cls: type[PresignedUrl], data: object, p: Problems, path: str) -> PresignedUrl | None:
    """``presignedUrlConfig`` -> `PresignedUrl`."""
    top = _members(data, p, path, M.PRESIGNED_URL_CONFIG)
    if top is None:
        return None
    if "roleArn" not in top:
        p.add(_join(path, "roleArn"), MISSING, "is needed: AWS IoT signs the URLs with this IAM role")
        return None
    return _build(p, path, lambda: cls(top["roleArn"], top.get("expiresInSec")))


ConfigParser = tuple[str, str, Callable[[Any, object, Problems, str], Any], type]
"""(attribute, AWS member, parser, builder class) of one config member."""


def parse_configs(
    data: Mapping[str, Any], p: Problems, configs: tuple[ConfigParser, ...], path: str = ""
) -> dict[str, Any]:
    """Parse the config members present in ``data`` (an UpdateJob request or a DescribeJob ``job``).

    Returns `JobUpdate` keyword arguments (``rollout``, ``abort``, ...). An empty ``{}`` config, as DescribeJob
    returns for an unset one, reads as ``None`` when the keys are not strict (responses).
    """
    kwargs: dict[str, Any] = {}
    for attribute, member, parser, cls in configs:
        value = data.get(member)
        if value is None or (not p.strict_keys and value == {}):
            continue
        kwargs[attribute] = parser(cls, value, p, _join(path, member))
    return kwargs


_UPDATE_REQUEST = M.UPDATE_JOB.input


def parse_update(cls: type[JobUpdate], data: object, p: Problems, path: str) -> JobUpdate | None:
    """The keyword arguments of ``iot.update_job`` -> `JobUpdate`."""
    top = _members(data, p, path, _UPDATE_REQUEST)
    if top is None:
        return None
    configs = parse_configs(top, p, cls.config_parsers, path)
    configured = {attribute for attribute, *_ in cls.config_parsers}
    scalars = {attribute: top[member] for attribute, member, _ in cls.fields
               if attribute not in configured and member in top}
    if p.errors:
        # Still check the scalar members, so every problem of the request is reported at once.
        _build(p, path, lambda: cls(**scalars))
        return None
    return _build(p, path, lambda: cls(**scalars, **configs))


# -- CreateJob: schedulingConfig -----------------------------------------------------------------------------

TIME_FORMAT = "%Y-%m-%dT%H:%M"
"""ISO 8601 as the API Reference's SchedulingConfig gives it (``YYYY-MM-DDTHH:MM``); iotjobs sends UTC."""


def format_time(value: datetime) -> str:
    """A timezone-aware datetime as AWS's ``startTime``/``endTime`` (UTC)."""
    return value.astimezone(timezone.utc).strftime(TIME_FORMAT)


def _parse_time(value: object, p: Problems, path: str, limit: L.Limit) -> datetime | None:
    before = len(p.errors)
    p.string(path, value, limit)
    if len(p.errors) > before:
        return None
    assert isinstance(value, str)
    try:
        if len(value) != 16:  # strptime also takes unpadded fields: only the exact format round-trips
            raise ValueError(value)
        return datetime.strptime(value, TIME_FORMAT).replace(tzinfo=timezone.utc)
    except ValueError:
        p.add(path, value, f"must be a UTC time as YYYY-MM-DDTHH:MM, e.g. 2027-01-31T02:00 ({limit.source}; "
              f"reading it as UTC is an {L.OURS})", limit)
        return None


def maintenance_window_to_wire(window: MaintenanceWindow) -> dict[str, Any]:
    """One ``MaintenanceWindow``."""
    return {"startTime": window.start, "durationInMinutes": window.duration_minutes}


def schedule_to_wire(schedule: Schedule) -> dict[str, Any]:
    """``schedulingConfig``, in the order of its shape."""
    out: dict[str, Any] = {}
    if schedule.start is not None:
        out["startTime"] = format_time(schedule.start)
    if schedule.end is not None:
        out["endTime"] = format_time(schedule.end)
    if schedule.end_behavior is not None:
        out["endBehavior"] = schedule.end_behavior.value
    if schedule.maintenance_windows:
        out["maintenanceWindows"] = [maintenance_window_to_wire(w) for w in schedule.maintenance_windows]
    return out


def parse_maintenance_window(cls: type[MaintenanceWindow], data: object, p: Problems, path: str,
                             ) -> MaintenanceWindow | None:
    """One ``MaintenanceWindow`` -> `MaintenanceWindow`."""
    top = _members(data, p, path, M.MAINTENANCE_WINDOW)
    if top is None:
        return None
    return _build(p, path, lambda: cls(top["startTime"], top["durationInMinutes"]))


def parse_schedule(cls: type[Schedule], data: object, p: Problems, path: str) -> Schedule | None:
    """``schedulingConfig`` -> `Schedule` (its windows are ``cls.window_type``)."""
    top = _members(data, p, path, M.NEW_SCHEDULING_CONFIG)
    if top is None:
        return None
    before = len(p.errors)
    kwargs: dict[str, Any] = {}
    for key, attribute, limit in (("startTime", "start", L.SCHEDULE_START_TIME),
                                  ("endTime", "end", L.SCHEDULE_END_TIME)):
        if key in top:
            kwargs[attribute] = _parse_time(top[key], p, _join(path, key), limit)
    if "endBehavior" in top:
        kwargs["end_behavior"] = top["endBehavior"]
    if "maintenanceWindows" in top:
        list_path = _join(path, "maintenanceWindows")
        items = _list(top["maintenanceWindows"], p, list_path, "SchedulingConfig.maintenanceWindows")
        if items is not None:
            kwargs["maintenance_windows"] = tuple(
                parse_maintenance_window(cls.window_type, item, p, f"{list_path}[{i}]") for i, item in enumerate(items))
    if len(p.errors) > before:
        return None
    return _build(p, path, lambda: cls(**kwargs))


# -- CreateJob -----------------------------------------------------------------------------------------------

_CREATE_REQUEST = M.CREATE_JOB.input


def newjob_to_wire(job: NewJob) -> dict[str, Any]:
    """The keyword arguments of ``iot.create_job``, in the order of the request shape."""
    out: dict[str, Any] = {"jobId": job.job_id, "targets": list(job.targets)}
    if job.document_source is not None:
        out["documentSource"] = job.document_source
    if job.document is not None:
        out["document"] = job.document
    if job.description is not None:
        out["description"] = job.description
    if job.presigned_url is not None:
        out["presignedUrlConfig"] = presigned_to_wire(job.presigned_url)
    if job.target_selection is not None:
        out["targetSelection"] = job.target_selection.value
    if job.rollout is not None:
        out["jobExecutionsRolloutConfig"] = rollout_to_wire(job.rollout)
    if job.abort is not None:
        out["abortConfig"] = abort_to_wire(job.abort)
    if job.timeout is not None:
        out["timeoutConfig"] = timeout_to_wire(job.timeout)
    if job.tags is not None:
        out["tags"] = [{"Key": key, "Value": value} for key, value in job.tags.items()]
    if job.namespace_id is not None:
        out["namespaceId"] = job.namespace_id
    if job.job_template_arn is not None:
        out["jobTemplateArn"] = job.job_template_arn
    if job.retry is not None:
        out["jobExecutionsRetryConfig"] = retry_to_wire(job.retry)
    if job.document_parameters is not None:
        out["documentParameters"] = dict(job.document_parameters)
    if job.schedule is not None:
        out["schedulingConfig"] = schedule_to_wire(job.schedule)
    if job.destination_package_versions is not None:
        out["destinationPackageVersions"] = list(job.destination_package_versions)
    return out


def _parse_tags(data: object, p: Problems, path: str) -> dict[str, Any] | None:
    items = _list(data, p, path, "TagList")
    if items is None:
        return None
    tags: dict[str, Any] = {}
    for index, item in enumerate(items):
        tag = _members(item, p, f"{path}[{index}]", M.TAG)
        if tag is None:
            continue
        key = tag["Key"]
        try:
            repeated = key in tags
        except TypeError:  # unhashable: the builder's check reports it as no string
            p.add(f"{path}[{index}].Key", key, f"must be a string, not {type(key).__name__}", L.TAG_KEY)
            continue
        if repeated:
            p.add(f"{path}[{index}].Key", key, "repeats an earlier tag's key: give each key once")
            continue
        tags[key] = tag.get("Value", "")
    return tags


def parse_new_job(cls: type[NewJob], data: object, p: Problems, path: str) -> NewJob | None:
    """The keyword arguments of ``iot.create_job`` -> `NewJob`."""
    top = _members(data, p, path, _CREATE_REQUEST)
    if top is None:
        return None
    kwargs = parse_configs(top, p, cls.config_parsers, path)
    if "schedulingConfig" in top:
        kwargs["schedule"] = parse_schedule(cls.schedule_type, top["schedulingConfig"], p,
                                            _join(path, "schedulingConfig"))
    if "tags" in top:
        kwargs["tags"] = _parse_tags(top["tags"], p, _join(path, "tags"))
    for member in ("targets", "destinationPackageVersions"):
        if member in top and not isinstance(top[member], list | tuple):
            p.add(_join(path, member), top[member], f"must be a list, not {type(top[member]).__name__}")
    plain = {
        "targets": top["targets"], "document": top.get("document"), "document_source": top.get("documentSource"),
        "description": top.get("description"), "target_selection": top.get("targetSelection"),
        "namespace_id": top.get("namespaceId"), "job_template_arn": top.get("jobTemplateArn"),
        "document_parameters": top.get("documentParameters"),
        "destination_package_versions": top.get("destinationPackageVersions"),
    }
    if p.errors:
        # Still check the plain members, so every problem of the request is reported at once.
        _build(p, path, lambda: cls(top["jobId"], **plain))
        return None
    return _build(p, path, lambda: cls(top["jobId"], **plain, **kwargs))


# -- CloudFormation: AWS::IoT::Job ---------------------------------------------------------------------------
# The resource's properties are the API members in PascalCase, all the way down (cfn-lint's registry schema of
# AWS::IoT::Job, 1.58.0); documentParameters' keys are the template's placeholders and keep their spelling. The
# resource has no NamespaceId.


def _pascal(data: Any) -> Any:
    if isinstance(data, dict):
        return {key[:1].upper() + key[1:]: _pascal(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_pascal(item) for item in data]
    return data


def newjob_to_cloudformation(job: NewJob) -> dict[str, Any]:
    """The ``Properties`` of an ``AWS::IoT::Job`` resource."""
    if job.namespace_id is not None:
        raise ValidationError([FieldError("namespaceId", job.namespace_id,
                                      "cannot be exported: AWS::IoT::Job has no NamespaceId property "
                                      "(CloudFormation resource reference, AWS::IoT::Job)")],
                              "NewJob.to_cloudformation")
    request = newjob_to_wire(job)
    out: dict[str, Any] = _pascal(request)
    if "documentParameters" in request:  # replaced in place: the properties keep the request's order
        out["DocumentParameters"] = request["documentParameters"]
    return out


def parse(
    parser: Callable[[type[_T], object, Problems, str], _T | None], cls: type[_T], data: object, where: str
) -> _T:
    """Run a ``parse_*`` function on ``data`` and raise one `ValidationError` naming ``where`` if anything is
    wrong."""
    p = Problems()
    result = parser(cls, data, p, "")
    p.raise_if_any(where)
    assert result is not None
    return result
