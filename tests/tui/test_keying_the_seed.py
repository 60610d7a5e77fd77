"""The acceptance test of the walk: key in the seed circular's findings through the keyboard.

Start from the sample roster in an empty round carrying the sample round's metadata (the
narrative of 二(五) is metadata), walk the 36 sites in order, record every finding listed in
samples/dayawan-2018q1.json with the keys an inspector would press, and check that the
circular composed from the keyed round is exactly the one composed from the bundled sample.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from inspect_tui import roster
from inspect_tui.checklist import CategoryKind
from inspect_tui.circular.compose import compose
from inspect_tui.circular.text import render_text
from inspect_tui.model import Qualifier, RoundMeta, Scope, Script
from inspect_tui.sample import load_sample, read_sample
from inspect_tui.store import Store, finding_to_dict
from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.elements import QUALIFIERS, SCOPES, ElementsDialog
from inspect_tui.tui.screens.finding_editor import FindingEditor
from inspect_tui.tui.screens.walk import WalkScreen
from tui.helpers import AppFactory, type_text, walk_of

SAMPLE_FILE = "dayawan-2018q1.json"


def circular_text(path: Path, key: str) -> str:
    with Store(path, actor="checker") as store:
        return render_text(compose(store.round_data(key), store.round_checklist(key)))


async def key_in(
    pilot: Pilot[None], app: InspectApp, walk: WalkScreen, item: dict[str, Any]
) -> None:
    """Record one finding of the sample file with the keys an inspector presses."""
    category = walk.checklist.category(item["category"])
    number = [c.id for c in walk.panel.categories].index(category.id) + 1
    await pilot.press(str(number))
    await pilot.pause()
    if category.kind is CategoryKind.ELEMENTS:
        dialog = app.screen
        assert isinstance(dialog, ElementsDialog)
        for element in item["elements"]:  # ticked in the order recorded
            await pilot.press("home", *["down"] * dialog.options.index(element), "space")
        qualifier = QUALIFIERS.index(Qualifier(item.get("qualifier", "")))
        scope = SCOPES.index(Scope(item.get("scope", "")))
        await pilot.press("tab", *["right"] * qualifier, "enter")  # list → 程度 in one Tab
        await pilot.press("tab", *["right"] * scope, "enter")
        await pilot.press("ctrl+s")
        await pilot.pause()
    count = item.get("count")
    if category.kind is CategoryKind.COUNT and count and count > 1:
        await pilot.press("enter")  # the editor opens on the count
        await pilot.pause()
        await pilot.press("backspace", *str(count), "enter")
        await pilot.pause()
    age, wording, note = item.get("age", ""), item.get("wording", ""), item.get("note", "")
    if age or wording or note:
        await pilot.press("w")  # the editor opens on the wording
        await pilot.pause()
        assert isinstance(app.screen, FindingEditor)
        if age:
            await pilot.press("shift+tab")
            await type_text(pilot, age)
            await pilot.press("tab")
        await type_text(pilot, wording)
        if note:
            await pilot.press("tab")
            await type_text(pilot, note)
        await pilot.press("enter")
        await pilot.pause()
    assert isinstance(app.screen, WalkScreen)


async def test_keying_the_seed_reproduces_the_sample_circular(
    tmp_path: Path, make_app: AppFactory
) -> None:
    doc: dict[str, Any] = json.loads(read_sample(SAMPLE_FILE).decode("utf-8"))
    spec = doc["round"]
    key = str(spec["key"])
    sites = roster.parse_roster(read_sample(doc["roster"]), doc["roster"]).sites
    keyed = tmp_path / "keyed.sqlite"
    with Store(keyed, actor="tester") as store:
        store.replace_roster(sites, source="sample roster")
        store.create_round(
            key,
            spec["title"],
            script=Script(spec["script"]),
            meta=RoundMeta.from_dict(spec["meta"]),
        )
    by_site: dict[str, list[dict[str, Any]]] = {}
    for item in doc["findings"]:
        by_site.setdefault(item["site_uid"], []).append(item)

    app = make_app(keyed, round_key=key)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        walk = walk_of(app)
        for site in sites:
            assert walk.site.uid == site.uid
            for item in by_site.get(site.uid, []):
                await key_in(pilot, app, walk, item)
            await pilot.press("d")
            await pilot.pause()
        assert walk.rows.done == len(sites)

    reference = tmp_path / "sample.sqlite"
    with Store(reference, actor="tester") as store:
        load_sample(store)
    with Store(keyed) as a, Store(reference) as b:
        keyed_findings = sorted(map(finding_to_dict, a.findings(key)), key=json.dumps)
        sample_findings = sorted(map(finding_to_dict, b.findings(key)), key=json.dumps)
        assert keyed_findings == sample_findings
    assert circular_text(keyed, key) == circular_text(reference, key)
