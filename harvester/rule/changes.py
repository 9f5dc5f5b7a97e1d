"""Words for what a run changed (pure)."""

from __future__ import annotations

from harvester.values.decisions import DecisionChange


def describe_change(change: DecisionChange) -> tuple[str, str]:
    """(event kind, one human sentence) for a changed decision."""
    (rule_a, date_a), (rule_b, date_b) = change.before, change.after
    if rule_a is None:
        return "new_decision", f"first decision: {rule_b}, {date_b or 'no date'}"
    if rule_a != "journal_online" and rule_b == "journal_online":
        return "now_in_journal", (
            f"preprint now published in a journal: date moves from {date_a or 'none'} to {date_b}"
        )
    if date_a != date_b:
        return (
            "date_changed",
            f"{rule_a} -> {rule_b}: date moves from {date_a or 'none'} to {date_b or 'none'}",
        )
    return "rule_changed", f"rule {rule_a} -> {rule_b}, date stays {date_b or 'none'}"
