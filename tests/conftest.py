"""Suite-wide isolation: offscreen Qt, a throw-away data folder, no user settings touched."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
#: the suite's installation: session fixtures (the demo template) run before any test's own data
#: folder exists, and must never touch the developer's real one
_SUITE_DATA = Path(tempfile.mkdtemp(prefix="reviewdesk-suite-"))
os.environ["REVIEWDESK_DATA_DIR"] = str(_SUITE_DATA)
atexit.register(shutil.rmtree, _SUITE_DATA, ignore_errors=True)


def _suite_installation_key() -> Path:
    """The suite's installation key, made once: every test runs as the installation that built
    the demo template, so its signed checkpoints are this computer's own, as for a user."""
    from app.crypto.keys import SM2_KEY_FILE, installation_signer

    installation_signer(_SUITE_DATA)
    return _SUITE_DATA / "keys" / SM2_KEY_FILE


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    data = tmp_path_factory.mktemp("userdata")
    key = _suite_installation_key()
    (data / "keys").mkdir(mode=0o700)
    shutil.copy2(key, data / "keys" / key.name)  # keeps its 0600
    monkeypatch.setenv("REVIEWDESK_DATA_DIR", str(data))
    monkeypatch.delenv("REVIEWDESK_DB", raising=False)
    yield data


@pytest.fixture(autouse=True)
def _isolated_qsettings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """QSettings go to a temporary INI folder, never to the developer's registry or ~/.config."""
    try:
        from PySide6.QtCore import QSettings
    except ImportError:  # pragma: no cover - Qt is a hard dependency
        yield
        return
    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield


@pytest.fixture(autouse=True)
def _english_ui() -> Iterator[None]:
    """Every test starts untranslated (English) whatever an earlier test installed: a test that
    wants Chinese installs it itself (install_translators), so no test depends on the order."""
    _set_english()
    yield
    _set_english()


def _set_english() -> None:
    from PySide6.QtCore import QCoreApplication, QLocale

    app = QCoreApplication.instance()
    if app is None:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return
    from app.ui.app import install_translators

    install_translators(app, "en")  # type: ignore[arg-type]


DEMO_TODAY_ISO = "2026-11-25"


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database built once per session; tests copy it."""
    from datetime import date

    from app.services.demo import build_demo
    from app.services.store import open_store

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = open_store(str(path), create=True)
    with store.write() as session:
        build_demo(session, date.fromisoformat(DEMO_TODAY_ISO))
    store.close()
    return path


@pytest.fixture
def demo_db(demo_db_template: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "demo.db"
    shutil.copyfile(demo_db_template, target)
    return target


@pytest.fixture
def demo_copy(demo_db_template: Path) -> Callable[[Path], Path]:
    """Another fresh copy of the demo database at a given path (a second office, a second file)."""
    import shutil

    def copy(target: Path) -> Path:
        shutil.copyfile(demo_db_template, target)
        return target

    return copy


@pytest.fixture
def demo_store(demo_db: Path) -> Iterator[object]:
    from app.services.store import open_store

    store = open_store(str(demo_db))
    yield store
    store.close()


# DB-9: REVIEWDESK_TEST_PG=1 runs the store against a throw-away PostgreSQL (tests/pg.py); its
# fixtures replace demo_db_template/demo_db/demo_copy above and tests marked sqlite_only are skipped.
if os.environ.get("REVIEWDESK_TEST_PG", "") not in ("", "0"):
    from tests.pg import (  # noqa: F401
        _pg_redirect,
        _pg_server,
        demo_copy,
        demo_db,
        demo_db_template,
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("REVIEWDESK_TEST_PG", "") not in ("", "0"):
        from tests.pg import skip_sqlite_only

        skip_sqlite_only(items)
