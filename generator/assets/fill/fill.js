/* The fill page: wires the form laid out at build time to the checker (Python in a worker,
   checker-worker.js), the browser's storage, files and printer. Glue only: findings, required
   fields, amounts in 大写, messages about files that cannot be opened, the saved layout and the
   printed form all come from the project's Python; nothing here judges a value. */

import {
  addRow,
  assignPointers,
  elementFor,
  hasContent,
  moveRow,
  readMembers,
  writeMembers,
} from "./form-model.js";

const root = document.querySelector(".szqz-fill");
const form = root.querySelector(".szqz-form");
const members = form.querySelector(":scope > .szqz-members");
const FORM = root.dataset.form;
const FORM_TITLE = root.dataset.formTitle;
const LIMIT = Number(root.dataset.limit);
const STORE = `szqz-fill:${FORM}:${root.dataset.version}`;
// ?today=YYYY-MM-DD judges deadlines as on that day (as szqz validate --today does).
const TODAY = new URLSearchParams(location.search).get("today");
const site = new URL("../../", import.meta.url);
const fillAssets = new URL("./", import.meta.url);
const vendor = new URL("../vendor/", import.meta.url);

const ui = {
  status: root.querySelector(".szqz-status-text"),
  message: root.querySelector(".szqz-message"),
  summary: root.querySelector(".szqz-summary"),
  errors: root.querySelector(".szqz-errors"),
  warnings: root.querySelector(".szqz-warnings"),
  openInput: root.querySelector(".szqz-open-input"),
};

/* ---------- the checker ---------- */

const FROM_DISK = location.protocol === "file:";
let worker = null;
let requestId = 0;
const waiting = new Map();

function call(op, ...args) {
  if (!worker) return Promise.reject(new Error("校验程序不可用"));
  return new Promise((resolve, reject) => {
    const id = ++requestId;
    waiting.set(id, { resolve, reject });
    worker.postMessage({ id, op, args });
  });
}

const checker = (async () => {
  if (FROM_DISK) throw new Error("file://"); // the page's own inline script has said so
  const script = new URL("checker-worker.js", fillAssets);
  script.searchParams.set("form", FORM);
  worker = new Worker(script, { type: "module" });
  worker.onmessage = (event) => {
    const { id, ok, value, error } = event.data;
    const pending = waiting.get(id);
    if (!pending) return;
    waiting.delete(id);
    if (ok) pending.resolve(value);
    else pending.reject(new Error(error));
  };
  worker.onerror = (event) => {
    setStatus(`校验程序载入失败：${event.message || "未知原因"}。可以继续填写和保存。`, "problem");
  };
  const info = await call("ready");
  setStatus(`校验程序已就绪（载入用时 ${info.seconds.toFixed(1)} 秒）。填写时自动检查。`, "ready");
  return info;
})();
checker.catch(() => {});

function setStatus(text, state) {
  ui.status.textContent = text;
  root.dataset.checker = state;
}

/* ---------- messages ---------- */

function say(text, kind = "info", action = null) {
  ui.message.replaceChildren(document.createTextNode(text));
  if (action) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = action.label;
    button.addEventListener("click", () => {
      action.run();
      ui.message.hidden = true;
    });
    ui.message.append(" ", button);
  }
  ui.message.dataset.kind = kind;
  ui.message.hidden = false;
}

/* ---------- the dossier as the form holds it ---------- */

function current() {
  return readMembers(members);
}

function load(data) {
  const extras = writeMembers(members, data);
  for (const field of form.querySelectorAll(".szqz-attachment")) showPicked(field);
  assignPointers(members);
  changed({ store: true });
  return extras;
}

let lastCheck = null;
// Findings are marked at a field once the clerk has typed there (or asked to save, print or
// pack, or opened a file); the list beside the form always has them all.
const touched = new Set();
let revealAll = false;
let checkTimer = null;
let storeTimer = null;
// Checks run one at a time, in order; each change raises the version, and a check is skipped
// when one of a state at least as new has already been shown.
let version = 0;
let shownVersion = -1;
let queue = Promise.resolve();

