"""Layout of the printed forms, read back from the PDFs themselves (pdftotext -bbox): every blank
form, every example and two stress dossiers (three 2,000-character narratives; unbreakable
tokens, 300 Latin letters and long amounts). No page holds only the signature block or a heading;
no heading ends a page; every capital amount equals the figure it follows; nothing runs outside
the page; columns are never narrower than their content needs; long text is printed whole, in
order, with the clerk's paragraphs and its label on every page it runs over."""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from typing import Any

import pytest
from conftest import FORMS, example_files, load_json
from hypothesis import given, settings
from hypothesis import strategies as st
from pdflayout import SIDE, Page, capital_problems, capital_value, headings, page_problems, read

from generator import money, spec
from generator.render import columns, pdf, tree

CN = "一二三四五六七八九十"


def _paragraphs(field: str, count: int = 10, size: int = 198) -> list[str]:
    """Numbered paragraphs (一、… 十、) of CJK text and digits, each one unique."""
    out = []
    for i in range(count):
        head = f"{CN[i]}、{field}第{i + 1}段："
        filler = "".join(f"建设任务{i + 1}之{n:03d}完成情况良好；" for n in range(40))
        out.append((head + filler)[:size])
    return out


def _long_text() -> dict[str, Any]:
    data = load_json(FORMS / "declaration" / "example.json")
    for key in ("summary", "necessity", "goals"):
        data["project"][key] = "\n".join(_paragraphs(key))
    return data


def _hostile() -> dict[str, Any]:
    data = load_json(FORMS / "declaration" / "example.json")
    token = "f" * 32 + "0123456789abcdef" * 2
    items = data["investment"]["items"]
    items[0]["name"] = token
    items[1]["name"] = (
        "信息资源共享交换与业务协同支撑平台" * 5 + "（含统一身份认证、电子证照、电子签章）"
    )
    items[2]["amount"] = "123456789.123456"
    data["investment"]["total"] = "580.0625"
    data["investment"]["sources"][0]["note"] = "A" * 300
    data["regional_opinion"]["document"]["title"] = "B" * 200
    data["unit"]["name"] = "钦州市" + "C" * 60
    return data


def _cases() -> dict[str, tuple[str, dict[str, Any] | None]]:
    cases: dict[str, tuple[str, dict[str, Any] | None]] = {
        f"{f.id}-blank": (f.id, None) for f in spec.forms()
    }
    for path in example_files():
        cases[f"{path.parent.name}-{path.stem}"] = (path.parent.name, load_json(path))
    cases["long-text"] = ("declaration", _long_text())
    cases["hostile"] = ("declaration", _hostile())
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[tree.Form, list[Page]]]:
    folder = tmp_path_factory.mktemp("layout")
    out = {}
    for name, (form_id, data) in CASES.items():
        form = tree.build(form_id, copy.deepcopy(data))
        path = folder / f"{name}.pdf"
        path.write_bytes(pdf.pdf(form))
        out[name] = (form, read(path))
    return out


@pytest.mark.parametrize("name", CASES)
def test_no_page_is_only_a_heading_or_the_signature_block(
    name: str, printed: dict[str, tuple[tree.Form, list[Page]]]
) -> None:
    form, pages = printed[name]
    assert not page_problems(form, pages), page_problems(form, pages)


@pytest.mark.parametrize("name", CASES)
def test_every_capital_amount_equals_its_figure(
    name: str, printed: dict[str, tuple[tree.Form, list[Page]]]
) -> None:
    form, pages = printed[name]
    problems, seen = capital_problems(pages)
    assert not problems, problems
    if not form.blank and "人民币" in tree.all_text(form):
        assert seen, f"{name} prints no capital amount"


@pytest.mark.parametrize("name", CASES)
def test_nothing_runs_outside_the_page(
    name: str, printed: dict[str, tuple[tree.Form, list[Page]]]
) -> None:
    _, pages = printed[name]
    for page in pages:
        for w in page.words:
            assert w.x0 >= SIDE - 2 and w.x1 <= page.width - SIDE + 2, (
                f"{name} p{page.number}: {w.text[:30]} at x {w.x0:.0f}–{w.x1:.0f}"
            )


