"""The export dialog: format, file and font profile, then `export_round` in a thread worker.

The store's SQLite connection belongs to the thread that opened it, so the worker opens its
own `Store` on the same file and closes it when done. Errors a user can act on (ExportError,
StoreError, a missing folder) are shown in the dialog; anything unexpected becomes a short
line, never a traceback. An existing file is only replaced after the user confirms.

Before anything is written the round is checked (`export_check.round_gaps`, the same
preflight as the command line): the gaps are listed at the top, and enter on one goes where it
is fixed — the metadata form or the office screen on the field, or the walk at the site (the
dialog is dismissed with the site's uid). With gaps, exporting is refused; writing a draft,
with each gap shown as 【待填：…】, is a second, explicit choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import (
    Button,
    Footer,
    Input,
    Label,
    LoadingIndicator,
    OptionList,
    RadioButton,
    RadioSet,
    Select,
    Static,
)
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from ...circular.wording import load_wording
from ...export import FORMATS, ExportError, ExportResult, export_round
from ...export_check import round_gaps
from ...i18n import t, user_text
from ...model import OFFICE_META_FIELDS, Script
from ...paths import documents_dir
from ...preflight import Gap
from ...store import Store, StoreError
from ..base import LocalizedModal
from ..navigation import OpenOffice, OpenRoundMeta, open_screen
from ..widgets.choice import Choice

DEFAULT_FORMAT = "docx"
PROFILE_FORMATS = ("docx", "pdf")  # formats whose look depends on the font profile


@dataclass
class LastChoice:
    """The format and fonts of the last export started in this session: the dialog opens on
    them next time."""

    format: str = DEFAULT_FORMAT
    profile: str = ""


last_choice: LastChoice | None = None


def font_profiles() -> list[str]:
    """The font profile names, when the font module is available."""
    try:
        from ...circular.fonts import PROFILES
    except ImportError:
        return []
    return list(PROFILES)


def default_profile(saved: str = "") -> str:
    """The fonts the dialog starts with when none was chosen this session: the saved
    `font_profile` setting when it names a profile, else the command line's default
    (`fonts.DEFAULT_PROFILE`, which `export` uses when no --fonts is given)."""
    try:
        from ...circular.fonts import DEFAULT_PROFILE, PROFILES
    except ImportError:
        return ""
    return saved if saved in PROFILES else DEFAULT_PROFILE.name


def file_word(script: str) -> str:
    """What the circular is called in its script (通报 / 通報), for the default file name."""
    try:
        word = load_wording(Script(script)).data.get("file_name", "")
    except (ValueError, OSError):
        return ""
    return word if isinstance(word, str) else ""


def default_path(round_key: str, fmt: str = DEFAULT_FORMAT, script: str = "zh-Hans") -> Path:
    word = file_word(script)
    return documents_dir() / (f"{round_key}-{word}.{fmt}" if word else f"{round_key}.{fmt}")


def with_format(path_text: str, fmt: str) -> str:
    """The path with its extension following the format (an unknown extension is kept)."""
    if not path_text.strip():
        return path_text
    path = Path(path_text)
    suffix = path.suffix.lower().lstrip(".")
    if suffix and suffix not in FORMATS:
        return path_text
    return str(path.with_suffix(f".{fmt}"))


def format_of(path_text: str) -> str | None:
    suffix = Path(path_text).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def short_error(exc: BaseException) -> str:
    """One line naming an unexpected error, for people (the traceback is not for them)."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    name = type(exc).__name__
    line = f"{name}: {text}" if text else name
    return line if len(line) <= 160 else line[:159] + "…"


def gap_text(gap: Gap) -> str:
    """A gap in the UI language, the field named as the metadata form names it."""
    if gap.kind == "field":
        return t("export.gap.field", label=t(f"meta.field.{gap.field}"))
    return t(f"export.gap.{gap.kind}", count=gap.count)


