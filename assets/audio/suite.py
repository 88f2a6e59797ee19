#!/usr/bin/env python3
"""Helper for generate.sh: validates the phrase tables, prints the render plan,
writes the suite manifest (suite.jsonl) and checks the rendered WAV files.

Standard library only. Usage (normally called by generate.sh):

    suite.py plan     PHRASES NONSPEECH [--exclude OTHER_PHRASES]
    suite.py manifest PHRASES NONSPEECH OUT_JSONL [--set main|holdout]
    suite.py verify   SUITE_JSONL

The label rules follow /work/shared/spec/intents.md ("Shopping intents and
slots: the contract"); a row that breaks them stops the build.
"""

import argparse
import array
import json
import math
import os
import re
import sys
import wave

INTENTS = {
    "search", "add_to_cart", "remove_from_cart", "view_cart", "checkout",
    "reorder", "track_order", "set_preference", "privacy_report",
    "forget_history", "cancel", "help", "unknown",
}
# Canonical slot order used when writing the manifest (the spec's slot table).
SLOT_ORDER = [
    "product", "brand", "quantity", "unit", "size", "color",
    "max_price", "min_price", "attributes", "avoid", "sort",
]
UNITS = {"pack", "bottle", "box", "bag", "can", "pound", "kilogram", "ounce",
         "liter", "gallon"}
SORTS = {"price_asc", "price_desc", "rating"}
# Attribute lexicon from the spec; the spec's list is open-ended ("..."), so an
# unknown attribute is only a warning, but its form is still checked.
ATTRIBUTES = {"organic", "gluten-free", "vegan", "dairy-free", "sugar-free",
              "fair-trade", "wireless", "waterproof", "noise-cancelling",
              "refurbished"}
NONSPEECH_KINDS = {"silence", "dither", "white", "pink", "brown"}

PHRASE_COLUMNS = ["id", "voice", "wpm", "pitch", "intent", "transcript",
                  "slots", "tags", "say"]
NONSPEECH_COLUMNS = ["id", "kind", "seconds", "gain_db", "tags"]

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
WORD = r"[a-z]+(?:'[a-z]+)?"
TRANSCRIPT_RE = re.compile(rf"^{WORD}(?: {WORD})*$")
LOWER_PHRASE_RE = re.compile(r"^[a-z0-9][a-z0-9 .'-]*$")
ATTR_RE = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
VOICE_RE = re.compile(r"^[A-Za-z0-9_-]+(?:\+[A-Za-z0-9_-]+)?$")
TAG_RE = re.compile(r"^[a-z0-9][a-z0-9:_+.-]*$")
SAY_FORBIDDEN = re.compile(r"[\t\n\[\]<>]")

SPEED_SLOW_MAX = 150   # wpm <= this  -> speed:slow
SPEED_FAST_MIN = 180   # wpm >= this  -> speed:fast, otherwise speed:normal
PITCH_DEFAULT = 50


class TableError(Exception):
    pass


def read_tsv(path, columns):
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0].split("\t") != columns:
        raise TableError(f"{path}: header must be: {chr(9).join(columns)}")
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        if line.strip() == "" or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != len(columns):
            raise TableError(f"{path}:{n}: expected {len(columns)} tab-separated "
                             f"cells, got {len(cells)}")
        row = dict(zip(columns, cells))
        row["_where"] = f"{path}:{n}"
        rows.append(row)
    return rows


def split_tags(cell, where):
    tags = [t for t in cell.split(",") if t] if cell else []
    for t in tags:
        if not TAG_RE.match(t):
            raise TableError(f"{where}: bad tag {t!r}")
    return tags


def check_lower_phrase(value, name, where):
    if not isinstance(value, str) or not value or not LOWER_PHRASE_RE.match(value) \
            or value != value.strip() or "  " in value:
        raise TableError(f"{where}: slot {name} must be a non-empty lower-case "
                         f"string, got {value!r}")


def contains_words(transcript, phrase):
    """True if the words of phrase occur consecutively in transcript."""
    return f" {phrase} " in f" {transcript} "


