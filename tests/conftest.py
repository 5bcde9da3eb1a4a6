"""Suite-wide isolation: offscreen Qt, a throw-away data folder, no user settings touched."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    data = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("REVIEWDESK_DATA_DIR", str(data))
    monkeypatch.delenv("REVIEWDESK_DB", raising=False)
    yield data
