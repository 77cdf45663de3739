// The determinism table: values of `customer_insights::stats` (and of `stats::clv`, the predicted
// value's math) whose bits must be the same
// natively (x86_64, glibc) and in wasm32, far tails and subnormal p-values included, so that the
// report is byte-identical in the CLI and in the browser.
//
// This file is `include!`d twice, with the crate's `stats` module in scope as `stats`:
// * by the door tests (tests/wasm_common/mod.rs), which compare the wasm bits with STATS_BITS;
// * by the native unit test `stats::tests::determinism::native_bits_are_the_table`
//   (src/stats/mod.rs), which compares the native bits with STATS_BITS and, when they differ,
//   prints a new STATS_BITS to paste here:
//   `cargo test --lib determinism -- --nocapture`.

/// Two-proportion z-test cases `(x1, n1, x2, n2)`: |z| from 0.37 to 449 (p = 0), the far
/// tail near the underflow of `erfc` included.
const STATS_Z_CASES: [(u64, u64, u64, u64); 16] = [
    (45, 300, 1400, 12000),
    (1, 2, 1, 3),
    (52, 100, 48, 100),
    (3, 7, 9, 11),
    (90, 2000, 60, 2000),
    (120, 1000, 80, 1000),
    (1_234_567, 10_000_000, 1_230_000, 10_000_000),
    (30, 40000, 5, 40000),
    (300, 1000, 100, 1000),
    (500, 1000, 100, 1000),
    (400, 1000, 10, 1000),
    (600, 1000, 40, 1000),
    (700, 1000, 100, 1000),
    (800, 1000, 50, 1000),
    (850, 1000, 20, 1000),
    (5_000_000, 10_000_000, 4_000_000, 10_000_000),
];

/// Wilson interval cases `(x, n)` at the 95 % z.
const STATS_WILSON_CASES: [(u64, u64); 10] = [
    (0, 10),
    (1, 10),
    (5, 10),
    (10, 10),
    (1, 3),
    (17, 1234),
    (45, 300),
    (2, 10_000_000),
    (999_999, 1_000_000),
    (123_456_789, 987_654_321),
];

/// Generated k×2 tables: row `i` is `[a + (b·i) mod m, c + d·i]`, for `i` in `0..rows`.
const STATS_GENERATED_TABLES: [(u64, u64, u64, u64, u64, usize); 6] = [
    (10, 9, 1000, 200, 0, 31),
    (5, 37, 100, 900, 41, 34),
    (20, 7, 50, 150, 3, 24),
    (1, 13, 57, 300, 1, 200),
    (2, 3, 20, 40, 0, 200),
    (100, 1, 1000, 1000, 0, 3),
];

/// Chi-square survival function cases `(x, dof)` besides those of the tables.
const STATS_CHI2_CASES: [(f64, u64); 8] = [
    (1e-8, 1),
    (1300.0, 1),
    (1460.0, 1),
    (1000.0, 1000),
    (2010.0, 1000),
    (26000.0, 20000),
    (4_294_967_298.0, 1 << 32),
    (4_294_503_886.499_881_7, 1 << 32),
];

/// Two-sided normal p-value cases: around 0.71 (where statrs' erfc was least accurate), and the
/// underflow of `erfc(|z|/√2)` near |z| = 38.5 (subnormal results).
const STATS_NORMAL_CASES: [f64; 6] = [0.71, -1.959963984540054, 8.0, 37.5, 38.3, 38.6];

