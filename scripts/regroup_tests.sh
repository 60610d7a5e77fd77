#!/usr/bin/env bash
# Regroup tests/ by what they test (issue 11, deliverable 6). The plan, the table of moves and
# the reasons are in docs/test-layout.md; this script performs it.
#
#   bash scripts/regroup_tests.sh      # from anywhere in the repository, on a committed tree
#
# What it does, in order:
#   1. stops if a folder conftest changed since this script was written (its fixtures are
#      carried into tests/conftest.py by the text below: carry the change by hand first);
#   2. `git mv` every test file to its group (the table; new files by name patterns), with its
#      snapshot folder (__snapshots__/<module stem>/), so no SVG is regenerated;
#   3. in each moved file: Path(__file__) depths, imports of the test helpers, the renamed
#      fixtures, and a `pytestmark` for the fixtures the old folder conftest applied itself;
#   4. the three folder conftests become one tests/conftest.py (fixtures) and tests/host_app.py
#      (helper classes and constants); tests/tui/helpers.py becomes tests/app_helpers.py;
#   5. references to the old paths in docs/, README.md, samples/, benchmarks/, scripts/ and
#      tests/ follow; empty folders go; ruff fixes the import order and formats.
# Idempotent: files already moved are skipped, missing files are skipped, a second run does
# nothing. If it stops half-way, `git reset --hard && git clean -fd tests` and run it again.
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
PYTHON=${PYTHON:-python3}
RUFF=${RUFF:-.venv/bin/ruff}
[ -x "$RUFF" ] || RUFF=ruff
exec "$PYTHON" - "$RUFF" <<'PYEOF'
import ast
import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

RUFF = sys.argv[1]
T = Path("tests")

# old → new, relative to tests/ (docs/test-layout.md has the same table).
MOVES = {
    # pure core: one file per module
    "test_checklist.py": "core/test_checklist.py",
    "test_checklist_office.py": "core/test_checklist_office.py",
    "test_errors.py": "core/test_errors.py",
    "test_levels.py": "core/test_levels.py",
    "test_periods.py": "core/test_periods.py",
    "test_site_search.py": "core/test_site_search.py",
    "test_text.py": "core/test_text.py",
    "test_validate.py": "core/test_validate.py",
    "tui_screens/test_meta_validation.py": "core/test_meta_validation.py",
    # the store
    "test_store.py": "store/test_store.py",
    "test_store_file.py": "store/test_store_file.py",
    "test_chain.py": "store/test_chain.py",
    "test_doctor.py": "store/test_doctor.py",
    "test_followup.py": "store/test_followup.py",
    "test_reliability.py": "store/test_reliability.py",
    # the circular: compose, templates, renderers
    "test_compose.py": "circular/test_compose.py",
    "test_figures.py": "circular/test_figures.py",
    "test_templates.py": "circular/test_templates.py",
    "test_template_samples.py": "circular/test_template_samples.py",
    "test_seed_fidelity.py": "circular/test_seed_fidelity.py",
    "test_docx_layout.py": "circular/test_docx_layout.py",
    "test_docx_tables.py": "circular/test_docx_tables.py",
    "test_pdf_render.py": "circular/test_pdf_render.py",
    "test_pdf_deterministic.py": "circular/test_pdf_deterministic.py",
    # file formats
    "test_bundle.py": "formats/test_bundle.py",
    "test_bundle_fuzz.py": "formats/test_bundle_fuzz.py",
    "test_roster.py": "formats/test_roster.py",
    # services without Textual
    "test_export_service.py": "services/test_export_service.py",
    "test_walk_model.py": "services/test_walk_model.py",
    # the command line
    "test_cli.py": "cli/test_cli.py",
    "test_cli_structure.py": "cli/test_cli_structure.py",
    "test_cli_usage.py": "cli/test_cli_usage.py",
    # the project itself: lint, layers, benchmarks
    "test_static.py": "project/test_static.py",
    "test_import_hygiene.py": "project/test_import_hygiene.py",
    "test_layers.py": "project/test_layers.py",
    "test_benchmarks_smoke.py": "project/test_benchmarks_smoke.py",
    # the app as a whole (InspectApp through Pilot)
    "tui/test_snapshots.py": "tui/app/test_snapshots.py",
    # the walk screen
    "tui/test_keying_the_seed.py": "tui/walk/test_keying_the_seed.py",
    "tui/test_walk.py": "tui/walk/test_walk.py",
    "tui/test_walk_dialogs.py": "tui/walk/test_walk_dialogs.py",
    "tui/test_walk_explicit.py": "tui/walk/test_walk_explicit.py",
    "tui/test_walk_followup_keys.py": "tui/walk/test_walk_followup_keys.py",
    "tui/test_walk_narratives.py": "tui/walk/test_walk_narratives.py",
    # the other screens, one file each, run on their own in a Host app
    "tui_screens/test_screen_export.py": "tui/screens/test_export.py",
    "tui_screens/test_screen_help.py": "tui/screens/test_help.py",
    "tui_screens/test_screen_round_meta.py": "tui/screens/test_round_meta.py",
    "tui_screens/test_screen_rounds.py": "tui/screens/test_rounds.py",
    "tui_screens/test_screen_summary.py": "tui/screens/test_summary.py",
    "tui_screens/test_screen_messages.py": "tui/screens/test_messages.py",
    "tui_screens/test_screen_snapshots.py": "tui/screens/test_snapshots.py",
    "tui_followup/test_history.py": "tui/screens/test_history.py",
    "tui_followup/test_merge.py": "tui/screens/test_merge.py",
    "tui_followup/test_messages.py": "tui/screens/test_followup_messages.py",
    "tui_followup/test_snapshots.py": "tui/screens/test_followup_snapshots.py",
    # widgets
    "tui_screens/test_widget_checklist_panel.py": "tui/widgets/test_checklist_panel.py",
    "tui_followup/test_previous_findings.py": "tui/widgets/test_previous_findings.py",
}

