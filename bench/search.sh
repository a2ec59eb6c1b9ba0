#!/usr/bin/env bash
# Search benchmark. Generates synthetic sites with examples/synth.rs and
# builds each with target/release/gongshi. Measures the build (wall time,
# peak memory) and the index (files, size raw and gzipped). Runs the query
# list through the Rust index reader, then in headless Chromium behind
# nginx, and indexes and queries the same pages with Pagefind 1.6.
#
# Usage: bash bench/search.sh [--large] [--sizes "N ..."] [--runs N]
#                             [--work DIR] [--mem-cap-gib N]
#                             [--no-browser] [--no-pagefind]
#
#   --large          also run 100,000 records (see docs/benchmarks.md for
#                    why it is opt-in)
#   --sizes "N ..."  record counts to run instead of 10000 (and 100000)
#   --runs N         timed repetitions per query, medians reported (default 3)
#   --work DIR       where sites, builds and results go (default
#                    /tmp/gongshi-bench; never inside the repository)
#   --mem-cap-gib N  virtual-memory limit for each gongshi build and
#                    Pagefind run, so that a build too big for the machine
#                    fails alone instead of starving the machine (default:
#                    the memory available when the script starts, less 2 GiB)
#   --no-browser     skip the Chromium timings
#   --no-pagefind    skip Pagefind
#
# Needs what scripts/install-test-deps installs (nginx, Chromium,
# playwright-core), GNU time (Debian package `time`, installed here when
# missing) and the npm registry for Pagefind. Servers listen on 127.0.0.1
# only and are stopped by PID when the script exits. Results are written
# to WORK/results/ and summarised on standard output.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$(pwd)

SEED=1
AS_OF=2026-12-01
PAGEFIND_VERSION=1.6.0
SIZES=(10000)
RUNS=3
WORK=/tmp/gongshi-bench
BROWSER=true
PAGEFIND=true
MEM_CAP_GIB=$(( $(awk '/^MemAvailable:/ { print int($2 / 1048576) }' /proc/meminfo) - 2 ))

while (( $# > 0 )); do
    case "$1" in
        --large) SIZES+=(100000) ;;
        --sizes) read -r -a SIZES <<< "$2"; shift ;;
        --runs) RUNS=$2; shift ;;
        --work) WORK=$2; shift ;;
        --mem-cap-gib) MEM_CAP_GIB=$2; shift ;;
        --no-browser) BROWSER=false ;;
        --no-pagefind) PAGEFIND=false ;;
        *) echo "bench/search.sh: unknown option $1 (see the usage at the top of the script)" >&2; exit 2 ;;
    esac
    shift
done

