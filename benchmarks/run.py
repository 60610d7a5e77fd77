"""Speed and memory of inspect-tui from 36 sites to the 84,094 of the 2015 census.

    python benchmarks/run.py --quick    # < 3 minutes: every kind of figure (84,094-site export skipped)
    python benchmarks/run.py            # the full run, with the 84,094-site export

One figure per line: `name value unit` (`name[N]` is at N sites, `a/b` is a ratio; lines
starting with # are comments, the last ones say which targets hold). Every measurement runs in
a fresh subprocess (so its peak RSS, read from /proc/self/status VmHWM at its end, is its own)
and is repeated; the value printed is the median. Each kind of figure has a baseline measured
in the same run, and the ratio to it is printed too, because this machine is shared and noisy
(see shared/design/benchmarks.md):

- export: the circular (.docx) through `export_round`, with the time of each of its stages,
  beside a naive python-docx build of the same attachment tables (`add_row().cells[i].text =
  …`), a bare lxml build of the same rows (SubElement, no properties: the practical limit of
  building a tree) and the same bare rows written as XML text into a zip (no tree: the floor a
  streaming writer stands on), at 16,000 sites;
- start-up: from opening the database to the walk screen's first frame, headless under
  `App.run_test()`, beside a minimal Textual app (one Static) started the same way;
- key latency, measured inside the app: from the action handler being entered to the end of the
  refresh that shows its effect (`call_after_refresh` after the site card was updated), p50 and
  p95, beside a minimal app whose key updates one Static, measured the same way;
- the summary screen (s): opening it, its circular preview (composed in a thread), a filter
  key and going back, beside the bare app's start-up;
- roster import: CSV bytes → `parse_roster` → `Store.replace_roster` → `Store.create_round`,
  into a new database;
- bundle merge: two inspectors' bundles of one synthetic round (甲 walked the first 60% of the
  roster, 乙 the last 60%; in the overlap 1 entry in 100 differs), read (`bundle.parse`) and
  merged (`bundle.merge`), as `inspect-tui bundle merge` does before writing.

    python benchmarks/run.py --only merge          # just the merge figure (full size)

The synthetic data come from `benchmarks/synth.py` (seeded: the same every run).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CENSUS = 84_094  # = synth.CENSUS_SITES
TABLE_SITES = 16_000
KEY = "2015Q4"  # = synth.ROUND_KEY
TARGETS = {  # on a 2-core machine, at 84,094 sites
    f"export.docx[{CENSUS}]": (5.0, "s"),
    f"export.docx_own_parents[{CENSUS}]": (5.0, "s"),  # every site its own group (issue 12)
    f"startup.walk[{CENSUS}]": (2.0, "s"),
    f"latency.toggle[{CENSUS}].p95": (50.0, "ms"),
    f"latency.next_site[{CENSUS}].p95": (50.0, "ms"),
    f"import.roster[{CENSUS}]": (5.0, "s"),
    f"bundle.merge[{CENSUS}]": (10.0, "s"),
}
RSS_TARGET_MB = 400.0


def _synth() -> Any:
    """benchmarks/synth.py, imported only where data are made: a worker's imports stay its own."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    import synth

    return synth


@dataclass(frozen=True)
class Plan:
    name: str
    export_sizes: tuple[int, ...]
    table_sites: int  # size of the naive python-docx, bare lxml and text baselines
    startup_sizes: tuple[int, ...]
    latency_sizes: tuple[int, ...]
    import_sizes: tuple[int, ...]
    repeat: int
    naive_repeat: int  # the naive build takes ~20 s at 16,000 sites
    samples: int  # key presses per latency measurement
    note: str = ""
    merge_sizes: tuple[int, ...] = (36,)  # sites per bundle in the merge figure


SERIES = (36, 1_000, 16_000, CENSUS)
PLANS = {
    "full": Plan(
        "full",
        export_sizes=SERIES,
        table_sites=TABLE_SITES,
        startup_sizes=SERIES,
        latency_sizes=(36, CENSUS),
        import_sizes=SERIES[1:],
        repeat=5,
        naive_repeat=3,
        samples=100,
        merge_sizes=(CENSUS,),
    ),
    "quick": Plan(
        "quick",
        export_sizes=SERIES[:-1],
        table_sites=TABLE_SITES,
        startup_sizes=(36, CENSUS),
        latency_sizes=(36, CENSUS),
        import_sizes=(CENSUS,),
        repeat=3,
        naive_repeat=1,
        samples=30,
        note="the 84,094-site export and merge are in the full run only",
        merge_sizes=(16_000,),
    ),
    # for tests/project/test_benchmarks_smoke.py: every kind of figure, at 36 sites, once
    "smoke": Plan("smoke", (36,), 36, (36,), (36,), (36,), 1, 1, 3),
}


