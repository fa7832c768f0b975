"""Who a digest item goes to, and the order of owners: an item about one escalation goes to its one owner, a
renewal to everyone on the account team, and owners are listed by name (not by id).

Fixture: the small log as of Tuesday 30 June 2026, Harbor Logistics renewing the next day with ESC-1 open, and
three people renamed so that ordering by id and by name disagree: ``ivan-petrov`` is Zara Petrov, ``ben-adeyemi``
Anna Weist and ``daniel-okafor`` Anna Weiß (read "Weiss", before "Weist")."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from macros.analysis.digest import build_digest
from macros.site_context import build_context

from .conftest import SAMPLE_DATA
from .workbook_builder import small_log, write_workbook

AS_OF = dt.date(2026, 6, 30)
RENEWAL = dt.date(2026, 7, 1)


@pytest.fixture(scope="module")
def digest(tmp_path_factory):
    data = tmp_path_factory.mktemp("digest_people") / "data"
    shutil.copytree(SAMPLE_DATA / "policy", data / "policy")
    organisation = data / "policy" / "organisation.yaml"
    text = organisation.read_text(encoding="utf-8")
    renamed = {
        "ivan-petrov": ("Ivan Petrov", "Zara Petrov"),
        "ben-adeyemi": ("Ben Adeyemi", "Anna Weist"),
        "daniel-okafor": ("Daniel Okafor", "Anna Weiß"),
    }
    for old, new in renamed.values():
        assert f"name: {old}," in text
        text = text.replace(f"name: {old},", f"name: {new},")
    organisation.write_text(text, encoding="utf-8")
    by_old_name = {old: person for person, (old, _) in renamed.items()}
    rows = small_log(AS_OF)
    for sheet in rows.values():
        for row in sheet:
            for column, value in row.items():
                if value in by_old_name:
                    row[column] = by_old_name[value]
    harbor = next(a for a in rows["Accounts"] if a["Account ID"] == "ACC-1")
    harbor["Renewal Date"] = RENEWAL
    rows["Actions"].append(
        {
            "Escalation ID": "ESC-1",
            "Action": "Call the customer",
            "Owner": "ivan-petrov",
            "Due": AS_OF,
            "Status": "Open",
            "Next Check-in": AS_OF + dt.timedelta(days=30),
        }
    )
    write_workbook(data / "escalations.xlsx", rows)
    context = build_context(data, as_of=AS_OF.isoformat(), scope="full")
    return build_digest(context.governance)


def _renewals(owner):
    return [i for i in owner.due_this_week if i.key == "renewal/ACC-1"]


def test_a_renewal_goes_to_every_person_of_the_account_team(digest):
    owners = {o.person_id: o for o in digest.owners}
    team = {"priya-raman", "ben-adeyemi", "elena-sorensen"}
    assert team <= set(owners)
    for person in team:
        assert len(_renewals(owners[person])) == 1, person
        assert _renewals(owners[person])[0].day == RENEWAL


def test_an_item_about_one_escalation_goes_to_its_owner_only(digest):
    owners = {o.person_id: o for o in digest.owners}
    assert [i.title for i in owners["ivan-petrov"].due_today] == ["Action due: Call the customer"]
    assert not any(
        i.title == "Action due: Call the customer"
        for o in digest.owners
        for i in o.due_today
        if o is not owners["ivan-petrov"]
    )


def test_owners_are_listed_by_name_not_by_id(digest):
    # Anna Weiß, Anna Weist, Elena Sorensen, Priya Raman, Zara Petrov: by id, ben-adeyemi would come first and
    # ivan-petrov third.
    assert [o.person_id for o in digest.owners] == [
        "daniel-okafor",
        "ben-adeyemi",
        "elena-sorensen",
        "priya-raman",
        "ivan-petrov",
    ]
