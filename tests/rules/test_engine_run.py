"""How a run of the engine treats the interpreter: the cyclic collector paused and restored."""

from __future__ import annotations

import pytest

from app.rules.facts import Dataset


@pytest.mark.parametrize("enabled_before", [True, False])
def test_a_run_pauses_the_cyclic_collector_and_restores_it(
    enabled_before: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc
    from datetime import date

    from app.rules import engine

    seen: list[bool] = []

    def probe(ctx: object) -> list[object]:
        seen.append(gc.isenabled())
        return []

    monkeypatch.setattr(engine, "RULE_FUNCTIONS", (probe,))
    (gc.enable if enabled_before else gc.disable)()
    try:
        assert engine.evaluate(Dataset(), date(2026, 11, 25)) == []
        assert seen == [False] and gc.isenabled() is enabled_before
    finally:
        gc.enable()
