#!/usr/bin/env python3
"""Validate hushcart's labelled intent utterances (dev.jsonl, test.jsonl).

Standard library only. Usage:

    python3 assets/intents/check.py            # checks dev.jsonl and test.jsonl next to this script
    python3 assets/intents/check.py --quiet    # only problems and the verdict
    python3 assets/intents/check.py A.jsonl B.jsonl   # other files (first = dev, second = test)

Checks, per line: valid JSON object with exactly the keys id, text, intent,
slots, tags (in that order); a known intent; known slot names with the
types of /work/shared/spec/intents.md; no empty slot; attributes from the
lexicon, lower case, hyphenated, sorted and unique; avoid lower case, sorted
and unique; unit from the spec's list; sort from the spec's list; the slots
this data set allows for the intent; every slot value grounded in the text
(product, brand, colour, avoid and attribute words are spoken; quantity,
prices and numeric sizes can be read from the number words or digits);
letter sizes written in the canonical form; fractional amounts carry the
`fraction` tag and no quantity; tags from the tag list.

Across files: unique ids (prefixed with the split name); no duplicate
texts (exact, nor after lower-casing and dropping punctuation); no product,
brand or avoid value shared by dev and test; no test utterance whose
sentence frame (the text with slot values and numbers masked) also occurs
in dev; no text equal to a held-out audio transcript
(../audio/holdout_phrases.tsv, if present; a main-suite transcript,
../audio/phrases.tsv, only warns). Coverage: the minimum counts of
the data brief, and every intent and slot present in both splits.

Prints counts per intent, per slot and per tag for each split; exits 1 if
anything is wrong.
"""

import json
import os
import re
import sys
from collections import Counter

INTENTS = [
    "search", "add_to_cart", "remove_from_cart", "view_cart", "checkout",
    "reorder", "track_order", "set_preference", "privacy_report",
    "forget_history", "cancel", "help", "unknown",
]
SLOT_ORDER = [
    "product", "brand", "quantity", "unit", "size", "color",
    "max_price", "min_price", "attributes", "avoid", "sort",
]
UNITS = {"pack", "bottle", "box", "bag", "can", "pound", "kilogram", "ounce",
         "liter", "gallon"}
UNIT_FORMS = {
    "pack": {"pack", "packs"}, "bottle": {"bottle", "bottles"},
    "box": {"box", "boxes"}, "bag": {"bag", "bags"}, "can": {"can", "cans"},
    "pound": {"pound", "pounds", "lb", "lbs"},
    "kilogram": {"kilogram", "kilograms", "kilo", "kilos", "kg", "kgs"},
    "ounce": {"ounce", "ounces", "oz"},
    "liter": {"liter", "liters", "litre", "litres"},
    "gallon": {"gallon", "gallons"},
}
SORTS = {"price_asc", "price_desc", "rating"}
# The spec's attribute lexicon ("organic, ..., refurbished, ...") plus the
# extensions this data set uses (documented in README.md).
SPEC_ATTRIBUTES = {"organic", "gluten-free", "vegan", "dairy-free", "sugar-free",
                   "fair-trade", "wireless", "waterproof", "noise-cancelling",
                   "refurbished"}
EXTENDED_ATTRIBUTES = {"vegetarian"}
ATTRIBUTES = SPEC_ATTRIBUTES | EXTENDED_ATTRIBUTES
# How an attribute may be spoken or written (besides the hyphen-less form).
ATTRIBUTE_VARIANTS = {"noise-cancelling": ["noise canceling"]}
# Letter sizes are labelled with their word form.
LETTER_SIZES = {
    "extra small": ["xs", "x small"],
    "small": ["s"],
    "medium": ["m"],
    "large": ["l"],
    "extra large": ["xl", "x large"],
}
NON_CANONICAL_SIZES = {"xs", "s", "m", "l", "xl", "xxl", "x-large", "x large",
                       "x-small", "x small", "extra-large", "extra-small"}

# Which slots this data set labels for each intent.
PRODUCT_SLOTS = {"product", "brand", "quantity", "unit", "size", "color",
                 "max_price", "min_price", "attributes", "sort"}
