"""The Qt binding keeps its references right: PySide6-Essentials 6.12.0 under Python 3.11
released one reference to None on every call of a method returning nothing (setText,
processEvents, scrollToBottom…). A working session makes tens of thousands of such calls; once
None's count reaches zero the interpreter aborts ("Fatal Python error: none_dealloc"), mid-session
or at exit (seen at exit after the 100,000-project check). pyproject.toml keeps that version out;
this test fails on any binding that does it again."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QTableView


def test_void_qt_calls_do_not_release_none(qapp: QApplication) -> None:
    label, view = QLabel(), QTableView()
    calls = 0
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("评审")
        view.scrollToBottom()
        qapp.processEvents()
        calls += 3
    lost = before - sys.getrefcount(None)
    print(f"Qt binding: calls={calls} references_to_None_lost={lost}")
    assert lost < calls // 10  # a broken binding loses one per call
