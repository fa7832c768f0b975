"""Decision authority: who must approve a concession, who may, and whether recorded commitments were approved.

Everything here is read from the policy (`authority.yaml` and `organisation.yaml`): no role, concession type or
person is named in the code. Three questions are answered:

* :func:`required_approvals` — for a concession request, the rule that applies, the approval chain and the stacked
  reviews (the "who must approve this?" lookup; :meth:`ApprovalResult.to_json` is the reference the browser lookup
  must agree with);
* :func:`can_approve` — whether, and how, a person holds a role's authority on a day;
* :func:`audit_commitment` — whether a commitment recorded in the escalation log was approved by someone allowed
  to, level by level when the Approvals sheet records each sign-off.

:func:`boundary_cases` derives edge-case requests from the policy's own thresholds, for tests that compare
implementations of the lookup.
"""

from .audit import STATUS_ORDER, AuthorityVerdict, Finding, audit_commitment
from .edge_cases import boundary_cases
from .holders import authority_for_any, can_approve, holders_on, holders_text
from .lookup import ApprovalResult, ApprovalStep, chain_roles, concession_for, required_approvals
from .requests import FACT_FLAGS, INPUT_FACTS, ConcessionRequest, UnknownConcessionType

__all__ = [
    "FACT_FLAGS",
    "INPUT_FACTS",
    "STATUS_ORDER",
    "ApprovalResult",
    "ApprovalStep",
    "AuthorityVerdict",
    "ConcessionRequest",
    "Finding",
    "UnknownConcessionType",
    "audit_commitment",
    "authority_for_any",
    "boundary_cases",
    "can_approve",
    "chain_roles",
    "concession_for",
    "holders_on",
    "holders_text",
    "required_approvals",
]
