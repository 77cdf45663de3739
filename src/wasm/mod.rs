//! The wasm-bindgen door: a newtype over the core [`crate::Workspace`]. Each method decodes its
//! arguments, makes one core call and encodes the result; no logic lives here.
//!
//! Outputs cross as `JSON.parse` of the same serde_json text the CLI prints, so the typed object
//! and `reportJson()` are always the same data (nulls stay null, maps are plain objects).
//! Errors are real JS `Error`s with `name = "CustomerInsightsError"`, a stable `code`, and
//! the `file` when known (row problems are data, in the file summary, never a thrown error).
//!
//! # JavaScript example
//! ```js
//! import init, { Workspace } from "customer-insights";
//! await init();
//! const ws = new Workspace();
//! const summary = ws.addFile("订单报表.csv", bytes);
//! const report = ws.report({ as_of: "2024-12-31" });
//! const csv = ws.membersCsv({ segment: "Champions" });
//! ws.free();
//! ```

use crate::config::{CsvOptions, MemberSelector, ReportConfig};
use crate::error::Error;
use crate::ingest::{FileOptions, IngestSummary};
use crate::metrics::record::{CustomerList, CustomerQuery, CustomerRecord};
use crate::metrics::{Member, MemberPage, PageQuery};
use crate::report::Report;
use crate::workspace::Progress;
use serde::Serialize;
use std::collections::BTreeMap;
use tsify::{Ts, Tsify};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_ERROR: &'static str = r#"
/** The stable codes of a CustomerInsightsError. */
export type ErrorCode = "empty_file" | "not_a_table" | "unknown_encoding" | "no_header" | "bad_xlsx" | "bad_json"
  | "bad_mapping" | "bad_config" | "unknown_file" | "bad_sequence" | "over_budget" | "unknown_selector"
  | "unknown_customer" | "io_error" | "export_failed" | "bad_argument" | "internal_panic";
/** What every method throws. */
export interface CustomerInsightsError extends Error {
  name: "CustomerInsightsError";
  code: ErrorCode;
  file?: string;
}
"#;

fn js_error(code: &str, message: &str, file: Option<&str>) -> JsValue {
    let e = js_sys::Error::new(message);
    e.set_name("CustomerInsightsError");
    let _ = js_sys::Reflect::set(&e, &"code".into(), &code.into());
    if let Some(f) = file {
        let _ = js_sys::Reflect::set(&e, &"file".into(), &f.into());
    }
    e.into()
}

fn err(e: Error) -> JsValue {
    js_error(e.code(), &e.to_string(), e.file())
}

fn bad_arg(what: &str, e: impl std::fmt::Display) -> JsValue {
    js_error("bad_argument", &format!("{what}: {e}"), None)
}

/// Serialises through serde_json and `JSON.parse`, the same bytes the CLI prints.
fn out<T: Serialize + Tsify>(v: &T) -> Result<Ts<T>, JsValue>
where
    <T as Tsify>::JsType: JsCast,
{
    let text = serde_json::to_string(v).map_err(|e| bad_arg("output", e))?;
    Ok(Ts::new_unchecked(js_sys::JSON::parse(&text)?))
}

fn decode_config(c: Option<Ts<ReportConfig>>) -> Result<ReportConfig, JsValue> {
    match c {
        None => Ok(ReportConfig::default()),
        Some(c) => ReportConfig::from_json(&json_text(&c.js_value())?).map_err(err),
    }
}

/// Export options (`{lang}`); none: the defaults.
fn decode_options(o: Option<Ts<CsvOptions>>) -> Result<CsvOptions, JsValue> {
    o.map_or(Ok(CsvOptions::default()), |o| from_js("options", &o.js_value()))
}

/// Decodes JS data through `JSON.stringify` and serde_json: the same path and the same errors
/// (unknown keys included) as the CLI's `--config` file.
fn from_js<T: serde::de::DeserializeOwned>(what: &str, v: &JsValue) -> Result<T, JsValue> {
    serde_json::from_str(&json_text(v)?).map_err(|e| bad_arg(what, e))
}

fn json_text(v: &JsValue) -> Result<String, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok("{}".to_string());
    }
    js_sys::JSON::stringify(v)?.as_string().ok_or_else(|| bad_arg("argument", "not JSON"))
}

/// Installs a panic hook that logs the panic message to the console before the instance aborts
/// (the Worker client then restarts the module and reports `internal_panic`).
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Files in, report out. See the crate docs and spec/api.md.
#[wasm_bindgen]
pub struct Workspace(crate::Workspace, Option<crate::FilePart>);

