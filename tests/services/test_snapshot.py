"""The bulk loader (one Core query per table, what the full check reads) gives the same facts
as the per-project ORM path (what the project tabs read), parts marked absent included."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from sqlalchemy import select

from app.models import Document, DocumentPart
from app.services import snapshot
from app.services.snapshot import read_dataset, read_project


def test_bulk_and_per_project_facts_agree(demo_store: Any) -> None:
    with demo_store.write() as session:
        doc = session.scalars(select(Document).join(DocumentPart).order_by(Document.id)).first()
        assert doc is not None
        present = [p for p in doc.parts if p.present and p.part == "chapter"]
        assert present
        present[0].present = False  # checked and found missing: not a chapter of the facts
        absent_code = present[0].code
        project_id = doc.project_id
        position = sorted(d.id for d in doc.project.documents).index(doc.id)
        kept = {p.code for p in present[1:]}
    data = read_dataset(demo_store)
    assert len(data.projects) > 20
    for facts in data.projects:
        assert facts == read_project(demo_store, facts.id)[0]
    changed = next(p for p in data.projects if p.id == project_id)
    assert {c.value for c in changed.documents[position].chapters} == kept
    assert absent_code not in kept


def test_loading_pauses_the_collector(demo_store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real = snapshot.load_dataset
    monkeypatch.setattr(snapshot, "load_dataset", lambda s: seen.append(gc.isenabled()) or real(s))
    assert gc.isenabled()
    read_dataset(demo_store)
    assert seen == [False] and gc.isenabled()