/// Every value of the table, labelled, in a fixed order (NaN where a function gave `None`).
fn stats_table() -> Vec<(String, f64)> {
    let mut out: Vec<(String, f64)> = Vec::new();
    for (x, n) in STATS_WILSON_CASES {
        let (lo, hi) = stats::wilson(x, n, stats::Z95).unwrap_or((f64::NAN, f64::NAN));
        out.push((format!("wilson({x}, {n}).low"), lo));
        out.push((format!("wilson({x}, {n}).high"), hi));
    }
    for (x1, n1, x2, n2) in STATS_Z_CASES {
        let (z, p) = stats::two_proportion_z(x1, n1, x2, n2).unwrap_or((f64::NAN, f64::NAN));
        out.push((format!("two_proportion_z({x1}, {n1}, {x2}, {n2}).z"), z));
        out.push((format!("two_proportion_z({x1}, {n1}, {x2}, {n2}).p"), p));
    }
    let mut tables: Vec<(String, Vec<[u64; 2]>)> = vec![
        ("[[10,20],[15,10],[7,40]]".into(), vec![[10, 20], [15, 10], [7, 40]]),
        ("[[0,10],[5,5]]".into(), vec![[0, 10], [5, 5]]),
        ("[[1000,2001],[2000,4000]]".into(), vec![[1000, 2001], [2000, 4000]]),
        ("[[1234567,8765433],[1230000,8770000]]".into(), vec![[1_234_567, 8_765_433], [1_230_000, 8_770_000]]),
        ("[[800,200],[100,900]]".into(), vec![[800, 200], [100, 900]]),
        ("[[890,110],[50,950]] (subnormal p)".into(), vec![[890, 110], [50, 950]]),
        ("[[5000000,5000000],[4000000,6000000]]".into(), vec![[5_000_000, 5_000_000], [4_000_000, 6_000_000]]),
    ];
    for (a, b, m, c, d, rows) in STATS_GENERATED_TABLES {
        let t: Vec<[u64; 2]> = (0..rows as u64).map(|i| [a + (b * i) % m, c + d * i]).collect();
        tables.push((format!("generated({a}, {b}, {m}, {c}, {d}, {rows})"), t));
    }
    for (label, t) in &tables {
        let chi = stats::chi_square_2col(t);
        let (s, p, v) = chi.map_or((f64::NAN, f64::NAN, f64::NAN), |c| (c.statistic, c.p_value, c.cramers_v));
        out.push((format!("chi_square_2col({label}).statistic"), s));
        out.push((format!("chi_square_2col({label}).p_value"), p));
        out.push((format!("chi_square_2col({label}).cramers_v"), v));
    }
    let chi3 = stats::chi_square(&[[10, 20, 30], [20, 20, 20], [30, 15, 5]]);
    out.push(("chi_square(3x3).p_value".into(), chi3.map_or(f64::NAN, |c| c.p_value)));
    for (x, dof) in STATS_CHI2_CASES {
        out.push((format!("chi2_sf({x:e}, {dof})"), stats::chi2_sf(x, dof).unwrap_or(f64::NAN)));
    }
    for z in STATS_NORMAL_CASES {
        out.push((format!("normal_two_sided_p({z:e})"), stats::normal_two_sided_p(z).unwrap_or(f64::NAN)));
    }
    let p: Vec<Option<f64>> =
        STATS_Z_CASES.iter().map(|&(x1, n1, x2, n2)| stats::two_proportion_z(x1, n1, x2, n2).map(|t| t.1)).collect();
    for (i, h) in stats::holm(&p).into_iter().enumerate() {
        out.push((format!("holm[{i}]"), h.unwrap_or(f64::NAN)));
    }
    clv_table(&mut out);
    out
}

/// Hand-built BG/NBD histories `(x, t, T, customers)` (src/stats/clv/bgnbd.rs's tests).
const CLV_HISTORIES: [(u32, u32, u32, u64); 12] = [
    (0, 0, 30, 5),
    (0, 0, 200, 3),
    (0, 0, 365, 4),
    (1, 10, 40, 2),
    (1, 100, 300, 1),
    (2, 50, 60, 2),
    (3, 200, 210, 1),
    (5, 300, 330, 1),
    (2, 20, 400, 1),
    (7, 350, 365, 1),
    (1, 1, 5, 1),
    (4, 90, 100, 1),
];