def validate_slots(slots, transcript, where):
    if not isinstance(slots, dict):
        raise TableError(f"{where}: slots must be a JSON object")
    unknown = set(slots) - set(SLOT_ORDER)
    if unknown:
        raise TableError(f"{where}: unknown slots {sorted(unknown)}")
    out = {}
    for name in SLOT_ORDER:
        if name not in slots:
            continue
        v = slots[name]
        if name in ("product", "brand", "size", "color"):
            check_lower_phrase(v, name, where)
            if name == "size" and re.search(r"\d", v) is None \
                    and not contains_words(transcript, v):
                raise TableError(f"{where}: size {v!r} not in transcript")
            if name in ("brand", "color") and not contains_words(transcript, v):
                raise TableError(f"{where}: {name} {v!r} not in transcript")
            if name == "product":
                for w in v.split():
                    if not contains_words(transcript, w):
                        raise TableError(f"{where}: product word {w!r} not in "
                                         f"transcript")
            out[name] = v
        elif name == "quantity":
            if type(v) is not int or v <= 0:
                raise TableError(f"{where}: quantity must be a positive integer")
            out[name] = v
        elif name == "unit":
            if v not in UNITS:
                raise TableError(f"{where}: unit {v!r} not one of {sorted(UNITS)}")
            out[name] = v
        elif name in ("max_price", "min_price"):
            if type(v) not in (int, float) or isinstance(v, bool) or v <= 0 \
                    or not math.isfinite(v):
                raise TableError(f"{where}: {name} must be a positive number")
            out[name] = float(v)
        elif name in ("attributes", "avoid"):
            if not isinstance(v, list) or not v:
                raise TableError(f"{where}: {name} must be a non-empty list")
            for a in v:
                if name == "attributes":
                    if not isinstance(a, str) or not ATTR_RE.match(a):
                        raise TableError(f"{where}: attribute {a!r} must be lower "
                                         f"case and hyphenated")
                    if a not in ATTRIBUTES:
                        print(f"warning: {where}: attribute {a!r} is not in the "
                              f"spec's example lexicon", file=sys.stderr)
                    if not contains_words(transcript, a.replace("-", " ")):
                        raise TableError(f"{where}: attribute {a!r} not spoken")
                else:
                    check_lower_phrase(a, name, where)
            if name == "attributes" and v != sorted(set(v)):
                raise TableError(f"{where}: attributes must be sorted and unique")
            out[name] = list(v)
        elif name == "sort":
            if v not in SORTS:
                raise TableError(f"{where}: sort {v!r} not one of {sorted(SORTS)}")
            out[name] = v
    if "min_price" in out and "max_price" in out and out["min_price"] > out["max_price"]:
        raise TableError(f"{where}: min_price > max_price")
    return out


def load_phrases(path):
    rows = read_tsv(path, PHRASE_COLUMNS)
    for r in rows:
        w = r["_where"]
        if not ID_RE.match(r["id"]):
            raise TableError(f"{w}: bad id {r['id']!r}")
        if not VOICE_RE.match(r["voice"]):
            raise TableError(f"{w}: bad voice {r['voice']!r}")
        try:
            r["wpm"] = int(r["wpm"])
            r["pitch"] = int(r["pitch"]) if r["pitch"] else PITCH_DEFAULT
        except ValueError as e:
            raise TableError(f"{w}: wpm/pitch must be integers") from e
        if not 80 <= r["wpm"] <= 450:
            raise TableError(f"{w}: wpm out of espeak-ng range 80..450")
        if not 0 <= r["pitch"] <= 99:
            raise TableError(f"{w}: pitch out of espeak-ng range 0..99")
        if r["intent"] not in INTENTS:
            raise TableError(f"{w}: unknown intent {r['intent']!r}")
        if not TRANSCRIPT_RE.match(r["transcript"]):
            raise TableError(f"{w}: transcript must be lower-case words separated "
                             f"by single spaces, numbers spelled out")
        try:
            slots = json.loads(r["slots"]) if r["slots"] else {}
        except json.JSONDecodeError as e:
            raise TableError(f"{w}: slots is not JSON: {e}") from e
        r["slots"] = validate_slots(slots, r["transcript"], w)
        r["tags"] = split_tags(r["tags"], w)
        if SAY_FORBIDDEN.search(r["say"]):
            raise TableError(f"{w}: say must be plain text")
    return rows


