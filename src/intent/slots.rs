//! Slot extraction: from the tokens of an utterance whose intent is known
//! (and the tokens its cue phrase consumed) to [`Slots`].
//!
//! One left-to-right pass over the tokens no cue or ignore phrase consumed.
//! At each token the longest lexicon phrase decides what it is: a price
//! comparator with its amount, a sort phrase, an attribute, a unit (after a
//! number, an article or a determiner, or before "of"), a size, a brand, a
//! colour (before the noun it describes, or after "in"), or a product word.
//! Numbers become a quantity, a size ("size 10", "a 2 liter bottle") or a
//! price; what is left that is not a stop word is the product, in spoken
//! order. An unknown word just before a known product word is taken as the
//! brand when no listed brand was heard ("kerrygold butter").

use super::lexicon::{flag, Lexicon, PriceRole, Tag};
use super::pattern::{match_at, Match};
use super::{IntentKind, Slots, Tok};

/// Prices above this are not believed (a misread digit run, not a budget).
const MAX_PRICE: f64 = 1e7;

/// The slots found, and how they were found.
#[derive(Debug, Default)]
pub(crate) struct Extraction {
    pub(crate) slots: Slots,
    /// The brand came from the unknown-word heuristic, not the lexicon.
    pub(crate) brand_guessed: bool,
    /// Something in the text is shopping vocabulary: a listed product,
    /// brand, attribute, unit, price or sort.
    pub(crate) vocabulary: bool,
}

fn bit(i: usize) -> u64 {
    if i < 64 {
        1u64 << i
    } else {
        0
    }
}

fn span(from: usize, len: usize) -> u64 {
    (from..from + len).fold(0, |m, i| m | bit(i))
}

struct State<'t, 'a, 'l> {
    toks: &'t [Tok<'a>],
    lex: &'l Lexicon,
    used: u64,
    product: u64,
    slots: Slots,
    shopping: bool,
    /// Words of the sort phrase that set `slots.sort`.
    sort_len: usize,
}

impl<'t, 'a, 'l> State<'t, 'a, 'l> {
    fn free(&self, i: usize) -> bool {
        i < self.toks.len() && self.used & bit(i) == 0
    }

    fn consume(&mut self, from: usize, len: usize) {
        self.used |= span(from, len);
    }

    fn mark_product(&mut self, from: usize, len: usize) {
        self.product |= span(from, len);
        self.consume(from, len);
    }

    fn in_class(&self, i: usize, bit: u64) -> bool {
        i < self.toks.len() && self.lex.in_class(self.toks[i].id, bit)
    }

    fn is_stop(&self, i: usize) -> bool {
        self.lex.has_flag(self.toks[i].id, flag::STOP)
    }

    /// The longest phrase at `i` over free tokens, with its best tag.
    fn phrase_at(&self, i: usize) -> Option<(usize, Tag)> {
        if !self.free(i) {
            return None;
        }
        self.lex.phrases.matches(self.toks, i, self.used).next()
    }

    fn num_at(&self, i: usize) -> Option<f64> {
        if self.free(i) {
            self.toks[i].num
        } else {
            None
        }
    }

    /// An amount at `j`: "5", "5 dollars", "4.99", "5 99", "99 cents".
    /// Returns (value, tokens, whether a currency word was spoken). "four
    /// fifty" ("4 50") reads as 4.50, but "one fifty" as 150: a bound of a
    /// dollar fifty is said "a dollar fifty" (the labelling rule of
    /// `assets/intents/README.md`); see also [`State::hundreds_reading`].
    fn amount_at(&self, j: usize) -> Option<(f64, usize, bool)> {
        let mut value = self.num_at(j)?;
        let mut k = j + 1;
        if let Some(m) = self.cents_pair(j) {
            value = if value == 1.0 && self.toks[j].text == "1" {
                100.0 + m
            } else {
                value + m / 100.0
            };
            k += 1;
        }
        let mut currency = false;
        match self.phrase_at(k) {
            Some((len, Tag::Price(PriceRole::Currency))) => {
                k += len;
                currency = true;
            }
            Some((len, Tag::Price(PriceRole::Cents))) => {
                value /= 100.0;
                k += len;
                currency = true;
            }
            _ => {}
        }
        (value > 0.0 && value <= MAX_PRICE).then_some((value, k - j, currency))
    }

