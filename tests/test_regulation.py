"""The regulation as data: nothing lost or altered, stable ids, the document's metadata."""

from __future__ import annotations

import re

from conftest import SPEC, load_json

from generator import regulation

SOURCE = SPEC / "regulation" / "regulation.txt"
DATA = SPEC / "regulation" / "regulation.json"


def test_counts_six_chapters_thirty_seven_articles() -> None:
    data = load_json(DATA)
    assert len(data["chapters"]) == 6
    assert [a["number"] for a in regulation.articles(data)] == list(range(1, 38))
    assert [c["title"] for c in data["chapters"]] == [
        "总则", "项目管理", "资金管理", "资源共享管理", "运行管理", "附则",
    ]  # fmt: skip


def test_text_reassembles_to_source_byte_for_byte() -> None:
    source = SOURCE.read_text(encoding="utf-8")
    assert regulation.reassemble(load_json(DATA)) == source


def test_committed_data_matches_the_parser() -> None:
    """Drift test: regenerate with `szqz spec regulation spec/regulation/regulation.txt -o spec/regulation/regulation.json`."""
    parsed = regulation.parse(SOURCE.read_text(encoding="utf-8"))
    assert parsed == load_json(DATA)


def test_metadata() -> None:
    data = load_json(DATA)
    assert data["document_number"] == "钦政办规〔2024〕1号"
    assert data["issued_on"] == "2024-12-06"
    assert data["effective_on"] == "2024-12-06"
    assert data["title"] == "“数字钦州”建设项目和资金管理暂行办法"
    assert [r["document_number"] for r in data["repeals"]] == ["钦政办规〔2023〕6号"]
    assert [c["document_number"] for c in data["cites"]] == [
        "国办发〔2019〕57号",
        "桂政办发〔2024〕59号",
    ]


def test_paragraphs_and_items_have_stable_ids() -> None:
    data = load_json(DATA)
    ids = regulation.anchor_ids(data)
    for expected in ["art22-p2", "art20-p1-i3", "art24-p1-i3", "art9-p5", "ch6", "art37-p1"]:
        assert expected in ids
    art20 = regulation.articles(data)[19]
    assert len(art20["paragraphs"]) == 3
    assert [i["label"] for i in art20["paragraphs"][0]["items"]] == ["（一）", "（二）", "（三）"]
    assert all(re.fullmatch(r"ch\d+|art\d+(-p\d+(-i\d+)?)?", i) for i in ids)
    assert regulation.article_label(data, "art20-p1-i3") == "第二十条第一款第（三）项"


def test_parser_refuses_text_that_is_not_a_regulation() -> None:
    try:
        regulation.parse("第一条  没有章\n")
    except regulation.RegulationFormatError as exc:
        assert "第 1 行" in str(exc)
    else:
        raise AssertionError("parse accepted an article before any chapter")


def test_chinese_numerals() -> None:
    assert [regulation.cn_number(t) for t in ["一", "十", "十二", "二十", "三十七", "一百零五"]] == [
        1, 10, 12, 20, 37, 105,
    ]  # fmt: skip
