"""Owner units (项目建设单位) and their Art 28 / 29 sanctions."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, enum_type
from app.rules.facts import SanctionArticle

if TYPE_CHECKING:
    from app.models.project import Project


class Unit(Base):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(60), default="")
    contact: Mapped[str] = mapped_column(String(200), default="")

    sanctions: Mapped[list[UnitSanction]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", order_by="UnitSanction.imposed_on"
    )
    projects: Mapped[list[Project]] = relationship(
        back_populates="unit", foreign_keys="Project.unit_id"
    )


class UnitSanction(Base):
    """Art 28 (security) or Art 29 (integration): no O&M funds, no new / upgrade projects."""

    __tablename__ = "unit_sanctions"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    article: Mapped[SanctionArticle] = mapped_column(enum_type(SanctionArticle, 4))
    imposed_on: Mapped[date] = mapped_column(Date)
    lifted_on: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")

    unit: Mapped[Unit] = relationship(back_populates="sanctions")


class RegisteredSystem(Base):
    """An existing information system known to DRC (Art 13, 29: duplicate construction)."""

    __tablename__ = "registered_systems"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text, default="")
