/* The fill page's checker, in a worker so the page stays responsive: starts Pyodide (served by
   the portal itself), unpacks the project's Python (szqz-runtime.zip) and answers the page's
   requests by calling generator.fill.api. A module worker (Pyodide's loader is an ES module). Glue only: every rule, message and word comes from
   that Python. Requests: {id, op, args}; answers: {id, ok, value} or {id, ok: false, error}. */
import { loadPyodide } from "../vendor/pyodide/pyodide.mjs";

const base = new URL("./", import.meta.url);
const form = new URL(self.location.href).searchParams.get("form");
let api = null;
const ready = start();

async function start() {
  const started = performance.now();
  const pyodide = await loadPyodide({
    indexURL: new URL("../vendor/pyodide/", base).href,
    fullStdLib: false,
  });
  const response = await fetch(new URL("szqz-runtime.zip", base));
  if (!response.ok) throw new Error(`szqz-runtime.zip: HTTP ${response.status}`);
  pyodide.unpackArchive(await response.arrayBuffer(), "zip", { extractDir: "/szqz" });
  pyodide.runPython("import sys; sys.path.insert(0, '/szqz')");
  const loaded = performance.now();
  api = pyodide.pyimport("generator.fill.api");
  // Warm the caches (schemas, catalogue, engine) so the first real check is quick.
  api.warm(form);
  const done = performance.now();
  return { seconds: (done - started) / 1000, pyodide: (loaded - started) / 1000, warm: (done - loaded) / 1000 };
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
