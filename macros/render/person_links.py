"""A person's name wherever the site prints one: a link to their page when they are in the organisation file,
the name or reference as plain text otherwise. Every view model that shows a person (owners, CSMs, AEs,
approvers, role holders, delegates) builds a :class:`PersonLink` here, and every template prints it through the
one macro ``person`` of ``partials/inline.html`` (printing the view model itself calls that macro)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from markupsafe import Markup

from ..policy.model import Policy
from .templating import template, template_memo
from .urls import relative, slug

T = TypeVar("T")

NOBODY = "—"


@dataclass(frozen=True, slots=True)
class PersonLink:
    name: str
    href: str | None
    """Relative link to the person's page; ``None`` for a name not in the organisation file (shown plain)."""

    def __str__(self) -> str:
        """As text (a sort key, a sentence), a person is their name."""
        return self.name

    def __html__(self) -> Markup:
        """The ``person`` macro's output; ``Markup``, so that ``Markup.format`` and ``join`` keep it as HTML."""
        # Worked out once per name and link while the templates stay loaded: a table of thousands of rows prints
        # the same few people again and again, several times per cell.
        memo = template_memo("person")
        found = memo.get(self)
        if found is None:
            found = memo[self] = Markup(template("partials/inline.html").module.person(self))  # noqa: S704
        return found


def by_name(people: Iterable[T]) -> list[T]:
    """People in the order a reader looks for them: by name without case (``casefold``, so that "Weiß" sorts as
    "Weiss"), then by id."""
    return sorted(people, key=lambda person: (person.name.casefold(), person.id))


def person_url(person_id: str) -> str:
    """Site URL of a person's page, e.g. ``people/priya/`` (their calendar feed is ``calendar.ics`` inside it)."""
    return f"people/{slug(person_id)}/"


def person_link(policy: Policy, person_id: str | None, page_url: str) -> PersonLink:
    """The person as shown on the page at ``page_url``: linked by id, exact name or email when the policy knows
    them; the reference itself, plain, when it does not; a dash when there is nobody."""
    if not person_id:
        return PersonLink(NOBODY, None)
    person = policy.person_by_id.get(person_id) or policy.find_person(person_id)
    if person is None:
        return PersonLink(person_id, None)
    return PersonLink(person.name, relative(page_url, person_url(person.id)))


def people_links(policy: Policy, person_ids, page_url: str, separator: str = ", ") -> Markup:
    """Several people, each linked, joined by ``separator`` (escaped)."""
    from .html import esc

    return Markup(esc(separator).join(esc(person_link(policy, p, page_url)) for p in person_ids))  # noqa: S704
