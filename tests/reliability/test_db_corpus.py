"""DB-4: a corpus of 200 malformed database files through the app's open path.

Variants of a good database (seeded): truncation at a random offset, a random page
overwritten, header bytes flipped, one byte changed inside a page (content only), a
zero-length file, a zip renamed `.db`, a newer schema, an old schema (0002, and one without
a version stamp), and the good file with a stray `-wal` from another database. Each goes
through `AppController.open` (message boxes recorded): every file is classified, every
refusal has its Chinese message and the restore offer, nothing crashes, and no refused file
is written (SHA-256 and mtime unchanged). Content-only corruptions that pass `quick_check`
are counted separately: only the audit chain can catch those (SEC-1).
"""

from __future__ import annotations

import hashlib
import random
import re
import shutil
import sqlite3
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from alembic import command
from PySide6.QtWidgets import QMessageBox

from app.models.migrate import DbState, alembic_config, backup, classify
from app.ui.app import AppController, install_translators, make_app

pytestmark = pytest.mark.reliability
VARIANTS = 200
PAGE = 4096
CJK = re.compile(r"[\u4e00-\u9fff]")
REFUSED = {DbState.NOT_SQLITE, DbState.CORRUPT, DbState.TOO_NEW}


def fingerprint(path: Path) -> tuple[str, int] | None:
    if not path.exists():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def stray_wal(tmp: Path) -> bytes:
    """The -wal of another database, with committed frames not yet checkpointed."""
    other = tmp / "other.db"
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("CREATE TABLE projects (id INTEGER PRIMARY KEY, name TEXT)")
    conn.executemany("INSERT INTO projects VALUES (?, ?)", [(i, "别的库" * 20) for i in range(300)])
    data = Path(str(other) + "-wal").read_bytes()
    conn.close()
    return data


def old_schema(tmp: Path) -> bytes:
    path = tmp / "at0002.db"
    config = alembic_config()
    config.set_main_option("sqlalchemy.url", f"sqlite:///{path}")
    command.upgrade(config, "0002")
    return path.read_bytes()


def make_variant(kind: str, good: bytes, rng: random.Random, extras: dict[str, bytes],
                 path: Path) -> None:  # fmt: skip
    data = bytearray(good)
    pages = len(good) // PAGE
    if kind == "truncate":
        data = data[: rng.randrange(1, len(good))]
    elif kind == "page":
        start = rng.randrange(1, pages) * PAGE
        data[start : start + PAGE] = rng.randbytes(PAGE)
    elif kind == "header":
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(0, 100)] ^= 1 << rng.randrange(8)
    elif kind == "content":  # one byte near the end of a page: cell content, not structure
        page = rng.randrange(1, pages)
        data[page * PAGE + PAGE - 1 - rng.randrange(0, 400)] ^= 1 << rng.randrange(8)
    elif kind == "zero":
        data = bytearray()
    elif kind == "zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
        return
    elif kind == "too_new":
        data = bytearray(extras["too_new"])
    elif kind == "old_0002":
        data = bytearray(extras["old_0002"])
    elif kind == "unversioned":
        data = bytearray(extras["unversioned"])
    elif kind == "stray_wal":
        Path(str(path) + "-wal").write_bytes(extras["wal"])
    path.write_bytes(bytes(data))


KINDS = ["truncate", "page", "header", "content", "truncate", "page", "header", "content",
         "zero", "zip", "too_new", "old_0002", "unversioned", "stray_wal"]  # fmt: skip


def test_db4_malformed_corpus(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              qtbot) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    good = demo_db.read_bytes()
    conn = sqlite3.connect(demo_db)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    too_new = demo_db.read_bytes()
    conn.execute("DELETE FROM alembic_version")
    conn.commit()
    conn.close()
    extras = {"too_new": too_new, "unversioned": demo_db.read_bytes(),
              "old_0002": old_schema(tmp_path), "wal": stray_wal(tmp_path)}  # fmt: skip
    demo_db.write_bytes(good)
    backup(demo_db, "daily")  # the corpus files are all named demo.db: this backup is theirs

    app = make_app([])
    install_translators(app, "zh_CN")
    controller = AppController(app)
    monkeypatch.setattr(controller, "build_window", lambda: None)
    shown: dict[str, list[str]] = {"critical": [], "question": []}

    def critical(_parent: object, _title: str, text: str, *a: object) -> None:
        shown["critical"].append(text)

    def question(_parent: object, _title: str, text: str, *a: object) -> QMessageBox.StandardButton:
        shown["question"].append(text)
        return QMessageBox.StandardButton.No  # keep the bad file for the checks below

    monkeypatch.setattr(QMessageBox, "critical", critical)
    monkeypatch.setattr(QMessageBox, "question", question)

    rng = random.Random(20261125)
    classes: Counter[str] = Counter()
    crashes = unclassified = no_message = no_offer = writes = content_ok = 0
    for i in range(VARIANTS):
        kind = KINDS[i % len(KINDS)]
        path = tmp_path / f"corpus-{i:03d}" / "demo.db"
        path.parent.mkdir()
        make_variant(kind, good, rng, extras, path)
        before = fingerprint(path)
        shown["critical"].clear()
        shown["question"].clear()
        try:
            state, _rev = classify(path)
            opened = controller.open(str(path))
        except Exception as exc:  # the figure counts crashes
            crashes += 1
            print(f"crash on {kind} #{i}: {exc!r}")
            continue
        finally:
            controller.close_store()
        refused = not opened
        classes[f"{state.value}{'/refused' if refused else ''}"] += 1
        if state not in set(DbState):
            unclassified += 1
        if kind == "content" and state == DbState.OK:
            content_ok += 1
        if refused:
            text = (shown["question"] or shown["critical"] or [""])[0]
            no_message += not CJK.search(text)
            offer_expected = state != DbState.TOO_NEW
            no_offer += offer_expected and not shown["question"]
            writes += fingerprint(path) != before
        elif state in REFUSED:
            unclassified += 1  # a bad file was opened
        shutil.rmtree(path.parent)
    print(
        f"DB-4: variants={VARIANTS} classified={VARIANTS - unclassified - crashes} crashes={crashes} "
        f"missing_message={no_message} missing_restore_offer={no_offer} writes_to_bad_files={writes} "
        f"content_only_passing_quick_check={content_ok} classes={dict(sorted(classes.items()))}"
    )
    assert (crashes, unclassified, no_message, no_offer, writes) == (0, 0, 0, 0, 0)
