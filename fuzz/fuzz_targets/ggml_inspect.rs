//! A model file given with --model is untrusted until inspected.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = hushcart::model::convert::inspect_ggml(std::io::Cursor::new(data));
});
