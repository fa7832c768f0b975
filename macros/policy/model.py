"""The whole policy, assembled from its files, with the lookups every later layer needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .authority import Approver, AuthorityFile, ConcessionType, approver_roles
from .communication import CommunicationFile
from .log_values import LogValuesFile, Term
from .organisation import OrganisationFile, Person, Role
from .stakeholders import StakeholdersFile
from .tiers import Tier, TiersFile

POLICY_FILES: dict[str, type] = {
    "organisation.yaml": OrganisationFile,
    "tiers.yaml": TiersFile,
    "stakeholders.yaml": StakeholdersFile,
    "communication.yaml": CommunicationFile,
    "authority.yaml": AuthorityFile,
    "escalation-log.yaml": LogValuesFile,
}
"""Policy file name → model. The file names are part of the data contract."""


@dataclass(frozen=True)
class Policy:
    organisation: OrganisationFile
    tiers_file: TiersFile
    stakeholders: StakeholdersFile
    communication: CommunicationFile
    authority: AuthorityFile
    log_values: LogValuesFile
    file_names: dict[str, str] = field(default_factory=dict, compare=False)
    """Section attribute → display name of the file it came from (for messages)."""
    documents: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """File name → its parsed :class:`~macros.yaml_source.YamlDocument`, so later checks (the lint) can say
    where in the file a finding is."""

    def location(self, file_name: str, path: tuple[str | int, ...], *, at_key: bool = False) -> str:
        """``file:line:column`` of a key path in one of the policy files (``file:1:1`` when unknown)."""
        document = self.documents.get(file_name)
        return document.location(path, at_key=at_key) if document else f"{file_name}:1:1"

    # --- tiers -------------------------------------------------------------------------------------------
    @property
    def tiers(self) -> list[Tier]:
        return list(self.tiers_file.tiers)

    @cached_property
    def tier_by_id(self) -> dict[str, Tier]:
        return {t.id: t for t in self.tiers_file.tiers}

    @property
    def tiers_by_severity(self) -> list[Tier]:
        """The tiers most severe first: the one order every page lists tiers in (cards, tables, filters, matrices,
        charts' legends). ``tiers.yaml`` lists them the other way, least severe first."""
        return list(reversed(self.tiers_file.tiers))

    def tier_rank(self, tier_id: str) -> int:
        """0 for the least severe tier; higher is more severe."""
        return next(i for i, t in enumerate(self.tiers_file.tiers) if t.id == tier_id)

    @property
    def highest_tiers(self) -> list[Tier]:
        """The tiers above the lowest one (what the seed calls red and yellow, whatever they are named here)."""
        return list(self.tiers_file.tiers[1:]) if len(self.tiers_file.tiers) > 1 else list(self.tiers_file.tiers)

    # --- people and roles ----------------------------------------------------------------------------------
    @cached_property
    def role_by_id(self) -> dict[str, Role]:
        return {r.id: r for r in self.organisation.roles}

    @cached_property
    def person_by_id(self) -> dict[str, Person]:
        return {p.id: p for p in self.organisation.people}

    @cached_property
    def _person_refs(self) -> dict[str, Person]:
        refs: dict[str, Person] = {}
        for person in self.organisation.people:
            refs[person.name.strip().lower()] = person
            refs[person.email.strip().lower()] = person
        for person in self.organisation.people:  # ids win over names and emails
            refs[person.id.lower()] = person
        return refs

    def find_person(self, reference: str) -> Person | None:
        """A person by id, exact name or email (any case, surrounding spaces ignored)."""
        return self._person_refs.get(reference.strip().lower())

    def person_refs(self) -> list[str]:
        """Every way people can be written, for "did you mean" hints."""
        return [r for p in self.organisation.people for r in (p.id, p.name, p.email)]

    @cached_property
    def covered_roles(self) -> dict[str, frozenset[str]]:
        """Role → every role whose authority it holds, itself included (transitive closure of `covers`)."""
        result: dict[str, frozenset[str]] = {}
        for role in self.organisation.roles:
            seen = {role.id}
            stack = list(role.covers)
            while stack:
                current = stack.pop()
                if current in seen or current not in self.role_by_id:
                    continue
                seen.add(current)
                stack.extend(self.role_by_id[current].covers)
            result[role.id] = frozenset(seen)
        return result

    def people_with_role(self, role_id: str) -> list[Person]:
        return [p for p in self.organisation.people if role_id in p.roles]

    def authority_of(self, person_id: str, on: dt.date) -> dict[str, str]:
        """Roles whose authority a person holds on a day → how ('role', 'hierarchy' or 'delegation from X').

        Direct roles first, then roles covered through the hierarchy, then roles lent by an active delegation.
        """
        person = self.person_by_id.get(person_id)
        if person is None:
            return {}
        held: dict[str, str] = {}
        for role in person.roles:
            held.setdefault(role, "role")
        for role in person.roles:
            for covered in self.covered_roles.get(role, frozenset()):
                held.setdefault(covered, f"hierarchy ({self.role_name(role)} covers {self.role_name(covered)})")
        for delegation in self.organisation.delegations:
            if delegation.delegate != person_id or not delegation.active_on(on):
                continue
            delegator = self.person_by_id.get(delegation.delegator)
            if delegator is None:
                continue
            lent = delegation.roles or delegator.roles
            how = f"delegation from {delegator.name} ({delegation.starts.isoformat()} to {delegation.ends.isoformat()})"
            for role in lent:
                for covered in self.covered_roles.get(role, frozenset({role})):
                    held.setdefault(covered, how)
        return held

    def role_name(self, role_id: str) -> str:
        role = self.role_by_id.get(role_id)
        return role.name if role else role_id

    def roles_text(self, roles: tuple[str, ...] | list[str]) -> str:
        """Alternatives in words: "President", "President or CFO", "President, CFO or General Counsel"."""
        names = [self.role_name(r) for r in roles]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]

    def approver_name(self, approver: Approver) -> str:
        """A chain level in words: the role's name, or its `any_of` roles joined with "or"."""
        return self.roles_text(approver_roles(approver))

    # --- concessions ---------------------------------------------------------------------------------------
    @cached_property
    def concession_by_id(self) -> dict[str, ConcessionType]:
        return {c.id: c for c in self.authority.concession_types}

    def find_concession(self, reference: str) -> ConcessionType | None:
        return _find_term(self.authority.concession_types, reference)

    # --- vocabulary ---------------------------------------------------------------------------------------
    def vocabulary(self, name: str) -> list[Term]:
        """A controlled list by its attribute name in `escalation-log.yaml`, e.g. ``"outcomes"``."""
        return list(getattr(self.log_values, name))

    def find_term(self, name: str, reference: str):
        return _find_term(getattr(self.log_values, name), reference)


def _find_term(terms, reference: str):
    wanted = reference.strip().lower()
    for term in terms:
        if term.id.lower() == wanted or term.name.strip().lower() == wanted:
            return term
    return None
