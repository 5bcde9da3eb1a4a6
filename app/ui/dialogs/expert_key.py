"""The expert's side of key registration: export this computer's expert public key to a file
and show its fingerprint, to send to the DRC and read out when they call."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.crypto import CryptoUnavailable
from app.services.atomic import OutputError
from app.services.trust import KEY_SUFFIX, PublicKey, write_expert_key
from app.ui.dialogs.user_name import saved_name
from app.ui.models.findings_table import user_message


def export_expert_key(parent: QWidget | None, path: str | Path | None = None) -> PublicKey | None:
    """Ask where (unless `path`), write the key file, show the fingerprint; None if not written."""
    title = QCoreApplication.translate("expert_key", "Export my expert key")
    if path is None:
        from app.paths import data_dir

        name = saved_name() or QCoreApplication.translate("expert_key", "expert")
        chosen, _filter = QFileDialog.getSaveFileName(
            parent, title, str(data_dir() / f"{name}{KEY_SUFFIX}"),
            QCoreApplication.translate("expert_key", "Expert key (*.rdkey)"),
        )  # fmt: skip
        if not chosen:
            return None
        path = chosen
    try:
        key = write_expert_key(path, name=saved_name())
    except (OutputError, CryptoUnavailable) as exc:
        QMessageBox.warning(parent, title, user_message(exc))
        return None
    QMessageBox.information(
        parent, title,
        QCoreApplication.translate("expert_key", "Your public key was saved to %1.\n\nSend this file to the DRC. When they call to register it, read them this fingerprint:\n\n%2\n\nThe returns you send are signed with this key.")
        .replace("%1", str(path)).replace("%2", key.fingerprint),
    )  # fmt: skip
    return key
