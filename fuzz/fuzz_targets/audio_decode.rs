//! Recorded audio (WAV, FLAC) comes from anywhere.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = hushcart::audio::DecodeLimits::default();
    if let Ok(clip) = hushcart::audio::decode_bytes(data, &limits) {
        assert!(clip.samples().iter().all(|s| (-1.0..=1.0).contains(s)));
    }
});
