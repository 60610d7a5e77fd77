"""The walk's lines of text, worked out from the walk model: the title, the sentence of the
highlighted category, the verdict and the progress. Words from the message catalog; no
widgets here, so the walk screen only puts them in place."""

from __future__ import annotations

from rich.text import Text

from ...checklist import Category
from ...i18n import t
from ...model import Round
from ...walk_model import SiteState, WalkModel
from ..widgets.site_list import SiteRows


def title_text(rnd: Round) -> str:
    text = f"{rnd.key} · {rnd.title or t('walk_untitled')}"
    if rnd.is_final:
        text += " · " + t("walk_round_final")
    return text


def sentence_text(model: WalkModel, state: SiteState, category: Category) -> Text:
    """What the circular says of `category` on the site, or that nothing is recorded."""
    script = model.script
    finding = state.findings.get(category.id)
    derived = state.derived.get(category.id) if finding is None else None
    if derived is not None:
        sentence = model.checklist.problem_sentence(derived, script)
        return Text(t("walk_sentence_derived", sentence=sentence, round=derived.carried_from))
    if finding is None:
        text = t("walk_sentence_none", label=category.label(script))
        note = state.notes.get(category.id, "")
        if note:  # a note on a category with nothing recorded: no problem
            text += "\n" + t("walk_note", note=note)
        return Text(text, style="dim")
    text = t("walk_sentence", sentence=model.checklist.problem_sentence(finding, script))
    if finding.note.strip():
        text += "\n" + t("walk_note", note=finding.note.strip())
    return Text(text)


def verdict_text(model: WalkModel, state: SiteState) -> Text:
    """The site's verdict, with the override's reason or the vetoing categories."""
    label = t(f"verdict_{state.verdict.value}")
    if state.override is not None:
        text = t("walk_verdict_override", verdict=label, reason=state.override.reason)
    elif state.vetoes:
        names = "、".join(
            model.checklist.category(f.category).label(model.script) for f in state.vetoes
        )
        text = t("walk_verdict_veto", verdict=label, items=names)
    else:
        text = t("walk_verdict", verdict=label)
    return Text(text + "  ").append(t("walk_override_hint", hotkey="v"), style="dim")


def progress_text(rows: SiteRows) -> Text:
    return Text(
        t(
            "walk_progress",
            done=rows.done,
            total=len(rows),
            flagged=rows.flagged_count,
            failed=rows.failed_count,
        )
    )
