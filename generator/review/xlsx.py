"""`szqz validate -f xlsx`: the reviewer's report as a workbook (openpyxl, the `review` extra) —
sheets 概况 (summary and findings by check), 无法读取, 期限, 项目, 单位 and 问题 (one row per
finding), each with a frozen header row and filters; dates are date cells and amounts number
cells. The workbook is written in openpyxl's write-only mode: the findings rows go to disk as
the results stream in, the other sheets are filled once the run is done, so memory holds the
ledger's small rows only. Every text cell is a string cell (never a formula or an error value,
whatever it starts with), values that a spreadsheet would read as a formula once edited carry the
quote prefix, and control characters are shown as escapes."""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TextIO

from generator import __version__, spec
from generator.exits import UsageError
from generator.review import due, labels, links
from generator.review.clean import visible
from generator.review.labels import pick, word
from generator.review.ledger import Ledger, Project
from generator.validate import catalogue
from generator.validate.catalogue import Finding
from generator.validate.report import REPORT_FORMAT, Style, Summary
from generator.validate.results import FileResult

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# What a spreadsheet takes for a formula (or, for - and +, a sum) when the cell is edited.
RISKY_START = ("=", "+", "-", "@", "\t", "\r", "\n")
ERROR_VALUES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})
DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00##"
CELL_LIMIT = 32767  # characters a cell can hold

# Sheet name → its columns: (label key, width).
SHEETS: dict[str, list[tuple[str, int]]] = {
    "summary": [("item", 34), ("value", 16), ("", 36), ("", 10), ("", 16)],
    "unreadable": [("files", 60), ("message", 80)],
    "due": [
        ("deadline", 12),
        ("latest", 12),
        ("status", 14),
        ("what", 34),
        ("unit", 24),
        ("name", 34),
        ("code", 26),
        ("note", 60),
        ("article", 18),
    ],
    "projects": [
        ("unit", 24),
        ("uscc", 20),
        ("name", 34),
        ("code", 26),
        ("total", 14),
        ("stages", 30),
        ("dossiers", 8),
        ("failed", 8),
        ("errors", 8),
        ("warnings", 8),
        ("worst", 30),
        ("next", 12),
        ("what", 34),
        ("status", 14),
    ],
    "units": [
        ("unit", 30),
        ("uscc", 20),
        ("projects", 8),
        ("dossiers", 8),
        ("failed", 8),
        ("errors", 8),
        ("warnings", 8),
    ],
    "findings": [
        ("files", 40),
        ("form", 14),
        ("unit", 24),
        ("name", 30),
        ("code", 26),
        ("severity", 8),
        ("check", 22),
        ("check_title", 24),
        ("field", 24),
        ("pointer", 24),
        ("line_no", 6),
        ("message", 60),
        ("remedy", 50),
        ("article", 24),
    ],
}
SHEET_TITLES = {
    "summary": ("概况", "Summary"),
    "unreadable": ("无法读取", "Unreadable"),
    "due": ("期限", "Deadlines"),
    "projects": ("项目", "Projects"),
    "units": ("单位", "Units"),
    "findings": ("问题", "Findings"),
}
EXTRA_WORDS = {
    "item": ("内容", "item"),
    "value": ("数值", "value"),
    "latest": ("最迟", "at the latest"),
    "pointer": ("位置", "pointer"),
    "line_no": ("行", "line"),
}


def _label(key: str, lang: str) -> str:
    return pick(EXTRA_WORDS[key], lang) if key in EXTRA_WORDS else word(key, lang)


