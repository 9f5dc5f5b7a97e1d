"""A changed decision in words: its event kind and the sentence the run history keeps."""

from __future__ import annotations

import pytest

from harvester.rule.changes import describe_change
from harvester.values.decisions import DecisionChange


@pytest.mark.parametrize(
    ("before", "after", "kind", "sentence"),
    [
        ((None, None), ("arxiv_submitted", "2024-01-19"), "new_decision",
         "first decision: arxiv_submitted, 2024-01-19"),
        ((None, None), ("unresolved", None), "new_decision", "first decision: unresolved, no date"),
        (("arxiv_submitted", "2024-01-19"), ("journal_online", "2024-06-03"), "now_in_journal",
         "preprint now published in a journal: date moves from 2024-01-19 to 2024-06-03"),
        (("unresolved", None), ("journal_online", "2024-06-03"), "now_in_journal",
         "preprint now published in a journal: date moves from none to 2024-06-03"),
        (("journal_online", "2024-06-03"), ("journal_online", "2024-06-01"), "date_changed",
         "journal_online -> journal_online: date moves from 2024-06-03 to 2024-06-01"),
        (("arxiv_submitted", "2024-01-19"), ("unresolved", None), "date_changed",
         "arxiv_submitted -> unresolved: date moves from 2024-01-19 to none"),
        (("unresolved", None), ("arxiv_submitted", "2024-01-19"), "date_changed",
         "unresolved -> arxiv_submitted: date moves from none to 2024-01-19"),
        (("publisher_online", "2023-10-01"), ("arxiv_submitted", "2023-10-01"), "rule_changed",
         "rule publisher_online -> arxiv_submitted, date stays 2023-10-01"),
        (("unresolved", None), ("ambiguous", None), "rule_changed",
         "rule unresolved -> ambiguous, date stays none"),
    ],
)  # fmt: skip
def test_each_kind_of_change_has_its_words(
    before: tuple[str | None, str | None],
    after: tuple[str | None, str | None],
    kind: str,
    sentence: str,
) -> None:
    """First decisions, moves into a journal, date moves and rule-only changes are told apart."""
    assert describe_change(DecisionChange("k", "T", before, after)) == (kind, sentence)
