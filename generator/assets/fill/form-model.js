/* The fill page's form and the dossier as JSON: read the form into data, write data into the
   form, add, move and remove rows, and give every field its JSON pointer. The HTML was laid out
   from the schema at build time (data-key, data-kind, data-required); this is glue between it and
   the data, and decides nothing about validity. A value the form cannot show as it is (a number
   where text belongs, an unknown option, a member the form does not have) is kept as it came, so
   opening and saving a file never loses anything, and the checker reports it. */

const direct = (el, selector) => el.querySelector(`:scope > ${selector}`);
const fieldsOf = (members) =>
  [...members.children].filter((el) => el.classList.contains("szqz-field"));
const isPlainObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

export function escapePointer(key) {
  return String(key).replace(/~/g, "~0").replace(/\//g, "~1");
}

function inputOf(field) {
  return field.querySelector(":scope > .szqz-input, :scope > .szqz-money > .szqz-input");
}

/* ---------- reading ---------- */

export function readMembers(members) {
  const out = {};
  for (const field of fieldsOf(members)) {
    const value = readField(field);
    if (value !== undefined) out[field.dataset.key] = value;
  }
  for (const [key, value] of Object.entries(members._szqzExtras || {})) {
    if (!(key in out)) out[key] = value;
  }
  return out;
}

export function readField(field) {
  if ("szqzRaw" in field.dataset) return JSON.parse(field.dataset.szqzRaw);
  const required = field.dataset.required === "1";
  switch (field.dataset.kind) {
    case "const":
      return JSON.parse(field.dataset.value);
    case "object":
    case "attachment": {
      // An optional group the clerk has not touched is left out, fixed values and empty lists
      // inside it notwithstanding.
      if (!required && !hasContent(field)) return undefined;
      return readMembers(direct(field, ".szqz-members"));
    }
    case "array": {
      const rows = [...direct(field, ".szqz-rows").children].map(readRow);
      return rows.length || required ? rows : undefined;
    }
    case "multi": {
      const values = [...field.querySelectorAll("input[type=checkbox]")]
        .filter((box) => box.checked)
        .map((box) => box.value);
      return values.length || required ? values : undefined;
    }
    default:
      return readScalar(field);
  }
}

function readRow(row) {
  const members = direct(row, ".szqz-members");
  if (members) return readMembers(members);
  const value = readField(direct(row, ".szqz-field"));
  return value === undefined ? "" : value;
}

function readScalar(field) {
  const input = inputOf(field);
  if (input.tagName === "SELECT") {
    const option = input.selectedOptions[0];
    if (!option || option.value === "") return undefined;
    if ("raw" in option.dataset) return JSON.parse(option.dataset.raw);
    if (field.dataset.kind === "boolean") return option.value === "true";
    if (field.dataset.valueType === "integer") return Number(option.value);
    return option.value;
  }
  const text = input.value;
  if ("raw" in input.dataset && text === input.dataset.rawText) return JSON.parse(input.dataset.raw);
  if (text === "") return undefined;
  const kind = field.dataset.kind;
  if (kind === "integer" || kind === "number") {
    const t = text.trim();
    const pattern = kind === "integer" ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/;
    if (pattern.test(t) && Number.isSafeInteger(Math.trunc(Number(t)))) return Number(t);
    return text;
  }
  if (kind === "money" || kind === "date") return text.trim();
  return text;
}

/* ---------- writing ---------- */

export function writeMembers(members, data) {
  const value = isPlainObject(data) ? data : {};
  const known = new Set();
  for (const field of fieldsOf(members)) {
    const key = field.dataset.key;
    known.add(key);
    writeField(field, value[key]);
  }
  const extras = {};
  for (const [key, v] of Object.entries(value)) if (!known.has(key)) extras[key] = v;
  members._szqzExtras = extras;
  return Object.keys(extras);
}

function keepRaw(field, value) {
  field.dataset.szqzRaw = JSON.stringify(value);
  field.classList.add("szqz-raw");
}

export function writeField(field, value) {
  delete field.dataset.szqzRaw;
  field.classList.remove("szqz-raw");
  const kind = field.dataset.kind;
  if (kind === "const") return [];
  if (kind === "object" || kind === "attachment") {
    if (value !== undefined && !isPlainObject(value)) {
      keepRaw(field, value);
      return [];
    }
    return writeMembers(direct(field, ".szqz-members"), value || {});
  }
  if (kind === "array") {
    const rows = direct(field, ".szqz-rows");
    rows.replaceChildren();
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      keepRaw(field, value);
      return [];
    }
    const extras = [];
    for (const item of value) extras.push(...addRow(field, item));
    return extras;
  }
  if (kind === "multi") {
    const boxes = [...field.querySelectorAll("input[type=checkbox]")];
    const options = new Set(boxes.map((b) => b.value));
    const fits =
      value === undefined ||
      (Array.isArray(value) && value.every((v) => typeof v === "string" && options.has(v)) &&
        new Set(value).size === value.length);
    for (const box of boxes) box.checked = fits && Array.isArray(value) && value.includes(box.value);
    if (!fits) keepRaw(field, value);
    return [];
  }
  writeScalar(field, value);
  return [];
}