# -- workers: each runs in its own process and returns a dict of numbers --------------------


def _peak_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1024**2


def _attachment_tables(db: Path) -> list[Any]:
    """The attachment tables of the round's circular, as `compose` makes them."""
    from inspect_tui.circular.compose import compose
    from inspect_tui.store import Store

    with Store(db, actor="bench") as store:
        circular = compose(store.round_data(KEY), store.round_checklist(KEY))
    return [table for attachment in circular.attachments for table in attachment.tables]


def work_export(db: str, out: str, fmt: str = "docx") -> dict[str, float]:
    """`export_round` (to .docx unless told), with the time of each stage (the module's own
    calls, timed)."""
    from inspect_tui import export
    from inspect_tui.store import Store

    stages: dict[str, float] = {}

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                stages[name] = stages.get(name, 0.0) + time.perf_counter() - start

        return wrapper

    export.compose = timed("compose", export.compose)  # type: ignore[attr-defined]
    export.render = timed("render_docx", export.render)  # type: ignore[attr-defined]
    start = time.perf_counter()
    with Store(Path(db), actor="bench") as store:
        store.round_data = timed("round_data", store.round_data)  # type: ignore[method-assign]
        export.export_round(store, KEY, Path(out), fmt, force=True)
    total = time.perf_counter() - start
    rest = total - sum(stages.values())
    size = Path(out).stat().st_size / 1024
    return {"seconds": total, **stages, "open_write_record": rest, "size_kb": size}


def work_naive(db: str) -> dict[str, float]:
    """python-docx's own API, as a first version would use it."""
    from docx import Document

    tables = _attachment_tables(Path(db))
    start = time.perf_counter()
    document = Document()
    for table in tables:
        t = document.add_table(rows=1, cols=len(table.header))
        for i, text in enumerate(table.header):
            t.rows[0].cells[i].text = text
        for row in table.rows:
            cells = t.add_row().cells
            for i, lines in enumerate(row):
                cells[i].text = "\n".join(lines)
    document.save(io.BytesIO())
    return {"seconds": time.perf_counter() - start, "rows": sum(len(t.rows) for t in tables)}


def work_lxml(db: str) -> dict[str, float]:
    """The same rows as bare w:tbl/w:tr/w:tc/w:p/w:r/w:t elements (no properties), saved."""
    from docx import Document
    from docx.oxml.ns import qn
    from lxml import etree

    tables = _attachment_tables(Path(db))
    start = time.perf_counter()
    document = Document()
    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    sub = etree.SubElement
    TBL, TR, TC, P, R, T = (qn(f"w:{n}") for n in ("tbl", "tr", "tc", "p", "r", "t"))
    for table in tables:
        tbl = sub(body, TBL)
        sect_pr.addprevious(tbl)  # placed first: rows are then added inside the document
        for row in ((tuple((h,) for h in table.header)), *table.rows):
            tr = sub(tbl, TR)
            for lines in row:
                tc = sub(tr, TC)
                for line in lines:
                    sub(sub(sub(tc, P), R), T).text = line
    document.save(io.BytesIO())
    return {"seconds": time.perf_counter() - start}


