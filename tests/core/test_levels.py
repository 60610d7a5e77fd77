"""A site's administrative level (层级): roster column, store, bundle, export."""

from __future__ import annotations

from pathlib import Path

from inspect_tui.model import RoundMeta
from inspect_tui.roster import export_roster, parse_roster
from inspect_tui.store import Store

CSV = "序号,类型,全称,简称,层级\r\n1,部门网站,某市民政局,市民政局,市直部门\r\n2,门户网站,甲县政府,甲县,县区门户\r\n3,部门网站,乙局,乙局,\r\n"


def test_level_column_is_read_stored_and_exported(tmp_path: Path) -> None:
    sites = parse_roster(CSV.encode("utf-8"), "roster.csv").sites
    assert [s.level for s in sites] == ["市直部门", "县区门户", ""]
    traditional = CSV.replace("层级", "層級").encode("utf-8")
    assert [s.level for s in parse_roster(traditional, "r.csv").sites][:2] == [
        "市直部门",
        "县区门户",
    ]
    with Store(tmp_path / "x.db") as store:
        store.replace_roster(sites)
        store.create_round("2026-03", meta=RoundMeta(template="city-monthly-census"))
        data = store.round_data("2026-03")
        assert [s.level for s in data.sites] == ["市直部门", "县区门户", ""]
        assert data.round.meta.template == "city-monthly-census"
    exported = export_roster(sites).decode("utf-8-sig")
    assert exported.splitlines()[0].endswith(",level")
    assert [s.level for s in parse_roster(export_roster(sites), "again.csv").sites] == [
        "市直部门",
        "县区门户",
        "",
    ]
