"""Tables of the printed form: a list of objects as rows under their column headings, a 合计
row and its capital amounts where a column is money, numbered empty rows on a blank form, a
signature column where paper.yaml asks for one, and column widths from generator/render/columns."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Protocol

from generator import money
from generator.blank import resolve
from generator.render import columns, values
from generator.render.model import Attachment, Column, Table

BLANK_ROWS = 8
BLANK_ROWS_WIDE = 6
BLANK_ROWS_PER_PART = 4  # line items of each named part (工程费用 …): two tables to a page
BLANK_DATE = "　　　年　　月　　日"  # room for the year, month and day by hand
NONE = "无"


class Recorder(Protocol):
    """What a table needs of the tree's builder: whether the form is blank, the form's paper
    settings, and the attachment list it numbers attachments in."""

    blank: bool
    paper: dict[str, Any]
    attachments: list[Attachment]

    def attachment(self, value: Any) -> str: ...


def tables(
    builder: Recorder, key: str, label: str, prop: dict[str, Any], value: Any, note: str
) -> list[Table]:
    """The table of a list, then, for a column that is itself a list of objects (the parts of a
    投资概算 and their line items), one table of those per row, titled after the row."""
    items = resolve(resolve(prop)["items"])
    inner = [(k, p) for k, p in items.get("properties", {}).items() if _is_list_of_objects(p)]
    # A blank list whose rows are named by a closed list (the three parts of a 投资概算) prints
    # one row per name, and one table of line items per name.
    names = _closed_first_column(items) if builder.blank and inner else []
    found = [table(builder, key, label, prop, value, note, names)]
    for inner_key, inner_prop in inner:
        title = str(inner_prop.get("title", inner_key))
        if builder.blank and names:
            for name in names:
                part = table(builder, inner_key, f"{name}：{title}", inner_prop, None, "")
                del part.rows[BLANK_ROWS_PER_PART:], part.long_rows[BLANK_ROWS_PER_PART:]
                found.append(part)
            continue
        if builder.blank or not isinstance(value, list):
            found.append(table(builder, inner_key, f"{label}：{title}", inner_prop, None, ""))
            continue
        for item in value:
            item = item if isinstance(item, dict) else {}
            name = _row_name(items, item) or label
            found.append(
                table(builder, inner_key, f"{name}：{title}", inner_prop, item.get(inner_key), "")
            )
    return found


def _closed_first_column(items: dict[str, Any]) -> list[str]:
    """The names of a closed list in a table's first column, or [] (booleans are not names)."""
    first = next(iter(items.get("properties", {}).values()), None)
    if first is None or resolve(first).get("type") == "boolean":
        return []
    return values.options(first) if "enum" in resolve(first) else []


def _is_list_of_objects(prop: dict[str, Any]) -> bool:
    target = resolve(prop)
    return target.get("type") == "array" and "properties" in resolve(target.get("items", {}))


def _row_name(items: dict[str, Any], item: dict[str, Any]) -> str:
    """What a row is called: its first text value that is not a code or a number."""
    for key, p in items.get("properties", {}).items():
        v = item.get(key)
        plain = values.kind(p) not in ("money", "date", "code")
        if isinstance(v, str) and v and plain and not v.replace(".", "").isdigit():
            return v
    return ""