def work_text(db: str) -> dict[str, float]:
    """The same bare rows as XML text, streamed into a deflated zip entry: no tree at all.

    Not a renderer (no styles, no package parts): the floor a streaming table writer would
    stand on, for comparison with the tree-building baselines.
    """
    import zipfile
    from xml.sax.saxutils import escape

    tables = _attachment_tables(Path(db))
    start = time.perf_counter()
    sink = io.BytesIO()
    with (
        zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as package,
        package.open("word/document.xml", "w", force_zip64=True) as entry,
    ):
        entry.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/'
                    b'wordprocessingml/2006/main"><w:body>')  # fmt: skip
        for table in tables:
            chunk = ["<w:tbl>"]
            for row in ((tuple((h,) for h in table.header)), *table.rows):
                chunk.append("<w:tr>")
                for lines in row:
                    chunk.append("<w:tc>")
                    for line in lines:
                        chunk.append(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>")
                    chunk.append("</w:tc>")
                chunk.append("</w:tr>")
                if len(chunk) > 4096:
                    entry.write("".join(chunk).encode())
                    chunk.clear()
            chunk.append("</w:tbl>")
            entry.write("".join(chunk).encode())
        entry.write(b"</w:body></w:document>")
    return {"seconds": time.perf_counter() - start}


def work_import(csv_path: str, db: str) -> dict[str, float]:
    from inspect_tui.roster import parse_roster
    from inspect_tui.store import Store

    data = Path(csv_path).read_bytes()  # as the CLI does, before any timing
    start = time.perf_counter()
    result = parse_roster(data, Path(csv_path).name)
    parsed = time.perf_counter()
    with Store(Path(db), actor="bench") as store:
        opened = time.perf_counter()
        store.replace_roster(result.sites, source=Path(csv_path).name)
        replaced = time.perf_counter()
        store.create_round(KEY, "import benchmark")
    end = time.perf_counter()
    return {
        "seconds": end - start,
        "parse": parsed - start,
        "replace_roster": replaced - opened,
        "create_round": end - replaced,
    }


def work_merge(n: int) -> dict[str, float]:
    """Two n-site bundles (made and written before any timing), read and merged."""
    from inspect_tui import bundle as bundle_mod
    from inspect_tui import checklist as checklist_mod
    from inspect_tui.bundle import Bundle
    from inspect_tui.model import Progress, RoundMeta, Script

    synth = _synth()
    cl = checklist_mod.load_default()
    sites = synth.make_sites(n)
    findings = synth.make_findings(sites, cl)
    cut_a, cut_b = int(n * 0.6), int(n * 0.4)

    def made(inspector: str, claimed: list[Any], differ: bool) -> bytes:
        uids = {s.uid for s in claimed}
        mine = [f for f in findings if f.site_uid in uids]
        if differ:  # 1 entry in 100 of the overlap recorded differently
            overlap = {s.uid for s in sites[cut_b:cut_a]}
            mine = [
                f.with_changes(count=(f.count or 1) + 1)
                if f.site_uid in overlap and i % 100 == 0
                else f
                for i, f in enumerate(mine)
            ]
        b = Bundle(
            source=f"{inspector}.json",
            inspector=inspector,
            key=KEY,
            title="合成",
            script=Script.HANS,
            previous_key="",
            meta=RoundMeta(),
            checklist_id=cl.id,
            checklist_source=cl.source,
            sites=tuple(sites),
            findings=tuple(mine),
            overrides=(),
            progress={s.uid: Progress.DONE for s in claimed},
            bundle_id=bundle_mod.new_bundle_id(),
        )
        return bundle_mod.dump(b)

    files = [made("甲", sites[:cut_a], False), made("乙", sites[cut_b:], True)]
    start = time.perf_counter()
    bundles = [bundle_mod.parse(data, f"{i}.json") for i, data in enumerate(files)]
    parsed = time.perf_counter()
    result = bundle_mod.merge(bundles)
    end = time.perf_counter()
    return {
        "seconds": end - start,
        "parse": parsed - start,
        "merge": end - parsed,
        "conflicts": float(len(result.conflicts)),
        "size_kb": sum(len(f) for f in files) / 1024,
    }


def _bare_app_class() -> type[Any]:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class BareApp(App[None]):
        BINDINGS = [("1", "bump", "bump")]  # noqa: RUF012

        def __init__(self) -> None:
            super().__init__()
            self.count = 0

        def compose(self) -> ComposeResult:
            yield Static("0", id="count")

        def action_bump(self) -> None:
            self.count += 1
            self.query_one("#count", Static).update(str(self.count))

    return BareApp


async def _first_frame(app: Any, ready: Callable[[], bool]) -> None:
    """Wait until `ready()` (the screen we want is up), then for the end of its next refresh."""
    while not ready():
        await asyncio.sleep(0.001)
    done = asyncio.get_running_loop().create_future()
    app.screen.call_after_refresh(lambda: done.set_result(None))
    await done


def work_startup(db: str | None) -> dict[str, float]:
    """Seconds from opening the database to the walk's first frame (`db` None: the bare app)."""
    start_imports = time.perf_counter()
    if db is None:
        bare = _bare_app_class()
    else:
        from inspect_tui.store import Store
        from inspect_tui.tui.app import InspectApp
        from inspect_tui.tui.screens.walk import WalkScreen
        from inspect_tui.tui.widgets.site_list import SiteList
    imports = time.perf_counter() - start_imports
    result: dict[str, float] = {}

    async def run() -> None:
        start = time.perf_counter()
        if db is None:
            app = bare()
            async with app.run_test(size=(120, 40)):
                await _first_frame(app, lambda: True)
                result["seconds"] = time.perf_counter() - start
            return
        with Store(Path(db), actor="bench") as store:
            app = InspectApp(store, KEY, lang="zh-Hans")

            def walk_ready() -> bool:
                screen = app.screen
                return isinstance(screen, WalkScreen) and bool(screen.query(SiteList))

            async with app.run_test(size=(120, 40)):
                await _first_frame(app, walk_ready)
                result["seconds"] = time.perf_counter() - start

    asyncio.run(run())
    result["imports"] = imports
    return result


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": statistics.median(ordered) * 1000, "p95": p95 * 1000, "max": ordered[-1] * 1000}


def work_latency(db: str | None, samples: int) -> dict[str, float]:
    """Key latency inside the app: handler entered → end of the refresh that shows the change.

    The keys are sent with Pilot, but its ~80 ms of waiting is outside the measured span: the
    clock starts when the action method is entered and stops in a `call_after_refresh`
    callback scheduled once the screen has been updated (for a toggle, after the action, which
    redraws the site synchronously; for next-site, after the site card was shown, which happens
    when the list's Highlighted message arrives).
    """
    result: dict[str, float] = {}

    async def measure(
        pilot: Any,
        target: Any,
        action: str,
        key: str,
        defer: bool,
        before: Callable[[], Awaitable[None]] | None = None,
    ) -> list[float]:
        name = f"action_{action}"
        original = getattr(target, name)
        spans: list[float] = []
        pending: list[float] = []

        def finish() -> None:
            if pending:
                spans.append(time.perf_counter() - pending.pop())

        def wrapped(*args: Any) -> None:
            pending[:] = [time.perf_counter()]
            original(*args)
            if not defer:
                target.call_after_refresh(finish)

        setattr(target, name, wrapped)
        if defer:
            show = target._show_site

            def shown() -> None:
                show()
                if pending:
                    target.call_after_refresh(finish)

            target._show_site = shown
        for i in range(samples):
            if before is not None:
                await before()
            await pilot.press(key)
            deadline = time.perf_counter() + 30
            while len(spans) <= i:
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"key {key!r} ({action}) showed nothing within 30 s")
                await asyncio.sleep(0.001)
        setattr(target, name, original)
        if defer:
            target._show_site = show
        return spans

    async def run() -> None:
        if db is None:
            app = _bare_app_class()()
            async with app.run_test(size=(120, 40)) as pilot:
                await _first_frame(app, lambda: True)
                spans = await measure(pilot, app, "bump", "1", False)
                for k, v in _percentiles(spans).items():
                    result[f"key.{k}"] = v
            return
        from inspect_tui.store import Store
        from inspect_tui.tui.app import InspectApp
        from inspect_tui.tui.screens.walk import WalkScreen

        with Store(Path(db), actor="bench") as store:
            app = InspectApp(store, KEY, lang="zh-Hans")
            async with app.run_test(size=(120, 40)) as pilot:
                await _first_frame(app, lambda: isinstance(app.screen, WalkScreen))
                walk = app.screen
                # a site with nothing recorded: "1" then adds and removes a finding in turn
                start = next(
                    (i for i, uid in enumerate(walk.rows.uids) if not walk.findings.get(uid)), 0
                )
                walk.go_to(start)
                await _first_frame(app, lambda: True)
                walk.panel.focus()
                for k, v in _percentiles(
                    await measure(pilot, walk, "toggle_number", "1", False)
                ).items():
                    result[f"toggle.{k}"] = v

                async def rewind() -> None:
                    """At the last site "n" does nothing: go back to the first (untimed)."""
                    if walk.index >= len(walk.rows) - 1:
                        walk.go_to(0)
                        await _first_frame(app, lambda: True)

                spans = await measure(pilot, walk, "next_site", "n", True, rewind)
                for k, v in _percentiles(spans).items():
                    result[f"next_site.{k}"] = v

    asyncio.run(run())
    return result


