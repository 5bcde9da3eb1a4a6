"""DB-6 (a) and (b): a second instance on the same file, and a stale lock after kill -9.

Process A (a subprocess) holds the app's QLockFile `<db>.lock`. The app (B) opening the
same file must show A's pid and host and either refuse or open read-only; after A is killed
with SIGKILL, B's next open takes the lock and opens for writing.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.ui.app import AppController, install_translators, make_app

pytestmark = pytest.mark.reliability
ROUNDS = 3

HOLDER = """
import os, sys
from PySide6.QtCore import QCoreApplication, QLockFile
app = QCoreApplication([])
app.setApplicationName("ReviewDesk")
lock = QLockFile(sys.argv[1])
lock.setStaleLockTime(0)
print("LOCKED" if lock.tryLock(2000) else "BUSY", os.getpid(), flush=True)
sys.stdin.readline()
"""


def test_db6_second_instance_and_stale_lock(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:  # type: ignore[no-untyped-def]
    app = make_app([])
    install_translators(app, "zh_CN")
    controller = AppController(app)
    monkeypatch.setattr(controller, "build_window", lambda: None)
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.Cancel]

    def question(_parent: object, _title: str, text: str, *a: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    host = socket.gethostname()
    refused_with_holder = read_only_with_holder = reclaimed = 0
    for _ in range(ROUNDS):
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(demo_db) + ".lock"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert holder.stdout is not None
        status, pid = holder.stdout.readline().split()
        assert status == "LOCKED"
        # (a) refused, then read-only, each time naming the holder
        for choice in (QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes):
            asked.clear()
            answer[0] = choice
            opened = controller.open(str(demo_db))
            named = bool(asked) and pid in asked[0] and host in asked[0] and "只读" in asked[0]
            if choice == QMessageBox.StandardButton.Cancel:
                refused_with_holder += named and not opened and controller.store is None
            else:
                store = controller.store
                read_only_with_holder += named and opened and store is not None and store.read_only
            controller.close_store()
        # (b) A dies without unlocking: the next open takes the stale lock and can write
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        asked.clear()
        opened = controller.open(str(demo_db))
        reclaimed += (
            opened and not asked and controller.lock is not None and not controller.store.read_only
        )  # type: ignore[union-attr]
        controller.close_store()
    print(
        f"DB-6: rounds={ROUNDS} a_refused_with_holder={refused_with_holder}/{ROUNDS} "
        f"a_read_only_with_holder={read_only_with_holder}/{ROUNDS} b_stale_reclaimed={reclaimed}/{ROUNDS}"
    )
    assert refused_with_holder == read_only_with_holder == reclaimed == ROUNDS
