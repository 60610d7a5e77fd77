"""Roster CSV import/export: encodings, headers, every error kind, escaping, round trips."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from inspect_tui.model import Site, SiteKind
from inspect_tui.roster import (
    COLUMNS,
    MAX_ERRORS,
    MAX_SEQ,
    RosterError,
    RosterIssue,
    RosterResult,
    escape_cell,
    export_roster,
    parse_roster,
)

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "dayawan-2018-roster.csv"

HEADER = "seq,kind,name,short_name,supervisor,owner,code,url,parent"
GOOD_ROWS = [
    "1,channel,大亞灣工業貿易發展局,區工貿局,區工貿局,,N000007775,,大亞灣區門戶網站",
    "2,channel,大亞灣公用事業局,區公用事業局,,,N000007776,,大亞灣區門戶網站",
    "3,platform,網上辦事大廳大亞灣分廳,區工貿局（網上辦事大廳大亞灣分廳）,,區工貿局,,,",
]


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\r\n".join([header, *rows]) + "\r\n"


def parse_text(text: str, source: str = "roster.csv") -> RosterResult:
    return parse_roster(text.encode("utf-8"), source)


def errors_of(text: str | bytes, source: str = "roster.csv") -> RosterError:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(RosterError) as info:
        parse_roster(data, source)
    return info.value


def only_issue(err: RosterError) -> RosterIssue:
    assert len(err.issues) == 1, str(err)
    return err.issues[0]


# -- encodings --------------------------------------------------------------------------------


def expected_good() -> list[tuple[int, str, str]]:
    return [
        (1, "大亞灣工業貿易發展局", "N000007775"),
        (2, "大亞灣公用事業局", "N000007776"),
        (3, "網上辦事大廳大亞灣分廳", ""),
    ]


def summary(result: RosterResult) -> list[tuple[int, str, str]]:
    return [(s.seq, s.name, s.code) for s in result.sites]


def test_utf8_without_bom() -> None:
    result = parse_roster(csv_text(*GOOD_ROWS).encode("utf-8"), "r.csv")
    assert summary(result) == expected_good()
    assert result.encoding == "UTF-8"
    assert result.delimiter == ","


def test_utf8_with_bom() -> None:
    data = codecs.BOM_UTF8 + csv_text(*GOOD_ROWS).encode("utf-8")
    result = parse_roster(data, "r.csv")
    assert summary(result) == expected_good()
    assert result.encoding == "UTF-8 with BOM"


def test_gb18030_as_saved_by_chinese_excel() -> None:
    data = csv_text(*GOOD_ROWS).encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    result = parse_roster(data, "r.csv")
    assert summary(result) == expected_good()
    assert result.sites[2].short_name == "區工貿局（網上辦事大廳大亞灣分廳）"
    assert result.encoding == "GB18030"


def test_gb18030_with_its_own_bom() -> None:
    data = "\ufeff".encode("gb18030") + csv_text(*GOOD_ROWS).encode("gb18030")
    assert summary(parse_roster(data, "r.csv")) == expected_good()


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_tab_separated_unicode_text(codec: str) -> None:
    text = csv_text(*GOOD_ROWS).replace(",", "\t")
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    result = parse_roster(data, "r.txt")
    assert summary(result) == expected_good()
    assert result.delimiter == "\t"


def test_semicolon_separated() -> None:
    result = parse_text(csv_text(*GOOD_ROWS).replace(",", ";"))
    assert summary(result) == expected_good()
    assert result.delimiter == ";"


def test_tab_separated_with_commas_inside_values() -> None:
    text = "kind\tname\tshort_name\r\nchannel\t甲, 乙局\t甲\r\n"
    assert [s.name for s in parse_text(text).sites] == ["甲, 乙局"]


def test_undecodable_bytes() -> None:
    issue = only_issue(errors_of(b"kind,name,short_name\r\n\xff\xfe\xfd\x80\x80\r\n", "x.csv"))
    assert issue.row is None
    assert str(issue).startswith("x.csv: could not read the file as UTF-8 or GB18030")


def test_bad_utf16_after_bom() -> None:
    issue = only_issue(errors_of(codecs.BOM_UTF16_LE + b"k\x00\x00\xd8", "x.txt"))
    assert "UTF-16" in issue.message
    assert str(issue).startswith("x.txt: ")


# -- headers ----------------------------------------------------------------------------------


def test_chinese_headers_simplified() -> None:
    header = "序号,类型,全称,简称,主管单位,所属单位,网站标识码,网址,所属网站"
    rows = ["1,频道,惠州市某局,市某局,市某局,,4413000060,http://a.gov.cn,惠州市门户网站"]
    site = parse_text(csv_text(*rows, header=header)).sites[0]
    assert site == Site(
        seq=1,
        kind=SiteKind.CHANNEL,
        name="惠州市某局",
        short_name="市某局",
        supervisor="市某局",
        code="4413000060",
        url="http://a.gov.cn",
        parent="惠州市门户网站",
    )


def test_chinese_headers_traditional_and_other_aliases() -> None:
    header = "序號,類型,名稱,簡稱,主管單位,平臺所屬單位名稱,網站標識碼,URL,所屬網站"
    rows = ["1,平臺,網上辦事大廳大亞灣分廳,區工貿局（分廳）,區辦,區工貿局,,,大亞灣區門戶網站"]
    site = parse_text(csv_text(*rows, header=header)).sites[0]
    assert site.kind is SiteKind.PLATFORM
    assert site.owner == "區工貿局"
    assert site.parent == "大亞灣區門戶網站"


def test_english_headers_ignore_case_spaces_and_order() -> None:
    text = csv_text("乙,Channel,甲局,4413900013", header=" Short Name ,KIND, Name ,Code ")
    site = parse_text(text).sites[0]
    assert (site.seq, site.kind, site.name, site.short_name, site.code) == (
        1,
        SiteKind.CHANNEL,
        "甲局",
        "乙",
        "4413900013",
    )


def test_headers_with_full_width_spaces() -> None:
    text = csv_text("频道,甲局,甲", header="\u3000类型\u3000,全称 ,　简称")
    assert parse_text(text).sites[0].name == "甲局"


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("portal", SiteKind.PORTAL),
        ("门户网站", SiteKind.PORTAL),
        ("門戶網站", SiteKind.PORTAL),
        ("dept", SiteKind.DEPT),
        ("部门网站", SiteKind.DEPT),
        ("部門網站", SiteKind.DEPT),
        ("special", SiteKind.SPECIAL),
        ("专项网站", SiteKind.SPECIAL),
        ("專項網站", SiteKind.SPECIAL),
        ("channel", SiteKind.CHANNEL),
        ("频道", SiteKind.CHANNEL),
        ("頻道", SiteKind.CHANNEL),
        ("栏目", SiteKind.CHANNEL),
        ("欄目", SiteKind.CHANNEL),
        ("platform", SiteKind.PLATFORM),
        ("Platform", SiteKind.PLATFORM),
        ("平台", SiteKind.PLATFORM),
        ("平臺", SiteKind.PLATFORM),
    ],
)
def test_kind_labels(label: str, kind: SiteKind) -> None:
    text = csv_text(f"{label},甲局,甲,乙", header="kind,name,short_name,owner")
    assert parse_text(text).sites[0].kind is kind


# -- errors -----------------------------------------------------------------------------------


def test_not_a_header_row() -> None:
    err = errors_of(csv_text(GOOD_ROWS[1], header=GOOD_ROWS[0]), "roster.csv")
    issue = only_issue(err)
    assert (issue.row, issue.column) == (1, None)
    text = str(issue)
    assert text.startswith("roster.csv, row 1: the first row is not a header row")
    assert "seq, kind, name, short_name" in text
    assert "序号" in text


def test_unknown_column_names_it_and_the_expected_ones() -> None:
    err = errors_of(csv_text("频道,甲局,甲,x", header="kind,name,short_name,remark"))
    issue = only_issue(err)
    assert (issue.row, issue.column) == (1, "remark")
    assert str(issue).startswith('roster.csv, row 1, column "remark": unknown column')
    for column in COLUMNS:
        assert column in issue.message


def test_unknown_column_still_checks_rows() -> None:
    err = errors_of(csv_text("频道,甲局,,x", header="kind,name,short_name,remark"))
    assert [(i.row, i.column) for i in err.issues] == [(1, "remark"), (2, "short_name")]


def test_missing_required_column() -> None:
    issue = only_issue(errors_of(csv_text("频道,甲局", header="kind,name")))
    assert str(issue) == 'roster.csv, row 1: missing the required column "short_name" (简称/簡稱)'


def test_repeated_column() -> None:
    issue = only_issue(errors_of(csv_text("频道,甲局,甲,甲局", header="kind,name,short_name,全称")))
    assert (issue.row, issue.column) == (1, "全称")
    assert 'same column as "name"' in issue.message


def test_duplicate_code_names_both_rows() -> None:
    rows = [
        "1,channel,甲局,甲,,,4413900013,,",
        "2,channel,乙局,乙,,,4413900014,,",
        "3,channel,丙局,丙,,,4413900013,,",
    ]
    issue = only_issue(errors_of(csv_text(*rows)))
    assert str(issue) == 'roster.csv, row 4, column "code": 4413900013 is also the code of row 2'


def test_duplicate_name_names_both_rows() -> None:
    rows = ["1,channel,甲局,甲,,,,,", "2,channel,甲局,乙,,,,,"]
    issue = only_issue(errors_of(csv_text(*rows)))
    assert str(issue) == 'roster.csv, row 3, column "name": "甲局" is also the name of row 2'


@pytest.mark.parametrize("column", ["name", "short_name"])
def test_empty_name_or_short_name(column: str) -> None:
    cells = {"kind": "channel", "name": "甲局", "short_name": "甲"}
    cells[column] = " \u3000 "
    text = csv_text(",".join(cells.values()), header=",".join(cells))
    issue = only_issue(errors_of(text))
    assert str(issue).startswith(f'roster.csv, row 2, column "{column}": empty')


def test_bad_kind_lists_accepted_values() -> None:
    text = csv_text("网站,甲局,甲", header="类型,全称,简称")
    issue = only_issue(errors_of(text))
    assert str(issue).startswith('roster.csv, row 2, column "类型": "网站" is not a site kind')
    for value in ("portal", "dept", "special", "channel", "platform", "频道", "平台"):
        assert value in issue.message


def test_empty_kind() -> None:
    issue = only_issue(errors_of(csv_text(",甲局,甲", header="kind,name,short_name")))
    assert (issue.row, issue.column) == (2, "kind")
    assert issue.message.startswith("empty; expected one of portal")


def test_bad_code_message() -> None:
    rows = [f"{i},channel,局{i},{i},,,N00000777{i},," for i in range(1, 6)]
    rows.append("6,channel,丙局,丙,,,N12,,")
    issue = only_issue(errors_of(csv_text(*rows)))
    assert str(issue) == (
        'roster.csv, row 7, column "code": "N12" is not a site code; '
        "expected 10 letters or digits (e.g. 4413900013)"
    )


@pytest.mark.parametrize(
    "code", ["N00000777", "N0000077750", "N00000777-", "４４１３９０００１３X"]
)
def test_bad_codes(code: str) -> None:
    issue = only_issue(
        errors_of(csv_text(f"频道,甲局,甲,{code}", header="kind,name,short_name,code"))
    )
    assert (issue.row, issue.column) == (2, "code")
    assert "is not a site code" in issue.message


@pytest.mark.parametrize(
    "seq", ["0", "-1", "abc", "1.5", "1e3", "1_000", str(MAX_SEQ + 1), "9" * 5000]
)
def test_bad_seq(seq: str) -> None:
    rows = [f"{seq},channel,甲局,甲,,,,,", "2,channel,乙局,乙,,,,,"]
    issue = only_issue(errors_of(csv_text(*rows)))
    assert (issue.row, issue.column) == (2, "seq")
    assert str(issue).startswith('roster.csv, row 2, column "seq": "')
    assert "expected a whole number from 1" in issue.message


def test_duplicate_seq_names_both_rows() -> None:
    rows = ["5,channel,甲局,甲,,,,,", "5,channel,乙局,乙,,,,,"]
    issue = only_issue(errors_of(csv_text(*rows)))
    assert str(issue) == 'roster.csv, row 3, column "seq": 5 is also the number of row 2'


def test_partly_empty_seq_column() -> None:
    rows = ["1,channel,甲局,甲,,,,,", ",channel,乙局,乙,,,,,"]
    issue = only_issue(errors_of(csv_text(*rows)))
    assert (issue.row, issue.column) == (3, "seq")
    assert issue.message.startswith("empty")


def test_control_characters_and_line_breaks() -> None:
    rows = ['1,channel,"甲\n局",甲,,,,,', "2,channel,乙局,乙\x07,,,,,", "3,channel,丙局,丙,,,N1,,"]
    err = errors_of(csv_text(*rows))
    assert [(i.row, i.column) for i in err.issues] == [
        (2, "name"),
        (3, "short_name"),
        (4, "code"),  # row numbers count records, as Excel does, not physical lines
    ]
    assert "line break" in err.issues[0].message
    assert "U+0007" in err.issues[1].message


def test_value_under_a_blank_or_missing_header() -> None:
    err = errors_of(csv_text("频道,甲局,甲,,x", header="kind,name,short_name,,"))
    issue = only_issue(err)
    assert str(issue).startswith('roster.csv, row 2: has a value in column E ("x")')


def test_trailing_empty_cells_and_blank_rows_are_ignored() -> None:
    text = csv_text(
        "", "频道,甲局,甲,,,", ",,,", "频道,乙局,乙", "", header="kind,name,short_name,"
    )
    result = parse_text(text)
    assert [(s.seq, s.name) for s in result.sites] == [(1, "甲局"), (2, "乙局")]


def test_blank_rows_still_count_for_row_numbers() -> None:
    text = csv_text("", "频道,甲局,甲", ",,", "平台,乙,", header="kind,name,short_name")
    issue = only_issue(errors_of(text))
    assert (issue.row, issue.column) == (5, "short_name")


@pytest.mark.parametrize("data", [b"", codecs.BOM_UTF8, b"\r\n,,\r\n\r\n"])
def test_empty_file(data: bytes) -> None:
    issue = only_issue(errors_of(data, "empty.csv"))
    assert str(issue).startswith("empty.csv: the file is empty")


def test_header_without_rows() -> None:
    issue = only_issue(errors_of(csv_text(",,", header="kind,name,short_name")))
    assert "no sites" in issue.message


def test_huge_cell_is_a_roster_error() -> None:
    err = errors_of(csv_text("频道," + "甲" * 200_000 + ",甲", header="kind,name,short_name"))
    assert only_issue(err).row == 2


def test_all_errors_are_collected_in_row_order() -> None:
    rows = [
        "x,channel,甲局,甲,,,,,",
        "2,nope,乙局,乙,,,,,",
        "3,channel,,丙,,,N1,,",
    ]
    err = errors_of(csv_text(*rows))
    assert [(i.row, i.column) for i in err.issues] == [
        (2, "seq"),
        (3, "kind"),
        (4, "name"),
        (4, "code"),
    ]
    assert str(err).splitlines() == [str(i) for i in err.issues]


def test_errors_are_capped() -> None:
    rows = [f"{i},channel,局{i},,,,,," for i in range(1, 81)]
    err = errors_of(csv_text(*rows))
    assert len(err.issues) == MAX_ERRORS + 1
    assert err.issues[-1].message == "… and 30 more problems not shown"


def test_error_column_is_the_header_as_written() -> None:
    text = csv_text("频道,甲局,甲,N1", header="类型,全稱,簡稱,網站標識碼")
    assert str(only_issue(errors_of(text, "名單.csv"))).startswith(
        '名單.csv, row 2, column "網站標識碼": "N1" is not a site code'
    )


# -- warnings and cleaning --------------------------------------------------------------------


def test_warnings_do_not_block() -> None:
    rows = [
        "1,channel,甲局,甲,,,AB12345678,,",
        "2,platform,乙平台,甲,,,,,",
    ]
    result = parse_text(csv_text(*rows))
    assert len(result.sites) == 2
    assert [(w.row, w.column) for w in result.warnings] == [
        (2, "code"),
        (3, "short_name"),
        (3, "owner"),
    ]
    assert "AB12345678 matches none of the known site-code formats" in str(result.warnings[0])
    assert str(result.warnings[2]).startswith('roster.csv, row 3, column "owner": a platform')


@pytest.mark.parametrize("code", ["4413900013", "44BM010001", "bm55000001", "N000007775"])
def test_known_code_patterns_do_not_warn(code: str) -> None:
    result = parse_text(csv_text(f"频道,甲局,甲,{code}", header="kind,name,short_name,code"))
    assert result.warnings == []
    assert result.sites[0].code == code


def test_full_width_digits_in_seq_and_code_are_normalised() -> None:
    text = csv_text(
        "１２,频道,甲局,甲,４４１３９０００１３", header="seq,kind,name,short_name,code"
    )
    site = parse_text(text).sites[0]
    assert (site.seq, site.code) == (12, "4413900013")


def test_whitespace_is_stripped() -> None:
    text = csv_text(
        " 1 , channel ,\u3000大亞灣財政局\u3000,\u00a0區財政局 ,  ,,\tN000007785 ,,",
    )
    site = parse_text(text).sites[0]
    assert (site.seq, site.kind, site.name, site.short_name, site.supervisor, site.code) == (
        1,
        SiteKind.CHANNEL,
        "大亞灣財政局",
        "區財政局",
        "",
        "N000007785",
    )


def test_formula_like_cells_are_text_and_escape_apostrophes_go() -> None:
    text = csv_text(
        "1,channel,=SUM(A1),'=SUM(A1),+x,-y,,@z,'-p",
        "2,channel,'plain,''=q,'',',,,",
    )
    a, b = parse_text(text).sites
    assert (a.name, a.short_name, a.supervisor, a.owner, a.url, a.parent) == (
        "=SUM(A1)",
        "=SUM(A1)",
        "+x",
        "-y",
        "@z",
        "-p",
    )
    assert (b.name, b.short_name, b.supervisor, b.owner) == ("'plain", "'=q", "'", "'")


def test_sites_sorted_by_seq_and_row_order_without_seq() -> None:
    rows = ["3,channel,丙局,丙,,,,,", "1,channel,甲局,甲,,,,,", "20,channel,乙局,乙,,,,,"]
    assert [s.seq for s in parse_text(csv_text(*rows)).sites] == [1, 3, 20]
    no_seq = csv_text("频道,丙局,丙", "频道,甲局,甲", header="kind,name,short_name")
    assert [(s.seq, s.name) for s in parse_text(no_seq).sites] == [(1, "丙局"), (2, "甲局")]
    empty_seq = csv_text(",频道,丙局,丙", ",频道,甲局,甲", header="seq,kind,name,short_name")
    assert [(s.seq, s.name) for s in parse_text(empty_seq).sites] == [(1, "丙局"), (2, "甲局")]


# -- export -----------------------------------------------------------------------------------


def test_export_format() -> None:
    sites = [
        Site(2, SiteKind.PLATFORM, "平台", "=1+1", owner="@owner", url="http://x.gov.cn"),
        Site(1, SiteKind.CHANNEL, "甲局", "-甲", code="N000007775", parent='門戶,"網站"'),
    ]
    data = export_roster(sites)
    assert data.startswith(codecs.BOM_UTF8)
    text = data[len(codecs.BOM_UTF8) :].decode("utf-8")
    assert text.split("\r\n") == [
        ",".join(COLUMNS),
        '1,channel,甲局,\'-甲,,,N000007775,,"門戶,""網站"""',
        "2,platform,平台,'=1+1,,'@owner,,http://x.gov.cn,",
        "",
    ]
    assert parse_roster(data, "out.csv").sites == sorted(sites, key=lambda s: s.seq)


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("=x", "'=x"),
        ("+x", "'+x"),
        ("-x", "'-x"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),
        ("''", "'''"),
        ("'x", "'x"),
        ("'", "'"),
        ("x=", "x="),
        ("", ""),
    ],
)
def test_escape_cell(value: str, escaped: str) -> None:
    assert escape_cell(value) == escaped


