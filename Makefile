# The one task runner. `make serve` builds everything and serves the page with the sample
# exports; `make test` runs every test (what CI runs). `make help` lists the rest.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
PORT ?= 8080
WASM := target/wasm32-unknown-unknown/release/customer_insights.wasm
WASM_TEST := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver \
	WASM_BINDGEN_TEST_TIMEOUT=120

.PHONY: help setup setup-build wasm pkg site serve test test-native lint lint-js test-wasm test-web test-reference test-spark ready bench bench-smoke bench-responsive fuzz fuzz-smoke clean

help:
	@grep -E '^[a-z-]+:.*## ' Makefile | sed 's/:.*## /\t/'

setup: ## install what this machine lacks (wasm target, wasm-bindgen-cli, chromium, npm and pip tools)
	@bash .ci/setup

wasm: ## release wasm build
	cargo build --locked --release --target wasm32-unknown-unknown --lib --no-default-features --features wasm

pkg: wasm ## the npm package in pkg/ (wasm-bindgen output + pkg-config/ + vendored charts)
	rm -rf pkg && mkdir -p pkg
	wasm-bindgen --target web --remove-name-section --out-dir pkg $(WASM)
	node pkg-config/build/assemble.mjs pkg

site: pkg ## the static site in target/site (www/ + pkg/ + sample exports; icons and the offline precache list)
	rm -rf target/site && mkdir -p target/site
	cp -r www/. target/site/
	cp -r pkg target/site/pkg
	node www/build/precache.mjs target/site

setup-build:
	@bash .ci/setup build

serve: setup-build site ## build everything and serve the page with the sample on http://127.0.0.1:$(PORT)
	@echo "open http://127.0.0.1:$(PORT)/?sample=1"
	python3 -m http.server $(PORT) --bind 127.0.0.1 --directory target/site

test-native: ## unit, golden, CLI, property and reference tests (native)
	cargo test --locked

lint: lint-js
	cargo fmt --check
	cargo clippy --locked --all-targets -- -D warnings
	cargo clippy --locked --lib --target wasm32-unknown-unknown --no-default-features --features wasm -- -D warnings

lint-js: ## format and lint check of the JS (biome.json: pkg-config/, www/, tests/web/, tests/bench/)
	tests/web/node_modules/.bin/biome ci .

test-wasm: ## wasm-bindgen-test in Node and headless Chromium
	$(WASM_TEST) cargo test --locked --target wasm32-unknown-unknown --no-default-features --features wasm --test wasm_node
	$(WASM_TEST) cargo test --locked --target wasm32-unknown-unknown --no-default-features --features wasm --test wasm_browser

test-web: site ## the npm package and the page: Node, tsc, headless Chromium e2e
	cd tests/web && node --test

test-reference: ## every report section vs the independent pandas/scipy/statsmodels implementation; XLSX and Parquet outputs read back; the warehouse path through DuckDB
	python3 tests/reference/compare.py
	python3 tests/reference/clv_reference.py
	python3 tests/reference/xlsx_check.py
	python3 tests/reference/parquet_check.py
	python3 tests/reference/warehouse_check.py

SPARK_VENV := target/spark-venv
PYSPARK := pyspark==4.3.0

test-spark: ## the warehouse path through Spark in local mode (pyspark in target/spark-venv; skipped without a Java runtime)
	@if ! command -v java >/dev/null 2>&1; then \
	  echo "test-spark: SKIPPED: no Java runtime (apt-get install openjdk-17-jre-headless), so no Spark"; exit 0; fi; \
	if ! $(SPARK_VENV)/bin/python -c "import pyspark" 2>/dev/null; then \
	  echo "[test-spark] pip install $(PYSPARK) into $(SPARK_VENV) (about 500 MB, once)"; \
	  python3 -m venv --system-site-packages $(SPARK_VENV) && \
	  $(SPARK_VENV)/bin/pip install --quiet --disable-pip-version-check $(PYSPARK); fi; \
	$(SPARK_VENV)/bin/python tests/reference/warehouse_check.py --spark

test: setup lint test-native test-wasm test-web test-reference bench-smoke fuzz-smoke ## every test (= .ci/run)

ready: test ## what CI runs

# The benchmark harness (tests/bench/README.md): the standard report of spec/bench.md, timed for
# our module (wasm in Node, wasm in headless Chromium, native CLI) and DuckDB-WASM and Arquero, with
# an agreement check; data generated into bench-out/data/<size>/; results in bench-out/results.md.
SIZES ?= 100k 1m
RUNS ?= 3
BENCH_DEPS := tests/bench/node_modules/.package-lock.json

$(BENCH_DEPS): tests/bench/package.json tests/bench/package-lock.json
	cd tests/bench && npm ci --no-audit --no-fund --loglevel=error

bench: setup-build site $(BENCH_DEPS) ## benchmark vs DuckDB-WASM and Arquero, median of RUNS (3): make bench SIZES="100k 1m" RUNS=5 (10m: CLI only)
	cargo build --locked --release
	node tests/bench/bench.mjs --runs $(RUNS) $(SIZES)

bench-responsive: setup-build site $(BENCH_DEPS) ## the page while it reads the 1M-order export: click latency, progress (make bench SIZES=1m first)
	node tests/bench/responsive.mjs

bench-smoke: site $(BENCH_DEPS) ## the benchmark's checks at 20k orders, one run, no timing claims (part of make test)
	cargo build --locked
	node tests/bench/bench.mjs --smoke --cli target/debug/customer-insights 20k

# Fuzzing (fuzz/README.md): cargo-fuzz targets csv_text, xlsx, json and report, seeded from
# tests/fixtures, on stable Rust through RUSTC_BOOTSTRAP=1. One target after another; the corpus
# grows in fuzz/corpus/ (not committed), a crash lands in fuzz/artifacts/<target>/ and fails the run.
FUZZ_SECONDS ?= 3600
FUZZ_SMOKE_SECONDS ?= 50
FUZZ_TARGETS ?= csv_text xlsx json report
FUZZ_NICE ?= 0

fuzz-smoke: ## every fuzz target for 50 s from the seeds (part of make test)
	FUZZ_FRESH=1 FUZZ_NICE=$(FUZZ_NICE) fuzz/run.sh $(FUZZ_SMOKE_SECONDS) $(FUZZ_TARGETS)

fuzz: ## long fuzz runs, one target after another: make fuzz FUZZ_SECONDS=3600 [FUZZ_TARGETS=xlsx] [FUZZ_NICE=10]
	FUZZ_NICE=$(FUZZ_NICE) fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf pkg target/site
