/* The fill page's checker, in a worker so the page stays responsive: starts Pyodide (served by
   the portal itself), unpacks the project's Python (szqz-runtime.zip) and answers the page's
   requests by calling generator.fill.api. A later visit starts from a snapshot of the first
   one's memory (below). A module worker (Pyodide's loader is an ES module). Glue only: every
   rule, message and word comes from that Python. Requests: {id, op, args}; answers:
   {id, ok, value} or {id, ok: false, error}. */
import { loadPyodide, version as PYODIDE_VERSION } from "../vendor/pyodide/pyodide.mjs";

const base = new URL("./", import.meta.url);
const form = new URL(self.location.href).searchParams.get("form");
let api = null;
const ready = start();

async function start() {
  const started = performance.now();
  const response = await fetch(new URL("szqz-runtime.zip", base));
  if (!response.ok) throw new Error(`szqz-runtime.zip: HTTP ${response.status}`);
  const runtime = await response.arrayBuffer();
  const key = await snapshotKey(runtime);
  const snapshot = await storedSnapshot(key);
  let begun = null;
  if (snapshot) {
    try {
      begun = await begin(runtime, { _loadSnapshot: snapshot }, false);
    } catch {
      await dropSnapshots(); // a snapshot this browser cannot use: start afresh and replace it
    }
  }
  if (!begun) begun = await begin(runtime, { _makeSnapshot: true }, true);
  const done = performance.now();
  if (begun.made) setTimeout(() => storeSnapshot(key, begun.made), 0); // once it is ready
  return {
    seconds: (done - started) / 1000,
    snapshot: begun.made ? "made" : "used",
  };
}

/* Python with the checker imported and this form's schema engine built; with `fresh`, also a
   snapshot of the interpreter's memory taken once the checker is imported. */
async function begin(runtime, options, fresh) {
  const pyodide = await loadPyodide({ ...OPTIONS, ...options });
  // A snapshot holds Python's memory, not its files: the package is unpacked every time.
  pyodide.unpackArchive(runtime, "zip", { extractDir: "/szqz" });
  let made = null;
  if (fresh) {
    pyodide.runPython(
      'import sys\nsys.path.insert(0, "/szqz")\nimport generator.fill.api\n' +
        `generator.fill.api.warm(${JSON.stringify(form)})`,
    );
    made = pyodide.makeMemorySnapshot();
  }
  api = pyodide.pyimport("generator.fill.api");
  api.warm(form); // builds this form's schema engine if the snapshot was taken on another form
  return { made };
}

/* ---------- Python's memory after start-up, kept in the browser's cache between visits ----------
   The first visit starts Python, imports the checker and takes a snapshot of the interpreter's
   memory (Pyodide's memory snapshots); later visits start from it instead of starting Python and
   importing again. The snapshot is keyed by the digest of the runtime zip and the Pyodide
   version, so a new build or a new Pyodide never meets an old snapshot. */

const OPTIONS = { indexURL: new URL("../vendor/pyodide/", base).href, fullStdLib: false };
const SNAPSHOTS = "szqz-fill-snapshot";

async function snapshotKey(runtime) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", runtime));
  const hex = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
  return new URL(`snapshot/${PYODIDE_VERSION}/${hex}`, base).href;
}

async function storedSnapshot(key) {
  try {
    const cache = await caches.open(SNAPSHOTS);
    const hit = await cache.match(key);
    return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
  } catch {
    return null; // no cache storage here (a private window, say): start as usual
  }
}

async function dropSnapshots() {
  try {
    await caches.delete(SNAPSHOTS);
  } catch {
    /* nothing stored */
  }
}

async function storeSnapshot(key, data) {
  try {
    const cache = await caches.open(SNAPSHOTS);
    for (const old of await cache.keys()) await cache.delete(old);
    await cache.put(key, new Response(data));
  } catch {
    /* the next visit starts as usual */
  }
}

const ops = {
  check: (form, text, today) => api.check(form, text, today || null),
  checkBytes: (form, bytes, today, maxBytes) =>
    api.check_bytes(form, bytes, today || null, maxBytes || null),
  open: (form, bytes) => api.open_file(form, bytes),
  canonical: (text) => api.canonical(text),
  print: (form, text, draft) => api.print_html(form, text, !!draft),
  limit: () => api.limit(),
};

self.onmessage = async (event) => {
  const { id, op, args } = event.data;
  try {
    const info = await ready;
    if (op === "ready") {
      self.postMessage({ id, ok: true, value: info });
      return;
    }
    let value = ops[op](...(args || []));
    if (value && typeof value.toJs === "function") value = value.toJs();
    self.postMessage({ id, ok: true, value });
  } catch (error) {
    self.postMessage({ id, ok: false, error: String(error && error.message ? error.message : error) });
  }
};