def test_export_of_parsed_file_reads_back_the_same() -> None:
    rows = ["2,频道,甲局,'=甲,,,,,", "1,平台,乙平台,乙,,乙局,,,"]
    first = parse_text(csv_text(*rows)).sites
    assert parse_roster(export_roster(first), "again.csv").sites == first


# -- the sample -------------------------------------------------------------------------------


def test_sample_roster() -> None:
    data = SAMPLE.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    result = parse_roster(data, SAMPLE.name)
    assert result.warnings == []
    sites = result.sites
    assert len(sites) == 36
    assert [s.seq for s in sites] == list(range(1, 37))
    channels, platform = sites[:35], sites[35]
    assert all(s.kind is SiteKind.CHANNEL for s in channels)
    assert [s.code for s in channels] == [f"N{n:09d}" for n in range(7775, 7810)]
    assert all(s.supervisor == s.short_name for s in channels)
    assert all(s.parent == "大亞灣區門戶網站" for s in sites)
    assert (channels[0].name, channels[0].short_name) == ("大亞灣工業貿易發展局", "區工貿局")
    assert channels[22].name == "大亞灣城市管理行政執法局"
    assert channels[22].short_name == "區執法局"
    assert channels[25].name == "惠州市國土資源局大亞灣經濟技術開發區分局"
    assert platform == Site(
        seq=36,
        kind=SiteKind.PLATFORM,
        name="網上辦事大廳大亞灣分廳",
        short_name="區工貿局（網上辦事大廳大亞灣分廳）",
        supervisor="區網上辦事大廳領導小組辦公室（設在區工貿局）",
        owner="區工貿局",
        parent="大亞灣區門戶網站",
    )
    assert len({s.short_name for s in sites}) == 36
    assert export_roster(sites) == data


