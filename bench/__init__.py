"""The project's benchmarks (`make bench`); see bench/__main__.py."""

# The flags every headless Chromium of the benchmarks and the browser tests runs with: no
# sandbox (containers), no GPU, and none of the browser's own background traffic, so that the
# only requests are the portal's (the tests intercept them).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
