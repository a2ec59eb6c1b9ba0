#!/usr/bin/env bash
# Page weight of the example site's record pages: the largest record page
# of each kind (by HTML size), loaded in headless Chromium with the HTTP
# cache off, through nginx with docs/nginx/gongshi.conf (gzip level 5).
# HTML, CSS and JavaScript are counted as transferred: compressed bodies
# plus response headers. Images (the site badge, the icon) are listed
# but not counted.
#
# The measurement is the end-to-end test site_record_pages_under_60_kb
# (tests/e2e/page_weight.mjs), which also fails when a page reaches
# 60,000 bytes. This script runs that one test and prints its figures as
# a Markdown table for docs/benchmarks.md.
#
# Usage: bash bench/page-weight.sh
#
# Needs what scripts/install-test-deps installs (nginx, Chromium,
# playwright-core). nginx listens on 127.0.0.1 only and the test stops it.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! missing=$(bash scripts/install-test-deps --check); then
    echo "bench/page-weight.sh: missing test dependencies: $missing; run bash scripts/install-test-deps first" >&2
    exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! cargo test --quiet --test e2e site_record_pages_under_60_kb -- --exact --nocapture > "$log" 2>&1; then
    cat "$log" >&2
    echo "bench/page-weight.sh: the page-weight test failed; its output is above" >&2
    exit 1
fi

echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- themes src || echo ' with uncommitted changes to themes/ or src/'),"\
     "$(/usr/bin/chromium --version 2>/dev/null | head -n 1), $(nginx -v 2>&1)"
echo
grep '^page-weight ' "$log" | sed 's/^page-weight //' | node -e '
const pages = require("fs").readFileSync(0, "utf8").trim().split("\n").map((line) => JSON.parse(line));
const bytes = (type, page) => page.files.filter((f) => f.type === type).reduce((sum, f) => sum + f.bytes, 0);
const number = (n) => n.toLocaleString("en-US");
console.log("| record page | HTML on disk | HTML sent | CSS sent | JavaScript sent | counted total | limit | images sent (not counted) |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const page of pages) {
  const images = page.files.filter((f) => !["document", "stylesheet", "script"].includes(f.type)).reduce((sum, f) => sum + f.bytes, 0);
  console.log(`| ${page.path} | ${number(page.html_bytes_raw)} | ${number(bytes("document", page))} | ${number(bytes("stylesheet", page))} | ${number(bytes("script", page))} | ${number(page.counted_bytes)} | 60,000 | ${number(images)} |`);
}
'
