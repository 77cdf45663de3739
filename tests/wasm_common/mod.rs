//! Door tests shared by the Node and the browser runs.

/// Expands to the door tests in the including test crate.
macro_rules! door_tests {
    () => {
        use customer_insights::wasm::Workspace;
        use js_sys::{Reflect, Uint8Array, JSON};
        use wasm_bindgen::{JsCast, JsValue};
        use wasm_bindgen_test::wasm_bindgen_test;

        /// A small Taobao export in GBK, as the platform writes it.
        fn taobao_gbk() -> Vec<u8> {
            let text = "订单编号,买家会员名,买家支付宝账号,买家实际支付金额,订单状态,收货地址 ,订单创建时间,宝贝总数量,退款金额\r\n\
                =\"3001\",小鱼,a***@qq.com,¥1,234.50,交易成功,浙江省 杭州市 西湖区,2024-12-30 10:00:00,2,0.00\r\n\
                =\"3002\",小鱼,a***@qq.com,20.00,交易成功,浙江省 杭州市 西湖区,2024-12-31 10:00:00,1,0.00\r\n\
                =\"3003\",<img src=x onerror=alert(1)>,,-,交易成功,上海 上海市,2024-12-31 11:00:00,1,0.00\r\n\
                =\"3004\",大熊,,88.00,交易关闭,北京 北京市,2024-12-29 11:00:00,1,88.00\r\n";
            // "¥1,234.50" unquoted would split the field: quote it as the platform does
            let text = text.replace("¥1,234.50", "\"￥1,234.50\"");
            encoding_rs::GBK.encode(&text).0.into_owned()
        }

        fn get(v: &JsValue, path: &[&str]) -> JsValue {
            let mut cur = v.clone();
            for p in path {
                cur = Reflect::get(&cur, &JsValue::from_str(p)).unwrap_or(JsValue::UNDEFINED);
            }
            cur
        }

        fn bytes(b: &[u8]) -> Uint8Array {
            Uint8Array::from(b)
        }

        /// The records csv-core reads from a whole text (no empty lines in it).
        fn csv_core_records(text: &[u8]) -> Vec<Vec<Vec<u8>>> {
            use csv_core::{ReadRecordResult, Reader};
            let mut r = Reader::new();
            let mut out = vec![0u8; text.len() + 64];
            let mut ends = vec![0usize; text.len() + 8];
            let mut input = text;
            let mut recs = Vec::new();
            loop {
                let (res, nin, _, nend) = r.read_record(input, &mut out, &mut ends);
                input = &input[nin..];
                match res {
                    ReadRecordResult::Record => {
                        let mut s = 0;
                        recs.push(ends[..nend].iter().map(|e| { let c = out[s..*e].to_vec(); s = *e; c }).collect());
                    }
                    ReadRecordResult::End => return recs,
                    ReadRecordResult::InputEmpty => {}
                    other => panic!("csv-core: {other:?}"),
                }
            }
        }

        /// The wasm build splits fields with 16-byte SIMD blocks (the native build with 8-byte
        /// words): its splitter must still read every text as csv-core does.
        #[wasm_bindgen_test]
        fn the_wasm_splitter_agrees_with_csv_core_around_every_block_edge() {
            use customer_insights::ingest::split::{unquote, Field, Splitter};
            let mut x = 0x2545_f491_4f6c_dd1du64;
            let mut next = move |m: u64| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % m
            };
            for round in 0..60 {
                let mut text = String::new();
                for _ in 0..1 + next(6) {
                    let cells: Vec<String> = (0..1 + next(8))
                        .map(|_| {
                            let len = next(41) as usize;
                            let body: String = (0..len).map(|_| ["a", "7", " ", "店", ";"][next(5) as usize]).collect();
                            match next(4) {
                                0 => format!("\"{}\"", body.replace(' ', ",").replace(';', "\"\"").replace('7', "\n")),
                                _ => body,
                            }
                        })
                        .collect();
                    text.push_str(&cells.join(","));
                    text.push_str(if next(2) == 0 { "\r\n" } else { "\n" });
                }
                let want = csv_core_records(text.as_bytes());
                for chunk in [5usize, 16, 4096] {
                    let mut got: Vec<Vec<Vec<u8>>> = Vec::new();
                    let mut s = Splitter::new(b',');
                    let mut f = |rec: &[u8], fields: &[Field], _t: bool| {
                        got.push(
                            fields
                                .iter()
                                .map(|fl| {
                                    let raw = &rec[fl.start as usize..fl.end as usize];
                                    let mut v = Vec::new();
                                    if fl.quoted { unquote(raw, &mut v); } else { v.extend_from_slice(raw); }
                                    v
                                })
                                .collect(),
                        )
                    };
                    for c in text.as_bytes().chunks(chunk) {
                        s.feed(c, false, &mut f);
                    }
                    s.feed(&[], true, &mut f);
                    assert_eq!(got, want, "round {round} chunk {chunk}: {text:?}");
                }
            }
        }

        #[wasm_bindgen_test]
        fn reads_a_gbk_taobao_export_and_accounts_for_every_row() {
            let mut ws = Workspace::new();
            let s: JsValue = ws.add_file("订单报表.csv", &bytes(&taobao_gbk())).unwrap().into();
            assert_eq!(get(&s, &["encoding"]).as_string().as_deref(), Some("GBK"));
            assert_eq!(get(&s, &["platform"]).as_string().as_deref(), Some("taobao"));
            assert_eq!(get(&s, &["rows_total"]).as_f64(), Some(4.0));
            assert_eq!(get(&s, &["rows_used"]).as_f64(), Some(3.0));
            assert_eq!(get(&s, &["rows_skipped", "bad_amount"]).as_f64(), Some(1.0));
            assert_eq!(get(&s, &["errors"]).dyn_into::<js_sys::Array>().unwrap().length(), 1);
            assert_eq!(get(&s, &["errors", "0", "row"]).as_f64(), Some(4.0));
            assert_eq!(get(&s, &["errors", "0", "value"]).as_string().as_deref(), Some("-"));
        }

        #[wasm_bindgen_test]
        fn typed_report_is_json_parse_of_report_json_and_matches_the_core() {
            let mut ws = Workspace::new();
            ws.add_file("订单报表.csv", &bytes(&taobao_gbk())).unwrap();
            let json = ws.report_json(None).unwrap();
            let mut core = customer_insights::Workspace::new();
            core.add_file("订单报表.csv", &taobao_gbk()).unwrap();
            assert_eq!(json, core.report_json(&Default::default()).unwrap());
            let typed: JsValue = ws.report(None).unwrap().into();
            let a = JSON::stringify(&typed).unwrap().as_string().unwrap();
            let b = JSON::stringify(&JSON::parse(&json).unwrap()).unwrap().as_string().unwrap();
            assert_eq!(a, b);
            assert_eq!(get(&typed, &["totals", "revenue"]).as_string().as_deref(), Some("1254.50"));
            assert_eq!(get(&typed, &["totals", "customers"]).as_f64(), Some(1.0));
            assert!(get(&typed, &["headline", "members"]).is_null());
        }

        #[wasm_bindgen_test]
        fn chunked_push_equals_add_file() {
            let data = taobao_gbk();
            let mut whole = Workspace::new();
            whole.add_file("a.csv", &bytes(&data)).unwrap();
            let mut parts = Workspace::new();
            parts.begin_file("a.csv", None).unwrap();
            for c in data.chunks(3) {
                parts.push(&bytes(c)).unwrap();
            }
            parts.finish_file().unwrap();
            assert_eq!(whole.report_json(None).unwrap(), parts.report_json(None).unwrap());
        }

        fn assert_error(e: JsValue, code: &str) {
            let err: js_sys::Error = e.dyn_into().expect("a real Error");
            assert_eq!(err.name().as_string().as_deref(), Some("CustomerInsightsError"));
            assert_eq!(get(&err, &["code"]).as_string().as_deref(), Some(code), "{:?}", err.message());
        }

        #[wasm_bindgen_test]
        fn errors_are_js_errors_with_codes_and_the_file() {
            let mut ws = Workspace::new();
            let e = ws.add_file("empty.csv", &bytes(&[])).unwrap_err();
            assert_eq!(get(&e, &["file"]).as_string().as_deref(), Some("empty.csv"));
            assert_error(e, "empty_file");
            assert_error(ws.add_file("x.csv", &bytes(b"a,b\r\n1,2\r\n")).unwrap_err(), "no_header");
            assert_error(ws.push(&bytes(b"x")).unwrap_err(), "bad_sequence");
            // the failed files are still listed, with their errors
            let files = ws.files().unwrap();
            assert_eq!(files.len(), 2);
            let cfg = JSON::parse(r#"{"colour": 1}"#).unwrap();
            let e = ws.report_json(Some(tsify::Ts::new_unchecked(cfg))).unwrap_err();
            assert_error(e, "bad_config");
            let sel = JSON::parse(r#"{"segment": "Nope"}"#).unwrap();
            ws.add_file("订单报表.csv", &bytes(&taobao_gbk())).unwrap();
            assert_error(ws.members_csv(tsify::Ts::new_unchecked(sel), None, None).unwrap_err(), "unknown_selector");
        }

        #[wasm_bindgen_test]
        fn members_csv_neutralises_formulas_and_keeps_html_as_text() {
            let mut ws = Workspace::new();
            let csv = "订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间\r\n1,=HYPERLINK(\"x\"),10.00,交易成功,2024-12-31 10:00:00\r\n2,<b>x</b>,10.00,交易成功,2024-12-31 10:00:00\r\n";
            ws.add_file("o.csv", &bytes(csv.as_bytes())).unwrap();
            let sel = JSON::parse(r#"{"lifecycle": "new"}"#).unwrap();
            let out = ws.members_csv(tsify::Ts::new_unchecked(sel), None, None).unwrap();
            assert!(out.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{out}");
            assert!(out.contains("<b>x</b>"));
        }

        /// The stats values of the determinism table (wilson, two_proportion_z, chi_square_2col,
        /// chi2_sf, normal_two_sided_p, holm; far tails and subnormal p-values included) have
        /// the same bits in wasm as natively: STATS_BITS was computed natively, and the native
        /// unit test `stats::tests::determinism` checks it too.
        mod stats_determinism {
            use customer_insights::stats;
            use wasm_bindgen_test::wasm_bindgen_test;
            include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/wasm_common/stats_bits.rs"));

            #[wasm_bindgen_test]
            fn stats_values_are_bit_identical_to_native() {
                let diffs = stats_table_differences();
                assert!(
                    diffs.is_empty(),
                    "{} of {} values differ from the native bits:\n{}",
                    diffs.len(),
                    STATS_BITS.len(),
                    diffs.join("\n")
                );
            }
        }

        /// The golden case tests/fixtures/gen_gbk_m0 run through the wasm door as tests/golden.rs
        /// runs it natively: every input file of the directory (all but case.json, expected.json
        /// and manifest.json) added whole in name order, errors kept in the workspace, case.json
        /// as the config. The report JSON plus a newline must be expected.json byte for byte.
        #[wasm_bindgen_test]
        fn golden_gen_gbk_m0_report_json_is_expected_json() {
            let files: [(&str, &[u8]); 5] = [
                (
                    "aftersales_tickets.csv",
                    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/gen_gbk_m0/aftersales_tickets.csv")),
                ),
                (
                    "crm_customers.csv",
                    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/gen_gbk_m0/crm_customers.csv")),
                ),
                (
                    "interest_events.csv",
                    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/gen_gbk_m0/interest_events.csv")),
                ),
                (
                    "outbound_calls.csv",
                    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/gen_gbk_m0/outbound_calls.csv")),
                ),
                (
                    "taobao_orders.csv",
                    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/gen_gbk_m0/taobao_orders.csv")),
                ),
            ];
            assert!(files.windows(2).all(|w| w[0].0 < w[1].0), "not in name order");
            let mut ws = Workspace::new();
            for (name, data) in files {
                // As golden.rs: a file that cannot be read stays in the workspace with its error.
                let _ = ws.add_file(name, &bytes(data));
            }
            let config = JSON::parse(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/gen_gbk_m0/case.json")))
                .unwrap();
            let json = ws.report_json(Some(tsify::Ts::new_unchecked(config))).unwrap();
            let printed = format!("{json}\n");
            let expected = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/gen_gbk_m0/expected.json"));
            if printed != expected {
                let line = expected.lines().zip(printed.lines()).position(|(a, b)| a != b);
                let shown = line.map(|i| {
                    (i + 1, expected.lines().nth(i).unwrap_or(""), printed.lines().nth(i).unwrap_or(""))
                });
                panic!(
                    "wasm report differs from expected.json (first differing line, expected, got): {shown:?}; \
                     lengths {} and {}",
                    expected.len(),
                    printed.len()
                );
            }
        }
    };
}
