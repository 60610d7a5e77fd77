"""The export service and the app's preview give compose what lives outside the round: the
previous round (the city form's change against last month), the office's own templates (the
`templates/` folder beside the database) and the population a sample was drawn from."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from inspect_tui import export
from inspect_tui.circular.template import _bundled_text, office_template_dir
from inspect_tui.sample import ALL_SAMPLE_FILES, load_sample
from inspect_tui.store import Store
from inspect_tui.tui.screens.summary import preview_text


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(tmp_path_factory.mktemp("wiring") / "x.sqlite") as s:
        load_sample(s, ALL_SAMPLE_FILES)
        yield s


def exported_text(store: Store, key: str, folder: Path) -> str:
    path = folder / f"{key}.txt"
    export.export_round(store, key, path, force=True)
    return path.read_text(encoding="utf-8")


def test_city_export_says_the_change_against_last_month(samples: Store, tmp_path: Path) -> None:
    text = exported_text(samples, "2026-03", tmp_path)
    assert "与上月持平" in text  # 24 sites both months
    assert "（上月1家，4.17%）" in text  # February: 1 of 24 不合格
    assert "上月普查发现的问题中，仍有1家网站未按期整改到位" in text


def test_a_round_without_previous_reads_none(samples: Store) -> None:
    data = samples.round_data("2026-02")
    assert export.compose_inputs(samples, data).previous is None
    march = samples.round_data("2026-03")
    previous = export.compose_inputs(samples, march).previous
    assert previous is not None and previous.round.key == "2026-02"


def test_short_form_states_the_population_of_the_sample(samples: Store, tmp_path: Path) -> None:
    assert samples.round("2026Q1").meta.population == "30"  # kept when the sample was drawn
    text = exported_text(samples, "2026Q1", tmp_path)
    assert "部属各单位网站共30个，本次随机抽查12个，抽查比例为40%。" in text


def test_population_only_when_larger_than_the_round(samples: Store) -> None:
    data = samples.round_data("2026-03")
    assert export.round_population(data) is None  # a census: no population
    short = samples.round_data("2026Q1")
    assert export.round_population(short) == 30


def test_the_preview_is_the_exported_circular(samples: Store) -> None:
    data = samples.round_data("2026-03")
    checklist = samples.round_checklist("2026-03")
    text = preview_text(data, checklist, export.compose_inputs(samples, data))
    assert "（上月1家，4.17%）" in text


def test_an_office_template_beside_the_database_overrides_the_bundled_one(
    tmp_path: Path,
) -> None:
    db = tmp_path / "office.sqlite"
    folder = office_template_dir(db)
    folder.mkdir()
    own = _bundled_text("short-form").replace("特此通报。", "特此通报，请遵照执行。")
    (folder / "short-form.toml").write_text(own, encoding="utf-8")
    with Store(db) as store:
        load_sample(store, ("shortform-2026q1.json",))
        assert export.compose_inputs(store, store.round_data("2026Q1")).search_dirs == (folder,)
        text = exported_text(store, "2026Q1", tmp_path)
    assert "特此通报，请遵照执行。" in text


def test_a_broken_office_template_is_one_line_in_the_preview(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    folder = office_template_dir(db)
    folder.mkdir()
    (folder / "short-form.toml").write_text("[template\n", encoding="utf-8")
    with Store(db) as store:
        load_sample(store, ("shortform-2026q1.json",))
        data = store.round_data("2026Q1")
        inputs = export.compose_inputs(store, data)
        with pytest.raises(export.UserError, match=r"short-form\.toml"):
            preview_text(data, store.round_checklist("2026Q1"), inputs)


@pytest.mark.parametrize("key", ["2026-03", "2026Q1"])
def test_other_forms_do_not_borrow_the_district_wording(
    samples: Store, tmp_path: Path, key: str
) -> None:
    # body and attachment headers: a city or a department checks websites, not 频道或平台
    text = exported_text(samples, key, tmp_path)
    assert "频道或平台" not in text and "頻道或平臺" not in text


async def test_the_summary_screen_previews_with_the_previous_round(samples: Store) -> None:
    from textual.widgets import TextArea

    from host_app import Host
    from inspect_tui.tui.screens.summary import SummaryScreen

    app = Host(lambda: SummaryScreen(samples, "2026-03"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("p")  # show the preview
        await app.workers.wait_for_complete()  # composed off the UI thread
        await pilot.pause()
        text = app.screen.query_one("#summary-preview", TextArea).text.replace("\n", "")
    assert "（上月1家，4.17%）" in text


@pytest.mark.parametrize("key", ["2018Q1", "2026-03", "2026Q1"])
@pytest.mark.parametrize("fmt", ["docx", "txt", "pdf"])
def test_the_three_sample_forms_export(samples: Store, tmp_path: Path, key: str, fmt: str) -> None:
    from inspect_tui.circular.pdf import soffice_available

    if fmt == "pdf" and not soffice_available():
        pytest.skip("LibreOffice (soffice) is not on PATH")
    result = export.export_round(samples, key, tmp_path / f"{key}.{fmt}")
    data = (tmp_path / f"{key}.{fmt}").read_bytes()
    assert result.size == len(data) > 1000
    assert data.startswith({"docx": b"PK\x03\x04", "pdf": b"%PDF-"}.get(fmt, b""))
    if fmt == "txt":
        title = {
            "2018Q1": "關于2018年第一季度",
            "2026-03": "关于2026年3月",
            "2026Q1": "关于2026年第一季度",
        }
        assert title[key] in data.decode("utf-8")


def test_the_short_form_in_traditional_script(tmp_path: Path) -> None:
    """The short form has texts for both scripts: a Traditional round of it reads in
    Traditional wherever the template speaks (the office's own fields are its own)."""
    from dataclasses import replace

    from inspect_tui.model import Script

    with Store(tmp_path / "hant.sqlite") as store:
        load_sample(store, ("shortform-2026q1.json",))
        q1 = store.round("2026Q1")
        store.create_round(
            "2026Q2",
            script=Script.HANT,
            sites=store.round_sites("2026Q1"),
            meta=replace(
                q1.meta,
                basis="根據《政府網站發展指引》",
                scope="部屬各單位網站",
                requirements="存在問題的單位要在一個月內完成整改。",
            ),
        )
        text = exported_text(store, "2026Q2", tmp_path)
    assert text.startswith("關于2026年第二季度政府網站抽查情況的通報\n")
    assert "部屬各單位網站共30個，本次隨機抽查12個，抽查比例為40%。" in text
    assert "抽查結果顯示，被抽查的12個網站均合格。" in text
    assert "特此通報。" in text and "本次抽查未發現問題" in text  # nothing recorded yet
    assert "網站名稱" in text
    for simplified in ("关于", "个网站", "结果显示", "通报", "问题", "网站名称"):
        assert simplified not in text, simplified


def test_the_city_form_in_traditional_script(tmp_path: Path) -> None:
    from dataclasses import replace

    from inspect_tui.model import Script

    with Store(tmp_path / "hant.sqlite") as store:
        load_sample(store, ("city-2026-02.json", "city-2026-03.json"))
        march = store.round("2026-03")
        store.create_round(
            "2026-04",
            script=Script.HANT,
            sites=store.round_sites("2026-03"),
            meta=replace(
                march.meta, basis="根據方案", scope="全市政府網站", requirements="按期整改。"
            ),
        )
        text = exported_text(store, "2026-04", tmp_path)
    assert text.startswith("關于2026年4月全市政府網站普查情況的通報\n")
    assert "一、總體情況" in text and "二、存在的主要問題" in text and "三、工作要求" in text
    assert "本月共普查政府網站24家。其中：市直部門網站12家" not in text  # levels are data
    assert "本月共普查政府網站24家。其中：市直部门網站12家，" in text
    assert "本月普查未發現問題。" in text
    for simplified in ("关于", "网站", "总体", "问题", "发现", "通报"):
        assert simplified not in text, simplified
