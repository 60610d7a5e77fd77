"""Issue 13: the office profile, round metadata on the command line, and export preflight.

On a new database nothing of the sample district is said: every field the template uses is a
gap until the office or the round gives it, `export` lists the gaps and exits 1, `--draft`
marks them 【待填：…】, and after they are set the circular is complete.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from inspect_tui.cli import cli
from inspect_tui.meta_fields import resolve, template_usage
from inspect_tui.model import Office, Progress, RoundMeta
from inspect_tui.store import Store

SAMPLE_WORDS = ("大亚湾", "大亞灣", "各街道办事处", "各街道辦事處", "区政务公开", "區政務公開")
ROSTER = Path(__file__).resolve().parents[2] / "samples" / "shortform-roster.csv"

OFFICE = {
    "issuer": "示例市数据局",
    "addressees": "各县（区）数据局，市直各单位",
    "report_to": "市数据局",
    "contact": "李示例",
    "phone": "0000-7654321",
    "inspector": "市数据局",
    "basis": "根据《政府网站发展指引》",
    "scope": "全市政府网站",
    "requirements": "各单位要按期整改。\n（一）落实责任。明确整改责任人。",
}
ROUND = {
    "doc_number": "示数函〔2026〕1号",
    "period": "3月2日至3月13日",
    "deadline": "4月10日",
    "date": "2026年3月20日",
}


def invoke(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


@pytest.fixture
def new_round(tmp_path: Path) -> Path:
    db = tmp_path / "o.db"
    assert invoke(db, "roster", "import", str(ROSTER)).exit_code == 0
    created = invoke(
        db, "rounds", "new", "2026Q1", "--title", "关于2026年第一季度网站检查情况的通报"
    )
    assert created.exit_code == 0, created.output
    return db


def walk_all(db: Path) -> None:
    with Store(db) as s:
        for site in s.round_sites("2026Q1"):
            s.set_progress("2026Q1", site.uid, Progress.DONE)


def test_new_database_has_no_office_and_export_lists_the_gaps(
    new_round: Path, tmp_path: Path
) -> None:
    with Store(new_round) as s:
        assert s.office() == Office()
    out = tmp_path / "x.docx"
    result = invoke(new_round, "export", "2026Q1", "-o", str(out))
    assert result.exit_code == 1
    assert not out.exists()
    for name in ("issuer", "addressees", "contact", "phone", "period", "deadline", "date"):
        assert re.search(
            rf"^gap: {name} \(.+\) is empty; set it with: inspect-tui ", result.output, re.M
        ), name
    assert "office set issuer" in result.output
    assert "rounds set 2026Q1 period" in result.output
    assert "nothing recorded" in result.output


def test_draft_marks_every_gap(new_round: Path, tmp_path: Path) -> None:
    import docx

    out = tmp_path / "x.docx"
    result = invoke(new_round, "export", "2026Q1", "-o", str(out), "--draft")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    assert document.core_properties.content_status == "草稿"
    text = "\n".join(p.text for p in document.paragraphs)
    marks = set(re.findall(r"【待填：([^】]+)】", text))
    assert {
        "发文机关",
        "主送机关",
        "联系人",
        "联系电话",
        "抽查时间",
        "整改期限",
        "成文日期",
        "实施单位",
    } <= marks
    for word in SAMPLE_WORDS:
        assert word not in text
    # every gap, and nothing else, is marked
    from inspect_tui.circular.wording import load_wording
    from inspect_tui.export_check import resolved_fields
    from inspect_tui.meta_fields import field_labels
    from inspect_tui.model import Script

    labels = field_labels(load_wording(Script.HANS).data)
    with Store(new_round) as s:
        missing = {labels[f.name] for f in resolved_fields(s, "2026Q1") if f.missing}
    assert marks == missing


def test_after_setting_the_fields_the_export_is_complete(new_round: Path, tmp_path: Path) -> None:
    import docx

    for name, value in OFFICE.items():
        assert invoke(new_round, "office", "set", name, value).exit_code == 0
    for name, value in ROUND.items():
        assert invoke(new_round, "rounds", "set", "2026Q1", name, value).exit_code == 0
    walk_all(new_round)
    out = tmp_path / "x.docx"
    result = invoke(new_round, "export", "2026Q1", "-o", str(out))
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    assert document.core_properties.content_status != "草稿"
    text = "\n".join(p.text for p in document.paragraphs)
    for value in (*OFFICE.values(), *ROUND.values()):
        assert value.splitlines()[0] in text
    assert "待填" not in text
    for word in SAMPLE_WORDS:
        assert word not in text


def test_rounds_show_says_where_each_value_comes_from(new_round: Path) -> None:
    invoke(new_round, "office", "set", "contact", "李示例")
    invoke(new_round, "rounds", "set", "2026Q1", "phone", "０７５２－１２３")
    lines = {
        ln.split("\t")[0]: ln.split("\t")
        for ln in invoke(new_round, "rounds", "show", "2026Q1").output.splitlines()
    }
    assert lines["contact"][1] == "office" and lines["contact"][4] == "李示例"
    assert lines["phone"][1] == "round" and lines["phone"][4] == "0752-123"  # normalised
    assert lines["closing"][1] == "template"
    assert lines["issuer"][1] == "-" and lines["issuer"][2] == "*"
    assert lines["note"][2] == " "


def test_rounds_set_checks_like_the_form(new_round: Path) -> None:
    result = invoke(new_round, "rounds", "set", "2026Q1", "doc_number", "示办函[2026]第003号")
    assert result.exit_code == 0 and "示办函〔2026〕3号" in result.output
    bad = invoke(new_round, "rounds", "set", "2026Q1", "date", "2026-02-30")
    assert bad.exit_code == 1 and "no such day" in bad.output
    assert invoke(new_round, "rounds", "set", "2026Q1", "nonsense", "x").exit_code == 1
    assert invoke(new_round, "rounds", "set", "2026Q1", "template", "no-such").exit_code == 1


def test_office_export_import_round_trip(new_round: Path, tmp_path: Path) -> None:
    for name, value in OFFICE.items():
        invoke(new_round, "office", "set", name, value)
    file = tmp_path / "office.toml"
    assert invoke(new_round, "office", "export", str(file)).exit_code == 0
    other = tmp_path / "other.db"
    assert invoke(other, "office", "import", str(file)).exit_code == 0
    with Store(other) as a, Store(new_round) as b:
        assert a.office() == b.office() and a.office().requirements == OFFICE["requirements"]
    broken = tmp_path / "broken.toml"
    broken.write_text("[office]\nissuer = 3\n", encoding="utf-8")
    result = invoke(other, "office", "import", str(broken))
    assert result.exit_code == 1 and "issuer" in result.output


def test_office_set_refuses_bad_values(new_round: Path) -> None:
    assert invoke(new_round, "office", "set", "phone", "abc").exit_code == 1
    assert invoke(new_round, "office", "set", "letterhead", "fancy").exit_code == 1
    assert invoke(new_round, "office", "set", "letterhead", "file").exit_code == 0
    assert invoke(new_round, "office", "set", "colour", "red").exit_code == 1


def test_round_value_overrides_the_office() -> None:
    usage = template_usage("{{ meta.issuer }} {{ meta.note }} {{ meta.closing or words.closing }}")
    fields = {
        f.name: f
        for f in resolve(RoundMeta(issuer="本轮"), Office(issuer="单位"), usage, {"closing": "c"})
    }
    assert (fields["issuer"].value, fields["issuer"].source) == ("本轮", "round")
    fields = {
        f.name: f for f in resolve(RoundMeta(), Office(issuer="单位"), usage, {"closing": "c"})
    }
    assert (fields["issuer"].value, fields["issuer"].source) == ("单位", "office")
    assert fields["closing"].source == "template" and not fields["closing"].missing
    assert not fields["note"].required and fields["issuer"].required
    assert not fields["phone"].used and not fields["phone"].required


def test_fill_arguments_are_required_only_where_the_text_names_them() -> None:
    usage = template_usage("{{ meta.closing | fill(phone=meta.phone) }}")
    with_phone = {
        f.name: f for f in resolve(RoundMeta(closing="电话：{phone}"), Office(), usage, {})
    }
    without = {f.name: f for f in resolve(RoundMeta(closing="特此通报。"), Office(), usage, {})}
    assert with_phone["phone"].missing and not without["phone"].required


def test_sample_rounds_have_no_gaps_in_their_fields(sample_store: Store) -> None:
    from inspect_tui.export_check import resolved_fields, round_gaps

    for key in ("2018Q1", "2018Q2"):
        assert [f.name for f in resolved_fields(sample_store, key) if f.missing] == []
        assert round_gaps(sample_store, key) == []  # the samples export without --draft


def _data(n: int = 3, findings: int = 0) -> Any:
    from inspect_tui.model import Finding, Round, RoundData, Site, SiteKind

    sites = tuple(
        Site(i, SiteKind.PORTAL, f"站{i}", f"站{i}", code=f"{i:010d}") for i in range(1, n + 1)
    )
    found = tuple(Finding(sites[0].uid, "typo", count=1) for _ in range(findings))
    return RoundData(Round("2026Q1", ""), sites, found)


def test_preflight_sites_followups_and_nothing_recorded() -> None:
    from inspect_tui.model import FollowUp
    from inspect_tui.preflight import preflight

    data = _data()
    uids = [s.uid for s in data.sites]
    assert [g.kind for g in preflight(data, [], {}, {})] == ["empty"]
    progress = {uids[0]: Progress.DONE, uids[1]: Progress.IN_PROGRESS}
    gaps = preflight(
        data, [], progress, {(uids[2], "typo"): None, (uids[0], "typo"): FollowUp.FIXED}
    )
    assert [(g.kind, g.count, g.site_uid) for g in gaps] == [
        ("not_done", 2, uids[1]),
        ("followups", 1, uids[2]),
    ]
    done = {u: Progress.DONE for u in uids}
    assert preflight(data, [], done, {(uids[2], "typo"): FollowUp.PRESENT}) == []
    assert preflight(_data(findings=1), [], done, {}) == []


def test_rounds_new_without_office_says_how_to_set_it(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    invoke(db, "roster", "import", str(ROSTER))
    first = invoke(db, "rounds", "new", "2026Q1")
    assert "inspect-tui office set issuer" in first.output
    invoke(db, "office", "set", "issuer", "示例市数据局")
    second = invoke(db, "rounds", "new", "2026Q2")
    assert "office set" not in second.output


def test_export_uses_the_offices_fonts(tmp_path: Path) -> None:
    import zipfile

    db = tmp_path / "s.db"
    invoke(db, "sample")
    invoke(db, "office", "set", "font_profile", "windows")
    out = tmp_path / "w.docx"
    assert invoke(db, "export", "2018Q1", "-o", str(out)).exit_code == 0
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    assert "仿宋_GB2312" not in xml and "仿宋" in xml


def test_template_samples_export_without_gaps(store: Store) -> None:
    from inspect_tui.export_check import round_gaps
    from inspect_tui.sample import TEMPLATE_SAMPLE_FILES, load_sample

    for key in load_sample(store, TEMPLATE_SAMPLE_FILES):
        assert round_gaps(store, key) == [], key
