"""Creating a round with its circular template and checklist: one path for the command line
(`rounds new --template --checklist`) and the app's new-round dialog.

Both choices are validated before the round exists: a template that does not load, or that
is written for another script than the round's, and a checklist that does not load or has no
labels in the round's script, are refused with one line saying what to do. A round is never
created that cannot be exported or walked in its own script.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from . import checklist as checklist_mod
from .checklist import Checklist
from .circular.template import TEMPLATE_SUFFIX, load_template, office_template_dir
from .errors import UserError
from .model import Round, RoundMeta, Script, Site
from .roster import RosterError, parse_roster
from .store import Store, StoreError
from .store.rounds import carry_over


@dataclass(frozen=True)
class RoundChoices:
    key: str
    title: str = ""
    script: Script = Script.HANS
    from_key: str | None = None
    template: str | None = None  # a name (office folder, then bundled) or a .toml file
    checklist_file: Path | None = None  # None: the bundled checklist (or the previous round's)
    sites: tuple[Site, ...] | None = None  # None: the current roster (or the previous round's)
    roster: RosterCheck | None = None  # a roster file read and checked: it becomes the roster


@dataclass(frozen=True)
class RosterCheck:
    """A roster file read and checked, before anything is written: its sites, or every
    problem found (each naming the file, the row and the column), and its warnings."""

    path: Path
    sites: tuple[Site, ...] = ()
    issues: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    encoding: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.sites) and not self.issues


def check_roster_file(path: Path) -> RosterCheck:
    """Read and check a roster CSV (see roster.parse_roster); never raises for a bad file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return RosterCheck(path, issues=(f"{path}: {exc.strerror or exc}",))
    try:
        result = parse_roster(data, path.name)
    except RosterError as exc:
        return RosterCheck(path, issues=tuple(str(issue) for issue in exc.issues))
    return RosterCheck(
        path,
        tuple(result.sites),
        warnings=tuple(str(w) for w in result.warnings),
        encoding=result.encoding,
    )


def template_value(store: Store, name_or_file: str, script: Script) -> str:
    """What RoundMeta.template keeps for `name_or_file`, after checking that the template
    loads and is written for `script`: a name as given, a file as its absolute path (the
    export reads it from there, whatever the folder the command was run in)."""
    template = load_template(name_or_file, (office_template_dir(store.path),))
    if script.value not in template.scripts:
        raise UserError(
            "error.round.template_script",
            name=template.name,
            scripts=", ".join(template.scripts),
            script=script.value,
        )
    as_file = name_or_file.endswith(TEMPLATE_SUFFIX) or Path(name_or_file).parent != Path(".")
    return str(Path(name_or_file).resolve()) if as_file else template.name


def round_checklist(path: Path, script: Script) -> Checklist:
    """The office's checklist file, refused when it has no labels in the round's script."""
    checklist = checklist_mod.check_checklist(path)
    if not checklist.supports(script):
        raise UserError(
            "error.round.checklist_script",
            file=path,
            scripts=", ".join(checklist.scripts),
            script=script.value,
        )
    return checklist


def create_round(store: Store, choices: RoundChoices) -> Round:
    """The new round, its template and checklist checked first (see the module's doc)."""
    script, meta = choices.script, None
    if choices.from_key:
        if choices.checklist_file is not None:
            raise UserError("error.round.checklist_with_from", round=choices.from_key)
        previous = store.round(choices.from_key)
        script, meta = previous.script, carry_over(previous.meta)
    checklist = (
        round_checklist(choices.checklist_file, script)
        if choices.checklist_file is not None
        else None
    )
    if choices.template:
        value = template_value(store, choices.template, script)
        meta = replace(meta or RoundMeta(), template=value)
    if choices.roster is not None:
        # Everything else is checked first: the roster is replaced only for a round that will
        # be created (replacing it is what `roster import` does; rounds keep their snapshot).
        if not choices.roster.ok:
            raise UserError("error.round.roster_invalid", file=choices.roster.path)
        if store.has_round(choices.key.strip()):
            raise StoreError("error.store.round_exists", key=choices.key.strip())
        store.replace_roster(choices.roster.sites, source=str(choices.roster.path))
    return store.create_round(
        choices.key,
        choices.title,
        script=script,
        from_key=choices.from_key,
        checklist=checklist,
        sites=list(choices.sites) if choices.sites is not None else None,
        meta=meta,
    )
