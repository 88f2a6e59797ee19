//! The small pattern language of `cues.tsv`, `variants.tsv` and
//! `misheard.tsv`, and its matcher.
//!
//! A pattern is a sequence of items separated by spaces:
//!
//! | item | matches |
//! |---|---|
//! | `word` or `word|other` | one token, any of the words |
//! | `@class` | one token of a class of `classes.tsv` |
//! | `#num`, `#unit`, `#size`, `#content`, `#any` | a number, a unit word, a size word or number, a non-stop word, any token |
//! | `^` / `$` | the start / end of the utterance (after fillers); may be attached: `^add`, `cart$` |
//! | `*` or `*N` | a gap of 0 to N tokens (default 6), not consumed |
//! | `{avoid}` or `{avoid:N}` | 1 to N tokens (default 8) captured for the `avoid` slot |
//!
//! A trailing `?` makes a word or class optional; a leading `=` makes it
//! required but not consumed (its token stays available to slot
//! extraction). Matched words and classes are consumed: the slot extractor
//! does not read them as product words.

use super::lexicon::{flag, Lexicon, Map, WordId, WordInfo};
use super::{IntentKind, Tok};

/// Default longest gap for `*`.
const DEFAULT_GAP: u8 = 6;
/// Default longest capture for `{avoid}`.
const DEFAULT_CAPTURE: u8 = 8;

/// Built-in token classes (`#name`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Builtin {
    Num,
    Unit,
    Size,
    Content,
    Any,
}

/// One element of a pattern.
#[derive(Clone, Debug)]
pub(crate) enum Item {
    Start,
    End,
    Word {
        ids: Box<[WordId]>,
        optional: bool,
        consume: bool,
    },
    Class {
        bit: u64,
        optional: bool,
        consume: bool,
    },
    Builtin(Builtin),
    Gap(u8),
    Capture(u8),
}

impl Item {
    /// Items allowed in rule contexts (no gaps, captures or optionals).
    pub(crate) fn is_context(&self) -> bool {
        match self {
            Item::Word { optional, .. } | Item::Class { optional, .. } => !optional,
            Item::Start | Item::End | Item::Builtin(_) => true,
            Item::Gap(_) | Item::Capture(_) => false,
        }
    }

    /// Items that match a token by its text.
    pub(crate) fn is_literal(&self) -> bool {
        matches!(self, Item::Word { .. } | Item::Class { .. })
    }
}

/// Parse a pattern's items, interning its words into `lex`.
pub(crate) fn parse_items(lex: &mut Lexicon, text: &str) -> Result<Vec<Item>, String> {
    let mut items = Vec::new();
    for token in text.split_whitespace() {
        // "^add" and "cart$" are "^ add" and "cart $".
        let (start, rest) = match token.strip_prefix('^') {
            Some(rest) if !rest.is_empty() => (true, rest),
            _ => (false, token),
        };
        let (raw, end) = match rest.strip_suffix('$') {
            Some(r) if !r.is_empty() => (r, true),
            _ => (rest, false),
        };
        if start {
            items.push(Item::Start);
        }
        let item = match raw {
            "^" => Item::Start,
            "$" => Item::End,
            _ if raw.starts_with('*') => {
                let n = &raw[1..];
                let max = if n.is_empty() {
                    DEFAULT_GAP
                } else {
                    n.parse::<u8>().map_err(|_| format!("bad gap {raw:?}"))?
                };
                Item::Gap(max)
            }
            _ if raw.starts_with('{') => {
                let inner = raw
                    .strip_prefix('{')
                    .and_then(|r| r.strip_suffix('}'))
                    .ok_or_else(|| format!("bad capture {raw:?}"))?;
                let (name, max) = match inner.split_once(':') {
                    Some((name, n)) => (
                        name,
                        n.parse::<u8>()
                            .map_err(|_| format!("bad capture {raw:?}"))?,
                    ),
                    None => (inner, DEFAULT_CAPTURE),
                };
                if name != "avoid" || max == 0 {
                    return Err(format!("only {{avoid}} captures are known, got {raw:?}"));
                }
                Item::Capture(max)
            }
            _ if raw.starts_with('#') => Item::Builtin(match raw {
                "#num" => Builtin::Num,
                "#unit" => Builtin::Unit,
                "#size" => Builtin::Size,
                "#content" => Builtin::Content,
                "#any" => Builtin::Any,
                _ => return Err(format!("unknown built-in class {raw:?}")),
            }),
            _ => {
                let (body, consume) = match raw.strip_prefix('=') {
                    Some(rest) => (rest, false),
                    None => (raw, true),
                };
                let (body, optional) = match body.strip_suffix('?') {
                    Some(rest) => (rest, true),
                    None => (body, false),
                };
                if let Some(name) = body.strip_prefix('@') {
                    Item::Class {
                        bit: lex.pattern_class(name)?,
                        optional,
                        consume,
                    }
                } else {
                    let mut ids = Vec::new();
                    for alt in body.split('|') {
                        ids.push(lex.pattern_word(alt)?);
                    }
                    if ids.is_empty() {
                        return Err(format!("empty item {raw:?}"));
                    }
                    Item::Word {
                        ids: ids.into_boxed_slice(),
                        optional,
                        consume,
                    }
                }
            }
        };
        items.push(item);
        if end {
            items.push(Item::End);
        }
    }
    Ok(items)
}

