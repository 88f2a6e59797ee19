//! Respond: one request from intent to reply (the stages after `intent`).
//!
//! Takes: a parsed [`Intent`], a [`Catalog`], its published [`Vocabulary`],
//! the minimization [`Policy`] and the shopper's [`Profile`]. Produces: an
//! [`Answer`]: the ranked offers and a sentence for the shopper.
//!
//! The order is fixed: [`privacy::minimize`] first (nothing else can reach
//! the catalog), then the catalog, then [`personalize::rank`] on the device.
//! Intents that need no catalog are answered here without a query.
//!
//! Runs on: the caller's tokio runtime. Must never: send anything but the
//! minimized query, or act on a state-changing intent that needs
//! confirmation.

use serde::Serialize;

use crate::catalog::{Catalog, CatalogError, Vocabulary};
use crate::intent::{Intent, IntentKind};
use crate::personalize::{self, Profile, Ranked};
use crate::privacy::{self, Dropped, Policy, Withheld};

/// What one request came to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// The ranked offers, best first (empty when nothing was searched).
    pub ranked: Option<Ranked>,
    /// Why no query was made, if none was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
    /// Counts of words kept back from the query.
    pub dropped: Dropped,
    /// The sentence for the shopper.
    pub reply: String,
}

/// Answer `intent`: search `catalog` when the intent asks for products,
/// then filter and rank the offers locally.
pub async fn answer(
    transcript: &str,
    intent: &Intent,
    catalog: &dyn Catalog,
    vocabulary: &Vocabulary,
    policy: Policy,
    profile: &Profile,
) -> Result<Answer, CatalogError> {
    if intent.needs_confirmation() {
        return Ok(local(format!(
            "Did I get that right: {} Say it again to go ahead; nothing was sent.",
            intent.summary()
        )));
    }
    let minimized = match privacy::minimize_utterance(transcript, intent, vocabulary, policy) {
        Ok(m) => m,
        Err(Withheld::NotACatalogRequest) => return Ok(local(local_reply(intent))),
        Err(withheld @ Withheld::NothingLeft(dropped)) => {
            return Ok(Answer {
                ranked: None,
                withheld: Some(withheld.to_string()),
                dropped,
                reply: format!("I did not ask the store: {withheld}."),
            })
        }
    };
    let offers = catalog.search(&minimized.query).await?;
    let ranked = personalize::rank(offers.offers, intent, profile);
    let reply = search_reply(intent, &ranked);
    Ok(Answer {
        ranked: Some(ranked),
        withheld: None,
        dropped: minimized.dropped,
        reply,
    })
}

fn local(reply: String) -> Answer {
    Answer {
        ranked: None,
        withheld: None,
        dropped: Dropped::default(),
        reply,
    }
}

/// The reply to a search or an add_to_cart, from the slots and the best
/// offer only.
fn search_reply(intent: &Intent, ranked: &Ranked) -> String {
    let what = intent
        .slots
        .product
        .clone()
        .or_else(|| intent.slots.brand.clone())
        .unwrap_or_else(|| "that".to_string());
    let Some(best) = ranked.items.first() else {
        return format!("I found no {what} that fits what you asked for.");
    };
    let offer = &best.offer;
    let rating = offer
        .rating
        .map(|r| format!(", {r:.1} stars"))
        .unwrap_or_default();
    let count = ranked.items.len();
    let found = if count == 1 {
        "1 match".to_string()
    } else {
        format!("{count} matches")
    };
    // Say so when the best offer lacks an attribute the shopper asked for
    // (nothing that fits had it).
    let missing: Vec<&str> = intent
        .slots
        .attributes
        .iter()
        .filter(|a| !offer.attributes.iter().any(|o| o == *a))
        .map(String::as_str)
        .collect();
    let caveat = if missing.is_empty() {
        String::new()
    } else {
        format!(" None that fits is {}.", missing.join(" or "))
    };
    let best = format!(
        "The best is {} at ${:.2}{rating}.",
        offer.title, offer.price
    );
    match intent.kind {
        IntentKind::AddToCart => format!(
            "{found} for {what}.{caveat} {best} \
             The cart is kept by the history store, which is not set up yet, so nothing was added."
        ),
        _ => format!("{found} for {what}.{caveat} {best}"),
    }
}

