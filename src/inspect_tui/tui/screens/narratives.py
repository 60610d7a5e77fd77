"""Narrative findings: the free paragraphs of the circular's section 二 (the seed's 二(五)),
numbered after the categories. Added, reworded, deleted and reordered here; every change
is stored at once through the walk model (and `u` on the walk takes it back)."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from ...i18n import t
from ...walk_model import WalkModel
from ..base import LocalizedModal
from ..errors import guarded
from .confirm import ConfirmDialog, TextPrompt

CLIP = 60  # cells of a paragraph shown per line (the dialog is 76 wide)


def clip(text: str, width: int = CLIP) -> str:
    if cell_len(text) <= width:
        return text
    out = ""
    for ch in text:
        if cell_len(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


class NarrativesDialog(LocalizedModal[None]):
    """The round's narrative paragraphs; `site_name` (the site being walked) starts a new one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "key_narrative_add", id="narratives.add"),
        Binding("enter", "edit", "key_narrative_edit", id="narratives.edit"),
        Binding("delete,x", "delete", "key_narrative_delete", id="narratives.delete"),
        Binding("ctrl+up", "move(-1)", "key_narrative_up", id="narratives.up"),
        Binding("ctrl+down", "move(1)", "key_narrative_down", id="narratives.down"),
        Binding("escape", "close", "key_close", id="narratives.close"),
    ]

    def __init__(self, model: WalkModel, site_name: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.model = model
        self.site_name = site_name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(t("narratives_title"), markup=False, classes="dialog-title")
            yield Label(t("narratives_hint"), markup=False, classes="dialog-hint")
            yield OptionList(id="narratives")
        yield Footer(compact=True, show_command_palette=False)

    @property
    def option_list(self) -> OptionList:
        return self.query_one("#narratives", OptionList)

    def on_mount(self) -> None:
        self._show(0)
        self.option_list.focus()

    def _show(self, highlight: int | None) -> None:
        items = self.model.narratives
        options = self.option_list
        options.clear_options()
        if not items:
            options.add_option(Option(t("narratives_none"), disabled=True))
            return
        options.add_options([Option(f"{i}. {clip(n.text)}") for i, n in enumerate(items, start=1)])
        if highlight is not None:
            options.highlighted = max(0, min(highlight, len(items) - 1))

    @property
    def index(self) -> int | None:
        i = self.option_list.highlighted
        return i if i is not None and i < len(self.model.narratives) else None

    def action_add(self) -> None:
        start = self.site_name

        @guarded
        def done(screen: NarrativesDialog, text: str | None) -> None:
            if text and text.strip() and text.strip() != start:
                screen.model.add_narrative(text)
                screen._show(len(screen.model.narratives) - 1)

        self.app.push_screen(
            TextPrompt(t("narratives_add"), start, t("narratives_placeholder")),
            lambda text: done(self, text),
        )

    @on(OptionList.OptionSelected)
    def action_edit(self) -> None:
        i = self.index
        if i is None:
            return

        @guarded
        def done(screen: NarrativesDialog, text: str | None) -> None:
            if text is not None:
                screen.model.edit_narrative(i, text)
                screen._show(i)

        self.app.push_screen(
            TextPrompt(t("narratives_edit"), self.model.narratives[i].text),
            lambda text: done(self, text),
        )

    def action_delete(self) -> None:
        i = self.index
        if i is None:
            return

        @guarded
        def answer(screen: NarrativesDialog, yes: bool | None) -> None:
            if yes:
                screen.model.delete_narrative(i)
                screen._show(i)

        text = clip(self.model.narratives[i].text, 40)
        self.app.push_screen(
            ConfirmDialog(t("narratives_confirm_delete", text=text)),
            lambda yes: answer(self, yes),
        )

    @guarded
    def action_move(self, step: int) -> None:
        i = self.index
        if i is not None:
            self._show(self.model.move_narrative(i, step))

    def action_close(self) -> None:
        self.dismiss(None)
