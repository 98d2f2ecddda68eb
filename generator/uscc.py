"""统一社会信用代码 (GB 32100-2015): the check character over the first 17 positions."""

from __future__ import annotations

import operator

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 symbols: no I, O, S, V, Z
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_CHARS = frozenset(ALPHABET)
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, 16, ...

REGISTRATION_KINDS = {
    "11": "机关",
    "12": "事业单位",
    "13": "群众团体",
    "51": "社会团体",
    "91": "企业",
}


def check_char(first17: str) -> str:
    """The 18th character for the given first 17; ValueError on a character outside the set."""
    if len(first17) != 17:
        raise ValueError("需要 17 位")
    try:
        total = sum(map(operator.mul, map(_VALUE.__getitem__, first17), WEIGHTS))
    except KeyError as exc:
        raise ValueError(f"{exc.args[0]} 不是信用代码中可用的字符") from None
    return ALPHABET[(31 - total % 31) % 31]


def is_valid(code: str) -> bool:
    if len(code) != 18 or not _CHARS.issuperset(code):
        return False
    return check_char(code[:17]) == code[17]
