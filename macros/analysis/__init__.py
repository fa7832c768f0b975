"""Analysis: what the policy says about the log (tiers, targets, authority, commitments, months)."""
