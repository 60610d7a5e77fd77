"""The export service: the round read once, plain data to the renderers, files written safely."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from inspect_tui import export
from inspect_tui.store import Store


def _count_reads(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    original = store.round_data

    def counted(key: str) -> Any:
        reads.append(key)
        return original(key)

    monkeypatch.setattr(store, "round_data", counted)
    return reads


@pytest.mark.parametrize("fmt", ["docx", "txt", "csv", "json"])
def test_the_round_is_read_once(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    reads = _count_reads(sample_store, monkeypatch)
    export.export_round(sample_store, "2018Q1", tmp_path / f"c.{fmt}")
    assert reads == ["2018Q1"]


def test_csv_does_not_compose_a_circular(
    sample_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_compose(*args: object) -> object:
        raise AssertionError("csv composed a circular")

    monkeypatch.setattr(export, "compose", no_compose)
    result = export.export_round(sample_store, "2018Q1", tmp_path / "f.csv")
    assert result.size > 0


def test_renderers_take_plain_data(sample_store: Store) -> None:
    data = sample_store.round_data("2018Q1")
    checklist = sample_store.round_checklist("2018Q1")
    assert export.render(data, checklist, "csv").startswith("\ufeffround,".encode())
    assert "〔2018〕" in export.render(data, checklist, "txt").decode("utf-8")