@pytest.mark.parametrize("name", CASES)
def test_columns_hold_their_content(name: str) -> None:
    """Every column is at least as wide as its widest unbreakable value (an amount, a date, a
    code, a choice) and never narrower than one character plus its padding."""
    form_id, data = CASES[name]
    form = tree.build(form_id, copy.deepcopy(data))
    for section in form.sections:
        for block in section.blocks:
            if not isinstance(block, tree.Table):
                continue
            total = columns.LANDSCAPE_EM if block.wide else columns.PORTRAIT_EM
            for i, col in enumerate(block.columns):
                room = col.width / 100 * total - columns.CELL_EM
                cells = [r[i] for r in block.rows] + ([block.total[i]] if block.total else [])
                widest = max((columns.width_em(c) for c in cells), default=0.0)
                needed = widest if col.kind in columns.UNBROKEN else 1.0
                assert room >= max(needed, 1.0) - 0.01, f"{name}: {block.label}/{col.title}"


def test_unbreakable_values_print_whole(printed: dict[str, tuple[tree.Form, list[Page]]]) -> None:
    _, pages = printed["hostile"]
    words = [w.text for p in pages for w in p.words]
    for whole in ["123,456,789.123456", "580.0625", "2026年3月1日", "2025年9月24日"]:
        assert any(whole in w for w in words), whole
    # Each long token is whole within its own column, line after line.
    for token, chars in (("A" * 300, "A"), ("f" * 32 + "0123456789abcdef" * 2, "0123456789abcdef")):
        words = [w for p in pages for w in sorted(p.body, key=lambda w: w.y0)]
        start = next(w for w in words if w.text.startswith(token[:8]))
        column = [
            w.text
            for w in words
            if abs(w.x0 - start.x0) < 1 and w.y0 >= start.y0 and set(w.text) <= set(chars)
        ]
        assert "".join(column).startswith(token), column


def _is_label(line: str, label: str) -> bool:
    """A label row: the label, or (a later part of a section) the section's name · the label."""
    return line.startswith(label) or re.match(rf"^\S+ · {re.escape(label)}", line) is not None


def test_long_text_flows_whole_under_its_label(
    printed: dict[str, tuple[tree.Form, list[Page]]],
) -> None:
    _, pages = printed["long-text"]
    for key, label in (
        ("summary", "建设内容概述"),
        ("necessity", "建设必要性"),
        ("goals", "建设目标"),
    ):
        paragraphs = _paragraphs(key)
        on = [p for p in pages if any(par[:12] in p.text().replace(" ", "") for par in paragraphs)]
        assert len(on) >= 2, f"{label} should run over pages"
        for i, page in enumerate(on):
            lines = [" ".join(w.text for w in line) for line in page.lines()]
            labels = [t for t in lines if _is_label(t, label)]
            assert labels, f"{label} missing on p{page.number}"
            assert ("（续）" in labels[0]) == (i > 0), labels[0]
            if i < len(on) - 1:  # the text runs to the foot of the page, no gap left
                assert page.lines()[-1][-1].y1 > page.height - 60 * 72 / 25.4
        # Whole and in order, each paragraph starting a line of its own.
        body = "".join(
            "".join(w.text for w in line)
            for p in on
            for line in p.lines()
            if not _is_label(" ".join(w.text for w in line), label)
        )
        assert "".join(paragraphs) in body
        starts = {line[0].text[:8] for p in on for line in p.lines()}
        assert all(par[:8] in starts for par in paragraphs)


def test_names_not_codes_and_no_developer_text(
    printed: dict[str, tuple[tree.Form, list[Page]]],
) -> None:
    for name, (_, pages) in printed.items():
        words = [w.text for p in pages for w in p.words]
        text = "".join(words)
        assert "attachments/" not in text and "规范版本" not in text and "schema" not in text
        assert not any(w in ("450700", "450702", "450703", "450721", "450722") for w in words), name
    blank = "".join(w.text for p in printed["approval-blank"][1] for w in p.words)
    assert all(f"□{n}" in blank for n in ["钦州市本级", "钦南区", "钦北区", "灵山县", "浦北县"])
    assert "钦州市本级" in "".join(w.text for p in printed["approval-example"][1] for w in p.words)