def table(
    builder: Recorder,
    key: str,
    label: str,
    prop: dict[str, Any],
    value: Any,
    note: str,
    names: list[str] | None = None,
) -> Table:
    """`names`: a blank table's rows named in its first column, one row each."""
    items = resolve(resolve(prop)["items"])
    # A column that is itself a list of objects is printed as tables of its own (tables()).
    props = [(k, p) for k, p in items.get("properties", {}).items() if not _is_list_of_objects(p)]
    cols = [Column(str(p.get("title", k)), values.kind(p)) for k, p in props]
    sign = builder.paper.get("sign_columns", {}).get(key)
    rows: list[list[str]] = []
    for item in value if isinstance(value, list) and not builder.blank else []:
        item = item if isinstance(item, dict) else {}
        rows.append([cell(builder, p, item.get(k)) for k, p in props] + ([""] if sign else []))
    if sign:
        cols.append(Column(sign, "sign"))
    table = Table(label, cols, rows, note=note)
    table.long_rows = [any(len(c) > values.LONG_CELL for c in r) for r in rows]
    # Unit prices do not add up to anything; every other amount column gets its 合计.
    money_cols = [i for i, c in enumerate(cols) if c.kind == "money" and "单价" not in c.title]
    if builder.blank:
        if names:
            table.rows = [[name] + ["" for _ in cols[1:]] for name in names]
        else:
            table.rows = [["" for _ in cols] for _ in range(BLANK_ROWS)]
        table.long_rows = [False] * len(table.rows)
        table.legend = [
            f"{c.title}：{'、'.join(values.options(p))}"
            for i, (c, (_, p)) in enumerate(zip(cols, props, strict=False))
            if c.kind in ("choice", "multi")
            and resolve(p).get("type") != "boolean"
            and not (names and i == 0)
        ]
    if money_cols:
        table.total = ["" for _ in cols]
        table.total[0] = "合计"
        for i in money_cols:
            name = cols[i].title.replace("（万元）", "")
            name = "" if name in ("小计", "合计") else name  # 小计 column: its total is the 合计
            if builder.blank:
                table.capitals.append(f"{name}合计（大写）：人民币")
                continue
            total = sum(
                (money.parse(_raw(value, props[i][0], n)) or Decimal(0) for n in range(len(rows))),
                Decimal(0),
            )
            table.total[i] = money.figure(total)
            table.capitals.append(
                f"{name}合计 {money.figure(total)} 万元，大写：{values.capital_of(total) or '—'}"
            )
    size(builder.blank, table, props)
    if builder.blank and table.wide:  # a landscape page is shorter
        del table.rows[BLANK_ROWS_WIDE:], table.long_rows[BLANK_ROWS_WIDE:]
    return table


def cell(builder: Recorder, prop: dict[str, Any], value: Any) -> str:
    if value is None:
        return NONE
    if values.kind(prop) == "attachment":
        return builder.attachment(value)
    if isinstance(value, dict):  # a document within a row: its title, number and file
        text = str(value.get("title") or value.get("name") or "")
        if value.get("doc_number"):
            text += f"（{value['doc_number']}）"
        attachment = value.get("attachment")
        if isinstance(attachment, dict):
            builder.attachment(attachment)
            text += f"（附件{len(builder.attachments)}）"
        return text
    return values.text(prop, value)


def size(blank: bool, table: Table, props: list[tuple[str, dict[str, Any]]]) -> None:
    needs = []
    for i, col in enumerate(table.columns):
        cells = [r[i] for r in table.rows] + ([table.total[i]] if table.total else [])
        blank_width = 0.0
        if blank and col.kind == "choice" and i < len(props):
            opts = values.options(props[i][1])
            if len(opts) <= 2:
                col.boxes = opts
                blank_width = values.width_em("□" + " □".join(opts))
            else:  # one of the names (listed under the table) written by hand
                blank_width = min(max((values.width_em(o) for o in opts), default=2.0), 8.0)
        if blank and col.kind == "date":
            blank_width = values.width_em(BLANK_DATE)
        if blank and col.kind in ("text", "code") and i < len(props):
            # Room by hand for what the column takes: a 文号 or a name wide, a 单位 (台、套) narrow.
            longest = int(resolve(props[i][1]).get("maxLength") or 40)
            blank_width = 3.0 if longest <= 10 else 6.0
            cells = [*cells, "字" * max(2, min(longest // 5, 16))]
        if col.kind == "sign":
            blank_width = 8.0
        needs.append(columns.need(col.title, col.kind, cells, blank_width))
    table.wide = columns.is_wide(needs)
    table.number_width, shares = columns.widths(needs, table.wide)
    for col, share in zip(table.columns, shares, strict=True):
        col.width = share


def _raw(value: Any, key: str, index: int) -> Any:
    item = value[index] if isinstance(value, list) and index < len(value) else None
    return item.get(key) if isinstance(item, dict) else None