/// The reply to an intent that needs no catalog.
fn local_reply(intent: &Intent) -> String {
    match intent.kind {
        IntentKind::Help => "You can ask me to find products (\"find organic almond milk under five dollars\"), \
             sort them (\"cheapest first\"), add them to your cart, or ask what was sent to the store. \
             Your voice and words stay on this device."
            .to_string(),
        IntentKind::Cancel => "Okay, cancelled.".to_string(),
        IntentKind::Unknown => {
            "I did not understand that as a shopping request; nothing was sent.".to_string()
        }
        IntentKind::PrivacyReport => "Everything sent to a store is in the transparency ledger: \
             run `hushcart privacy log` to see each request byte for byte."
            .to_string(),
        _ => format!(
            "{} That is answered on this device by the history store, which is not set up yet; \
             nothing was sent.",
            intent.summary()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{CartLine, CatalogFuture, Handoff, Offer, Offers};
    use crate::intent::Slots;
    use crate::privacy::CatalogQuery;
    use std::sync::Mutex;

    /// A catalog that remembers what it was asked and returns fixed offers.
    #[derive(Default)]
    struct InMemoryCatalog {
        offers: Vec<Offer>,
        asked: Mutex<Vec<Vec<String>>>,
    }

    impl Catalog for InMemoryCatalog {
        fn name(&self) -> &str {
            "memory"
        }
        fn search<'a>(&'a self, query: &'a CatalogQuery) -> CatalogFuture<'a, Offers> {
            self.asked.lock().unwrap().push(query.terms().to_vec());
            let offers = self.offers.clone();
            Box::pin(async move {
                Ok(Offers {
                    offers,
                    sent: vec![],
                })
            })
        }
        fn product<'a>(&'a self, _id: &'a str) -> CatalogFuture<'a, Option<Offer>> {
            Box::pin(async { Ok(None) })
        }
        fn vocabulary(&self) -> CatalogFuture<'_, Vocabulary> {
            Box::pin(async { Ok(Vocabulary::embedded().clone()) })
        }
        fn checkout<'a>(&'a self, _lines: &'a [CartLine]) -> CatalogFuture<'a, Handoff> {
            Box::pin(async { Err(CatalogError::NotAllowed("no".into())) })
        }
    }

    fn offer(id: &str, title: &str, price: f64) -> Offer {
        Offer {
            id: id.into(),
            title: title.into(),
            brand: None,
            category: "groceries".into(),
            product: "almond milk".into(),
            attributes: vec![],
            size: None,
            color: None,
            price,
            rating: Some(4.5),
            reviews: 10,
        }
    }

    fn run(intent: &Intent, catalog: &InMemoryCatalog) -> Answer {
        run_text("", intent, catalog)
    }

    fn run_text(text: &str, intent: &Intent, catalog: &InMemoryCatalog) -> Answer {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(answer(
                text,
                intent,
                catalog,
                Vocabulary::embedded(),
                Policy::default(),
                &Profile::default(),
            ))
            .unwrap()
    }

    #[test]
    fn a_search_asks_the_catalog_the_minimized_query_and_ranks_locally() {
        let catalog = InMemoryCatalog {
            offers: vec![
                offer("a", "Almond Milk", 6.0),
                offer("b", "Almond Milk", 4.0),
            ],
            ..Default::default()
        };
        let text = "find almond milk under five dollars for jennifer";
        let intent = crate::intent::parse(text);
        let answer = run_text(text, &intent, &catalog);
        assert_eq!(
            *catalog.asked.lock().unwrap(),
            vec![vec!["almond".to_string(), "milk".to_string()]]
        );
        let ranked = answer.ranked.unwrap();
        assert_eq!(
            ranked.items.len(),
            1,
            "the exact price limit is applied here"
        );
        assert_eq!(ranked.items[0].offer.id, "b");
        assert!(answer.reply.contains("$4.00"), "{}", answer.reply);
    }

    #[test]
    fn the_reply_says_when_no_offer_has_the_asked_attribute() {
        let catalog = InMemoryCatalog {
            offers: vec![offer("a", "Almond Milk", 4.0)],
            ..Default::default()
        };
        let text = "find organic almond milk under five dollars";
        let answer = run_text(text, &crate::intent::parse(text), &catalog);
        assert!(
            answer.reply.contains("None that fits is organic."),
            "{}",
            answer.reply
        );
    }

    #[test]
    fn requests_answered_on_the_device_ask_nothing() {
        let catalog = InMemoryCatalog::default();
        for text in [
            "help",
            "what's in my cart",
            "what do you know about me",
            "cancel",
            "sing me a song",
        ] {
            let answer = run(&crate::intent::parse(text), &catalog);
            assert!(answer.ranked.is_none(), "{text}");
            assert!(!answer.reply.is_empty());
        }
        assert!(catalog.asked.lock().unwrap().is_empty());
    }

    #[test]
    fn a_query_with_only_personal_words_is_not_sent_and_the_reply_says_why() {
        let catalog = InMemoryCatalog::default();
        let intent = Intent {
            kind: IntentKind::Search,
            slots: Slots {
                product: Some("jennifer 555 123 4567".into()),
                ..Slots::default()
            },
            confidence: 0.95,
        };
        let answer = run(&intent, &catalog);
        assert!(catalog.asked.lock().unwrap().is_empty());
        assert!(answer.withheld.is_some());
        assert!(
            answer.reply.contains("did not ask the store"),
            "{}",
            answer.reply
        );
        assert!(!answer.reply.contains("jennifer"), "{}", answer.reply);
    }

    #[test]
    fn an_unsure_state_changing_request_is_confirmed_not_acted_on() {
        let catalog = InMemoryCatalog::default();
        let intent = Intent {
            kind: IntentKind::AddToCart,
            slots: Slots {
                product: Some("milk".into()),
                ..Slots::default()
            },
            confidence: 0.3,
        };
        let answer = run(&intent, &catalog);
        assert!(catalog.asked.lock().unwrap().is_empty());
        assert!(
            answer.reply.starts_with("Did I get that right"),
            "{}",
            answer.reply
        );
    }
}
