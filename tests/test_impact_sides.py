"""One end of an impact comparison whose policy has errors, and the schema files written for editors."""

from __future__ import annotations

import shutil

from macros.analysis.git_snapshot import Snapshot
from macros.analysis.impact import load_side
from macros.policy.schema_export import render_schemas, stale_schemas, write_schemas

from .conftest import FIVE_LEVEL


def _broken_policy(tmp_path, replacements):
    data = tmp_path / "data"
    shutil.copytree(FIVE_LEVEL / "policy", data / "policy")
    path = data / "policy" / "organisation.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return data


def test_a_policy_with_one_error_is_left_out_with_that_error_in_the_note(tmp_path):
    data = _broken_policy(tmp_path, [("currency: EUR", "currency: euro")])
    side = load_side(Snapshot("base", data, data))
    assert side.policy is None
    assert side.notes == [
        "The policy at base has errors, so it is left out of the comparison: policy/organisation.yaml:4:13 "
        "[company.currency]: error: expected a three-letter currency code such as USD, got 'euro'"
    ]


def test_a_policy_with_three_errors_names_the_first_and_counts_the_rest(tmp_path):
    data = _broken_policy(
        tmp_path,
        [("currency: EUR", "currency: euro"), ("country: DE,", "country: Germany,"), ("{id: nora,", "{id: Nora,")],
    )
    (note,) = load_side(Snapshot("HEAD~1", data, data)).notes
    assert note.startswith("The policy at HEAD~1 has errors, so it is left out of the comparison: ")
    assert note.endswith("got 'euro' (and 2 more)")


def test_a_policy_with_two_errors_says_one_more(tmp_path):
    data = _broken_policy(tmp_path, [("currency: EUR", "currency: euro"), ("country: DE,", "country: Germany,")])
    (note,) = load_side(Snapshot("base", data, data)).notes
    assert note.endswith("got 'euro' (and 1 more)")


def test_written_schemas_are_the_rendered_ones_and_then_none_is_stale(tmp_path):
    folder = tmp_path / "nested" / "schema"
    written = write_schemas(folder)
    rendered = render_schemas()
    assert [p.name for p in written] == list(rendered)
    assert all(p.parent == folder for p in written)
    for path in written:
        assert path.read_text(encoding="utf-8") == rendered[path.name]
    assert stale_schemas(folder) == []
    first = written[0]
    first.write_text(first.read_text(encoding="utf-8") + " ", encoding="utf-8")
    written[1].unlink()
    assert stale_schemas(folder) == [written[0].name, written[1].name]
    assert write_schemas(folder) == written
    assert stale_schemas(folder) == []