function changed({ store = true } = {}) {
  version++;
  if (store) {
    clearTimeout(storeTimer);
    storeTimer = setTimeout(keep, 200);
  }
  clearTimeout(checkTimer);
  checkTimer = setTimeout(recheck, 60);
}

/* Check what the form holds now and show it; resolves once that is on the page. */
function recheck() {
  const wanted = version;
  queue = queue.then(async () => {
    if (shownVersion >= wanted) return;
    try {
      await checker;
    } catch {
      return; // the status line says why there is no checker
    }
    const started = performance.now();
    const state = version;
    const text = JSON.stringify(current());
    try {
      const result = JSON.parse(await call("check", FORM, text, TODAY));
      show(result);
      shownVersion = state;
      lastCheck = { result, ms: performance.now() - started, text };
      root.dispatchEvent(new CustomEvent("szqz-checked", { detail: lastCheck }));
    } catch (error) {
      setStatus(`检查出错：${error.message}`, "problem");
    }
  });
  return queue;
}

/* ---------- showing findings ---------- */

function show(result) {
  for (const note of form.querySelectorAll(".szqz-finding-note")) note.remove();
  for (const el of form.querySelectorAll(".szqz-has-error, .szqz-has-warning")) {
    el.classList.remove("szqz-has-error", "szqz-has-warning");
  }
  const required = new Set(result.required);
  for (const field of form.querySelectorAll(".szqz-field[data-condition]")) {
    const now = required.has(field.dataset.ptr);
    field.classList.toggle("szqz-required-now", now);
    field.classList.toggle("szqz-inactive", !now && !hasContent(field));
  }
  for (const field of form.querySelectorAll('.szqz-field[data-kind="money"]')) {
    field.querySelector(".szqz-capital").textContent = result.capitals[field.dataset.ptr] || "";
  }
  const ordered = inFormOrder(result.findings);
  const errors = ordered.filter((f) => f.severity === "error");
  const warnings = ordered.filter((f) => f.severity !== "error");
  const unfilled = errors.filter((f) => f.code === "schema-required").length;
  ui.summary.textContent =
    errors.length || warnings.length
      ? `${errors.length} 个错误${unfilled ? `（其中 ${unfilled} 项必填未填）` : ""}，` +
        `${warnings.length} 个警告。点击一条可跳到对应字段。`
      : "未发现问题：本页能检查的各项均已通过。";
  root.dataset.errors = String(errors.length);
  root.dataset.warnings = String(warnings.length);
  list(ui.errors, "错误", errors);
  list(ui.warnings, "警告", warnings);
  for (const finding of result.findings) {
    const target = elementFor(members, finding.pointer);
    if (!target || !(revealAll || shown(target))) continue;
    target.classList.add(finding.severity === "error" ? "szqz-has-error" : "szqz-has-warning");
    target.classList.remove("szqz-inactive");
    const notes = target.querySelector(":scope > .szqz-notes");
    if (notes) {
      const note = document.createElement("p");
      note.className = `szqz-finding-note szqz-${finding.severity}`;
      note.textContent = finding.message;
      notes.append(note);
    }
  }
}

function shown(target) {
  for (let el = target; el && el !== members; el = el.parentElement) {
    if (el.dataset && el.dataset.ptr && touched.has(el.dataset.ptr)) return true;
  }
  return target.classList.contains("szqz-field") && hasContent(target);
}

