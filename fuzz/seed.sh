#!/usr/bin/env bash
# Fills DIR/<target>/ (default fuzz/corpus, not committed) with seeds: the few committed ones in
# fuzz/seeds/<target>/ and files made from tests/fixtures. Idempotent; keeps what the fuzzer
# added. Usage: fuzz/seed.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")"
F=$PWD/../tests/fixtures
S=$PWD/seeds
mkdir -p "${1:-corpus}"
cd "${1:-corpus}"
for t in csv_text xlsx json report; do
  mkdir -p "$t"
  cp -n "$S/$t"/* "$t/"
done

# csv_text: every text export (4 encodings x 4 messiness levels, the platform cases)
find "$F" -type f \( -name '*.csv' -o -name '*.txt' \) -size -40k | sort | while read -r f; do
  cp -n "$f" "csv_text/$(echo "${f#"$F"/}" | tr / _)"
done

# xlsx: the Excel saves whole, and their sheet (first 25 rows) and styles as parts
cp -n "$F"/excel_saves/*.xlsx xlsx/
python3 - "$F"/excel_saves/*.xlsx <<'PY'
import re, sys, zipfile, os
for path in sys.argv[1:]:
    out = "xlsx/parts_" + os.path.basename(path) + ".xml"
    if os.path.exists(out):
        continue
    z = zipfile.ZipFile(path)
    sheet = z.read("xl/worksheets/sheet1.xml").decode()
    rows = re.findall(r"<row\b.*?</row>", sheet, re.S)[:25]
    head = sheet[: sheet.index("<sheetData")]
    sheet = head + "<sheetData>" + "".join(rows) + "</sheetData></worksheet>"
    names = z.namelist()
    sst = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in names else ""
    parts = [sheet, sst, z.read("xl/styles.xml").decode(), z.read("xl/workbook.xml").decode()]
    open(out, "w").write("\n--8<--\n".join(parts))
PY

# json: the JSON save
cp -n "$F"/excel_saves/interest_events.json json/

# report: a config, then up to three files each after the separator (fuzz_targets/common.rs),
# each file cut to its first 3000 bytes
sep=$'\n--8<--\n'
mk() { # name config file...
  local out=report/$1 cfg=$2; shift 2
  [ -e "$out" ] && return 0
  { cat "$cfg"; for f in "$@"; do printf '%s' "$sep"; head -c 3000 "$f"; done; } > "$out"
}
empty=$(mktemp); printf '{}' > "$empty"; trap 'rm -f "$empty"' EXIT
for enc in gbk utf8 utf8-bom utf16; do
  d="$F/gen_${enc}_m0"
  ext=csv; [ "$enc" = utf16 ] && ext=txt
  mk "gen_${enc}_m0_orders_crm_calls" "$F/gen_gbk_m0/case.json" "$d/taobao_orders.$ext" "$d/crm_customers.$ext" "$d/outbound_calls.$ext"
  mk "gen_${enc}_m0_interest_tickets" "$F/gen_gbk_m0/case.json" "$d/taobao_orders.$ext" "$d/interest_events.$ext" "$d/aftersales_tickets.$ext"
done
for m in 1 2 3; do
  # shellcheck disable=SC2046
  mk "gen_utf8_m${m}" "$empty" $(find "$F/gen_utf8_m$m" -name '*.csv' | sort | head -3)
done
for c in generic_en jd_gbk pinduoduo_utf8bom shopify_customers woocommerce_analytics woocommerce_webtoffee; do
  # shellcheck disable=SC2046
  mk "$c" "$empty" $(find "$F/$c" -name '*.csv' | sort)
done
for t in csv_text xlsx json report; do echo "$PWD/$t: $(find "$t" -type f | wc -l) inputs"; done
