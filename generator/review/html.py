"""`szqz validate -f html`: the reviewer's report as one self-contained page — what could not be
read, the summary, the deadlines ahead, the projects and units (sortable and filterable without a
server) and every dossier's findings with links to the portal. The page carries its own style
and script and a content security policy that forbids every request, so it opens from disk and
prints on A4. Findings are written to a spill file as the results stream in and copied after the
summary once the run is done, so memory holds the ledger's small rows only. Every value from a
dossier or a file name is escaped (clean.visible, then HTML escaping); links are built from the
spec's identifiers alone."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TextIO

from generator import __version__, money, spec
from generator.review import due, labels, links
from generator.review.clean import visible
from generator.review.labels import pick, word
from generator.review.ledger import Ledger, Project, Tally
from generator.validate import catalogue
from generator.validate.catalogue import Finding
from generator.validate.report import Style, Summary
from generator.validate.results import FileResult

MARK = "szqz-validation-report"  # recognised by `szqz validate -o` as a report it may replace


def esc(text: object) -> str:
    return html.escape(visible(str(text)), quote=True)


@cache
def _asset(name: str) -> str:
    return (Path(__file__).parent / name).read_text(encoding="utf-8")


def _digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@cache
def policy() -> str:
    """The page's content security policy: nothing is fetched (no image, font, frame or
    connection), and only our own style and script run — by their digests, so that even text
    that slipped past escaping could not run a script or style the page."""
    return (
        f"default-src 'none'; style-src {_digest(_asset('report.css'))}; "
        f"script-src {_digest(_asset('report.js'))}; base-uri 'none'; form-action 'none'"
    )


def write(results: Iterable[FileResult], lang: str, out: TextIO, style: Style) -> Summary:
    on = style.today or dt.date.today()
    ledger = Ledger()
    with (
        tempfile.TemporaryFile("w+", encoding="utf-8") as spill,
        tempfile.TemporaryFile("w+", encoding="utf-8") as clean,
    ):
        for result in results:
            if not ledger.add(result):
                continue
            if result.findings:
                spill.write(dossier(result, ledger.summary.files, lang))
            else:
                clean.write(f"<li>{esc(result.file)}</li>\n")
        projects = ledger.projects()
        order, nexts = due.schedule(projects, on)
        out.write(head(lang, on))
        out.write(unreadable(ledger, lang))
        out.write(summary(ledger, len(projects), lang))
        # Row by row: a run with many projects never holds a whole table.
        out.writelines(deadlines(projects, order, on, lang))
        out.writelines(project_table(projects, nexts, lang))
        out.writelines(unit_table(ledger, lang))
        out.write(f'<section id="dossiers"><h2>{word("findings", lang)}</h2>\n')
        out.write(f'<p class="note">{word("findings_note", lang)}</p>\n')
        out.write(controls("dossier-controls", "#dossiers article.dossier", lang, severities=True))
        spill.seek(0)
        shutil.copyfileobj(spill, out)
        if not ledger.summary.files_with_errors and not ledger.with_warnings:
            out.write(f"<p>{word('no_findings', lang)}</p>\n")
        out.write("</section>\n")
        if ledger.clean:
            out.write(
                f'<section id="clean"><details><summary>{word("clean_list", lang, n=ledger.clean)}'
                '</summary><ul class="files">\n'
            )
            clean.seek(0)
            shutil.copyfileobj(clean, out)
            out.write("</ul></details></section>\n")
    out.write(skipped(ledger.summary, lang))
    out.write(f"<script>{_asset('report.js')}</script>\n</body>\n</html>\n")
    return ledger.summary


def head(lang: str, on: dt.date) -> str:
    now = dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")
    meta = " · ".join(
        [
            f"{word('spec', lang)} {esc(spec.version())}",
            f"{word('tool', lang)} {esc(__version__)}",
            f"{word('made', lang)} {now}",
            f"{word('as_of', lang)} {on.isoformat()}",
            word("basis", lang),
        ]
    )
    nav = "".join(
        f'<a href="#{target}">{word(key, lang)}</a>'
        for target, key in (
            ("summary", "summary"),
            ("due", "due"),
            ("projects", "projects"),
            ("units", "units"),
            ("dossiers", "findings"),
        )
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n'
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy()}">\n'
        f'<meta name="generator" content="szqz {esc(__version__)} ({MARK})">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{word('title', lang)}</title>\n<style>{_asset('report.css')}</style>\n"
        f"</head>\n<body>\n<header><h1>{word('title', lang)}</h1>\n"
        f'<p class="meta">{meta}</p>\n<nav>{nav}</nav></header>\n'
    )


def unreadable(ledger: Ledger, lang: str) -> str:
    if not ledger.unreadable_count:
        return ""
    items = "".join(
        f"<li><code>{esc(file)}</code>：{esc(message)}</li>\n"
        for file, message in ledger.unreadable
    )
    more = ledger.unreadable_count - len(ledger.unreadable)
    tail = f"<p>{word('more_unreadable', lang, n=more)}</p>" if more > 0 else ""
    return (
        f'<section id="unreadable" class="alarm" role="alert"><h2>{word("unreadable", lang)}'
        f"（{ledger.unreadable_count}）</h2>\n<p>{word('unreadable_note', lang)}</p>\n"
        f"<ul>\n{items}</ul>{tail}</section>\n"
    )


def summary(ledger: Ledger, projects: int, lang: str) -> str:
    s = ledger.summary
    cards = [
        ("", s.files, "files"),
        ("", len(ledger.units), "units"),
        ("", projects, "projects"),
        ("clean", ledger.clean, "clean"),
        ("warning", ledger.with_warnings, "warned"),
        ("error", s.files_with_errors, "failed"),
        ("error", s.errors, "errors"),
        ("warning", s.warnings, "warnings"),
    ]
    if ledger.unreadable_count:
        cards.append(("error", ledger.unreadable_count, "unreadable"))
    if s.skipped:
        cards.append(("", len(s.skipped), "skipped"))
    items = "".join(
        f'<li class="{cls}" data-figure="{key}"><b>{n:,}</b>{word(key, lang)}</li>'
        for cls, n, key in cards
    )
    rows = []
    for code, n in ledger.by_code.most_common():
        meta = catalogue.entry(code)
        sev = meta["severity"]
        rows.append(
            f'<tr><td class="nowrap"><a href="{esc(links.check(code))}"><code>{esc(code)}</code></a></td>'
            f"<td>{esc(meta['title'][lang])}</td>"
            f'<td class="sev-{sev}">{pick(labels.SEVERITY[sev], lang)}</td>'
            f"<td>{pick(labels.KINDS[meta['kind']], lang)}</td>"
            f'<td class="num" data-sort="{n}">{n:,}</td></tr>\n'
        )
    table = ""
    if rows:
        columns = [
            ("check", ""),
            ("check_title", ""),
            ("severity", ""),
            ("kind", ""),
            ("count", "num"),
        ]
        table = (
            f"<h3>{word('by_check', lang)}</h3>\n"
            + _table_start("by-check", columns, lang)
            + "".join(rows)
            + TABLE_END
        )
    return (
        f'<section id="summary"><h2>{word("summary", lang)}</h2>\n<ul class="cards">{items}</ul>\n'
        f"{table}</section>\n"
    )


TABLE_END = "</tbody></table>\n"


def _table_start(table_id: str, columns: list[tuple[str, str]], lang: str) -> str:
    heads = "".join(
        f"<th{' class=num data-numeric' if cls == 'num' else ''}>"
        f'<button type="button" title="{word("sort", lang)}">{word(key, lang)}</button></th>'
        for key, cls in columns
    )
    return f'<table id="{table_id}" class="sortable"><thead><tr>{heads}</tr></thead>\n<tbody>\n'


def controls(control_id: str, targets: str, lang: str, severities: bool = False) -> str:
    if severities:
        options = [("error", word("status_error", lang)), ("warning", word("status_warning", lang))]
    else:
        options = [(s, due.STATUS_WORDS[s][lang]) for s in due.STATUSES]
    choices = "".join(f'<option value="{v}">{t}</option>' for v, t in options)
    template = esc(word("shown", lang, n="{n}", total="{total}"))
    return (
        f'<div class="controls" id="{control_id}" data-targets="{targets}">'
        f'<label>{word("filter", lang)} <input type="search" placeholder="{word("filter_hint", lang)}">'
        f'</label><select><option value="">{word("all", lang)}</option>{choices}</select>'
        f'<span class="count" data-template="{template}"></span></div>\n'
    )


def project_cell(p: Project, lang: str) -> str:
    return (
        f"{esc(p.name or word('none', lang))}<br><small>{esc(p.unit or word('none', lang))}<br>"
        f"<code class=nowrap>{esc(p.code or word('no_code', lang))}</code></small>"
    )


def deadlines(projects: list[Project], order: list[int], on: dt.date, lang: str) -> Iterator[str]:
    """What every unit owes, then each project's items, the most pressing project first."""
    columns = [
        ("deadline", ""),
        ("status", ""),
        ("what", ""),
        ("project", ""),
        ("note", ""),
        ("article", ""),
    ]
    yield f'<section id="due"><h2>{word("due", lang)}</h2>\n<p class="note">{word("due_note", lang)}</p>\n'
    yield controls("due-controls", "#due-table tbody tr", lang)
    yield _table_start("due-table", columns, lang)
    for item in due.general(on):
        yield _due_row(item, word("every_unit", lang), lang)
    for i in order:
        who = project_cell(projects[i], lang)
        for item in due.for_project(projects[i], on):
            yield _due_row(item, who, lang)
    yield TABLE_END + "</section>\n"


