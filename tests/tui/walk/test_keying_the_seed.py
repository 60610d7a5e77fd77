"""The acceptance test of the walk (issue 14 item 10): key the seed circular in, and count.

Start from the sample roster in a blank round (the sample round's metadata without its
narrative), go to each of the 14 sites with findings, record every finding listed in
samples/dayawan-2018q1.json with the keys an inspector would press, add the 二(五) narrative
with `t`, and check that the circular composed from the keyed round is exactly the one
composed from the bundled sample.

Every key counts except the characters of free text (a reworded sentence, a note, a period,
the narrative's paragraph); the digits of a list number or a count, and the letters typed to
filter the element picker, count. The budget is 130; the test prints what it used.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from app_helpers import AppFactory, type_text, walk_of
from inspect_tui import roster
from inspect_tui.checklist import CategoryKind
from inspect_tui.circular.compose import compose
from inspect_tui.circular.text import render_text
from inspect_tui.model import Qualifier, RoundMeta, Scope, Script
from inspect_tui.sample import load_sample, read_sample
from inspect_tui.store import Store, finding_to_dict
from inspect_tui.tui.app import InspectApp
from inspect_tui.tui.screens.confirm import TextPrompt
from inspect_tui.tui.screens.elements import QUALIFIERS, SCOPES, ElementsDialog
from inspect_tui.tui.screens.finding_editor import FindingEditor
from inspect_tui.tui.screens.jump import SiteJumpDialog
from inspect_tui.tui.screens.narratives import NarrativesDialog
from inspect_tui.tui.screens.walk import WalkScreen

SAMPLE_FILE = "dayawan-2018q1.json"
BUDGET = 130


class Keys:
    """Presses keys through the pilot and counts them; free text is typed but not counted."""

    def __init__(self, pilot: Pilot[None]) -> None:
        self.pilot = pilot
        self.count = 0

    async def press(self, *keys: str) -> None:
        self.count += len(keys)
        for key in keys:
            await self.pilot.press(key)
        await self.pilot.pause()

    async def free_text(self, text: str) -> None:
        await type_text(self.pilot, text)


def circular_text(path: Path, key: str) -> str:
    with Store(path, actor="checker") as store:
        return render_text(compose(store.round_data(key), store.round_checklist(key)))


def filter_for(element: str, options: list[str]) -> str:
    """The shortest run of characters of `element` whose first match in the picker is it."""
    for size in range(1, len(element) + 1):
        for start in range(len(element) - size + 1):
            part = element[start : start + size]
            if next(o for o in options if part in o) == element:
                return part
    return element


async def go_to_site(keys: Keys, app: InspectApp, walk: WalkScreen, seq: int) -> None:
    """n when the site is close; the jump by list number (`/`, the digits, enter) when not."""
    gap = seq - walk.site.seq
    by_number = 2 + len(str(seq))
    if 0 <= gap <= by_number:
        await keys.press(*["n"] * gap)
    else:
        await keys.press("slash")
        assert isinstance(app.screen, SiteJumpDialog)
        await keys.press(*str(seq), "enter")
    assert walk.site.seq == seq


async def choose(keys: Keys, index: int, size: int) -> None:
    """Press the radio button `index` of a set whose highlight is on the first (arrows wrap)."""
    if index == 0:
        return
    steps = ["right"] * index if index <= size - index else ["left"] * (size - index)
    await keys.press(*steps, "enter")


async def key_in(keys: Keys, app: InspectApp, walk: WalkScreen, item: dict[str, Any]) -> None:
    """Record one finding of the sample file with the keys an inspector presses."""
    category = walk.checklist.category(item["category"])
    number = [c.id for c in walk.panel.categories].index(category.id) + 1
    await keys.press(str(number))
    if category.kind is CategoryKind.ELEMENTS:
        dialog = app.screen
        assert isinstance(dialog, ElementsDialog)
        for element in item["elements"]:  # ticked in the order recorded, by filtering
            await keys.press(*filter_for(element, dialog.options), "enter")
        qualifier = QUALIFIERS.index(Qualifier(item.get("qualifier", "")))
        scope = SCOPES.index(Scope(item.get("scope", "")))
        if qualifier or scope:
            await keys.press("tab")  # list → 程度
            await choose(keys, qualifier, len(QUALIFIERS))
        if scope:
            await keys.press("tab")  # 程度 → 范围
            await choose(keys, scope, len(SCOPES))
        await keys.press("ctrl+s")
    count = item.get("count")
    age, wording, note = item.get("age", ""), item.get("wording", ""), item.get("note", "")
    if category.kind is CategoryKind.COUNT and ((count and count > 1) or (age and not wording)):
        await keys.press("enter")  # the editor opens on the count
        assert isinstance(app.screen, FindingEditor)
        if count and count > 1:
            await keys.press(*str(count))  # the count is selected: typing replaces it
        if age:
            await keys.press("tab")
            await keys.free_text(age)
        await keys.press("enter")
    elif age or wording or note:
        await keys.press("w")  # the editor opens on the wording, selected
        assert isinstance(app.screen, FindingEditor)
        if age:
            await keys.press("shift+tab")
            await keys.free_text(age)
            await keys.press("tab")
        await keys.free_text(wording)
        if note:
            await keys.press("tab")
            await keys.free_text(note)
        await keys.press("enter")
    assert isinstance(app.screen, WalkScreen)


async def add_narrative(keys: Keys, app: InspectApp, text: str) -> None:
    await keys.press("t")
    assert isinstance(app.screen, NarrativesDialog)
    await keys.press("a")  # the prompt starts with the site's name, selected: typing replaces it
    assert isinstance(app.screen, TextPrompt)
    await keys.free_text(text)
    await keys.press("enter", "escape")
    assert isinstance(app.screen, WalkScreen)


async def test_keying_the_seed_reproduces_the_sample_circular(
    tmp_path: Path, make_app: AppFactory
) -> None:
    doc: dict[str, Any] = json.loads(read_sample(SAMPLE_FILE).decode("utf-8"))
    spec = doc["round"]
    key = str(spec["key"])
    sites = roster.parse_roster(read_sample(doc["roster"]), doc["roster"]).sites
    meta = RoundMeta.from_dict(spec["meta"])
    keyed = tmp_path / "keyed.sqlite"
    with Store(keyed, actor="tester") as store:
        store.replace_roster(sites, source="sample roster")
        store.create_round(
            key, spec["title"], script=Script(spec["script"]), meta=replace(meta, narratives=())
        )
    by_site: dict[str, list[dict[str, Any]]] = {}
    for item in doc["findings"]:
        by_site.setdefault(item["site_uid"], []).append(item)
    assert len(by_site) == 14 and len(meta.narratives) == 1

    app = make_app(keyed, round_key=key)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        keys = Keys(pilot)
        walk = walk_of(app)
        for site in sites:
            if site.uid in by_site:
                await go_to_site(keys, app, walk, site.seq)
                for item in by_site[site.uid]:
                    await key_in(keys, app, walk, item)
        await add_narrative(keys, app, meta.narratives[0].text)

    print(f"\nkeys used to key the seed (typed text not counted): {keys.count} (budget {BUDGET})")
    reference = tmp_path / "sample.sqlite"
    with Store(reference, actor="tester") as store:
        load_sample(store)
    with Store(keyed) as a, Store(reference) as b:
        keyed_findings = sorted(map(finding_to_dict, a.findings(key)), key=json.dumps)
        sample_findings = sorted(map(finding_to_dict, b.findings(key)), key=json.dumps)
        assert keyed_findings == sample_findings
        assert [n.text for n in a.round(key).meta.narratives] == [meta.narratives[0].text]
    assert circular_text(keyed, key) == circular_text(reference, key)
    assert keys.count <= BUDGET
