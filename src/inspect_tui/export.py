"""Export a round's circular to a file: compose, render, write atomically, record.

The write goes to a temporary file in the target folder and is renamed into place, so a
failure (disk full, no permission, a crash) never leaves a partial file behind. Every
export records its path, time and SHA-256 in the store, before the file takes its name.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .checklist import Checklist
from .circular.blocks import Circular
from .circular.compose import compose
from .circular.letterhead import Letterhead, letterhead_for
from .circular.tabular import findings_csv, round_json
from .circular.template import office_template_dir
from .circular.text import render_text
from .errors import UserError
from .model import RoundData
from .store import Store

FORMATS = ("docx", "pdf", "txt", "csv", "json")


class ExportError(UserError):
    """The export could not be written; the message says why and what to do."""


@dataclass(frozen=True)
class ComposeInputs:
    """What compose needs beside the round itself: the previous round (its figures and the
    change, e.g. the city form's 与上月相比), the folders of the office's own templates, and
    the population when the round checks a sample of a larger roster."""

    previous: RoundData | None = None
    search_dirs: tuple[Path, ...] = ()
    population: int | None = None
    # the office's 版头: "none" / "file" / "letter" and its 发文机关标志 (the renderer's, not
    # compose's; read from the store with the rest)
    letterhead: str = ""
    issuer_mark: str = ""


def round_population(data: RoundData) -> int | None:
    """The size of the roster the round's sites were drawn from, when it is larger than the
    round: kept in the round's metadata (`population`) when the round was created from part of
    a roster (the samples) or set by hand. The store keeps no other trace of it, and a number
    guessed from today's roster would be dishonest (it changes after the round was drawn)."""
    raw = data.round.meta.population.strip()
    if not raw.isdigit() or int(raw) <= len(data.sites):
        return None
    return int(raw)


def compose_inputs(store: Store, data: RoundData) -> ComposeInputs:
    """The inputs of `compose` that live outside the round: read from the store once, so the
    export and the app's preview compose the same circular."""
    previous_key = data.round.previous_key
    previous = (
        store.round_data(previous_key)
        if previous_key and previous_key != data.round.key and store.has_round(previous_key)
        else None
    )
    office = store.office()
    return ComposeInputs(
        previous=previous,
        search_dirs=(office_template_dir(store.path),),
        population=round_population(data),
        letterhead=office.letterhead,
        issuer_mark=office.issuer_mark,
    )


def compose_round(data: RoundData, checklist: Checklist, inputs: ComposeInputs) -> Circular:
    return compose(
        data,
        checklist,
        previous=inputs.previous,
        population=inputs.population,
        search_dirs=inputs.search_dirs,
    )


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    sha256: str
    size: int


def resolve_format(path: Path, fmt: str | None) -> str:
    """The format to write: `fmt`, else the file's extension, else docx (no extension).

    A name whose extension says another format is refused (`-o x.doc`, `-o x.xlsx`, `x.txt`
    with `--format docx`): Word or Excel would open docx bytes under that name as garbage.
    """
    suffix = path.suffix.lower().lstrip(".")
    if fmt is None:
        if not suffix:
            return "docx"
        if suffix in FORMATS:
            return suffix
        raise ExportError(
            "error.export.unknown_extension",
            name=path.name,
            example=path.with_suffix(".docx").name,
            extensions=", ".join(f".{f}" for f in FORMATS),
        )
    if fmt not in FORMATS:
        raise _unknown_format(fmt)
    if suffix and suffix != fmt:
        raise ExportError(
            "error.export.extension",
            name=path.name,
            format=fmt,
            example=path.with_suffix(f".{fmt}").name,
        )
    return fmt


def render(
    data: RoundData,
    checklist: Checklist,
    fmt: str,
    profile: str = "",
    inputs: ComposeInputs | None = None,
) -> bytes:
    """The exported file's bytes for a format, from the round's data read once.

    csv needs only the records; the others need the composed circular (json carries both).
    """
    inputs = inputs or ComposeInputs()
    if fmt == "csv":
        return findings_csv(data, checklist)
    if fmt == "json":
        return round_json(data, compose_round(data, checklist, inputs))
    if fmt not in FORMATS:
        raise _unknown_format(fmt)
    circular = compose_round(data, checklist, inputs)
    # the office's 版头 (letterhead; "none" when the office prints on letterhead paper)
    head = letterhead_for(inputs.letterhead, inputs.issuer_mark, circular.issuer)
    # The records are not kept past compose: at census size they are ~75 MB that the
    # renderer does not need (the caller passes them without keeping a reference).
    del data
    return render_circular(circular, fmt, profile, head)


def render_circular(
    circular: Circular, fmt: str, profile: str = "", letterhead: Letterhead | None = None
) -> bytes:
    """A composed circular as docx, txt or pdf (PDF goes through LibreOffice)."""
    if fmt == "docx":
        return _docx(circular, profile, letterhead)
    if fmt == "txt":
        return render_text(circular).encode("utf-8")
    if fmt == "pdf":
        return _pdf(circular, profile, letterhead)
    raise _unknown_format(fmt)


def _unknown_format(fmt: str) -> ExportError:
    return ExportError("error.export.format", format=repr(fmt), formats=", ".join(FORMATS))


def _docx(circular: Circular, profile: str, letterhead: Letterhead | None = None) -> bytes:
    from .circular.docx import render_docx
    from .circular.fonts import DEFAULT_PROFILE, PROFILES

    chosen = PROFILES.get(profile, DEFAULT_PROFILE) if profile else DEFAULT_PROFILE
    return render_docx(circular, chosen, letterhead)


def _pdf(circular: Circular, profile: str, letterhead: Letterhead | None = None) -> bytes:
    from .circular import pdf

    if not pdf.soffice_available():
        raise ExportError("error.export.no_soffice")
    with tempfile.TemporaryDirectory(prefix="inspect-tui-pdf-") as tmp:
        source = Path(tmp) / "circular.docx"
        source.write_bytes(_docx(circular, profile, letterhead))
        try:
            return pdf.docx_to_pdf(source, Path(tmp)).read_bytes()
        except Exception as exc:  # the pdf module's errors carry a readable message
            raise ExportError("error.export.pdf_failed", error=exc) from exc


# Our temporary files: hidden, short (a long file name plus a long temporary name went past
# the 255-byte limit of most file systems), in the target folder (so the rename is atomic).
TEMP_PREFIX = ".~tmp"
_TEMP_NAME = re.compile(r"\.~tmp[0-9a-f]{8}")
# A temporary file of ours older than this was left by a killed export: removed on the next
# export to that folder (a live one is seconds old: the bytes are ready before it is created).
STALE_TEMP_S = 600.0


def write_atomic(
    path: Path,
    data: bytes,
    *,
    force: bool = False,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Write `data` to `path` through a temporary file renamed into place.

    Only a regular file is ever replaced (never a symlink, device, FIFO or folder), and the
    temporary file never outlives a failure. `before_replace` runs once the bytes are safely
    on disk and before they take the name: if it fails, nothing appears at `path`.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError("error.export.no_folder", folder=folder)
    _check_target(path, force)
    _remove_stale_temps(folder)
    fd, tmp = _create_temp(folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)  # replaces a name, never follows a link
    except BaseException as exc:  # a failure, Ctrl+C or a bug: no temporary file left behind
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise ExportError(
                "error.export.write_failed", path=path, error=exc.strerror or exc
            ) from exc
        raise


def _check_target(path: Path, force: bool) -> None:
    try:
        st = os.lstat(path)  # the name itself: a symlink is not followed
    except FileNotFoundError:
        return
    except OSError as exc:
        raise ExportError(
            "error.export.write_failed", path=path, error=exc.strerror or exc
        ) from exc
    if stat.S_ISDIR(st.st_mode):
        raise ExportError("error.export.is_folder", path=path, example=path / "circular.docx")
    if stat.S_ISLNK(st.st_mode):
        raise ExportError("error.export.symlink", path=path)
    if not stat.S_ISREG(st.st_mode):
        raise ExportError("error.export.special_file", path=path)
    if not force:
        raise ExportError("error.export.exists", path=path)


def _create_temp(folder: Path) -> tuple[int, Path]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = folder / f"{TEMP_PREFIX}{secrets.token_hex(4)}"
        try:
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            continue
        except OSError as exc:
            raise ExportError(
                "error.export.folder_not_writable", folder=folder, error=exc.strerror or exc
            ) from exc
    raise ExportError("error.export.folder_not_writable", folder=folder, error="no free name")


def _remove_stale_temps(folder: Path) -> None:
    """Temporary files of ours left by a killed export (SIGKILL, power cut): removed."""
    cutoff = time.time() - STALE_TEMP_S
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not _TEMP_NAME.fullmatch(entry.name):
                continue
            with contextlib.suppress(OSError):
                st = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(st.st_mode) and st.st_mtime < cutoff:
                    os.unlink(entry.path)


def export_bytes(
    store: Store, round_key: str, fmt: str, profile: str = "", *, draft: bool = False
) -> bytes:
    """The bytes an export of the round's current records is: `export_round` writes them and
    `verify` renders them again to compare (so whatever an export reads, it reads here).

    `draft`: each gap shown as 【待填：…】 and the docx marked a draft."""
    from .export_check import export_data, mark_docx_draft

    checklist = store.round_checklist(round_key)
    # The metadata completed from the office profile (export_check): the round's own values win.
    data = export_data(store, round_key, draft=draft)
    inputs = compose_inputs(store, data) if fmt != "csv" else ComposeInputs()
    payload = render(data, checklist, fmt, profile, inputs)
    if draft and fmt == "docx":
        payload = mark_docx_draft(payload)
    return payload


def export_round(
    store: Store,
    round_key: str,
    path: Path,
    fmt: str | None = None,
    *,
    force: bool = False,
    profile: str = "",
    draft: bool = False,
) -> ExportResult:
    """`draft`: write even with gaps, each shown as 【待填：…】, the docx marked a draft
    (preflight is the caller's: export_check.round_gaps)."""
    fmt = resolve_format(path, fmt)
    payload = export_bytes(store, round_key, fmt, profile, draft=draft)
    digest = hashlib.sha256(payload).hexdigest()
    resolved = path.resolve()

    def record() -> None:
        # Recorded before the file takes its name: a database that is locked or read-only
        # leaves no circular on disk that `verify` would not know.
        store.record_export(round_key, resolved, fmt, digest, profile=profile)

    write_atomic(path, payload, force=force, before_replace=record)
    return ExportResult(path=path, format=fmt, sha256=digest, size=len(payload))
