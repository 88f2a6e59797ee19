//! One sentence saying what was understood, built only from the intent's
//! kind and slots (never from the text): "Add 2 packs of paper towels to
//! your cart?". State-changing intents are phrased as questions.

use std::fmt::Write;

use super::{Intent, IntentKind, Lexicon, Slots};

/// "5", "4.50": an amount as the shopper would say it, without a currency
/// symbol (the currency is the shopper's own).
fn amount(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.2}")
    }
}

fn unit_name(unit: &str, plural: bool) -> String {
    let lex = Lexicon::builtin();
    match lex.units.iter().find(|u| &*u.name == unit) {
        Some(def) if plural => def.plural.to_string(),
        Some(def) => def.name.to_string(),
        None => unit.to_string(),
    }
}

/// "2 packs of organic sony paper towels in size large in black".
fn item_phrase(s: &Slots) -> String {
    let mut out = String::new();
    let push = |out: &mut String, w: &str| {
        if !w.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    };
    if let Some(q) = s.quantity {
        push(&mut out, &q.to_string());
    }
    if let Some(u) = &s.unit {
        push(&mut out, &unit_name(u, s.quantity.is_none_or(|q| q != 1)));
        if s.product.is_some() || s.brand.is_some() {
            push(&mut out, "of");
        }
    }
    if let Some(c) = &s.color {
        push(&mut out, c);
    }
    for a in &s.attributes {
        push(&mut out, a);
    }
    if let Some(b) = &s.brand {
        push(&mut out, b);
    }
    match &s.product {
        Some(p) => push(&mut out, p),
        None if out.is_empty() => push(&mut out, "something"),
        None if s.brand.is_none() && s.unit.is_none() => push(&mut out, "items"),
        None => {}
    }
    if let Some(size) = &s.size {
        push(&mut out, "in size");
        push(&mut out, size);
    }
    out
}

/// ", under 5", ", between 10 and 20", ", cheapest first".
fn constraints(s: &Slots) -> String {
    let mut out = String::new();
    match (s.min_price, s.max_price) {
        (Some(lo), Some(hi)) => {
            let _ = write!(out, ", priced between {} and {}", amount(lo), amount(hi));
        }
        (None, Some(hi)) => {
            let _ = write!(out, ", priced at most {}", amount(hi));
        }
        (Some(lo), None) => {
            let _ = write!(out, ", priced at least {}", amount(lo));
        }
        (None, None) => {}
    }
    match s.sort.as_deref() {
        Some("price_asc") => out.push_str(", cheapest first"),
        Some("price_desc") => out.push_str(", most expensive first"),
        Some("rating") => out.push_str(", best rated first"),
        _ => {}
    }
    out
}

fn preference(s: &Slots) -> String {
    let mut parts = Vec::new();
    if !s.avoid.is_empty() {
        parts.push(format!(
            "to keep {} out of your results",
            s.avoid.join(" and ")
        ));
    }
    let mut liked = s.attributes.clone();
    if let Some(b) = &s.brand {
        liked.push(b.clone());
    }
    let has_item = s.product.is_some() || s.size.is_some() || s.color.is_some();
    if has_item {
        let mut item = Slots {
            avoid: Vec::new(),
            sort: None,
            max_price: None,
            min_price: None,
            quantity: None,
            unit: None,
            ..s.clone()
        };
        item.attributes.clear();
        item.brand = None;
        let mut p = format!("that you prefer {}", item_phrase(&item));
        if !liked.is_empty() {
            let _ = write!(p, " ({})", liked.join(", "));
        }
        parts.push(p);
    } else if !liked.is_empty() {
        parts.push(format!("that you prefer {}", liked.join(" and ")));
    }
    let c = constraints(s);
    if !c.is_empty() {
        parts.push(format!("your preference{c}"));
    }
    if parts.is_empty() {
        "Remember a preference? I did not catch which one.".to_string()
    } else {
        format!("Remember {}?", parts.join(", and "))
    }
}

fn capitalise(s: String) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => s,
    }
}

