"""Tools → 审计日志: every entry of the database with filters, 「校验」 (full verification, with
the office's trusted keys and the head this computer remembers), and the keys that signed
checkpoints, which the office can mark as trusted (its own DRC installations)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.crypto import CryptoUnavailable
from app.models.db import Store, StoreError
from app.services import audit, audit_heads
from app.services.editing import Invalid
from app.services.trust import (
    CheckpointSigner,
    distrust_key,
    list_checkpoint_signers,
    trust_key,
)
from app.ui.audit_labels import table_label, verify_message
from app.ui.models.audit_table import AuditTableModel, fit_columns
from app.ui.models.findings_table import user_message


class AuditLogDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("Audit log"))
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("Search text, values or row number"))
        self.table_combo = QComboBox()
        self.actor_combo = QComboBox()
        self.verify_button = QPushButton(self.tr("Verify"))
        self.verify_button.setToolTip(self.tr("Check every entry's hash, the links, the signed checkpoints and their keys, and the head this computer saw last"))  # fmt: skip
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.model = AuditTableModel(self, with_project=True)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        filters = QHBoxLayout()
        filters.addWidget(self.text, 2)
        filters.addWidget(self.table_combo, 1)
        filters.addWidget(self.actor_combo, 1)
        filters.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self._build_keys())
        layout.addWidget(self.status)
        self._fill_filters()
        self.text.returnPressed.connect(self.refresh)
        self.table_combo.currentIndexChanged.connect(self.refresh)
        self.actor_combo.currentIndexChanged.connect(self.refresh)
        self.verify_button.clicked.connect(self.verify)
        self.refresh()
        self.resize(1240, 720)

    def _build_keys(self) -> QWidget:
        box = QGroupBox(self.tr("Keys that signed checkpoints"))
        self.keys = QTableWidget(0, 5)
        self.keys.setObjectName("signingKeys")
        self.keys.setHorizontalHeaderLabels([self.tr("Fingerprint"), self.tr("Whose"), self.tr("Checkpoints"),
                                             self.tr("Entries signed"), self.tr("Last signed")])  # fmt: skip
        self.keys.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.keys.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.keys.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.keys.verticalHeader().setVisible(False)
        self.keys.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.keys.horizontalHeader().setStretchLastSection(True)
        self.keys.setMaximumHeight(150)
        self.trust_button = QPushButton(self.tr("Mark as trusted…"))
        self.trust_button.setToolTip(self.tr("A key of one of your own DRC computers: its checkpoints are no longer reported"))  # fmt: skip
        self.distrust_button = QPushButton(self.tr("Remove trust"))
        self.trust_button.clicked.connect(lambda: self.trust_selected())
        self.distrust_button.clicked.connect(lambda: self.distrust_selected())
        self.keys.itemSelectionChanged.connect(self._update_key_buttons)
        buttons = QVBoxLayout()
        buttons.addWidget(self.trust_button)
        buttons.addWidget(self.distrust_button)
        buttons.addStretch(1)
        row = QHBoxLayout(box)
        row.addWidget(self.keys, 1)
        row.addLayout(buttons)
        return box

    def _fill_filters(self) -> None:
        self.table_combo.addItem(self.tr("All kinds"), "")
        for name in [*audit.audited_tables(), "import", "package", "database"]:
            self.table_combo.addItem(table_label(name), name)
        self.actor_combo.addItem(self.tr("Everyone"), "")
        for name in audit.history_actors(self.store):
            self.actor_combo.addItem(name or self.tr("(no name)"), name)

    def refresh(self) -> None:
        page = audit.search_history_page(
            self.store, text=self.text.text().strip(), table_name=self.table_combo.currentData() or "",
            actor=self.actor_combo.currentData() or "",
        )  # fmt: skip
        entries = page.entries
        self.model.set_entries(entries, page.titles)
        fit_columns(self.view, self.model)
        self.status.setText(
            self.tr("%1 entries shown (newest first)").replace("%1", str(len(entries)))
        )
        self.refresh_keys()

    # ------------------------------------------------------------------ signing keys
    def refresh_keys(self) -> None:
        self.signers: list[CheckpointSigner] = list_checkpoint_signers(self.store)
        whose = {"own": self.tr("This computer"), "trusted": self.tr("Trusted: %1"), "unknown": self.tr("Unknown")}  # fmt: skip
        self.keys.setRowCount(len(self.signers))
        for row, signer in enumerate(self.signers):
            status = whose[signer.status].replace("%1", signer.label or "—")
            last = signer.last_at.strftime("%Y-%m-%d %H:%M") if signer.last_at else ""
            values = (signer.fingerprint, status, str(signer.checkpoints), f"{signer.first_seq}–{signer.last_seq}", last)  # fmt: skip
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if signer.status == "unknown":
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.keys.setItem(row, col, item)
        self._update_key_buttons()

    def selected_signer(self) -> CheckpointSigner | None:
        row = self.keys.currentRow()
        return self.signers[row] if 0 <= row < len(self.signers) else None

    def _update_key_buttons(self) -> None:
        signer = self.selected_signer()
        writable = not self.store.read_only
        self.trust_button.setEnabled(writable and signer is not None and signer.status == "unknown")
        self.distrust_button.setEnabled(writable and signer is not None and signer.status == "trusted")  # fmt: skip

    def _change_trust(self, change: Callable[[], None]) -> bool:
        try:
            change()
        except (StoreError, Invalid) as exc:
            QMessageBox.warning(self, self.tr("Audit log"), user_message(exc))
            return False
        self.refresh()
        return True

    def trust_selected(self) -> bool:
        """Mark the selected unknown key as one of the office's own (asks for a name)."""
        signer = self.selected_signer()
        if signer is None or signer.status != "unknown":
            return False
        label, ok = QInputDialog.getText(self, self.tr("Trust this key"), self.tr(
            "Trust the key %1 (checkpoints %2–%3) as one of your own DRC computers?\n"
            "Name of the computer or its user:").replace("%1", signer.fingerprint)
            .replace("%2", str(signer.first_seq)).replace("%3", str(signer.last_seq)))  # fmt: skip
        if not ok:
            return False
        return self._change_trust(lambda: trust_key(self.store, signer.key_id, label))

    def distrust_selected(self) -> bool:
        signer = self.selected_signer()
        if signer is None or signer.status != "trusted":
            return False
        return self._change_trust(lambda: distrust_key(self.store, signer.key_id))

    # ------------------------------------------------------------------ verification
    def verify(self) -> audit.VerifyResult | None:
        """Full verification of the chain (unknown signers reported, as --strict-keys does, and
        the head this computer remembers checked); the result is shown in a message box."""
        self.setCursor(Qt.CursorShape.WaitCursor)
        try:
            result = audit_heads.verify_store(self.store, strict_keys=True)
        except CryptoUnavailable as exc:
            QMessageBox.critical(self, self.tr("Audit log"), user_message(exc))
            return None
        finally:
            self.unsetCursor()
        text = verify_message(result)
        self.status.setText(text)
        if result.ok and not result.head_file_problem:
            QMessageBox.information(self, self.tr("Audit log"), text)
        else:
            QMessageBox.warning(self, self.tr("Audit log"), text)
        return result