def work_summary(db: str) -> dict[str, float]:
    """The walk's summary screen (s): seconds from the action to the end of the summary's
    first refresh (`open`), to its circular preview being loaded (`preview`, composed in a
    thread meanwhile), and from a filter key's action to the refreshed table (`filter`);
    back to the walk (`back`, escape). Pilot's own waiting is outside every span."""
    from inspect_tui.store import Store
    from inspect_tui.tui.app import InspectApp
    from inspect_tui.tui.screens.summary import SummaryScreen
    from inspect_tui.tui.screens.walk import WalkScreen

    result: dict[str, float] = {}

    async def run() -> None:
        with Store(Path(db), actor="bench") as store:
            app = InspectApp(store, KEY, lang="zh-Hans")
            async with app.run_test(size=(120, 40)):
                await _first_frame(app, lambda: isinstance(app.screen, WalkScreen))
                walk = app.screen
                start = time.perf_counter()
                walk.action_open("summary")
                await _first_frame(app, lambda: isinstance(app.screen, SummaryScreen))
                result["open"] = time.perf_counter() - start
                await app.workers.wait_for_complete()
                await _first_frame(app, lambda: True)
                result["preview"] = time.perf_counter() - start
                summary = app.screen
                start = time.perf_counter()
                summary.action_filter("findings")
                await _first_frame(app, lambda: True)
                result["filter"] = time.perf_counter() - start
                start = time.perf_counter()
                summary.action_close()
                await _first_frame(app, lambda: app.screen is walk)
                result["back"] = time.perf_counter() - start

    asyncio.run(run())
    return result


