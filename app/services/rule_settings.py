"""Settings of the rules where the text gives no number, kept in the database (table
rule_settings) so that every window, the command line and every computer on the same database
read the same values; missing keys take the default of `app.rules.facts.Settings`.

- ``assessment_period_months`` (OM-ASSESS): Art 16 「定期开展网络安全检测与风险评估」, Art 17 「定期
  进行评估」, Art 31 「定期开展密码应用安全性评估」 say "regularly" and no more. Default 12: the
  national rules ask a yearly 等级测评 of systems at MLPS level 3 and above and a yearly 密评 of
  systems at level 3; an office whose systems are at level 2 may choose 24.
- ``delay_grace_months`` (CON-DELAY): Art 24 「工程严重逾期」 gives no number. Default 6.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import RuleSetting
from app.models.db import Store
from app.rules.facts import Settings
from app.services.editing import Invalid
from app.services.roles import drc_only


@dataclass(frozen=True, slots=True)
class SettingSpec:
    low: int
    high: int
    label_zh: str
    label_en: str
    unit_zh: str = "个月"
    unit_en: str = "months"


SETTINGS: dict[str, SettingSpec] = {
    "assessment_period_months": SettingSpec(
        1, 60, "等保测评、密评的定期周期（OM-ASSESS）", "Assessment period (OM-ASSESS)"
    ),
    "delay_grace_months": SettingSpec(
        1, 36, "计划完成后视为严重逾期的期限（CON-DELAY）", "Delay before reporting (CON-DELAY)"
    ),
}
DEFAULTS: dict[str, int] = {
    f.name: getattr(Settings(), f.name) for f in fields(Settings) if f.name in SETTINGS
}


def load_rule_settings(session: Session) -> dict[str, int]:
    """Every setting's value in force: the stored one (when in range), else the default."""
    stored = {key: value for key, value in session.execute(select(RuleSetting.key, RuleSetting.value))}  # fmt: skip
    return {
        key: stored[key]
        if key in stored and spec.low <= stored[key] <= spec.high
        else DEFAULTS[key]
        for key, spec in SETTINGS.items()
    }


@drc_only("修改规则设置", "change the rule settings")
def set_rule_setting(session: Session, key: str, value: int) -> None:
    """Store a setting (the default is stored like any other value: the office chose it)."""
    spec = SETTINGS.get(key)
    if spec is None:
        raise Invalid(key, f"未知的设置项 {key}", f"unknown setting {key}")
    if isinstance(value, bool) or not isinstance(value, int) or not spec.low <= value <= spec.high:
        raise Invalid(
            key,
            f"{spec.label_zh}应为 {spec.low}—{spec.high} {spec.unit_zh}",
            f"{spec.label_en} must be {spec.low}–{spec.high} {spec.unit_en}",
        )
    row = session.scalar(select(RuleSetting).where(RuleSetting.key == key))
    if row is None:
        session.add(RuleSetting(key=key, value=value))
    else:
        row.value = value
    session.flush()


def rule_settings_of(store: Store) -> dict[str, int]:
    """The settings in force, read in a transaction of its own (Tools → Rule settings)."""
    with store.read() as session:
        return load_rule_settings(session)


@drc_only("修改规则设置", "change the rule settings")
def save_rule_settings(store: Store, changes: dict[str, int]) -> None:
    """Store several settings in one transaction: all or none (Invalid, PermissionDenied)."""
    with store.write() as session:
        for key, value in changes.items():
            set_rule_setting(session, key, value)
