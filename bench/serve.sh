#!/usr/bin/env bash
# Editors' loop benchmark: generates a synthetic site with examples/synth.rs,
# starts `gongshi serve` on it (127.0.0.1, a free port), saves one record by
# atomic rename several times and times each save to the live-reload event
# with bench/serve.mjs: first edits of the body, then of the title.
#
# Usage: bash bench/serve.sh [--records N] [--runs N] [--work DIR]
#
#   --records N  records in the synthetic site (default 10000)
#   --runs N     saves to time (default 5)
#   --work DIR   where the site and results go (default /tmp/gongshi-bench-serve;
#                never inside the repository)
#
# Needs Node.js. serve is stopped when the script ends.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$(pwd)

RECORDS=10000
RUNS=5
WORK=/tmp/gongshi-bench-serve
while (( $# > 0 )); do
    case "$1" in
        --records) RECORDS=$2; shift ;;
        --runs) RUNS=$2; shift ;;
        --work) WORK=$2; shift ;;
        *) echo "bench/serve.sh: unknown option $1 (see the usage at the top of the script)" >&2; exit 2 ;;
    esac
    shift
done
case "$(realpath -m "$WORK")/" in
    "$REPO"/*) echo "bench/serve.sh: --work $WORK is inside the repository; pick a folder outside it" >&2; exit 2 ;;
esac
mkdir -p "$WORK"

cargo build --release --quiet --bin gongshi --example synth
site=$WORK/site-$RECORDS
rm -rf "$site"
target/release/examples/synth --records "$RECORDS" --seed 1 --out "$site" > /dev/null
record=$(find "$site/content/commitments" -name '*.md' | sort | sed -n 1p)
echo "bench/serve.sh: $RECORDS records; saving $record $RUNS times" >&2
for edit in body title; do
    node bench/serve.mjs --gongshi "$REPO/target/release/gongshi" --site "$site" --record "$record" \
        --runs "$RUNS" --edit "$edit" --out "$WORK/serve-$RECORDS-$edit.json"
done
