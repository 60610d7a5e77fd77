from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cli.test_cli import run
from inspect_tui import bundle as bundle_mod
from inspect_tui.bundle import Bundle, BundleError, merge
from inspect_tui.bundle_store import bundle_from_store
from inspect_tui.model import Finding, Progress, Verdict, VerdictOverride
from inspect_tui.store import Store


def with_(
    b: Bundle,
    inspector: str,
    findings: list[Finding],
    done: list[str],
    overrides: tuple[VerdictOverride, ...] = (),
) -> Bundle:
    return Bundle(
        **{
            **b.__dict__,
            "inspector": inspector,
            "findings": tuple(findings),
            "progress": {uid: Progress.DONE for uid in done},
            "overrides": overrides,
            "bundle_id": bundle_mod.new_bundle_id(),
        }
    )


@pytest.fixture
def empty_bundle(sample_store: Store) -> Bundle:
    b = bundle_from_store(sample_store, "2018Q1")
    return with_(b, "nobody", [], [])


def test_round_trip_through_json(sample_store: Store) -> None:
    b = bundle_from_store(sample_store, "2018Q1", inspector="张三")
    again = bundle_mod.parse(bundle_mod.dump(b), "x.json")
    assert again.findings == b.findings
    assert again.sites == b.sites
    assert again.meta == b.meta
    assert again.progress == b.progress
    assert again.inspector == "张三"


def test_merge_three_bundles_with_overlap_no_conflict(empty_bundle: Bundle) -> None:
    a = with_(
        empty_bundle, "甲", [Finding("N000007775", "typo", count=1)], ["N000007775", "N000007776"]
    )
    b = with_(
        empty_bundle,
        "乙",
        [Finding("N000007775", "typo", count=1), Finding("N000007790", "guide_missing", count=6)],
        ["N000007775", "N000007790"],
    )
    c = with_(
        empty_bundle, "丙", [Finding("N000007809", "typo", count=1)], ["N000007809", "N000007776"]
    )
    result = merge([a, b, c])
    assert result.conflicts == ()
    assert sorted((f.site_uid, f.category) for f in result.findings) == [
        ("N000007775", "typo"),
        ("N000007790", "guide_missing"),
        ("N000007809", "typo"),
    ]
    assert result.merged_silently >= 1
    assert result.progress["N000007776"] is Progress.DONE


def test_merge_conflicts_listed_and_prefer_resolves(empty_bundle: Bundle) -> None:
    a = with_(empty_bundle, "甲", [Finding("N000007775", "typo", count=1)], ["N000007775"])
    b = with_(empty_bundle, "乙", [Finding("N000007775", "typo", count=2)], ["N000007775"])
    # 丙 checked the site and found no typo at all: also a conflict, not a silent drop.
    c = with_(
        empty_bundle,
        "丙",
        [],
        ["N000007775"],
        (VerdictOverride("N000007775", Verdict.FAIL, "严重"),),
    )
    result = merge([a, b, c])
    entries = {(x.site_uid, x.entry) for x in result.conflicts}
    assert entries == {("N000007775", "typo"), ("N000007775", "verdict")}
    typo = next(x for x in result.conflicts if x.entry == "typo")
    assert typo.values == {"甲": "typo 1", "乙": "typo 2", "丙": "—"}
    resolved = merge([a, b, c], prefer="乙")
    assert resolved.conflicts == ()
    assert resolved.findings == (Finding("N000007775", "typo", count=2),)
    assert resolved.overrides == ()
    with pytest.raises(BundleError, match="no bundle is by that inspector"):
        merge([a, b], prefer="丁")


def test_merge_refuses_different_rounds(empty_bundle: Bundle) -> None:
    other = Bundle(**{**empty_bundle.__dict__, "key": "2018Q2"})
    with pytest.raises(BundleError, match="different rounds"):
        merge([empty_bundle, other])