# -- properties -------------------------------------------------------------------------------

PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _parses_or_roster_error(data: bytes) -> RosterResult | None:
    try:
        result = parse_roster(data, "fuzz.csv")
    except RosterError as exc:
        assert exc.issues
        assert all(str(i).startswith("fuzz.csv") for i in exc.issues)
        return None
    seqs = [s.seq for s in result.sites]
    assert seqs == sorted(seqs)
    assert len(set(seqs)) == len(seqs)
    assert all(s.name and s.short_name for s in result.sites)
    assert len({s.uid for s in result.sites}) == len(result.sites)
    return result


@PROPERTY_SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data: bytes) -> None:
    _parses_or_roster_error(data)


@PROPERTY_SETTINGS
@given(
    st.sampled_from(
        [b"", codecs.BOM_UTF8, b"kind,name,short_name\r\n", b"seq,kind,name,short_name,code\n"]
    ),
    st.binary(max_size=300),
)
def test_arbitrary_bytes_after_a_header(prefix: bytes, data: bytes) -> None:
    _parses_or_roster_error(prefix + data)


_header_cell = st.one_of(
    st.sampled_from([*COLUMNS, "序号", "類型", "全称", "简称", "網站標識碼", ""]),
    st.text(max_size=8),
)
_cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["channel", "平台", "1", "2", "N000007775", "=A1", "'=A1", "\u3000", " "]),
)
_kind_cell = st.one_of(
    st.sampled_from(["channel", "PLATFORM", "頻道", "平台", "门户网站", " dept "]), _cell
)
_seq_cell = st.one_of(st.integers(-2, 12).map(str), st.just(""), _cell)


