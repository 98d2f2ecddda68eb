"""Money, exactly: amounts in 万元 as decimal strings, sums without floats, and the capital form
人民币……元整 that official forms print under a total."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

WAN = Decimal(10000)
_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL = ["", "拾", "佰", "仟"]
_GROUPS = ["", "万", "亿", "万亿"]


def parse(value: object) -> Decimal | None:
    """A money value from a dossier (a decimal string; an int is accepted) or None if not one."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def wan(amount: Decimal) -> str:
    """万元 with two decimals, rounded half up, e.g. 120.50."""
    return f"{amount.quantize(Decimal('0.01'), rounding='ROUND_HALF_UP'):,.2f}"


def figure(amount: Decimal) -> str:
    """万元 as printed on a form: the exact amount with thousands separators and at least two
    decimals, never fewer than the amount has (580.0625 → 580.0625, 1200 → 1,200.00), so the
    figure and its capital form always agree."""
    exact = amount.normalize()
    if exact.as_tuple().exponent > -2:  # type: ignore[operator]
        exact = exact.quantize(Decimal("0.01"))
    return f"{exact:,f}"


def capital_yuan(amount_wan: Decimal) -> str:
    """人民币壹佰贰拾万元整 for 120 万元: 整 after 元 or 角, none after 分; inner zeros read as one 零."""
    fen_total = int((amount_wan * WAN * 100).quantize(Decimal(1), rounding="ROUND_HALF_UP"))
    if fen_total < 0:
        return "负" + capital_yuan(-amount_wan)[3:]
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    text = _integer(yuan) + "元" if yuan else ""
    if jiao == 0 and fen == 0:
        return "人民币" + (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif yuan:
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    else:
        text += "整"
    return "人民币" + text


def _integer(n: int) -> str:
    groups: list[int] = []
    while n:
        n, g = divmod(n, 10000)
        groups.append(g)
    out = ""
    need_zero = False
    for index in range(len(groups) - 1, -1, -1):
        g = groups[index]
        if g == 0:
            need_zero = bool(out)
            continue
        if out and (need_zero or g < 1000):
            out += "零"
        out += _group(g) + _GROUPS[index]
        need_zero = False
    return out


def _group(g: int) -> str:
    digits = [g // 1000, g // 100 % 10, g // 10 % 10, g % 10]
    out = ""
    zero = False
    for pos, d in enumerate(digits):
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIGITS[d] + _SMALL[3 - pos]
    return out
