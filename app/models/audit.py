"""The audit trail (append-only, hash-chained) and dossier attachments (content-addressed).

Audit entries are never updated or deleted by the app. Each entry's `hash` covers a canonical
JSON of its own fields plus the previous entry's hash (see `app.services.audit`), so an edit of
the table behind the app's back breaks the chain at the first altered row. `project_id` is a
plain column, not a foreign key: a project's history outlives the project.

Checkpoints sign the head of the chain (seq and hash) with the installation's key, so that a
chain recomputed from scratch without the key is detected too.

Attachments are files stored once by their SHA-256 in the `attachments/` folder beside the
database; a row ties a stored file to one checklist item (`item_key`: a DocKind value or another
checklist key) of one project.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class AuditEntry(Base):
    __tablename__ = "audit_entries"

    #: 1, 2, 3, … assigned by the app (not AUTOINCREMENT): a gap is a deleted entry
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False)  # fmt: skip
    at: Mapped[datetime] = mapped_column(DateTime)
    #: the user's name as entered on first run, and the id of the installation key
    actor: Mapped[str] = mapped_column(String(100), default="")
    actor_key: Mapped[str] = mapped_column(String(64), default="")
    #: table and row the change is about, or "import" / "package" for batch operations
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(64), default="")
    project_id: Mapped[int | None] = mapped_column(Integer, index=True)
    #: insert / update / delete / import / merge / restore
    operation: Mapped[str] = mapped_column(String(16))
    #: canonical JSON of the old and new values of the changed fields ("{}" when none)
    before: Mapped[str] = mapped_column(Text, default="{}")
    after: Mapped[str] = mapped_column(Text, default="{}")
    summary: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditCheckpoint(Base):
    """A signature over (seq, hash) of the chain's head at some point."""

    __tablename__ = "audit_checkpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), index=True)
    head_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)
    #: signature algorithm ("SM2-SM3", or another Signer's name), key id and public key (hex)
    algorithm: Mapped[str] = mapped_column(String(32))
    key_id: Mapped[str] = mapped_column(String(64))
    public_key: Mapped[str] = mapped_column(Text)
    signature: Mapped[str] = mapped_column(Text)


class TrustedKey(Base):
    """A checkpoint signing key the office trusts: one of its own DRC installations.

    Checkpoints signed by it are not reported as signed by an unknown key (app.services.trust)."""

    __tablename__ = "trusted_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_id: Mapped[str] = mapped_column(String(64), unique=True)
    public_key: Mapped[str] = mapped_column(Text)
    #: the office's name for it ("科室二号机")
    label: Mapped[str] = mapped_column(String(200), default="")
    trusted_at: Mapped[datetime] = mapped_column(DateTime)
    trusted_by: Mapped[str] = mapped_column(String(100), default="")


class DatabaseInfo(Base):
    """Facts about this database file rather than its data: never exported, imported or audited.

    `database_id`: a uuid4 made once, under which installations remember the audit head they
    saw last (app.services.audit_heads)."""

    __tablename__ = "database_info"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Attachment(Base):
    """A dossier file attached to a checklist item; the bytes live in the attachment store."""

    __tablename__ = "attachments"
    __table_args__ = (UniqueConstraint("project_id", "item_key", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    item_key: Mapped[str] = mapped_column(String(64))
    #: content address (lower-case hex) and the SM3 beside it
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    sm3: Mapped[str] = mapped_column(String(64), default="")
    size: Mapped[int] = mapped_column(BigInteger)
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    attached_at: Mapped[datetime] = mapped_column(DateTime)
    attached_by: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")