_plain_cell = st.text(alphabet="甲乙丙局區（）ab =-'\u3000,\"", min_size=1, max_size=6)


@st.composite
def _tables(draw: st.DrawFn) -> list[list[str]]:
    """Arbitrary tables, or plausible ones (known columns, kinds, numbers) with noise mixed in."""
    if draw(st.integers(0, 3)) == 0:
        header = draw(st.lists(_header_cell, min_size=1, max_size=10))
        return [header, *draw(st.lists(st.lists(_cell, max_size=11), max_size=6))]
    optional = draw(st.lists(st.sampled_from(COLUMNS), unique=True, max_size=len(COLUMNS)))
    header = draw(st.permutations(list(dict.fromkeys(["kind", "name", "short_name", *optional]))))
    noisy = draw(st.integers(0, 4)) == 0  # sometimes an extra column or cell, or odd text
    if noisy:
        header = header + draw(st.lists(_header_cell, max_size=1))
    text = st.one_of(_plain_cell, _cell) if noisy else _plain_cell
    by_column = {
        "kind": _kind_cell if noisy else st.sampled_from(["channel", "平台", " dept "]),
        "seq": _seq_cell if noisy else st.integers(1, 40).map(str),
        "code": st.one_of(st.just(""), st.from_regex(r"[0-9A-Za-z]{10}", fullmatch=True), text),
    }
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        row = [draw(by_column.get(h, text)) for h in header]
        rows.append(row + (draw(st.lists(_cell, max_size=2)) if noisy else []))
    return [header, *rows]