def _due_row(item: due.Due, who: str, lang: str) -> str:
    day = item.day.isoformat() if item.day else "9999-12-31"
    return (
        f'<tr data-status="{item.status}"><td class="date" data-sort="{day}">'
        f"{esc(item.shown(lang))}</td>"
        f'<td class="status-{item.status}">{due.STATUS_WORDS[item.status][lang]}</td>'
        f"<td>{esc(item.what[lang])}</td><td>{who}</td><td>{esc(item.note[lang])}</td>"
        f'<td><a href="{esc(links.article(item.article))}">{esc(labels.article(item.article, lang))}</a></td></tr>\n'
    )


def _worst(t: Tally, lang: str) -> str:
    code = t.worst_code
    if code is None:
        return f'<span class="sev-clean">{word("status_clean", lang)}</span>'
    counts = labels.counts(t.errors, t.warnings, lang)
    title = catalogue.entry(code)["title"][lang]
    return (
        f'<span class="sev-{t.worst}">{counts}</span><br>'
        f'<a href="{esc(links.check(code))}">{esc(title)}</a>'
    )


def project_table(projects: list[Project], nexts: list[due.Due | None], lang: str) -> Iterator[str]:
    yield f'<section id="projects"><h2>{word("projects", lang)}</h2>\n'
    if not projects:
        yield f"<p>{word('no_projects', lang)}</p></section>\n"
        return
    columns = [
        ("unit", ""),
        ("name", ""),
        ("code", ""),
        ("total", "num"),
        ("stages", ""),
        ("dossiers", "num"),
        ("worst", ""),
        ("next", ""),
        ("show", ""),
    ]
    yield controls("project-controls", "#project-table tbody tr", lang, severities=True)
    yield _table_start("project-table", columns, lang)
    rank = {"error": 0, "warning": 1, "clean": 2}
    for p, nxt in zip(projects, nexts, strict=True):
        t = p.tally
        value = labels.amount(p.total[1]) if p.total else None
        total = money.figure(value) if value is not None else esc(p.total[1]) if p.total else "—"
        nxt_text = (
            f'<span class="status-{nxt.status}">{esc(nxt.shown(lang))}</span><br>{esc(nxt.what[lang])}'
            if nxt
            else word("nothing_due", lang)
        )
        nxt_sort = nxt.day.isoformat() if nxt and nxt.day else "9999-12-31"
        show = esc(p.code or p.name or "")
        yield (
            f'<tr data-status="{t.worst}"><td>{esc(p.unit or word("none", lang))}</td>'
            f"<td>{esc(p.name or word('none', lang))}</td>"
            f"<td class=nowrap><code>{esc(p.code or '—')}</code></td>"
            f'<td class="num" data-sort="{value if value is not None else -1}">{total}</td>'
            f"<td>{esc(labels.stages(p.forms, lang))}</td>"
            f'<td class="num" data-sort="{t.files}">{t.files}</td>'
            f'<td data-sort="{rank[t.worst]}{t.errors:09d}">{_worst(t, lang)}</td>'
            f'<td data-sort="{nxt_sort}">{nxt_text}</td>'
            f'<td><a href="#dossiers" data-show="{show}">{word("show", lang)}</a></td></tr>\n'
        )
    yield TABLE_END + "</section>\n"


