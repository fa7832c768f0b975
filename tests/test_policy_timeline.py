"""The policy in force at the time: a temporary git repository with policy versions committed months apart, and the
sample's approvals on both sides of each change."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import pytest

from macros.analysis.authority import audit_commitment
from macros.analysis.policy_timeline import PolicyTimeline, policy_timeline
from macros.cli import main
from macros.dataset import load_dataset
from macros.policy.loader import load_policy

from .conftest import SAMPLE_AS_OF, SAMPLE_DATA
from .git_repo import git
from .site_builder import build_site

V1, V2, BROKEN, V3 = "2025-11-01", "2026-02-01", "2026-05-01", "2026-09-01"
FROZEN = "      - id: {type}-frozen\n        description: Frozen\n        allowed: false\n"


def _git(repo, *args, when: str | None = None) -> str:
    """Git in ``repo``; ``when`` is a day, committed at noon UTC."""
    return git(repo, *args, when=f"{when}T12:00:00+00:00" if when else None)


def _authority(frozen: str | None) -> str:
    text = (SAMPLE_DATA / "policy" / "authority.yaml").read_text(encoding="utf-8")
    if frozen == "discount":
        anchor = "      - id: discount-10-under-250k\n"
    elif frozen == "payment_terms":
        anchor = "      - id: terms-net-45\n"
    else:
        return text
    assert anchor in text
    return text.replace(anchor, FROZEN.format(type=frozen) + anchor, 1)


def _commit(repo, when: str, authority: str, message: str) -> str:
    (repo / "data" / "policy" / "authority.yaml").write_text(authority, encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", message, when=when)
    return _git(repo, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """v1 the sample policy; v2 freezes discounts; a broken commit; v3 frees discounts and freezes payment terms."""
    root = tmp_path_factory.mktemp("policy-repo") / "project"  # the project folder a site build uses
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    shutil.copytree(SAMPLE_DATA / "policy", root / "data" / "policy")
    shutil.copy(SAMPLE_DATA / "escalations.xlsx", root / "data" / "escalations.xlsx")
    shas = {
        V1: _commit(root, V1, _authority(None), "Policy as first agreed"),
        V2: _commit(root, V2, _authority("discount"), "Freeze discounts"),
        BROKEN: _commit(root, BROKEN, "concession_types: [\n", "A typo"),
        V3: _commit(root, V3, _authority("payment_terms"), "Free discounts, freeze payment terms"),
    }
    return root, shas


def _variant_policies(tmp_path, names):
    policies = {}
    for name, frozen in names.items():
        data = tmp_path / name
        shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
        (data / "policy" / "authority.yaml").write_text(_authority(frozen), encoding="utf-8")
        policies[name] = load_policy(data, root=data)
    return policies


def _expected_version(day: dt.date | None) -> str:
    """The broken commit does not load, so v2 stays in force until v3."""
    if day is None or day >= dt.date.fromisoformat(V3):
        return V3
    if day >= dt.date.fromisoformat(V2):
        return V2
    return V1


def test_each_verdict_follows_the_version_of_its_day_and_today_follows_the_newest(repo, tmp_path, capsys):
    root, shas = repo
    policies = _variant_policies(tmp_path, {V1: None, V2: "discount", V3: "payment_terms"})
    data = root / "data"
    code = main(["audit", "--data", str(data), "--as-of", SAMPLE_AS_OF, "--json"])
    captured = capsys.readouterr()
    records = {r["commitment_id"]: r for r in json.loads(captured.out)}
    assert f"policy version {shas[BROKEN][:7]} of {BROKEN} does not load" in captured.err

    dataset = load_dataset(data, as_of=SAMPLE_AS_OF)
    escalations = {e.escalation_id: e for e in dataset.log.escalations}
    accounts = {a.account_id: a for a in dataset.log.accounts}
    assert set(records) == {c.commitment_id for c in dataset.log.commitments}
    flipped = 0
    for commitment in dataset.log.commitments:
        escalation = escalations[commitment.escalation_id]
        account = accounts[escalation.account_id]
        day = commitment.approved_on or (escalation.resolved_on.date() if escalation.resolved_on else None)
        version = _expected_version(day)
        record = records[commitment.commitment_id]
        expected = audit_commitment(policies[version], commitment, account, escalation).status
        assert record["status"] == expected, commitment.commitment_id
        assert record["policy"] == {"commit": shas[version], "date": version}
        today = audit_commitment(policies[V3], commitment, account, escalation).status
        assert record["status_under_current_policy"] == today
        assert record["approved_on"] == (commitment.approved_on.isoformat() if commitment.approved_on else None)
        flipped += expected != today
    # The changes matter: approvals made while discounts were frozen are judged otherwise by today's policy.
    assert flipped > 0
    statuses = {r["status"] for r in records.values()}
    assert "not_allowed" in statuses
    assert code == 1  # frozen concessions approved while frozen are breaches


def test_a_version_is_loaded_once_per_tree(repo, monkeypatch):
    from macros.analysis import policy_timeline as module

    root, shas = repo
    current = load_policy(root / "data", root=root)
    calls = []
    original = module.load_policy
    monkeypatch.setattr(module, "_CACHE", {})
    monkeypatch.setattr(module, "load_policy", lambda *a, **k: calls.append(a) or original(*a, **k))
    first = policy_timeline(current, root / "data" / "policy", root)
    second = policy_timeline(current, root / "data" / "policy", root)
    # v1, v2 and the broken one are read from git once; v3 is the working tree's own policy.
    assert len(calls) == 3
    assert [v.commit for v in first.versions] == [shas[V1], shas[V2], shas[V3]]
    assert [v.commit for v in second.versions] == [shas[V1], shas[V2], shas[V3]]
    assert first.current.policy is current and first.in_force(dt.date(2026, 6, 1)).commit == shas[V2]
    assert first.in_force(dt.date(2020, 1, 1)).commit == shas[V1]
    assert [f.commit for f in first.failed] == [shas[BROKEN]]


def test_uncommitted_policy_is_todays_and_in_force_from_today(repo, tmp_path):
    root, shas = repo
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(root), str(clone)], check=True, capture_output=True)
    authority = clone / "data" / "policy" / "authority.yaml"
    authority.write_text(authority.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    current = load_policy(clone / "data", root=clone)
    timeline = policy_timeline(current, clone / "data" / "policy", clone)
    assert timeline.current.commit is None and timeline.current.policy is current
    assert timeline.in_force(dt.date.today()) is timeline.current
    assert timeline.in_force(dt.date(2026, 10, 1)).commit == shas[V3]


def test_without_history_every_verdict_uses_the_current_policy(repo, tmp_path, capsys):
    root, _ = repo
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{root}", str(shallow)], check=True, capture_output=True
    )
    current = load_policy(shallow / "data", root=shallow)
    timeline = policy_timeline(current, shallow / "data" / "policy", shallow)
    assert not timeline.has_history and "shallow" in timeline.note
    assert timeline.in_force(dt.date(2025, 1, 1)).policy is current

    plain = tmp_path / "plain"
    shutil.copytree(root / "data", plain / "data")
    main(["audit", "--data", str(plain / "data"), "--as-of", SAMPLE_AS_OF, "--json"])
    captured = capsys.readouterr()
    records = json.loads(captured.out)
    assert len(records) == 60
    assert all(r["policy"] == {"commit": None, "date": None} for r in records)
    assert all(r["status"] == r["status_under_current_policy"] for r in records)
    assert captured.err.count("every verdict uses the current policy") == 1


def test_single_timeline_is_today_for_every_day(sample_policy):
    timeline = PolicyTimeline.single(sample_policy, "no history")
    assert timeline.in_force(dt.date(1990, 1, 1)).policy is sample_policy
    assert timeline.in_force(None).policy is sample_policy
    assert timeline.current.label() == "the current policy"


@pytest.mark.build
def test_commitments_page_and_briefings_name_the_version_and_todays_verdict(repo):
    root, shas = repo
    result = build_site(root.parent, root / "data", as_of=SAMPLE_AS_OF)
    assert result.returncode == 0, result.output
    page = result.page("commitments")
    assert f"Judged by policy {shas[V2][:7]} of {V2}." in page
    assert f"Judged by policy {shas[V3][:7]} of {V3}." in page
    assert "Not permitted by policy when approved; " in page  # a discount approved while discounts were frozen
    assert "authorised under today's policy: Rule discount-" in page
    assert f"Policy version {shas[BROKEN][:7]} of {BROKEN} does not load" in page
    assert "Every approval is judged by the current policy" not in page
    dataset = load_dataset(root / "data", as_of=SAMPLE_AS_OF)
    frozen = next(
        c
        for c in dataset.log.commitments
        if c.type == "discount" and c.approved_on and V2 <= c.approved_on.isoformat() < V3
    )
    escalation = next(e for e in dataset.log.escalations if e.escalation_id == frozen.escalation_id)
    briefings = "".join(p.read_text(encoding="utf-8") for p in (result.site / "accounts").rglob("index.html"))
    assert frozen.commitment_id in briefings and escalation.escalation_id in briefings
    assert f"Judged by policy {shas[V2][:7]} of {V2}." in briefings


def test_tier_checks_use_the_tiering_in_force_on_the_day_each_escalation_opened(tmp_path):
    """Old tiering: every escalation of $1 or more at risk is Red. Escalations opened before the change are
    judged by it, later ones by today's tiering."""
    from macros.analysis.governance import Governance
    from macros.analysis.policy_timeline import PolicyVersion
    from macros.analysis.portfolio import Portfolio

    old = tmp_path / "old"
    shutil.copytree(SAMPLE_DATA / "policy", old / "policy")
    tiers = old / "policy" / "tiers.yaml"
    text = tiers.read_text(encoding="utf-8")
    assert "arr_at_risk: {at_least: 250000}\n          days_to_renewal: {at_most: 90}" in text
    tiers.write_text(
        text.replace(
            "arr_at_risk: {at_least: 250000}\n          days_to_renewal: {at_most: 90}", "arr_at_risk: {at_least: 1}"
        ),
        encoding="utf-8",
    )
    old_policy = load_policy(old, root=old)
    dataset = load_dataset(SAMPLE_DATA, as_of=SAMPLE_AS_OF)
    change = dt.date(2026, 6, 1)
    current = PolicyVersion(dataset.policy, "b" * 40, change)
    timeline = PolicyTimeline(current, [PolicyVersion(old_policy, "a" * 40, dt.date(2025, 1, 1)), current])
    portfolio = Portfolio.from_dataset(dataset)
    then = Governance(portfolio, timeline)
    today = Governance(portfolio)
    top = dataset.policy.tiers[-1].id
    before = [e for e in portfolio.escalations if e.opened_on.date() < change]
    after = [e for e in portfolio.escalations if e.opened_on.date() >= change]
    assert before and after
    for e in before:
        assert then.assessments[e.escalation_id].policy_tier == top
        assert then.tier_version(e).commit == "a" * 40
    for e in after:
        assert then.assessments[e.escalation_id].policy_tier == today.assessments[e.escalation_id].policy_tier
    assert any(today.assessments[e.escalation_id].policy_tier != top for e in before)
    under = next(e for e in before if then.assessments[e.escalation_id].under_tiered)
    assert then.describe_tier_check(under).startswith("recorded as ")


def test_an_approval_is_judged_differently_today_exactly_when_the_two_verdicts_differ(repo):
    """Discounts approved while v2 froze them are breaches then and allowed under v3; the rest agree."""
    from macros.analysis.governance import Governance
    from macros.analysis.portfolio import Portfolio

    root, _ = repo
    data = root / "data"
    dataset = load_dataset(data, as_of=SAMPLE_AS_OF)
    governance = Governance(Portfolio.from_dataset(dataset), policy_timeline(dataset.policy, data / "policy", root))
    flipped = [c for c in dataset.log.commitments if governance.judged_differently_today(c)]
    kept = [c for c in dataset.log.commitments if not governance.judged_differently_today(c)]
    assert flipped and kept
    for c in flipped:
        assert governance.verdict(c).status != governance.current_verdict(c).status
    for c in kept:
        assert governance.verdict(c).status == governance.current_verdict(c).status
    assert any(
        c.type == "discount" and V2 <= c.approved_on.isoformat() < V3 for c in flipped if c.approved_on is not None
    )
