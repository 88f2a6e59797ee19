//! A CTranslate2 folder given with --from-ct2 is untrusted: the first
//! bytes up to a 0xFF separator are model.bin, the rest vocabulary.txt.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0xff).unwrap_or(data.len());
    let (model, rest) = data.split_at(split);
    let vocabulary = rest.get(1..).unwrap_or(&[]);
    let mut sink = std::io::sink();
    let _ = hushcart::model::convert::convert(
        model,
        vocabulary,
        hushcart::model::convert::WeightType::Q8_0,
        &mut sink,
    );
});