ALLOWED_SLOTS = {
    "search": PRODUCT_SLOTS,
    "add_to_cart": PRODUCT_SLOTS,
    "remove_from_cart": PRODUCT_SLOTS,
    "reorder": PRODUCT_SLOTS,
    "track_order": {"product", "brand"},
    "set_preference": set(SLOT_ORDER),
    "view_cart": set(), "checkout": set(), "privacy_report": set(),
    "forget_history": set(), "cancel": set(), "help": set(), "unknown": set(),
}

TAGS = {
    # how the text is written
    "asr", "mishearing", "misheard-number", "asr-hopeless", "nonspeech",
    # phrasing
    "question", "polite", "filler", "word-order", "single-word",
    "purchase-verb", "confusable", "shares-words",
    # quantities and units
    "qty:digit", "qty:word", "qty:article", "qty:dozen", "qty:half-dozen",
    "qty:couple", "fraction", "vague-quantity", "no-unit-article",
    "unit:unlisted", "unit:abbrev", "measure-size",
    # prices
    "price:digits", "price:words", "price:dollar-sign", "price:bucks",
    "price:cents", "price-range", "vague-price",
    # sizes
    "size:number", "size:word", "size:letter",
    # other slot shapes
    "multi-attribute", "attr:extended", "multi-avoid", "brand-avoid",
    "brand-only", "whole-cart",
}
TAG_PATTERNS = [re.compile(r"^vs:(%s)$" % "|".join(INTENTS))]

MINIMUM_TOTAL = 480
MINIMUM_PER_INTENT = {i: 15 for i in INTENTS}
MINIMUM_PER_INTENT.update({"search": 90, "add_to_cart": 70,
                           "set_preference": 30, "unknown": 25})
MINIMUM_ASR = 80

ID_RE = re.compile(r"^(dev|test)-[a-z]+-\d{3}$")
ATTR_RE = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
LOWER_VALUE_RE = re.compile(r"^[a-z0-9][a-z0-9 .'&-]*$")

# ---------------------------------------------------------------- numbers

SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve "
    "thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * (i + 2) for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())}
SCALES = {"hundred": 100, "thousand": 1000}


def tokens(text):
    """Lower-case word tokens; hyphens split words; '$5.' -> '5'; '4.99' kept."""
    t = text.lower().replace("\u2019", "'")
    t = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", t)
    return re.findall(r"[a-z0-9']+(?:\.\d+)?", t)


def is_numword(w):
    return w in SMALL or w in TENS or w in SCALES