/* Findings in the order their fields appear on the form. */
function inFormOrder(findings) {
  const placed = findings.map((finding, i) => ({ finding, i, el: elementFor(members, finding.pointer) }));
  placed.sort((a, b) => {
    if (a.el && b.el && a.el !== b.el) {
      return a.el.compareDocumentPosition(b.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    }
    return a.i - b.i;
  });
  return placed.map((p) => p.finding);
}

function list(container, heading, findings) {
  container.replaceChildren();
  if (!findings.length) return;
  const h = document.createElement("h3");
  h.textContent = `${heading}（${findings.length}）`;
  const ol = document.createElement("ol");
  for (const finding of findings) {
    const li = document.createElement("li");
    li.className = `szqz-finding szqz-${finding.severity}`;
    li.dataset.code = finding.code;
    li.dataset.pointer = finding.pointer;
    const jump = document.createElement("button");
    jump.type = "button";
    jump.className = "szqz-jump";
    jump.textContent = finding.field;
    jump.addEventListener("click", () => focusPointer(finding.pointer));
    const message = document.createElement("p");
    message.textContent = finding.message;
    const remedy = document.createElement("p");
    remedy.className = "szqz-remedy";
    remedy.textContent = `处理：${finding.remedy}`;
    const meta = document.createElement("p");
    meta.className = "szqz-meta";
    const code = document.createElement("a");
    code.href = new URL(`checks.html#${finding.code}`, site).href;
    code.textContent = finding.code;
    meta.append(code);
    for (const article of finding.articles) {
      const a = document.createElement("a");
      a.href = new URL(`regulation.html#${article.anchor}`, site).href;
      a.textContent = article.label;
      meta.append(" · ", a);
    }
    li.append(jump, message, remedy, meta);
    ol.append(li);
  }
  container.append(h, ol);
}

function focusPointer(pointer) {
  const target = elementFor(members, pointer);
  if (!target) return;
  target.classList.remove("szqz-inactive");
  target.scrollIntoView({ block: "center" });
  const control = target.matches("input, select, textarea, button")
    ? target
    : target.querySelector("input:not([type=hidden]), select, textarea, button");
  if (control) control.focus({ preventScroll: true });
}

/* ---------- keeping the work in this browser ---------- */

function keep() {
  try {
    localStorage.setItem(STORE, JSON.stringify({ saved: new Date().toISOString(), data: current() }));
  } catch (error) {
    say(`无法在本机暂存填写内容（${error.name}）：请及时保存 JSON 文件。`, "problem");
  }
}

function restore() {
  let stored = null;
  try {
    stored = JSON.parse(localStorage.getItem(STORE) || "null");
  } catch {
    stored = null;
  }
  if (stored && stored.data) {
    load(stored.data);
    const when = new Date(stored.saved);
    say(`已恢复本机暂存的填写内容（最后修改于 ${when.toLocaleString("zh-CN")}）。`);
    return true;
  }
  load({});
  return false;
}

/* ---------- starting points ---------- */

function replaceWork(data, note) {
  const before = current();
  const hadWork = hasAny();
  touched.clear();
  const extras = load(data);
  const extraNote = extras.length
    ? ` 文件中有本表单没有的字段（${extras.join("、")}），已原样保留，检查结果会指出。`
    : "";
  revealAll = hasAny();
  say(`${note}${extraNote}`, "info", hadWork ? { label: "撤销", run: () => load(before) } : null);
}

function hasAny() {
  return [...members.children].some((el) => el.classList.contains("szqz-field") && hasContent(el));
}

async function openBytes(bytes, name) {
  try {
    await checker;
  } catch {
    say("校验程序不可用，无法打开文件（见页首说明）。", "problem");
    return;
  }
  const answer = JSON.parse(await call("open", FORM, bytes));
  if (answer.problem) {
    say(`无法打开 ${name}：${answer.problem} 当前填写的内容没有改变。`, "problem");
    if (answer.other) {
      const link = document.createElement("a");
      link.href = new URL(`fill/${answer.other}.html`, site).href;
      link.textContent = "前往该表单的在线填写页面";
      ui.message.append(" ", link);
    }
    return;
  }
  replaceWork(answer.data, `已打开 ${name}。`);
}

async function openFile(file) {
  // Only what the size check needs is read from a file over the limit.
  const part = file.size > LIMIT ? file.slice(0, LIMIT + 1) : file;
  await openBytes(new Uint8Array(await part.arrayBuffer()), file.name);
}

async function startFromExample() {
  const response = await fetch(new URL(`downloads/${FORM}/example.json`, site));
  if (!response.ok) {
    say(`示例载入失败（HTTP ${response.status}）。`, "problem");
    return;
  }
  await openBytes(new Uint8Array(await response.arrayBuffer()), "示例材料");
}

/* ---------- attachments ---------- */

let hasher = null;
let hashId = 0;
const hashing = new Map();

function hashFile(file, progress) {
  if (!hasher) {
    hasher = new Worker(new URL("hash-worker.js", fillAssets));
    hasher.onmessage = (event) => {
      const { id, done, total, hex, error } = event.data;
      const job = hashing.get(id);
      if (!job) return;
      if (hex) {
        hashing.delete(id);
        job.resolve(hex);
      } else if (error) {
        hashing.delete(id);
        job.reject(new Error(error));
      } else job.progress(done, total);
    };
  }
  return new Promise((resolve, reject) => {
    const id = ++hashId;
    hashing.set(id, { resolve, reject, progress });
    hasher.postMessage({ id, file });
  });
}

function member(field, key) {
  return [...field.querySelector(":scope > .szqz-members").children].find(
    (el) => el.dataset.key === key,
  );
}

function setMember(field, key, value) {
  const el = member(field, key);
  if (!el) return;
  const input = el.querySelector(".szqz-input");
  input.value = value;
  delete input.dataset.raw;
}

function attachmentName(file, field) {
  // Characters the dossier's file path may not hold (and path separators) become "_".
  let name = file.name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").replace(/^\.+/, "_") || "附件";
  const taken = new Set();
  for (const other of form.querySelectorAll(".szqz-attachment")) {
    if (other !== field && other._szqzFile && other._szqzFile !== file) {
      taken.add(member(other, "file").querySelector(".szqz-input").value);
    }
  }
  const dot = name.lastIndexOf(".");
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : "";
  for (let n = 2; taken.has(`attachments/${name}`); n++) name = `${stem}-${n}${ext}`;
  return name;
}

async function pick(field, file) {
  const name = attachmentName(file, field);
  const typeSelect = member(field, "type")?.querySelector(".szqz-input");
  const ext = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1).toLowerCase() : "";
  const type = ext === "jpeg" ? "jpg" : ext;
  const titleInput = member(field, "title")?.querySelector(".szqz-input");
  if (titleInput && !titleInput.value) titleInput.value = name.replace(/\.[^.]*$/, "");
  setMember(field, "file", `attachments/${name}`);
  if (typeSelect && [...typeSelect.options].some((o) => o.value === type && type)) {
    typeSelect.value = type;
  }
  setMember(field, "sha256", "");
  field._szqzFile = file;
  const progress = field.querySelector(".szqz-progress");
  progress.hidden = false;
  progress.value = 0;
  showPicked(field, "正在计算 SHA-256 摘要……");
  changed();
  try {
    const hex = await hashFile(file, (done, total) => {
      progress.value = total ? done / total : 1;
    });
    if (field._szqzFile === file) {
      setMember(field, "sha256", hex);
      showPicked(field);
    }
  } catch (error) {
    showPicked(field, `无法读取该文件（${error.message}），请重新选择。`);
  } finally {
    progress.hidden = true;
    changed();
  }
}