#[wasm_bindgen]
impl Workspace {
    /// An empty workspace.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Workspace {
        Workspace(crate::Workspace::new(), None)
    }

    /// Reads a whole file.
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, name: &str, bytes: &js_sys::Uint8Array) -> Result<Ts<IngestSummary>, JsValue> {
        let s = self.0.add_file(name, &bytes.to_vec()).map_err(err)?;
        out(&s)
    }

    /// Starts a file that arrives in chunks; `size` lets a memory budget refuse it at once.
    #[wasm_bindgen(js_name = beginFile)]
    pub fn begin_file(&mut self, name: &str, size: Option<f64>) -> Result<(), JsValue> {
        self.0.begin_file(name, size.map(|s| s.max(0.0) as u64)).map_err(err)
    }

    /// Feeds the next chunk; returns bytes and rows so far.
    pub fn push(&mut self, chunk: &js_sys::Uint8Array) -> Result<Ts<Progress>, JsValue> {
        let p = self.0.push(&chunk.to_vec()).map_err(err)?;
        out(&p)
    }

    /// Ends the current file.
    #[wasm_bindgen(js_name = finishFile)]
    pub fn finish_file(&mut self) -> Result<Ts<IngestSummary>, JsValue> {
        let s = self.0.finish_file().map_err(err)?;
        out(&s)
    }

    /// Abandons the file being pushed.
    #[wasm_bindgen(js_name = abortFile)]
    pub fn abort_file(&mut self) {
        self.0.abort_file();
    }

    /// Whether the rest of the file being pushed can be read in parts by other workers: a big
    /// per-order order export or event file whose header was read (see [`Workspace::beginPart`]).
    #[wasm_bindgen(js_name = canReadInParts)]
    pub fn can_read_in_parts(&self) -> bool {
        self.0.can_read_in_parts() == Some(true)
    }

    /// In a helper worker, after `beginFile` and the same first bytes the main worker pushed:
    /// starts reading the later part of `len` bytes that follows a line end; false when the
    /// file cannot be read in parts. Then `pushPart` its bytes and `finishPart`.
    #[wasm_bindgen(js_name = beginPart)]
    pub fn begin_part(&mut self, len: f64) -> bool {
        self.1 = self.0.part(len.max(0.0) as u64);
        self.1.is_some()
    }

    /// Feeds the next bytes of the part begun with `beginPart`.
    #[wasm_bindgen(js_name = pushPart)]
    pub fn push_part(&mut self, chunk: &js_sys::Uint8Array) -> Result<(), JsValue> {
        let part = self.1.as_mut().ok_or_else(|| err(Error::Sequence("pushPart before beginPart".into())))?;
        part.push(&chunk.to_vec()).map_err(err)
    }

    /// Ends the part (`last`: it runs to the end of the file) and returns it as bytes for
    /// `absorbPart` in the main worker (transfer their buffer).
    #[wasm_bindgen(js_name = finishPart)]
    pub fn finish_part(&mut self, last: bool) -> Result<Vec<u8>, JsValue> {
        let part = self.1.take().ok_or_else(|| err(Error::Sequence("finishPart before beginPart".into())))?;
        Ok(part.finish(last).map_err(err)?.to_bytes())
    }

    /// In the main worker, after pushing the bytes up to where the part begins: takes in a part
    /// read by a helper (`finishPart`), as if those bytes had been pushed here. False, taking
    /// nothing, when it cannot be exact (the part began inside a quoted field): then push the
    /// part's bytes here instead.
    #[wasm_bindgen(js_name = absorbPart)]
    pub fn absorb_part(&mut self, bytes: &js_sys::Uint8Array) -> Result<bool, JsValue> {
        let part = crate::Part::from_bytes(&bytes.to_vec()).map_err(err)?;
        Ok(self.0.absorb_part(part))
    }

    /// The options set for a file (for a helper worker reading a part of it).
    #[wasm_bindgen(js_name = fileOptions)]
    pub fn file_options(&self, name: &str) -> Result<Ts<FileOptions>, JsValue> {
        out(&self.0.options(name))
    }

    /// Options for a file (applied when it is added again); true when it must be re-added.
    #[wasm_bindgen(js_name = setOptions)]
    pub fn set_options(&mut self, name: &str, options: Ts<FileOptions>) -> Result<bool, JsValue> {
        let o: FileOptions = from_js("options", &options.js_value())?;
        Ok(self.0.set_options(name, o))
    }

    /// A manual column mapping `{role: header}`; true when the file must be re-added.
    #[wasm_bindgen(js_name = setMapping)]
    pub fn set_mapping(
        &mut self,
        name: &str,
        #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] mapping: JsValue,
    ) -> Result<bool, JsValue> {
        let m: BTreeMap<String, String> = from_js("mapping", &mapping)?;
        Ok(self.0.set_mapping(name, m))
    }

    /// Removes a file; true when it was there.
    #[wasm_bindgen(js_name = removeFile)]
    pub fn remove_file(&mut self, name: &str) -> bool {
        self.0.remove_file(name)
    }

    /// Summaries of all files, in the order added.
    pub fn files(&self) -> Result<Vec<Ts<IngestSummary>>, JsValue> {
        self.0.files().iter().map(out).collect()
    }

    /// Sets a memory budget in bytes (undefined: none).
    #[wasm_bindgen(js_name = setBudget)]
    pub fn set_budget(&mut self, bytes: Option<f64>) {
        self.0.set_budget(bytes.map(|b| b.max(0.0) as u64));
    }

    /// The report as an object (`JSON.parse` of `reportJson`).
    pub fn report(&self, config: Option<Ts<ReportConfig>>) -> Result<Ts<Report>, JsValue> {
        let r = self.0.report(&decode_config(config)?).map_err(err)?;
        out(&r)
    }

    /// The report as JSON text, byte-identical to the CLI's output.
    #[wasm_bindgen(js_name = reportJson)]
    pub fn report_json(&self, config: Option<Ts<ReportConfig>>) -> Result<String, JsValue> {
        self.0.report_json(&decode_config(config)?).map_err(err)
    }

    /// The whole report as an XLSX workbook (the CLI's `--format xlsx` bytes); `options.lang`
    /// names sheets and headers in that language.
    #[wasm_bindgen(js_name = reportXlsx)]
    pub fn report_xlsx(
        &self,
        config: Option<Ts<ReportConfig>>,
        options: Option<Ts<CsvOptions>>,
    ) -> Result<Vec<u8>, JsValue> {
        self.0.report_xlsx(&decode_config(config)?, &decode_options(options)?).map_err(err)
    }

    /// The members as an XLSX workbook with the columns of `membersCsv`.
    #[wasm_bindgen(js_name = membersXlsx)]
    pub fn members_xlsx(
        &self,
        selector: Ts<MemberSelector>,
        config: Option<Ts<ReportConfig>>,
        options: Option<Ts<CsvOptions>>,
    ) -> Result<Vec<u8>, JsValue> {
        let sel: MemberSelector = from_js("selector", &selector.js_value())?;
        self.0.members_xlsx(&decode_config(config)?, &sel, &decode_options(options)?).map_err(err)
    }

    /// The members of a segment, tag or lifecycle stage.
    pub fn members(
        &self,
        selector: Ts<MemberSelector>,
        config: Option<Ts<ReportConfig>>,
    ) -> Result<Vec<Ts<Member>>, JsValue> {
        let sel: MemberSelector = from_js("selector", &selector.js_value())?;
        self.0.members(&decode_config(config)?, &sel).map_err(err)?.iter().map(out).collect()
    }

    /// A page of the members (`{offset, limit}`, default the first 200) and how many there are
    /// in all: what a list on screen needs, without making every row of a big list.
    #[wasm_bindgen(js_name = membersPage)]
    pub fn members_page(
        &self,
        selector: Ts<MemberSelector>,
        page: Option<Ts<PageQuery>>,
        config: Option<Ts<ReportConfig>>,
    ) -> Result<Ts<MemberPage>, JsValue> {
        let sel: MemberSelector = from_js("selector", &selector.js_value())?;
        let page: PageQuery = match page {
            Some(p) => from_js("page", &p.js_value())?,
            None => PageQuery::default(),
        };
        out(&self.0.members_page(&decode_config(config)?, &sel, &page).map_err(err)?)
    }

    /// The members as CSV (formula cells neutralised); `options.lang` writes headers and values
    /// in that language, with the codes in two last columns.
    #[wasm_bindgen(js_name = membersCsv)]
    pub fn members_csv(
        &self,
        selector: Ts<MemberSelector>,
        config: Option<Ts<ReportConfig>>,
        options: Option<Ts<CsvOptions>>,
    ) -> Result<String, JsValue> {
        let sel: MemberSelector = from_js("selector", &selector.js_value())?;
        self.0.members_csv(&decode_config(config)?, &sel, &decode_options(options)?).map_err(err)
    }
}

#[wasm_bindgen]
impl Workspace {
    /// One customer's record (客户档案): profile, orders, interest events, calls and the derived
    /// fields; an unknown key throws `unknown_customer`.
    pub fn customer(&self, key: &str, config: Option<Ts<ReportConfig>>) -> Result<Ts<CustomerRecord>, JsValue> {
        out(&self.0.customer(&decode_config(config)?, key).map_err(err)?)
    }

    /// A page of the customer list: `{search, kind, limit, offset}`.
    pub fn customers(
        &self,
        query: Option<Ts<CustomerQuery>>,
        config: Option<Ts<ReportConfig>>,
    ) -> Result<Ts<CustomerList>, JsValue> {
        let q: CustomerQuery = match query {
            Some(q) => from_js("query", &q.js_value())?,
            None => CustomerQuery::default(),
        };
        out(&self.0.customers(&decode_config(config)?, &q).map_err(err)?)
    }
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace::new()
    }
}
