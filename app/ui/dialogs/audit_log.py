"""Tools → 审计日志: every entry of the database with filters, and 「校验」 (full verification)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.crypto import CryptoUnavailable
from app.models.db import Store
from app.services import audit
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
        self.verify_button.setToolTip(
            self.tr("Check every entry's hash, the links and the signed checkpoints")
        )
        self.status = QLabel()
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
        layout.addWidget(self.view)
        layout.addWidget(self.status)
        self._fill_filters()
        self.text.returnPressed.connect(self.refresh)
        self.table_combo.currentIndexChanged.connect(self.refresh)
        self.actor_combo.currentIndexChanged.connect(self.refresh)
        self.verify_button.clicked.connect(self.verify)
        self.refresh()
        self.resize(1240, 640)

    def _fill_filters(self) -> None:
        self.table_combo.addItem(self.tr("All kinds"), "")
        for name in [*audit.audited_tables(), "import", "package"]:
            self.table_combo.addItem(table_label(name), name)
        self.actor_combo.addItem(self.tr("Everyone"), "")
        with self.store.read() as session:
            for name in audit.actors(session):
                self.actor_combo.addItem(name or self.tr("(no name)"), name)

    def refresh(self) -> None:
        with self.store.read() as session:
            entries = audit.search_history(
                session, text=self.text.text().strip(), table_name=self.table_combo.currentData() or "",
                actor=self.actor_combo.currentData() or "",
            )  # fmt: skip
            titles = audit.row_titles(session, entries)
        self.model.set_entries(entries, titles)
        fit_columns(self.view, self.model)
        self.status.setText(
            self.tr("%1 entries shown (newest first)").replace("%1", str(len(entries)))
        )

    def verify(self) -> audit.VerifyResult | None:
        """Full verification of the chain; the result is shown in a message box."""
        self.setCursor(Qt.CursorShape.WaitCursor)
        try:
            with self.store.read() as session:
                result = audit.verify_chain(session)
        except CryptoUnavailable as exc:
            QMessageBox.critical(self, self.tr("Audit log"), user_message(exc))
            return None
        finally:
            self.unsetCursor()
        text = verify_message(result)
        self.status.setText(text)
        if result.ok:
            QMessageBox.information(self, self.tr("Audit log"), text)
        else:
            QMessageBox.warning(self, self.tr("Audit log"), text)
        return result
