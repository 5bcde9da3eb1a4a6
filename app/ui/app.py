"""Start the GUI: QApplication, translations, one-writer lock, the store, the main window.

`AppController` owns what outlives a main window: the open store and its lock file, the
language. Opening another database or switching the language builds a fresh main window,
so every widget is created with the right store and the right translations.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLibraryInfo, QLocale, QLockFile, QObject, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy.exc import DatabaseError, SQLAlchemyError

from app.models.db import (
    Store,
    StoreError,
    describe_db,
    resolve_url,
    sqlite_path,
)
from app.models.location import Location, VolumeProbe, classify_location, copy_to_local
from app.paths import DB_ENV, data_dir
from app.services.store import open_store
from app.ui.recent import remember_file

log = logging.getLogger(__name__)
TRANSLATIONS = Path(__file__).resolve().parent.parent.parent / "translations"
#: open-path refusals a backup can repair
RESTORABLE = {"not_sqlite", "corrupt", "empty_file", "backup_failed"}


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


_installed: list[QTranslator] = []


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Replace the installed translators by those of `language` (English needs none)."""
    while _installed:
        app.removeTranslator(_installed.pop())
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return []
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    ours = QTranslator(app)
    if ours.load(str(translations_dir() / f"reviewdesk_{language}.qm")):
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.warning("translation reviewdesk_%s.qm not found in %s", language, translations_dir())
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return list(_installed)


