//! wasm-bindgen-test of the door in Node: errors become real JS Errors with a stable code,
//! outputs are JSON.parse of the CLI's bytes, configs are checked. Run by `make test-wasm`.
#![cfg(all(target_arch = "wasm32", feature = "wasm"))]

#[macro_use]
#[path = "wasm_common/mod.rs"]
mod common;

door_tests!();
