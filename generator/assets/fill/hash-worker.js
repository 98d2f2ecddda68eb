/* SHA-256 of an attachment the clerk picked, in a worker and in 8 MiB steps, so that a large
   file neither freezes the page nor is held in memory whole. hash-wasm (vendored from npm) does
   the hashing; the file never leaves the browser. Requests: {id, file}; answers: {id, done,
   total} while reading, then {id, hex} or {id, error}. */
"use strict";
importScripts("../vendor/hash-wasm-sha256.umd.min.js");

const STEP = 8 * 1024 * 1024;

self.onmessage = async (event) => {
  const { id, file } = event.data;
  try {
    const hasher = await hashwasm.createSHA256();
    hasher.init();
    for (let offset = 0; offset < file.size; offset += STEP) {
      const chunk = new Uint8Array(await file.slice(offset, offset + STEP).arrayBuffer());
      hasher.update(chunk);
      self.postMessage({ id, done: Math.min(offset + STEP, file.size), total: file.size });
    }
    self.postMessage({ id, hex: hasher.digest("hex") });
  } catch (error) {
    self.postMessage({ id, error: String(error && error.message ? error.message : error) });
  }
};
