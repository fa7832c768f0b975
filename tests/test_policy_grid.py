"""A grid of approvers expanded into rules, cumulative or not, and the cell a request lands in at each band's edge."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from macros.policy.authority import AnyOf, Grid, GridAxis, Rule
from macros.policy.common import Bounds

CELLS = [["no approval", "cfo"], [["cfo", "counsel"], "not allowed"], [AnyOf(any_of=["cfo", "counsel"]), "cro"]]


def grid(*, cumulative: bool, cells=CELLS) -> Grid:
    return Grid(
        id="g",
        description="By size and segment",
        rows=GridAxis(fact="value", bands=[Bounds(at_most=5), Bounds(above=5, at_most=15), Bounds(above=15)]),
        columns=GridAxis(fact="segment", bands=[Bounds(in_=["smb"]), Bounds(in_=["corporate"])]),
        cells=cells,
        cumulative=cumulative,
    )


def _summary(rules: list[Rule]):
    return [(r.id, r.description, r.allowed, r.approvers, r.approve_up_to, sorted(r.when)) for r in rules]


def test_a_grid_expands_row_by_row_left_to_right():
    rules = grid(cumulative=False).expand()
    assert _summary(rules) == [
        ("g-1-1", "By size and segment", True, [], None, ["segment", "value"]),
        ("g-1-2", "By size and segment", True, ["cfo"], None, ["segment", "value"]),
        ("g-2-1", "By size and segment", True, ["cfo", "counsel"], None, ["segment", "value"]),
        ("g-2-2", "By size and segment", False, [], None, ["segment", "value"]),
        ("g-3-1", "By size and segment", True, [AnyOf(any_of=["cfo", "counsel"])], None, ["segment", "value"]),
        ("g-3-2", "By size and segment", True, ["cro"], None, ["segment", "value"]),
    ]
    assert rules[2].when == {"value": Bounds(above=5, at_most=15), "segment": Bounds(in_=["smb"])}


def test_a_cumulative_grid_turns_a_single_role_into_the_top_of_the_ladder():
    rules = grid(cumulative=True).expand()
    assert _summary(rules) == [
        ("g-1-1", "By size and segment", True, [], None, ["segment", "value"]),
        ("g-1-2", "By size and segment", True, [], "cfo", ["segment", "value"]),
        ("g-2-1", "By size and segment", True, ["cfo", "counsel"], None, ["segment", "value"]),
        ("g-2-2", "By size and segment", False, [], None, ["segment", "value"]),
        ("g-3-1", "By size and segment", True, [AnyOf(any_of=["cfo", "counsel"])], None, ["segment", "value"]),
        ("g-3-2", "By size and segment", True, [], "cro", ["segment", "value"]),
    ]


@pytest.mark.parametrize(
    ("facts", "cell"),
    [
        ({"value": 5, "segment": "smb"}, (0, 0)),
        ({"value": 5.01, "segment": "corporate"}, (1, 1)),
        ({"value": 15, "segment": "SMB"}, (1, 0)),
        ({"value": 15.01, "segment": "corporate"}, (2, 1)),
        ({"value": 3, "segment": "enterprise"}, None),
        ({"value": None, "segment": "smb"}, None),
        ({"segment": "smb"}, None),
        ({"value": 3}, None),
    ],
)
def test_the_cell_a_request_lands_in(facts, cell):
    assert grid(cumulative=False).cell_at(facts) == cell


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"columns": GridAxis(fact="value", bands=[Bounds(at_most=1)])}, "rows and columns must test different facts"),
        ({"cells": CELLS[:2]}, "3 row bands but 2 rows of cells"),
        ({"cells": [*CELLS[:2], ["cro"]]}, "row 3 has 1 cells; there are 2 column bands"),
    ],
)
def test_a_grid_of_the_wrong_shape_is_refused(changes, message):
    fields = grid(cumulative=False).model_dump(by_alias=True)
    fields.update({k: v.model_dump(by_alias=True) if hasattr(v, "model_dump") else v for k, v in changes.items()})
    with pytest.raises(ValidationError) as caught:
        Grid.model_validate(fields)
    (error,) = caught.value.errors()
    assert error["msg"] == f"Value error, {message}"
