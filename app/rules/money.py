"""Money: integer yuan (元) inside, 万元 with up to 4 decimals at the edges. Never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

YUAN_PER_WAN = 10_000


class MoneyError(ValueError):
    """Text that is not an amount in 万元; carries both messages."""

    def __init__(self, text: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.text = text
        self.message_zh = message_zh
        self.message_en = message_en


def wan_to_yuan(value: str | int | Decimal) -> int:
    """'1234.5678' 万元 → 12345678 元. More than 4 decimals, negatives or junk raise MoneyError."""
    if isinstance(value, (bool, float)):
        raise MoneyError(str(value), "金额不能为浮点数", "an amount cannot be a float")
    text = str(value).strip().replace(",", "").replace("，", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise MoneyError(
            text, f"“{text}”不是有效金额（万元）", f"{text!r} is not an amount in 万元"
        ) from None
    if not amount.is_finite():
        raise MoneyError(text, f"“{text}”不是有效金额", f"{text!r} is not a finite amount")
    if amount < 0:
        raise MoneyError(text, "金额不能为负数", "an amount cannot be negative")
    yuan = amount * YUAN_PER_WAN
    if yuan != yuan.to_integral_value():
        raise MoneyError(
            text, "金额最多保留4位小数（万元）", "at most 4 decimals of 万元 (1 元) are accepted"
        )
    return int(yuan)


def yuan_to_wan(yuan: int) -> Decimal:
    return Decimal(yuan) / YUAN_PER_WAN


def format_wan(yuan: int | None, decimals: int = 2) -> str:
    """12345678 → '1,234.57' (万元, grouped, rounded half up); None → ''."""
    if yuan is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    value = yuan_to_wan(yuan).quantize(quantum, rounding=ROUND_HALF_UP)
    return f"{value:,.{decimals}f}"


def format_rate(part: int, whole: int) -> str:
    """Percentage with two decimals, exact decimal arithmetic ('12.35%')."""
    if whole == 0:
        return "—"
    rate = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"{rate}%"
