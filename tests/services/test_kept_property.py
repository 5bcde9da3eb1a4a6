"""Kept findings equal a full evaluation after every step of random edits, imports, deletions
and day jumps (across due dates, month ends and 29 February), on the demo data.

The same steps run at 100,000 projects in bench/bench_scale.py.
"""

from __future__ import annotations

import itertools
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from app.services import kept
from app.services.kept_view import ListView, counts
from app.services.snapshot import evaluate_store
from app.services.store import open_store
from tests.kept_steps import State, apply_step

pytestmark = pytest.mark.sqlite_only
TODAY = date(2026, 11, 25)
_numbers = itertools.count()


@pytest.fixture(scope="module")
def kept_demo(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with its findings kept (so each example starts with an incremental refresh)."""
    from app.reports.submission_xlsx import write_template

    folder = tmp_path_factory.mktemp("kept")
    path = folder / "kept-demo.db"
    shutil.copyfile(demo_db_template, path)
    store = open_store(str(path))
    kept.refresh(store, TODAY)
    store.close()
    write_template(folder / "template.xlsx", year=2027)
    return path


def assert_kept_equals_full(store: object, today: date, log: list[str]) -> None:
    with store.read() as session:  # type: ignore[attr-defined]
        mine = kept.findings(session)
        orphans = session.execute(text(
            "SELECT count(*) FROM kept_texts WHERE id NOT IN (SELECT text_id FROM kept_findings)"
        )).scalar()  # fmt: skip
    assert orphans == 0, f"messages kept for no finding after {log}"
    full = evaluate_store(store, today)  # type: ignore[arg-type]
    if mine != full:
        only_kept = [f for f in mine if f not in full][:3]
        only_full = [f for f in full if f not in mine][:3]
        pytest.fail(f"after {log}:\nkept only: {only_kept}\nfull only: {only_full}", pytrace=False)
    with store.read() as session:  # type: ignore[attr-defined]
        kept_counts = counts(session)
    expected = ListView(full).counts()
    if kept_counts != expected:
        wrong = {o: (kept_counts.get(o), expected.get(o)) for o in kept_counts.keys() | expected.keys() if kept_counts.get(o) != expected.get(o)}  # fmt: skip
        pytest.fail(
            f"after {log}:\nkept counts (kept, full): {dict(list(wrong.items())[:5])}",
            pytrace=False,
        )


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_kept_findings_equal_a_full_evaluation_after_every_step(
    kept_demo: Path, data: st.DataObject
) -> None:
    folder = kept_demo.parent
    path = folder / f"example-{next(_numbers)}.db"
    shutil.copyfile(kept_demo, path)
    store = open_store(str(path))
    state = State(TODAY, template=folder / "template.xlsx", folder=folder)
    try:
        for _ in range(data.draw(st.integers(6, 14), label="steps")):
            apply_step(store, data.draw, state)
            refreshed = kept.refresh(store, state.today)
            assert not refreshed.full, state.log  # incremental all along
            assert_kept_equals_full(store, state.today, state.log)
    finally:
        store.close()
        path.unlink(missing_ok=True)
