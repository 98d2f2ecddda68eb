"""Printable PDFs: fonts embedded and subset, key values present, pages not blank, byte-identical
renders, hostile values printed as text, fonts checked before rendering, invalid dossiers refused
unless --draft. pdftotext alone proves nothing about fonts (it returns the right Chinese even for
empty boxes), hence pdffonts and a rendered page."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FORMS, example_files

from generator import spec
from generator.cli import main
from generator.render import fonts, pdf, tree

TODAY = ["--today", "2026-11-28"]


def _text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _dark_fraction(path: Path, page: int = 1) -> float:
    out = subprocess.run(
        ["pdftoppm", "-gray", "-r", "30", "-f", str(page), "-l", str(page), str(path)],
        capture_output=True,
        check=True,
    ).stdout
    # PGM (P5): header "P5\nW H\n255\n" then one byte per pixel.
    _, _, pixels = out.partition(b"\n255\n")
    return sum(1 for b in pixels if b < 128) / max(len(pixels), 1)


def _red_fraction(path: Path, page: int) -> float:
    """Share of a page's pixels tinted red (the draft watermark), from a 20 dpi PPM."""
    out = subprocess.run(
        ["pdftoppm", "-r", "20", "-f", str(page), "-l", str(page), str(path)],
        capture_output=True,
        check=True,
    ).stdout
    _, _, pixels = out.partition(b"\n255\n")
    rgb = [pixels[i : i + 3] for i in range(0, len(pixels) - 2, 3)]
    return sum(1 for r, g, b in rgb if r - g > 25 and r - b > 25) / max(len(rgb), 1)


@pytest.fixture(scope="module")
def approval_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "approval.pdf"
    assert main(["render", str(FORMS / "approval" / "example.json"), "-o", str(out), *TODAY]) == 0
    return out


def test_cjk_fonts_embedded_and_subset(approval_pdf: Path) -> None:
    listing = subprocess.run(
        ["pdffonts", str(approval_pdf)], capture_output=True, text=True, check=True
    ).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert any("Serif-CJK" in r[0] for r in rows) and any("Sans-CJK" in r[0] for r in rows)
    for r in rows:
        assert "+" in r[0], f"{r[0]} not subset"
        assert r[-5:-3] == ["yes", "yes"], f"{r[0]} not embedded and subset"


def test_key_values_printed(approval_pdf: Path) -> None:
    text = _text(approval_pdf)
    dossier = json.loads((FORMS / "approval" / "example.json").read_text(encoding="utf-8"))
    for value in [dossier["project"]["name"], dossier["project"]["code"], dossier["unit"]["uscc"]]:
        assert value in text
    assert "580.00" in text and "人民币伍佰捌拾万元整" in text
    # 万元 stands in column headings and beside a total's 大写, never in each amount's cell.
    assert all("大写" in line for line in text.splitlines() if "580.00 万元" in line)
    assert "2026年3月10日" in text
    compact = text.replace(" ", "")
    assert re.search(r"第2页共(\d+)页", compact) and "（盖章）" in compact
    assert "经办人：黄晓东签字：" in compact and "单位负责人：莫志坚签字：" in compact
    digest = dossier["crypto_plan"]["sha256"]
    assert f"{digest[:8]}…{digest[-8:]}" in compact and digest not in compact
    assert "attachments/" not in compact


def test_page_is_not_blank(approval_pdf: Path) -> None:
    assert _dark_fraction(approval_pdf) > 0.01


def test_same_input_gives_identical_bytes() -> None:
    form = tree.build(
        "approval", json.loads((FORMS / "approval" / "example.json").read_text(encoding="utf-8"))
    )
    assert pdf.pdf(form) == pdf.pdf(form)


def test_every_form_has_a_blank_pdf_with_conditions_in_words(tmp_path: Path) -> None:
    for form in spec.forms():
        out = tmp_path / f"{form.id}.pdf"
        assert main(["blank", form.id, "-o", str(out)]) == 0
        text = _text(out).replace(" ", "")
        assert spec.paper()["forms"][form.id]["title"] in text
        assert "依据：" in text and "年月日" in text and "填表说明" in text
    assert "时必填" in _text(tmp_path / "approval.pdf")