# Root test files not in the table (added after it was written), by name.
ROOT_PATTERNS = [
    (r"test_cli", "cli"),
    (r"test_(store|chain|doctor|backup|notes|migration|schema)", "store"),
    (r"test_(compose|figures|template|docx|pdf|letterhead|wording|fonts|tabular|seed)", "circular"),
    (r"test_(bundle|roster|merge_plan)", "formats"),
    (r"test_(export|walk_model|office|issue15)", "services"),
    (r"test_(static|import_hygiene|layers|benchmarks)", "project"),
    (r"test_(checklist|text|validate|periods|site_search|levels|errors|audit_words|meta_|preflight|model|i18n)", "core"),
]

# The folder conftests as this script knows them (sha256); their fixtures are written below.
CONFTESTS = {
    "tui/conftest.py": "f83a3345bfbd5dfbc762d2a86a420dee787266128c7a0bef6e96fd15a3356afe",
    "tui_screens/conftest.py": "8b46335192c19f66b940d6c29f5405ee323a1c2adf1d3e3575d2b889c663e481",
    "tui_followup/conftest.py": "cdafbe8f1802edf7a2f710abdf5d2d2245d973e3bb1470a303747e1d21788833",
}

# What the old folder conftest gave the tests of that folder, by origin folder.
ORIGIN_EDITS = {
    # fixture renames (the three `sample_db` differed: a Path here, a Store in the others)
    "tui": {"rename": {"sample_db": "sample_path"}, "marks": []},
    "tui_screens": {"rename": {"sample_db": "sample_store"}, "marks": ["zh_hans", "fresh_export_session"]},
    "tui_followup": {"rename": {"sample_db": "sample_store"}, "marks": ["zh_hans", "frozen_clock"]},
}