def make_app(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication([sys.argv[0], *argv])
    app.setOrganizationName("ReviewDesk")
    app.setApplicationName("ReviewDesk")
    return app


class AppController(QObject):
    """Opens databases (with the one-writer lock) and (re)builds the main window."""

    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self.app = app
        self.store: Store | None = None
        self.lock: QLockFile | None = None
        self.window: QWidget | None = None
        self.language = choose_language(QSettings())
        self.role = "drc"  # app.models.roles.Role: `--role reviewer` limits the services
        self.actor = ""  # the user's name, recorded in the audit trail for every change
        self.audit_check: QObject | None = None
        #: (database file, backup name) of a restore whose record waits for the reopened store
        self.restored: tuple[Path, str] | None = None
        # asks the OS where a database lives (tests inject drive types and mounts)
        self.volume_probe: VolumeProbe | None = None

    # ------------------------------------------------------------------ stores
    def describe_holder(self, lock: QLockFile) -> str:
        info = lock.getLockInfo()  # (pid, host, app) in PySide6; (ok, pid, host, app) elsewhere
        if isinstance(info, tuple) and len(info) == 4:
            info = info[1:] if info[0] else ()
        if isinstance(info, tuple) and len(info) == 3:
            pid, host, app_name = info
            return self.tr("process %1 on %2 (%3)").replace("%1", str(pid)).replace("%2", str(host)).replace("%3", str(app_name))  # fmt: skip
        return self.tr("another program")

    def error_hook(self, previous: Any) -> Any:
        """sys.excepthook: a refusal no widget caught (PermissionDenied for a reviewer, a busy
        server…) is shown as a message in the user's language; anything else goes on as before."""

        def hook(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
            if isinstance(exc, StoreError):
                log.warning("refused: %s (%s)", exc.code, exc.message_en)
                QMessageBox.warning(
                    QApplication.activeWindow(), self.tr("ReviewDesk"), self.message(exc)
                )
                return
            previous(kind, exc, tb)

        return hook

    def message(self, exc: StoreError) -> str:
        from app.ui.models.findings_table import user_message

        return user_message(exc)

    def open(self, db: str | None, parent: QWidget | None = None) -> bool:
        """Open `db` (path or URL). On refusal the current store stays open."""
        url = resolve_url(db)
        if self.store is not None and self.store.url == url:
            return True  # already open (Recent databases lists it too): not "in use by itself"
        read_only = False
        lock: QLockFile | None = None
        location = Location.LOCAL
        file = sqlite_path(url)
        if file is not None:
            path = str(file)
            location = classify_location(path, self.volume_probe)
            if not location.is_local:
                choice = self.ask_location(Path(path), location, parent)
                if choice == "copy":
                    copy = self.copy_to_local(Path(path), parent)
                    return copy is not None and self.open(str(copy), parent)
                if choice not in ("in_place", "read_only"):
                    return False
                read_only = choice == "read_only"
        if file is not None and not read_only:
            lock = QLockFile(path + ".lock")
            lock.setStaleLockTime(0)
            if not lock.tryLock(200):
                holder = self.describe_holder(lock)
                answer = QMessageBox.question(
                    parent, self.tr("Database in use"),
                    self.tr("The database is open for writing by %1.\nOpen it read-only?").replace("%1", holder),
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                )  # fmt: skip
                if answer != QMessageBox.StandardButton.Yes:
                    return False
                read_only, lock = True, None
        try:
            store = open_store(
                db, read_only=read_only, create=not read_only, location=location, role=self.role
            )
        except StoreError as exc:
            if lock is not None:
                lock.unlock()
            if (
                exc.code in RESTORABLE
                and self.role == "drc"  # restoring a backup is DRC staff's
                and file is not None
                and self.offer_restore(file, exc, parent)
            ):
                return self.open(db, parent)
            QMessageBox.critical(parent, self.tr("Cannot open the database"), self.message(exc))
            return False
        except DatabaseError as exc:
            if lock is not None:
                lock.unlock()
            log.warning("cannot open %s: %s", describe_db(url), exc)
            error = StoreError(
                "not_a_database",
                "该文件不是 ReviewDesk 数据库，或已损坏。请从备份恢复或选择其他文件。",
                "This file is not a ReviewDesk database, or it is damaged. Restore a backup or choose another file.",
            )
            QMessageBox.critical(parent, self.tr("Cannot open the database"), self.message(error))
            return False
        self.close_store()
        store.actor = self.actor
        self.store, self.lock = store, lock
        self._record_restore(store)
        if store.path is not None:
            remember_file(str(store.path))
            QSettings().setValue("files/last", str(store.path))
        self.audit_check = None  # this store's starts after the first paint
        window = self.build_window()
        # what the first look does not need runs once the window is painted, before the
        # findings' check: the day's backup (on this thread: before any edit), the audit check
        self._when_painted(window, store, lambda: self._daily_backup(store, location))
        self._when_painted(window, store, lambda: self._check_audit_trail(store))
        return True

    def _when_painted(self, window: QWidget | None, store: Store, job: Callable[[], None]) -> None:
        """`job` after the window's first paint, if `store` is still the one open then (at
        once when there is no main window to wait for)."""

        def run() -> None:
            if self.store is store:
                job()

        later = getattr(window, "after_first_paint", None)
        if later is None:
            run()
        else:
            later(run)

    @staticmethod
    def _daily_backup(store: Store, location: Location) -> None:
        """The first open of the day backs the database up (app.models.backups)."""
        if store.path is None or store.read_only:
            return
        from app.models.backups import daily_backup

        try:
            if location.is_local:
                daily_backup(store.path, date.today())
            else:  # the store holds the file exclusively: copy through its own connection
                with store.engine.connect() as conn:
                    raw = conn.connection.driver_connection
                    daily_backup(store.path, date.today(), source=raw)  # type: ignore[arg-type]
        except (OSError, StoreError, sqlite3.Error) as exc:  # never block work on a backup
            log.warning("daily backup of %s failed: %s", store.path, exc)

    def _record_restore(self, store: Store) -> None:
        """A backup just put in place (offer_restore) is recorded in its trail and remembered,
        so that the older chain is recognised as a restore, not reported as truncated."""
        restored, self.restored = self.restored, None
        if restored is None or store.path is None or store.read_only:
            return
        if store.path.resolve() != restored[0].resolve():
            return
        from app.crypto import CryptoUnavailable
        from app.services.audit_heads import record_restore
        from app.ui.audit_check import forget_checkpoint

        forget_checkpoint(store)
        try:
            record_restore(store, restored[1])
        except (CryptoUnavailable, StoreError, SQLAlchemyError, OSError):
            log.exception("the restore of %s was not recorded in its audit trail", store.path)

    def _check_audit_trail(self, store: Store) -> None:
        """Verify the audit chain on a worker, once per opened database (a language switch
        rebuilds the window, not the check); a break is reported over the window."""
        if self.window is None:  # no window to report to (tests that open stores only)
            return
        from app.ui.audit_check import StartupAuditCheck

        self.audit_check = StartupAuditCheck(store, self.window)
        self.audit_check.start()

    def ask_location(self, path: Path, location: Location, parent: QWidget | None) -> str:
        """Warn about a database that is not on a local disk: "copy", "in_place", "read_only"
        or "cancel" (RELIABILITY.md §2.3)."""
        where = {
            Location.NETWORK: self.tr("on a network drive"),
            Location.REMOVABLE: self.tr("on a removable drive"),
            Location.CLOUD: self.tr("in a cloud-sync folder (OneDrive, Nutstore, Baidu Netdisk, WPS cloud…)"),
        }[location]  # fmt: skip
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Database not on this computer"),
            self.tr("The database %1 is %2.\nThere it can be damaged by a dropped connection, an unplugged drive or a sync program copying it half-written, and two computers can overwrite each other's work.\nCopy it to this computer's data folder and open the copy (recommended), open it in place (rollback journal, locked exclusively while open), or open it read-only.")
            .replace("%1", str(path)).replace("%2", where), parent=parent)  # fmt: skip
        buttons = {
            box.addButton(self.tr("Copy to the local data folder and open"), QMessageBox.ButtonRole.AcceptRole): "copy",
            box.addButton(self.tr("Open in place"), QMessageBox.ButtonRole.DestructiveRole): "in_place",
            box.addButton(self.tr("Open read-only"), QMessageBox.ButtonRole.ActionRole): "read_only",
        }  # fmt: skip
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(next(iter(buttons)))  # type: ignore[arg-type]
        box.exec()
        return buttons.get(box.clickedButton(), "cancel")  # type: ignore[call-overload]

    def copy_to_local(self, path: Path, parent: QWidget | None) -> Path | None:
        """Copy a non-local database into the data folder (never over an existing file)."""
        try:
            return copy_to_local(path, data_dir())
        except (OSError, StoreError) as exc:
            log.warning("copying %s to the data folder failed: %s", path, exc)
            if isinstance(exc, StoreError):
                text = self.message(exc)
            else:
                text = self.tr("The copy failed (%1). Check that the data folder %2 is writable and has space.").replace("%1", str(exc)).replace("%2", str(data_dir()))  # fmt: skip
            QMessageBox.critical(parent, self.tr("Cannot copy the database"), text)
            return None

    def offer_restore(self, path: Path, exc: StoreError, parent: QWidget | None) -> bool:
        """The file cannot be used: offer its newest backup (the bad file is kept aside)."""
        from app.models.backups import backups_of, restore

        available = backups_of(path)
        if not available:
            return False
        newest = available[0]
        answer = QMessageBox.question(
            parent, self.tr("Restore from a backup?"),
            self.message(exc) + "\n\n" + self.tr("Restore the backup of %1? The current file is kept beside it.")
            .replace("%1", newest.made_at.strftime("%Y-%m-%d %H:%M")),
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return False
        restore(path, newest.path)
        self.restored = (path, newest.path.name)  # recorded in the trail once it is open again
        return True

    def close_store(self) -> None:
        window = self.window
        if window is not None and hasattr(window, "ctx"):
            # start-up work not begun yet is not to come; the findings' worker writes the kept
            # findings of this store: let it finish first, or it writes into a file that is
            # being closed, replaced or restored
            window.drop_start_up_work()  # type: ignore[attr-defined]
            window.ctx.wait_for_checks()
        if self.store is not None:
            self._prune_attachments(self.store)
            self._sign_audit_head(self.store)
            self.store.close()
            self.store = None
        if self.lock is not None:
            self.lock.unlock()
            self.lock = None

    @staticmethod
    def _sign_audit_head(store: Store) -> None:
        """A clean exit signs the chain's head, so no entry stays outside a checkpoint."""
        if store.read_only:
            return
        from app.crypto import CryptoUnavailable
        from app.services.audit import checkpoint
        from app.services.audit_heads import remember
        from app.ui.audit_check import remember_checkpoint

        try:
            with store.write() as session:
                head = checkpoint(session)
            remember_checkpoint(store, head)
            remember(store, "close")  # this computer's own anchor for the next open
        except (CryptoUnavailable, StoreError, SQLAlchemyError, OSError):
            log.exception(
                "the audit head was not signed at close (it will be at the next checkpoint)"
            )

    @staticmethod
    def _prune_attachments(store: Store) -> None:
        """Files of removed attachments stay while Ctrl+Z can bring them back: until now."""
        if store.read_only:
            return
        from app.services.attachments import prune_orphans

        try:
            prune_orphans(store)
        except (OSError, SQLAlchemyError):
            log.exception("orphan attachment files were not pruned (they will be next time)")

    # ------------------------------------------------------------------ windows
    def build_window(self) -> QWidget:
        from app.ui.main_window import MainWindow

        assert self.store is not None
        old = self.window
        window = MainWindow(self.store, controller=self)
        if old is not None:
            window.setGeometry(old.geometry())
            if isinstance(old, MainWindow):
                window.take_over(old)
            old.setProperty("replaced", True)
            old.close()
            old.deleteLater()
        window.show()
        self.window = window
        return window

    def set_language(self, language: str) -> None:
        """Switch the UI language now: new translators, a freshly built window."""
        QSettings().setValue("ui/language", language)
        self.language = language
        install_translators(self.app, language)
        if self.store is not None:
            self.build_window()


def run_gui(db: str | None, argv: list[str], role: str | None = None) -> int:
    qt_args = [a for a in argv if a.startswith("-platform") or a.startswith("-style")]
    app = make_app(qt_args)
    controller = AppController(app)
    controller.role = role or "drc"
    sys.excepthook = controller.error_hook(sys.excepthook)
    install_translators(app, controller.language)
    from app.ui.dialogs.user_name import ensure_name

    controller.actor = ensure_name()
    if db is None and not os.environ.get(DB_ENV):
        last = QSettings().value("files/last", "", type=str)
        db = last if last and Path(last).exists() else None
    if not controller.open(db):
        return 2
    try:
        return app.exec()
    finally:
        controller.close_store()  # waits for the checking thread: never left running at exit
