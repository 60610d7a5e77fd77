"""A round's audit entries put into words: who, when, what, before → after.

Pure (no Textual, no SQLite): the history screen shows these rows and the command line's
`history` can print them. Findings are named by their category label in the round's script
and summarised by what changed ("錯別字 1 → 2"); verdicts, progress and follow-ups by their
labels in the UI language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from typing import Any, Protocol

from .checklist import Checklist
from .i18n import t
from .model import Finding, Script, finding_from_dict
from .text import FINDING_FIELDS, category_label, clip, finding_value

# The newest rows shown; a round of 84,094 sites has hundreds of thousands of changes.
MAX_ROWS = 2000
NOTHING = "—"
ARROW = " → "


class AuditLike(Protocol):
    """One stored change, as the store's `AuditEntry` has it (read, never written, here)."""

    @property
    def id(self) -> int: ...
    @property
    def ts(self) -> str: ...
    @property
    def actor(self) -> str: ...
    @property
    def site_uid(self) -> str: ...
    @property
    def entity(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def before(self) -> Any: ...
    @property
    def after(self) -> Any: ...


def local_time(ts: str) -> str:
    """An audit timestamp (UTC, ISO 8601) in the computer's local time, to the minute."""
    try:
        moment = datetime.fromisoformat(ts)
    except ValueError:
        return ts
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class HistoryRow:
    """One audit entry in words."""

    id: int
    when: str
    actor: str
    site: str
    what: str
    change: str


class Describer:
    """Puts a round's audit entries into words (category labels in the round's script)."""

    def __init__(
        self, checklist: Checklist | None, script: Script | str, site_names: Mapping[str, str]
    ) -> None:
        self.checklist = checklist
        self.script = str(script)
        self.site_names = site_names

    def row(self, entry: AuditLike) -> HistoryRow:
        what, change = self.describe(entry)
        return HistoryRow(
            id=entry.id,
            when=local_time(entry.ts),
            actor=entry.actor,
            site=self.site_names.get(entry.site_uid, entry.site_uid),
            what=what,
            change=change,
        )

    def describe(self, entry: AuditLike) -> tuple[str, str]:
        """(what was done, before → after) for one entry."""
        if entry.action == "undo":
            after = entry.after if isinstance(entry.after, dict) else {}
            _, change = self._change(entry.entity, entry.before, after.get("state"))
            noun = t(f"history.entity.{entry.entity}")
            return t("history.what.undo", what=noun), change
        what, change = self._change(entry.entity, entry.before, entry.after, entry.action)
        return what, change

    # -- per entity --------------------------------------------------------------------------

    def _change(self, entity: str, before: Any, after: Any, action: str = "") -> tuple[str, str]:
        if entity == "finding":
            return self._finding(before, after)
        if entity == "override":
            verb = "set" if after is not None else "clear"
            return t(f"history.what.override.{verb}"), self._verdict(
                before
            ) + ARROW + self._verdict(after)
        if entity == "progress":
            return t("history.what.progress"), self._progress(before) + ARROW + self._progress(
                after
            )
        if entity == "followup":
            return self._followup(before, after)
        if entity == "note":  # a private note (store/notes.py): before/after {category, note}
            note = [x.get("note", "") if isinstance(x, dict) else "" for x in (before, after)]
            return t("history.what.note"), clip(f"{note[0]}{ARROW}{note[1]}", 60)
        if entity == "round":
            return t(f"history.what.round.{action}"), self._round(action, after)
        if entity == "round_meta":
            return t("history.what.round_meta"), self._meta(before, after)
        if entity == "round_status":
            return t(f"history.what.round_status.{action}"), self._status(before, after)
        if entity == "export":
            path = after.get("path", "") if isinstance(after, dict) else ""
            return t("history.what.export", format=action), PurePath(path).name
        return f"{entity} {action}".strip(), clip(f"{_plain(before)}{ARROW}{_plain(after)}", 60)

    def _finding(self, before: Any, after: Any) -> tuple[str, str]:
        old = _finding_of(before)
        new = _finding_of(after)
        if new is not None and old is None:
            return t("history.what.finding.added"), NOTHING + ARROW + self._labelled(new)
        if old is not None and new is None:
            return t("history.what.finding.removed"), self._labelled(old) + ARROW + NOTHING
        if old is None or new is None:
            return t("history.what.finding.changed"), ""
        label = category_label(self.checklist, new.category, self.script)
        changed = [name for name in FINDING_FIELDS if getattr(old, name) != getattr(new, name)]
        was = self._value(old, changed) or NOTHING
        now = self._value(new, changed) or NOTHING
        return t("history.what.finding.changed"), f"{label} {was}{ARROW}{now}"

    def _labelled(self, finding: Finding) -> str:
        label = category_label(self.checklist, finding.category, self.script)
        return f"{label} {self._value(finding)}".strip()

    def _value(self, finding: Finding, fields: Sequence[str] = FINDING_FIELDS) -> str:
        return finding_value(finding, self.checklist, self.script, fields)

    def _verdict(self, state: Any) -> str:
        if not isinstance(state, dict) or "verdict" not in state:
            return t("history.verdict.computed")
        label = t(f"verdict_{state['verdict']}")
        reason = str(state.get("reason", "")).strip()
        return (
            t("history.verdict.with_reason", verdict=label, reason=clip(reason))
            if reason
            else label
        )

    def _progress(self, state: Any) -> str:
        status = state.get("status") if isinstance(state, dict) else None
        return t(f"history.progress.{status or 'not_started'}")

    def _followup(self, before: Any, after: Any) -> tuple[str, str]:
        state = after if isinstance(after, dict) else before if isinstance(before, dict) else {}
        label = category_label(self.checklist, str(state.get("category", "")), self.script)
        was = _followup_status(before)
        now = _followup_status(after)
        what = (
            t(f"history.what.followup.{now}")
            if now != "unmarked"
            else t("history.what.followup.unmarked")
        )
        change = f"{label} {t(f'previous.status.{was}')}{ARROW}{t(f'previous.status.{now}')}"
        return what, change

    def _round(self, action: str, after: Any) -> str:
        data = after if isinstance(after, dict) else {}
        if action == "create":
            text = t("history.round.sites", sites=data.get("sites", 0))
            if data.get("from"):
                text += t("history.round.from", round=data["from"])
            return text
        if action in ("import", "merge"):
            return t(
                "history.round.contents",
                findings=data.get("findings", 0),
                sites=data.get("sites", 0),
                source=clip(str(data.get("source", "")), 40),
            )
        return ""

    def _meta(self, before: Any, after: Any) -> str:
        old = before if isinstance(before, dict) else {}
        new = after if isinstance(after, dict) else {}
        names: list[str] = []
        if old.get("title") != new.get("title"):
            names.append(_field_name("title"))
        old_meta = old.get("meta") or {}
        new_meta = new.get("meta") or {}
        for name in sorted(set(old_meta) | set(new_meta)):
            if old_meta.get(name) != new_meta.get(name):
                names.append(_field_name(name))
        return t("history.meta.fields", fields="、".join(names)) if names else ""

    def _status(self, before: Any, after: Any) -> str:
        was = before.get("status", "") if isinstance(before, dict) else ""
        data = after if isinstance(after, dict) else {}
        text = t(f"history.status.{was}") + ARROW + t(f"history.status.{data.get('status', '')}")
        reason = str(data.get("reason", "")).strip()
        return t("history.status.reason", change=text, reason=clip(reason)) if reason else text


def _finding_of(state: Any) -> Finding | None:
    if not isinstance(state, dict) or "category" not in state:
        return None
    try:
        return finding_from_dict(state)
    except (KeyError, TypeError, ValueError):
        return None


def _followup_status(state: Any) -> str:
    status = state.get("status") if isinstance(state, dict) else None
    return status if status in ("present", "fixed") else "unmarked"


def _field_name(name: str) -> str:
    """A round-metadata field's label, as the metadata screen names it."""
    key = (
        f"history.meta.{name}"
        if name in ("narratives", "category_phrases")
        else f"meta.field.{name}"
    )
    label = t(key)
    return name if label == key else label


def _plain(value: Any) -> str:
    return NOTHING if value is None else str(value)


def build_rows(
    entries: Sequence[AuditLike], describer: Describer, limit: int = MAX_ROWS
) -> list[HistoryRow]:
    """The newest `limit` entries in words, newest first."""
    newest = sorted(entries, key=lambda e: e.id, reverse=True)[:limit]
    return [describer.row(e) for e in newest]
