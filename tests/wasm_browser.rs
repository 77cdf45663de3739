//! The same door tests in headless Chromium (wasm-bindgen-test-runner + chromedriver).
#![cfg(all(target_arch = "wasm32", feature = "wasm"))]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[macro_use]
#[path = "wasm_common/mod.rs"]
mod common;

door_tests!();
