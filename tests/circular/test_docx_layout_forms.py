"""The .docx layout checks of test_docx_layout.py, run on the three sample rounds — one per
bundled template: the district form (2018Q1, Traditional, three attachments), the city's
monthly census (2026-03, no attachment, compared with 2026-02) and the short form (2026Q1,
no headings, one attachment, a sample of a larger roster). Each composed as the export does
(`export.compose_inputs`: previous round, office templates, population)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from lxml import etree

# The checks that hold for any circular are imported and run here on this module's `circular`;
# the three that assume the district form's shape (numbered attachments, a heading and a 楷体
# lead in the body) are generalised below.
from circular.test_docx_layout import (  # noqa: F401
    effective_font,
    ppr_child,
    render,
    runs,
    tables,
    test_attachments_start_new_pages,
    test_body_paragraphs_exact_lines_indent_justified,
    test_core_properties,
    test_defaults_and_normal_use_body_font,
    test_deterministic_bytes,
    test_document_number_title_and_addressees,
    test_every_text_paragraph_is_on_the_28_95_pt_grid,
    test_heading1_keeps_with_next,
    test_no_theme_fonts_left,
    test_page_number_footers,
    test_page_size_margins_and_grid,
    test_settings_zoom_and_even_odd_footers,
    test_table_headings_keep_with_their_table,
    test_tables_fixed_width_header_repeat_no_split,
    test_text_runs_carry_east_asian_hint_and_complex_size,
    text_of,
    wattr,
)
from circular.test_docx_layout import (
    test_attachment_notes_hang_so_names_align as numbered_notes_hang,  # not collected here
)
from inspect_tui import export
from inspect_tui.circular.blocks import Circular, Role
from inspect_tui.circular.docx import title_lines
from inspect_tui.circular.docx_styles import display_width, one_line
from inspect_tui.circular.fonts import PROFILES, FontProfile
from inspect_tui.model import Script
from inspect_tui.sample import ALL_SAMPLE_FILES, load_sample
from inspect_tui.store import Store

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FORMS = {
    "district": "2018Q1",
    "city": "2026-03",
    "short": "2026Q1",
    "short-hant": "2026Q2",
    "city-hant": "2026-04",
}


@pytest.fixture(scope="module")
def sample_rounds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(tmp_path_factory.mktemp("forms") / "x.sqlite") as store:
        load_sample(store, ALL_SAMPLE_FILES)
        # the short form in Traditional script too (its texts are given per script)
        store.create_round(
            "2026Q2",
            script=Script.HANT,
            sites=store.round_sites("2026Q1"),
            meta=store.round("2026Q1").meta,
        )
        store.create_round(
            "2026-04",
            script=Script.HANT,
            sites=store.round_sites("2026-03"),
            meta=store.round("2026-03").meta,
        )
        yield store


@pytest.fixture(params=sorted(FORMS), scope="module")
def circular(request: pytest.FixtureRequest, sample_rounds: Store) -> Circular:
    key = FORMS[request.param]
    data = sample_rounds.round_data(key)
    inputs = export.compose_inputs(sample_rounds, data)
    return export.compose_round(data, sample_rounds.round_checklist(key), inputs)


def test_the_forms_are_the_three_shapes(circular: Circular) -> None:
    """What the generalised checks below cover: attachments 0, 1 or 3; headings or none."""
    shape = (len(circular.attachments), any(b.role is Role.HEADING1 for b in circular.body))
    assert shape in {(3, True), (0, True), (1, False)}


def test_attachment_notes_hang_so_names_align_in_every_form(circular: Circular) -> None:
    rendered = render(circular)
    notes = circular.attachment_notes
    intro = circular.attachment_intro
    if not notes:
        assert not [p for p in rendered.paragraphs() if text_of(p).startswith(intro)]
        return
    first = rendered.paragraph_with(intro + notes[0])
    if len(notes) == 1:
        # a single attachment is not numbered: "附件：名称", the name's lines align after 附件：
        ind = ppr_child(first, "ind")
        hang = round(100 * display_width(intro))
        assert (wattr(ind, "leftChars"), wattr(ind, "hangingChars")) == (
            str(200 + hang),
            str(hang),
        )
        return
    numbered_notes_hang(circular)


def test_signature_for_seal_in_every_form(circular: Circular) -> None:
    rendered = render(circular)
    paragraphs = rendered.paragraphs()
    issuer = rendered.paragraph_with(circular.issuer)
    date = rendered.paragraph_with(circular.date)
    i_issuer, i_date = paragraphs.index(issuer), paragraphs.index(date)
    assert i_date == i_issuer + 1
    # two blank lines between the attachment notes (or the body, without) and the 署名
    assert [text_of(p) for p in paragraphs[i_issuer - 2 : i_issuer]] == ["", ""]
    above = text_of(paragraphs[i_issuer - 3])
    notes = circular.attachment_notes
    if notes:
        assert above.endswith(notes[-1])
    else:
        assert above == one_line(circular.body[-1].full_text)
    assert wattr(ppr_child(date, "jc"), "val") == "right"
    assert wattr(ppr_child(date, "ind"), "rightChars") == "400"  # 右空四字
    assert wattr(ppr_child(issuer, "jc"), "val") == "right"
    last_body = rendered.paragraph_with(one_line(circular.body[-1].full_text))
    chain = paragraphs[paragraphs.index(last_body) : i_date]
    assert all(ppr_child(p, "keepNext") is not None for p in chain)


@pytest.mark.parametrize("profile", list(PROFILES.values()), ids=list(PROFILES))
def test_fonts_per_element_in_every_form(circular: Circular, profile: FontProfile) -> None:
    rendered = render(circular, profile)

    def fonts_of(p: object) -> set[str | None]:
        return {effective_font(rendered, p, r) for r in runs(p)}

    title_p = next(p for p in rendered.paragraphs() if title_lines(circular.title)[0] in text_of(p))
    assert fonts_of(title_p) == {profile.title}
    assert fonts_of(rendered.paragraph_with(one_line(circular.addressees))) == {profile.body}
    for para in circular.body:
        p = rendered.paragraph_with(one_line(para.full_text))
        if para.role is Role.HEADING1:
            assert fonts_of(p) == {profile.heading1}, para.full_text
        elif para.lead:
            lead_run, *rest = list(runs(p))
            assert text_of(lead_run) == para.lead
            assert effective_font(rendered, p, lead_run) == profile.heading2
            assert {effective_font(rendered, p, r) for r in rest} == {profile.body}
        else:
            assert fonts_of(p) == {profile.body}, para.full_text
    for attachment in circular.attachments:
        assert fonts_of(rendered.paragraph_with(attachment.label)) == {profile.heading1}
    for tbl in tables(rendered):
        header, *rows = tbl.findall(f"{W}tr")
        assert {effective_font(rendered, p, r) for p in header.iter(f"{W}p") for r in runs(p)} == {
            profile.heading1
        }
        body = {
            effective_font(rendered, p, r)
            for row in rows
            for p in row.iter(f"{W}p")
            for r in runs(p)
        }
        assert body == {profile.body}


# --- OOXML package --------------------------------------------------------------------------
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def test_ooxml_package_is_whole(circular: Circular) -> None:
    """Every XML part parses; every part has a content type; every internal relationship
    points at a part in the package (Word refuses a file where one does not)."""
    rendered = render(circular)
    parts = rendered.parts
    for name, blob in parts.items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(blob)  # raises on a part that is not well-formed
    types = etree.fromstring(parts["[Content_Types].xml"])
    defaults = {wattr_plain(d, "Extension") for d in types.iter(f"{CT}Default")}
    overrides = {wattr_plain(o, "PartName") for o in types.iter(f"{CT}Override")}
    for name in parts:
        if name != "[Content_Types].xml":
            assert f"/{name}" in overrides or name.rsplit(".", 1)[-1] in defaults, name
    for name, blob in parts.items():
        if not name.endswith(".rels"):
            continue
        base = name.replace("_rels/", "").removesuffix(".rels")
        folder = base.rsplit("/", 1)[0] if "/" in base else ""
        for rel in etree.fromstring(blob).iter(f"{REL}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = str(rel.get("Target"))
            path = target.lstrip("/") if target.startswith("/") else _join(folder, target)
            assert path in parts, f"{name}: {target}"


def wattr_plain(element: Any, name: str) -> str:
    return str(element.get(name))


def _join(folder: str, target: str) -> str:
    out: list[str] = folder.split("/") if folder else []
    for piece in target.split("/"):
        if piece == "..":
            out.pop()
        elif piece not in ("", "."):
            out.append(piece)
    return "/".join(out)
