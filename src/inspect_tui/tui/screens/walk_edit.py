"""The dialogs the walk opens on the current site, filled in from the walk model: the finding
editor, the element picker and the verdict override. What they give back is stored by the
model (`WalkModel.save_fields`, `save_elements`, `set_override`)."""

from __future__ import annotations

from ...checklist import Category, CategoryKind
from ...model import Finding, Site
from ...walk_model import WalkModel, category_uses
from .elements import QUALIFIERS, SCOPES, ElementsDialog
from .finding_editor import FindingEditor
from .override import OverrideDialog


def finding_editor(
    model: WalkModel, uid: str, category: Category, focus: str = "", *, record: bool = False
) -> FindingEditor:
    """The editor of `category`'s finding on site `uid`. With nothing recorded there it asks
    only for a private note, unless it is opened to record the problem (`record`)."""
    script = model.script
    finding = model.site_findings(uid).get(category.id)
    if finding is None and not record:
        return FindingEditor(
            category.label(script),
            Finding(uid, category.id, note=model.note(uid, category.id)),
            count=False,
            age=False,
            detail=False,
            default_age="",
            sentence="",
            note_only=True,
        )
    sample = finding or Finding(uid, category.id, count=1)
    return FindingEditor(
        category.label(script),
        finding,
        count=category.kind is CategoryKind.COUNT,
        age=category_uses(category, "age", script),
        detail=category_uses(category, "detail", script),
        default_age=category.age.get(str(script), ""),
        sentence=model.checklist.problem_sentence(sample.with_changes(wording=""), script),
        focus=focus,
    )


def elements_dialog(model: WalkModel, uid: str, category: Category) -> ElementsDialog:
    """The element picker of `category` on site `uid`."""
    script = model.script
    checklist = model.checklist
    s = str(script)
    return ElementsDialog(
        category.label(script),
        checklist.element_names(script),
        model.site_findings(uid).get(category.id),
        lambda name: checklist.fold_element(name, script),
        # The words the circular prints, in the round's script ("法人事項中" → "法人事項").
        qualifier_labels={q: checklist.qualifiers[q.value][s] for q in QUALIFIERS if q.value},
        scope_labels={
            sc: checklist.scopes[sc.value][s].removesuffix("中") for sc in SCOPES if sc.value
        },
    )


def override_dialog(model: WalkModel, site: Site) -> OverrideDialog:
    """The verdict override of `site`, showing the verdict its findings give."""
    state = model.state(site.uid)
    return OverrideDialog(site.short_name, state.computed, state.override)