def test_continuation_marks_only_after_the_first_page(
    printed: dict[str, tuple[tree.Form, list[Page]]],
) -> None:
    seen_any = False
    for name, (form, pages) in printed.items():
        started: set[str] = set()
        for page in pages:
            for line in page.lines():
                first = line[0].text
                if first.endswith("（续）"):
                    title = first.removesuffix("（续）")
                    assert title in started, f"{name} p{page.number}: {first} before {title}"
                    seen_any = True
                elif first in headings(form):
                    started.add(first)
    assert seen_any, "some table should run over a page"


def test_landscape_pages_hold_the_wide_tables(
    printed: dict[str, tuple[tree.Form, list[Page]]],
) -> None:
    for name in ("declaration-blank", "approval-example", "declaration-example"):
        _, pages = printed[name]
        wide = [p for p in pages if p.text().startswith("信息资源目录")]
        assert wide and all(p.landscape for p in wide), name
        assert not pages[1].landscape


def test_every_form_has_its_boxes_and_signature_places(
    printed: dict[str, tuple[tree.Form, list[Page]]],
) -> None:
    paper = spec.paper()["forms"]
    for name, (form, pages) in printed.items():
        text = "".join(w.text for p in pages for w in p.words)
        for opinion in paper[form.form_id]["opinions"]:
            if opinion.get("when") is None or form.blank:
                assert opinion["label"].removesuffix("意见") in text, (name, opinion["label"])
        assert "经办人" in text and "单位负责人" in text and "（盖章）" in text
        if "cover" in paper[form.form_id]:
            first = "".join(w.text for w in pages[0].words)
            assert "受理编号" in first and "（盖章）" in first and "主管部门" in first
        if form.blank:
            assert "填表说明" in text and text.index("填表说明") > text.rindex("（盖章）")
    # The acceptance committee signs in a column of its own.
    committee = "".join(w.text for p in printed["acceptance-filing-example"][1] for w in p.words)
    assert "签字" in committee and "主任委员" in committee


def test_typed_names_sit_beside_the_places_to_sign(
    printed: dict[str, tuple[tree.Form, list[Page]]],
) -> None:
    dossier = load_json(FORMS / "approval" / "example.json")
    _, pages = printed["approval-example"]
    lines = [" ".join(w.text for w in line) for line in pages[-1].lines()]
    leader = next(t for t in lines if t.startswith("单位负责人"))
    assert dossier["signature"]["leader"] in leader and "签字" in leader
    assert leader.index(dossier["signature"]["leader"]) < leader.index("签字")


DIGITS = st.decimals(min_value=0, max_value=Decimal("999999999.999999"), places=6)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(amount=DIGITS)
def test_figures_are_exact_and_agree_with_their_capital(amount: Decimal) -> None:
    text = money.figure(amount)
    decimals = len(text.partition(".")[2])
    assert Decimal(text.replace(",", "")) == amount
    assert decimals >= 2 and decimals >= -amount.normalize().as_tuple().exponent  # type: ignore[operator]
    assert capital_value(money.capital_yuan(amount)) == amount * 10_000


@settings(max_examples=150, deadline=None, derandomize=True)
@given(form_id=st.sampled_from([f.id for f in spec.forms()]), data=st.data())
def test_any_dossier_shape_builds_a_form(form_id: str, data: st.DataObject) -> None:
    """`szqz render --draft` prints dossiers that failed validation: whatever type each field
    holds, the tree and the HTML are built without an exception."""
    example = load_json(FORMS / form_id / "example.json")
    dossier = {key: data.draw(JSON | st.just(value)) for key, value in example.items()}
    form = tree.build(form_id, dossier)
    assert form.title in pdf.html(form, draft=True)