    /// "5 99" at `j`: a whole amount under 1000 then two digits, not
    /// followed by a unit. Returns the second number.
    fn cents_pair(&self, j: usize) -> Option<f64> {
        let v = self.num_at(j)?;
        let m = self.num_at(j + 1)?;
        let two_digits = self.toks[j + 1].text.len() == 2;
        let unit_follows = matches!(
            self.phrase_at(j + 2),
            Some((_, Tag::Unit(_) | Tag::Measure(_)))
        );
        (v.fract() == 0.0
            && v < 1000.0
            && two_digits
            && m.fract() == 0.0
            && (10.0..100.0).contains(&m)
            && !unit_follows)
            .then_some(m)
    }

    /// The other reading of "one fifty": 150 instead of 1.50.
    fn hundreds_reading(&self, j: usize) -> Option<f64> {
        let v = self.num_at(j)?;
        let m = self.cents_pair(j)?;
        (v < 10.0).then_some(v * 100.0 + m)
    }

    /// An amount followed by a unit or measure is a quantity, not a price:
    /// "at least 16 gigabytes".
    fn unit_after_amount(&self, j: usize, len: usize, currency: bool) -> bool {
        !currency
            && matches!(
                self.phrase_at(j + len),
                Some((_, Tag::Unit(_) | Tag::Measure(_)))
            )
    }

    fn set_max(&mut self, v: f64) {
        self.shopping = true;
        if self.slots.max_price.is_none() {
            self.slots.max_price = Some(v);
        }
    }

    fn set_min(&mut self, v: f64) {
        self.shopping = true;
        if self.slots.min_price.is_none() {
            self.slots.min_price = Some(v);
        }
    }