class _Sheet:
    """A write-only sheet with a bold, frozen header row and filters over what it holds."""

    def __init__(self, book: Any, key: str, lang: str) -> None:
        from openpyxl.utils import get_column_letter

        self.ws: WriteOnlyWorksheet = book.create_sheet(pick(SHEET_TITLES[key], lang))
        self.columns = len(SHEETS[key])
        for i, (_, width) in enumerate(SHEETS[key], 1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self.ws.freeze_panes = "A2"
        # Printed on A4 across, as wide as the page, the header row on every page.
        self.ws.page_setup.paperSize = "9"  # A4
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.fitToWidth = 1
        self.ws.page_setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.print_title_rows = "1:1"
        self.rows = 0
        self.heading([_label(k, lang) for k, _ in SHEETS[key] if k])
        self.filtered = key != "summary"  # a sheet of figures, not a table to filter

    def heading(self, labels: list[str]) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        bold = Font(bold=True)
        row = []
        for label in labels:
            cell = WriteOnlyCell(self.ws, label)
            cell.font = bold
            row.append(cell)
        self.ws.append(row)
        self.rows += 1

    def add(self, values: Sequence[object]) -> None:
        self.ws.append([self.cell(v) for v in values])
        self.rows += 1

    def cell(self, value: object) -> object:
        """A value as the cell it should be: text as a string cell, never a formula."""
        if isinstance(value, str):
            return text_cell(self.ws, value)
        if isinstance(value, dt.date):
            return self.dated(value)
        if isinstance(value, Decimal):
            return self.styled(value, MONEY_FORMAT)
        return value

    def dated(self, value: dt.date) -> Cell:
        return self.styled(
            value, DATE_FORMAT if not isinstance(value, dt.datetime) else "yyyy-mm-dd hh:mm"
        )

    def styled(self, value: Any, number_format: str) -> Cell:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.ws, value)
        cell.number_format = number_format
        return cell

    def close(self) -> None:
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.filters import AutoFilter

        if not self.filtered:
            return
        # A write-only sheet has no filter of its own, but its writer writes one it is given.
        setattr(  # noqa: B010
            self.ws,
            "auto_filter",
            AutoFilter(ref=f"A1:{get_column_letter(self.columns)}{self.rows}"),
        )


def text_cell(ws: Any, value: str) -> object:
    value = visible(value, one_line=False)[:CELL_LIMIT]
    if not value.startswith(RISKY_START) and value not in ERROR_VALUES:
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value)
    cell.data_type = "s"  # openpyxl makes "=…" a formula and "#N/A" an error: text it stays
    cell.quotePrefix = True  # and stays text when someone edits it
    return cell


def write(results: Iterable[FileResult], lang: str, out: TextIO, style: Style) -> Summary:
    if importlib.util.find_spec("openpyxl") is None:
        raise UsageError(
            '写 xlsx 报告需要附加组件 openpyxl，当前只安装了校验工具。请运行 pip install "szqz[review]" 后再试。'
        )
    # The first result starts the workers; openpyxl (a tenth of a second to import) loads
    # while they check, not before.
    stream = iter(results)
    first = next(stream, None)
    from openpyxl import Workbook

    on = style.today or dt.date.today()
    book = Workbook(write_only=True)
    props = book.properties
    props.title = word("title", lang)
    props.creator = f"szqz {__version__}"
    props.identifier = REPORT_FORMAT  # recognised by `szqz validate -o` as a report it may replace
    props.description = f"{word('spec', lang)} {spec.version()}"
    sheets = {key: _Sheet(book, key, lang) for key in SHEETS}
    ledger = Ledger()
    findings = sheets["findings"]
    for result in itertools.chain((first,) if first is not None else (), stream):
        if ledger.add(result) and result.findings:
            for row in finding_rows(result, lang):
                findings.add(row)
    projects = ledger.projects()
    order, nexts = due.schedule(projects, on)
    fill_summary(sheets["summary"], ledger, len(projects), on, lang)
    for file, message in ledger.unreadable:
        sheets["unreadable"].add([file, message])
    if ledger.unreadable_count > len(ledger.unreadable):
        more = ledger.unreadable_count - len(ledger.unreadable)
        sheets["unreadable"].add([word("more_unreadable", lang, n=more), ""])
    fill_due(sheets["due"], [projects[i] for i in order], on, lang)
    for p, nxt in zip(projects, nexts, strict=True):
        sheets["projects"].add(project_row(p, nxt, lang))
    for u in ledger.unit_rows():
        t = u.tally
        sheets["units"].add(
            [u.name, u.uscc or "", u.projects, t.files, t.with_errors, t.errors, t.warnings]
        )
    for sheet in sheets.values():
        sheet.close()
    out.flush()
    book.save(out.buffer)
    return ledger.summary


def finding_rows(result: FileResult, lang: str) -> Iterable[list[object]]:
    rec = result.record
    unit, name, code = (rec.unit, rec.name, rec.code) if rec is not None else (None, None, None)
    form = labels.form_title(result.form, lang)
    for x in sorted(result.findings, key=lambda x: (x.line or 0, x.column or 0, x.code)):
        yield [
            result.file,
            form,
            unit or "",
            name or "",
            code or "",
            pick(labels.SEVERITY[x.severity], lang),
            x.code,
            catalogue.entry(x.code)["title"][lang],
            x.field,
            x.pointer,
            x.line,
            x.message,
            x.remedy,
            _articles(x, lang),
        ]


