"""The date rule: evidence in, one decision out (pure).

The model list's words (`journal-first`): the arXiv submission date counts, unless the
paper was later published in a journal, in which case the journal's "Available online"
date counts. A list may choose `arxiv-first`: the arXiv date whenever there is one.
"""

from __future__ import annotations

from dataclasses import replace

from harvester.rule.broken import broken_links
from harvester.rule.list_findings import findings_from_entry
from harvester.rule.matching import TitleMatch, match_title
from harvester.rule.online_date import online_date
from harvester.rule.published_version import VersionPick, pick_version
from harvester.values.decisions import (
    DEFAULT_LIST_RULE,
    PIN_ORIGIN,
    Consideration,
    Decision,
    Finding,
)
from harvester.values.entries import Entry
from harvester.values.evidence import ArxivRecord, CrossrefWork, Evidence
from harvester.values.periods import days_off

#: The rule rows, first that applies decides:
#: 1. `journal_online`: a journal version's online date beats everything; the list's
#:    sentence names the journal's "Available online" date as overriding arXiv.
#: 2. `arxiv_submitted`: otherwise arXiv's v1 submission date, even when a chapter or
#:    proceedings version exists ("priority shall be given to the submission time").
#: 3. `publisher_online`: with no arXiv record, a non-journal version's online date is
#:    the only dated evidence (e.g. a MICCAI chapter).
#: 4. `unresolved`: nothing found; the recorded date stands, flagged.
#: Under `arxiv-first` row 2 comes first; the evidence and findings are the same.
RULES = ("journal_online", "arxiv_submitted", "publisher_online", "unresolved")


def decide(entry: Entry, ev: Evidence, list_rule: str = DEFAULT_LIST_RULE) -> Decision:
    """Apply the list's rule (`journal-first` or `arxiv-first`) to one entry's evidence."""
    arxiv_first = list_rule == "arxiv-first"
    findings = list(findings_from_entry(entry))
    if ev.fetch_failure:
        why = f"The sources could not be reached after retries ({ev.fetch_failure})."
        findings.append(Finding("fetch_failed", why + " The previous evidence is kept."))
    arxiv, arxiv_seen, arxiv_note = pick_arxiv(entry, ev)
    pick = VersionPick() if ev.pin and ev.pin.no_version else pick_version(entry, ev, arxiv)
    if ev.pin:
        why = f"pinned by {ev.pin.pinned_by} on {ev.pin.pinned_at[:10]}: {ev.pin.note}"
        arxiv_seen.insert(0, Consideration(PIN_ORIGIN, ev.pin.target, "", why))
    for note in (arxiv_note, pick.ambiguous):
        if note:
            findings.append(Finding("ambiguous_match", note[0].upper() + note[1:] + "."))
    findings.extend(possible_finding(w, entry, arxiv) for w in pick.possible)
    findings.extend(broken_links(entry, ev))
    if arxiv is None and entry.arxiv_ids and entry.arxiv_ids[0] not in ev.arxiv_missing:
        # The linked arXiv record is unknown (its fetch failed) or unreadable: it might
        # exist and win over a chapter's date, so nothing below the journal rule is decided.
        unreadable = ev.arxiv_unreadable.get(entry.arxiv_ids[0])
        unknown = _unfetched_arxiv(entry, pick, unreadable, arxiv_first)
        pick = replace(pick, problem=pick.problem or unknown)
    decision = _decide(entry, arxiv, pick, findings, arxiv_first)
    if ev.fetch_failure:  # nothing found because nothing could be asked: say that alone
        kept = tuple(f for f in decision.findings if f.kind != "unresolved")
        decision = replace(decision, findings=kept)
    return replace(decision, considered=(*arxiv_seen, *pick.considered))


def pick_arxiv(
    entry: Entry, ev: Evidence
) -> tuple[ArxivRecord | None, list[Consideration], str | None]:
    """The arXiv record: the linked ID, else the one title-search hit passing the bar."""
    if entry.arxiv_ids:
        arxiv_id = entry.arxiv_ids[0]
        record = ev.arxiv_records.get(arxiv_id)
        why = (
            "taken (linked)"
            if record
            else "refused: arXiv has no such paper"
            if arxiv_id in ev.arxiv_missing
            else "refused: not fetched yet"
        )
        return (
            record,
            [Consideration("linked arXiv ID", arxiv_id, record.title if record else "", why)],
            None,
        )
    hits = [ev.arxiv_records[i] for i in ev.arxiv_title_hits if i in ev.arxiv_records]
    match = match_title(entry.title, hits, lambda r: r.title)
    seen = [
        Consideration("arXiv title search", r.arxiv_id, r.title, _title_verdict(r, score, match))
        for r, score in match.scores
    ]
    if match.ambiguous:
        ids = ", ".join(r.arxiv_id for r in (*match.passing, *match.crowded))
        return None, seen, f"several arXiv records match the title: {ids}"
    return match.chosen, seen, None


def _title_verdict(record: ArxivRecord, score: float, match: TitleMatch[ArxivRecord]) -> str:
    """What the arXiv title search made of one hit."""
    if record is match.chosen:
        return "taken"
    if record in match.passing or record in match.crowded:
        return f"refused: title {score:.1f}% similar, but another hit is as close"
    return f"refused: title {score:.1f}% similar"