WORKERS: dict[str, Callable[..., dict[str, float]]] = {
    "summary": work_summary,
    "export": work_export,
    "naive": work_naive,
    "lxml": work_lxml,
    "text": work_text,
    "import": work_import,
    "startup": work_startup,
    "latency": work_latency,
    "merge": work_merge,
}


def worker_main(kind: str, args_json: str) -> int:
    values = WORKERS[kind](*json.loads(args_json))
    values["peak_rss_mb"] = _peak_rss_mb()
    print(json.dumps(values))
    return 0


# -- the runner ------------------------------------------------------------------------------


@dataclass
class Runner:
    plan: Plan
    workdir: Path
    out: Callable[[str], None] = print
    figures: dict[str, tuple[float, str]] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        config = self.workdir / "config"
        config.mkdir(parents=True, exist_ok=True)
        self.env = {**os.environ, "INSPECT_TUI_CONFIG_DIR": str(config)}  # not the user's own

    # -- output --------------------------------------------------------------------------

    def figure(self, name: str, value: float, unit: str) -> None:
        self.figures[name] = (value, unit)
        digits = {"s": 3, "ms": 1, "x": 2}.get(unit, 0)
        self.out(f"{name:<48} {value:>12.{digits}f} {unit}")

    def ratio(self, name: str, numerator: str, denominator: str) -> None:
        if numerator not in self.figures or denominator not in self.figures:
            return  # `--only` one kind: the baseline of another kind was not measured
        a, b = self.figures[numerator][0], self.figures[denominator][0]
        self.figure(name, a / b if b else float("nan"), "x")

    # -- measuring -----------------------------------------------------------------------

    def spawn(self, kind: str, *args: Any) -> dict[str, float]:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, json.dumps(args)]
        proc = subprocess.run(
            cmd, env=self.env, capture_output=True, text=True, timeout=1800, check=False
        )
        if proc.returncode != 0:
            raise RuntimeError(f"worker {kind} {args} failed:\n{proc.stderr}")
        return dict(json.loads(proc.stdout.strip().splitlines()[-1]))

    def repeat(
        self, times: int, kind: str, *args: Any, before: Callable[[], None] | None = None
    ) -> dict[str, float]:
        """Medians over `times` runs of one worker (peak RSS: the largest)."""
        runs = []
        for _ in range(times):
            if before is not None:
                before()
            runs.append(self.spawn(kind, *args))
        merged = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        merged["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
        return merged

    # -- data ----------------------------------------------------------------------------

    def database(self, n: int) -> Path:
        path = self.workdir / f"round-{n}.sqlite"
        if not path.exists():
            _synth().build_db(path, n)
        return path

    def scratch_copy(self, n: int, name: str) -> Path:
        """A copy of the n-site database for a worker that writes to it."""
        copy = self.workdir / f"{name}-{n}.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.database(n), copy)
        return copy

    # -- the figures ---------------------------------------------------------------------

    def run(self, only: str | None = None) -> None:
        p = self.plan
        if only is not None:  # one kind of figure, e.g. `--only merge`
            self.out(f"# inspect-tui benchmarks, {p.name} run, {only} only: {describe_machine()}")
            getattr(self, ONLY[only])()
            self.verdicts()
            return
        self.out(f"# inspect-tui benchmarks, {p.name} run: {describe_machine()}")
        self.out(
            f"# medians of {p.repeat} runs (naive python-docx: {p.naive_repeat}), each in its own"
            " process; peak RSS is that process's VmHWM" + (f"; {p.note}" if p.note else "")
        )
        for n in sorted({*p.export_sizes, p.table_sites, *p.startup_sizes, *p.latency_sizes}):
            self.database(n)
        self.export_both_groupings()
        self.startup()
        self.latency()
        self.summary()
        self.roster_import()
        self.bundle_merge()
        self.verdicts()

    def bundle_merge(self) -> None:
        p = self.plan
        for n in p.merge_sizes:
            r = self.repeat(p.repeat, "merge", n)
            name = f"bundle.merge[{n}]"
            self.figure(name, r["merge"], "s")
            self.figure(f"bundle.parse[{n}]", r["parse"], "s")
            self.figure(f"{name}.per_site", r["merge"] / n * 1e6, "us")
            self.figure(f"{name}.conflicts", r["conflicts"], "rows")
            self.figure(f"{name}.files", r["size_kb"], "KB")
            self.figure(f"{name}.peak_rss", r["peak_rss_mb"], "MB")

    def export(self) -> None:
        p = self.plan
        for n in p.export_sizes:
            r = self.repeat(p.repeat, "export", str(self.database(n)), str(self.workdir / "o.docx"))
            name = f"export.docx[{n}]"
            self.figure(name, r["seconds"], "s")
            for stage in ("round_data", "compose", "render_docx", "open_write_record"):
                self.figure(f"{name}.{stage}", r.get(stage, float("nan")), "s")
            self.figure(f"{name}.per_site", r["seconds"] / n * 1e6, "us")
            self.figure(f"{name}.file", r["size_kb"], "KB")
            self.figure(f"{name}.peak_rss", r["peak_rss_mb"], "MB")
        largest = max(p.export_sizes)
        for fmt in ("csv", "json"):
            out = str(self.workdir / f"o.{fmt}")
            r = self.repeat(p.repeat, "export", str(self.database(largest)), out, fmt)
            self.figure(f"export.{fmt}[{largest}]", r["seconds"], "s")
            self.figure(f"export.{fmt}[{largest}].peak_rss", r["peak_rss_mb"], "MB")
        t = p.table_sites
        db = str(self.database(t))
        naive = self.repeat(p.naive_repeat, "naive", db)
        self.figure(f"export.naive_python_docx[{t}]", naive["seconds"], "s")
        self.figure(f"export.naive_python_docx[{t}].rows", naive["rows"], "rows")
        self.figure(f"export.naive_python_docx[{t}].peak_rss", naive["peak_rss_mb"], "MB")
        bare = self.repeat(p.repeat, "lxml", db)
        self.figure(f"export.lxml_bare[{t}]", bare["seconds"], "s")
        self.figure(f"export.lxml_bare[{t}].peak_rss", bare["peak_rss_mb"], "MB")
        text = self.repeat(p.repeat, "text", db)
        self.figure(f"export.text_stream[{t}]", text["seconds"], "s")
        self.figure(f"export.text_stream[{t}].peak_rss", text["peak_rss_mb"], "MB")
        if t in p.export_sizes:
            self.ratio(
                f"export.docx[{t}]/naive_python_docx", f"export.docx[{t}]",
                f"export.naive_python_docx[{t}]",
            )  # fmt: skip
            self.ratio(
                f"export.docx[{t}].render_docx/lxml_bare",
                f"export.docx[{t}].render_docx",
                f"export.lxml_bare[{t}]",
            )

    def export_both_groupings(self) -> None:
        """The exports, then the largest one again grouped as finely as it can be."""
        self.export()
        self.export_worst_grouping()

    def worst_grouping_database(self, n: int) -> Path:
        """The n-site round with every site under a parent portal of its own: attachment 1
        then has one group (heading, blank line, table) per site."""
        path = self.workdir / f"round-{n}-own-parents.sqlite"
        if not path.exists():
            shutil.copyfile(self.database(n), path)
            with sqlite3.connect(path) as db:
                db.execute("UPDATE round_sites SET parent = '门户网站' || seq")
        return path

    def export_worst_grouping(self) -> None:
        """The .docx export of the largest round grouped as finely as it can be, beside the
        normal grouping measured in `export` (issue 12: time must not depend on grouping)."""
        n = max(self.plan.export_sizes)
        db = self.worst_grouping_database(n)
        r = self.repeat(self.plan.repeat, "export", str(db), str(self.workdir / "o.docx"))
        name = f"export.docx_own_parents[{n}]"
        self.figure(name, r["seconds"], "s")
        self.figure(f"{name}.render_docx", r.get("render_docx", float("nan")), "s")
        self.figure(f"{name}.peak_rss", r["peak_rss_mb"], "MB")
        self.ratio(f"{name}/normal_grouping", name, f"export.docx[{n}]")

    def startup(self) -> None:
        p = self.plan
        bare = self.repeat(p.repeat, "startup", None)
        self.figure("startup.bare_app", bare["seconds"], "s")
        self.figure("startup.bare_app.peak_rss", bare["peak_rss_mb"], "MB")
        for n in p.startup_sizes:
            r = self.repeat(p.repeat, "startup", str(self.database(n)))
            self.figure(f"startup.walk[{n}]", r["seconds"], "s")
            self.figure(f"startup.walk[{n}].imports", r["imports"], "s")
            self.figure(f"startup.walk[{n}].peak_rss", r["peak_rss_mb"], "MB")
            self.ratio(f"startup.walk[{n}]/bare_app", f"startup.walk[{n}]", "startup.bare_app")

    def latency(self) -> None:
        p = self.plan
        bare = self.repeat(p.repeat, "latency", None, p.samples)
        for q in ("p50", "p95", "max"):
            self.figure(f"latency.bare_app.{q}", bare[f"key.{q}"], "ms")
        for n in p.latency_sizes:
            db = self.workdir / f"latency-{n}.sqlite"
            r = self.repeat(
                p.repeat,
                "latency",
                str(db),
                p.samples,
                before=lambda n=n: self.scratch_copy(n, "latency"),
            )
            for action in ("toggle", "next_site"):
                for q in ("p50", "p95", "max"):
                    self.figure(f"latency.{action}[{n}].{q}", r[f"{action}.{q}"], "ms")
                self.ratio(
                    f"latency.{action}[{n}].p95/bare_app",
                    f"latency.{action}[{n}].p95",
                    "latency.bare_app.p95",
                )
            self.figure(f"latency[{n}].peak_rss", r["peak_rss_mb"], "MB")

    def summary(self) -> None:
        """The summary screen, beside the start-up of the bare app (a screen shown by a
        minimal app: the floor of showing anything)."""
        p = self.plan
        for n in p.latency_sizes:
            r = self.repeat(p.repeat, "summary", str(self.database(n)))
            for stage in ("open", "preview", "filter", "back"):
                self.figure(f"summary.{stage}[{n}]", r[stage], "s")
            self.figure(f"summary[{n}].peak_rss", r["peak_rss_mb"], "MB")
            self.ratio(f"summary.open[{n}]/bare_app", f"summary.open[{n}]", "startup.bare_app")

    def roster_import(self) -> None:
        p = self.plan
        for n in p.import_sizes:
            csv_path = self.workdir / f"roster-{n}.csv"
            if not csv_path.exists():
                csv_path.write_bytes(_synth().roster_csv(n))
            db = self.workdir / f"import-{n}.sqlite"

            def fresh(db: Path = db) -> None:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)

            r = self.repeat(p.repeat, "import", str(csv_path), str(db), before=fresh)
            name = f"import.roster[{n}]"
            self.figure(name, r["seconds"], "s")
            for stage in ("parse", "replace_roster", "create_round"):
                self.figure(f"{name}.{stage}", r.get(stage, float("nan")), "s")
            self.figure(f"{name}.per_site", r["seconds"] / n * 1e6, "us")
            self.figure(f"{name}.peak_rss", r["peak_rss_mb"], "MB")

    def verdicts(self) -> None:
        """Comment lines: each target, held or not (only for figures this plan measured)."""
        for name, (limit, unit) in TARGETS.items():
            if name in self.figures:
                value = self.figures[name][0]
                verdict = "ok" if value < limit else "MISSED"
                self.out(f"# target {name} < {limit:g} {unit}: {value:.3g} {unit} {verdict}")
        rss = {k: v for k, (v, _) in self.figures.items() if k.endswith(".peak_rss")}
        over = [f"{k} {v:.0f} MB" for k, v in rss.items() if v >= RSS_TARGET_MB]
        if rss:
            largest = max(rss, key=lambda k: rss[k])
            summary = f"MISSED by {', '.join(over)}" if over else f"ok (largest {largest})"
            self.out(f"# target peak RSS < {RSS_TARGET_MB:g} MB: {summary}")


