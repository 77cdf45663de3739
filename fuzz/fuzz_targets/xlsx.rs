//! Workbooks. Bytes with a zip or OLE signature are a whole file (XLSX, XLS, XLSB, ODS: what
//! calamine sniffs) through `add_file`. Other bytes are the parts of a one-sheet XLSX, separated
//! by `\n--8<--\n`: the sheet XML, then shared strings, styles and workbook XML (each optional);
//! they are packed into a stored zip with correct checksums, so mutations reach calamine's XML
//! readers rather than failing the zip's CRC check.

#![no_main]

mod common;

use customer_insights::{FileOptions, ReportConfig, Workspace};
use libfuzzer_sys::fuzz_target;

const SST: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>"#;
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#;

fuzz_target!(|data: &[u8]| {
    let file = if data.starts_with(b"PK\x03\x04") || data.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        data.to_vec()
    } else {
        let p = common::parts(data);
        let part = |i: usize, default: &'static str| p.get(i).copied().unwrap_or(default.as_bytes());
        common::stored_zip(&[
            ("[Content_Types].xml", common::CT.as_bytes()),
            ("_rels/.rels", common::RELS.as_bytes()),
            ("xl/workbook.xml", part(3, common::WORKBOOK)),
            ("xl/_rels/workbook.xml.rels", common::WB_RELS.as_bytes()),
            ("xl/sharedStrings.xml", part(1, SST)),
            ("xl/styles.xml", part(2, STYLES)),
            ("xl/worksheets/sheet1.xml", part(0, "")),
        ])
    };
    let mut ws = Workspace::new();
    if common::add(&mut ws, "book.xlsx", &file, FileOptions::default()).is_ok() {
        let _ = ws.report_json(&ReportConfig::default());
    }
});
