"""CODEOWNERS from the policy's `owners`: the generated text, the committed file, and --check."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from macros.policy.codeowners import build_codeowners, codeowners_root
from macros.policy.loader import load_policy
from macros.problems import DataError

from .conftest import FIVE_LEVEL, ROOT, SAMPLE_DATA

_ENTRY = "import sys; from macros.cli import main; sys.exit(main(sys.argv[1:]))"

SAMPLE_LINES = [
    "/data/policy/organisation.yaml    @esorensen @zcarter-ops",
    "/data/policy/tiers.yaml           @esorensen @rmendes",
    "/data/policy/stakeholders.yaml    @esorensen @rmendes",
    "/data/policy/communication.yaml   @esorensen",
    "/data/policy/authority.yaml       @drosen-legal @lmcallister @sosei",
    "/data/policy/escalation-log.yaml  @zcarter-ops",
    "/data/escalations.xlsx            @zcarter-ops",
]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _ENTRY, *args], capture_output=True, text=True, check=False, cwd=cwd)


def _repo(tmp_path: Path, source: Path = SAMPLE_DATA) -> Path:
    """A repository-shaped folder: data/policy copied from ``source``, and an empty .github/."""
    repo = tmp_path / "repo"
    shutil.copytree(source / "policy", repo / "data" / "policy")
    (repo / ".github").mkdir(parents=True)
    return repo


def test_generated_text_for_the_sample(sample_policy):
    result = build_codeowners(sample_policy, SAMPLE_DATA, ROOT)
    lines = result.text.splitlines()
    assert all(line.startswith("#") for line in lines[: lines.index("")])
    assert "escalation codeowners" in result.text
    assert [line for line in lines if line and not line.startswith("#")] == SAMPLE_LINES
    assert result.warnings == []


def test_roles_resolve_to_every_holder_and_people_without_a_handle_are_warned_about(five_level_policy):
    result = build_codeowners(five_level_policy, FIVE_LEVEL, FIVE_LEVEL.parent)
    lines = {line.split()[0]: line.split()[1:] for line in result.text.splitlines() if line and line[0] != "#"}
    assert lines["/five_level/policy/authority.yaml"] == ["@flang", "@ivogel"]
    assert lines["/five_level/policy/tiers.yaml"] == ["@pneumann"]
    assert lines["/five_level/escalations.xlsx"] == ["@pneumann"]
    assert result.warnings == []  # the owners' holders all have handles


def test_a_file_whose_owners_have_no_handle_is_an_error_naming_the_file(tmp_path):
    repo = _repo(tmp_path)
    organisation = repo / "data" / "policy" / "organisation.yaml"
    policy = load_policy(repo / "data")
    revops = [p for p in policy.organisation.people if "revops" in p.roles]
    text = organisation.read_text(encoding="utf-8")
    for person in revops:
        text = text.replace(f", github: {person.github}", "", 1)
    organisation.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        build_codeowners(load_policy(repo / "data"), repo / "data", repo, root=repo)
    errors = caught.value.errors
    assert [e.location.rsplit(":", 2)[0] for e in errors] == ["data/policy/escalation-log.yaml"]
    assert errors[0].path == "owners"
    assert errors[0].location == "data/policy/escalation-log.yaml:3:1"
    warnings = [w.format() for w in caught.value.warnings]
    assert any(revops[0].name in w and "organisation.yaml" in w for w in warnings)


def test_a_person_without_a_handle_is_skipped_with_a_warning_on_stderr(tmp_path):
    repo = _repo(tmp_path)
    organisation = repo / "data" / "policy" / "organisation.yaml"
    policy = load_policy(repo / "data")
    cfo = next(p for p in policy.organisation.people if "cfo" in p.roles)
    organisation.write_text(
        organisation.read_text(encoding="utf-8").replace(f", github: {cfo.github}", "", 1), encoding="utf-8"
    )
    completed = _run("codeowners", cwd=repo)
    assert completed.returncode == 0, completed.stderr
    assert f"{cfo.name} has no GitHub handle" in completed.stderr
    written = (repo / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert f"@{cfo.github}" not in written
    assert "/data/policy/authority.yaml" in written


def test_check_passes_on_the_committed_file():
    completed = _run("codeowners", "--check", cwd=ROOT)
    assert completed.returncode == 0, completed.stderr
    assert "up to date" in completed.stdout


def test_check_fails_after_an_owner_changes(tmp_path):
    repo = _repo(tmp_path)
    shutil.copy(ROOT / ".github" / "CODEOWNERS", repo / ".github" / "CODEOWNERS")
    assert _run("codeowners", "--check", cwd=repo).returncode == 0
    communication = repo / "data" / "policy" / "communication.yaml"
    text = communication.read_text(encoding="utf-8")
    assert "owners: [vp_cs]" in text
    communication.write_text(text.replace("owners: [vp_cs]", "owners: [vp_cs, cfo]"), encoding="utf-8")
    completed = _run("codeowners", "--check", cwd=repo)
    assert completed.returncode == 1
    assert "run `escalation codeowners`" in completed.stderr.lower()
    assert "Traceback" not in completed.stderr
    assert _run("codeowners", cwd=repo).returncode == 0
    assert _run("codeowners", "--check", cwd=repo).returncode == 0
    assert "/data/policy/communication.yaml   @esorensen @sosei" in (repo / ".github" / "CODEOWNERS").read_text()


def test_check_fails_when_the_file_is_missing(tmp_path):
    repo = _repo(tmp_path)
    completed = _run("codeowners", "--check", "--data", "data", "--out", ".github/CODEOWNERS", cwd=repo)
    assert completed.returncode == 1
    assert "is missing" in completed.stderr


def test_out_must_be_in_the_repository_holding_the_data(tmp_path):
    repo = _repo(tmp_path)
    elsewhere = tmp_path / "elsewhere" / ".github" / "CODEOWNERS"
    completed = _run("codeowners", "--data", str(repo / "data"), "--out", str(elsewhere), cwd=tmp_path)
    assert completed.returncode == 2
    assert "not inside the repository" in completed.stderr


@pytest.mark.parametrize(
    ("out", "root"),
    [(".github/CODEOWNERS", "."), ("docs/CODEOWNERS", "."), ("CODEOWNERS", ".")],
)
def test_codeowners_root_follows_where_github_reads_the_file(tmp_path, out, root):
    assert codeowners_root(tmp_path / out) == (tmp_path / root).resolve()
