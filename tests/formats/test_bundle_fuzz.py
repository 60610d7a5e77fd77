"""A structure-aware bundle fuzzer (issue 15, acceptance): valid bundles mutated field by field.

Each case takes a valid bundle and mutates one to three places in it: a value of another type,
a string at and beyond its length limit, control, bidi and zero-width characters, lone
surrogates, numbers from 20 to 5,000 digits, NaN, nesting from 10 to 100,000 levels, a key
removed, added or renamed, a list item duplicated. Reading it must either succeed, and then
the bundle must survive its own export and a merge, or raise `BundleError` with a one-line
message naming the file. Anything else (an "unexpected error", a traceback) fails.

1,000 cases per run by default (about 20 s); set INSPECT_TUI_FUZZ_CASES=20000 for more.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspect_tui import bundle as bundle_mod
from inspect_tui import checklist as checklist_mod
from inspect_tui.bundle import Bundle, BundleError
from inspect_tui.model import (
    Finding,
    FollowUp,
    Progress,
    RoundMeta,
    Script,
    Site,
    SiteKind,
    Verdict,
    VerdictOverride,
)

CASES = int(os.environ.get("INSPECT_TUI_FUZZ_CASES", "1000"))
SOURCE = "fuzz.json"


def _valid() -> Bundle:
    cl = checklist_mod.load_default()
    sites = (
        Site(1, SiteKind.PORTAL, "惠城区人民政府门户网站", "区政府门户", code="4413020001"),
        Site(2, SiteKind.DEPT, "惠城区工贸局", "区工贸局", code="N000007775", url="http://x.cn"),
        Site(3, SiteKind.PLATFORM, "网上办事大厅惠城分厅", "办事大厅", owner="惠城区政务办"),
    )
    return Bundle(
        source=SOURCE,
        inspector="张三",
        key="2018Q2",
        title="2018年第二季度",
        script=Script.HANS,
        previous_key="2018Q1",
        meta=RoundMeta.from_dict(
            {
                "issuer": "惠城区政务办",
                "narratives": [{"text": "总体情况良好。", "category": "typo"}],
                "category_phrases": {"typo": "错别字"},
            }
        ),
        checklist_id=cl.id,
        checklist_source=cl.source,
        sites=sites,
        findings=(
            Finding("N000007775", "typo", count=2, note="首页"),
            Finding("N000007775", "guide_inaccurate", elements=("办理时限",), detail="d"),
            Finding("name:网上办事大厅惠城分厅", "column_stale", count=1, carried_from="2018Q1"),
        ),
        overrides=(VerdictOverride("4413020001", Verdict.FAIL, "首页无法访问"),),
        progress={"N000007775": Progress.DONE, "4413020001": Progress.IN_PROGRESS},
        followups={("name:网上办事大厅惠城分厅", "column_stale"): FollowUp.PRESENT},
        bundle_id="0123456789abcdef",
    )


VALID = _valid()
VALID_DOC: dict[str, Any] = json.loads(bundle_mod.dump(VALID, exported_at="2018-06-25T00:00:00"))


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in the document: object members and list items, containers included."""
    out = [path] if path else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*path, i))
    return out


# The checklist TOML is long: its own mutations are few and targeted (below).
PATHS = [p for p in _paths(VALID_DOC) if p[:2] != ("checklist", "source")]

WEIRD_CHARS = [
    "\x00",
    "\x1b[2J",
    "\x1b]0;t\x07",
    "\x7f",
    "\x85",
    "\n",
    "\r",
    "\t",
    "\u200b",
    "\u202e",
    "\u2066",
    "\u2028",
    "\ud800",
    "\udfff",
    "\ufffe",
    "\uffff",
    "\ufeff",
    "\ue000",
    "Ａ",
    "𠀀",
    "👨\u200d👩",
    "{}",
    "{count:>99999}",
    "../",
    "/",
    '"',
    "\\",
]
LENGTHS = [0, 1, 39, 40, 41, 100, 101, 200, 201, 1000, 1001, 2000, 2001, 5000, 100_001]

# Raw JSON spliced in where a sentinel string is: what json.dumps cannot write.
RAW = st.one_of(
    st.integers(20, 5000).map(lambda n: "9" * n),
    st.integers(20, 300).map(lambda n: "-" + "1" * n),
    st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "-0", "1.5", "1E2"]),
    st.integers(10, 100_000).map(lambda n: "[" * n + "]" * n),
    st.integers(10, 5_000).map(lambda n: '{"a":' * n + "1" + "}" * n),
)

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.builds(list),  # a fresh object each time: the mutations change them in place
    st.builds(dict),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
)