def load_nonspeech(path):
    rows = read_tsv(path, NONSPEECH_COLUMNS)
    for r in rows:
        w = r["_where"]
        if not ID_RE.match(r["id"]):
            raise TableError(f"{w}: bad id {r['id']!r}")
        if r["kind"] not in NONSPEECH_KINDS:
            raise TableError(f"{w}: kind must be one of {sorted(NONSPEECH_KINDS)}")
        try:
            secs = float(r["seconds"])
            gain = float(r["gain_db"])
        except ValueError as e:
            raise TableError(f"{w}: seconds/gain_db must be numbers") from e
        if not 0.1 <= secs <= 30:
            raise TableError(f"{w}: seconds out of range")
        if gain > 0:
            raise TableError(f"{w}: gain_db must be <= 0")
        r["tags"] = split_tags(r["tags"], w)
    return rows


def load_all(phrases, nonspeech):
    speech = load_phrases(phrases)
    other = load_nonspeech(nonspeech)
    seen = set()
    for r in speech + other:
        if r["id"] in seen:
            raise TableError(f"{r['_where']}: duplicate id {r['id']!r}")
        seen.add(r["id"])
    texts = {}
    for r in speech:
        if r["transcript"] in texts:
            raise TableError(f"{r['_where']}: transcript repeats "
                             f"{texts[r['transcript']]}")
        texts[r["transcript"]] = r["id"]
    return speech, other


def speed_tag(wpm):
    if wpm <= SPEED_SLOW_MAX:
        return "speed:slow"
    if wpm >= SPEED_FAST_MIN:
        return "speed:fast"
    return "speed:normal"


def speech_tags(r, set_name):
    tags = ["tts", f"voice:{r['voice']}", speed_tag(r["wpm"])]
    if r["pitch"] < PITCH_DEFAULT:
        tags.append("pitch:low")
    elif r["pitch"] > PITCH_DEFAULT:
        tags.append("pitch:high")
    if r["say"] and r["say"] != r["transcript"]:
        tags.append("respelled")
    if set_name == "holdout":
        tags.append("holdout")
    return tags + [t for t in r["tags"] if t not in tags]


def nonspeech_tags(r, set_name):
    if r["kind"] in ("silence", "dither"):
        tags = ["silence", "sox", f"silence:{'digital' if r['kind'] == 'silence' else 'dither'}"]
    else:
        tags = ["noise", "sox", f"noise:{r['kind']}"]
    if set_name == "holdout":
        tags.append("holdout")
    return tags + [t for t in r["tags"] if t not in tags]


def cmd_plan(args):
    speech, other = load_all(args.phrases, args.nonspeech)
    if args.exclude:
        main_speech = load_phrases(args.exclude)
        main_texts = {r["transcript"]: r["id"] for r in main_speech}
        main_ids = {r["id"] for r in main_speech}
        for r in speech:
            if r["transcript"] in main_texts:
                raise TableError(f"{r['_where']}: transcript also in "
                                 f"{args.exclude} ({main_texts[r['transcript']]})")
            if r["id"] in main_ids:
                raise TableError(f"{r['_where']}: id also in {args.exclude}")
    out = sys.stdout
    for r in speech:
        say = r["say"] or r["transcript"]
        out.write("\t".join(["speech", r["id"], r["voice"], str(r["wpm"]),
                             str(r["pitch"]), say]) + "\n")
    for r in other:
        out.write("\t".join(["nonspeech", r["id"], r["kind"], r["seconds"],
                             r["gain_db"]]) + "\n")


