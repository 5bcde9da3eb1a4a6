"""Project list entries, annual plan lines, budget lines and the 3-year rolling plan."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Money, enum_type
from app.rules.facts import ListBasis

if TYPE_CHECKING:
    from app.models.project import Project


class ListEntry(Base):
    """The project on a year's project list (项目清单, Art 8, 11)."""

    __tablename__ = "list_entries"
    __table_args__ = (UniqueConstraint("project_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer, index=True)
    basis: Mapped[ListBasis] = mapped_column(enum_type(ListBasis, 16), default=ListBasis.BUDGET)
    listed_on: Mapped[date | None] = mapped_column(Date)
    consent_on: Mapped[date | None] = mapped_column(Date)  # Art 11 区政府同意
    consent_number: Mapped[str] = mapped_column(String(100), default="")
    remark: Mapped[str] = mapped_column(Text, default="")

    project: Mapped[Project] = relationship(back_populates="list_entries")


class PlanLine(Base):
    """A line of the annual investment plan (年度投资计划, Art 10)."""

    __tablename__ = "plan_lines"
    __table_args__ = (UniqueConstraint("project_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer, index=True)
    amount_yuan: Mapped[int] = mapped_column(Money)
    # the same amount split by funding source (本年度计划投资: 中央, 市级, 区级)
    central_yuan: Mapped[int] = mapped_column(Money, default=0)
    municipal_yuan: Mapped[int] = mapped_column(Money, default=0)
    district_yuan: Mapped[int] = mapped_column(Money, default=0)
    completed_before_yuan: Mapped[int] = mapped_column(Money, default=0)  # 截至上年底完成投资
    work_target: Mapped[str] = mapped_column(Text, default="")  # 年度工作目标
    remark: Mapped[str] = mapped_column(Text, default="")

    project: Mapped[Project] = relationship(back_populates="plan_lines")


class BudgetLine(Base):
    """A line of a department budget (部门预算) for a project."""

    __tablename__ = "budget_lines"
    __table_args__ = (UniqueConstraint("project_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer, index=True)
    amount_yuan: Mapped[int] = mapped_column(Money)
    budget_code: Mapped[str] = mapped_column(String(64), default="")
    remark: Mapped[str] = mapped_column(Text, default="")

    project: Mapped[Project] = relationship(back_populates="budget_lines")


class RollingLine(Base):
    """One year of a project in the 3-year rolling plan edition starting `period_start`."""

    __tablename__ = "rolling_lines"
    __table_args__ = (UniqueConstraint("project_id", "period_start", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    period_start: Mapped[int] = mapped_column(Integer, index=True)
    year: Mapped[int] = mapped_column(Integer)
    amount_yuan: Mapped[int] = mapped_column(Money)

    project: Mapped[Project] = relationship(back_populates="rolling_lines")
