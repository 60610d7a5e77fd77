from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspect_tui import bundle as bundle_mod
from inspect_tui.bundle import Bundle, BundleError, merge
from inspect_tui.bundle_store import bundle_from_store
from inspect_tui.model import Finding, Progress, Verdict, VerdictOverride
from inspect_tui.store import Store
from test_cli import run


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
            lambda d: d.update(version=2),
            "x.json: version: this inspect-tui reads version 1, the file is version 2",
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
        (Path(__file__).parents[1] / "docs" / "bundle.schema.json").read_text("utf-8")
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
