"""`stakeholders.yaml`: who is involved in each tier, and how (RACI)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .common import Duration, Id, OwnedFile, PolicyModel

Raci = Literal["responsible", "accountable", "consulted", "informed"]
RACI_ORDER: tuple[str, ...] = ("responsible", "accountable", "consulted", "informed")


class Involvement(PolicyModel):
    """How one role takes part in escalations of one tier. Shorthand: just the RACI word."""

    raci: Raci
    required: bool = False
    """The role must be actively involved; briefings flag it when nobody in the role is."""
    engage_within: Duration | None = None
    """How soon after opening the role must be engaged."""
    note: str = ""

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        return {"anyOf": [handler(core_schema), {"enum": list(RACI_ORDER), "description": "Shorthand: the RACI word."}]}

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: object) -> object:
        if isinstance(value, str):
            return {"raci": value}
        return value


class StakeholdersFile(OwnedFile):
    matrix: dict[Id, dict[Id, Involvement]] = Field(min_length=1)
    """Tier id → role id → involvement."""