def unit_table(ledger: Ledger, lang: str) -> Iterator[str]:
    columns = [
        ("unit", ""),
        ("uscc", ""),
        ("projects", "num"),
        ("dossiers", "num"),
        ("failed", "num"),
        ("errors", "num"),
        ("warnings", "num"),
    ]
    yield f'<section id="units"><h2>{word("units", lang)}</h2>\n'
    yield _table_start("unit-table", columns, lang)
    for u in ledger.unit_rows():
        t = u.tally
        yield (
            f'<tr data-status="{t.worst}"><td>{esc(u.name)}</td>'
            f"<td class=nowrap><code>{esc(u.uscc or '—')}</code></td>"
            f'<td class="num">{u.projects}</td><td class="num">{t.files}</td>'
            f'<td class="num">{t.with_errors}</td><td class="num">{t.errors}</td>'
            f'<td class="num">{t.warnings}</td></tr>\n'
        )
    yield TABLE_END + "</section>\n"


def dossier(result: FileResult, number: int, lang: str) -> str:
    errors = sum(1 for x in result.findings if x.severity == "error")
    warnings = len(result.findings) - errors
    sev = "error" if errors else "warning"
    rec = result.record
    form = esc(labels.form_title(result.form, lang))
    about = [f'<a href="{esc(links.form(result.form))}">{form}</a>' if result.form else form]
    if rec is not None:
        about += [
            esc(rec.unit or word("none", lang)),
            esc(rec.name or word("none", lang)),
            esc(rec.code or word("no_code", lang)),
        ]
    rows = "".join(
        finding(x, lang)
        for x in sorted(result.findings, key=lambda x: (x.line or 0, x.column or 0, x.code))
    )
    return (
        f'<article class="dossier sev-{sev}" id="d{number}" data-status="{sev}">'
        f'<h3><span class="sev-{sev}">{labels.counts(errors, warnings, lang)}</span>'
        f" <code>{esc(result.file)}</code></h3>\n"
        f'<p class="about">{" · ".join(about)}</p>\n'
        f"<table><thead><tr><th>{word('severity', lang)}</th><th>{word('field', lang)}</th>"
        f"<th>{word('message', lang)}</th><th>{word('remedy', lang)}</th>"
        f"<th>{word('article', lang)}</th><th>{word('check', lang)}</th></tr></thead>\n"
        f"<tbody>\n{rows}</tbody></table></article>\n"
    )