def _decide(
    entry: Entry,
    arxiv: ArxivRecord | None,
    pick: VersionPick,
    findings: list[Finding],
    arxiv_first: bool,
) -> Decision:
    arxiv_id = arxiv.arxiv_id if arxiv else None
    submitted = arxiv.submitted_on if arxiv else None
    work = pick.work
    if pick.problem:
        why = f"The evidence cannot be read: {pick.problem}."
        findings.append(Finding("unresolved", why))
        if not (arxiv and arxiv_first):  # under arxiv-first the arXiv date wins regardless
            return Decision("unresolved", None, arxiv_id, submitted, findings=tuple(findings))
        work = None
    online, source = online_date(work) if work else (None, None)
    if work and work.is_journal and not online:
        why = f"Journal version {work.doi} has no day-precise online date."
        findings.append(Finding("journal_date_imprecise", why))
    if arxiv and arxiv_first:
        rule, resolved = "arxiv_submitted", arxiv.submitted_on
    elif work and work.is_journal and online:
        rule, resolved = "journal_online", online
    else:
        if arxiv:
            rule, resolved = "arxiv_submitted", arxiv.submitted_on
        elif work and not work.is_journal and online:
            rule, resolved = "publisher_online", online
        else:
            rule, resolved = "unresolved", None
            why = "No arXiv record and no dated published version found."
            findings.append(Finding("unresolved", why))
    findings.extend(_mismatch(entry, rule, resolved, work.doi if work else None, arxiv))
    return Decision(
        rule, resolved, arxiv_id, submitted,
        doi=work.doi if work else None, venue=work.venue if work else None,
        venue_type=work.type if work else None, online_date=online, online_date_source=source,
        findings=tuple(findings),
    )  # fmt: skip


def _mismatch(
    entry: Entry, rule: str, resolved: str | None, doi: str | None, arxiv: ArxivRecord | None
) -> list[Finding]:
    """`date_mismatch` when the recorded date (a day, month or year) does not hold the
    resolved one; an arXiv-labelled date is held against the arXiv submission date."""
    date = entry.date
    recorded = entry.recorded_date
    if date is None or recorded is None:
        return []
    if date.label == "arxiv":
        rule = "arxiv_submitted"
    resolved = audit_target(entry, resolved, arxiv.submitted_on if arxiv else None)
    if resolved is None or recorded == resolved:
        return []
    delta = days_off(recorded, date.precision, resolved)
    if date.precision != "day" and delta == 0:
        return []
    source = {
        "journal_online": f"the journal's online date ({doi})",
        "publisher_online": f"the publisher's online date ({doi})",
    }.get(rule, f"the arXiv submission date ({arxiv.arxiv_id if arxiv else None})")
    written = recorded if date.precision == "day" else f"{recorded} ({date.precision})"
    detail = f"Recorded {written}, but {source} is {resolved} ({delta:+d} days)."
    if date.source == "heading":
        detail += " The date is the heading's above the entry: the fix is to move the entry."
    return [Finding("date_mismatch", detail, delta)]


def possible_finding(work: CrossrefWork, entry: Entry, arxiv: ArxivRecord | None) -> Finding:
    """`possible_published_version`: the work's DOI, venue, online date and both titles."""
    online, source = online_date(work)
    when = f"online {online} ({source})" if online else "no day-precise online date"
    ours = f"{entry.title!r}" + (
        f" (arXiv: {arxiv.title!r})" if arxiv and arxiv.title != entry.title else ""
    )
    detail = (
        f"Journal work {work.doi} in {work.venue or 'an unnamed journal'}, {when}, is probably"
        f" this paper under another title: {work.titles[-1]!r}, the entry {ours}. Nothing is"
        f" decided from it: `harvester pin {entry.entry_key} {work.doi}` takes it,"
        " `harvester ack` dismisses it."
    )
    return Finding("possible_published_version", detail)


def audit_target(entry: Entry, resolved: str | None, arxiv_submitted: str | None) -> str | None:
    """The date an entry's recorded date is held against (and rendered as): the arXiv
    submission date for an arXiv-labelled date (`(arXiv 2023.2)`), else the resolved one."""
    return arxiv_submitted if entry.date and entry.date.label == "arxiv" else resolved


def render_target(entry: Entry, decision: Decision) -> str | None:
    """The date `render` writes for an entry (its audit target), or None while the entry
    is unresolved or ambiguous (its recorded date stands)."""
    if decision.resolved_date is None or decision.rule == "unresolved":
        return None
    if any(f.kind == "ambiguous_match" for f in decision.findings):
        return None
    return audit_target(entry, decision.resolved_date, decision.arxiv_submitted)


def _unfetched_arxiv(
    entry: Entry, pick: VersionPick, unreadable: str | None, arxiv_first: bool
) -> str | None:
    """Why nothing can be decided while the linked arXiv record is unknown, if that matters."""
    work = pick.work
    if not arxiv_first and work is not None and work.is_journal and online_date(work)[0]:
        return None  # a dated journal version decides whatever arXiv says
    return unreadable or f"arXiv has not answered for {entry.arxiv_ids[0]} yet"