function writeScalar(field, value) {
  const input = inputOf(field);
  delete input.dataset.raw;
  delete input.dataset.rawText;
  if (input.tagName === "SELECT") {
    for (const stale of input.querySelectorAll("option[data-raw]")) stale.remove();
    if (value === undefined) {
      input.value = "";
      return;
    }
    const wanted =
      (field.dataset.kind === "boolean" && typeof value === "boolean") ||
      (field.dataset.valueType === "integer" && Number.isInteger(value))
        ? String(value)
        : value;
    const match = [...input.options].find((o) => o.value !== "" && o.value === wanted &&
      (field.dataset.kind !== "boolean" || typeof value === "boolean"));
    if (match) {
      input.value = match.value;
      return;
    }
    const option = document.createElement("option");
    option.dataset.raw = JSON.stringify(value);
    option.textContent = `（不在选项中：${JSON.stringify(value)}）`;
    input.append(option);
    input.value = option.value;
    option.selected = true;
    return;
  }
  if (field.dataset.kind === "date") input.type = "date";
  if (value === undefined) {
    input.value = "";
    return;
  }
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (field.dataset.kind === "date") {
    input.value = text;
    if (input.value !== text) {
      // Not a date the date picker can hold: show it as text, exactly as written.
      input.type = "text";
      input.value = text;
    }
  } else {
    input.value = text;
  }
  if (typeof value !== "string") {
    input.dataset.raw = JSON.stringify(value);
    input.dataset.rawText = text;
  }
}

/* ---------- rows ---------- */

export function addRow(arrayField, value) {
  const template = direct(arrayField, "template");
  const row = template.content.firstElementChild.cloneNode(true);
  direct(arrayField, ".szqz-rows").append(row);
  const members = direct(row, ".szqz-members");
  if (members) return writeMembers(members, value);
  writeField(direct(row, ".szqz-field"), value);
  return [];
}

export function moveRow(row, step) {
  const rows = row.parentElement;
  if (step < 0 && row.previousElementSibling) rows.insertBefore(row, row.previousElementSibling);
  if (step > 0 && row.nextElementSibling) rows.insertBefore(row.nextElementSibling, row);
}

/* ---------- pointers and ids ---------- */

let nextId = 0;

function label(field) {
  const input = inputOf(field);
  if (!input) return;
  if (!input.id) input.id = `szqz-f${++nextId}`;
  const labelEl = direct(field, ".szqz-label");
  if (labelEl && labelEl.tagName === "LABEL") labelEl.htmlFor = input.id;
  const help = direct(field, ".szqz-help");
  if (help) {
    if (!help.id) help.id = `szqz-h${++nextId}`;
    input.setAttribute("aria-describedby", help.id);
  }
}

/* Give every field and row its JSON pointer (data-ptr), number the rows and connect labels. */
export function assignPointers(members, base = "") {
  for (const field of fieldsOf(members)) {
    const ptr = `${base}/${escapePointer(field.dataset.key)}`;
    field.dataset.ptr = ptr;
    const kind = field.dataset.kind;
    if (kind === "object" || kind === "attachment") {
      assignPointers(direct(field, ".szqz-members"), ptr);
    } else if (kind === "array") {
      [...direct(field, ".szqz-rows").children].forEach((row, i) => {
        row.dataset.ptr = `${ptr}/${i}`;
        row.querySelector(".szqz-row-n").textContent = String(i + 1);
        const inner = direct(row, ".szqz-members");
        if (inner) assignPointers(inner, `${ptr}/${i}`);
        else {
          const item = direct(row, ".szqz-field");
          item.dataset.ptr = `${ptr}/${i}`;
          label(item);
        }
      });
    } else {
      label(field);
    }
  }
}

/* The element showing the place a pointer names, or the nearest enclosing one. */
export function elementFor(root, pointer) {
  let ptr = pointer;
  for (;;) {
    const found = root.querySelector(`[data-ptr="${CSS.escape(ptr)}"]`);
    if (found || ptr === "") return found;
    ptr = ptr.slice(0, ptr.lastIndexOf("/"));
  }
}

/* Whether the clerk has put anything into a field: text, a choice, a ticked box, a row. */
export function hasContent(field) {
  if ("szqzRaw" in field.dataset) return true;
  const kind = field.dataset.kind;
  if (kind === "const") return false;
  if (kind === "object" || kind === "attachment") {
    const members = direct(field, ".szqz-members");
    return (
      fieldsOf(members).some(hasContent) || Object.keys(members._szqzExtras || {}).length > 0
    );
  }
  if (kind === "array") return direct(field, ".szqz-rows").children.length > 0;
  if (kind === "multi") return [...field.querySelectorAll("input[type=checkbox]")].some((b) => b.checked);
  return readScalar(field) !== undefined;
}

export function isEmpty(field) {
  const value = readField(field);
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isPlainObject(value)) return Object.keys(value).length === 0;
  return false;
}
