"""The daily digest against planted due items: every bucket, what changed since the previous business day,
breaches, authority findings, the three output formats and the command line."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil

import pytest

from macros.analysis.business_time import BusinessClock
from macros.analysis.digest import build_digest, previous_business_day
from macros.policy.common import Duration
from macros.render.digest_text import SLACK_SECTION_LIMIT, md_text, to_json, to_markdown, to_slack
from macros.site_context import build_context

from .conftest import SAMPLE_DATA
from .test_cli import run
from .workbook_builder import small_log, write_workbook

AS_OF = dt.date(2026, 6, 30)  # a Tuesday: the previous business day is Monday 29 June
SITE = "https://escalations.example.com/"


def _action(text: str, due: dt.date, *, status: str = "Open", check_in: dt.date | None = None) -> dict:
    return {
        "Escalation ID": "ESC-1",
        "Action": text,
        "Owner": "Ivan Petrov",
        "Due": due,
        "Status": status,
        "Next Check-in": check_in or due + dt.timedelta(days=60),
    }


def _tier_change_opening(policy) -> dt.datetime:
    """An opening moment whose green tier's 30 business days run out during the as-of day (not the day before)."""
    clock = BusinessClock(policy.organisation.calendar)
    rule = policy.tier_by_id["green"].escalate_after
    day = AS_OF - dt.timedelta(days=30)
    while day > AS_OF - dt.timedelta(days=80):
        opened = dt.datetime.combine(day, dt.time(10, 0))
        if clock.add(opened, rule.unresolved_for).date() == AS_OF:
            return opened
        day -= dt.timedelta(days=1)
    raise AssertionError("no opening found")


@pytest.fixture(scope="module")
def planted(tmp_path_factory, sample_policy):
    data = tmp_path_factory.mktemp("digest") / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    rows = small_log(AS_OF)
    rows["Actions"] += [
        _action("Planted overdue [link](javascript:alert(1)) <script>x</script>", dt.date(2026, 6, 25)),
        _action("Planted today", AS_OF),
        _action("Planted this week", dt.date(2026, 7, 3)),
        _action("Planted later", dt.date(2026, 8, 30)),
        _action("Planted done", dt.date(2026, 6, 10), status="Done"),
    ]
    rows["Accounts"].append(
        {
            "Account ID": "ACC-3",
            "Account Name": "Planted Quiet Co",
            "Segment": "mid_market",
            "ARR": 20000,
            "Renewal Date": dt.date(2027, 6, 1),
            "Health": "green",
            "CSM": "Priya Raman",
        }
    )
    common = {"Account ID": "ACC-3", "Status": "Open", "Impact": "Some", "Requested Support": "Help"}
    rows["Escalations"] += [
        {
            **common,
            "Escalation ID": "ESC-NEW",
            "Opened On": dt.datetime(2026, 6, 29, 11, 0),
            "Tier": "green",
            "Issue": "Planted new escalation",
            "Deadline": dt.date(2026, 9, 1),
            "Owner": "Ivan Petrov",
            "Acknowledged At": dt.datetime(2026, 6, 29, 12, 0),
        },
        {
            **common,
            "Escalation ID": "ESC-AGED",
            "Opened On": _tier_change_opening(sample_policy),
            "Tier": "green",
            "Issue": "Planted aged escalation",
            "Deadline": dt.date(2026, 9, 1),
            "Owner": "Ivan Petrov",
        },
    ]
    rows["Commitments"] += [
        {
            "Commitment ID": "P-WEEK",
            "Escalation ID": "ESC-1",
            "Type": "discount",
            "Description": "Planted 25% off",
            "Owner": "Jordan Kim",
            "Due": dt.date(2026, 7, 2),
            "Status": "Open",
            "Value": "25%",
            "Approved By": "Olivia Grant",
            "Approved On": dt.date(2026, 6, 20),
        }
    ]
    write_workbook(data / "escalations.xlsx", rows)
    context = build_context(data, as_of=AS_OF.isoformat(), scope="full")
    return data, context


def _owner(digest, person_id):
    return next(o for o in digest.owners if o.person_id == person_id)


def _titles(items):
    return [i.title for i in items]


def test_planted_actions_land_in_their_bucket(planted):
    _, context = planted
    ivan = _owner(build_digest(context.governance), "ivan-petrov")
    assert [t for t in _titles(ivan.overdue) if "Planted" in t] == [
        "Action due: Planted overdue [link](javascript:alert(1)) <script>x</script>"
    ]
    assert [t for t in _titles(ivan.due_today) if "Planted" in t] == ["Action due: Planted today"]
    assert [t for t in _titles(ivan.due_this_week) if "Planted" in t] == ["Action due: Planted this week"]
    everything = _titles(ivan.overdue + ivan.due_today + ivan.due_this_week)
    assert not [t for t in everything if "later" in t or "done" in t]


def test_the_commitment_due_this_week_and_its_authority_finding_go_to_its_owner(planted):
    _, context = planted
    jordan = _owner(build_digest(context.governance), "jordan-kim")
    assert [i.key for i in jordan.due_this_week] == ["commitment/P-WEEK"]
    assert [f.commitment.commitment_id for f in jordan.authority_findings] == ["P-WEEK"]
    assert context.governance.is_finding(jordan.authority_findings[0].commitment)


