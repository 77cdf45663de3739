#!/usr/bin/env bash
# Runs fuzz targets one after another for SECONDS each: fuzz/run.sh SECONDS [TARGET...]
# (default: every target). Seeds the corpus from tests/fixtures first (fuzz/seed.sh), builds
# once, logs to fuzz/logs/<target>.log, prints one line per target (executions, corpus, crash)
# and exits non-zero when any target crashed (the input is in fuzz/artifacts/<target>/).
# FUZZ_FRESH=1 starts from the seeds in a temporary corpus (the smoke run: same work each time,
# nothing kept); otherwise the corpus in fuzz/corpus/ grows from run to run.
# FUZZ_NICE=10 runs the fuzzers niced; FUZZ_ARGS adds libFuzzer flags.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv_text xlsx json report)
command -v cargo-fuzz >/dev/null || { echo "cargo-fuzz is missing: make setup (or cargo install cargo-fuzz)" >&2; exit 2; }
# stable Rust: cargo-fuzz passes -Z flags (sanitizer coverage), which RUSTC_BOOTSTRAP allows;
# no sanitizer (the crate is safe Rust; overflow checks are on, see fuzz/Cargo.toml)
export RUSTC_BOOTSTRAP=1
FUZZ=(cargo fuzz run -O --sanitizer none)
# the largest input the fuzzer makes, per target (seeds above it are cut)
max_len() { case $1 in xlsx) echo 32768 ;; report) echo 16384 ;; *) echo 8192 ;; esac; }

if [ "${FUZZ_FRESH:-0}" = 1 ]; then
  corpus=$(mktemp -d)
  trap 'rm -rf "$corpus"' EXIT
else
  corpus=$PWD/fuzz/corpus
fi
fuzz/seed.sh "$corpus" >/dev/null
echo "fuzz: building the targets (the first time takes a few minutes)" >&2
if ! out=$(cargo fuzz build -O --sanitizer none 2>&1); then
  echo "$out" >&2
  exit 2
fi
mkdir -p fuzz/logs
failed=0
for t in "${targets[@]}"; do
  # smoke runs log apart, so they never overwrite a long run's log
  log=fuzz/logs/${FUZZ_FRESH:+smoke_}$t.log
  [ "${FUZZ_FRESH:-0}" = 1 ] || log=fuzz/logs/$t.log
  start=$(date +%s)
  set +e
  # shellcheck disable=SC2086
  nice -n "${FUZZ_NICE:-0}" "${FUZZ[@]}" "$t" "$corpus/$t" -- \
    -max_total_time="$secs" -timeout=30 -rss_limit_mb=2048 -max_len="$(max_len "$t")" \
    -print_final_stats=1 ${FUZZ_ARGS:-} >"$log" 2>&1
  rc=$?
  set -e
  # -a: a fuzzer log may hold raw bytes; no match is not an error
  execs=$(grep -aoE 'stat::number_of_executed_units: [0-9]+' "$log" | grep -aoE '[0-9]+$' | tail -1 || true)
  n=$(find "$corpus/$t" -type f | wc -l)
  if [ "$rc" = 0 ]; then
    printf 'fuzz %-8s %5ss %10s execs  corpus %6s  crashes 0\n' "$t" "$(( $(date +%s) - start ))" "${execs:-?}" "$n"
  else
    failed=1
    printf 'fuzz %-8s %5ss %10s execs  corpus %6s  CRASH (exit %s), see %s\n' "$t" "$(( $(date +%s) - start ))" "${execs:-?}" "$n" "$rc" "$log"
    grep -aE 'panicked at|^[^ ]*ERROR: libFuzzer|out-of-memory|Test unit written to' "$log" | head -5 | sed 's/^/    /' || true
  fi
done
exit $failed