class ExportScreen(LocalizedModal[ExportResult | str | None]):
    """Exports a round's circular. Dismisses with the ExportResult, None when cancelled, or
    the uid of a site to go to (a gap that is fixed in the walk)."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["screens.tcss", "office.tcss"]
    AUTO_FOCUS = "#export-format"  # arrows choose a format; the file name is edited after tab
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "export.key.cancel", id="export.cancel"),
        Binding("ctrl+s", "export", "export.key.export", id="export.run"),
        Binding("y", "overwrite", "export.key.overwrite", id="export.overwrite"),
        Binding("n", "keep", "export.key.keep", id="export.keep"),
        Binding("ctrl+d", "draft", "export.key.draft", id="export.draft"),
    ]

    running: reactive[bool] = reactive(False, init=False, bindings=True)
    confirming: reactive[bool] = reactive(False, init=False, bindings=True)

    def __init__(self, store: Store, round_key: str, *, profile: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.round_key = round_key
        self.script = store.round(round_key).script.value
        self.profiles = font_profiles()
        self.wanted_profile = profile  # None: the last one chosen, else the saved setting
        self.profile = ""
        self.first_format = last_choice.format if last_choice else DEFAULT_FORMAT
        self.export_result: ExportResult | None = None
        self._checked_path = ""  # the path text the message under the form is about
        self.gaps: list[Gap] = []
        self._draft = False  # the export started (or waiting for overwrite) is a draft

    # -- layout ------------------------------------------------------------------------------

    def _initial_profile(self) -> str:
        if self.wanted_profile is not None:
            wanted = self.wanted_profile
        elif last_choice is not None and last_choice.profile:
            wanted = last_choice.profile
        elif self.store.office().font_profile:  # the office's choice (office screen)
            wanted = self.store.office().font_profile
        else:
            settings = getattr(self.app, "settings", None)
            wanted = default_profile(str(getattr(settings, "font_profile", "")))
        return wanted if wanted in self.profiles else (self.profiles[0] if self.profiles else "")

    def compose(self) -> ComposeResult:
        if not self.profile:
            self.profile = self._initial_profile()
        with Vertical(id="export-dialog"):
            yield Label(t("export.title", round=self.round_key), id="export-title")
            yield Static(id="export-gaps-title")
            yield OptionList(id="export-gaps", compact=True)
            with Vertical(id="export-form"):
                with Horizontal(classes="export-row"):
                    yield Label(t("export.format"), classes="export-label")
                    with Choice(id="export-format", compact=True):
                        for fmt in FORMATS:
                            yield RadioButton(
                                t(f"export.format.{fmt}"),
                                value=fmt == self.first_format,
                                id=f"format-{fmt}",
                            )
                with Horizontal(classes="export-row"):
                    yield Label(t("export.path"), classes="export-label")
                    yield Input(
                        str(default_path(self.round_key, self.first_format, self.script)),
                        id="export-path",
                        select_on_focus=False,
                        compact=True,
                    )
                if self.profiles:
                    with Horizontal(classes="export-row", id="export-profile-row"):
                        yield Label(t("export.profile"), classes="export-label")
                        yield Select(
                            [(self._profile_label(p), p) for p in self.profiles],
                            value=self.profile,
                            allow_blank=False,
                            id="export-profile",
                            compact=True,
                        )
            yield Static(id="export-message")
            with Horizontal(id="export-confirm"):
                yield Button(t("export.overwrite"), id="export-overwrite", variant="warning")
                yield Button(t("export.keep"), id="export-keep")
            yield LoadingIndicator(id="export-progress")
            with Horizontal(id="export-buttons"):
                yield Button(t("export.run"), id="export-run", variant="primary")
                yield Button(t("export.draft"), id="export-draft", variant="warning")
                yield Button(t("export.cancel"), id="export-cancel")
        yield Footer()

    def _profile_label(self, name: str) -> str:
        key = f"export.profile.{name}"
        label = t(key)
        return name if label == key else label

    # -- state -------------------------------------------------------------------------------

    @property
    def chosen_format(self) -> str:
        pressed = self.query_one("#export-format", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return self.first_format
        return pressed.id.removeprefix("format-")

    @property
    def chosen_profile(self) -> str:
        if not self.profiles:
            return ""
        value = self.query_one("#export-profile", Select).value
        return value if isinstance(value, str) else self.profile

    @property
    def chosen_path_text(self) -> str:
        return self.query_one("#export-path", Input).value

    @property
    def chosen_path(self) -> Path:
        return Path(self.chosen_path_text.strip()).expanduser()

    def watch_running(self, running: bool) -> None:
        self.set_class(running, "-running")
        self.query_one("#export-form").disabled = running
        self.query_one("#export-buttons").disabled = running

    def watch_confirming(self, confirming: bool) -> None:
        self.set_class(confirming, "-confirming")
        self.query_one("#export-form").disabled = confirming
        self.query_one("#export-buttons").disabled = confirming
        if confirming:
            self.query_one("#export-keep").focus()
        else:
            self.query_one("#export-path").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("overwrite", "keep"):
            return self.confirming
        if action == "export":
            return not (self.running or self.confirming)
        if action == "draft":
            return bool(self.gaps) and not (self.running or self.confirming)
        if action == "cancel":
            return not self.running
        return True

    def show_message(self, text: str, kind: str = "error") -> None:
        message = self.query_one("#export-message", Static)
        message.update(text)
        for name in ("error", "warning", "success"):
            message.set_class(name == kind, f"-{name}")
        message.display = bool(text)

    # -- events ------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.query_one("#export-message").display = False
        self._sync_profile()
        self.load_gaps()

    def load_gaps(self) -> None:
        """Check the round (again: after a jump the gap may be fixed) and list what is missing."""
        self.gaps = round_gaps(self.store, self.round_key)
        options = self.query_one("#export-gaps", OptionList)
        options.clear_options()
        options.add_options([Option(gap_text(g), id=f"gap-{i}") for i, g in enumerate(self.gaps)])
        if self.gaps:
            options.highlighted = 0  # enter on the list goes somewhere at once
        self._size_gaps()
        title = self.query_one("#export-gaps-title", Static)
        title.update(t("export.gaps_title", count=len(self.gaps)) if self.gaps else "")
        for widget in (title, options, self.query_one("#export-draft")):
            widget.display = bool(self.gaps)
        self.refresh_bindings()

    def on_resize(self) -> None:
        self._size_gaps()

    def _size_gaps(self) -> None:
        # The form and buttons keep their ~19 rows; the list scrolls in what is left (5 rows
        # at 80×24, every gap at 120×40).
        room = max(2, self.app.size.height - 19)
        self.query_one("#export-gaps", OptionList).styles.height = min(len(self.gaps), room) or 1

    @on(OptionList.OptionSelected, "#export-gaps")
    def _gap_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = int((event.option.id or "gap-0").removeprefix("gap-"))
        if index < len(self.gaps):
            self.jump_to(self.gaps[index])

    def jump_to(self, gap: Gap) -> None:
        """Where the gap is fixed: the field (office screen for the office's facts the round
        does not set itself, else the metadata form), or the site in the walk."""
        if gap.kind != "field":
            self.dismiss(gap.site_uid)
            return
        own = str(getattr(self.store.round(self.round_key).meta, gap.field, ""))
        request: OpenOffice | OpenRoundMeta
        if gap.field in OFFICE_META_FIELDS and not own:
            request = OpenOffice(self.store, focus=gap.field)
        else:
            request = OpenRoundMeta(self.store, self.round_key, focus=gap.field)
        # Opened by the app (screens do not import each other); the gaps are checked again
        # when the form is closed.
        open_screen(self.app, request, lambda _: self.load_gaps())

    async def recompose(self) -> None:
        """Rebuilt in a new UI language: keep the chosen format, path and fonts."""
        if self.running or self.confirming:
            return  # not while the file is being written or a question is open
        fmt, path, profile = self.chosen_format, self.chosen_path_text, self.chosen_profile
        focused = self.focused.id if self.focused is not None else None
        await super().recompose()
        self.query_one(f"#format-{fmt}", RadioButton).value = True
        self.query_one("#export-path", Input).value = path
        if self.profiles:
            self.query_one("#export-profile", Select).value = profile
        self.on_mount()
        if focused:
            self.query_one(f"#{focused}").focus()

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self) -> None:
        path = self.query_one("#export-path", Input)
        new_value = with_format(path.value, self.chosen_format)
        if new_value != path.value:
            path.value = new_value
        self._sync_profile()

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        fmt = format_of(event.value)
        if fmt and fmt != self.chosen_format:
            self.query_one(f"#format-{fmt}", RadioButton).value = True
        if event.value != self._checked_path:
            self.show_message("")

    @on(Input.Submitted, "#export-path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    @on(Button.Pressed, "#export-run")
    def _run_pressed(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#export-draft")
    def _draft_pressed(self) -> None:
        self.action_draft()

    @on(Button.Pressed, "#export-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#export-overwrite")
    def _overwrite_pressed(self) -> None:
        self.action_overwrite()

    @on(Button.Pressed, "#export-keep")
    def _keep_pressed(self) -> None:
        self.action_keep()

    def _sync_profile(self) -> None:
        # Fonts matter only to the formats laid out on pages: hidden for txt, csv, json.
        if self.profiles:
            self.query_one("#export-profile-row").display = self.chosen_format in PROFILE_FORMATS

    # -- actions -----------------------------------------------------------------------------

    def action_cancel(self) -> None:
        if self.running:
            return
        if self.confirming:
            self.action_keep()
            return
        self.dismiss(None)

    def action_draft(self) -> None:
        """The explicit second choice: write the draft form, gaps marked 【待填：…】."""
        if self.gaps:
            self.action_export(draft=True)

    def action_export(self, draft: bool = False) -> None:
        if self.running or self.confirming:
            return
        if self.gaps and not draft:
            self.show_message(t("export.draft_hint"), "warning")
            self.query_one("#export-gaps").focus()
            return
        self._draft = draft
        path = self.chosen_path
        if path.name not in ("", ".", "..") and not path.suffix and not path.is_dir():
            # No extension typed: the chosen format's, as shown in the field.
            path = path.with_suffix(f".{self.chosen_format}")
            self.query_one("#export-path", Input).value = str(path)
        self._checked_path = self.query_one("#export-path", Input).value
        problem = self._check_path(path)
        if problem:
            self.show_message(problem)
            return
        if path.exists():
            self.show_message(t("export.exists", path=str(path)), "warning")
            self.confirming = True
            return
        self._start(path, force=False)

    def action_overwrite(self) -> None:
        if not self.confirming:
            return
        self.confirming = False
        self._start(self.chosen_path, force=True)  # a draft stays a draft (self._draft)

    def action_keep(self) -> None:
        if self.confirming:
            self.confirming = False
            self.show_message("")

    def _check_path(self, path: Path) -> str:
        """A message when the path cannot be written to, checked before starting the worker."""
        if not self.query_one("#export-path", Input).value.strip():
            return t("export.no_path")
        if path.is_dir():
            return t("export.is_folder", path=str(path))
        if not path.parent.is_dir():
            return t("export.no_folder", folder=str(path.parent))
        database = self.store.path.resolve()
        sidecars = {database.with_name(database.name + s) for s in ("-wal", "-shm", "-journal")}
        if path.resolve() in {database, *sidecars}:
            return t("export.is_database", path=str(path))
        return ""

    def _start(self, path: Path, *, force: bool) -> None:
        global last_choice
        last_choice = LastChoice(self.chosen_format, self.chosen_profile or self.profile)
        self.running = True
        self.show_message(t("export.running", path=str(path)), "warning")
        self._export(path, self.chosen_format, self.chosen_profile, force, self._draft)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def _export(
        self, path: Path, fmt: str, profile: str, force: bool, draft: bool = False
    ) -> ExportResult:
        # SQLite connections are bound to their thread: this worker opens its own.
        store = Store(self.store.path, actor=self.store.actor)
        try:
            return export_round(
                store, self.round_key, path, fmt, force=force, profile=profile, draft=draft
            )
        finally:
            store.close()

    @on(Worker.StateChanged)
    def _export_state(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "export":
            return
        if event.state is WorkerState.SUCCESS:
            result = worker.result
            self.running = False
            if isinstance(result, ExportResult):
                self.export_result = result
                done = t("export.done", path=str(result.path), size=human_size(result.size))
                self.show_message(done, "success")
                self.notify(done, title=t("export.done_title"), timeout=8)
                self.dismiss(result)
        elif event.state is WorkerState.ERROR:
            self.running = False
            error = worker.error
            if isinstance(error, ExportError | StoreError):
                self.show_message(user_text(error))
            elif error is not None:
                self.show_message(t("export.failed", error=short_error(error)))
        elif event.state is WorkerState.CANCELLED:
            self.running = False
