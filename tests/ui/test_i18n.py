"""Chinese is complete and current; the UI shows it when installed, English otherwise."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtWidgets import QApplication

from app.ui.app import choose_language, install_translators
from app.ui.main_window import MainWindow
from app.ui.models.project_table import ProjectTableModel

ROOT = Path(__file__).resolve().parents[2]


def test_translations_are_complete_and_qm_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "i18n.py"), "check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_language_choice_defaults_to_chinese_unless_english_system() -> None:
    settings = QSettings()
    settings.remove("ui/language")
    assert choose_language(settings, QLocale(QLocale.Language.German)) == "zh_CN"
    assert choose_language(settings, QLocale(QLocale.Language.English)) == "en"
    settings.setValue("ui/language", "en")
    assert choose_language(settings, QLocale(QLocale.Language.Chinese)) == "en"


def test_menus_in_chinese_then_english(qtbot, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translators(app, "zh_CN")
    try:
        assert translators, "reviewdesk_zh_CN.qm did not load"
        window = MainWindow(demo_store, today=date(2026, 11, 25))
        qtbot.addWidget(window)
        assert window.file_menu.title() == "文件(&F)"
        assert window.tabs.tabText(0) == "项目清单"
        assert (
            window.projects_tab.model.headerData(
                ProjectTableModel.COL_TOTAL, Qt.Orientation.Horizontal
            )
            == "总投资（万元）"
        )
    finally:
        for translator in translators:
            app.removeTranslator(translator)
        install_translators(app, "en")
    english = MainWindow(demo_store, today=date(2026, 11, 25))
    qtbot.addWidget(english)
    assert english.file_menu.title() == "&File"