ONLY = {
    "export": "export_both_groupings",
    "startup": "startup",
    "latency": "latency",
    "summary": "summary",
    "import": "roster_import",
    "merge": "bundle_merge",
}


def describe_machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = ", ".join(
        f"{pkg} {_version(pkg)}" for pkg in ("textual", "python-docx", "lxml", "sqlite-utils")
    )
    return (
        f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, {versions}, "
        f"SQLite {sqlite3.sqlite_version}"
    )


def _version(pkg: str) -> str:
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return "?"


@dataclass
class _Workdir:
    path: Path | None

    def __enter__(self) -> Path:
        if self.path is not None:
            self.path.mkdir(parents=True, exist_ok=True)
            return self.path
        self._tmp = tempfile.TemporaryDirectory(prefix="inspect-tui-bench-")
        return Path(self._tmp.name)

    def __exit__(self, *exc: object) -> None:
        if self.path is None:
            self._tmp.cleanup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--quick", action="store_true", help="under 3 minutes")
    which.add_argument("--smoke", action="store_true", help="every figure at 36 sites, once")
    parser.add_argument("--workdir", type=Path, help="keep the databases here (reused if present)")
    parser.add_argument("--only", choices=sorted(ONLY), help="one kind of figure only")
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "ARGS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker_main(*args.worker)
    plan = PLANS["quick" if args.quick else "smoke" if args.smoke else "full"]
    started = time.perf_counter()
    with _Workdir(args.workdir) as workdir:
        runner = Runner(plan, workdir, out=lambda line: print(line, flush=True))
        runner.run(args.only)
    print(f"# {plan.name} run took {time.perf_counter() - started:.0f} s", flush=True)
    return 0