# Moved files that use their own folder (`Path(__file__).parent`) for tests/ itself.
FILE_FIXES = {
    "circular/test_docx_layout.py": [
        ("tests_dir = str(Path(__file__).parent)", "tests_dir = str(Path(__file__).parents[1])"),
    ],
    # the stand-in soffice imports this test module, which imports tests/circular_fixture.py
    "circular/test_pdf_deterministic.py": [
        ("sys.path.insert(0, {tests!r})", "sys.path[:0] = [{tests!r}, str(Path({tests!r}).parent)]"),
    ],
}

IMPORT_FIXES = [
    ("from tui.helpers import", "from app_helpers import"),
    ("from .conftest import", "from host_app import"),
]

# Sentences that name a folder rather than a file.
TEXT_FIXES = [
    ("`pytest tests/tui_followup --snapshot-update`", "`pytest tests/tui/screens/test_followup_snapshots.py --snapshot-update`"),
    ("`pytest tests/tui_screens --snapshot-update`", "`pytest tests/tui/screens/test_snapshots.py --snapshot-update`"),
    ("(imported as `tui.helpers`; tests/ is on the path)", "(imported as `app_helpers`; tests/ is on the path)"),
]

CONFTEST_MARK = "# --- The app and its screens"
CONFTEST_IMPORTS = """\
import time
from datetime import timedelta
from itertools import count

from app_helpers import FIXED_TIME, SAMPLE_KEY, AppFactory
from host_app import Q1, Q2, START
from inspect_tui import i18n
from inspect_tui.sample import load_sample
from inspect_tui.store import clock as store_clock
from inspect_tui.tui.app import APP_BUSY_TIMEOUT_S, InspectApp
"""
CONFTEST_BLOCK = '''

# --- The app and its screens (were tests/tui, tui_screens and tui_followup/conftest.py) ----


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    """A database file with the bundled sample loaded (round 2018Q1, all 36 sites done)."""
    path = tmp_path / "sample.sqlite"
    with Store(path, actor="tester") as store:
        assert SAMPLE_KEY in load_sample(store)
    return path


@pytest.fixture
def fresh_db(sample_path: Path) -> Path:
    """The sample database plus an untouched round 2019Q1 on the same roster."""
    with Store(sample_path, actor="tester") as store:
        store.create_round("2019Q1", "fresh", from_key=SAMPLE_KEY)
    return sample_path


@pytest.fixture
def make_app() -> Iterator[AppFactory]:
    """Build an InspectApp on a database file (fixed clock, so the "saved HH:MM:SS" line is
    the same on every run); its store is closed after the test."""
    stores: list[Store] = []

    def factory(
        path: Path, round_key: str | None = SAMPLE_KEY, lang: str = "zh-Hans"
    ) -> InspectApp:
        store = Store(path, actor="tester", busy_timeout=APP_BUSY_TIMEOUT_S)  # as run_app does
        stores.append(store)
        return InspectApp(store, round_key, lang=lang, clock=lambda: FIXED_TIME)

    yield factory
    for store in stores:
        store.close()


@pytest.fixture
def q2_db(sample_store: Store) -> Store:
    """The sample's 2018Q1 plus an untouched 2018Q2 made from it: nothing followed up yet."""
    sample_store.delete_round(Q2)
    sample_store.create_round(Q2, "第二季度", from_key=Q1)
    return sample_store


@pytest.fixture
def zh_hans() -> Iterator[None]:
    """The texts in the default language, whatever another test chose."""
    before = i18n.language()
    i18n.set_language("zh-Hans")
    yield
    i18n.set_language(before)


@pytest.fixture
def fresh_export_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """No export format or fonts remembered from another test's export."""
    from inspect_tui.tui.screens import export

    monkeypatch.setattr(export, "last_choice", None)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Audit timestamps one second apart from a fixed start (host_app.START); local time is
    UTC+8, so the times the history shows are the same on every run."""
    ticks = count()
    monkeypatch.setattr(
        store_clock,
        "now_iso",
        lambda: (START + timedelta(seconds=next(ticks))).isoformat(timespec="milliseconds"),
    )
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
'''