function showPicked(field, busy = "") {
  const out = field.querySelector(".szqz-picked");
  const path = member(field, "file")?.querySelector(".szqz-input").value || "";
  const file = field._szqzFile;
  if (busy) out.textContent = busy;
  else if (file) {
    out.textContent =
      `已选择 ${file.name}（${formatSize(file.size)}）。报送时把它放在 JSON 文件所在文件夹的 ` +
      `${path}；或用“下载材料包”把材料和附件一起打包。`;
  } else if (path) {
    out.textContent = `材料中写的附件文件：${path}。如需打入材料包或重新计算摘要，请重新选择文件。`;
  } else out.textContent = "";
}

function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function choose(field) {
  field.querySelector(":scope > .szqz-pick > .szqz-attach-input").click();
}

/* ---------- saving, the bundle, printing ---------- */

function fileStem() {
  const project = current().project;
  const name = project && typeof project.name === "string" ? project.name.trim() : "";
  const stem = name ? `${FORM_TITLE}-${name}` : FORM_TITLE;
  return stem.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").slice(0, 120);
}

async function savedText() {
  const text = JSON.stringify(current());
  try {
    await checker;
    return await call("canonical", text);
  } catch {
    return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
  }
}

function offer(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

async function errorsNow() {
  revealAll = true;
  await recheckNow();
  return Number(root.dataset.errors || 0);
}

async function recheckNow() {
  clearTimeout(checkTimer);
  await recheck();
}

async function save() {
  const text = await savedText();
  const name = `${fileStem()}.json`;
  offer(new Blob([text], { type: "application/json;charset=utf-8" }), name);
  const errors = FROM_DISK ? null : await errorsNow();
  if (errors === null) say(`已保存 ${name}（未能检查：见页首说明）。`);
  else if (errors) say(`已保存 ${name}。材料中仍有 ${errors} 个错误，改正后再报送。`, "problem");
  else say(`已保存 ${name}。`);
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(src));
    document.head.append(script);
  });
}