def _doc(sample_store: Store) -> dict:
    return json.loads(bundle_mod.dump(bundle_from_store(sample_store, "2018Q1")))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d.update(version=3),
            "x.json: version: this inspect-tui reads versions 1, 2, the file is version 3",
        ),
        (lambda d: d.update(format="other"), 'x.json: format: expected "inspect-tui-bundle"'),
        (
            lambda d: d["findings"][0].update(category="nope"),
            "x.json: findings[0].category: unknown category 'nope'",
        ),
        (
            lambda d: d["findings"][0].update(site_uid="N999"),
            "x.json: findings[0].site_uid: 'N999' is not a site",
        ),
        (
            lambda d: d["findings"][0].update(count="3"),
            "x.json: findings[0].count: expected a whole number",
        ),
        (lambda d: d["sites"][0].pop("name"), "x.json: sites[0].name: expected text, got NoneType"),
        (
            lambda d: d["sites"][0].update(kind="blog"),
            "x.json: sites[0].kind: 'blog' is not one of",
        ),
        (lambda d: d.update(sites=[]), "x.json: sites: a bundle needs its roster snapshot"),
        (lambda d: d["round"]["meta"].update(issuer=5), "x.json: round.meta.issuer: expected text"),
        (
            lambda d: d["overrides"].append({"site_uid": "N000007775", "verdict": "fail"}),
            "x.json: overrides[0].reason",
        ),
        (
            lambda d: d["progress"].update({"N000007775": "half"}),
            "x.json: progress.N000007775: 'half' is not one of",
        ),
        (lambda d: d.pop("checklist"), "x.json: checklist: expected an object"),
    ],
)
def test_validation_errors(sample_store: Store, mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(sample_store)
    mutate(doc)
    with pytest.raises(BundleError) as info:
        bundle_mod.parse(json.dumps(doc).encode(), "x.json")
    assert message in str(info.value)


def test_not_json(sample_store: Store) -> None:
    with pytest.raises(BundleError, match=r"x\.json: not valid JSON \(line 1"):
        bundle_mod.parse(b"{nope", "x.json")


@settings(max_examples=150, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=10), c, max_size=4),
        max_leaves=20,
    )
)
def test_arbitrary_json_is_rejected_cleanly(value: object) -> None:
    with contextlib.suppress(BundleError):
        bundle_mod.parse(json.dumps(value).encode(), "fuzz.json")


def test_cli_export_import_merge(tmp_path: Path) -> None:
    db = str(tmp_path / "a.sqlite")
    run("--db", db, "sample")
    out = tmp_path / "b.json"
    assert (
        run(
            "--db", db, "bundle", "export", "2018Q1", "-o", str(out), "--inspector", "甲"
        ).returncode
        == 0
    )
    other = str(tmp_path / "b.sqlite")
    imported = run("--db", other, "bundle", "import", str(out))
    assert imported.returncode == 0, imported.stderr
    with Store(Path(db)) as a, Store(Path(other)) as b:
        assert a.findings("2018Q1") == b.findings("2018Q1")
    again = run("--db", other, "bundle", "import", str(out))
    assert again.returncode == 1 and "already exists" in again.stderr


def test_cli_merge_conflict_leaves_db_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    run("--db", str(db), "sample")
    with Store(db) as s:
        doc = json.loads(bundle_mod.dump(bundle_from_store(s, "2018Q1", "乙")))
    doc["findings"][0]["count"] = 9  # 乙 disagrees with the local record on one entry
    doc["findings"][0]["category"] = "typo"
    path = tmp_path / "yi.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = db.read_bytes()
    result = run("--db", str(db), "bundle", "merge", str(path))
    assert result.returncode == 1
    assert "conflict:" in result.stderr and "nothing was merged" in result.stderr
    with Store(db) as s:
        assert len(s.findings("2018Q1")) == 17
    assert "Traceback" not in result.stderr
    resolved = run("--db", str(db), "bundle", "merge", str(path), "--prefer", "乙")
    assert resolved.returncode == 0, resolved.stderr
    with Store(db) as s:
        assert s.finding("2018Q1", "N000007775", "typo") is not None
    assert before  # the file existed before; unchanged content is checked through the store above


def test_dumped_bundles_match_the_published_schema(sample_store: Store) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(
        (Path(__file__).parents[2] / "docs" / "bundle.schema.json").read_text("utf-8")
    )
    for key in ("2018Q1", "2018Q2"):
        jsonschema.validate(
            json.loads(bundle_mod.dump(bundle_from_store(sample_store, key))), schema
        )
    bad = json.loads(bundle_mod.dump(bundle_from_store(sample_store, "2018Q1")))
    bad["findings"][0]["qualifier"] = "lots"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_conflicts_resolved_one_by_one(empty_bundle: Bundle) -> None:
    a = with_(
        empty_bundle,
        "甲",
        [Finding("N000007775", "typo", count=1), Finding("N000007776", "typo", count=1)],
        ["N000007775", "N000007776"],
    )
    b = with_(
        empty_bundle,
        "乙",
        [Finding("N000007775", "typo", count=2), Finding("N000007776", "typo", count=3)],
        ["N000007775", "N000007776"],
    )
    partly = merge([a, b], choices={("N000007775", "typo"): "乙"})
    assert [(c.site_uid, c.entry) for c in partly.conflicts] == [("N000007776", "typo")]
    full = merge([a, b], choices={("N000007775", "typo"): "乙", ("N000007776", "typo"): "甲"})
    assert full.conflicts == ()
    assert sorted((f.site_uid, f.count) for f in full.findings) == [
        ("N000007775", 2),
        ("N000007776", 1),
    ]


# -- issue 15 ---------------------------------------------------------------------------------