    fn set_range(&mut self, a: f64, b: f64) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        self.set_min(lo);
        self.set_max(hi);
    }

    /// "between A and B", "from A to B", "A to B dollars" starting with
    /// the first amount at `j`; returns tokens used.
    fn range_at(&mut self, j: usize, need_currency: bool) -> Option<usize> {
        let (a, la, ca) = self.amount_at(j)?;
        let join = j + la;
        if !self.free(join) || !self.in_class(join, self.lex.known.range) {
            return None;
        }
        let (b, lb, cb) = self.amount_at(join + 1)?;
        if need_currency && !(ca || cb) {
            return None;
        }
        // "between one fifty and three hundred": 150, not 1.50.
        let a = match self.hundreds_reading(j) {
            Some(h) if a * 10.0 < b && h < b => h,
            _ => a,
        };
        self.set_range(a, b);
        Some(la + 1 + lb)
    }

    /// After an amount: "or less", "or more".
    fn or_bound_at(&self, k: usize) -> Option<(usize, PriceRole)> {
        if !self.free(k) {
            return None;
        }
        // Any reading of the phrase: "max" is also a comparator before an
        // amount ("max 20 dollars").
        self.lex
            .phrases
            .matches(self.toks, k, self.used)
            .find_map(|(len, tag)| match tag {
                Tag::Price(role @ (PriceRole::OrLess | PriceRole::OrMore)) => Some((len, role)),
                _ => None,
            })
    }

    fn set_quantity(&mut self, v: f64) {
        if self.slots.quantity.is_none() && v.fract() == 0.0 && v >= 1.0 && v <= f64::from(u32::MAX)
        {
            self.slots.quantity = Some(v as u32);
        }
    }

    /// A unit phrase at `u` (after a number, article or determiner):
    /// sets the unit, eats a following "of" and notices "and a half".
    /// Returns true when the amount was a fraction ("a pound and a half").
    fn take_unit(&mut self, u: usize, len: usize, index: u16) -> bool {
        self.shopping = true;
        if let Some(def) = self.lex.units.get(usize::from(index)) {
            if def.slot && self.slots.unit.is_none() {
                self.slots.unit = Some(def.name.to_string());
            }
        }
        self.consume(u, len);
        let mut k = u + len;
        let mut fraction = false;
        let words: Vec<&str> = self.toks[k.min(self.toks.len())..]
            .iter()
            .take(4)
            .map(|t| t.text)
            .collect();
        if let Some((_, n)) = self.lex.numbers.suffix_at(&words, 0) {
            self.consume(k, n);
            k += n;
            fraction = true;
        }
        if self.free(k) && self.in_class(k, self.lex.known.of) {
            self.consume(k, 1);
        }
        fraction
    }

    /// A size spoken as a number and a measure before a container or noun:
    /// "2 liter bottle", "55 inch tv". Returns tokens used.
    fn measure_size_at(&mut self, i: usize) -> Option<usize> {
        let (len, tag) = self.phrase_at(i + 1)?;
        let name = match tag {
            Tag::Measure(m) => self.lex.measures.get(usize::from(m))?.to_string(),
            Tag::Unit(u) => self.lex.units.get(usize::from(u))?.name.to_string(),
            _ => return None,
        };
        let after = i + 1 + len;
        let container_follows = matches!(self.phrase_at(after), Some((_, Tag::Unit(_))));
        let noun_follows = matches!(tag, Tag::Measure(_))
            && self.free(after)
            && !self.is_stop(after)
            && !self.in_class(after, self.lex.known.of);
        if !(container_follows || noun_follows) {
            return None;
        }
        if self.slots.size.is_none() {
            self.slots.size = Some(format!("{} {name}", self.toks[i].text));
        }
        self.consume(i, 1 + len);
        Some(1 + len)
    }

    fn number_at(&mut self, i: usize) {
        let Some(v) = self.toks[i].num else {
            return;
        };
        let known = self.lex.known;
        if self.in_class(i + 1, known.percent) {
            // "2 percent milk" names the product.
            self.mark_product(i, 2);
            return;
        }
        if self.in_class(i + 1, known.range) {
            if let Some(len) = self.range_at(i, true) {
                self.consume(i, len);
                return;
            }
        }
        if let Some((amount, len, true)) = self.amount_at(i) {
            match self.or_bound_at(i + len) {
                Some((n, PriceRole::OrLess)) => {
                    self.set_max(amount);
                    self.consume(i, len + n);
                }
                Some((n, _)) => {
                    self.set_min(amount);
                    self.consume(i, len + n);
                }
                // A bare amount ("$5 almond milk"): not a bound.
                None => self.consume(i, len),
            }
            return;
        }
        if self.measure_size_at(i).is_some() {
            return;
        }
        if let Some((len, Tag::Unit(u))) = self.phrase_at(i + 1) {
            self.consume(i, 1);
            let fraction = self.take_unit(i + 1, len, u);
            if !fraction {
                self.set_quantity(v);
            }
            return;
        }
        let next_content = self.free(i + 1) && !self.is_stop(i + 1);
        let pronoun = v == 1.0 && i > 0 && self.in_class(i - 1, known.det) && !next_content;
        let after_product = i > 0 && self.product & bit(i - 1) != 0;
        if pronoun {
            self.consume(i, 1);
        } else if after_product && !next_content {
            // "iphone 15": the number names the model.
            self.mark_product(i, 1);
        } else {
            self.set_quantity(v);
            self.consume(i, 1);
        }
    }

    fn article_at(&mut self, i: usize) -> bool {
        if !self.lex.has_flag(self.toks[i].id, flag::ARTICLE) {
            return false;
        }
        match self.phrase_at(i + 1) {
            Some((len, Tag::Unit(u))) => {
                self.consume(i, 1);
                if !self.take_unit(i + 1, len, u) {
                    self.set_quantity(1.0);
                }
                true
            }
            _ => {
                // "a 6 pack of coke": one pack, size "6 pack".
                if let (Some(n), Some((ulen, Tag::Unit(u)))) =
                    (self.num_at(i + 1), self.phrase_at(i + 2))
                {
                    if n.fract() == 0.0 && self.in_class(i + 2 + ulen, self.lex.known.of) {
                        let name = self
                            .lex
                            .units
                            .get(usize::from(u))
                            .map(|d| d.name.to_string());
                        if let (None, Some(name)) = (&self.slots.size, name) {
                            self.slots.size = Some(format!("{} {name}", self.toks[i + 1].text));
                        }
                        self.consume(i, 2);
                        if !self.take_unit(i + 2, ulen, u) {
                            self.set_quantity(1.0);
                        }
                        return true;
                    }
                }
                // "a 2 liter bottle of soda": one bottle, size 2 liter.
                if self.num_at(i + 1).is_some() {
                    if let Some(len) = self.measure_size_at(i + 1) {
                        if let Some((ulen, Tag::Unit(u))) = self.phrase_at(i + 1 + len) {
                            self.consume(i, 1);
                            if !self.take_unit(i + 1 + len, ulen, u) {
                                self.set_quantity(1.0);
                            }
                        }
                        self.consume(i, 1);
                        return true;
                    }
                }
                false
            }
        }
    }

    /// "size 10", "size is ten", "size m", wherever "size" is (even when a
    /// cue consumed it).
    fn sizes_after_keywords(&mut self) {
        for k in 0..self.toks.len() {
            if !self.lex.has_flag(self.toks[k].id, flag::SIZE_KEYWORD) {
                continue;
            }
            let mut j = k + 1;
            while j < self.toks.len() && self.in_class(j, self.lex.known.size_link) {
                j += 1;
            }
            let mut found = None;
            if let Some(v) = self.num_at(j) {
                if v > 0.0 {
                    found = Some((self.toks[j].text.to_string(), 1));
                }
            } else if let Some((len, Tag::Size(s) | Tag::Letter(s))) = self.phrase_at(j) {
                if let Some(name) = self.lex.sizes.get(usize::from(s)) {
                    found = Some((name.to_string(), len));
                }
            }
            self.consume(k, 1);
            if let Some((value, len)) = found {
                if self.slots.size.is_none() {
                    self.slots.size = Some(value);
                }
                self.consume(k, j + len - k);
            }
        }
    }

    fn phrase(&mut self, i: usize) -> bool {
        let Some((len, tag)) = self.phrase_at(i) else {
            return false;
        };
        let known = self.lex.known;
        match tag {
            Tag::Price(PriceRole::Max) | Tag::Price(PriceRole::Min) => {
                let amount = self
                    .amount_at(i + len)
                    .filter(|&(_, n, currency)| !self.unit_after_amount(i + len, n, currency));
                let after_product = i > 0 && self.product & bit(i - 1) != 0;
                if amount.is_none() && len == 1 && after_product {
                    // "air max": a name, not a bound.
                    self.mark_product(i, len);
                    return true;
                }
                self.consume(i, len);
                if let Some((amount, n, _)) = amount {
                    if tag == Tag::Price(PriceRole::Max) {
                        self.set_max(amount);
                    } else {
                        self.set_min(amount);
                    }
                    self.consume(i + len, n);
                }
            }
            Tag::Price(PriceRole::Between) | Tag::Price(PriceRole::From) => {
                let need_currency = tag == Tag::Price(PriceRole::From);
                if let Some(n) = self.range_at(i + len, need_currency) {
                    self.consume(i, len + n);
                } else {
                    self.consume(i, len);
                }
            }
            Tag::Price(_) => self.consume(i, len),
            Tag::Sort(key) => {
                self.shopping = true;
                // "by price, from high to low": a longer, more specific
                // sort phrase overrides a shorter one said before it.
                if self.slots.sort.is_none() || len > self.sort_len {
                    self.slots.sort = Some(key.name().to_string());
                    self.sort_len = len;
                }
                self.consume(i, len);
            }
            Tag::Attribute(a) => {
                self.shopping = true;
                if let Some(name) = self.lex.attributes.get(usize::from(a)) {
                    if !self.slots.attributes.iter().any(|x| **x == **name) {
                        self.slots.attributes.push(name.to_string());
                    }
                }
                self.consume(i, len);
            }
            Tag::Unit(u) => {
                let after_det = i > 0
                    && (self.in_class(i - 1, known.det)
                        || self.lex.has_flag(self.toks[i - 1].id, flag::ARTICLE));
                let before_of = self.in_class(i + len, known.of);
                if after_det || before_of {
                    self.take_unit(i, len, u);
                } else {
                    // "trash bags", "lunch box": part of the product.
                    self.mark_product(i, len);
                }
            }
            Tag::Size(s) => {
                if let Some(name) = self.lex.sizes.get(usize::from(s)) {
                    if self.slots.size.is_none() {
                        self.slots.size = Some(name.to_string());
                    }
                }
                self.consume(i, len);
                // "queen size", "large sized": the keyword after the size.
                let after = i + len;
                if self.free(after) && self.lex.has_flag(self.toks[after].id, flag::SIZE_KEYWORD) {
                    self.consume(after, 1);
                }
            }
            Tag::Letter(_) => self.consume(i, len),
            Tag::Measure(_) => self.mark_product(i, len),
            Tag::Brand => {
                self.shopping = true;
                if self.slots.brand.is_none() {
                    self.slots.brand = Some(self.text(i, len));
                    self.consume(i, len);
                } else {
                    self.mark_product(i, len);
                }
            }
            Tag::Color => {
                let after = i + len;
                let describes = self.free(after) && !self.is_stop(after);
                let after_in = i > 0 && self.in_class(i - 1, known.in_);
                if self.slots.color.is_none() && (describes || after_in) {
                    self.slots.color = Some(self.text(i, len));
                    self.consume(i, len);
                } else {
                    self.mark_product(i, len);
                }
            }
            Tag::Product | Tag::Descriptor => {
                if tag == Tag::Product {
                    self.shopping = true;
                }
                self.mark_product(i, len);
            }
        }
        true
    }

    fn text(&self, from: usize, len: usize) -> String {
        let mut s = String::new();
        for t in self.toks.iter().skip(from).take(len) {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(t.text);
        }
        s
    }

    fn product_positions(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.toks.len()).filter(|&i| self.product & bit(i) != 0)
    }

    /// "kerrygold butter": an unknown word just before a known product word
    /// is probably a brand the lexicon lacks.
    fn guess_brand(&mut self, kind: IntentKind) -> bool {
        if self.slots.brand.is_some() {
            return false;
        }
        let positions: Vec<usize> = self.product_positions().collect();
        let Some(&first) = positions.first() else {
            return false;
        };
        let tok = self.toks[first];
        if tok.id.is_some() || tok.num.is_some() {
            return false;
        }
        let next_known = positions
            .get(1)
            .is_some_and(|&p| p == first + 1 && self.lex.has_flag(self.toks[p].id, flag::PRODUCT));
        let lone_preference = kind == IntentKind::SetPreference && positions.len() == 1;
        if next_known || lone_preference {
            self.slots.brand = Some(tok.text.to_string());
            self.product &= !bit(first);
            return true;
        }
        false
    }

    fn avoid_from(&mut self, from: usize, to: usize) {
        let known = self.lex.known;
        let mut item = String::new();
        let mut items = Vec::new();
        let mut end = to.min(self.toks.len());
        for k in from..end {
            if self.in_class(k, known.avoid_stop) {
                // "peanuts so keep them out": the item ends at "so".
                end = k;
                break;
            }
        }
        for k in from..end {
            let t = self.toks[k];
            if self.in_class(k, known.list) {
                if !item.is_empty() {
                    items.push(std::mem::take(&mut item));
                }
                continue;
            }
            if self.in_class(k, known.avoid_noise) {
                continue;
            }
            if !item.is_empty() {
                item.push(' ');
            }
            item.push_str(t.text);
        }
        if !item.is_empty() {
            items.push(item);
        }
        // The whole capture is spoken for, even past a clause break.
        self.consume(from, to - from);
        for it in items {
            if !self.slots.avoid.contains(&it) {
                self.slots.avoid.push(it);
            }
        }
    }
}