def finding(x: Finding, lang: str) -> str:
    where = (
        f"<br><code class=pointer>{esc(x.pointer)}</code>"
        if x.pointer and x.field != x.pointer
        else ""
    )
    if x.line:
        where += f" <small>{word('line', lang, n=x.line)}</small>"
    arts = (
        catalogue.LIST_SEP[lang].join(
            f'<a href="{esc(links.article(a))}">{esc(labels.article(a, lang))}</a>'
            for a in x.articles
        )
        or f'<span title="{esc(catalogue.NO_ARTICLE[lang])}">—</span>'
    )
    return (
        f'<tr><td class="sev-{x.severity}">{pick(labels.SEVERITY[x.severity], lang)}</td>'
        f"<td>{esc(x.field)}{where}</td><td>{esc(x.message)}</td><td>{esc(x.remedy)}</td>"
        f'<td>{arts}</td><td class="nowrap"><a href="{esc(links.check(x.code))}"><code>{esc(x.code)}</code></a></td></tr>\n'
    )


def skipped(s: Summary, lang: str) -> str:
    if not s.skipped:
        return ""
    items = "".join(f"<li><code>{esc(f)}</code>：{esc(why[lang])}</li>" for f, why in s.skipped)
    return (
        f'<section id="skipped"><h2>{word("skipped_files", lang)}</h2><ul>{items}</ul></section>\n'
    )
