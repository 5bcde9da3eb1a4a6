"""Start the GUI: QApplication, translations, the store, the main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from app.models.db import StoreError, open_store

log = logging.getLogger(__name__)
TRANSLATIONS = Path(__file__).resolve().parent.parent.parent / "translations"


def translations_dir() -> Path:
    """Source tree: <repo>/translations; bundles ship the same folder next to the package."""
    bundled = Path(getattr(sys, "_MEIPASS", "")) / "translations"
    return bundled if bundled.is_dir() else TRANSLATIONS


def choose_language(settings: QSettings, system: QLocale | None = None) -> str:
    """'zh_CN' unless the user chose English, or the system locale is English and no choice."""
    chosen = settings.value("ui/language", "", type=str)
    if chosen in ("zh_CN", "en"):
        return chosen
    system = system or QLocale.system()
    return "en" if system.language() == QLocale.Language.English else "zh_CN"


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Load our .qm and Qt's own (dialog buttons) for `language`; English needs none."""
    installed: list[QTranslator] = []
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return installed
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    ours = QTranslator(app)
    if ours.load(str(translations_dir() / f"reviewdesk_{language}.qm")):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning("translation reviewdesk_%s.qm not found in %s", language, translations_dir())
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    return installed


def make_app(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication([sys.argv[0], *argv])
    app.setOrganizationName("ReviewDesk")
    app.setApplicationName("ReviewDesk")
    return app


def run_gui(db: str | None, argv: list[str]) -> int:
    qt_args = [a for a in argv if a.startswith("-platform") or a.startswith("-style")]
    app = make_app(qt_args)
    install_translators(app, choose_language(QSettings()))
    try:
        store = open_store(db, create=True)
    except StoreError as exc:
        english = QLocale().language() == QLocale.Language.English
        QMessageBox.critical(None, "ReviewDesk", exc.message_en if english else exc.message_zh)
        return 2
    from app.ui.main_window import MainWindow

    window = MainWindow(store)
    window.show()
    try:
        return app.exec()
    finally:
        store.close()
