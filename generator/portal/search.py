"""The portal's search, made to find what clerks type. The theme indexes Chinese text cut into
words by jieba, and cuts a query greedily into the words of that index in the browser. Two things
go wrong with that as shipped, and this module fixes both at build time: jieba does not know the
spec's words (信创, 等保, 可研, 钦南区 … are cut into single characters), so `domain_words()` gives
it every form title, field title, glossary term and short form, district name and body of the
city; and the browser's cutter never tries the last character of a query (信创 was searched as 信,
附件 as 附) and glues digits to Chinese (400万, 9月30日 found nothing), so `patch_worker()` corrects
the theme's search worker in the built site. A patch that no longer applies stops the build, so a
new theme version cannot silently bring the old behaviour back."""

from __future__ import annotations

import hashlib
import json
import re
from importlib import metadata
from pathlib import Path
from typing import Any

from generator import spec
from generator.fileio import write_atomic
from generator.paths import BUILD
from generator.schemawalk import Field, every_field, form_fields

# The theme's query cutter, as minified in its search worker. It records, for every position, the
# longest index word starting there, but its inner loop stops one character short of the query's
# end (`<t.length`), and it continues after a word only when the word ends two or more characters
# before the end (`<t.length-1`).
PATCHES: tuple[tuple[str, str, str], ...] = (
    (
        "the cutter reaches the query's last character",
        "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)",
        "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)",
    ),
    (
        "the cutter continues after a word that ends one character before the end",
        "n[a]&&a<t.length-1&&(i[s++]=a)",
        "n[a]&&a<t.length&&(i[s++]=a)",
    ),
    (
        "digits and Chinese are separate words (400万 → 400 万, as the index has them), and a"
        " number must be on the page (+400; 15% is +15, % separates words as in mkdocs.yml), or"
        " 万 alone would rank every page with 万元 first",
        'search(e){if(e=e.replace(new RegExp("\\\\p{sc=Han}+","gu")',
        'search(e){if(e=e.replace(new RegExp("(?<=\\\\d)(?=\\\\p{sc=Han})|(?<=\\\\p{sc=Han})'
        '(?=\\\\d)","gu")," ").replace(new RegExp("(^|\\\\s)(\\\\d+)%?(?=\\\\s|$)","g"),"$1+$2"),'
        'e=e.replace(new RegExp("\\\\p{sc=Han}+","gu")',
    ),
)

MARKER = "/* szqz: search worker corrected at build time (generator/portal/search.py) */\n"


class PatchFailed(Exception):
    """The theme's search worker no longer has the code a patch corrects."""


def patch_worker(site_dir: Path) -> Path:
    """Correct the theme's search worker in a built site; returns the file patched."""
    workers = sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise PatchFailed(f"在 {site_dir} 中找不到主题的搜索程序（search.*.min.js）。")
    worker = workers[0]
    code = worker.read_text(encoding="utf-8")
    if code.startswith(MARKER):
        return worker
    for what, old, new in PATCHES:
        if code.count(old) != 1:
            raise PatchFailed(
                f"主题的搜索程序 {worker.name} 已变化，无法修正（{what}）："
                "请核对 mkdocs-material 的版本，并更新 generator/portal/search.py。"
            )
        code = code.replace(old, new)
    worker.write_text(MARKER + code, encoding="utf-8")
    return worker


def add_short_forms(site_dir: Path) -> int:
    """A section whose heading is a glossary term gets its short forms beside the title in the
    search index: 可行性研究报告（可研） is what a clerk who types 可研 wants, and the theme ranks a
    word in a section's title far above one in its text. Only the index changes (the result list
    shows the title so); the page keeps its heading. Returns the sections changed."""
    index_file = site_dir / "search" / "search_index.json"
    index = json.loads(index_file.read_text(encoding="utf-8"))
    shorts = {
        entry["term"]: [s for s in entry["short"] if s != entry["term"]]
        for entry in spec.glossary()
    }
    changed = 0
    for doc in index["docs"]:
        title = doc.get("title", "")
        plain = title.replace("\u200b", "").replace(" ", "")
        # The terms the heading is about: the longest that it contains (延期验收, not also 验收),
        # making up two thirds of it (not a question that mentions 市大数据发展局, not 验收日期);
        # a term of two characters only as the whole heading.
        terms = [
            t
            for t in shorts
            if t == plain or (t in plain and len(t) >= 3 and 3 * len(t) >= 2 * len(plain))
        ]
        terms = [t for t in terms if not any(t != u and t in u for u in terms)]
        found = [short for term in terms for short in shorts[term] if short not in plain]
        if found:
            doc["text"] = f"{doc.get('text', '')}<p>简称：{'、'.join(dict.fromkeys(found))}</p>"
            changed += 1
    write_atomic(index_file, json.dumps(index, ensure_ascii=False, separators=(",", ":")))
    return changed