/// The predicted value's math (`stats::clv`): digamma, trigamma, ₂F₁, the BG/NBD fit of the
/// hand-built histories with its log-likelihood, and P(alive) and expected purchases per history.
fn clv_table(out: &mut Vec<(String, f64)>) {
    use stats::clv::{bgnbd, gamma_gamma, special};
    for x in [0.001, 0.2425, 2.5, 12.0, 1e6] {
        out.push((format!("digamma({x:e})"), special::digamma(x)));
        out.push((format!("trigamma({x:e})"), special::trigamma(x)));
    }
    for (a, b, c, z, k) in [(3.25, 5.4, 7.2, 0.9, 0.0), (20.25, 22.4, 22.2, 0.92, 20.25), (0.3, 0.5, -0.4, 0.6, 1.25)] {
        out.push((format!("hyp2f1_times_power({a}, {b}, {c}, {z}, {k})"), special::hyp2f1_times_power(a, b, c, z, k)));
    }
    let h: Vec<(bgnbd::History, u64)> =
        CLV_HISTORIES.iter().map(|&(x, t, big_t, n)| (bgnbd::History { x, t, big_t }, n)).collect();
    let data = bgnbd::Data::new(&h);
    let fit = stats::clv::fit_bgnbd(&data, None).ok();
    let p = fit.map_or(bgnbd::Params { r: f64::NAN, alpha: f64::NAN, a: f64::NAN, b: f64::NAN }, |f| f.params);
    for (name, v) in [("r", p.r), ("alpha", p.alpha), ("a", p.a), ("b", p.b)] {
        out.push((format!("fit_bgnbd(hand).{name}"), v));
    }
    out.push(("fit_bgnbd(hand).log_likelihood".into(), fit.map_or(f64::NAN, |f| f.log_likelihood)));
    let hs: Vec<bgnbd::History> = h.iter().map(|(h, _)| *h).collect();
    for ((alive, [e90, e365]), h) in bgnbd::predict(&p, &hs, [90.0, 365.0]).into_iter().zip(&hs) {
        let at = format!("({}, {}, {})", h.x, h.t, h.big_t);
        out.push((format!("p_alive{at}"), alive));
        out.push((format!("expected_purchases{at}.90"), e90));
        out.push((format!("expected_purchases{at}.365"), e365));
    }
    let g = gamma_gamma::Data::new([(1, 30.0), (2, 55.5), (3, 12.25), (1, 80.0), (5, 41.0), (2, 20.0), (4, 99.9)]);
    let q = gamma_gamma::Params { p: 2.0, q: 3.5, v: 60.0 };
    out.push(("gamma_gamma(hand).log_likelihood".into(), g.log_likelihood(&q)));
    out.push(("gamma_gamma::expected_value(3, 12.25)".into(), gamma_gamma::expected_value(&q, 3, 12.25)));
}

/// The differences between `stats_table()` and STATS_BITS, one line each (empty: identical).
fn stats_table_differences() -> Vec<String> {
    let table = stats_table();
    let mut diffs = Vec::new();
    if table.len() != STATS_BITS.len() {
        diffs.push(format!("{} values, STATS_BITS has {}", table.len(), STATS_BITS.len()));
    }
    for ((label, v), &bits) in table.iter().zip(STATS_BITS.iter()) {
        if v.to_bits() != bits {
            diffs.push(format!(
                "{label}: {v:e} ({:#018x}), table {:e} ({bits:#018x})",
                v.to_bits(),
                f64::from_bits(bits)
            ));
        }
    }
    diffs
}

/// `stats_table()` as a new STATS_BITS, with the values as comments.
#[allow(dead_code)] // only the native test prints it
fn stats_bits_source() -> String {
    let mut s = String::from(
        "/// `to_bits()` of every value of `stats_table()`, computed natively.\nconst STATS_BITS: &[u64] = &[\n",
    );
    for (label, v) in stats_table() {
        s.push_str(&format!("    {:#018x}, // {label} = {v:e}\n", v.to_bits()));
    }
    s.push_str("];\n");
    s
}

