"""The 在线填写 pages in a real browser (Playwright driving Debian's chromium over the portal
served on localhost): a clerk fills the approval form from blank to a dossier that `szqz validate`
passes, attachments are hashed in the browser and packed with the dossier, work survives a
reload, bad files get their message, hostile text stays text, nothing is fetched from elsewhere,
and the page's checker — the project's own Python under Pyodide — gives the same findings as the
command line for every case and example."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from caselib import DEFAULT_TODAY, all_cases, materialise
from conftest import FORMS, ROOT, example_files
from playwright.sync_api import Browser, BrowserContext, Page, Route

from generator import spec
from generator.fill import bundle
from generator.validate import catalogue
from generator.validate.engine import Options, validate_paths

READY = "() => document.querySelector('.szqz-fill').dataset.checker === 'ready'"


@pytest.fixture
def context(site: str, browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile per test; any request that is not to the portal is refused and
    fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    outside: list[str] = []

    def guard(route: Route) -> None:
        if route.request.url.startswith(site) or route.request.url.startswith(("blob:", "data:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    yield context
    context.close()
    assert not outside, f"requests left the portal: {outside}"


def open_form(context: BrowserContext, site: str, form: str = "approval") -> Page:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{site}/fill/{form}.html?today={DEFAULT_TODAY}")
    page.wait_for_function(READY, timeout=60000)
    page.wait_for_function(
        "() => document.querySelector('.szqz-fill').dataset.errors !== undefined"
    )
    assert not errors, errors
    return page


def field(page: Page, pointer: str) -> Any:
    return page.locator(f'[data-ptr="{pointer}"]')


def settle(page: Page) -> None:
    """Wait until the page has checked what it now holds."""
    page.evaluate("() => window.szqzFill.recheckNow()")


# ---------------------------------------------------------------- filling as a person would


def _fill(page: Page, value: Any, pointer: str, attachments: Path) -> None:
    el = field(page, pointer)
    kind = el.get_attribute("data-kind")
    if kind == "const":
        return
    if kind == "object" or (kind is None and isinstance(value, dict)):  # a group, or a row
        for key, sub in value.items():
            _fill(page, sub, f"{pointer}/{key}", attachments)
    elif kind == "attachment":
        with page.expect_file_chooser() as chooser:
            el.locator(":scope > .szqz-pick .szqz-choose").click()
        chooser.value.set_files(str(attachments / Path(value["file"]).name))
        sha = el.locator(':scope > .szqz-members > [data-key="sha256"] input')
        page.wait_for_function(
            "el => el.value.length === 64", arg=sha.element_handle(), timeout=15000
        )
        title = el.locator(':scope > .szqz-members > [data-key="title"] input')
        title.fill("")
        title.press_sequentially(value["title"])
    elif kind == "array":
        for i, item in enumerate(value):
            el.locator(":scope > .szqz-add").click()
            _fill(page, item, f"{pointer}/{i}", attachments)
    elif kind == "multi":
        for choice in value:
            el.locator(f'input[type=checkbox][value="{choice}"]').check()
    elif kind == "boolean":
        el.locator("select").select_option(label="是" if value else "否")
        settle(page)  # a choice may open a part of the form; look before going on
    elif kind == "enum":
        options = el.locator("select option")
        labels = {options.nth(i).get_attribute("value"): options.nth(i).inner_text()
                  for i in range(options.count())}  # fmt: skip
        el.locator("select").select_option(label=labels[str(value)])
        settle(page)
    elif kind == "date":
        el.locator("input").fill(value)
    else:
        box = el.locator("input, textarea").first
        assert box.is_visible(), pointer
        box.press_sequentially(str(value))


def test_a_clerk_fills_the_approval_form_from_blank_to_a_valid_dossier(
    context: BrowserContext, site: str, tmp_path: Path
) -> None:
    page = open_form(context, site)
    example = json.loads((FORMS / "approval" / "example.json").read_text(encoding="utf-8"))
    attachments = FORMS / "approval" / "attachments"
    # The district is offered by name, not by code.
    options = field(page, "/unit/division_code").locator("option").all_inner_texts()
    assert {"钦州市本级", "钦南区", "钦北区", "灵山县", "浦北县"} <= set(options)
    for key, value in example.items():
        _fill(page, value, f"/{key}", attachments)
    settle(page)
    assert page.locator(".szqz-fill").get_attribute("data-errors") == "0", page.inner_text(
        ".szqz-findings"
    )
    capital = field(page, "/project/total_investment").locator(".szqz-capital").inner_text()
    assert capital == "人民币伍佰捌拾万元整"

    with page.expect_download() as saving:
        page.click("button[data-action=save]")
    assert saving.value.suggested_filename == f"审批材料-{example['project']['name']}.json"
    folder = tmp_path / "材料"
    folder.mkdir()
    saved = folder / saving.value.suggested_filename
    saving.value.save_as(saved)
    # The same canonical layout as the project's own files: byte for byte the published example.
    assert saved.read_bytes() == (FORMS / "approval" / "example.json").read_bytes()
    (folder / "attachments").mkdir()
    for f in attachments.iterdir():
        (folder / "attachments" / f.name).write_bytes(f.read_bytes())
    check = _validate(saved)
    assert check.returncode == 0, check.stdout + check.stderr

    # 下载材料包: the dossier and every picked file at its path, which the validator accepts.
    with page.expect_download() as packing:
        page.click("button[data-action=bundle]")
    unpacked = tmp_path / "包"
    with zipfile.ZipFile(io.BytesIO(Path(packing.value.path()).read_bytes())) as z:
        names = z.namelist()
        z.extractall(unpacked)
    assert saving.value.suggested_filename in names
    assert {f"attachments/{f.name}" for f in attachments.iterdir()} <= set(names)
    check = _validate(unpacked / saving.value.suggested_filename)
    assert check.returncode == 0, check.stdout + check.stderr


def _validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(path), "--today", DEFAULT_TODAY],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip


def test_keyboard_only_filling(context: BrowserContext, site: str) -> None:
    page = open_form(context, site)
    field(page, "/unit/name").locator("input").focus()
    page.keyboard.type("钦州市教育局")
    page.keyboard.press("Tab")  # to the next field: the credit code
    page.keyboard.type("114507000077712358")
    page.keyboard.press("Tab")  # the unit type, a list of choices
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # the district, by name
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    settle(page)
    unit = page.evaluate("() => window.szqzFill.current().unit")
    assert unit["name"] == "钦州市教育局" and unit["uscc"] == "114507000077712358"
    assert unit["unit_type"] == "党政机关" and unit["division_code"] == "450702"
    # 是否产生数据 = 是 opens the resource catalogue (required then).
    field(page, "/project/produces_data").locator("select").focus()
    page.keyboard.press("ArrowDown")
    settle(page)
    add = field(page, "/resource_catalogue").locator(":scope > .szqz-add")
    add.focus()
    page.keyboard.press("Enter")
    # The new row's first field has the focus.
    page.keyboard.type("学籍基础信息")
    assert (
        field(page, "/resource_catalogue/0/name").locator("input").input_value() == "学籍基础信息"
    )
    # Findings are buttons in the list beside the form; Enter on one moves to its field.
    settle(page)
    first = page.locator(".szqz-errors .szqz-jump").first
    first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.closest('.szqz-field') !== null")


def test_work_survives_a_reload_and_the_clear_button_removes_it(
    context: BrowserContext, site: str
) -> None:
    page = open_form(context, site)
    field(page, "/project/name").locator("input").fill("钦州市测试项目")
    page.locator(".szqz-add").first.click()
    page.wait_for_timeout(500)  # the page keeps the work a moment after the last keystroke
    page.reload()
    page.wait_for_function(READY, timeout=60000)
    assert field(page, "/project/name").locator("input").input_value() == "钦州市测试项目"
    assert "已恢复" in page.inner_text(".szqz-message")
    page.click("button[data-action=clear]")
    assert field(page, "/project/name").locator("input").input_value() == ""
    page.reload()
    page.wait_for_function(READY, timeout=60000)
    assert field(page, "/project/name").locator("input").input_value() == ""


# ---------------------------------------------------------------- files the page is given


def _open_bytes(page: Page, name: str, data: bytes) -> str:
    page.evaluate("() => { document.querySelector('.szqz-message').hidden = true; }")
    page.set_input_files(
        ".szqz-open-input", files=[{"name": name, "mimeType": "application/json", "buffer": data}]
    )
    page.wait_for_function("() => !document.querySelector('.szqz-message').hidden")
    page.wait_for_function(
        "() => /已打开|无法打开/.test(document.querySelector('.szqz-message').textContent)"
    )
    return page.inner_text(".szqz-message")


def _other_version() -> bytes:
    data = json.loads((FORMS / "approval" / "example.json").read_text(encoding="utf-8"))
    data["$schema"] = data["$schema"].replace(f"/{spec.version()}/", "/9.9.9/")
    return json.dumps(data, ensure_ascii=False).encode()


BAD_FILES = [
    ("not-json.json", b"this is not JSON", "JSON"),
    ("gbk.json", '{"名称": "钦州"}'.encode("gbk"), "UTF-8"),
    ("declaration.json", (FORMS / "declaration" / "example.json").read_bytes(), "项目申报书"),
    ("version.json", _other_version(), "规范版本"),
    ("huge.json", b" " * (int(catalogue.settings()["max_file_bytes"]["default"]) + 10), "超过上限"),
]


def test_bad_files_get_a_message_and_leave_the_work_alone(
    context: BrowserContext, site: str
) -> None:
    page = open_form(context, site)
    field(page, "/project/name").locator("input").fill("进行中的项目")
    for name, data, words in BAD_FILES:
        message = _open_bytes(page, name, data)
        assert "无法打开" in message and words in message, (name, message)
        assert field(page, "/project/name").locator("input").input_value() == "进行中的项目"


def test_hostile_text_is_shown_as_text(context: BrowserContext, site: str) -> None:
    page = open_form(context, site)
    data = json.loads((FORMS / "approval" / "example.json").read_text(encoding="utf-8"))
    hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    data["project"]["name"] = hostile
    data["unit"]["uscc"] = hostile
    data["unit"]["division_code"] = hostile
    message = _open_bytes(page, "hostile.json", json.dumps(data, ensure_ascii=False).encode())
    assert "已打开" in message
    settle(page)
    assert page.evaluate("() => window.pwned") is None
    assert page.locator(".szqz-fill img, .szqz-form script").count() == 0
    assert field(page, "/project/name").locator("input").input_value() == hostile
    findings = page.inner_text(".szqz-findings")
    assert "<img src=x" in findings
    # Kept exactly as it came, so saving loses nothing.
    assert page.evaluate("() => window.szqzFill.current().unit.division_code") == hostile


def test_conditional_parts_follow_the_schema(context: BrowserContext, site: str) -> None:
    page = open_form(context, site)
    message = _open_bytes(page, "example.json", (FORMS / "approval" / "example.json").read_bytes())
    assert "已打开" in message
    code = field(page, "/project/code")
    assert "“建设性质”为“新建”时必填" in code.inner_text()
    settle(page)
    assert "szqz-required-now" in (code.get_attribute("class") or "")
    field(page, "/project/construction_nature").locator("select").select_option(label="改造")
    code.locator("input").fill("")
    settle(page)
    assert "szqz-required-now" not in (code.get_attribute("class") or "")
    assert page.locator(".szqz-fill").get_attribute("data-errors") == "0"


def test_print_uses_the_printed_forms_template_with_a_draft_mark_while_errors_remain(
    context: BrowserContext, site: str
) -> None:
    page = open_form(context, site)
    page.evaluate("() => { window.print = () => {}; }")
    field(page, "/project/name").locator("input").fill("钦州市测试项目")
    page.click("button[data-action=print]")
    frame = page.frame_locator("iframe.szqz-print")
    # The printed form's own title (the same tree and template as szqz render).
    from generator.render import tree

    assert frame.locator("h1").last.inner_text() == tree.build("approval").title
    assert frame.locator(".watermark").count() == 1
    _open_bytes(page, "example.json", (FORMS / "approval" / "example.json").read_bytes())
    page.click("button[data-action=print]")
    page.wait_for_function(
        "() => document.querySelector('iframe.szqz-print').contentDocument?.body"
        "?.textContent.includes('钦州市智慧教育公共服务平台')"
    )
    assert frame.locator(".watermark").count() == 0


def test_a_closed_list_of_numbers_is_chosen_by_name_and_saved_as_a_number(
    context: BrowserContext, site: str
) -> None:
    page = open_form(context, site, "fund-use-quarterly")
    example = (FORMS / "fund-use-quarterly" / "example.json").read_bytes()
    _open_bytes(page, "example.json", example)
    select = field(page, "/quarter").locator("select")
    assert select.evaluate("s => s.selectedOptions[0].textContent") == "第三季度"
    select.select_option(label="第四季度")
    settle(page)
    assert page.evaluate("() => window.szqzFill.current().quarter") == 4
    assert page.locator(".szqz-fill").get_attribute("data-errors") == "0"


def test_ctrl_p_prints_the_form_not_the_screen(context: BrowserContext, site: str) -> None:
    page = open_form(context, site)
    page.evaluate("() => { window.print = () => {}; }")
    assert page.locator("iframe.szqz-print").count() == 0
    page.keyboard.press("Control+p")
    page.wait_for_function(
        "() => document.querySelector('iframe.szqz-print')?.contentDocument?.querySelector('h1')"
    )
    # Printed from the browser's menu instead: the page's tools are left off, a note says
    # where the printed form is.
    page.emulate_media(media="print")
    assert not page.locator(".szqz-toolbar").is_visible()
    assert page.locator(".szqz-print-note").is_visible()


def test_an_amount_the_schema_refuses_gets_no_capitals() -> None:
    from generator.fill import api

    schema = spec.schema("approval")
    good = dict(api._capitals(schema, {"investment_estimate": {"total": "12.345678"}}, ()))
    assert good == {"/investment_estimate/total": "人民币壹拾贰万叁仟肆佰伍拾陆元柒角捌分"}
    for bad in ("12.3456789", "012", "1e3", " 12"):
        assert not dict(api._capitals(schema, {"investment_estimate": {"total": bad}}, ())), bad


def test_attachment_digest_is_computed_in_the_browser(
    context: BrowserContext, site: str, tmp_path: Path
) -> None:
    page = open_form(context, site)
    data = bytes(range(256)) * 40000  # 10 MB
    target = tmp_path / "可行性研究报告.pdf"
    target.write_bytes(b"%PDF-" + data)
    att = field(page, "/feasibility_study/attachment")
    with page.expect_file_chooser() as chooser:
        att.locator(".szqz-choose").click()
    chooser.value.set_files(str(target))
    sha = att.locator('[data-key="sha256"] input')
    page.wait_for_function("el => el.value.length === 64", arg=sha.element_handle(), timeout=30000)
    assert sha.input_value() == hashlib.sha256(target.read_bytes()).hexdigest()
    assert att.locator('[data-key="file"] input').input_value() == "attachments/可行性研究报告.pdf"
    assert att.locator('[data-key="type"] select').input_value() == "pdf"


def test_usable_at_phone_width(site: str, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = open_form(context, site)
        _open_bytes(page, "example.json", (FORMS / "approval" / "example.json").read_bytes())
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways: {width}px"
        box = field(page, "/project/name").locator("input").bounding_box()
        assert box is not None and box["width"] > 250
        # The findings fold on a phone; their heading says that it opens, and opening shows them.
        hint = page.locator(".szqz-open-hint")
        assert hint.is_visible() and hint.inner_text() == "（点按展开）"
        page.locator(".szqz-findings-box > summary").click()
        assert not hint.is_visible()
        assert page.locator(".szqz-findings-box").evaluate("d => d.open")
    finally:
        context.close()


# ---------------------------------------------------------------- one implementation


def test_the_page_runs_the_projects_own_python() -> None:
    """The checker's zip carries the validator's modules as they are in the source tree, so a
    rule changed in Python changes the page with no other edit."""
    with zipfile.ZipFile(io.BytesIO(bundle.build())) as z:
        names = set(z.namelist())
        for path in (ROOT / "generator" / "validate").rglob("*.py"):
            name = "generator/" + path.relative_to(ROOT / "generator").as_posix()
            assert name in names, name
            assert z.read(name) == path.read_bytes(), name
        assert z.read("generator/spec/checks.yaml") == (ROOT / "spec" / "checks.yaml").read_bytes()


def _kind(code: str) -> str:
    return str(catalogue.entry(code)["kind"])


def test_findings_in_the_page_equal_the_command_lines(
    context: BrowserContext, site: str, tmp_path: Path
) -> None:
    """Every case and example: the same [code, pointer] set in the page as from the validator,
    leaving out what a page cannot see (attachment files and what they contain, other dossiers
    of the project)."""
    page = open_form(context, site)
    runs: list[tuple[str, dict[str, Any], list[Path]]] = [
        (str(p.relative_to(ROOT)), {}, [p]) for p in example_files()
    ]
    for case_file in all_cases():
        case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
        folder = tmp_path / case_file.parent.parent.name / case_file.parent.name / case_file.stem
        runs.append((str(case_file.relative_to(ROOT)), case, materialise(case, folder)))
    compared = 0
    mismatches = []
    for name, case, paths in runs:
        today = str(case.get("today", DEFAULT_TODAY))
        limit = int(case.get("options", {}).get("max_bytes", 10 * 1024 * 1024))
        options = Options(
            today=__import__("datetime").date.fromisoformat(today), max_bytes=limit, jobs=1
        )
        for result in validate_paths([str(p) for p in paths], options).files:
            path = Path(result.file)
            if not path.is_file():
                continue  # nothing a page could be given (a missing file, a folder)
            expected = sorted(
                [f.code, f.pointer]
                for f in result.findings
                if _kind(f.code) not in ("attachment", "document", "project")
            )
            got = page.evaluate(
                "async ([bytes, today, limit]) => (await window.szqzFill.checkBytes("
                "new Uint8Array(bytes), today, limit)).findings.map(f => [f.code, f.pointer]).sort()",
                [list(path.read_bytes()), today, limit],
            )
            got = sorted(got)
            compared += 1
            if got != expected:
                mismatches.append((name, path.name, expected, got))
    assert compared > 150
    assert not mismatches, mismatches[:5]


# ---------------------------------------------------------------- where clerks open it


def test_opened_from_a_file_the_page_says_it_cannot_run_the_checker(
    built_site: Path, browser: Browser
) -> None:
    page = browser.new_page()
    try:
        page.goto((built_site / "fill" / "approval.html").as_uri())
        status = page.locator(".szqz-status").inner_text()
        assert "file://" in status and "szqz serve" in status
        assert page.locator("button[data-action=save]").is_disabled()
    finally:
        page.close()


def test_szqz_serve_serves_the_portal_on_localhost(built_site: Path) -> None:
    import signal
    import urllib.request

    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(built_site), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = line.split("在 ", 1)[1].split("提供", 1)[0].strip()
        assert url.startswith("http://127.0.0.1:"), line
        kinds = {
            "fill/approval.html": "text/html",
            "assets/vendor/pyodide/pyodide.asm.wasm": "application/wasm",
            "assets/vendor/pyodide/pyodide.mjs": "text/javascript",
            "assets/fill/fill.js": "text/javascript",
        }
        for path, kind in kinds.items():
            with urllib.request.urlopen(url + path) as response:
                assert response.headers["Content-Type"].startswith(kind), path
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "Traceback" not in err


def test_szqz_serve_without_a_portal_says_what_to_do(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "serve", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "index.html" in result.stderr and "make site" in result.stderr


# ---------------------------------------------------------------- every form


def _schema_fields(fields: list[Any]) -> Iterator[Any]:
    for f in fields:
        yield f
        yield from _schema_fields(f.children)
        if f.item is not None:
            yield from _schema_fields(f.item.children)


@pytest.mark.parametrize("form", [f.id for f in spec.forms()])
def test_every_field_of_the_schema_is_on_its_page(built_site: Path, form: str) -> None:
    from generator.schemawalk import form_fields

    html = (built_site / "fill" / f"{form}.html").read_text(encoding="utf-8")
    for f in _schema_fields(form_fields(form)):
        if f.key:
            assert f'data-key="{f.key}"' in html, (form, f.key)
        assert f.title in html, (form, f.title)
    # Linked from the form's own page and from the home page.
    assert f"../fill/{form}.html" in (built_site / "forms" / f"{form}.html").read_text("utf-8")
    assert "fill/index.html" in (built_site / "index.html").read_text(encoding="utf-8")


def test_every_example_opens_unchanged_and_clean_on_its_page(
    context: BrowserContext, site: str
) -> None:
    for example in example_files():
        form = example.parent.name
        page = open_form(context, site, form)
        message = _open_bytes(page, example.name, example.read_bytes())
        assert "已打开" in message, message
        settle(page)
        assert page.evaluate("() => window.szqzFill.current()") == json.loads(
            example.read_text(encoding="utf-8")
        ), example
        assert page.locator(".szqz-fill").get_attribute("data-errors") == "0", (
            example,
            page.inner_text(".szqz-findings"),
        )
        page.close()


def test_a_dossier_dropped_on_the_page_opens(context: BrowserContext, site: str) -> None:
    page = open_form(context, site)
    text = (FORMS / "approval" / "example.json").read_text(encoding="utf-8")
    page.evaluate(
        """text => {
            const data = new DataTransfer();
            data.items.add(new File([text], 'example.json', {type: 'application/json'}));
            document.querySelector('.szqz-form').dispatchEvent(
                new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));
        }""",
        text,
    )
    page.wait_for_function(
        "() => /已打开/.test(document.querySelector('.szqz-message').textContent)"
    )
    assert page.evaluate("() => window.szqzFill.current()") == json.loads(text)


def test_a_later_visit_starts_from_the_snapshot_and_checks_the_same(
    context: BrowserContext, site: str
) -> None:
    first = open_form(context, site)
    assert first.evaluate("async () => (await window.szqzFill.checker).snapshot") == "made"
    text = (FORMS / "approval" / "example.json").read_text(encoding="utf-8")
    broken = text.replace('"580"', '"58O"', 1)
    expected = first.evaluate("t => window.szqzFill.check(t)", broken)
    # The snapshot is stored once the first visit is ready; wait for it to land.
    first.wait_for_function(
        "async () => (await (await caches.open('szqz-fill-snapshot')).keys()).length === 1"
    )
    later = open_form(context, site, "declaration")
    assert later.evaluate("async () => (await window.szqzFill.checker).snapshot") == "used"
    assert (
        later.evaluate("t => window.szqzFill.check(t)", broken)["findings"] == expected["findings"]
    )
    assert any(f["code"] == "schema-pattern" for f in expected["findings"])