HOST_MARK = "# --- Constants and hosts of the screen tests"
HOST_IMPORTS = """\
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import Footer, Static

import inspect_tui.tui.screens as screens_pkg
from inspect_tui.store import Store
from inspect_tui.tui.errors import guarded
from inspect_tui.tui.base import LocalizedScreen
from inspect_tui.tui.widgets.previous_findings import PreviousFindings
from inspect_tui.walk_model import WalkModel
"""
HOST_BLOCK = '''

# --- Constants and hosts of the screen tests (were tui_screens, tui_followup/conftest.py) --

ROUND = "2018Q1"
Q1, Q2 = "2018Q1", "2018Q2"
START = datetime(2018, 6, 25, 2, 0, tzinfo=UTC)  # the frozen_clock fixture starts here
FOLLOWUP_TCSS = Path(screens_pkg.__file__).parent / "followup.tcss"


class WidgetScreen(LocalizedScreen[None]):
    """Stands in for the walk: a line above, the widget, a footer; stores the marks the
    widget posts through a walk model, as the walk does, and records the stored ones."""

    def __init__(self, store: Store, round_key: str, site_uid: str | None) -> None:
        super().__init__()
        self.model = WalkModel(store, round_key)
        self.site_uid = site_uid
        self.changes: list[PreviousFindings.Marked] = []

    def compose(self) -> ComposeResult:
        yield Static("walk", id="above")
        yield PreviousFindings(self.model.previous, self.site_uid, id="previous")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PreviousFindings).option_list.focus()

    @guarded
    def on_previous_findings_marked(self, message: PreviousFindings.Marked) -> None:
        self.model.mark_followup(message.site_uid, message.category, message.status)
        message.widget.marked()
        self.changes.append(message)


class WidgetHost(App[None]):
    CSS_PATH: ClassVar[list[str | PurePath]] = [FOLLOWUP_TCSS]

    def __init__(self, store: Store, round_key: str, site_uid: str | None) -> None:
        super().__init__()
        self.widget_screen = WidgetScreen(store, round_key, site_uid)

    async def on_mount(self) -> None:
        await self.push_screen(self.widget_screen)

    @property
    def widget(self) -> PreviousFindings:
        return self.widget_screen.query_one(PreviousFindings)
'''


def git(*args: str) -> None:
    subprocess.run(["git", *args], check=True)


def tracked(path: Path) -> bool:
    return subprocess.run(
        ["git", "ls-files", "--error-unmatch", str(path)], capture_output=True
    ).returncode == 0


def move(old: Path, new: Path) -> None:
    new.parent.mkdir(parents=True, exist_ok=True)
    if tracked(old):
        git("mv", str(old), str(new))
    else:  # a file not yet committed
        old.rename(new)
    print(f"moved {old} -> {new}")


def move_snapshots(old: Path, new: Path) -> None:
    """pytest-textual-snapshot (syrupy) keeps a test's SVGs in
    <test file's folder>/__snapshots__/<test file's stem>/<test name>.svg."""
    src = old.parent / "__snapshots__" / old.stem
    if not src.is_dir():
        return
    dst = new.parent / "__snapshots__" / new.stem
    for svg in sorted(p for p in src.rglob("*") if p.is_file()):
        move(svg, dst / svg.relative_to(src))


def insert_after_imports(text: str, addition: str) -> str:
    tree = ast.parse(text)
    last = max(n.end_lineno or 0 for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom))
    lines = text.splitlines(keepends=True)
    return "".join(lines[:last]) + addition + "".join(lines[last:])


def deepen(text: str, delta: int) -> str:
    """Path(__file__).parents[n] (the repository, tests/) in a file moved `delta` folders
    deeper. `.parent` (the file's own folder) is left: see FILE_FIXES."""
    if delta <= 0:
        return text
    return re.sub(
        r"(Path\(__file__\)(?:\.resolve\(\))?)\.parents\[(\d+)\]",
        lambda m: f"{m.group(1)}.parents[{int(m.group(2)) + delta}]",
        text,
    )


