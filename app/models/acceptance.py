"""Acceptance, O&M requests, rectification orders and performance evaluations."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Money, enum_type
from app.rules.facts import AcceptanceResult, Organizer

if TYPE_CHECKING:
    from app.models.project import Project


class Acceptance(Base):
    """Completion acceptance of a project (Art 18, 25, 26); materials are its documents."""

    __tablename__ = "acceptances"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), unique=True
    )
    applied_on: Mapped[date | None] = mapped_column(Date)
    organized_on: Mapped[date | None] = mapped_column(Date)
    accepted_on: Mapped[date | None] = mapped_column(Date)
    result: Mapped[AcceptanceResult | None] = mapped_column(enum_type(AcceptanceResult, 8))
    organizer: Mapped[Organizer | None] = mapped_column(enum_type(Organizer, 8))
    filed_on: Mapped[date | None] = mapped_column(Date)
    extension_requested_on: Mapped[date | None] = mapped_column(Date)
    extension_reason: Mapped[str] = mapped_column(Text, default="")
    reviewed_products: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewed_crypto_security: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewed_energy: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Art 14 ¶3: system integration and the scope and depth of data sharing
    reviewed_integration: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewed_sharing: Mapped[bool] = mapped_column(Boolean, default=False)
    remark: Mapped[str] = mapped_column(Text, default="")

    project: Mapped[Project] = relationship(back_populates="acceptance")


class OMRequest(Base):
    """A request for O&M funds (运行维护经费) for the system built by `project_id`."""

    __tablename__ = "om_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    amount_yuan: Mapped[int] = mapped_column(Money)
    requested_on: Mapped[date | None] = mapped_column(Date)
    remark: Mapped[str] = mapped_column(Text, default="")


class RectificationOrder(Base):
    """限期整改 (Art 31)."""

    __tablename__ = "rectification_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="SET NULL"), index=True
    )
    issuer: Mapped[str] = mapped_column(String(32), default="drc")
    subject: Mapped[str] = mapped_column(Text, default="")
    issued_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    escalation: Mapped[str] = mapped_column(String(32), default="")


class PerformanceEvaluation(Base):
    """绩效评价报告 (Art 27)."""

    __tablename__ = "performance_evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    report_on: Mapped[date | None] = mapped_column(Date)
    filed_drc_on: Mapped[date | None] = mapped_column(Date)
    filed_finance_on: Mapped[date | None] = mapped_column(Date)
    users_consulted: Mapped[bool] = mapped_column(Boolean, default=False)
    third_party: Mapped[bool] = mapped_column(Boolean, default=False)  # 第三方后评价
    remark: Mapped[str] = mapped_column(Text, default="")

    project: Mapped[Project] = relationship(back_populates="evaluations")