async function bundle() {
  revealAll = true;
  if (!window.fflate) await loadScript(new URL("fflate.umd.js", vendor).href);
  const { Zip, ZipDeflate, ZipPassThrough, strToU8 } = window.fflate;
  const stem = fileStem();
  const text = await savedText();
  const files = [];
  const missing = [];
  for (const field of form.querySelectorAll(".szqz-attachment")) {
    const path = member(field, "file")?.querySelector(".szqz-input").value || "";
    if (!path) continue;
    if (field._szqzFile) files.push([path, field._szqzFile]);
    else missing.push(path);
  }
  const chunks = [];
  const done = new Promise((resolve, reject) => {
    const zip = new Zip((error, chunk, final) => {
      if (error) reject(error);
      else {
        chunks.push(chunk);
        if (final) resolve();
      }
    });
    (async () => {
      const json = new ZipDeflate(`${stem}.json`, { level: 6 });
      zip.add(json);
      json.push(strToU8(text), true);
      const seen = new Set();
      for (const [path, file] of files) {
        if (seen.has(path)) continue;
        seen.add(path);
        const entry = new ZipPassThrough(path);
        entry.mtime = file.lastModified;
        zip.add(entry);
        const reader = file.stream().getReader();
        for (;;) {
          const { done: end, value } = await reader.read();
          if (end) break;
          entry.push(value, false);
        }
        entry.push(new Uint8Array(0), true);
      }
      zip.end();
    })().catch(reject);
  });
  await done;
  offer(new Blob(chunks, { type: "application/zip" }), `${stem}.zip`);
  const note = missing.length
    ? ` 以下附件没有选择文件，未打入包中，请重新选择：${missing.join("、")}。`
    : "";
  say(`已生成材料包 ${stem}.zip：解压后即可用 szqz validate 检查或报送。${note}`, missing.length ? "problem" : "info");
}

async function print() {
  try {
    await checker;
  } catch {
    say("校验程序不可用，无法打印（见页首说明）。", "problem");
    return;
  }
  const errors = await errorsNow();
  const html = await call("print", FORM, JSON.stringify(current()), errors > 0);
  let frame = document.querySelector("iframe.szqz-print");
  if (!frame) {
    frame = document.createElement("iframe");
    frame.className = "szqz-print";
    frame.title = "打印预览";
    document.body.append(frame);
  }
  await new Promise((resolve) => {
    frame.onload = resolve;
    frame.srcdoc = html;
  });
  root.dispatchEvent(new CustomEvent("szqz-print-ready", { detail: { errors } }));
  if (errors) say(`材料中仍有 ${errors} 个错误，打印件带“草稿”水印。`, "problem");
  frame.contentWindow.focus();
  frame.contentWindow.print();
}

