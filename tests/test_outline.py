"""The Word outlines: their definitions (spec/outlines/) hold mandatory chapters to the words of
the regulation and usual chapters to a named public source; each generated file, read back with
python-docx, has every chapter as a Word heading the navigation pane lists, the marks that say
which is which, a cover from the dossier, the 投资概算 table; `szqz outline` behaves as a command
should; the example's Word attachments are what the outlines make of the example."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import FORMS, ROOT, SPEC

from generator import regulation, spec
from generator.blank import resolve
from generator.maintain import EXAMPLE_DOCUMENTS, example_documents
from generator.outline import data
from generator.outline import docx as outline_docx
from generator.validate import docfiles

KINDS = list(data.KINDS)
APPROVAL = json.loads((FORMS / "approval" / "example.json").read_text(encoding="utf-8"))


def _read(content: bytes) -> Any:
    return docx.Document(io.BytesIO(content))


def _headings(document: Any) -> list[tuple[int, str]]:
    out = []
    for p in document.paragraphs:
        name = p.style.name if p.style is not None else ""
        if name.startswith("Heading "):
            out.append((int(name.split()[1]), p.text))
    return out


def test_every_outline_file_is_listed_and_every_listed_kind_has_one() -> None:
    files = {p.stem for p in (SPEC / "outlines").glob("*.yaml")} - {"sources"}
    assert files == set(KINDS)
    for kind, outline in data.outlines().items():
        assert outline.kind == kind


def test_mandatory_chapters_quote_their_articles_and_usual_ones_name_a_source() -> None:
    reg = spec.regulation()
    ids = regulation.anchor_ids(reg)
    forms = {f.id for f in spec.forms()}
    problems = []
    used = set()
    for kind, outline in data.outlines().items():
        titles = [c.title for c in outline.chapters]
        if len(titles) != len(set(titles)):
            problems.append(f"{kind}: a chapter title twice")
        if not set(outline.forms) <= forms:
            problems.append(f"{kind}: unknown form in {outline.forms}")
        for c in outline.chapters:
            where = f"{kind} › {c.title}"
            if c.status == "mandatory":
                if not c.articles or c.source:
                    problems.append(f"{where}: mandatory needs articles and no source")
                if not any(c.quote in regulation.text_of(reg, a) for a in c.articles):
                    problems.append(f"{where}: “{c.quote}” is not the words of {c.articles}")
            elif c.status == "usual":
                if c.articles or c.quote or c.source not in data.sources():
                    problems.append(f"{where}: usual needs a known source and no article")
                used.add(c.source)
            else:
                problems.append(f"{where}: status {c.status}")
            problems += [
                f"{where}: no article {a}" for a in (*c.articles, *c.related) if a not in ids
            ]
            if c.hint == "":
                problems.append(f"{where}: no hint")
    assert not problems, "\n".join(problems)
    assert used == set(data.sources()), "a source nobody cites, or a chapter citing none"


def test_the_files_the_validator_reads_are_attachments_of_their_forms() -> None:
    for kind, outline in data.outlines().items():
        if outline.read_at:
            assert outline.check in ("chapters", "opinions"), kind
            assert all(c.match for c in outline.mandatory), kind
        for at in outline.read_at:
            node: Any = spec.schema(at.form)
            for part in at.attachment.strip("/").split("/"):
                node = resolve(node)["properties"][part]
            assert node["$ref"].endswith("/attachment"), (kind, at)
            if at.declared:
                node = spec.schema(at.form)
                for part in at.declared.strip("/").split("/"):
                    node = resolve(node)["properties"][part]
                # The chapters a dossier declares are the outline's mandatory chapters.
                assert set(node["items"]["enum"]) == {c.title for c in outline.mandatory}


def test_the_tenth_article_chapters_are_mandatory_in_both_studies() -> None:
    tenth = {"信息资源共享开放分析篇", "密码应用方案", "信创技术应用方案"}
    for kind in ("feasibility-study", "preliminary-design"):
        outline = data.outlines()[kind]
        assert {c.title for c in outline.mandatory} == tenth
        assert all(c.articles == ("art10",) for c in outline.mandatory)
    opinions = data.outlines()["consulting-report"].mandatory
    assert {c.subject for c in opinions} == tenth


@pytest.mark.parametrize("kind", KINDS)
def test_each_outline_reads_back_with_its_chapters_as_headings(kind: str) -> None:
    outline = data.outlines()[kind]
    content = outline_docx.build(kind)
    document = _read(content)
    headings = _headings(document)
    level_one = [text for level, text in headings if level == 1]
    for chapter in outline.chapters:
        assert any(text.endswith(f"章 {chapter.title}") for text in level_one), chapter.title
        for section in chapter.sections:
            assert any(level == 2 and text.endswith(section) for level, text in headings)
    # The navigation pane lists paragraphs by outline level: the heading styles carry it.
    for level in (1, 2):
        style = document.styles[f"Heading {level}"].element
        lvl = style.find(".//" + docx.oxml.ns.qn("w:outlineLvl"))
        assert lvl is not None and lvl.get(docx.oxml.ns.qn("w:val")) == str(level - 1)
    text = "\n".join(p.text for p in document.paragraphs)
    for chapter in outline.mandatory:
        label = regulation.article_label(spec.regulation(), chapter.articles[0])
        assert f"【必备章节】本办法{label}：“{chapter.quote}”" in text
    for chapter in outline.chapters:
        if not chapter.mandatory:
            assert data.sources()[chapter.source].cite() in text
    marks = [p.text for p in document.paragraphs if p.text.startswith("【必备章节】")]
    assert len(marks) == len(outline.mandatory)
    # What the validator reads in the file: every mandatory chapter.
    read = docfiles.read(content, "docx", ())
    for chapter in outline.mandatory:
        assert read.has_heading(chapter.match), chapter.title


def test_the_cover_is_filled_from_a_dossier_and_left_blank_without_one() -> None:
    filled = "\n".join(
        p.text for p in _read(outline_docx.build("feasibility-study", APPROVAL)).paragraphs
    )
    assert APPROVAL["project"]["name"] in filled
    assert f"项目建设单位：{APPROVAL['unit']['name']}" in filled
    assert "编制日期：2026年3月10日" in filled
    blank = "\n".join(p.text for p in _read(outline_docx.build("feasibility-study")).paragraphs)
    assert "（项目名称）" in blank and "（单位名称）" in blank
    assert APPROVAL["project"]["name"] not in blank


def test_the_preliminary_design_carries_the_estimate_table() -> None:
    document = _read(outline_docx.build("preliminary-design", APPROVAL))
    (table,) = document.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["序号", "名称", "类别", "数量", "单位", "单价（万元）", "金额（万元）"]
    estimate = APPROVAL["investment_estimate"]
    for section in estimate["sections"]:
        assert [
            section["category"] + "（小计）",
            outline_docx.amount_text(section["subtotal"]),
        ] in [[r[1], r[6]] for r in rows]
        for item in section["items"]:
            row = next(r for r in rows if r[0] == item["code"])
            assert row[1:5] == [item["name"], item["kind"], item["quantity"], item["unit"]]
            assert row[6] == outline_docx.amount_text(item["amount"])
    assert rows[-1][1] == "合计（概算总投资）" and rows[-1][6] == "580.00"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "人民币伍佰捌拾万元整" in text
    # Without a dossier: the three parts, to fill in.
    (empty,) = _read(outline_docx.build("preliminary-design")).tables
    assert [r.cells[1].text for r in empty.rows if r.cells[0].text in ("一", "二", "三")] == [
        "工程费用（小计）",
        "工程建设其他费用（小计）",
        "预备费（小计）",
    ]


def test_amounts_keep_their_decimals() -> None:
    assert outline_docx.amount_text("580") == "580.00"
    assert outline_docx.amount_text("580.0625") == "580.0625"
    assert outline_docx.amount_text("1234.5") == "1,234.50"


def test_the_consulting_outline_carries_the_dossiers_opinions() -> None:
    text = "\n".join(
        p.text for p in _read(outline_docx.build("consulting-report", APPROVAL)).paragraphs
    )
    for opinion in APPROVAL["consulting_report"]["opinions"]:
        assert opinion["opinion"] in text


def test_the_same_outline_gives_the_same_bytes() -> None:
    assert outline_docx.build("preliminary-design", APPROVAL) == outline_docx.build(
        "preliminary-design", APPROVAL
    )


def test_the_examples_word_attachments_are_current() -> None:
    stale = []
    for path, content in example_documents().items():
        if (FORMS / path).read_bytes() != content:
            stale.append(path)
    for form, pointer, _, name in EXAMPLE_DOCUMENTS:
        example = json.loads((FORMS / form / "example.json").read_text(encoding="utf-8"))
        node: Any = example
        for part in pointer.strip("/").split("/"):
            node = node[part]
        digest = hashlib.sha256((FORMS / form / "attachments" / name).read_bytes()).hexdigest()
        if node != {**node, "file": f"attachments/{name}", "type": "docx", "sha256": digest}:
            stale.append(f"{form}/example.json {pointer}")
    assert not stale, f"run `make templates`: {stale}"


def _szqz(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_the_command_writes_an_outline_from_a_dossier(tmp_path: Path) -> None:
    out = tmp_path / "可研.docx"
    result = _szqz(
        "outline", "可行性研究报告", str(FORMS / "approval" / "example.json"), "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    text = "\n".join(p.text for p in _read(out.read_bytes()).paragraphs)
    assert APPROVAL["project"]["name"] in text
    assert not list(tmp_path.glob(".*.tmp"))


def test_the_command_refuses_what_it_cannot_do(tmp_path: Path) -> None:
    unknown = _szqz("outline", "周报", "-o", str(tmp_path / "x.docx"))
    assert unknown.returncode == 2 and "feasibility-study（可行性研究报告）" in unknown.stderr
    broken = tmp_path / "bad.json"
    broken.write_text('{"project": ', encoding="utf-8")
    bad = _szqz("outline", "proposal", str(broken), "-o", str(tmp_path / "x.docx"))
    assert bad.returncode == 2 and "JSON" in bad.stderr and "Traceback" not in bad.stderr
    precious = tmp_path / "notes.docx"
    precious.write_text("my notes", encoding="utf-8")
    kept = _szqz("outline", "proposal", "-o", str(precious))
    assert kept.returncode == 2 and precious.read_text(encoding="utf-8") == "my notes"
    wrong = _szqz("outline", "proposal", "-o", str(tmp_path / "x.pdf"))
    assert wrong.returncode == 2 and ".docx" in wrong.stderr
    assert not (tmp_path / "x.docx").exists()


def test_the_portal_offers_each_outline_on_its_forms_pages(built_site: Path) -> None:
    for kind, outline in data.outlines().items():
        served = built_site / "downloads" / "outlines" / f"{kind}.docx"
        assert served.read_bytes() == outline_docx.build(kind)
        for form in outline.forms:
            page = (built_site / "forms" / f"{form}.html").read_text(encoding="utf-8")
            assert f'href="../downloads/outlines/{kind}.docx"' in page, (kind, form)
    approval = (built_site / "forms" / "approval.html").read_text(encoding="utf-8")
    assert "附件内容的检查" in approval and "扫描件" in approval
    checks = (built_site / "checks.html").read_text(encoding="utf-8")
    assert 'id="document-chapter-missing"' in checks


def test_the_portals_outlines_are_kept_between_builds_while_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.outline import portal

    monkeypatch.setattr(portal, "CACHE", tmp_path)
    (tmp_path / "0ld-proposal.docx").write_bytes(b"earlier inputs")
    first = portal.blank_outline("proposal")
    assert first == outline_docx.build("proposal")
    kept = [p.name for p in tmp_path.iterdir()]
    assert kept == [f"{portal._inputs()}-proposal.docx"], kept  # the earlier file is gone
    (tmp_path / kept[0]).write_bytes(b"from the cache")
    assert portal.blank_outline("proposal") == b"from the cache"