@PROPERTY_SETTINGS
@given(
    _tables(),
    st.sampled_from([",", "\t", ";"]),
    st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
)
def test_arbitrary_text_cells(table: list[list[str]], delimiter: str, encoding: str) -> None:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(table)
    _parses_or_roster_error(out.getvalue().encode(encoding))


# Texts that survive a round trip: stored values are stripped and hold no control characters
# or line breaks (parse_roster rejects those); anything else, including leading = + - @ and
# apostrophes, commas, quotes and CJK punctuation, must come back unchanged.
_text = st.text(
    alphabet=st.characters(
        exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="\ufffe\uffff"
    ),
    max_size=16,
).map(str.strip)
_tricky = st.sampled_from(
    ["=1+1", "'=x", "''", "'", "-", "@", "+1", "a,b", '"q"', "甲（乙）", "x'"]
)
_optional = st.one_of(_text, _tricky)
_required = _optional.filter(bool)
_code = st.one_of(st.just(""), st.from_regex(r"[0-9A-Za-z]{10}", fullmatch=True))


@st.composite
def _sites(draw: st.DrawFn) -> list[Site]:
    count = draw(st.integers(min_value=1, max_value=8))
    seqs = draw(st.lists(st.integers(1, MAX_SEQ), min_size=count, max_size=count, unique=True))
    names = draw(st.lists(_required, min_size=count, max_size=count, unique=True))
    sites = []
    for seq, name in zip(seqs, names, strict=True):
        sites.append(
            Site(
                seq=seq,
                kind=draw(st.sampled_from(list(SiteKind))),
                name=name,
                short_name=draw(_required),
                supervisor=draw(_optional),
                owner=draw(_optional),
                code=draw(_code),
                url=draw(_optional),
                parent=draw(_optional),
            )
        )
    codes = [s.code.casefold() for s in sites if s.code]
    assume(len(codes) == len(set(codes)))
    return sites