/// What a cue pattern stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    Intent(IntentKind),
    /// Words to drop before slot extraction ("to my cart").
    Ignore,
}

/// One line of `cues.tsv`.
#[derive(Clone, Debug)]
pub(crate) struct Pattern {
    pub(crate) target: Target,
    pub(crate) weight: f32,
    pub(crate) items: Box<[Item]>,
    /// Words and classes in the pattern (more = more specific).
    pub(crate) literals: u8,
    /// Line number: earlier lines win ties.
    pub(crate) line: u32,
}

impl Pattern {
    pub(crate) fn new(target: Target, weight: f32, items: Vec<Item>, line: u32) -> Pattern {
        let literals = items.iter().filter(|i| i.is_literal()).count().min(255) as u8;
        Pattern {
            target,
            weight,
            items: items.into_boxed_slice(),
            literals,
            line,
        }
    }

    fn anchored(&self) -> bool {
        matches!(self.items.first(), Some(Item::Start))
    }
}

/// Patterns indexed by the word that can start them.
#[derive(Clone, Default)]
pub(crate) struct PatternSet {
    pub(crate) patterns: Vec<Pattern>,
    /// Anchored patterns by first word: tried at position 0 only.
    anchored: Map<WordId, Vec<u32>>,
    /// Other patterns by first word: tried wherever that word occurs.
    floating: Map<WordId, Vec<u32>>,
    /// Patterns whose first item is not a plain word or class.
    anchored_any: Vec<u32>,
    floating_any: Vec<u32>,
}

impl PatternSet {
    pub(crate) fn build(patterns: Vec<Pattern>, info: &[WordInfo]) -> PatternSet {
        let mut set = PatternSet {
            patterns,
            ..PatternSet::default()
        };
        for (index, p) in set.patterns.iter().enumerate() {
            let index = index as u32;
            let anchored = p.anchored();
            let first = p.items.iter().find(|i| !matches!(i, Item::Start));
            let (map, any) = if anchored {
                (&mut set.anchored, &mut set.anchored_any)
            } else {
                (&mut set.floating, &mut set.floating_any)
            };
            match first {
                Some(Item::Word {
                    ids,
                    optional: false,
                    ..
                }) => {
                    for &id in ids.iter() {
                        map.entry(id).or_default().push(index);
                    }
                }
                Some(Item::Class {
                    bit,
                    optional: false,
                    ..
                }) => {
                    for (id, w) in info.iter().enumerate() {
                        if w.classes & bit != 0 {
                            map.entry(id as WordId).or_default().push(index);
                        }
                    }
                }
                _ => any.push(index),
            }
        }
        set
    }

    /// Every (pattern, start position) worth trying on `toks`, in no
    /// particular order; `visit` returns false to stop.
    pub(crate) fn candidates(&self, toks: &[Tok<'_>], mut visit: impl FnMut(&Pattern, usize)) {
        if let Some(first) = toks.first() {
            if let Some(list) = first.id.and_then(|id| self.anchored.get(&id)) {
                for &p in list {
                    visit(&self.patterns[p as usize], 0);
                }
            }
        }
        for &p in &self.anchored_any {
            visit(&self.patterns[p as usize], 0);
        }
        for (i, t) in toks.iter().enumerate() {
            if let Some(list) = t.id.and_then(|id| self.floating.get(&id)) {
                for &p in list {
                    visit(&self.patterns[p as usize], i);
                }
            }
            for &p in &self.floating_any {
                visit(&self.patterns[p as usize], i);
            }
        }
    }
}

/// A successful match: consumed token positions and the capture, if any.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Match {
    pub(crate) mask: u64,
    pub(crate) capture: Option<(usize, usize)>,
}

