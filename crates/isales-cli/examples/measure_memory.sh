#!/usr/bin/env bash
# Measures peak memory (maximum resident set size) and throughput of `validate` over a large
# generated NDJSON file, release build. Not part of CI: it writes SIZE bytes (default 1G) to
# a temporary file and deletes it afterwards.
#
#   bash crates/isales-cli/examples/measure_memory.sh [SIZE] [FORMAT]
set -euo pipefail
cd "$(dirname "$0")/../../.."
size="${1:-1G}"
format="${2:-human}"
file="$(mktemp --suffix=.ndjson)"
trap 'rm -f "$file"' EXIT

cargo build --release --locked -p isales-cli --bin isales-contract --example gen_ndjson
target/release/examples/gen_ndjson "$file" "$size"
bytes="$(stat -c %s "$file")"

status=0
trap 'rm -f "$file" "$file.time"' EXIT
# The human summary is the report's last line (stdout); machine formats print it on stderr.
/usr/bin/time -v target/release/isales-contract validate --no-config --format "$format" "$file" \
    2> "$file.time" | tail -n 1 || status=$?
grep -E "payloads checked" "$file.time" || true
grep -E "Maximum resident set size|Elapsed \(wall clock\)|Percent of CPU|User time|System time" "$file.time"
seconds="$(grep "Elapsed (wall clock)" "$file.time" | awk '{print $NF}' | awk -F: '{ if (NF == 3) print $1*3600+$2*60+$3; else print $1*60+$2 }')"
cpu="$(grep -E "User time|System time" "$file.time" | awk '{ sum += $NF } END { print sum }')"
awk -v bytes="$bytes" -v seconds="$seconds" -v cpu="$cpu" 'BEGIN {
    printf "throughput: %.1f MB/s wall clock (%d bytes in %.2f s); %.1f MB per CPU second\n",
        bytes / 1048576 / seconds, bytes, seconds, bytes / 1048576 / cpu }'
echo "exit status: $status (1 expected: the file holds invalid lines)"