/// Drop-phrases of `cues.tsv` ("to my cart", "as last time") not already
/// consumed by the cue.
fn ignore_mask(toks: &[Tok<'_>], lex: &Lexicon, blocked: u64) -> u64 {
    let mut mask = 0u64;
    lex.ignores.candidates(toks, |p, pos| {
        if let Some(m) = match_at(&p.items, toks, pos, blocked | mask, lex) {
            mask |= m.mask;
        }
    });
    mask
}

/// Extract the slots of an utterance whose cue consumed `cue.mask`.
pub(crate) fn extract(
    toks: &[Tok<'_>],
    lex: &Lexicon,
    kind: IntentKind,
    cue: &Match,
) -> Extraction {
    let mut st = State {
        toks,
        lex,
        used: cue.mask,
        product: 0,
        slots: Slots::default(),
        shopping: false,
        sort_len: 0,
    };
    st.used |= ignore_mask(toks, lex, st.used);
    if let Some((from, to)) = cue.capture {
        st.avoid_from(from, to);
    }
    st.sizes_after_keywords();
    let mut i = 0;
    while i < toks.len() {
        if !st.free(i) {
            i += 1;
            continue;
        }
        if toks[i].num.is_some() {
            st.number_at(i);
        } else if st.article_at(i) || st.phrase(i) {
            // handled
        } else if st.is_stop(i) {
            st.consume(i, 1);
        } else {
            st.mark_product(i, 1);
        }
        if st.free(i) {
            // Nothing claimed the token: never loop on it.
            st.consume(i, 1);
        }
        i += 1;
    }
    let brand_guessed = st.guess_brand(kind);
    let mut product = String::new();
    let mut last: Option<usize> = None;
    for p in st.product_positions() {
        if !product.is_empty() {
            product.push(' ');
        }
        // "mac and cheese", "salt and vinegar chips": a joiner between two
        // product words belongs to the product.
        if let Some(l) = last {
            if p == l + 2 && st.in_class(l + 1, lex.known.list) && toks[l + 1].text == "and" {
                product.push_str("and ");
            }
        }
        product.push_str(toks[p].text);
        last = Some(p);
    }
    // "add an apple": a brand that is also a product word names the
    // product when nothing else does. A counted brand stays a brand ("6
    // cans of la croix" names no product: the labelling rule).
    if product.is_empty() && kind != IntentKind::SetPreference {
        if let Some(brand) = st.slots.brand.take() {
            if lex.knows_product(&brand) {
                product = brand;
            } else {
                st.slots.brand = Some(brand);
            }
        }
    }
    if !product.is_empty() {
        st.slots.product = Some(product);
    }
    st.slots.attributes.sort();
    st.slots.avoid.sort();
    Extraction {
        vocabulary: st.shopping,
        slots: st.slots,
        brand_guessed,
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;

    #[test]
    fn colour_is_a_slot_only_before_a_noun_or_after_in() {
        assert_eq!(
            parse("add a white hoodie").slots.color.as_deref(),
            Some("white")
        );
        assert_eq!(
            parse("add the mouse in white").slots.color.as_deref(),
            Some("white")
        );
        let fruit = parse("add an orange").slots;
        assert_eq!(
            (fruit.color, fruit.product.as_deref()),
            (None, Some("orange"))
        );
        let beans = parse("add black beans").slots;
        assert_eq!(
            (beans.color, beans.product.as_deref()),
            (None, Some("black beans"))
        );
    }

    #[test]
    fn units_need_a_count_or_of_to_be_units() {
        let s = parse("find trash bags").slots;
        assert_eq!((s.unit, s.product.as_deref()), (None, Some("trash bags")));
        assert_eq!(
            parse("remove the bag of chips").slots.unit.as_deref(),
            Some("bag")
        );
        let jar = parse("add two jars of jam").slots;
        assert_eq!(
            (jar.quantity, jar.unit),
            (Some(2), None),
            "containers count but are no unit"
        );
    }

    #[test]
    fn a_number_after_a_product_word_names_a_model() {
        let s = parse("add an iphone 15").slots;
        assert_eq!(
            (s.quantity, s.product.as_deref()),
            (None, Some("iphone 15"))
        );
        assert_eq!(parse("add 15 iphones").slots.quantity, Some(15));
    }

    #[test]
    fn measures_before_a_container_are_sizes() {
        let s = parse("add a 12 ounce bag of coffee").slots;
        assert_eq!(s.size.as_deref(), Some("12 ounce"));
        assert_eq!((s.quantity, s.unit.as_deref()), (Some(1), Some("bag")));
    }

    #[test]
    fn amounts_followed_by_a_unit_are_not_prices() {
        let s = parse("show me laptops with at least 16 gigabytes of memory").slots;
        assert_eq!(s.min_price, None);
        assert_eq!(
            parse("find bose speakers between one fifty and three hundred dollars")
                .slots
                .min_price,
            Some(150.0)
        );
        assert_eq!(
            parse("find coffee under four fifty").slots.max_price,
            Some(4.5)
        );
    }

    #[test]
    fn avoid_items_split_on_and_and_stop_at_a_clause() {
        let s = parse("i'm allergic to peanuts and tree nuts so keep them out").slots;
        assert_eq!(s.avoid, ["peanuts", "tree nuts"]);
        assert_eq!(s.product, None);
    }
}