def test_opened_and_tier_changes_count_from_the_previous_business_day(planted):
    _, context = planted
    digest = build_digest(context.governance)
    assert digest.since == dt.date(2026, 6, 29)
    ivan = _owner(digest, "ivan-petrov")
    assert [e.escalation_id for e in ivan.opened] == ["ESC-NEW"]
    assert [(c.escalation.escalation_id, c.before, c.after) for c in ivan.tier_changes] == [
        ("ESC-AGED", "green", "yellow")
    ]
    opened = [e.escalation_id for o in digest.owners for e in o.opened]
    assert opened == ["ESC-NEW"]  # ESC-1 (June 1) and ESC-3 (June 20) are older


def test_breaches_are_the_governance_breaches_of_open_escalations(planted):
    _, context = planted
    digest = build_digest(context.governance)
    listed = sorted((b.escalation.escalation_id, b.result.target) for o in digest.owners for b in o.breaches)
    expected = sorted(
        (e.escalation_id, r.target) for e in context.portfolio.open_escalations for r in context.governance.breaches(e)
    )
    assert listed == expected
    assert ("ESC-1", "status_update_every") in listed  # red: every 2 business days, last update 25 June


def test_person_filter_keeps_only_that_person(planted):
    _, context = planted
    digest = build_digest(context.governance, person_id="jordan-kim")
    assert [o.person_id for o in digest.owners] == ["jordan-kim"]


def test_previous_business_day_skips_weekends_and_holidays(sample_policy):
    clock = BusinessClock(sample_policy.organisation.calendar)
    assert previous_business_day(clock, dt.date(2026, 6, 29)) == dt.date(2026, 6, 26)  # Monday → Friday
    assert previous_business_day(clock, dt.date(2026, 5, 26)) == dt.date(2026, 5, 22)  # Memorial Day Monday
    assert clock.add(dt.datetime(2026, 6, 26, 10), Duration(amount=1, unit="business_days")).date() == dt.date(
        2026, 6, 29
    )


def test_markdown_escapes_data_and_links_to_the_site(planted):
    _, context = planted
    text = to_markdown(context, build_digest(context.governance), SITE)
    assert "## Ivan Petrov" in text
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert not re.search(r"(?<!\\)\]\(javascript", text)  # the bracket is escaped: no link is formed
    assert r"\[link\](javascript" in text
    assert f"]({SITE}accounts/ACC-1/#ESC-1)" in text
    assert md_text("a *b* [c](d) <e>") == r"a \*b\* \[c\](d) &lt;e&gt;"


def test_json_is_stable_and_complete(planted):
    _, context = planted
    digest = build_digest(context.governance)
    document = json.loads(to_json(context, digest, SITE))
    assert document["as_of"] == "2026-06-30" and document["since"] == "2026-06-29"
    ivan = next(o for o in document["owners"] if o["person"] == "ivan-petrov")
    assert [e["escalation_id"] for e in ivan["opened"]] == ["ESC-NEW"]
    assert ivan["due_today"][0]["url"] == f"{SITE}accounts/ACC-1/#ESC-1"
    assert to_json(context, digest, SITE) == to_json(context, build_digest(context.governance), SITE)


def test_slack_payload_escapes_and_fits_the_limits(planted):
    _, context = planted
    payload = to_slack(context, build_digest(context.governance), SITE)
    assert payload["text"].startswith("Lumenfield Software escalation digest, 2026-06-30")
    sections = [b["text"]["text"] for b in payload["blocks"] if b["type"] == "section"]
    assert sections and all(len(s) <= SLACK_SECTION_LIMIT for s in sections)
    ivan = next(s for s in sections if s.startswith("*Ivan Petrov*"))
    assert "<script>" not in ivan and "&lt;script&gt;" in ivan
    assert f"<{SITE}accounts/ACC-1/#ESC-1|Action due: Planted today" in ivan


def test_command_prints_each_format(planted):
    data, _ = planted
    code, out, err = run("digest", "--data", str(data), "--as-of", "2026-06-30", "--site-url", SITE, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["site_url"] == SITE
    code, out, err = run("digest", "--data", str(data), "--as-of", "2026-06-30", "--person", "Jordan Kim")
    assert code == 0, err
    assert "## Jordan Kim" in out and "## Ivan Petrov" not in out
    code, out, err = run("digest", "--data", str(data), "--as-of", "2026-06-30", "--format", "slack")
    assert code == 0, err
    assert json.loads(out)["blocks"][0]["type"] == "header"


def test_command_rejects_an_unknown_person_without_a_traceback(planted):
    data, _ = planted
    code, out, err = run("digest", "--data", str(data), "--as-of", "2026-06-30", "--person", "nobody-here")
    assert (code, out) == (2, "")
    assert "no person 'nobody-here'" in err and "Traceback" not in err


def test_policy_only_scope_prints_no_digest(planted):
    data, _ = planted
    code, out, err = run("digest", "--data", str(data), "--as-of", "2026-06-30", "--scope", "policy-only")
    assert code == 0
    assert out == ""
    assert "policy-only" in err


def test_post_env_unset_posts_nothing(planted, monkeypatch):
    data, _ = planted
    monkeypatch.delenv("PLANTED_HOOK_URL", raising=False)
    code, out, err = run("digest", "--data", str(data), "--as-of", "2026-06-30", "--post-env", "PLANTED_HOOK_URL")
    assert (code, out) == (0, "")
    assert "PLANTED_HOOK_URL is not set; nothing posted" in err


def test_a_broken_mkdocs_yml_is_reported_at_its_line_and_column_with_a_fix(tmp_path):
    from macros.cli.common import UsageError
    from macros.cli.digest import site_url_from

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Escalations\nsite_url: [unclosed\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        site_url_from(config)
    message = str(caught.value)
    assert message.startswith(f"{config.as_posix()}:3:1: cannot read site_url (")
    assert message.endswith("fix the YAML there, or give --site-url URL")