fn bit(i: usize) -> u64 {
    if i < 64 {
        1u64 << i
    } else {
        0
    }
}

fn builtin_matches(b: Builtin, tok: &Tok<'_>, lex: &Lexicon) -> bool {
    match b {
        Builtin::Num => tok.num.is_some(),
        Builtin::Unit => lex.has_flag(tok.id, flag::UNIT),
        Builtin::Size => tok.num.is_some() || lex.has_flag(tok.id, flag::SIZE),
        Builtin::Content => !lex.has_flag(tok.id, flag::STOP),
        Builtin::Any => true,
    }
}

/// Does the single-token item match `tok`?
fn token_matches(item: &Item, tok: &Tok<'_>, lex: &Lexicon) -> bool {
    match item {
        Item::Word { ids, .. } => tok.id.is_some_and(|id| ids.contains(&id)),
        Item::Class { bit, .. } => lex.in_class(tok.id, *bit),
        Item::Builtin(b) => builtin_matches(*b, tok, lex),
        _ => false,
    }
}

/// Match `items` against `toks` from `pos`; tokens in `blocked` cannot be
/// matched by words, classes or captures.
pub(crate) fn match_at(
    items: &[Item],
    toks: &[Tok<'_>],
    pos: usize,
    blocked: u64,
    lex: &Lexicon,
) -> Option<Match> {
    fn go(
        items: &[Item],
        toks: &[Tok<'_>],
        pos: usize,
        blocked: u64,
        lex: &Lexicon,
        acc: Match,
    ) -> Option<Match> {
        let Some((item, rest)) = items.split_first() else {
            return Some(acc);
        };
        let free = |i: usize| i < toks.len() && blocked & bit(i) == 0;
        match item {
            Item::Start => (pos == 0)
                .then_some(())
                .and_then(|_| go(rest, toks, pos, blocked, lex, acc)),
            Item::End => (pos == toks.len())
                .then_some(())
                .and_then(|_| go(rest, toks, pos, blocked, lex, acc)),
            Item::Word {
                optional, consume, ..
            }
            | Item::Class {
                optional, consume, ..
            } => {
                if free(pos) && token_matches(item, &toks[pos], lex) {
                    let mask = if *consume {
                        acc.mask | bit(pos)
                    } else {
                        acc.mask
                    };
                    if let Some(m) = go(rest, toks, pos + 1, blocked, lex, Match { mask, ..acc }) {
                        return Some(m);
                    }
                }
                if *optional {
                    go(rest, toks, pos, blocked, lex, acc)
                } else {
                    None
                }
            }
            Item::Builtin(_) => {
                if free(pos) && token_matches(item, &toks[pos], lex) {
                    go(rest, toks, pos + 1, blocked, lex, acc)
                } else {
                    None
                }
            }
            Item::Gap(max) => {
                for k in 0..=usize::from(*max) {
                    if pos + k > toks.len() {
                        break;
                    }
                    if let Some(m) = go(rest, toks, pos + k, blocked, lex, acc) {
                        return Some(m);
                    }
                }
                None
            }
            Item::Capture(max) => {
                let mut longest = 0;
                while longest < usize::from(*max) && free(pos + longest) {
                    longest += 1;
                }
                for k in (1..=longest).rev() {
                    let m = Match {
                        capture: Some((pos, pos + k)),
                        ..acc
                    };
                    if let Some(m) = go(rest, toks, pos + k, blocked, lex, m) {
                        return Some(m);
                    }
                }
                None
            }
        }
    }
    go(items, toks, pos, blocked, lex, Match::default())
}

/// Does the context `items` match exactly the tokens `start..end`?
fn context_matches(
    items: &[Item],
    toks: &[Tok<'_>],
    start: usize,
    end: usize,
    lex: &Lexicon,
) -> bool {
    let mut pos = start;
    for item in items {
        match item {
            Item::Start => {
                if pos != 0 {
                    return false;
                }
            }
            Item::End => {
                if pos != toks.len() {
                    return false;
                }
            }
            _ => {
                if pos >= end || !token_matches(item, &toks[pos], lex) {
                    return false;
                }
                pos += 1;
            }
        }
    }
    pos == end
}

fn token_items(items: &[Item]) -> usize {
    items
        .iter()
        .filter(|i| !matches!(i, Item::Start | Item::End))
        .count()
}

/// A replacement word: its text, id and value when it is a number.
pub(crate) type MeantWord = (Box<str>, WordId, Option<f64>);

/// One line of `variants.tsv` or `misheard.tsv`: replace `heard` by `meant`
/// where the contexts hold.
#[derive(Clone, Debug)]
pub(crate) struct Rule {
    /// Alternative phrases, each a sequence of single-word items.
    pub(crate) heard: Box<[Box<[Item]>]>,
    pub(crate) meant: Box<[MeantWord]>,
    /// Alternatives for the tokens just before (any one must match).
    pub(crate) before: Box<[Box<[Item]>]>,
    /// Alternatives for the tokens just after.
    pub(crate) after: Box<[Box<[Item]>]>,
    /// Confidence lost when the rule applies.
    pub(crate) penalty: f32,
}

impl Rule {
    /// Does the rule apply at `i`? Returns the number of heard tokens.
    pub(crate) fn applies_at(&self, toks: &[Tok<'_>], i: usize, lex: &Lexicon) -> Option<usize> {
        let len = self.heard.iter().find_map(|alt| {
            let len = alt.len();
            (i + len <= toks.len()
                && alt
                    .iter()
                    .zip(&toks[i..])
                    .all(|(item, t)| token_matches(item, t, lex)))
            .then_some(len)
        })?;
        let before_ok = self.before.is_empty()
            || self.before.iter().any(|ctx| {
                let n = token_items(ctx);
                n <= i && context_matches(ctx, toks, i - n, i, lex)
            });
        let after_ok = self.after.is_empty()
            || self.after.iter().any(|ctx| {
                let n = token_items(ctx);
                let start = i + len;
                start + n <= toks.len() && context_matches(ctx, toks, start, start + n, lex)
            });
        (before_ok && after_ok).then_some(len)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Lexicon, Tok};
    use super::*;

    fn toks<'a>(text: &'a str, lex: &Lexicon) -> Vec<Tok<'a>> {
        text.split(' ').map(|w| Tok::new(w, lex)).collect()
    }

    fn items(text: &str) -> Result<Vec<Item>, String> {
        let mut lex = Lexicon::builtin().with_extra_brands(Vec::new());
        parse_items(&mut lex, text)
    }

    #[test]
    fn anchors_may_be_attached_to_words() {
        let parsed = items("^add cart$").expect("parses");
        assert!(matches!(parsed.first(), Some(Item::Start)));
        assert!(matches!(parsed.last(), Some(Item::End)));
        assert_eq!(parsed.len(), 4);
    }

    #[test]
    fn bad_items_are_errors_not_panics() {
        for bad in [
            "{foo}",
            "{avoid:x}",
            "#nothing",
            "@no_such_class",
            "*x",
            "{avoid",
        ] {
            assert!(items(bad).is_err(), "{bad}");
        }
        assert!(items("").expect("empty parses").is_empty());
    }

    #[test]
    fn gaps_optionals_and_captures_match_as_documented() {
        let lex = Lexicon::builtin();
        let mut owned = Lexicon::builtin().with_extra_brands(Vec::new());
        let put = parse_items(&mut owned, "^put * in my|the @cart").expect("parses");
        let t = toks("put the sony headphones in my cart", lex);
        let m = match_at(&put, &t, 0, 0, lex).expect("matches");
        // put, in, my, cart consumed; the gap is not.
        assert_eq!(m.mask, 0b111_0001);
        assert!(match_at(&put, &toks("put it away", lex), 0, 0, lex).is_none());
        let keep = parse_items(&mut owned, "^keep {avoid} out").expect("parses");
        let t = toks("keep dairy and eggs out", lex);
        let m = match_at(&keep, &t, 0, 0, lex).expect("matches");
        assert_eq!(m.capture, Some((1, 4)));
        let opt = parse_items(&mut owned, "^add shopping? =cart").expect("parses");
        let m = match_at(&opt, &toks("add cart", lex), 0, 0, lex).expect("optional skipped");
        assert_eq!(m.mask, 0b1, "=cart is required but not consumed");
    }
}
