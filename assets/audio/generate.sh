#!/usr/bin/env bash
# Regenerates hushcart's synthetic voice-command test audio.
#
#   assets/audio/generate.sh                   main suite  -> assets/audio/clips/, suite.jsonl, SHA256SUMS
#   assets/audio/generate.sh --holdout OUTDIR  held-out set -> OUTDIR/clips/, OUTDIR/suite.jsonl, OUTDIR/SHA256SUMS
#   assets/audio/generate.sh --holdout OUTDIR --phrases FILE
#                                              the same from another held-out phrase table (default
#                                              holdout_phrases.tsv), e.g. assets/audio/holdout2_phrases.tsv
#
# Speech: espeak-ng (voice, words per minute and pitch from the phrase table),
# then sox: trim leading/trailing silence, peak-normalise to -3 dBFS, pad 0.25 s
# before and 0.3 s after, resample to 16 kHz mono 16-bit signed PCM WAV.
# Non-speech: sox synth (digital silence, low-level dither, white/pink/brown noise).
# Output is deterministic: sox runs with -R (fixed random seed), nothing
# time-dependent is written. See README.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export LC_ALL=C

usage() {
    sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

mode=main
outdir="$here"
holdout_phrases="$here/holdout_phrases.tsv"
case "${1:-}" in
    "") ;;
    --holdout)
        if [[ -z "${2:-}" ]] || ! [[ $# -eq 2 || ($# -eq 4 && $3 == --phrases && -n "$4") ]]; then
            usage >&2
            exit 2
        fi
        if [[ $# -eq 4 ]]; then
            if [[ ! -f "$4" ]]; then
                echo "error: phrase table $4 not found" >&2
                exit 2
            fi
            holdout_phrases="$(cd -- "$(dirname -- "$4")" && pwd)/$(basename -- "$4")"
            if [[ "$holdout_phrases" == "$here/phrases.tsv" ]]; then
                echo "error: --phrases must be a held-out table, not the main suite's phrases.tsv" >&2
                exit 2
            fi
        fi
        mode=holdout
        mkdir -p -- "$2"
        outdir="$(cd -- "$2" && pwd)"
        if [[ "$outdir" == "$here" || "$outdir" == "$here/clips" ]]; then
            echo "error: OUTDIR must not be $here or its clips folder (the main suite lives there)" >&2
            exit 2
        fi
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        usage >&2
        exit 2
        ;;
esac

for tool in espeak-ng sox python3; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "error: $tool not found (apt-get install espeak-ng sox python3)" >&2
        exit 1
    fi
done

if [[ $mode == main ]]; then
    phrases="$here/phrases.tsv"
    nonspeech="$here/nonspeech.tsv"
    exclude=()
else
    phrases="$holdout_phrases"
    nonspeech="$here/holdout_nonspeech.tsv"
    exclude=(--exclude "$here/phrases.tsv")
    # The held-out set must not be committed: warn when OUTDIR is inside a git
    # work tree and not ignored there.
    if command -v git >/dev/null 2>&1 &&
        git -C "$outdir" rev-parse --is-inside-work-tree >/dev/null 2>&1 &&
        ! git -C "$outdir" check-ignore -q -- "$outdir/suite.jsonl"; then
        echo "warning: $outdir is inside a git work tree and not ignored; do not commit the held-out set" >&2
    fi
fi

echo "espeak-ng: $(espeak-ng --version | head -n 1)" >&2
sox --version 2>&1 | head -n 1 >&2

tmp="$(mktemp -d)"
trap 'rm -rf -- "$tmp"' EXIT
mkdir -p -- "$tmp/clips"

# Validate the tables (labels per the intents spec) and get the render plan.
python3 "$here/suite.py" plan "$phrases" "$nonspeech" "${exclude[@]}" >"$tmp/plan.tsv"
# Another held-out table must not repeat the first one's transcripts or ids either.
if [[ $mode == holdout && "$phrases" != "$here/holdout_phrases.tsv" ]]; then
    python3 "$here/suite.py" plan "$phrases" "$nonspeech" --exclude "$here/holdout_phrases.tsv" >/dev/null
fi

render_speech() {
    local id=$1 voice=$2 wpm=$3 pitch=$4 text=$5
    printf '%s\n' "$text" >"$tmp/text.txt"
    # -a 75: a little headroom below espeak-ng's default amplitude (100), whose
    # loudest voices peak near full scale.
    espeak-ng -a 75 -v "$voice" -s "$wpm" -p "$pitch" -f "$tmp/text.txt" -w "$tmp/raw.wav"
    # Trim only (near-)digital silence at both ends (-80 dBFS threshold, so
    # quiet onsets and releases such as the "p" of "help" are kept).
    sox -R "$tmp/raw.wav" -r 16000 -c 1 -b 16 -e signed-integer "$tmp/clips/$id.wav" \
        silence 1 0.01 0.01% reverse silence 1 0.01 0.01% reverse \
        gain -n -3 pad 0.25 0.3
}

render_nonspeech() {
    local id=$1 kind=$2 seconds=$3 gain=$4
    local out="$tmp/clips/$id.wav"
    local fmt=(-r 16000 -c 1 -b 16 -e signed-integer)
    case "$kind" in
        silence) sox -R -D -n "${fmt[@]}" "$out" trim 0 "$seconds" ;;
        dither) sox -R -n "${fmt[@]}" "$out" synth "$seconds" whitenoise gain "$gain" ;;
        white | pink | brown) sox -R -n "${fmt[@]}" "$out" synth "$seconds" "${kind}noise" gain "$gain" ;;
        *)
            echo "error: unknown non-speech kind $kind" >&2
            exit 1
            ;;
    esac
}

n=0
while IFS=$'\t' read -r kind id a b c d; do
    case "$kind" in
        speech) render_speech "$id" "$a" "$b" "$c" "$d" ;;
        nonspeech) render_nonspeech "$id" "$a" "$b" "$c" ;;
        *)
            echo "error: bad plan line for $id" >&2
            exit 1
            ;;
    esac
    n=$((n + 1))
done <"$tmp/plan.tsv"

python3 "$here/suite.py" manifest "$phrases" "$nonspeech" "$tmp/suite.jsonl" --set "$mode"

# Install: replace the clips folder's WAVs, the manifest and the checksums.
mkdir -p -- "$outdir/clips"
find "$outdir/clips" -maxdepth 1 -type f -name '*.wav' -delete
mv -- "$tmp"/clips/*.wav "$outdir/clips/"
mv -- "$tmp/suite.jsonl" "$outdir/suite.jsonl"
(cd -- "$outdir" && sha256sum suite.jsonl clips/*.wav >SHA256SUMS)

python3 "$here/suite.py" verify "$outdir/suite.jsonl"
echo "generated $n clips in $outdir/clips ($(du -sh -- "$outdir/clips" | cut -f1))" >&2
