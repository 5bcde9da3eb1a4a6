"""Command line: export-review-packages, import-review-package (refusal, confirmation), group opinion."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.cli import EXIT_BAD_INPUT, EXIT_OK, main
from app.models.db import open_store
from tests.review.helpers import make_round
from tests.review.test_packages import returned


def test_cli_round_trip(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store: Any = open_store(str(demo_db))
    round_id, _ = make_round(store)
    store.close()
    db = ["--db", str(demo_db)]
    assert main(["export-review-packages", *db, "--round", str(round_id), "-o", str(tmp_path / "out"), "--today", "2026-11-25"]) == EXIT_OK  # fmt: skip
    packages = sorted((tmp_path / "out").glob("*.rdpkg"))
    assert len(packages) == 2
    back = returned(packages[0], tmp_path)
    assert main(["import-review-package", *db, str(back)]) == EXIT_OK
    capsys.readouterr()
    assert main(["import-review-package", *db, str(back)]) == EXIT_BAD_INPUT
    assert "已经导入过" in capsys.readouterr().err
    again = returned(packages[0], tmp_path, score=50, conclusion="reject")
    assert main(["import-review-package", *db, str(again)]) == EXIT_BAD_INPUT
    assert "评审结论: 同意 → 不同意" in capsys.readouterr().err
    assert main(["import-review-package", *db, str(again), "--replace"]) == EXIT_OK
    docx, xlsx = tmp_path / "g.docx", tmp_path / "g.xlsx"
    assert main(["export-group-opinion", *db, "--round", str(round_id), "-o", str(docx), "--xlsx", str(xlsx)]) == EXIT_OK  # fmt: skip
    assert docx.stat().st_size > 0 and xlsx.stat().st_size > 0
    assert main(["open-package", str(tmp_path / "nothing.rdpkg")]) == EXIT_BAD_INPUT
