"""The pull-request workflow runs `escalation impact` against the base branch, shows it and comments once."""

from __future__ import annotations

import yaml

from macros.render.impact_report import MARKER

from .conftest import ROOT

CI = ROOT / ".github" / "workflows" / "ci.yml"


def _impact_job() -> dict:
    workflow = yaml.safe_load(CI.read_text(encoding="utf-8"))
    return next(job for job in workflow["jobs"].values() if "escalation impact" in _commands(job))


def _commands(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job.get("steps", []))


def test_the_impact_job_compares_with_the_base_branch_on_full_history():
    job = _impact_job()
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    commands = _commands(job)
    assert 'escalation impact --base "origin/${BASE_REF}" --format markdown > impact.md' in commands
    step = next(s for s in job["steps"] if "escalation impact" in s.get("run", ""))
    assert step["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert 'cat impact.md >> "$GITHUB_STEP_SUMMARY"' in commands


def test_the_report_is_uploaded_and_commented_once_with_write_permission_only_here():
    job = _impact_job()
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert "impact.md" in upload["with"]["path"]
    comment = next(s for s in job["steps"] if "gh api" in s.get("run", ""))
    script = comment["run"]
    marker = job["env"]["MARKER"]
    assert marker == MARKER  # the hidden marker the report module defines
    assert '"$MARKER"' in script and "startswith(env.MARKER)" in script
    assert "--method PATCH" in script and "--method POST" in script
    assert script.index("--method PATCH") < script.index("--method POST")
    # forks get the summary only
    assert comment["if"] == "github.event.pull_request.head.repo.full_name == github.repository"
    assert comment["env"]["GH_TOKEN"] == "${{ github.token }}"  # noqa: S105 - an expression, not a secret


def test_other_jobs_keep_read_only_permissions():
    workflow = yaml.safe_load(CI.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    writers = [name for name, job in workflow["jobs"].items() if "write" in str(job.get("permissions", {}))]
    assert writers == ["impact"]