def cmd_manifest(args):
    speech, other = load_all(args.phrases, args.nonspeech)
    lines = []
    for r in speech:
        lines.append({
            "id": r["id"], "audio": f"{args.clips}/{r['id']}.wav",
            "transcript": r["transcript"], "intent": r["intent"],
            "slots": r["slots"], "tags": speech_tags(r, args.set),
        })
    for r in other:
        lines.append({
            "id": r["id"], "audio": f"{args.clips}/{r['id']}.wav",
            "transcript": "", "intent": "unknown", "slots": {},
            "tags": nonspeech_tags(r, args.set),
        })
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        for obj in lines:
            f.write(json.dumps(obj, ensure_ascii=False) + "\n")
    os.replace(tmp, args.out)


def wav_stats(path):
    with wave.open(path, "rb") as w:
        fmt = (w.getframerate(), w.getnchannels(), w.getsampwidth(), w.getcomptype())
        frames = w.readframes(w.getnframes())
        n = w.getnframes()
    samples = array.array("h")
    samples.frombytes(frames)
    if sys.byteorder == "big":
        samples.byteswap()
    peak = max((abs(s) for s in samples), default=0)
    rms = math.sqrt(sum(s * s for s in samples) / len(samples)) if samples else 0.0
    clipped = sum(1 for s in samples if s >= 32767 or s <= -32768)
    return fmt, n / fmt[0] if fmt[0] else 0.0, peak, rms, clipped


def dbfs(x):
    return 20 * math.log10(x / 32768) if x > 0 else float("-inf")


def cmd_verify(args):
    base = os.path.dirname(os.path.abspath(args.suite))
    problems = []
    count = 0
    with open(args.suite, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                problems.append(f"line {n}: not JSON: {e}")
                continue
            count += 1
            keys = ["id", "audio", "transcript", "intent", "slots", "tags"]
            if list(obj) != keys:
                problems.append(f"line {n}: keys must be {keys}")
                continue
            path = os.path.join(base, obj["audio"])
            if not os.path.isfile(path):
                problems.append(f"{obj['id']}: missing {obj['audio']}")
                continue
            fmt, secs, peak, rms, clipped = wav_stats(path)
            silent = "silence" in obj["tags"]
            if fmt != (16000, 1, 2, "NONE"):
                problems.append(f"{obj['id']}: format {fmt}, want 16 kHz mono 16-bit PCM")
            if clipped:
                problems.append(f"{obj['id']}: {clipped} clipped samples")
            if "tts" in obj["tags"]:
                if not 0.5 <= secs <= 6.5:
                    problems.append(f"{obj['id']}: duration {secs:.2f} s outside 0.5..6.5")
                if dbfs(rms) < -35:
                    problems.append(f"{obj['id']}: speech too quiet ({dbfs(rms):.1f} dBFS RMS)")
            elif silent and peak > 8:
                problems.append(f"{obj['id']}: silence peak {peak} LSB")
            elif "noise" in obj["tags"] and not -45 < dbfs(rms) < -10:
                problems.append(f"{obj['id']}: noise RMS {dbfs(rms):.1f} dBFS")
            if args.verbose:
                print(f"{obj['id']:<16} {secs:5.2f} s  peak {dbfs(peak):6.1f} dBFS  "
                      f"rms {dbfs(rms):6.1f} dBFS")
    for p in problems:
        print(f"verify: {p}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"verify: {count} entries OK in {args.suite}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("plan")
    p.add_argument("phrases")
    p.add_argument("nonspeech")
    p.add_argument("--exclude")
    p.set_defaults(func=cmd_plan)
    p = sub.add_parser("manifest")
    p.add_argument("phrases")
    p.add_argument("nonspeech")
    p.add_argument("out")
    p.add_argument("--set", choices=["main", "holdout"], default="main")
    p.add_argument("--clips", default="clips")
    p.set_defaults(func=cmd_manifest)
    p = sub.add_parser("verify")
    p.add_argument("suite")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(func=cmd_verify)
    args = ap.parse_args()
    try:
        args.func(args)
    except TableError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