def figure_names(plan: Plan) -> Iterator[str]:
    """The figure lines a run of `plan` prints, by name (for the smoke test)."""
    for n in plan.export_sizes:
        yield f"export.docx[{n}]"
        yield f"export.docx[{n}].render_docx"
        yield f"export.docx[{n}].peak_rss"
    largest = max(plan.export_sizes)
    yield f"export.docx_own_parents[{largest}]"
    yield f"export.docx_own_parents[{largest}].peak_rss"
    yield f"export.docx_own_parents[{largest}]/normal_grouping"
    yield f"export.naive_python_docx[{plan.table_sites}]"
    yield f"export.lxml_bare[{plan.table_sites}]"
    yield f"export.text_stream[{plan.table_sites}]"
    yield "startup.bare_app"
    for n in plan.startup_sizes:
        yield f"startup.walk[{n}]"
        yield f"startup.walk[{n}]/bare_app"
        yield f"startup.walk[{n}].peak_rss"
    yield "latency.bare_app.p95"
    for n in plan.latency_sizes:
        for action in ("toggle", "next_site"):
            yield f"latency.{action}[{n}].p50"
            yield f"latency.{action}[{n}].p95"
            yield f"latency.{action}[{n}].p95/bare_app"
    for n in plan.latency_sizes:
        yield f"summary.open[{n}]"
        yield f"summary.preview[{n}]"
        yield f"summary.filter[{n}]"
        yield f"summary.open[{n}]/bare_app"
    yield f"export.csv[{max(plan.export_sizes)}]"
    yield f"export.json[{max(plan.export_sizes)}].peak_rss"
    for n in plan.import_sizes:
        yield f"import.roster[{n}]"
        yield f"import.roster[{n}].peak_rss"
    for n in plan.merge_sizes:
        yield f"bundle.merge[{n}]"
        yield f"bundle.parse[{n}]"
        yield f"bundle.merge[{n}].peak_rss"


if __name__ == "__main__":
    raise SystemExit(main())
