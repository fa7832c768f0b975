"""Building blocks shared by the policy files: ids, durations, numeric bounds."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$"),
    Field(description="An identifier: lower-case letters, digits, '-' and '_' (it appears in URLs)."),
]


class PolicyModel(BaseModel):
    """Base for every policy model: unknown keys are errors, and field docstrings become schema descriptions."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)


class OwnedFile(PolicyModel):
    """A policy file whose changes must be approved by its owners (see `escalation codeowners`)."""

    owners: list[Id] = Field(default_factory=list)
    """Roles or people who own this file; their GitHub handles review every change to it."""


DurationUnit = Literal["business_hours", "hours", "business_days", "days"]
_UNIT_WORDS = {
    "business hour": "business_hours",
    "business hours": "business_hours",
    "business_hours": "business_hours",
    "hour": "hours",
    "hours": "hours",
    "business day": "business_days",
    "business days": "business_days",
    "business_days": "business_days",
    "day": "days",
    "days": "days",
}
_DURATION_TEXT = re.compile(r"^\s*(\d{1,12}(?:\.\d{1,12})?)\s+([a-z_ ]{1,40}?)\s*$")
MAX_DURATION = {"business_hours": 26_000, "hours": 87_600, "business_days": 2_600, "days": 3_650}
"""The longest span each unit may express: ten years. Longer ones are typing mistakes (or .inf)."""
MAX_BOUND = 1e12
"""Largest magnitude of a numeric bound, as for an amount in the workbook."""


class Duration(PolicyModel):
    """A span of time, counted either on the business calendar or on the wall clock.

    Written as a mapping (`{amount: 4, unit: business_hours}`) or as text (`4 business hours`, `2 days`).
    """

    amount: float = Field(gt=0, allow_inf_nan=False)
    """How many units."""
    unit: DurationUnit
    """`business_hours` and `business_days` follow the company's working hours and public holidays;
    `hours` and `days` count the calendar."""

    @model_validator(mode="after")
    def _bounded(self) -> Duration:
        limit = MAX_DURATION[self.unit]
        if self.amount > limit:
            raise ValueError(
                f"a duration of at most {limit:,} {self.unit.replace('_', ' ')} (ten years), got {self.amount:,.0f}"
            )
        return self

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: object) -> object:
        if isinstance(value, str):
            match = _DURATION_TEXT.match(value.lower())
            unit = _UNIT_WORDS.get(match.group(2)) if match else None
            if not match or unit is None:
                raise ValueError(
                    "expected a duration such as '4 business hours', '2 business days', '12 hours' or '3 days'"
                )
            return {"amount": float(match.group(1)), "unit": unit}
        return value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        # The text shorthand is accepted by the before-validator, so editors must accept it too.
        mapping = handler(core_schema)
        text = {
            "type": "string",
            "pattern": r"^\s*\d+(\.\d+)?\s+(business[ _]hours?|hours?|business[ _]days?|days?)\s*$",
            "description": "Shorthand such as '4 business hours' or '3 days'.",
        }
        return {"anyOf": [mapping, text]}

    @property
    def is_business(self) -> bool:
        return self.unit.startswith("business")

    def describe(self) -> str:
        amount = int(self.amount) if self.amount == int(self.amount) else self.amount
        words = self.unit.replace("_", " ")
        if amount == 1:
            words = words[:-1]
        return f"{amount} {words}"


class Bounds(PolicyModel):
    """A test on one fact. Numeric bounds say explicitly whether the limit itself is included:
    `at_least`/`at_most` include it, `above`/`below` exclude it. `in` lists accepted values for text facts."""

    at_least: float | None = None
    """The fact must be greater than or equal to this."""
    above: float | None = None
    """The fact must be strictly greater than this."""
    at_most: float | None = None
    """The fact must be less than or equal to this."""
    below: float | None = None
    """The fact must be strictly less than this."""
    in_: list[str] | None = Field(default=None, alias="in")
    """The fact must be one of these values (ids from the policy's vocabulary)."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _coherent(self) -> Bounds:
        for limit in self.boundaries():
            if not -MAX_BOUND <= limit <= MAX_BOUND:
                raise ValueError(f"a bound of at most {MAX_BOUND:,.0f} in size, got {limit:,.0f}")
        if self.at_least is not None and self.above is not None:
            raise ValueError("give either 'at_least' or 'above', not both")
        if self.at_most is not None and self.below is not None:
            raise ValueError("give either 'at_most' or 'below', not both")
        numeric = any(v is not None for v in (self.at_least, self.above, self.at_most, self.below))
        if numeric and self.in_ is not None:
            raise ValueError("a test is either numeric (at_least/above/at_most/below) or a list ('in'), not both")
        if not numeric and self.in_ is None:
            raise ValueError("give at least one of at_least, above, at_most, below or in")
        low = self.at_least if self.at_least is not None else self.above
        high = self.at_most if self.at_most is not None else self.below
        if low is not None and high is not None and low > high:
            raise ValueError(f"the lower bound {low:g} is above the upper bound {high:g}")
        return self

    @property
    def is_numeric(self) -> bool:
        return self.in_ is None

    def matches(self, value: float | str | None) -> bool:
        """Whether ``value`` passes. A missing value never passes."""
        if value is None:
            return False
        if self.in_ is not None:
            wanted = {v.lower() for v in self.in_}
            return str(value).lower() in wanted
        if isinstance(value, str):
            return False
        if self.at_least is not None and not value >= self.at_least:
            return False
        if self.above is not None and not value > self.above:
            return False
        if self.at_most is not None and not value <= self.at_most:
            return False
        return not (self.below is not None and not value < self.below)

    def describe(self, fmt=lambda v: f"{v:g}") -> str:
        """Readable text, e.g. ``≥ 250,000 and < 1,000,000`` or ``one of red, yellow``."""
        if self.in_ is not None:
            return "one of " + ", ".join(self.in_) if len(self.in_) > 1 else self.in_[0]
        parts = []
        if self.at_least is not None:
            parts.append(f"≥ {fmt(self.at_least)}")
        if self.above is not None:
            parts.append(f"> {fmt(self.above)}")
        if self.at_most is not None:
            parts.append(f"≤ {fmt(self.at_most)}")
        if self.below is not None:
            parts.append(f"< {fmt(self.below)}")
        return " and ".join(parts)

    def boundaries(self) -> list[float]:
        """The limits written in this test, for generating edge cases."""
        return [v for v in (self.at_least, self.above, self.at_most, self.below) if v is not None]