case "$(realpath -m "$WORK")/" in
    "$REPO"/*) echo "bench/search.sh: --work $WORK is inside the repository; pick a folder outside it, such as /tmp/gongshi-bench" >&2; exit 2 ;;
esac
mkdir -p "$WORK/results"
RESULTS=$WORK/results

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# --- Tools -----------------------------------------------------------------

if [[ ! -x /usr/bin/time ]]; then
    log "installing Debian package time (GNU time, for peak memory)"
    apt-get -qq update && DEBIAN_FRONTEND=noninteractive apt-get -qq install -y time >/dev/null
fi
if [[ "$BROWSER" == true ]] && ! missing=$(bash scripts/install-test-deps --check); then
    echo "bench/search.sh: missing test dependencies: $missing; run bash scripts/install-test-deps first, or pass --no-browser" >&2
    exit 1
fi

log "building gongshi, examples/synth.rs and examples/search_bench.rs in release mode"
cargo build --release --quiet --bin gongshi --example synth --example search_bench
GONGSHI=$REPO/target/release/gongshi
SYNTH=$REPO/target/release/examples/synth
BENCH=$REPO/target/release/examples/search_bench
QUERIES=$REPO/bench/queries.txt

# Runs a command under GNU time and a virtual-memory cap. Arguments: the
# file for GNU time's report, then the command. Returns the command's status.
measured() {
    local report=$1
    shift
    ( ulimit -v $(( MEM_CAP_GIB * 1024 * 1024 )); /usr/bin/time -v -o "$report" "$@" )
}

# Wall seconds and peak resident MiB from a GNU time report.
wall_seconds() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$1"; }
peak_mib() { awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1"; }

# --- nginx -----------------------------------------------------------------

NGINX_PID=""
stop_nginx() {
    if [[ -n "$NGINX_PID" ]] && kill -0 "$NGINX_PID" 2>/dev/null; then
        kill -TERM "$NGINX_PID"
        for _ in $(seq 50); do
            kill -0 "$NGINX_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$NGINX_PID" 2>/dev/null && kill -KILL "$NGINX_PID"
    fi
    NGINX_PID=""
}
trap stop_nginx EXIT

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Serves the folder $1 under /zwcx/ with docs/nginx/gongshi.conf, its
# listen line and site folder replaced as tests/common/nginx.rs does.
# Sets NGINX_PID and NGINX_BASE.
start_nginx() {
    local public=$1 port run
    port=$(free_port)
    run=$WORK/nginx-$port
    mkdir -p "$run"
    sed -e "s|listen 80;|listen 127.0.0.1:$port;|" -e "s|/var/www/zwcx/public/|$public/|" docs/nginx/gongshi.conf > "$run/gongshi.conf"
    cat > "$run/nginx.conf" <<EOF
# Written by bench/search.sh for one benchmark run.
worker_processes 1;
pid "$run/nginx.pid";
lock_file "$run/nginx.lock";
error_log "$run/error.log" warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path "$run/client_body_temp";
    proxy_temp_path "$run/proxy_temp";
    fastcgi_temp_path "$run/fastcgi_temp";
    uwsgi_temp_path "$run/uwsgi_temp";
    scgi_temp_path "$run/scgi_temp";
    include "$run/gongshi.conf";
}
EOF
    nginx -p "$run" -e "$run/error.log" -c "$run/nginx.conf" -g 'daemon off;' 2> "$run/stderr.log" &
    NGINX_PID=$!
    NGINX_BASE=http://127.0.0.1:$port/zwcx/
    for _ in $(seq 100); do
        if curl -fs -o /dev/null "$NGINX_BASE"; then
            return 0
        fi
        kill -0 "$NGINX_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "bench/search.sh: nginx did not respond on 127.0.0.1:$port; see $run/error.log and $run/stderr.log" >&2
    cat "$run/error.log" "$run/stderr.log" >&2 || true
    exit 1
}

# --- Pagefind ----------------------------------------------------------------

PAGEFIND_BIN=""
install_pagefind() {
    local dir=$WORK/pagefind-npm
    if [[ ! -x "$dir/node_modules/@pagefind/linux-x64/bin/pagefind_extended" ]]; then
        log "installing pagefind@$PAGEFIND_VERSION from npm into $dir"
        mkdir -p "$dir"
        ( cd "$dir" && { [[ -f package.json ]] || npm init -y >/dev/null; } )
        ( cd "$dir" && npm install --no-audit --no-fund --loglevel=error "pagefind@$PAGEFIND_VERSION" >/dev/null )
    fi
    # The extended binary is the one with Chinese and Japanese word segmentation.
    PAGEFIND_BIN=$dir/node_modules/@pagefind/linux-x64/bin/pagefind_extended
    [[ -x "$PAGEFIND_BIN" ]] || { echo "bench/search.sh: $PAGEFIND_BIN missing after npm install" >&2; exit 1; }
}

# Links the pages gongshi's index covers (records and units) into a
# mirror folder, so that Pagefind indexes the same documents and not the
# lists, facet pages and home page that repeat their titles.
pagefind_mirror() {
    local public=$1 mirror=$2
    rm -rf "$mirror"
    mkdir -p "$mirror"
    ( cd "$public" && find commitments disclosures criticisms evaluations units -name index.html \
        | grep -E '^((commitments|disclosures|criticisms|evaluations)/[0-9]{4}/|units/[^/]+/index\.html$)' \
        | xargs -d '\n' cp --parents -l -t "$mirror" )
}

# --- One size ------------------------------------------------------------------

run_size() {
    local n=$1
    local site=$WORK/site-$n public=$WORK/public-$n out=$RESULTS/$n
    mkdir -p "$out"

    log "$n records: generating the site (seed $SEED)"
    rm -rf "$site"
    "$SYNTH" --records "$n" --seed "$SEED" --out "$site" > "$out/synth.txt"

    log "$n records: gongshi build --as-of $AS_OF (memory cap $MEM_CAP_GIB GiB)"
    rm -rf "$public"
    local status=0
    measured "$out/build-time.txt" "$GONGSHI" build --site "$site" --output "$public" --as-of "$AS_OF" -q > "$out/build.txt" 2>&1 || status=$?
    echo "{\"records\": $n, \"status\": $status, \"wall_s\": $(wall_seconds "$out/build-time.txt"), \"peak_mib\": $(peak_mib "$out/build-time.txt")}" > "$out/build.json"
    if (( status != 0 )); then
        log "$n records: the build failed (exit status $status, peak $(peak_mib "$out/build-time.txt") MiB); see $out/build.txt"
        return 0
    fi

    log "$n records: index size"
    "$BENCH" size "$public/search" > "$out/index-size.json"

    log "$n records: queries through the Rust reader, checked against a brute-force scan"
    "$BENCH" queries --public "$public" --queries "$QUERIES" --runs "$RUNS" --oracle \
        --json "$out/reader.json" --urls "$out/gongshi-urls.json" --url-limit "$n" > "$out/reader.txt"

    if [[ "$PAGEFIND" == true ]]; then
        install_pagefind
        log "$n records: Pagefind $PAGEFIND_VERSION over the record and unit pages"
        pagefind_mirror "$public" "$WORK/mirror-$n"
        rm -rf "$public/pagefind"
        status=0
        measured "$out/pagefind-time.txt" "$PAGEFIND_BIN" --site "$WORK/mirror-$n" --output-path "$public/pagefind" \
            --force-language zh-cn --root-selector main > "$out/pagefind.txt" 2>&1 || status=$?
        echo "{\"status\": $status, \"pages\": $(find "$WORK/mirror-$n" -name index.html | wc -l), \"wall_s\": $(wall_seconds "$out/pagefind-time.txt"), \"peak_mib\": $(peak_mib "$out/pagefind-time.txt")}" > "$out/pagefind-build.json"
        if (( status == 0 )); then
            "$BENCH" size "$public/pagefind" > "$out/pagefind-size.json"
        else
            log "$n records: Pagefind failed (exit status $status); see $out/pagefind.txt"
        fi
    fi

    if [[ "$BROWSER" == true ]]; then
        start_nginx "$public"
        if [[ -f "$public/static/search.js" ]]; then
            log "$n records: gongshi's search page in Chromium ($RUNS runs)"
            node bench/browser.mjs --engine gongshi --base "$NGINX_BASE" --queries "$QUERIES" --runs "$RUNS" --out "$out/browser-gongshi.json"
        else
            log "$n records: static/search.js is missing; no browser timing for gongshi"
        fi
        if [[ "$PAGEFIND" == true && -f "$public/pagefind/pagefind.js" ]]; then
            log "$n records: Pagefind in Chromium ($RUNS runs)"
            node bench/browser.mjs --engine pagefind --base "$NGINX_BASE" --queries "$QUERIES" --runs "$RUNS" \
                --urls "$out/gongshi-urls.json" --pagefind-dir "$public/pagefind" --out "$out/browser-pagefind.json"
        fi
        stop_nginx
    fi
}

log "machine: $(nproc) cores, $(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
for n in "${SIZES[@]}"; do
    run_size "$n"
done
node bench/summary.mjs "$RESULTS" "${SIZES[@]}"
