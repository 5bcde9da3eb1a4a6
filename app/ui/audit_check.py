"""Startup check of the audit trail, off the GUI thread: incremental from the checkpoint this
computer verified last time (remembered per database in QSettings), full the first time; then
against the head this installation remembers for the database (app.services.audit_heads), and
with the office's trusted checkpoint keys (an unknown signer is reported, as --strict-keys)."""

from __future__ import annotations

import hashlib
import logging
import threading

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.crypto import CryptoUnavailable
from app.models.db import Store, StoreError
from app.services import audit, audit_heads
from app.ui.audit_labels import verify_message
from app.ui.models.findings_table import user_message

log = logging.getLogger(__name__)


def _key(store: Store) -> str:
    return "audit/verified/" + hashlib.sha256(store.url.encode("utf-8")).hexdigest()[:16]


def remembered_checkpoint(store: Store) -> audit.ChainHead | None:
    seq, _, digest = str(QSettings().value(_key(store), "", type=str)).partition(":")
    return audit.ChainHead(int(seq), digest) if seq.isdigit() and len(digest) == 64 else None


def remember_checkpoint(store: Store, head: audit.ChainHead | None) -> None:
    if head is not None:
        QSettings().setValue(_key(store), f"{head.seq}:{head.hash}")


def forget_checkpoint(store: Store) -> None:
    """After a restore the chain is another one: verify it in full next time."""
    QSettings().remove(_key(store))


class StartupAuditCheck(QObject):
    """Runs the verification in a thread; `finished` carries the VerifyResult (None on error)."""

    finished = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.window = parent
        self.start_from = remembered_checkpoint(store)
        self.worker = threading.Thread(target=self._run, name="audit-check", daemon=True)
        self.finished.connect(self._report)
        #: the result was reported (or there was none to report): the check is over
        self.reported = False

    def start(self) -> None:
        self.worker.start()

    def _run(self) -> None:
        try:
            result = audit_heads.verify_store(self.store, start=self.start_from, strict_keys=True)
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
        try:
            self._tell(result)
        finally:
            self.reported = True

    def _tell(self, result: audit.VerifyResult | None) -> None:
        if result is None:
            return
        if result.ok:
            remember_checkpoint(self.store, result.last_checkpoint)
            if result.head_file_problem:
                QMessageBox.warning(self.window, self.tr("Audit log"), verify_message(result))
            return
        log.error("audit trail broken at %s: %s", result.first_bad_seq, result.reason_en)
        text = verify_message(result)
        if not (result.truncated or result.replaced) or self.store.read_only or self.store.role != "drc":  # fmt: skip
            QMessageBox.warning(self.window, self.tr("Audit log"), text)
            return
        question = text + "\n\n" + QCoreApplication.translate("StartupAuditCheck", "If you know why (you opened an older copy on purpose), you can accept the database as it is now: this computer then remembers its current head, and your decision is recorded in the audit trail. Accept it?")  # fmt: skip
        if QMessageBox.question(self.window, self.tr("Audit log"), question) != QMessageBox.StandardButton.Yes:  # fmt: skip
            return
        try:
            db_id = audit_heads.store_database_id(self.store)
            remembered = audit_heads.load(db_id) if db_id else None
            if remembered is not None:
                audit_heads.accept_current_head(self.store, remembered)
        except (StoreError, CryptoUnavailable, audit_heads.HeadFileInvalid) as exc:
            text = user_message(exc) if hasattr(exc, "message_en") else str(exc)
            QMessageBox.warning(self.window, self.tr("Audit log"), text)
