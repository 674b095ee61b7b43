"""Tests of iotjobs._state: AWS's documented rules about what an UpdateJob may change in a job as it is now."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from botocore.stub import Stubber

from iotjobs import Job, JobProcessDetails, JobsClient, JobUpdate, Retry, Timeout, ValidationError
from iotjobs._state import check_update_against, state_notes, state_problems

PROJECT_ROOT = Path(__file__).resolve().parents[1]

JOB_ID = "job-1"
THREE_FAILED = Retry.on("FAILED", 3)
CURRENT = Job(job_id=JOB_ID, retry=THREE_FAILED)


def paths(job: Job, update: JobUpdate) -> list[str]:
    return [problem.path for problem in state_problems(job, update)]


class TestRetryRule:
    """AWS IoT Developer Guide, Job configurations: after creation the retries can only be set to 0."""

    @pytest.mark.parametrize(
        "retry",
        [
            pytest.param(Retry.on("FAILED", 0), id="FAILED-0"),
            pytest.param(Retry.on("ALL", 0), id="ALL-0"),
            pytest.param(Retry.on("FAILED", 0).and_on("TIMED_OUT", 0), id="both-0"),
            pytest.param(THREE_FAILED, id="unchanged"),
        ],
    )
    def test_zero_or_unchanged_is_allowed(self, retry: Retry) -> None:
        assert state_problems(CURRENT, JobUpdate(JOB_ID, retry=retry)) == []

    def test_zero_is_allowed_for_a_job_without_retries(self) -> None:
        assert state_problems(Job(job_id=JOB_ID), JobUpdate(JOB_ID, retry=Retry.on("ALL", 0))) == []

    def test_update_without_retry_is_not_checked(self) -> None:
        assert state_problems(CURRENT, JobUpdate(JOB_ID, timeout=Timeout.minutes(5), description="d")) == []

    def test_the_jobs_own_settings_round_trip(self) -> None:
        """job.to_update() resends the current retry config: no change, no problem."""
        job = Job(job_id=JOB_ID, retry=Retry.on("FAILED", 2).and_on("TIMED_OUT", 1), timeout=Timeout.minutes(9))
        assert state_problems(job, job.to_update().with_description("new")) == []

    @pytest.mark.parametrize(
        ("job", "retry", "expected"),
        [
            pytest.param(CURRENT, Retry.on("FAILED", 4), [0], id="3->4"),
            pytest.param(CURRENT, Retry.on("FAILED", 1), [0], id="3->1"),
            pytest.param(Job(job_id=JOB_ID), Retry.on("ALL", 1), [0], id="none->1"),
            pytest.param(CURRENT, Retry.on("TIMED_OUT", 3), [0], id="other-type"),
            pytest.param(CURRENT, Retry.on("FAILED", 0).and_on("TIMED_OUT", 2), [1], id="one-not-0"),
            pytest.param(CURRENT, Retry.on("FAILED", 3).and_on("TIMED_OUT", 2), [0, 1], id="added-type"),
        ],
    )
    def test_any_other_count_is_a_problem(self, job: Job, retry: Retry, expected: list[int]) -> None:
        assert paths(job, JobUpdate(JOB_ID, retry=retry)) == [
            f"jobExecutionsRetryConfig.criteriaList[{index}].numberOfRetries" for index in expected
        ]

    def test_problem_names_member_value_rule_and_document(self) -> None:
        (problem,) = state_problems(CURRENT, JobUpdate(JOB_ID, retry=Retry.on("FAILED", 5)))
        assert problem.value == 5
        text = str(problem)
        assert text.startswith("jobExecutionsRetryConfig.criteriaList[0].numberOfRetries = 5: ")
        assert "only to 0" in text
        assert "FAILED: 3" in text  # what the job has now
        assert "AWS IoT Developer Guide, Job configurations" in text


class TestJobIdentity:
    def test_update_for_another_job_is_a_problem(self) -> None:
        (problem,) = state_problems(CURRENT, JobUpdate("job-2", retry=Retry.on("FAILED", 0)))
        assert (problem.path, problem.value) == ("jobId", "job-2")
        assert "'job-1'" in problem.message


class TestCheckUpdateAgainst:
    def test_raises_every_problem(self) -> None:
        update = JobUpdate(JOB_ID, retry=Retry.on("FAILED", 3).and_on("TIMED_OUT", 2))
        with pytest.raises(ValidationError) as caught:
            check_update_against(Job(job_id=JOB_ID), update, where="X.y")
        assert caught.value.errors == tuple(state_problems(Job(job_id=JOB_ID), update))
        assert len(caught.value.errors) == 2
        assert str(caught.value).startswith("2 problems in X.y (checked against job 'job-1' as it is now):")

    def test_passes_silently_when_allowed(self) -> None:
        check_update_against(CURRENT, JobUpdate(JOB_ID, retry=Retry.on("FAILED", 0)))


class TestTimeoutNotes:
    """A new in-progress timeout applies only to executions that start after the update (Developer Guide)."""

    def job(self, in_progress: int, timeout: Timeout | None = None) -> Job:
        return Job(job_id=JOB_ID, timeout=timeout, process=JobProcessDetails(in_progress=in_progress))

    def test_note_when_executions_are_in_progress(self) -> None:
        (note,) = state_notes(self.job(2, Timeout.minutes(30)), JobUpdate(JOB_ID, timeout=Timeout.minutes(60)))
        assert "inProgressTimeoutInMinutes = 60" in note
        assert "the 2 in progress keep 30 minutes" in note
        assert "Developer Guide" in note

    def test_note_names_no_timeout(self) -> None:
        (note,) = state_notes(self.job(1), JobUpdate(JOB_ID, timeout=Timeout.minutes(60)))
        assert "keep no timeout" in note

    @pytest.mark.parametrize(
        ("in_progress", "current", "new"),
        [
            pytest.param(0, Timeout.minutes(30), Timeout.minutes(60), id="none-started"),
            pytest.param(3, Timeout.minutes(30), Timeout.minutes(30), id="unchanged"),
            pytest.param(3, Timeout.minutes(30), None, id="not-sent"),
        ],
    )
    def test_no_note(self, in_progress: int, current: Timeout, new: Timeout | None) -> None:
        assert state_notes(self.job(in_progress, current), JobUpdate(JOB_ID, timeout=new)) == []

    def test_timeout_change_is_never_a_problem(self) -> None:
        """AWS accepts the update (the timer of a running execution is what stays fixed)."""
        assert state_problems(self.job(5, Timeout.minutes(30)), JobUpdate(JOB_ID, timeout=Timeout.minutes(1))) == []


class TestJobsClientCurrent:
    """JobsClient.update_job(update, current=job) refuses before sending; without current nothing changes."""

    @pytest.fixture
    def stubbed(self) -> Iterator[tuple[JobsClient, Stubber]]:
        client = JobsClient(region_name="us-east-1")
        with Stubber(client.boto3_client) as stub:
            yield client, stub

    def test_refused_before_sending(self, stubbed: tuple[JobsClient, Stubber]) -> None:
        client, stub = stubbed
        with pytest.raises(ValidationError, match=r"JobsClient\.update_job") as caught:
            client.update_job(JobUpdate(JOB_ID, retry=Retry.on("FAILED", 4)), current=CURRENT)
        assert [error.path for error in caught.value.errors] == [
            "jobExecutionsRetryConfig.criteriaList[0].numberOfRetries"
        ]
        stub.assert_no_pending_responses()  # nothing was queued, nothing sent

    def test_keyword_form_is_checked_too(self, stubbed: tuple[JobsClient, Stubber]) -> None:
        client, _ = stubbed
        with pytest.raises(ValidationError, match="only to 0"):
            client.update_job(JOB_ID, retry=Retry.on("FAILED", 4), current=CURRENT)

    def test_allowed_update_is_sent(self, stubbed: tuple[JobsClient, Stubber]) -> None:
        client, stub = stubbed
        expected = {"jobId": JOB_ID, "jobExecutionsRetryConfig": {"criteriaList": [
            {"failureType": "FAILED", "numberOfRetries": 0}]}}
        stub.add_response("update_job", {}, expected)
        client.update_job(JOB_ID, retry=Retry.on("FAILED", 0), current=CURRENT)
        stub.assert_no_pending_responses()

    def test_without_current_nothing_is_checked(self, stubbed: tuple[JobsClient, Stubber]) -> None:
        """The state rule needs the job: without it the request goes out (AWS then decides)."""
        client, stub = stubbed
        expected = {"jobId": JOB_ID, "jobExecutionsRetryConfig": {"criteriaList": [
            {"failureType": "FAILED", "numberOfRetries": 4}]}}
        stub.add_response("update_job", {}, expected)
        client.update_job(JOB_ID, retry=Retry.on("FAILED", 4))
        stub.assert_no_pending_responses()


def test_import_loads_no_boto3() -> None:
    """iotjobs._state is pure: importing it imports neither boto3 nor botocore."""
    code = "import json, sys, iotjobs._state; print(json.dumps(sorted(m for m in sys.modules if m.startswith('boto'))))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert json.loads(done.stdout) == []
