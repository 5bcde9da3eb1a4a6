"""Offline expert review: the expert pool (专家库), review rounds (评审批次), the reviews the
experts send back in packages, and the ids of every package merged (a replay is refused).

A round is known to packages by `uid` (a uuid4), never by its row id, so that a package of
another database's round cannot be mistaken for one of ours.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Money

if TYPE_CHECKING:
    from app.models.project import Project
    from app.models.unit import Unit


class Expert(Base):
    """A member of the expert pool. `unit_id` is the organisation when it is a registered unit."""

    __tablename__ = "experts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    organisation: Mapped[str] = mapped_column(String(200), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    #: 专业领域, separated by 、 or commas
    specialties: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: the expert's registered key (app.services.trust): the key id (SM3 of the public key, 32
    #: hex), the public key (hex; empty for a key pinned from a return before registration
    #: existed) and when it was registered. Returns must be signed with it.
    key_id: Mapped[str] = mapped_column(String(64), default="", server_default="", index=True)
    public_key: Mapped[str] = mapped_column(Text, default="", server_default="")
    key_registered_at: Mapped[datetime | None] = mapped_column(DateTime)

    unit: Mapped[Unit | None] = relationship()
    avoidances: Mapped[list[ExpertAvoidance]] = relationship(
        back_populates="expert", cascade="all, delete-orphan"
    )


class ExpertAvoidance(Base):
    """A unit the expert must avoid (回避): never reviews its projects."""

    __tablename__ = "expert_avoidances"
    __table_args__ = (UniqueConstraint("expert_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")

    expert: Mapped[Expert] = relationship(back_populates="avoidances")
    unit: Mapped[Unit] = relationship()


class ReviewRound(Base):
    """评审批次: projects, experts, the rubric, and the record of a random draw."""

    __tablename__ = "review_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: JSON list of criteria {key, label_zh, label_en, weight, low_zh, high_zh}
    rubric: Mapped[str] = mapped_column(Text, default="[]")
    #: the seed of the last draw (decimal text) and its record (JSON), or empty
    draw_seed: Mapped[str] = mapped_column(String(40), default="")
    draw_record: Mapped[str] = mapped_column(Text, default="")
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)

    projects: Mapped[list[RoundProject]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="RoundProject.position"
    )
    experts: Mapped[list[RoundExpert]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="RoundExpert.position"
    )


class RoundProject(Base):
    __tablename__ = "round_projects"
    __table_args__ = (UniqueConstraint("round_id", "project_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("review_rounds.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    round: Mapped[ReviewRound] = relationship(back_populates="projects")
    project: Mapped[Project] = relationship()


class RoundExpert(Base):
    """An expert of a round: a member, or an alternate (候补) from a draw."""

    __tablename__ = "round_experts"
    __table_args__ = (UniqueConstraint("round_id", "expert_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("review_rounds.id", ondelete="CASCADE"), index=True
    )
    expert_id: Mapped[int] = mapped_column(
        ForeignKey("experts.id", ondelete="RESTRICT"), index=True
    )
    role: Mapped[str] = mapped_column(String(12), default="member")  # member / alternate
    position: Mapped[int] = mapped_column(Integer, default=0)

    round: Mapped[ReviewRound] = relationship(back_populates="experts")
    expert: Mapped[Expert] = relationship()


class ExpertReview(Base):
    """One expert's form for one project of a round, as merged from a return package.

    `answers` is JSON: {"answers": {q: yes|partly|no}, "comments": {q: str},
    "chapters": {code: missing|weak|complete}, "chapter_comments": {code: str},
    "scores": {criterion: int}}. DRC's own project facts are never touched by a merge.
    """

    __tablename__ = "expert_reviews"
    __table_args__ = (UniqueConstraint("round_id", "project_id", "expert_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("review_rounds.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    expert_id: Mapped[int] = mapped_column(
        ForeignKey("experts.id", ondelete="RESTRICT"), index=True
    )
    conclusion: Mapped[str | None] = mapped_column(String(16))
    suggested_yuan: Mapped[int | None] = mapped_column(Money)
    answers: Mapped[str] = mapped_column(Text, default="{}")
    opinion: Mapped[str] = mapped_column(Text, default="")
    package_id: Mapped[str] = mapped_column(String(36), default="")
    received_at: Mapped[datetime | None] = mapped_column(DateTime)


class MergedPackage(Base):
    """Every package id merged or issued; a replay (same id) and a rollback (older sequence) are refused."""

    __tablename__ = "merged_packages"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[str] = mapped_column(String(36), unique=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("review_rounds.id", ondelete="CASCADE"), index=True
    )
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="RESTRICT"))
    direction: Mapped[str] = mapped_column(String(8))  # out / back
    sha256: Mapped[str] = mapped_column(String(64), default="")
    merged_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: the manifest's sequence: per expert for packages out, per expert key for returns
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: key ids (SM3 of the public key, 32 hex): who signed the package and to whom it was sent;
    #: the last return's issuer_key is the expert's pinned key
    issuer_key: Mapped[str] = mapped_column(String(64), default="", server_default="", index=True)
    recipient_key: Mapped[str] = mapped_column(String(64), default="", server_default="")