/* ---------- events ---------- */

// A field's findings show beside it once the clerk has typed or chosen something there; the
// page does not move under the pointer when a field merely loses the focus.
function touch(event) {
  const field = event.target.closest?.(".szqz-field");
  if (field && field.dataset.ptr) touched.add(field.dataset.ptr);
  changed();
}
form.addEventListener("input", touch);
form.addEventListener("change", touch);
form.addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (!button || !form.contains(button)) return;
  if (button.classList.contains("szqz-add")) {
    const field = button.closest(".szqz-array");
    addRow(field, undefined);
    assignPointers(members);
    const rows = field.querySelector(":scope > .szqz-rows");
    rows.lastElementChild.querySelector("input, select, textarea")?.focus();
    changed();
  } else if (button.classList.contains("szqz-remove")) {
    const row = button.closest(".szqz-row");
    const field = row.closest(".szqz-array");
    const next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    assignPointers(members);
    (next ? next.querySelector(".szqz-remove") : field.querySelector(":scope > .szqz-add")).focus();
    changed();
  } else if (button.classList.contains("szqz-up") || button.classList.contains("szqz-down")) {
    const row = button.closest(".szqz-row");
    moveRow(row, button.classList.contains("szqz-up") ? -1 : 1);
    assignPointers(members);
    button.focus();
    changed();
  } else if (button.classList.contains("szqz-choose")) {
    choose(button.closest(".szqz-attachment"));
  }
});

root.querySelector(".szqz-toolbar").addEventListener("click", (event) => {
  const action = event.target.closest("button")?.dataset.action;
  if (!action) return;
  if (action === "blank") replaceWork({}, "已清空表单，从空白开始填写。");
  else if (action === "example") startFromExample();
  else if (action === "open") ui.openInput.click();
  else if (action === "save") save();
  else if (action === "bundle") bundle().catch((e) => say(`材料包生成失败：${e.message}`, "problem"));
  else if (action === "print") print();
  else if (action === "clear") {
    const before = current();
    localStorage.removeItem(STORE);
    load({});
    localStorage.removeItem(STORE);
    clearTimeout(storeTimer);
    say("已清除本机暂存的填写内容。", "info", { label: "撤销", run: () => load(before) });
  }
});

form.addEventListener("change", (event) => {
  const input = event.target;
  if (!input.classList?.contains("szqz-attach-input")) return;
  event.stopPropagation();
  const file = input.files[0];
  input.value = "";
  if (file) pick(input.closest(".szqz-attachment"), file);
});

// Ctrl+P (⌘P) prints the form as 打印 does, on A4 in the printed layout, not the screen.
document.addEventListener("keydown", (event) => {
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "p") {
    event.preventDefault();
    print();
  }
});

ui.openInput.addEventListener("change", () => {
  const file = ui.openInput.files[0];
  ui.openInput.value = "";
  if (file) openFile(file);
});

document.addEventListener("dragover", (event) => {
  if ([...event.dataTransfer.types].includes("Files")) event.preventDefault();
});
document.addEventListener("drop", (event) => {
  const file = event.dataTransfer.files[0];
  if (!file) return;
  event.preventDefault();
  const attachment = event.target.closest?.(".szqz-attachment");
  if (attachment && form.contains(attachment)) pick(attachment, file);
  else openFile(file);
});

/* For the project's own browser tests and benchmark: the page's checker on any dossier text. */
window.szqzFill = {
  checker,
  check: async (text, today) => {
    await checker;
    return JSON.parse(await call("check", FORM, text, today));
  },
  checkBytes: async (bytes, today, maxBytes) => {
    await checker;
    return JSON.parse(await call("checkBytes", FORM, bytes, today, maxBytes));
  },
  current,
  load,
  recheckNow,
  lastCheck: () => lastCheck,
};

if (window.matchMedia("(max-width: 60em)").matches) {
  root.querySelector(".szqz-findings-box").open = false;
}
restore();
