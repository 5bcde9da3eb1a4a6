"""Startup check of the audit trail, off the GUI thread: incremental from the checkpoint this
computer verified last time (remembered per database in QSettings), full the first time."""

from __future__ import annotations

import hashlib
import logging
import threading

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.crypto import CryptoUnavailable
from app.models.db import Store
from app.services import audit
from app.ui.audit_labels import verify_message

log = logging.getLogger(__name__)


def _key(store: Store) -> str:
    return "audit/verified/" + hashlib.sha256(store.url.encode("utf-8")).hexdigest()[:16]


def remembered_checkpoint(store: Store) -> audit.ChainHead | None:
    seq, _, digest = str(QSettings().value(_key(store), "", type=str)).partition(":")
    return audit.ChainHead(int(seq), digest) if seq.isdigit() and len(digest) == 64 else None


def remember_checkpoint(store: Store, head: audit.ChainHead | None) -> None:
    if head is not None:
        QSettings().setValue(_key(store), f"{head.seq}:{head.hash}")


class StartupAuditCheck(QObject):
    """Runs `verify_chain` in a thread; `finished` carries the VerifyResult (or None on error)."""

    finished = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.window = parent
        self.start_from = remembered_checkpoint(store)
        self.worker = threading.Thread(target=self._run, name="audit-check", daemon=True)
        self.finished.connect(self._report)

    def start(self) -> None:
        self.worker.start()

    def _run(self) -> None:
        try:
            with self.store.read() as session:
                result = audit.verify_chain(session, start=self.start_from)
        except CryptoUnavailable as exc:
            log.error("audit check refused: %s", exc.message_en)
            result = None
        except Exception:  # the store closed under us, a locked file…: logged, retried next start
            log.exception("startup audit check failed")
            result = None
        try:
            self.finished.emit(result)
        except RuntimeError:  # the window (and this object) went away meanwhile
            log.info("audit check finished after its window closed")

    def _report(self, result: audit.VerifyResult | None) -> None:
        if result is None:
            return
        if result.ok:
            remember_checkpoint(self.store, result.last_checkpoint)
            return
        log.error("audit trail broken at %s: %s", result.first_bad_seq, result.reason_en)
        QMessageBox.warning(self.window, self.tr("Audit log"), verify_message(result))