def _text(draw: st.DrawFn, base: Any) -> str:
    kind = draw(st.integers(0, 3))
    seed = base if isinstance(base, str) and base else "局"
    if kind == 0:  # a length at or around a limit
        n = draw(st.sampled_from(LENGTHS))
        return (seed * (n // len(seed) + 1))[:n]
    if kind == 1:  # a strange character somewhere
        at = draw(st.integers(0, len(seed)))
        return seed[:at] + draw(st.sampled_from(WEIRD_CHARS)) + seed[at:]
    if kind == 2:
        return draw(st.text(max_size=50))
    return draw(st.sampled_from(["2018Q1", "2018q2", "２０１８Q2", "2018Q2 ", "", " ", "x" * 41]))


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    doc = json.loads(json.dumps(VALID_DOC))
    raws: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS))
        parent: Any = doc
        try:
            for step in path[:-1]:
                parent = parent[step]
            current = parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation changed the way there
        how = draw(st.integers(0, 6))
        last = path[-1]
        if how == 0:
            new: Any = draw(SCALARS)
        elif how == 1:
            new = _text(draw, current)
        elif how == 2:
            raws.append(draw(RAW))
            new = f"@@RAW{len(raws) - 1}@@"
        elif how == 3 and isinstance(parent, dict):
            del parent[last]
            continue
        elif how == 4 and isinstance(parent, list):
            parent.append(json.loads(json.dumps(current)))  # the same item twice
            continue
        elif how == 5 and isinstance(parent, dict):
            parent[_text(draw, last)] = parent.pop(last)  # a renamed key
            continue
        elif how == 6 and isinstance(current, dict):
            current[draw(st.text(max_size=10))] = draw(SCALARS)  # an extra member
            continue
        else:
            new = draw(SCALARS)
        parent[last] = new
    if draw(st.integers(0, 9)) == 0:  # now and then, the carried checklist itself
        cl = doc.get("checklist") if isinstance(doc, dict) else None
        source = cl.get("source") if isinstance(cl, dict) else None
        if isinstance(cl, dict) and isinstance(source, str):
            old = draw(st.sampled_from(["“{}”", "{count}", "typo", "version = 1", "zh-Hant"]))
            new_text = draw(
                st.sampled_from(
                    ["“{}{1}”", "{count:>9}", "{count!r}", "{}", "\\u001b", "x" * 300, "", "[["]
                )
            )
            cl["source"] = source.replace(old, new_text, 1)
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()))
    for i, raw in enumerate(raws):
        text = text.replace(f'"@@RAW{i}@@"', raw)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate with ensure_ascii=False: as a JSON escape
        return json.dumps(json.loads(text), ensure_ascii=True).encode()


def _user_error(exc: BundleError) -> None:
    text = str(exc)
    assert text.startswith(SOURCE), text[:200]
    assert "\n" not in text and "\r" not in text, text[:200]
    assert len(text) < 1000, text[:200]
    assert "\x1b" not in text


@settings(
    max_examples=CASES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=CASES <= 1000,  # the suite's run is the same every time; more cases explore
)
@given(mutated())
def test_mutated_bundles_import_or_fail_in_one_line(data: bytes) -> None:
    try:
        b = bundle_mod.parse(data, SOURCE)
    except BundleError as exc:
        _user_error(exc)
        return
    # Accepted: it survives its own export (what is read can be written and read again) ...
    again = bundle_mod.parse(bundle_mod.dump(b), SOURCE)
    assert again.sites == b.sites and again.findings == b.findings
    # ... and a merge with another inspector's copy either works or is one line.
    other = replace(VALID, inspector="李四", bundle_id="other")
    try:
        bundle_mod.merge([b, other])
    except BundleError as exc:
        assert "\n" not in str(exc)


def test_the_unmutated_bundle_is_valid() -> None:
    b = bundle_mod.parse(json.dumps(VALID_DOC).encode(), SOURCE)
    assert b.findings == VALID.findings and b.followups == VALID.followups


@settings(
    max_examples=max(CASES // 10, 20),
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
    derandomize=CASES <= 1000,
)
@given(mutated())
def test_accepted_bundles_import_into_a_store(tmp_path_factory: Any, data: bytes) -> None:
    """What parse accepts, the store takes: no constraint error, no 'unexpected error'."""
    from inspect_tui.bundle_store import import_bundle
    from inspect_tui.store import Store

    try:
        b = bundle_mod.parse(data, SOURCE)
    except BundleError:
        return
    with Store(tmp_path_factory.mktemp("fuzz") / "f.sqlite", actor="fuzz") as store:
        import_bundle(store, b, source=SOURCE)
        assert len(store.findings(b.key)) == len(b.findings)