@pytest.mark.parametrize("example", example_files(), ids=lambda p: str(p.relative_to(FORMS)))
def test_every_example_renders(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    assert main(["render", str(example), "-o", str(out), *TODAY]) == 0
    assert out.read_bytes().startswith(b"%PDF-")


def _copy(tmp_path: Path, form: str) -> Path:
    shutil.copytree(FORMS / form, tmp_path / form)
    return tmp_path / form / "example.json"


def test_hostile_values_print_as_text(tmp_path: Path) -> None:
    dossier = _copy(tmp_path, "approval")
    data = json.loads(dossier.read_text(encoding="utf-8"))
    hostile = '<img src="file:///etc/passwd"><link rel=stylesheet href="file:///etc/passwd">'
    data["consulting_report"]["opinions"][0]["opinion"] = hostile
    dossier.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "h.pdf"
    assert main(["render", str(dossier), "-o", str(out), *TODAY]) == 0
    text = _text(out).replace("\n", "")
    assert 'file:///etc/passwd">' in text and "<img" in text


def test_fetcher_refuses_outside_assets() -> None:
    from generator.render.fetcher import AssetsOnlyFetcher

    fetcher = AssetsOnlyFetcher()
    for url in [
        "file:///etc/passwd",
        "https://example.org/x.css",
        "data:text/css,body{}",
        "file://host/etc/hosts",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_invalid_dossier_refused_unless_draft(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dossier = _copy(tmp_path, "approval")
    data = json.loads(dossier.read_text(encoding="utf-8"))
    data["approving_authority"] = "市发展改革委"
    dossier.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "d.pdf"
    assert main(["render", str(dossier), "-o", str(out), *TODAY]) == 1
    assert not out.exists() and "approving-authority" in capsys.readouterr().err
    capsys.readouterr()
    assert main(["render", str(dossier), "-o", str(out), "--draft", *TODAY]) == 0
    assert "approving-authority" in capsys.readouterr().err  # the findings on the console…
    pages = _text(out).split("\f")[:-1]
    # …and on the last page; the watermark is drawn, not text, so copied text stays clean.
    assert "校验发现的问题" in pages[-1] and "审批" in pages[-1]
    assert all("草稿" not in p for p in pages[:-1])
    for page in range(1, len(pages) + 1):
        assert _red_fraction(out, page) > 0.01, f"page {page} has no watermark"
    clean = tmp_path / "clean.pdf"
    assert main(["render", str(FORMS / "approval" / "example.json"), "-o", str(clean), *TODAY]) == 0
    assert _red_fraction(clean, 1) == 0


def test_uncovered_character_stops_the_render(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dossier = _copy(tmp_path, "approval")
    data = json.loads(dossier.read_text(encoding="utf-8"))
    data["consulting_report"]["opinions"][0]["opinion"] = "同意𓀀"
    dossier.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "f.pdf"
    assert main(["render", str(dossier), "-o", str(out), *TODAY]) == 2
    assert not out.exists()
    assert "U+13000" in capsys.readouterr().err


def test_missing_font_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    fonts.coverage.cache_clear()
    monkeypatch.setattr(fonts, "FAMILIES", ("No Such CJK Font",))
    try:
        with pytest.raises(fonts.FontProblem, match="fonts-noto-cjk"):
            fonts.coverage()
    finally:
        fonts.coverage.cache_clear()


def test_long_tables_repeat_their_heading_row(tmp_path: Path) -> None:
    dossier = _copy(tmp_path, "approval")
    data = json.loads(dossier.read_text(encoding="utf-8"))
    product = data["products"][0]
    data["products"] = [{**product, "name": f"服务器 {i:03d}"} for i in range(90)]
    dossier.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "long.pdf"
    assert main(["render", str(dossier), "-o", str(out), *TODAY]) == 0
    pages = _text(out).split("\f")
    with_products = [p for p in pages if "服务器 0" in p]
    assert len(with_products) >= 2, "the product table should run over several pages"
    # Every page of the table starts with its heading row, and no row is split across pages.
    assert all("产品名称" in p and "生产厂商" in p for p in with_products)
    for i in range(90):
        assert sum(f"服务器 {i:03d}" in p for p in pages) == 1


def test_render_never_overwrites_the_dossier_or_another_file(tmp_path: Path) -> None:
    dossier = _copy(tmp_path, "approval")
    before = dossier.read_bytes()
    assert main(["render", str(dossier), "-o", str(dossier), *TODAY]) == 2
    notes = tmp_path / "notes.txt"
    notes.write_text("重要", encoding="utf-8")
    assert main(["render", str(dossier), "-o", str(notes), *TODAY]) == 2
    assert dossier.read_bytes() == before and notes.read_text(encoding="utf-8") == "重要"
    old = tmp_path / "old.pdf"
    old.write_bytes(b"%PDF-1.7 old")
    assert main(["render", str(dossier), "-o", str(old), *TODAY]) == 0


def test_pdfa_variant_declares_itself(tmp_path: Path) -> None:
    out = tmp_path / "a.pdf"
    assert (
        main(
            [
                "render",
                str(FORMS / "acceptance-filing" / "example.json"),
                "-o",
                str(out),
                "--pdfa",
                *TODAY,
            ]
        )
        == 0
    )
    meta = subprocess.run(
        ["pdfinfo", "-meta", str(out)], capture_output=True, text=True, check=True
    ).stdout
    assert "pdfaid:part" in meta and "pdfaid:conformance" in meta


def test_pdf_title_bookmarks_and_file_mode(approval_pdf: Path) -> None:
    dossier = json.loads((FORMS / "approval" / "example.json").read_text(encoding="utf-8"))
    info = subprocess.run(
        ["pdfinfo", str(approval_pdf)], capture_output=True, text=True, check=True
    ).stdout
    title = next(line for line in info.splitlines() if line.startswith("Title:"))
    assert "审批表" in title and dossier["project"]["name"] in title
    assert "Tagged:          yes" in info
    # Files get the mode a plain open() gives (0666 less the umask), not mkstemp's 0600.
    umask = os.umask(0)
    os.umask(umask)
    assert approval_pdf.stat().st_mode & 0o777 == 0o666 & ~umask
    # Bookmarks name the form and its sections, without the citation glued on.
    document = pdf.document(tree.build("approval", dossier))
    labels = [b[0] for b in _flatten(document.make_bookmark_tree())]
    assert labels[0] == "“数字钦州”建设项目审批表"
    assert {"基本信息", "项目", "附件清单", "信息资源目录"} <= set(labels)
    assert not any("依据" in label or "续" in label for label in labels)
    assert len(labels) == len(set(labels))


def _flatten(nodes: list[Any]) -> list[Any]:
    out = []
    for node in nodes:
        out.append(node)
        out += _flatten(node[2])
    return out


def test_paper_settings_name_real_forms_and_fields() -> None:
    """spec/paper.yaml is data the bureau edits: every form has a title and its own unit's
    opinion box first, and every field it names exists in that form's schema."""
    from generator.blank import resolve
    from generator.render import values

    paper = spec.paper()
    assert paper["instructions"] and all(isinstance(line, str) for line in paper["instructions"])
    assert set(paper["forms"]) == {f.id for f in spec.forms()}
    for form_id, entry in paper["forms"].items():
        props = spec.schema(form_id)["properties"]
        assert entry["title"].startswith("“数字钦州”建设项目") and entry["title"].endswith(
            ("申报书", "审批表", "申请表", "备案表", "报表", "情况表", "进度表", "（申请）表")
        )
        opinions = entry["opinions"]
        assert opinions[0].get("unit") is True and not any(o.get("unit") for o in opinions[1:])
        for o in opinions:
            assert o["label"].endswith("意见")
            for field in [o.get("body_from"), (o.get("when") or {}).get("field")]:
                assert field is None or field in props, (form_id, field)
        for key in entry.get("sign_columns", {}):
            assert resolve(props[key]).get("type") == "array", (form_id, key)
        for ratio in entry.get("ratios", []):
            for path in (ratio["part"], ratio["whole"]):
                node: dict[str, Any] = {"properties": props}
                for part in path.split("/"):
                    node = resolve(node)["properties"][part]
                assert values.kind(node) == "money", (form_id, path)
            assert ratio["after"] in props
        if "title_by" in entry:
            field = entry["title_by"]["field"]
            assert set(entry["title_by"]["titles"]) == set(resolve(props[field])["enum"])
        if "cover" in entry:
            assert set(entry["cover"]) == {"unit", "date"}


def test_tree_and_html_need_no_weasyprint() -> None:
    """The portal's fill page builds the same tree and HTML in the browser (Pyodide): neither
    may pull in WeasyPrint, fontTools or ctypes."""
    code = (
        "import sys, json; from generator.render import pdf, tree; "
        "form = tree.build('approval', json.load(open(sys.argv[1], encoding='utf-8'))); "
        "assert form.title in pdf.html(form); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('weasyprint', 'fontTools', 'ctypes', 'subprocess')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(FORMS / "approval" / "example.json")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "[]"


def test_a_blank_estimate_names_its_three_parts_and_gives_each_its_line_items() -> None:
    from generator.render.model import Table
    from generator.schemawalk import option_label

    form = tree.build("approval")
    section = next(s for s in form.sections if s.title == "投资概算")
    tables = [b for b in section.blocks if isinstance(b, Table)]
    parts_prop = spec.schema("approval")["properties"]["investment_estimate"]["properties"]
    category = parts_prop["sections"]["items"]["properties"]["category"]
    names = [option_label(category, v) for v in category["enum"]]
    assert [row[0] for row in tables[0].rows] == names  # one row per part, named
    assert [t.label for t in tables[1:]] == [f"{n}：明细" for n in names]
    assert all(t.rows and not any(any(cell) for cell in t.rows) for t in tables[1:])