@PROPERTY_SETTINGS
@given(_sites())
def test_export_parse_round_trip(sites: list[Site]) -> None:
    data = export_roster(sites)
    result = parse_roster(data, "round.csv")
    assert result.sites == sorted(sites, key=lambda s: s.seq)
    assert export_roster(result.sites) == data


# -- issue 15: encodings that refuse to guess wrong ------------------------------------------

BIG5_ROSTER = "類型,全稱,簡稱\r\n部門網站,區旅遊局,旅遊局\r\n部門網站,區工貿局,工貿局\r\n"


def test_item05_big5_roster_is_not_read_as_gb18030() -> None:
    data = BIG5_ROSTER.encode("big5")
    data.decode("gb18030")  # it would decode: that was the silent mojibake
    issue = only_issue(errors_of(data, "r.csv"))
    text = str(issue)
    assert "GB18030" in text and "UTF-8" in text and "big5" in text
    assert "CSV UTF-8" in text


def test_item05_big5_roster_with_english_header_and_pua_refused() -> None:
    # Big5 AA A1 AB B0 (two common hanzi) fall in GB18030's user-defined area.
    name = bytes([0xAA, 0xA1, 0xAB, 0xB0])
    data = b"kind,name,short_name\r\ndept," + name + b"," + name + b"\r\n"
    assert "\ue000" <= max(data.decode("gb18030")) <= "\uf8ff"
    issue = only_issue(errors_of(data, "r.csv"))
    assert "could not read the file as UTF-8 or GB18030" in str(issue)
    assert parse_roster(data, "r.csv", encoding="big5").sites[0].name == name.decode("big5")