def test_item01_same_inspector_merge_keeps_both(empty_bundle: Bundle) -> None:
    """Two laptops with one login name: neither side's work disappears, whatever the order."""
    a = with_(empty_bundle, "tester", [Finding("N000007775", "typo", count=1)], ["N000007775"])
    b = with_(
        empty_bundle,
        "tester",
        [Finding("N000007776", "typo", count=2), Finding("N000007775", "typo", count=5)],
        ["N000007776", "N000007775"],
    )
    a = Bundle(**{**a.__dict__, "source": "a.json"})
    b = Bundle(**{**b.__dict__, "source": "b.json"})
    for order in ([a, b], [b, a]):
        result = merge(order)
        assert [(f.site_uid, f.count) for f in result.findings] == [("N000007776", 2)]
        assert [(c.site_uid, c.entry) for c in result.conflicts] == [("N000007775", "typo")]
        assert sorted(result.conflicts[0].values) == ["tester (a.json)", "tester (b.json)"]
    chosen = merge([a, b], prefer="tester (b.json)")
    assert sorted((f.site_uid, f.count) for f in chosen.findings) == [
        ("N000007775", 5),
        ("N000007776", 2),
    ]
    with pytest.raises(BundleError, match="several bundles are by that inspector"):
        merge([a, b], prefer="tester")


