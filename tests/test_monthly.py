"""Monthly reviews: figures of a small fixture checked against hand-computed values, the pages, charts and history.

The fixture (as of Monday 2026-06-15, sample policy: America/Chicago, 08:30–17:30, US holidays) spans April to June
2026. Response-target deadlines below are worked out by hand on that calendar (Memorial Day is 2026-05-25).

====  =======  ======  ==================  ==================  ======================  ===========
id    account  tier    opened              resolved            outcome (arr_result)    ARR at risk
====  =======  ======  ==================  ==================  ======================  ===========
E1    A1       green   Mon 04-06 09:00     Mon 04-20 12:00     Renewed (saved)         120,000
E5    A3       yellow  Tue 04-14 09:00     Fri 04-24 12:00     Downsell (partial)      30,000
E2    A2       yellow  Mon 04-27 09:00     Tue 05-12 15:00     Churned (lost)          (ARR) 100,000
E6    A2       green   Wed 04-29 14:00     Wed 06-10 10:00     Renewed w/ conc. (saved) 60,000
E3    A3       green   Mon 05-04 09:00     open                                        40,000
E4    A1       red     Mon 05-18 10:00     open                                        300,000
====  =======  ======  ==================  ==================  ======================  ===========

E2 spans the April/May boundary and is resolved in May; E6 is opened in April and resolved in June.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

from macros.analysis.governance import Governance
from macros.analysis.monthly import monthly_reviews
from macros.analysis.policy_history import policy_history
from macros.analysis.portfolio import Portfolio
from macros.dataset import load_dataset
from macros.render import charts

from .conftest import SAMPLE_DATA
from .site_builder import broken_links, build_site
from .workbook_builder import write_workbook

AS_OF = "2026-06-15"
d, t = dt.date, dt.datetime


def _escalation(eid, account, tier, opened, *, status="Resolved", resolved=None, outcome=None, arr=None, **more):
    row = {
        "Escalation ID": eid,
        "Account ID": account,
        "Opened On": opened,
        "Tier": tier,
        "Status": status,
        "Issue": f"Issue of {eid}",
        "Impact": "Renewal at risk",
        "Requested Support": "Help",
        "Deadline": opened.date() + dt.timedelta(days=30),
        "Owner": "Priya Raman",
        "Blocker Type": "pricing",
        "Resolved On": resolved,
        "Outcome": outcome,
        "ARR At Risk": arr,
    }
    row.update(more)
    return row


def _update(eid, when):
    return {"Escalation ID": eid, "Date": when, "Author": "Priya Raman", "Summary": "Status"}


def _commitment(cid, eid, ctype, value, due, status, **more):
    row = {
        "Commitment ID": cid,
        "Escalation ID": eid,
        "Type": ctype,
        "Description": f"Commitment {cid}",
        "Owner": "Jordan Kim",
        "Due": due,
        "Status": status,
        "Value": value,
    }
    row.update(more)
    return row


def fixture_rows() -> dict[str, list[dict]]:
    return {
        "Accounts": [
            {"Account ID": "A1", "Account Name": "Alder Co", "ARR": 300000, "Renewal Date": d(2026, 6, 20)},
            {"Account ID": "A2", "Account Name": "Birch Ltd", "ARR": 100000, "Renewal Date": d(2026, 9, 30)},
            {"Account ID": "A3", "Account Name": "Cedar Inc", "ARR": 50000, "Renewal Date": d(2026, 5, 15)},
        ],
        "Escalations": [
            _escalation(
                "E1",
                "A1",
                "green",
                t(2026, 4, 6, 9),
                resolved=t(2026, 4, 20, 12),
                outcome="Renewed",
                arr=120000,
                **{"Acknowledged At": t(2026, 4, 6, 10)},
            ),
            _escalation(
                "E5",
                "A3",
                "yellow",
                t(2026, 4, 14, 9),
                resolved=t(2026, 4, 24, 12),
                outcome="Downsell",
                arr=30000,
                **{"Acknowledged At": t(2026, 4, 14, 10)},
            ),
            _escalation(
                "E2",
                "A2",
                "yellow",
                t(2026, 4, 27, 9),
                resolved=t(2026, 5, 12, 15),
                outcome="Churned",
                **{"Acknowledged At": t(2026, 4, 28, 16), "Exec Engaged At": t(2026, 4, 29, 10)},
            ),
            _escalation(
                "E6",
                "A2",
                "green",
                t(2026, 4, 29, 14),
                resolved=t(2026, 6, 10, 10),
                outcome="Renewed with concessions",
                arr=60000,
                **{"Acknowledged At": t(2026, 5, 1, 10)},
            ),
            _escalation(
                "E3",
                "A3",
                "green",
                t(2026, 5, 4, 9),
                status="In progress",
                arr=40000,
                **{"Acknowledged At": t(2026, 5, 4, 12)},
            ),
            _escalation(
                "E4",
                "A1",
                "red",
                t(2026, 5, 18, 10),
                status="In progress",
                arr=300000,
                **{"Acknowledged At": t(2026, 5, 18, 11), "Exec Engaged At": t(2026, 5, 19, 9)},
            ),
        ],
        "Updates": [
            _update("E1", t(2026, 4, 13, 10)),
            _update("E5", t(2026, 4, 20, 10)),
            _update("E2", t(2026, 4, 30, 10)),
            _update("E2", t(2026, 5, 7, 10)),
            _update("E6", t(2026, 5, 8, 10)),
            _update("E6", t(2026, 5, 20, 10)),
            _update("E6", t(2026, 6, 2, 10)),
            _update("E3", t(2026, 5, 11, 10)),
            _update("E3", t(2026, 5, 22, 10)),
            _update("E3", t(2026, 6, 5, 10)),
            _update("E4", t(2026, 5, 19, 16)),
            _update("E4", t(2026, 6, 1, 10)),
        ],
        "Commitments": [
            _commitment(
                "C1",
                "E2",
                "discount",
                "8%",
                d(2026, 4, 30),
                "Fulfilled",
                **{"Approved By": "Olivia Grant", "Approved On": d(2026, 4, 28), "Fulfilled On": d(2026, 4, 29)},
            ),
            _commitment(
                "C2",
                "E2",
                "discount",
                "25%",
                d(2026, 5, 10),
                "Open",
                **{"Approved By": "Olivia Grant", "Approved On": d(2026, 5, 5)},
            ),
            _commitment(
                "C3", "E4", "payment_terms", 40, d(2026, 5, 20), "Fulfilled", **{"Fulfilled On": d(2026, 6, 5)}
            ),
            _commitment("C4", "E3", "contract_length", 24, d(2026, 5, 25), "Missed"),
            _commitment("C5", "E6", "payment_terms", 30, d(2026, 5, 31), "Open"),
        ],
        "Reviews": [
            {
                "Escalation ID": "E1",
                "Review Date": d(2026, 5, 5),
                "Facilitator": "Marcus Bell",
                "What Happened": "Quote arrived late",
                "What Worked": "Early exec call",
                "What To Change": "Quote 120 days out",
                "Playbook Updates": "Pricing play: quote at T-120",
            },
            {"Escalation ID": "E5", "Review Date": d(2026, 5, 15), "Facilitator": "Marcus Bell"},
        ],
    }


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("monthly") / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    write_workbook(data / "escalations.xlsx", fixture_rows())
    return data


@pytest.fixture(scope="module")
def months(data_dir):
    dataset = load_dataset(data_dir, as_of=AS_OF, scope="full")
    portfolio = Portfolio.from_dataset(dataset)
    return {m.key: m for m in monthly_reviews(portfolio, Governance(portfolio))}


# --- analysis ---------------------------------------------------------------------------------------------------
def test_one_month_from_the_first_escalation_to_the_as_of_month(months):
    assert list(months) == ["2026-04", "2026-05", "2026-06"]
    june = months["2026-06"]
    assert june.end == d(2026, 6, 15) and june.partial
    assert months["2026-05"].end == d(2026, 5, 31) and not months["2026-05"].partial
    assert (months["2026-04"].previous, months["2026-04"].next) == (None, "2026-05")
    assert (june.previous, june.next) == ("2026-05", None)


def test_april_figures(months):
    april = months["2026-04"]
    assert april.opened_by_tier == {"green": 2, "yellow": 2, "red": 0}
    assert [e.escalation_id for e in april.opened] == ["E1", "E5", "E2", "E6"]
    assert [e.escalation_id for e in april.resolved] == ["E1", "E5"]
    assert april.resolved_by_outcome == {"renewed": 1, "downsell": 1}
    # Open at the end of 30 April: E2 (yellow, no ARR at risk cell: the account's 100,000) and E6 (green, 60,000).
    assert april.open_by_tier == {"green": 1, "yellow": 1, "red": 0}
    assert april.arr_by_tier == {"green": 60000, "yellow": 100000, "red": 0}
    assert april.arr_at_risk == 160000
    # E1 renewed (saved 120,000); E5 downsell (partial: 30,000 at risk, neither saved nor lost).
    assert (april.arr_saved, april.arr_lost, april.arr_downsell) == (120000, 0, 30000)
    # Deadlines in April: E1 ack 04-08 met, E1 updates 04-27 met, E5 ack 04-14 met, E5 exec 04-17 breached
    # (never engaged), E5 updates 04-27 met, E2 ack 04-27 17:00 breached (acknowledged 04-28), E2 exec 04-30 met.
    assert {k: (v.met, v.breached) for k, v in april.targets.items() if v.counted} == {
        "acknowledge": (2, 1),
        "exec_engaged": (1, 1),
        "status_update_every": (2, 0),
    }
    assert april.compliance == pytest.approx(500 / 7)
    assert april.commitment_state == {"C1": "fulfilled"}
    assert april.unauthorised == [] and april.reviews_completed == [] and april.reviews_owed == []
    assert april.renewals_at_risk == []  # E2 is yellow but Birch renews 153 days after 30 April
    assert all(delta is None for delta in april.deltas.values())


def test_may_figures_and_changes_since_april(months):
    may = months["2026-05"]
    assert may.opened_by_tier == {"green": 1, "yellow": 0, "red": 1}
    assert [e.escalation_id for e in may.resolved] == ["E2"]  # opened in April, resolved 12 May
    assert may.resolved_by_outcome == {"churned": 1}
    # Open at the end of 31 May: E6 (opened in April, resolved in June), E3 and E4.
    assert may.open_by_tier == {"green": 2, "yellow": 0, "red": 1}
    assert may.arr_at_risk == 60000 + 40000 + 300000
    assert (may.arr_saved, may.arr_lost, may.arr_downsell) == (0, 100000, 0)
    # Deadlines in May: E1 review 05-11 met, E5 review 05-08 breached (held 05-15), E2 updates 05-14 met,
    # E2 review 05-27 breached (none; Memorial Day skipped), E6 ack 05-01 met, E3 ack 05-06 met, E4 ack and exec met.
    assert may.targets_met == 6 and may.targets_counted == 8
    assert may.compliance == 75
    # C2 open and due 05-10: overdue. C3 fulfilled only on 06-05: overdue at month end. C4 missed.
    # C5 is due on 31 May itself, so not yet overdue at month end.
    assert may.commitment_state == {"C2": "overdue", "C3": "overdue", "C4": "missed", "C5": "open"}
    assert (may.commitments_due_count, may.commitments_fulfilled_count) == (4, 0)
    assert (may.commitments_overdue_count, may.commitments_missed_count) == (2, 1)
    assert [c.commitment_id for c in may.unauthorised] == ["C2"]  # 25 % discount approved by a sales director
    assert [r.escalation_id for r in may.reviews_completed] == ["E1", "E5"]
    assert [e.escalation_id for e in may.reviews_owed] == ["E2"]
    [renewal] = may.renewals_at_risk  # Alder renews 20 days after 31 May with red E4 open; E3 is green
    assert (renewal.account.account_id, renewal.tier, renewal.days_to_renewal) == ("A1", "red", 20)
    assert renewal.arr_at_risk == 300000
    assert may.deltas["opened_count"] == -2
    assert may.deltas["arr_at_risk"] == 240000
    assert may.deltas["arr_lost"] == 100000
    assert may.deltas["compliance"] == pytest.approx(75 - 500 / 7)
    assert may.deltas["reviews_owed_count"] == 1


def test_the_as_of_month_counts_to_the_as_of_date(months):
    june = months["2026-06"]
    assert [e.escalation_id for e in june.resolved] == ["E6"] and june.arr_saved == 60000
    # E6's next update was due 06-16, after the as-of date: not counted. E4's update gap is breached (due 06-03).
    assert june.targets_counted == 1 and june.compliance == 0
    assert june.renewals_at_risk[0].days_to_renewal == 5


def test_no_months_without_escalations(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    rows = fixture_rows()
    write_workbook(data / "escalations.xlsx", {"Accounts": rows["Accounts"]})
    dataset = load_dataset(data, as_of=AS_OF, scope="full")
    portfolio = Portfolio.from_dataset(dataset)
    assert monthly_reviews(portfolio, Governance(portfolio)) == []


# --- charts -----------------------------------------------------------------------------------------------------
def _svg_elements(svg: str) -> list[str]:
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own chart output; parsing it also proves it well-formed
    return [element.tag.rsplit("}", 1)[-1] for element in root.iter()]


def test_charts_are_self_contained_svg(months):
    from macros.policy.loader import load_policy

    policy = load_policy(SAMPLE_DATA)
    window = list(months.values())
    for svg in (
        charts.opened_by_tier_chart(policy, window),
        charts.arr_at_risk_chart(window, "USD"),
        charts.compliance_chart(window),
    ):
        assert svg.startswith("<svg")
        tags = _svg_elements(svg)
        assert "script" not in tags and "<script" not in svg
        assert not re.search(r'(?:href|src)="(?:https?:)?//', svg)  # nothing loaded from the network
        assert "2026-04" in svg and "2026-06" in svg
    assert "$400k" in charts.arr_at_risk_chart(window, "USD")  # May's ARR at risk as a point label


def test_tier_names_cannot_inject_markup_into_a_chart(months):
    from types import SimpleNamespace

    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    tiers = [
        SimpleNamespace(id="green", name=hostile, color="#2e7d32"),
        SimpleNamespace(id="yellow", name="Yellow", color="#f9a825"),
        SimpleNamespace(id="red", name="Red", color="#c62828"),
    ]
    policy = SimpleNamespace(tiers=tiers, tiers_by_severity=tiers[::-1])
    svg = charts.opened_by_tier_chart(policy, list(months.values()))
    tags = _svg_elements(svg)
    assert "script" not in tags and "img" not in tags
    assert "&lt;script&gt;" in svg  # the name is there, as text


# --- policy history ---------------------------------------------------------------------------------------------
def test_policy_history_is_none_outside_a_git_checkout(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    (tmp_path / "data" / "policy").mkdir(parents=True)
    assert policy_history(tmp_path, tmp_path / "data" / "policy") is None


def test_policy_history_is_none_for_a_policy_folder_outside_the_project(tmp_path):
    assert policy_history(tmp_path / "project", tmp_path / "elsewhere" / "policy") is None


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_policy_history_lists_commits_touching_the_policy(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    policy = tmp_path / "data" / "policy"
    policy.mkdir(parents=True)

    def git(*args, date="2026-05-04T10:00:00+00:00"):
        env = {
            "GIT_AUTHOR_NAME": "T",
            "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "T",
            "GIT_COMMITTER_EMAIL": "t@example.com",
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
            "PATH": __import__("os").environ["PATH"],
            "HOME": str(tmp_path),
        }
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True, env=env)

    git("init", "-q")
    (policy / "tiers.yaml").write_text("tiers: []\n")
    git("add", ".")
    git("commit", "-q", "-m", "Raise <b>red</b> threshold", date="2026-04-10T09:00:00+00:00")
    (tmp_path / "README.md").write_text("not policy\n")
    git("add", ".")
    git("commit", "-q", "-m", "Docs only")
    (policy / "authority.yaml").write_text("a: 1\n")
    git("add", ".")
    git("commit", "-q", "-m", "New discount rule", date="2026-05-20T09:00:00+00:00")

    history = policy_history(tmp_path, policy)
    assert history is not None and history.folder == "data/policy"
    assert [c.subject for c in history.commits] == ["New discount rule", "Raise <b>red</b> threshold"]
    assert [(c.subject, c.files) for c in history.in_month("2026-04")] == [
        ("Raise <b>red</b> threshold", ("tiers.yaml",))
    ]
    assert [c.files for c in history.in_month("2026-05")] == [("authority.yaml",)]
    assert history.in_month("2026-06") == []


# --- a real build -----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def site(tmp_path_factory, data_dir):
    rows = fixture_rows()
    rows["Reviews"][1]["What Happened"] = "{{ 7*7 }} <script>alert(1)</script>"
    hostile = tmp_path_factory.mktemp("monthly-site") / "data"
    shutil.copytree(data_dir / "policy", hostile / "policy")
    write_workbook(hostile / "escalations.xlsx", rows)
    result = build_site(hostile.parent, hostile, as_of=AS_OF)
    assert result.returncode == 0, result.output
    return result


def _main(page: str) -> str:
    """The article, without the navigation."""
    return page.split('class="md-content"', 1)[1]


@pytest.mark.build
def test_a_page_per_month_and_none_outside_the_data(site):
    reviews = site.site / "reviews"
    assert sorted(p.name for p in reviews.iterdir() if p.is_dir()) == ["2026-04", "2026-05", "2026-06"]
    may = _main(site.page("reviews/2026-05"))
    assert "Monthly review: May 2026" in may
    assert 'href="../2026-04/"' in may and 'href="../2026-06/"' in may
    assert "$400,000" in may and "75%" in may
    assert "&lt;table" not in may and "&lt;img" not in may  # fragments are HTML, not escaped twice
    assert "Policy history is not available in this build" in may  # the data folder is outside the project


@pytest.mark.build
def test_month_pages_show_their_charts_as_images(site):
    may = _main(site.page("reviews/2026-05"))
    sources = re.findall(r'<img src="([^"]+\.svg)"', may)
    assert sources == ["opened-by-tier.svg", "arr-at-risk.svg", "compliance.svg"]
    for name in sources:
        svg = (site.site / "reviews" / "2026-05" / name).read_text(encoding="utf-8")
        assert svg.startswith("<svg") and "<script" not in svg
        assert "2026-05" in svg


@pytest.mark.build
def test_review_index_and_learnings(site):
    index = _main(site.page("reviews"))
    totals, months = index.split('id="months"', 1)
    links = re.findall(r'<a href="(2026-\d\d/)">([^<]+)</a>', months)
    assert links == [("2026-06/", "June 2026 (to date)"), ("2026-05/", "May 2026"), ("2026-04/", "April 2026")]
    # The totals: the year to date and its quarter to date end in June; April to June is the second quarter.
    assert re.findall(r'<a href="(2026-\d\d/)">([^<]+)</a>', totals) == [
        ("2026-06/", "2026 to date"),
        ("2026-06/", "Q2 2026 to date"),
    ]
    learnings = _main(site.page("learnings"))
    owed = learnings.split('id="owed"', 1)[1].split('id="by-blocker"', 1)[0]
    assert ">E2<" in owed and ">E1<" not in owed
    assert "Pricing play: quote at T-120" in learnings
    # Each review in full is on its blocker type's page, linked from the learnings page (every escalation of the
    # fixture is blocked by pricing).
    review_pages = re.findall(r'<li><a href="([^"]+/)">', learnings.split('class="ref-review-pages"', 1)[1])
    assert review_pages == ["pricing/"]
    reviews = _main(site.page("learnings/pricing"))
    assert reviews.count('<article class="ref-review"') == 2
    assert "Quote arrived late" in reviews
    assert "{{ 7*7 }}" not in reviews and "&#123;&#123; 7*7 &#125;&#125;" in reviews
    assert "<script>alert" not in learnings + reviews


@pytest.mark.build
def test_month_pages_stay_out_of_the_navigation_and_links_resolve(site):
    home = site.page("")
    nav = home.split('class="md-content"', 1)[0]
    assert "reviews/2026-05/" not in nav and "reviews/" in nav and "learnings/" in nav
    assert broken_links(site.site) == []


@pytest.mark.build
def test_policy_only_build_has_no_month_pages(tmp_path, data_dir):
    result = build_site(tmp_path, data_dir, as_of=AS_OF, scope="policy-only")
    assert result.returncode == 0, result.output
    # The scope leaves the review index and learnings out altogether (they are marked escalation_scope: full).
    assert not (result.site / "reviews").exists()
    assert not (result.site / "learnings").exists()
    assert "Alder Co" not in (result.site / "index.html").read_text(encoding="utf-8")
