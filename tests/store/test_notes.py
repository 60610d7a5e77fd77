"""Private notes in their own table (store/notes.py, m007_notes): audited, undoable, moved
over from the settings row the walk kept them in before."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from inspect_tui.sample import load_sample
from inspect_tui.store import Store
from inspect_tui.store.schema import MIGRATIONS_TABLE, SCHEMA_VERSION
from inspect_tui.walk_model import WalkModel

FRESH = "2019Q1"
SITE = "N000007775"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "notes.sqlite"
    with Store(path, actor="tester") as store:
        load_sample(store)
        store.create_round(FRESH, "fresh", from_key="2018Q1")
    return path


def test_a_note_is_audited_and_undone(db: Path) -> None:
    with Store(db, actor="tester") as store:
        store.set_note(FRESH, SITE, "typo", "  首頁再看 ")
        assert store.notes(FRESH) == {SITE: {"typo": "首頁再看"}}
        entry = store.audit(FRESH)[-1]
        assert (entry.entity, entry.action, entry.site_uid) == ("note", "set", SITE)
        assert entry.after == {"category": "typo", "note": "首頁再看"}
        store.set_note(FRESH, SITE, "typo", "首頁再看")  # unchanged: no second row
        assert store.audit(FRESH)[-1].id == entry.id
        store.set_note(FRESH, SITE, "typo", "改了")
        undone = store.undo_last(FRESH)
        assert undone is not None and undone.entity == "note"
        assert store.notes(FRESH) == {SITE: {"typo": "首頁再看"}}
        store.undo_last(FRESH)
        assert store.notes(FRESH) == {}
        assert store.findings(FRESH, SITE) == []  # a note is never a finding


def test_the_walk_model_keeps_notes_in_the_table_and_undo_takes_them_back(db: Path) -> None:
    with Store(db, actor="tester") as store:
        model = WalkModel(store, FRESH)
        model.set_note(SITE, "typo", "首頁再看")
        assert store.get_setting(f"notes:{FRESH}") == ""  # no settings row any more
        assert WalkModel(store, FRESH).note(SITE, "typo") == "首頁再看"
        entry = model.undo()
        assert entry is not None and entry.entity == "note"
        assert model.note(SITE, "typo") == ""
        assert model.state(SITE).notes == {}


def test_notes_kept_in_settings_move_to_the_table(db: Path) -> None:
    # Make the file as the walk left it before m007: no table, notes in a settings row.
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE private_notes")
    conn.execute(f"DELETE FROM {MIGRATIONS_TABLE} WHERE name = 'm007_notes'")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    notes = {SITE: {"typo": "首頁再看", "blank": "  "}, "no-such-site": {"typo": "x"}}
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)",
        [f"notes:{FRESH}", json.dumps(notes, ensure_ascii=False)],
    )
    conn.commit()
    conn.close()
    with Store(db, actor="tester") as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.notes(FRESH) == {SITE: {"typo": "首頁再看"}}
        assert store.get_setting(f"notes:{FRESH}") == ""