def test_item01_bundle_named_like_the_local_round_conflicts(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    run("--db", str(db), "sample")
    with Store(db) as s:
        local_name = f"{s.actor} (local)"
        doc = json.loads(bundle_mod.dump(bundle_from_store(s, "2018Q1", local_name)))
    doc["findings"][0]["count"] = 9
    path = tmp_path / "same.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run("--db", str(db), "bundle", "merge", str(path))
    assert result.returncode == 1, result.stdout
    assert "1 conflicts" in result.stderr and "Traceback" not in result.stderr


def test_item01_one_bundle_given_twice_is_refused(empty_bundle: Bundle) -> None:
    a = Bundle(**{**empty_bundle.__dict__, "source": "a.json"})
    b = Bundle(**{**empty_bundle.__dict__, "source": "copy.json"})
    with pytest.raises(BundleError, match=r"a\.json and copy\.json are the same bundle"):
        merge([a, b])


def test_bundles_get_a_new_id_per_export(sample_store: Store) -> None:
    first = bundle_mod.parse(bundle_mod.dump(bundle_from_store(sample_store, "2018Q1")), "a")
    second = bundle_mod.parse(bundle_mod.dump(bundle_from_store(sample_store, "2018Q1")), "b")
    assert first.bundle_id and second.bundle_id and first.bundle_id != second.bundle_id


def test_version_1_bundles_still_read(sample_store: Store) -> None:
    doc = _doc(sample_store)
    doc["version"] = 1
    del doc["id"], doc["followups"]
    data = json.dumps(doc).encode()
    b = bundle_mod.parse(data, "old.json")
    assert b.bundle_id.startswith("sha256-") and b.followups == {}
    assert bundle_mod.parse(data, "again.json").bundle_id == b.bundle_id


def test_item03_followup_marks_travel_in_bundles(sample_store: Store) -> None:
    marks = sample_store.followups("2018Q2")
    assert marks, "the sample marks follow-ups in 2018Q2"
    b = bundle_from_store(sample_store, "2018Q2", "张三")
    assert b.followups == marks
    again = bundle_mod.parse(bundle_mod.dump(b), "x.json")
    assert again.followups == marks
    other = Bundle(
        **{**again.__dict__, "inspector": "李四", "bundle_id": bundle_mod.new_bundle_id()}
    )
    assert merge([again, other]).followups == marks


def test_item03_followup_mark_goes_with_the_chosen_finding(empty_bundle: Bundle) -> None:
    from inspect_tui.model import FollowUp

    uid = "N000007775"
    a = with_(empty_bundle, "甲", [Finding(uid, "typo", count=1, carried_from="2017Q4")], [uid])
    b = with_(empty_bundle, "乙", [], [uid])
    a = Bundle(**{**a.__dict__, "followups": {(uid, "typo"): FollowUp.PRESENT}})
    b = Bundle(**{**b.__dict__, "followups": {(uid, "typo"): FollowUp.FIXED}})
    assert merge([a, b]).followups == {}  # in conflict: waits for the choice
    assert merge([a, b], prefer="乙").followups == {(uid, "typo"): FollowUp.FIXED}
    assert merge([a, b], prefer="甲").followups == {(uid, "typo"): FollowUp.PRESENT}


def _one_line_error(data: bytes) -> str:
    with pytest.raises(BundleError) as info:
        bundle_mod.parse(data, "x.json")
    text = str(info.value)
    assert text.startswith("x.json: ") and "\n" not in text and len(text) < 400
    return text


def test_item13_deep_nesting_is_one_line_error(sample_store: Store) -> None:
    assert "nested too deeply" in _one_line_error(b"[" * 100_000 + b"]" * 100_000)
    doc = _doc(sample_store)
    doc["round"]["meta"]["narratives"] = json.loads("[" * 50 + "]" * 50)
    _one_line_error(json.dumps(doc).encode())


def test_item13_deep_toml_in_the_checklist_is_one_line_error(sample_store: Store) -> None:
    doc = _doc(sample_store)
    doc["checklist"]["source"] = "x = " + "[" * 5000 + "]" * 5000
    assert "checklist" in _one_line_error(json.dumps(doc).encode())
    doc["checklist"]["source"] = "x = " + "9" * 5000
    assert "checklist" in _one_line_error(json.dumps(doc).encode())


def test_item13_huge_numbers_are_one_line_errors(sample_store: Store) -> None:
    text = json.dumps(_doc(sample_store))
    for number in ("9" * 5000, "1" * 4301, "-" + "1" * 30):
        bad = text.replace('"version": 2', f'"version": {number}', 1)
        assert "too large" in _one_line_error(bad.encode())
    assert "NaN is not a value" in _one_line_error(
        text.replace('"version": 2', '"version": NaN').encode()
    )


def test_item13_lone_surrogates_are_one_line_errors(sample_store: Store) -> None:
    doc = _doc(sample_store)
    doc["sites"][0]["name"] = "局\ud800"
    assert "surrogate" in _one_line_error(json.dumps(doc).encode())
    doc = _doc(sample_store)
    doc["progress"]["\udc00"] = "done"
    _one_line_error(json.dumps(doc).encode())


def test_item13_two_overrides_for_one_site_is_one_line_error(sample_store: Store) -> None:
    doc = _doc(sample_store)
    doc["overrides"] = [
        {"site_uid": "N000007775", "verdict": "fail", "reason": "a"},
        {"site_uid": "N000007775", "verdict": "pass", "reason": "b"},
    ]
    assert "a second verdict override" in _one_line_error(json.dumps(doc).encode())


def test_item13_later_bundle_with_an_extra_site_is_one_line_error(empty_bundle: Bundle) -> None:
    from inspect_tui.model import Site, SiteKind

    extra = Site(999, SiteKind.DEPT, "外来局", "外来", code="4413909999")
    a = with_(empty_bundle, "甲", [], ["N000007775"])
    b = with_(empty_bundle, "乙", [Finding(extra.uid, "typo", count=1)], [extra.uid])
    b = Bundle(**{**b.__dict__, "sites": (*b.sites, extra), "source": "yi.json"})
    with pytest.raises(BundleError) as info:
        merge([a, b])
    assert "yi.json: site '4413909999' is not in the round's roster" in str(info.value)


def test_item13_cli_merge_with_extra_site_is_a_field_error(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    run("--db", str(db), "sample")
    with Store(db) as s:
        doc = json.loads(bundle_mod.dump(bundle_from_store(s, "2018Q1", "乙")))
    doc["sites"].append({"seq": 999, "kind": "dept", "name": "外来局", "short_name": "外来"})
    doc["progress"]["name:外来局"] = "done"
    path = tmp_path / "yi.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run("--db", str(db), "bundle", "merge", str(path))
    assert result.returncode == 1
    assert "not in the round's roster" in result.stderr
    assert "nexpected" not in result.stderr and "Traceback" not in result.stderr


def _big_bundle(b: Bundle, n: int, inspector: str, count: int) -> Bundle:
    from inspect_tui.model import Site, SiteKind

    sites = tuple(
        Site(i + 1, SiteKind.DEPT, f"局{i}", f"局{i}", code=f"{i:010d}") for i in range(n)
    )
    findings = tuple(Finding(s.uid, "typo", count=count) for s in sites[::2])
    return Bundle(
        **{
            **b.__dict__,
            "inspector": inspector,
            "sites": sites,
            "findings": findings,
            "overrides": (),
            "progress": {s.uid: Progress.DONE for s in sites},
            "followups": {},
            "bundle_id": bundle_mod.new_bundle_id(),
        }
    )


def test_item15_merge_is_linear(empty_bundle: Bundle) -> None:
    """8,000 sites took 36 s (2,000: 2.3 s): the per-site rescans are gone."""
    import time

    a = _big_bundle(empty_bundle, 8000, "甲", 1)
    b = _big_bundle(empty_bundle, 8000, "乙", 1)
    start = time.perf_counter()
    result = merge([a, b])
    elapsed = time.perf_counter() - start
    assert len(result.findings) == 4000 and not result.conflicts
    assert elapsed < 4, f"{elapsed:.1f} s for 8,000 sites"