def value_of(ws):
    """Value of a run of number words ('two hundred fifty' -> 250), or None."""
    total, current, seen = 0, 0, False
    for w in ws:
        if w in SMALL:
            current += SMALL[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def number_candidates(text):
    """Every number the text could plausibly express (generous on purpose)."""
    ws = tokens(text)
    out = set()
    # 'a hundred', 'a thousand' -> 'one hundred'
    ws = ["one" if w in ("a", "an") and i + 1 < len(ws) and ws[i + 1] in SCALES
          else w for i, w in enumerate(ws)]
    for w in ws:
        if re.fullmatch(r"\d+(?:\.\d+)?", w):
            out.add(float(w))
    # runs of number words ('and' may join them: 'a hundred and twenty')
    runs, cur = [], []
    for w in ws + ["<end>"]:
        if is_numword(w) or (w == "and" and cur):
            cur.append(w)
        else:
            while cur and cur[-1] == "and":
                cur.pop()
            if cur:
                runs.append(cur)
            cur = []
    for run in runs:
        nums = [w for w in run if w != "and"]
        for i in range(len(nums)):
            for j in range(i + 1, len(nums) + 1):
                v = value_of(nums[i:j])
                if v is not None:
                    out.add(float(v))
                # 'one fifty' = 150, 'four fifty' = 4.50, 'four ninety nine' = 4.99
                for k in range(i + 1, j):
                    a, b = value_of(nums[i:k]), value_of(nums[k:j])
                    if a is not None and b is not None and 10 <= b < 100 \
                            and nums[k] in TENS and a < 100:
                        out.add(float(a * 100 + b))
                        out.add(round(a + b / 100, 2))
    joined = " ".join(ws)
    # 'X dollars and Y cents'
    for m in re.finditer(r"\b(\d+|[a-z]+(?: [a-z]+)?) dollars? and ([a-z]+(?: [a-z]+)?|\d+) cents\b", joined):
        a = int(m.group(1)) if m.group(1).isdigit() else value_of(m.group(1).split()[-1:])
        b = int(m.group(2)) if m.group(2).isdigit() else value_of(m.group(2).split())
        if a is not None and b is not None:
            out.add(round(a + b / 100, 2))
    # fractions and dozens
    base = set(out)
    if re.search(r"\band a half\b", joined):
        out |= {v + 0.5 for v in base}
    if re.search(r"\bhalf a dozen\b", joined):
        out.add(6.0)
    for m in re.finditer(r"(\S+) dozen", joined):
        n = m.group(1)
        mult = 1 if n in ("a", "one") else value_of([n]) if is_numword(n) else \
            float(n) if re.fullmatch(r"\d+", n) else None
        if mult:
            out.add(12.0 * mult)
            if re.search(r"\b%s dozen and a half\b" % re.escape(n), joined):
                out.add(12.0 * mult + 6)
    if re.search(r"\ba couple\b", joined):
        out.add(2.0)
    if re.search(r"\b(a|an|one)\b", joined):
        out.add(1.0)
    return {round(v, 2) for v in out}


# ---------------------------------------------------------------- checking

class Problems:
    def __init__(self):
        self.errors, self.warnings = [], []

    def error(self, where, msg):
        self.errors.append(f"{where}: {msg}")

    def warn(self, where, msg):
        self.warnings.append(f"{where}: {msg}")


def contains(text_tokens, phrase):
    """True if the words of phrase occur consecutively in the text."""
    p = tokens(phrase)
    n = len(p)
    return n > 0 and any(text_tokens[i:i + n] == p for i in range(len(text_tokens) - n + 1))


def check_string(value, name, where, P):
    if not isinstance(value, str) or not value:
        P.error(where, f"slot {name} must be a non-empty string")
        return False
    if value != value.strip() or "  " in value or not LOWER_VALUE_RE.match(value):
        P.error(where, f"slot {name} must be lower case, trimmed, single-spaced: {value!r}")
        return False
    return True


def check_tags(obj, where, P):
    tags = obj["tags"]
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        P.error(where, "tags must be a list of strings")
        return
    if len(set(tags)) != len(tags):
        P.error(where, "duplicate tags")
    for t in tags:
        if t not in TAGS and not any(p.match(t) for p in TAG_PATTERNS):
            P.error(where, f"unknown tag {t!r} (see the tag list in README.md)")
    if any(t.startswith("vs:") for t in tags) and "confusable" not in tags:
        P.error(where, "a vs:<intent> tag needs the confusable tag")
    if "vs:" + obj["intent"] in tags:
        P.error(where, "vs: tag names the item's own intent")
    for sub in ("mishearing", "misheard-number", "asr-hopeless", "nonspeech"):
        if sub in tags and "asr" not in tags:
            P.error(where, f"tag {sub} needs the asr tag")
    if ("asr-hopeless" in tags or "nonspeech" in tags) and obj["intent"] != "unknown":
        P.error(where, "hopeless recogniser output must be labelled unknown")


def check_text(obj, where, P):
    text = obj["text"]
    if not isinstance(text, str) or not text.strip():
        P.error(where, "text must be a non-empty string")
        return False
    if text != text.strip() or "  " in text or "\t" in text or "\n" in text:
        P.error(where, "text must be trimmed and single-spaced")
    tags = obj.get("tags") or []
    if "asr" in tags:
        if text == text.lower() and not re.search(r"[.,?!$]", text):
            P.error(where, "asr text should be written as the recogniser writes "
                           "(capitals, punctuation, digits, $)")
    else:
        if text != text.lower() or re.search(r"[.,?!;:$\"]", text):
            P.error(where, "non-asr text must be lower case without punctuation "
                           "(as a reference transcript is written)")
    return True


def check_slots(obj, where, P):
    slots, intent, tags = obj["slots"], obj["intent"], obj.get("tags") or []
    if not isinstance(slots, dict):
        P.error(where, "slots must be an object")
        return
    unknown = [k for k in slots if k not in SLOT_ORDER]
    if unknown:
        P.error(where, f"unknown slots {unknown}")
        return
    order = [k for k in SLOT_ORDER if k in slots]
    if list(slots) != order:
        P.error(where, f"slots must be in the spec's order: {order}")
    not_allowed = set(slots) - ALLOWED_SLOTS.get(intent, set())
    if not_allowed:
        P.error(where, f"intent {intent} takes no {sorted(not_allowed)} in this data set")
    tt = tokens(obj["text"])
    numbers = None
    lenient_numbers = "misheard-number" in tags
    for name in order:
        v = slots[name]
        if name in ("product", "brand", "color"):
            if not check_string(v, name, where, P):
                continue
            if name == "product":
                missing = [w for w in tokens(v) if w not in tt]
                if missing:
                    P.error(where, f"product words {missing} not in the text")
            elif not contains(tt, v):
                P.error(where, f"{name} {v!r} not in the text")
        elif name == "size":
            if not check_string(v, name, where, P):
                continue
            if v in NON_CANONICAL_SIZES:
                P.error(where, f"size {v!r}: write letter sizes as words "
                               f"(small, medium, large, extra large, extra small)")
            m = re.fullmatch(r"(\d+(?:\.\d+)?)(?: ([a-z]+))?", v)
            if m:
                numbers = numbers if numbers is not None else number_candidates(obj["text"])
                if round(float(m.group(1)), 2) not in numbers and not lenient_numbers:
                    P.error(where, f"size number {m.group(1)} not readable from the text")
                if m.group(2) and not any(w.startswith(m.group(2)) for w in tt):
                    P.error(where, f"size measure {m.group(2)!r} not in the text")
                if m.group(2) and "measure-size" not in tags:
                    P.error(where, "a size with a measure word needs the measure-size tag")
            elif re.search(r"\d", v):
                P.error(where, f"size {v!r}: digits then an optional measure word")
            elif not contains(tt, v) and not any(contains(tt, a) for a in LETTER_SIZES.get(v, [])):
                P.error(where, f"size {v!r} not in the text")
        elif name == "quantity":
            if type(v) is not int or v <= 0:
                P.error(where, "quantity must be a positive integer")
                continue
            numbers = numbers if numbers is not None else number_candidates(obj["text"])
            if float(v) not in numbers and not lenient_numbers:
                P.error(where, f"quantity {v} not readable from the text")
        elif name == "unit":
            if v not in UNITS:
                P.error(where, f"unit {v!r} not one of {sorted(UNITS)}")
                continue
            if not UNIT_FORMS[v] & set(tt):
                P.error(where, f"unit {v!r} not in the text")
        elif name in ("max_price", "min_price"):
            if type(v) not in (int, float) or v <= 0 or v != v:
                P.error(where, f"{name} must be a positive number")
                continue
            if type(v) is not float:
                P.error(where, f"{name} must be written as a JSON float (e.g. 5.0)")
            numbers = numbers if numbers is not None else number_candidates(obj["text"])
            if round(float(v), 2) not in numbers and not lenient_numbers:
                P.error(where, f"{name} {v} not readable from the text")
        elif name in ("attributes", "avoid"):
            if not isinstance(v, list) or not v:
                P.error(where, f"{name} must be a non-empty list")
                continue
            if not all(isinstance(a, str) for a in v):
                P.error(where, f"{name} items must be strings")
                continue
            if v != sorted(set(v)):
                P.error(where, f"{name} must be sorted and unique: {v}")
            for a in v:
                if name == "attributes":
                    if not ATTR_RE.match(a):
                        P.error(where, f"attribute {a!r} must be lower case and hyphenated")
                    elif a not in ATTRIBUTES:
                        P.error(where, f"attribute {a!r} not in the lexicon")
                    spoken = [a.replace("-", " ")] + ATTRIBUTE_VARIANTS.get(a, [])
                    if not any(contains(tt, s) for s in spoken):
                        P.error(where, f"attribute {a!r} not spoken in the text")
                    if a in EXTENDED_ATTRIBUTES and "attr:extended" not in tags:
                        P.error(where, f"attribute {a!r} is an extension: tag attr:extended")
                else:
                    if check_string(a, "avoid item", where, P) and not contains(tt, a):
                        P.error(where, f"avoid item {a!r} not in the text")
            if name == "attributes" and len(v) > 1 and "multi-attribute" not in tags:
                P.error(where, "several attributes: tag multi-attribute")
            if name == "avoid" and len(v) > 1 and "multi-avoid" not in tags:
                P.error(where, "several avoid items: tag multi-avoid")
        elif name == "sort":
            if v not in SORTS:
                P.error(where, f"sort {v!r} not one of {sorted(SORTS)}")
    if "min_price" in slots and "max_price" in slots:
        if slots["min_price"] >= slots["max_price"]:
            P.error(where, "min_price must be below max_price")
        if "price-range" not in tags:
            P.error(where, "min_price and max_price: tag price-range")
    if "unit" in slots and "quantity" not in slots and "fraction" not in tags:
        P.error(where, "a unit without a quantity is only for fractional amounts (tag fraction)")
    if "fraction" in tags and "quantity" in slots:
        P.error(where, "fraction: leave quantity out")
    if "whole-cart" in tags and slots:
        P.error(where, "whole-cart removals carry no slots")
    if intent in ("search", "add_to_cart", "remove_from_cart", "reorder") and \
            "brand" in slots and "product" not in slots and "brand-only" not in tags:
        P.error(where, "brand without product: tag brand-only")


def normal_text(text):
    return " ".join(tokens(text.replace("'", "")))


def frame(obj):
    """The sentence frame: text with slot words masked and numbers folded."""
    slot_words = set()
    for k, v in obj["slots"].items():
        for item in (v if isinstance(v, list) else [v]):
            if isinstance(item, str):
                slot_words.update(tokens(item))
                if k == "attributes":
                    slot_words.update(tokens(item.replace("-", " ")))
                    slot_words.update(tokens(" ".join(ATTRIBUTE_VARIANTS.get(item, []))))
    out = []
    for w in tokens(obj["text"].replace("'", "")):
        if w in slot_words:
            w = "_"
        elif re.fullmatch(r"\d+(?:\.\d+)?", w) or is_numword(w):
            w = "#"
        if out and out[-1] == w and w in ("_", "#"):
            continue
        out.append(w)
    return " ".join(out)


def load(path, split, P):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            where = f"{os.path.basename(path)}:{n}"
            if not line.strip():
                P.error(where, "blank line")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                P.error(where, f"not JSON: {e}")
                continue
            if not isinstance(obj, dict) or list(obj) != ["id", "text", "intent", "slots", "tags"]:
                P.error(where, "keys must be exactly id, text, intent, slots, tags (in that order)")
                continue
            where = f"{where} ({obj['id']})"
            if not isinstance(obj["id"], str) or not ID_RE.match(obj["id"]):
                P.error(where, "id must look like dev-search-001")
            elif not obj["id"].startswith(split + "-"):
                P.error(where, f"id must start with {split}-")
            if obj["intent"] not in INTENTS:
                P.error(where, f"unknown intent {obj['intent']!r}")
                continue
            check_tags(obj, where, P)
            if not check_text(obj, where, P):
                continue
            check_slots(obj, where, P)
            obj["_where"] = where
            rows.append(obj)
    return rows


def audio_texts(folder, name):
    path = os.path.join(folder, "..", "audio", name)
    if not os.path.isfile(path):
        return {}
    out = {}
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if "transcript" not in header:
            return {}
        col = header.index("transcript")
        for line in f:
            cells = line.rstrip("\n").split("\t")
            if len(cells) > col and cells[col]:
                out[normal_text(cells[col])] = cells[0]
    return out


def table(title, keys, counts, out):
    out.append(f"\n{title:<20} {'dev':>5} {'test':>5} {'total':>6}")
    for k in keys:
        d, t = counts["dev"][k], counts["test"][k]
        out.append(f"{k:<20} {d:>5} {t:>5} {d + t:>6}")


def main(argv):
    quiet = "--quiet" in argv
    files = [a for a in argv if not a.startswith("--")]
    here = os.path.dirname(os.path.abspath(__file__))
    if not files:
        files = [os.path.join(here, "dev.jsonl"), os.path.join(here, "test.jsonl")]
    if len(files) != 2:
        print("usage: check.py [--quiet] [DEV.jsonl TEST.jsonl]", file=sys.stderr)
        return 2
    P = Problems()
    data = {"dev": load(files[0], "dev", P), "test": load(files[1], "test", P)}
    everything = data["dev"] + data["test"]

    # ids and texts unique across both files
    seen_ids, seen_text, seen_norm = {}, {}, {}
    for r in everything:
        if r["id"] in seen_ids:
            P.error(r["_where"], f"duplicate id (also {seen_ids[r['id']]})")
        seen_ids.setdefault(r["id"], r["_where"])
        nt = normal_text(r["text"])
        if r["text"] in seen_text:
            P.error(r["_where"], f"duplicate text (also {seen_text[r['text']]})")
        elif nt in seen_norm:
            P.error(r["_where"], f"same text as {seen_norm[nt]} after lower-casing "
                                 f"and dropping punctuation")
        seen_text.setdefault(r["text"], r["_where"])
        seen_norm.setdefault(nt, r["_where"])

    # how far the test split is from dev: reported, not enforced (test was
    # written blind, by an author who never saw dev, the parser or the
    # lexicons; shared everyday products and phrasings are expected)
    shared_values = set()
    for slot in ("product", "brand", "avoid"):
        dev_values = set()
        for r in data["dev"]:
            v = r["slots"].get(slot)
            dev_values.update(v if isinstance(v, list) else [v] if v else [])
        for r in data["test"]:
            v = r["slots"].get(slot)
            if any(item in dev_values for item in (v if isinstance(v, list) else [v] if v else [])):
                shared_values.add(r["id"])
    dev_frames = {frame(r) for r in data["dev"]}
    shared_frames = sum(frame(r) in dev_frames for r in data["test"])

    # held-out audio transcripts stay out of this data
    held = audio_texts(here, "holdout_phrases.tsv")
    main_suite = audio_texts(here, "phrases.tsv")
    for r in everything:
        nt = normal_text(r["text"])
        if nt in held:
            P.error(r["_where"], f"text is the held-out audio transcript {held[nt]}")
        if nt in main_suite:
            P.warn(r["_where"], f"text is the main audio suite's transcript {main_suite[nt]}")

    # coverage
    total = len(everything)
    if total < MINIMUM_TOTAL:
        P.error("coverage", f"{total} utterances, want at least {MINIMUM_TOTAL}")
    per_intent = Counter(r["intent"] for r in everything)
    for i, m in MINIMUM_PER_INTENT.items():
        if per_intent[i] < m:
            P.error("coverage", f"{i}: {per_intent[i]} utterances, want at least {m}")
    asr = sum("asr" in r["tags"] for r in everything)
    if asr < MINIMUM_ASR:
        P.error("coverage", f"{asr} asr-style utterances, want at least {MINIMUM_ASR}")
    for split in ("dev", "test"):
        have_i = {r["intent"] for r in data[split]}
        have_s = {k for r in data[split] for k in r["slots"]}
        for i in INTENTS:
            if i not in have_i:
                P.error("coverage", f"intent {i} missing from {split}")
        for s in SLOT_ORDER:
            if s not in have_s:
                P.error("coverage", f"slot {s} missing from {split}")
    if len(data["test"]) < 250:
        P.error("coverage", f"test holds {len(data['test'])} utterances, want at least 250")

    # counts
    out = []
    counts = {s: Counter(r["intent"] for r in data[s]) for s in data}
    table("intent", INTENTS, counts, out)
    out.append(f"{'all':<20} {len(data['dev']):>5} {len(data['test']):>5} {total:>6}")
    counts = {s: Counter(k for r in data[s] for k in r["slots"]) for s in data}
    table("slot", SLOT_ORDER, counts, out)
    counts = {s: Counter(t for r in data[s] for t in r["tags"]) for s in data}
    keys = sorted(set(counts["dev"]) | set(counts["test"]))
    table("tag", keys, counts, out)
    out.append("")
    out.append(f"test items sharing a product, brand or avoid value with dev: "
               f"{len(shared_values)} of {len(data['test'])}")
    out.append(f"test items sharing a sentence frame with dev: "
               f"{shared_frames} of {len(data['test'])}")
    if not quiet:
        print("\n".join(out).lstrip("\n"))
        print()
    for w in P.warnings:
        print(f"warning: {w}", file=sys.stderr)
    for e in P.errors:
        print(f"error: {e}", file=sys.stderr)
    if P.errors:
        print(f"FAIL: {len(P.errors)} problem(s) in {total} utterances", file=sys.stderr)
        return 1
    print(f"OK: {total} utterances ({len(data['dev'])} dev, {len(data['test'])} test), "
          f"{asr} asr-style")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