def edit_moved(path: Path, origin: str, delta: int) -> None:
    text = path.read_text(encoding="utf-8")
    text = deepen(text, delta)
    for old, new in FILE_FIXES.get(path.relative_to(T).as_posix(), []):
        text = text.replace(old, new)
    for old, new in IMPORT_FIXES:
        text = text.replace(old, new)
    edits = ORIGIN_EDITS.get(origin)
    if edits:
        for old, new in edits["rename"].items():
            text = re.sub(rf"\b{old}\b", new, text)
        marks = edits["marks"]
        # only the app's tests: a pure module's test (meta_validation) needs no app fixtures
        if marks and path.parts[1] == "tui":
            if re.search(r"^pytestmark\b", text, re.M):
                print(f"NOTE {path}: has its own pytestmark; add usefixtures{tuple(marks)} by hand")
            else:
                names = ", ".join(f'"{m}"' for m in marks)
                addition = (
                    f"\n# What tests/{origin}/conftest.py applied to every test here.\n"
                    f"pytestmark = pytest.mark.usefixtures({names})\n"
                )
                if not re.search(r"^import pytest$", text, re.M):
                    addition = "import pytest\n" + addition
                text = insert_after_imports(text, addition)
    path.write_text(text, encoding="utf-8")


def placement(rel: Path) -> str | None:
    """Where a test file not in the table goes, by its folder and name; None: stays."""
    parts, name = rel.parts, rel.name
    if len(parts) == 1:
        for pattern, group in ROOT_PATTERNS:
            if re.match(pattern, name):
                return f"{group}/{name}"
        return None
    folder = parts[0]
    if len(parts) != 2:
        return None
    if folder == "tui":
        return f"tui/walk/{name}" if name.startswith("test_walk") else f"tui/app/{name}"
    if folder == "tui_screens":
        if name.startswith("test_widget_"):
            return "tui/widgets/test_" + name.removeprefix("test_widget_")
        target = "tui/screens/test_" + name.removeprefix("test_screen_")
        return target if not (T / target).exists() else f"tui/screens/{name}"
    if folder == "tui_followup":
        if name.startswith("test_previous"):
            return f"tui/widgets/{name}"
        target = f"tui/screens/{name}"
        return target if not (T / target).exists() else "tui/screens/test_followup_" + name.removeprefix("test_")
    return None


def merge_conftests() -> None:
    present = [T / rel for rel in CONFTESTS if (T / rel).exists()]
    if not present:
        return
    root = T / "conftest.py"
    text = root.read_text(encoding="utf-8")
    if CONFTEST_MARK not in text:
        text = insert_after_imports(text, "\n" + CONFTEST_IMPORTS)
        root.write_text(text.rstrip("\n") + "\n" + CONFTEST_BLOCK, encoding="utf-8")
        print(f"fixtures of {', '.join(map(str, present))} -> {root}")
    host = T / "host_app.py"
    text = host.read_text(encoding="utf-8")
    if HOST_MARK not in text:
        text = insert_after_imports(text, "\n" + HOST_IMPORTS)
        host.write_text(text.rstrip("\n") + "\n" + HOST_BLOCK, encoding="utf-8")
        print(f"constants and WidgetHost -> {host}")
    for path in present:
        git("rm", "-q", str(path))
    for init in (T / "tui_screens" / "__init__.py", T / "tui_followup" / "__init__.py"):
        if init.exists():
            git("rm", "-q", str(init))


def check_conftests() -> None:
    changed = [
        rel
        for rel, digest in CONFTESTS.items()
        if (T / rel).exists()
        and hashlib.sha256((T / rel).read_bytes()).hexdigest() != digest
    ]
    if changed:
        sys.exit(
            "regroup_tests: these conftests changed since the script was written: "
            + ", ".join(f"tests/{c}" for c in changed)
            + ".\nCarry the change into CONFTEST_BLOCK / HOST_BLOCK of scripts/regroup_tests.sh,"
            " update its hash in CONFTESTS, and run again. Nothing was moved."
        )