/// `to_bits()` of every value of `stats_table()`, computed natively.
const STATS_BITS: &[u64] = &[
    0x0000000000000000, // wilson(0, 10).low = 0e0
    0x3fd1c318eebe9e79, // wilson(0, 10).high = 2.775327998628892e-1
    0x3f924e245a7a897c, // wilson(1, 10).low = 1.787621309507291e-2
    0x3fd9dd9812f0d630, // wilson(1, 10).high = 4.041500267952385e-1
    0x3fce48aeb11b0308, // wilson(5, 10).low = 2.3659309051256394e-1
    0x3fe86dd453b93f3e, // wilson(5, 10).high = 7.634069094874361e-1
    0x3fe71e7388a0b0c4, // wilson(10, 10).low = 7.224672001371109e-1
    0x3ff0000000000000, // wilson(10, 10).high = 1e0
    0x3faf7bdf471544f5, // wilson(1, 3).low = 6.149194472039624e-2
    0x3fe95ada40bb5a6f, // wilson(1, 3).high = 7.923403991979522e-1
    0x3f81a6c5b939b044, // wilson(17, 1234).low = 8.618874278191531e-3
    0x3f967a7e1a1ed453, // wilson(17, 1234).high = 2.195164713312565e-2
    0x3fbd313b5bccaf7d, // wilson(45, 300).low = 1.140324687118532e-1
    0x3fc8efc89246ea8f, // wilson(45, 300).high = 1.94817611145329e-1
    0x3e6d7224d6edc412, // wilson(2, 10000000).low = 5.484721553914141e-8
    0x3ea878a010c73257, // wilson(2, 10000000).high = 7.292983653039753e-7
    0x3feffff41eac733a, // wilson(999999, 1000000).low = 9.999943350881957e-1
    0x3fefffffa13aa59c, // wilson(999999, 1000000).high = 9.999998234754233e-1
    0x3fbffea5f77e3669, // wilson(123456789, 987654321).low = 1.2497937481222156e-1
    0x3fc000ad05a02da2, // wilson(123456789, 987654321).high = 1.2502062582676127e-1
    0x3ffc5644e3c80b49, // two_proportion_z(45, 300, 1400, 12000).z = 1.771061792155438e0
    0x3fb398cf0b71b22a, // two_proportion_z(45, 300, 1400, 12000).p = 7.655042676351145e-2
    0x3fd7d9f4cf754636, // two_proportion_z(1, 2, 1, 3).z = 3.72677996249965e-1
    0x3fe6b34eb44507b0, // two_proportion_z(1, 2, 1, 3).p = 7.093881150142263e-1
    0x3fe21a1851ff630f, // two_proportion_z(52, 100, 48, 100).z = 5.656854249492386e-1
    0x3fe24a9c1da6fafa, // two_proportion_z(52, 100, 48, 100).p = 5.716076449533312e-1
    0xbffb59bce19e96af, // two_proportion_z(3, 7, 9, 11).z = -1.7094086468945695e0
    0x3fb65e39f38adc95, // two_proportion_z(3, 7, 9, 11).p = 8.737528034076754e-2
    0x4003f958a8d1ab9a, // two_proportion_z(90, 2000, 60, 2000).z = 2.496751135729437e0
    0x3f89ab432d664721, // two_proportion_z(90, 2000, 60, 2000).p = 1.2533688376410947e-2
    0x4007d9f4cf754633, // two_proportion_z(120, 1000, 80, 1000).z = 2.9814239699997187e0
    0x3f6780f733894061, // two_proportion_z(120, 1000, 80, 1000).p = 2.86911279207662e-3
    0x4008dac987322148, // two_proportion_z(1234567, 10000000, 1230000, 10000000).z = 3.106829696862551e0
    0x3f5efba6c39712f1, // two_proportion_z(1234567, 10000000, 1230000, 10000000).p = 1.8910530619546363e-3
    0x4010e822fca73beb, // two_proportion_z(30, 40000, 5, 40000).z = 4.226695964533955e0
    0x3ef8dde2e9d5835d, // two_proportion_z(30, 40000, 5, 40000).p = 2.371477477447773e-5
    0x40265c55827df1d1, // two_proportion_z(300, 1000, 100, 1000).z = 1.1180339887498947e1
    0x3a10211159bf35a2, // two_proportion_z(300, 1000, 100, 1000).p = 5.089468973814382e-29
    0x4033849bbe5d8f2d, // two_proportion_z(500, 1000, 100, 1000).z = 1.9518001458970662e1
    0x2e77fee2734a5466, // two_proportion_z(500, 1000, 100, 1000).p = 7.719934594295599e-85
    0x40359a0cdeddeebf, // two_proportion_z(400, 1000, 10, 1000).z = 2.16017588893726e1
    0x2a98c8ecea29c9de, // two_proportion_z(400, 1000, 10, 1000).p = 1.729052015720428e-103
    0x403ad8019ce1ad16, // two_proportion_z(600, 1000, 40, 1000).z = 2.6843774609657963e1
    0x1f2185f859151460, // two_proportion_z(600, 1000, 40, 1000).p = 9.971229310349916e-159
    0x403b62d946c44ef2, // two_proportion_z(700, 1000, 100, 1000).z = 2.7386127875258303e1
    0x1dcd9346fac280c4, // two_proportion_z(700, 1000, 100, 1000).p = 4.0123755414170923e-165
    0x4040f661562ba094, // two_proportion_z(800, 1000, 50, 1000).z = 3.392484547739255e1
    0x0bb503f1028ea14e, // two_proportion_z(800, 1000, 50, 1000).p = 2.8664292430899845e-252
    0x4042b7dc6a879427, // two_proportion_z(850, 1000, 20, 1000).z = 3.7436414066505954e1
    0x006674d55ce77f49, // two_proportion_z(850, 1000, 20, 1000).p = 9.99342111247132e-307
    0x407c177717524e1a, // two_proportion_z(5000000, 10000000, 4000000, 10000000).z = 4.494665749754946e2
    0x0000000000000000, // two_proportion_z(5000000, 10000000, 4000000, 10000000).p = 0e0
    0x402efecb3e67a51d, // chi_square_2col([[10,20],[15,10],[7,40]]).statistic = 1.5497644376899695e1
    0x3f3c432d63b2cbfc, // chi_square_2col([[10,20],[15,10],[7,40]]).p_value = 4.3125017300410496e-4
    0x3fd8f25989046677, // chi_square_2col([[10,20],[15,10],[7,40]]).cramers_v = 3.897918546732408e-1
    0x401aaaaaaaaaaaab, // chi_square_2col([[0,10],[5,5]]).statistic = 6.666666666666667e0
    0x3f841e3995fed2e0, // chi_square_2col([[0,10],[5,5]]).p_value = 9.823274507519242e-3
    0x3fe279a74590331d, // chi_square_2col([[0,10],[5,5]]).cramers_v = 5.773502691896258e-1
    0x3f1d1da4475e435a, // chi_square_2col([[1000,2001],[2000,4000]]).statistic = 1.1106791666138979e-4
    0x3fefbb1dc7ca6805, // chi_square_2col([[1000,2001],[2000,4000]]).p_value = 9.915913488541724e-1
    0x3f1d1ead42d6a225, // chi_square_2col([[1000,2001],[2000,4000]]).cramers_v = 1.1108334066157377e-4
    0x40234e062992692b, // chi_square_2col([[1234567,8765433],[1230000,8770000]]).statistic = 9.652390765306867e0
    0x3f5efba6c397166e, // chi_square_2col([[1234567,8765433],[1230000,8770000]]).p_value = 1.89105306195483e-3
    0x3f46c3a295b6e6fd, // chi_square_2col([[1234567,8765433],[1230000,8770000]]).cramers_v = 6.947082396699663e-4
    0x408eef31219dbcc4, // chi_square_2col([[800,200],[100,900]]).statistic = 9.898989898989898e2
    0x12f8dd7414db661c, // chi_square_2col([[800,200],[100,900]]).p_value = 2.8175557629700545e-217
    0x3fe68349f1ee4ed7, // chi_square_2col([[800,200],[100,900]]).cramers_v = 7.035264706814485e-1
    0x40962131d7eb722e, // chi_square_2col([[890,110],[50,950]] (subnormal p)).statistic = 1.4162986752308311e3
    0x00006f1a24d0d22b, // chi_square_2col([[890,110],[50,950]] (subnormal p)).p_value = 6.03541094537245e-310
    0x3feaedb3293779a2, // chi_square_2col([[890,110],[50,950]] (subnormal p)).cramers_v = 8.415160946859042e-1
    0x4108a9219dbcc486, // chi_square_2col([[5000000,5000000],[4000000,6000000]]).statistic = 2.02020202020202e5
    0x0000000000000000, // chi_square_2col([[5000000,5000000],[4000000,6000000]]).p_value = 0e0
    0x3fb9ba9da6c73588, // chi_square_2col([[5000000,5000000],[4000000,6000000]]).cramers_v = 1.0050378152592121e-1
    0x408be1853a538ce2, // chi_square_2col(generated(10, 9, 1000, 200, 0, 31)).statistic = 8.921900526549691e2
    0x1d24423519fb7072, // chi_square_2col(generated(10, 9, 1000, 200, 0, 31)).p_value = 2.6839990021147544e-168
    0x3fd27c25a6284da7, // chi_square_2col(generated(10, 9, 1000, 200, 0, 31)).cramers_v = 2.888273356085968e-1
    0x408385db3245805e, // chi_square_2col(generated(5, 37, 100, 900, 41, 34)).statistic = 6.247320294790077e2
    0x2928da64ff0de379, // chi_square_2col(generated(5, 37, 100, 900, 41, 34)).p_value = 2.066865565407067e-110
    0x3fbb2da4e6c8e931, // chi_square_2col(generated(5, 37, 100, 900, 41, 34)).cramers_v = 1.0616522440333111e-1
    0x4058d4f98adeb843, // chi_square_2col(generated(20, 7, 50, 150, 3, 24)).statistic = 9.932773086309412e1
    0x3db4379c178d2fec, // chi_square_2col(generated(20, 7, 50, 150, 3, 24)).p_value = 1.838745949942066e-11
    0x3fc1379167711f65, // chi_square_2col(generated(20, 7, 50, 150, 3, 24)).cramers_v = 1.3450830031274133e-1
    0x409dab32479b3cce, // chi_square_2col(generated(1, 13, 57, 300, 1, 200)).statistic = 1.8987991012817251e3
    0x070e10ab1e1142bc, // chi_square_2col(generated(1, 13, 57, 300, 1, 200)).p_value = 1.085467387366883e-274
    0x3fc30e92ad248dc6, // chi_square_2col(generated(1, 13, 57, 300, 1, 200)).cramers_v = 1.488822312759181e-1
    0x407cb83711ebbfc5, // chi_square_2col(generated(2, 3, 20, 40, 0, 200)).statistic = 4.595134448250722e2
    0x3b61d581ccf5fad9, // chi_square_2col(generated(2, 3, 20, 40, 0, 200)).p_value = 1.180155907735892e-22
    0x3fcb092f4340f8eb, // chi_square_2col(generated(2, 3, 20, 40, 0, 200)).cramers_v = 2.1121779235722413e-1
    0x3f926ac8192e87f8, // chi_square_2col(generated(100, 1, 1000, 1000, 0, 3)).statistic = 1.7985464608166496e-2
    0x3fefb6a96ad9b5c3, // chi_square_2col(generated(100, 1, 1000, 1000, 0, 3)).p_value = 9.910475813791709e-1
    0x3f631db0a25d33fd, // chi_square_2col(generated(100, 1, 1000, 1000, 0, 3)).cramers_v = 2.3334932219882796e-3
    0x3ee74dc9a84a8298, // chi_square(3x3).p_value = 1.111214556576258e-5
    0x3fefff58abe61d8e, // chi2_sf(1e-8, 1) = 9.999202115440526e-1
    0x04fae4e6216e6709, // chi2_sf(1.3e3, 1) = 1.1303728441491587e-284
    0x0000000000009838, // chi2_sf(1.46e3, 1) = 1.92528e-319
    0x3fdf9e8fdc6c4a9e, // chi2_sf(1e3, 1000) = 4.9405285382924e-1
    0x31827ad4a5c80982, // chi2_sf(2.01e3, 1000) = 3.34694407691755e-70
    0x1d9bc9b03fb71a92, // chi2_sf(2.6e4, 20000) = 4.712347177485432e-166
    0x3fdfffcfdb172a62, // chi2_sf(4.294967298e9, 4294967296) = 4.999885215335437e-1
    0x3fefffff663e2b76, // chi2_sf(4.2945038864998817e9, 4294967296) = 9.999997136049916e-1
    0x3fde92b45e83a484, // normal_two_sided_p(7.1e-1) = 4.777041361799734e-1
    0x3fa999999999999a, // normal_two_sided_p(-1.959963984540054e0) = 5e-2
    0x3cd669d2c90d55b2, // normal_two_sided_p(8e0) = 1.2441921148543513e-15
    0x00308eda98086ede, // normal_two_sided_p(3.75e1) = 9.21070601916343e-308
    0x00000000000004d8, // normal_two_sided_p(3.83e1) = 6.126e-321
    0x0000000000000000, // normal_two_sided_p(3.86e1) = 0e0
    0x3fd398cf0b71b22a, // holm[0] = 3.062017070540458e-1
    0x3ff0000000000000, // holm[1] = 1e0
    0x3ff0000000000000, // holm[2] = 1e0
    0x3fd398cf0b71b22a, // holm[3] = 3.062017070540458e-1
    0x3fb00b09fc5fec75, // holm[4] = 6.266844188205474e-2
    0x3f91a0b966a6f049, // holm[5] = 1.721467675245972e-2
    0x3f8b1c31eb243093, // holm[6] = 1.3237371433682454e-2
    0x3f28dde2e9d5835d, // holm[7] = 1.8971819819582183e-4
    0x3a42253384f71c56, // holm[8] = 4.580522076432943e-28
    0x2eadfe9b101ce980, // holm[9] = 7.719934594295599e-84
    0x2ad10a22e0fcbac9, // holm[10] = 1.901957217292471e-102
    0x1f5a48f4859f9e90, // holm[11] = 1.19654751724199e-157
    0x1e0807a9abbe089f, // holm[12] = 5.21608820384222e-164
    0x0bf26372e23ccd24, // holm[13] = 4.013000940325978e-251
    0x00a50d8807190754, // holm[14] = 1.499013166870698e-305
    0x0000000000000000, // holm[15] = 0e0
    0xc08f449ac574fcf8, // digamma(1e-3) = -1.0005755719318104e3
    0x412e848348fa1c6d, // trigamma(1e-3) = 1.0000016425331958e6
    0xc01170d3a6774054, // digamma(2.425e-1) = -4.360182381657143e0
    0x4032365d4ec4ed25, // trigamma(2.425e-1) = 1.8212361262395593e1
    0x3fe680425af12b5d, // digamma(2.5e0) = 7.031566406452431e-1
    0x3fdf62057f7296ca, // trigamma(2.5e0) = 4.903577561002349e-1
    0x40038a9234f5821d, // digamma(1.2e1) = 2.4426616799758123e0
    0x3fb63f337df20567, // trigamma(1.2e1) = 8.690187287176841e-2
    0x402ba18a88c907d0, // digamma(1e6) = 1.381551005796419e1
    0x3eb0c6f82d72bcaa, // trigamma(1e6) = 1.0000005000001667e-6
    0x40604698e5693794, // hyp2f1_times_power(3.25, 5.4, 7.2, 0.9, 0) = 1.3020616407919135e2
    0x3ffa10a078e559ab, // hyp2f1_times_power(20.25, 22.4, 22.2, 0.92, 20.25) = 1.6290592882629464e0
    0x3fa22f5f278d711c, // hyp2f1_times_power(0.3, 0.5, -0.4, 0.6, 1.25) = 3.551766736811343e-2
    0x3fd95064ec70575c, // fit_bgnbd(hand).r = 3.9553187455873284e-1
    0x403bf50c3ae0f53c, // fit_bgnbd(hand).alpha = 2.795721786491525e1
    0x3fd76db76cfd4692, // fit_bgnbd(hand).a = 3.6607156413547515e-1
    0x400afdc602b57b20, // fit_bgnbd(hand).b = 3.373912831462249e0
    0xc0644dbfd5380a37, // fit_bgnbd(hand).log_likelihood = -1.6242966710038465e2
    0x3ff0000000000000, // p_alive(0, 0, 30) = 1e0
    0x3fe2116bcbdb8602, // expected_purchases(0, 0, 30).90 = 5.646265966026365e-1
    0x3fff8df563c22cbc, // expected_purchases(0, 0, 30).365 = 1.9721578499618735e0
    0x3ff0000000000000, // p_alive(0, 0, 200) = 1e0
    0x3fc37e22f7d12aac, // expected_purchases(0, 0, 200).90 = 1.5228688335840468e-1
    0x3fe297297ec1a451, // expected_purchases(0, 0, 200).365 = 5.809524036132051e-1
    0x3ff0000000000000, // p_alive(0, 0, 365) = 1e0
    0x3fb6d88e5cad2c90, // expected_purchases(0, 0, 365).90 = 8.924188387497822e-2
    0x3fd64403e91546eb, // expected_purchases(0, 0, 365).365 = 3.4790132295630255e-1
    0x3fe9b624d9ada80d, // p_alive(1, 10, 40) = 8.034843684702097e-1
    0x3ff58db750fe50b6, // expected_purchases(1, 10, 40).90 = 1.3470986522489006e0
    0x401268999c27f972, // expected_purchases(1, 10, 40).365 = 4.602148475589603e0
    0x3fe6ccc6b358dfd1, // p_alive(1, 100, 300) = 7.124970915674514e-1
    0x3fd10cbc53feebc1, // expected_purchases(1, 100, 300).90 = 2.6640232279504167e-1
    0x3ff045dc788e0ac3, // expected_purchases(1, 100, 300).365 = 1.0170559605764289e0
    0x3fecc88b8f599e00, // p_alive(2, 50, 60) = 8.994806098752974e-1
    0x40001be2dfb18171, // expected_purchases(2, 50, 60).90 = 2.0136163211865825e0
    0x401ba7a9b759ecca, // expected_purchases(2, 50, 60).365 = 6.9137333534847105e0
    0x3feda98b88d1a5f2, // p_alive(3, 200, 210) = 9.269464180226221e-1
    0x3ff246ade280b74f, // expected_purchases(3, 200, 210).90 = 1.1422556731954108e0
    0x4010d773da9a44e0, // expected_purchases(3, 200, 210).365 = 4.210402885118327e0
    0x3feda3eaf96152ca, // p_alive(5, 300, 330) = 9.262595053392826e-1
    0x3ff37b033188238b, // expected_purchases(5, 300, 330).90 = 1.2175323424182547e0
    0x4012476148735d6e, // expected_purchases(5, 300, 330).365 = 4.569707042733496e0
    0x3fae674a9bbea8ff, // p_alive(2, 20, 400) = 5.938180113965252e-2
    0x3f9df9e4d506bf27, // expected_purchases(2, 20, 400).90 = 2.9273581983658616e-2
    0x3fbcbc4267090f1b, // expected_purchases(2, 20, 400).365 = 1.1224761024010059e-1
    0x3fee6a7fe70a91c7, // p_alive(7, 350, 365) = 9.505004417920241e-1
    0x3ff8fa9efba35c37, // expected_purchases(7, 350, 365).90 = 1.561186774217061e0
    0x401778659e45935c, // expected_purchases(7, 350, 365).365 = 5.867575142857131e0
    0x3fec51bb82a45141, // p_alive(1, 1, 5) = 8.849771072005198e-1
    0x4006c164ad38eaa2, // expected_purchases(1, 1, 5).90 = 2.8444303067202137e0
    0x40222e1e61527023, // expected_purchases(1, 1, 5).365 = 9.09007553225826e0
    0x3fed92422cd60c1f, // p_alive(4, 90, 100) = 9.241038203912274e-1
    0x40052c7d5f6b6bac, // expected_purchases(4, 90, 100).90 = 2.646723504510609e0
    0x402278172e4425f7, // expected_purchases(4, 90, 100).365 = 9.234551854914555e0
    0xc040c4ca0c13ffc4, // gamma_gamma(hand).log_likelihood = -3.3537415990605524e1
    0x4036c3c3c3c3c3c4, // gamma_gamma::expected_value(3, 12.25) = 2.2764705882352942e1
];