pub(crate) fn summary(intent: &Intent) -> String {
    let s = &intent.slots;
    let text = match intent.kind {
        IntentKind::Search => format!("Search for {}{}.", item_phrase(s), constraints(s)),
        IntentKind::AddToCart => format!("Add {}{} to your cart?", item_phrase(s), constraints(s)),
        IntentKind::RemoveFromCart => {
            if s.is_empty() {
                "Empty your cart?".to_string()
            } else {
                format!("Remove {} from your cart?", item_phrase(s))
            }
        }
        IntentKind::ViewCart => "Read out what is in your cart.".to_string(),
        IntentKind::Checkout => "Check out and pay for what is in your cart?".to_string(),
        IntentKind::Reorder => {
            if s.is_empty() {
                "Repeat your last order?".to_string()
            } else {
                format!("Order {} again?", item_phrase(s))
            }
        }
        IntentKind::TrackOrder => {
            if s.product.is_some() || s.brand.is_some() {
                format!("Check where your order of {} is.", item_phrase(s))
            } else {
                "Check where your order is.".to_string()
            }
        }
        IntentKind::SetPreference => preference(s),
        IntentKind::PrivacyReport => {
            "Tell you what is kept on this device and what was sent.".to_string()
        }
        IntentKind::ForgetHistory => "Delete everything kept about you on this device?".to_string(),
        IntentKind::Cancel => "Cancel the current request.".to_string(),
        IntentKind::Help => "Tell you what you can say.".to_string(),
        IntentKind::Unknown => "Sorry, that did not sound like a shopping request.".to_string(),
    };
    capitalise(text)
}

#[cfg(test)]
mod tests {
    use super::super::{Intent, IntentKind, Slots};

    fn intent(kind: IntentKind, slots: Slots) -> Intent {
        Intent {
            kind,
            slots,
            confidence: 0.9,
        }
    }

    #[test]
    fn summary_reads_back_an_add_with_quantity_and_unit() {
        let s = Slots {
            product: Some("paper towels".into()),
            quantity: Some(2),
            unit: Some("pack".into()),
            ..Slots::default()
        };
        assert_eq!(
            intent(IntentKind::AddToCart, s).summary(),
            "Add 2 packs of paper towels to your cart?"
        );
    }

    #[test]
    fn summary_of_a_search_names_every_constraint() {
        let s = Slots {
            product: Some("almond milk".into()),
            attributes: vec!["organic".into()],
            max_price: Some(5.0),
            sort: Some("price_asc".into()),
            ..Slots::default()
        };
        assert_eq!(
            intent(IntentKind::Search, s).summary(),
            "Search for organic almond milk, priced at most 5, cheapest first."
        );
    }

    #[test]
    fn summary_never_contains_words_outside_the_intent() {
        // Each summary is made of fixed wording plus slot values only.
        let s = Slots {
            product: Some("eggs".into()),
            quantity: Some(12),
            ..Slots::default()
        };
        let text = intent(IntentKind::AddToCart, s).summary();
        assert_eq!(text, "Add 12 eggs to your cart?");
        for kind in IntentKind::ALL {
            let t = intent(kind, Slots::default()).summary();
            assert!(!t.is_empty());
            assert!(t.chars().next().is_some_and(char::is_uppercase), "{t}");
        }
    }

    #[test]
    fn summary_of_a_preference_lists_what_to_avoid() {
        let s = Slots {
            avoid: vec!["eggs".into(), "milk".into()],
            ..Slots::default()
        };
        assert_eq!(
            intent(IntentKind::SetPreference, s).summary(),
            "Remember to keep eggs and milk out of your results?"
        );
        let s = Slots {
            brand: Some("sony".into()),
            ..Slots::default()
        };
        assert_eq!(
            intent(IntentKind::SetPreference, s).summary(),
            "Remember that you prefer sony?"
        );
    }

    #[test]
    fn summary_formats_cents() {
        let s = Slots {
            product: Some("ice cream".into()),
            max_price: Some(4.5),
            ..Slots::default()
        };
        assert_eq!(
            intent(IntentKind::Search, s).summary(),
            "Search for ice cream, priced at most 4.50."
        );
    }
}