def _titles(fields: list[Field]) -> set[str]:
    found: set[str] = set()
    for f in every_field(fields):
        found.add(f.title)
        found.update(label for _, label in f.options)
    return found


def domain_words() -> list[str]:
    """The spec's own words, for jieba to keep whole: form titles, field titles and the names of
    their options (districts …), glossary terms and their short forms, and stage titles."""
    words: set[str] = set()
    for form in spec.forms():
        words.add(form.title)
        words |= _titles(form_fields(form.id))
    for entry in spec.glossary():
        words.add(entry["term"])
        words.update(entry["short"])
    words.update(stage["title"] for stage in spec.guide())
    # Only words made of Chinese characters: jieba keeps Latin and digits apart anyway, and a
    # title with punctuation or spaces is several words.
    return sorted(w for w in words if re.fullmatch(r"[\u4e00-\u9fff·]{2,16}", w))


def teach_jieba() -> int:
    """Add the domain words to jieba's dictionary (the search plugin cuts pages with it)."""
    import jieba

    words = domain_words()
    for word in words:
        # A frequency above any the dictionary gives a competing cut keeps the word whole.
        jieba.add_word(word, freq=100000)
    return len(words)


SEGMENT_CACHE = BUILD / "cache" / "search"


class Segmenter:
    """Stands in for jieba where the search plugin calls `jieba.cut`, and remembers every cut
    between builds (build/cache/search, one file per jieba version and domain word list). Loading
    jieba's dictionary and cutting every page take about a second of a build; a rebuild whose
    texts were all cut before gives the same words without loading jieba at all. A text not cut
    before goes to jieba, taught the domain words first, as `teach_jieba` does."""

    def __init__(self, cache_dir: Path = SEGMENT_CACHE) -> None:
        self.words = domain_words()
        key = hashlib.sha256(
            json.dumps([metadata.version("jieba"), self.words], ensure_ascii=False).encode()
        ).hexdigest()[:32]
        self.cache_dir = cache_dir
        self.path = cache_dir / f"{key}.json"
        self.cuts: dict[str, list[str]] = {}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self.cuts = loaded
        except (OSError, ValueError):
            pass
        self.used: dict[str, list[str]] = {}
        self._jieba: Any = None

    def cut(self, text: bytes | str, *args: Any, **kwargs: Any) -> list[str]:
        value = text.decode("utf-8") if isinstance(text, bytes) else text
        if args or kwargs:  # not the plugin's call: ask jieba itself
            return list(self._real().cut(value, *args, **kwargs))
        found = self.cuts.get(value)
        if found is None:
            found = list(self._real().cut(value))
        self.used[value] = found
        return found

    def _real(self) -> Any:
        if self._jieba is None:
            teach_jieba()
            import jieba

            self._jieba = jieba
        return self._jieba

    def __getattr__(self, name: str) -> Any:  # anything else the plugin may use
        return getattr(self._real(), name)

    def save(self) -> None:
        """Keep this build's cuts (only these: texts no page has any more are dropped) and
        remove the files of other word lists."""
        if self.used != self.cuts:
            write_atomic(
                self.path,
                json.dumps(self.used, ensure_ascii=False, sort_keys=True).encode("utf-8"),
            )
        for old in self.cache_dir.glob("*.json"):
            if old != self.path:
                old.unlink(missing_ok=True)


def install_segmenter() -> Segmenter | None:
    """Put a `Segmenter` where the theme's search plugin looks for jieba; None when the plugin
    does not cut Chinese (jieba not installed)."""
    from material.plugins.search import plugin

    if getattr(plugin, "jieba", None) is None:
        return None
    segmenter = Segmenter()
    plugin.jieba = segmenter
    return segmenter