def _articles(x: Finding, lang: str) -> str:
    if not x.articles:
        return catalogue.NO_ARTICLE[lang]
    return catalogue.LIST_SEP[lang].join(labels.article(a, lang) for a in x.articles)


def _link(sheet: _Sheet, text: str, url: str) -> Cell:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet.ws, visible(text))
    cell.data_type = "s"
    cell.hyperlink = url
    cell.style = "Hyperlink"
    return cell


def alarm(sheet: _Sheet, count: int) -> object:
    """A count that must not be missed: in bold red when it is not zero."""
    if not count:
        return count
    from openpyxl.styles import Font

    cell = sheet.styled(count, "0")
    cell.font = Font(bold=True, color="B3261E")
    return cell


def fill_summary(sheet: _Sheet, ledger: Ledger, projects: int, on: dt.date, lang: str) -> None:
    s = ledger.summary
    rows: list[list[object]] = [
        [word("title", lang), word("basis", lang)],
        [word("spec", lang), spec.version()],
        [word("tool", lang), __version__],
        [word("made", lang), sheet.dated(dt.datetime.now().replace(microsecond=0))],
        [word("as_of", lang), sheet.dated(on)],
        [word("files", lang), s.files],
        [word("units", lang), len(ledger.units)],
        [word("projects", lang), projects],
        [word("clean", lang), ledger.clean],
        [word("warned", lang), ledger.with_warnings],
        [word("failed", lang), s.files_with_errors],
        [word("errors", lang), s.errors],
        [word("warnings", lang), s.warnings],
        [word("unreadable", lang), alarm(sheet, ledger.unreadable_count)],
        [word("skipped", lang), len(s.skipped)],
        [],
    ]
    for row in rows:
        sheet.add(row)
    sheet.heading([word(k, lang) for k in ("check", "count", "check_title", "severity", "kind")])
    for code, n in ledger.by_code.most_common():
        meta = catalogue.entry(code)
        sheet.ws.append(
            [
                _link(sheet, code, links.check(code)),
                n,
                text_cell(sheet.ws, meta["title"][lang]),
                pick(labels.SEVERITY[meta["severity"]], lang),
                pick(labels.KINDS[meta["kind"]], lang),
            ]
        )
        sheet.rows += 1
    for file, why in s.skipped:
        sheet.add([f"{word('skipped', lang)}：{file}", why[lang]])


def _items(projects: list[Project], on: dt.date) -> Iterator[tuple[Project | None, due.Due]]:
    for item in due.general(on):
        yield None, item
    for p in projects:
        for item in due.for_project(p, on):
            yield p, item


def fill_due(sheet: _Sheet, projects: list[Project], on: dt.date, lang: str) -> None:
    for project, item in _items(projects, on):
        d = item.deadline
        latest = d.latest if d is not None and d.exact is None else None
        values = [
            sheet.cell(item.day) if item.day else "—",
            sheet.cell(latest) if latest else None,
            due.STATUS_WORDS[item.status][lang]
            + (("（预计）" if lang == "zh" else " (estimate)") if item.estimated else ""),
            item.what[lang],
            (project.unit or "") if project else word("every_unit", lang),
            (project.name or "") if project else "",
            (project.code or "") if project else "",
            item.note[lang],
        ]
        row = [sheet.cell(v) if isinstance(v, str) else v for v in values]
        row.append(_link(sheet, labels.article(item.article, lang), links.article(item.article)))
        sheet.ws.append(row)
        sheet.rows += 1


def project_row(p: Project, nxt: due.Due | None, lang: str) -> list[object]:
    t = p.tally
    value = labels.amount(p.total[1]) if p.total else None
    worst = ""
    if t.worst_code:
        worst = f"{pick(labels.SEVERITY['error' if t.errors else 'warning'], lang)}：{catalogue.entry(t.worst_code)['title'][lang]}"
    return [
        p.unit or "",
        p.uscc or "",
        p.name or "",
        p.code or "",
        value if value is not None else (p.total[1] if p.total else None),
        labels.stages(p.forms, lang),
        t.files,
        t.with_errors,
        t.errors,
        t.warnings,
        worst or word("status_clean", lang),
        nxt.day if nxt and nxt.day else None,
        nxt.what[lang] if nxt else word("nothing_due", lang),
        due.STATUS_WORDS[nxt.status][lang] if nxt else "",
    ]