def test_item05_forced_big5_reads_the_names() -> None:
    result = parse_roster(BIG5_ROSTER.encode("big5"), "r.csv", encoding="big5")
    assert [s.name for s in result.sites] == ["區旅遊局", "區工貿局"]
    assert result.encoding == "BIG5"


def test_item05_forced_encoding_errors_are_clear() -> None:
    with pytest.raises(RosterError, match='unknown encoding "klingon"'):
        parse_roster(b"kind,name,short_name\r\n", "r.csv", encoding="klingon")
    with pytest.raises(RosterError, match="not a text encoding"):
        parse_roster(b"kind,name,short_name\r\n", "r.csv", encoding="rot13")
    with pytest.raises(RosterError, match=r"not valid UTF-8: byte 27 \(line 2\)"):
        parse_roster(b"kind,name,short_name\r\ndept,\xff,x\r\n", "r.csv", encoding="utf-8")


def test_item05_utf8_with_one_bad_byte_is_named_not_guessed() -> None:
    text = "kind,name,short_name\r\n" + "".join(
        f"dept,惠城区第{i}局,第{i}局\r\n" for i in range(20)
    )
    data = bytearray(text.encode("utf-8"))
    at = data.index("第5局".encode()) + 1
    data[at] = 0xFF
    issue = only_issue(errors_of(bytes(data), "r.csv"))
    assert f"byte {at - 1} (line 7)" in str(issue) and "UTF-8" in str(issue)


def test_item15_utf16_without_bom_names_the_encoding() -> None:
    data = csv_text(*GOOD_ROWS).replace(",", "\t").encode("utf-16-le")
    issue = only_issue(errors_of(data, "r.txt"))
    assert "UTF-16 without a byte-order mark" in str(issue)
    forced = parse_roster(data, "r.txt", encoding="utf-16-le")
    assert summary(forced) == expected_good()


def test_item15_header_error_names_the_encoding_read() -> None:
    issue = only_issue(errors_of("甲,乙\r\n1,2\r\n".encode(), "r.csv"))
    assert "read as UTF-8" in str(issue)


def test_item15_warnings_are_capped() -> None:
    rows = "".join(f"platform,平台{i},平台{i},,\r\n" for i in range(200))
    result = parse_text("kind,name,short_name,owner,code\r\n" + rows)
    assert len(result.warnings) == 51
    assert str(result.warnings[-1]).endswith("… and 150 more warnings")
