//! Workbooks. Bytes with a zip or OLE signature are a whole file (XLSX, XLS, XLSB, ODS: what
//! calamine sniffs) through `add_file`. Other bytes are the parts of a one-sheet XLSX, separated
//! by `\n--8<--\n`: the sheet XML, then shared strings, styles and workbook XML (each optional);
//! they are packed into a stored zip with correct checksums, so mutations reach calamine's XML
//! readers rather than failing the zip's CRC check.

#![no_main]

mod common;

use customer_insights::{FileOptions, ReportConfig, Workspace};
use libfuzzer_sys::fuzz_target;

const CT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WB_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
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
            ("[Content_Types].xml", CT.as_bytes()),
            ("_rels/.rels", RELS.as_bytes()),
            ("xl/workbook.xml", part(3, WORKBOOK)),
            ("xl/_rels/workbook.xml.rels", WB_RELS.as_bytes()),
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