def fix_test_imports(moves: dict[str, str]) -> None:
    """Tests that import a helper from another test module (`from test_cli import run`): by
    its new dotted name (tests/ is on the path, so tests/cli/ is the package `cli`)."""
    stems: dict[str, str] = {}
    for old, new in moves.items():
        if (T / new).exists() and "/" not in old:
            stems[Path(old).stem] = new.removesuffix(".py").replace("/", ".")
    for path in T.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        new_text = text
        for stem, dotted in stems.items():
            new_text = re.sub(rf"^(\s*)from {stem} import", rf"\1from {dotted} import", new_text, flags=re.M)
        if new_text != text:
            path.write_text(new_text, encoding="utf-8")
            print(f"imports of moved test modules updated in {path}")


def fix_references(moves: dict[str, str]) -> None:
    """Old test paths named in docs, comments and docstrings."""
    pairs = [(f"tests/{old}", f"tests/{new}") for old, new in moves.items()]
    pairs += TEXT_FIXES
    files = [Path("README.md"), Path("pyproject.toml")]
    for folder in ("docs", "samples", "benchmarks", "scripts", "tests"):
        files += [p for p in Path(folder).rglob("*") if p.suffix in (".md", ".py", ".toml")]
    for path in files:
        if not path.is_file() or path == Path("docs/test-layout.md"):  # its table keeps both
            continue
        text = path.read_text(encoding="utf-8")
        new = text
        for old, repl in pairs:
            new = new.replace(old, repl)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"references updated in {path}")


def main() -> None:
    check_conftests()
    done: dict[str, str] = {}
    # the helper module first: the moved tests import it by its new name
    if (T / "tui" / "helpers.py").exists():
        move(T / "tui" / "helpers.py", T / "app_helpers.py")
        done["tui/helpers.py"] = "app_helpers.py"
    plan = dict(MOVES)
    for path in sorted(T.rglob("test_*.py")):
        rel = path.relative_to(T)
        key = rel.as_posix()
        if key in plan or key in plan.values():
            continue
        target = placement(rel)
        if target is not None and target != key:
            plan[key] = target
            print(f"NOTE {path}: not in the table; placed by its name in tests/{target}")
    for old_rel, new_rel in plan.items():
        old, new = T / old_rel, T / new_rel
        if not old.exists():
            continue  # moved already, or gone
        if new.exists():
            print(f"NOTE {old}: {new} exists already; left where it is")
            continue
        move(old, new)
        move_snapshots(old, new)
        origin = Path(old_rel).parts[0] if len(Path(old_rel).parts) > 1 else ""
        edit_moved(new, origin, len(Path(new_rel).parts) - len(Path(old_rel).parts))
        done[old_rel] = new_rel
    merge_conftests()
    # helpers imported by their old names anywhere (a test moved in an earlier run, a new one)
    for path in T.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        new = text.replace("from tui.helpers import", "from app_helpers import")
        if new != text:
            path.write_text(new, encoding="utf-8")
    fix_test_imports({**MOVES, **done})
    fix_references(
        {o: n for o, n in {**MOVES, **done}.items() if (T / n).exists() and not (T / o).exists()}
    )
    for folder in sorted((p for p in T.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        leftovers = [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        if not leftovers:
            shutil.rmtree(folder)
    left = sorted(p for p in T.glob("test_*.py"))
    if left:
        print("NOTE not placed (no rule matched; move by hand and add a row to docs/test-layout.md):")
        for p in left:
            print(f"  {p}")
    subprocess.run([RUFF, "check", "--fix", "--quiet", "tests"], check=False)
    subprocess.run([RUFF, "format", "--quiet", "tests"], check=False)
    result = subprocess.run([RUFF, "check", "tests"], check=False)
    print("regroup_tests: done" if result.returncode == 0 else "regroup_tests: ruff complains, see above")


main()
PYEOF
