//! The explanation of a calculation: a tree of steps.
//!
//! Every step names the rule it applied (a stable id and a plain-language
//! description in Dutch and English), the article of law with its URL, the
//! inputs it used and the value it produced. Texts are static: building a
//! trace allocates only the tree itself, which keeps a full calculation with
//! its explanation in the low microseconds (see `benches/bereken.rs`).

use jiff::civil::Date;

use crate::money::{BasisPoints, Cents};
use crate::params::Source;

/// Language of a rendering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Nl,
    En,
}

/// A rule of the engine: what it does, in words a resident understands.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable identifier; never reuse an id for a different rule.
    pub id: &'static str,
    pub label_nl: &'static str,
    pub label_en: &'static str,
    pub nl: &'static str,
    pub en: &'static str,
}

impl Rule {
    pub fn label(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Nl => self.label_nl,
            Lang::En => self.label_en,
        }
    }

    pub fn description(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Nl => self.nl,
            Lang::En => self.en,
        }
    }
}

/// A named input or category, with its Dutch and English label.
#[derive(Debug, PartialEq, Eq)]
pub struct Term {
    pub key: &'static str,
    pub nl: &'static str,
    pub en: &'static str,
}

impl Term {
    pub fn label(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Nl => self.nl,
            Lang::En => self.en,
        }
    }
}

/// A value in a trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value<'p> {
    Cents(Cents),
    Rate(BasisPoints),
    Count(u32),
    Years(i32),
    Months(i32),
    Date(Date),
    Bool(bool),
    /// One of a fixed set of categories (e.g. "alleenstaande").
    Choice(&'static Term),
    /// A fraction, e.g. the kostendelers factor 130/300.
    Ratio(i64, i64),
    /// A text of a policy variant (its name, a condition), in both languages.
    Text(&'p crate::variant::Text),
    /// The step decides something without producing a value.
    Nothing,
}

impl Value<'_> {
    pub fn render(&self, lang: Lang) -> String {
        match (self, lang) {
            (Value::Cents(c), Lang::Nl) => c.display_nl(),
            (Value::Cents(c), Lang::En) => c.display_en(),
            (Value::Rate(r), Lang::Nl) => r.display_nl(),
            (Value::Rate(r), Lang::En) => r.display_en(),
            (Value::Count(n), _) => n.to_string(),
            (Value::Years(n), Lang::Nl) => format!("{n} jaar"),
            (Value::Years(n), Lang::En) => format!("{n} years"),
            (Value::Months(n), Lang::Nl) => format!("{n} {}", if *n == 1 { "maand" } else { "maanden" }),
            (Value::Months(n), Lang::En) => format!("{n} {}", if *n == 1 { "month" } else { "months" }),
            (Value::Date(d), Lang::Nl) => format!("{:02}-{:02}-{}", d.day(), d.month(), d.year()),
            (Value::Date(d), Lang::En) => d.to_string(),
            (Value::Bool(b), Lang::Nl) => if *b { "ja" } else { "nee" }.to_owned(),
            (Value::Bool(b), Lang::En) => if *b { "yes" } else { "no" }.to_owned(),
            (Value::Choice(t), _) => t.label(lang).to_owned(),
            (Value::Ratio(n, d), _) => format!("{n}/{d}"),
            (Value::Text(t), _) => t.get(lang).to_owned(),
            (Value::Nothing, _) => String::new(),
        }
    }

    /// Machine form for JSON: cents and counts as numbers, the rest as text.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        match self {
            Value::Cents(c) => json!({ "cent": c.get() }),
            Value::Rate(r) => json!({ "basispunten": r.0 }),
            Value::Count(n) => json!(n),
            Value::Years(n) => json!({ "jaren": n }),
            Value::Months(n) => json!({ "maanden": n }),
            Value::Date(d) => json!(d.to_string()),
            Value::Bool(b) => json!(b),
            Value::Choice(t) => json!(t.key),
            Value::Ratio(n, d) => json!({ "teller": n, "noemer": d }),
            Value::Text(t) => json!({ "nl": t.nl, "en": t.en }),
            Value::Nothing => serde_json::Value::Null,
        }
    }
}

/// Where a step's rule is written down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cite<'p> {
    /// A dated parameter: its own source.
    Param(&'p Source),
    /// An article of the law version the parameter set was read from, e.g.
    /// `("19.2", "https://wetten.overheid.nl/BWBR0015703/2026-01-01")`.
    Article {
        article: &'static str,
        law_url: &'p str,
    },
    None,
}

impl Cite<'_> {
    pub fn article(&self) -> Option<&str> {
        match self {
            Cite::Param(s) => Some(&s.article),
            Cite::Article { article, .. } => Some(article),
            Cite::None => None,
        }
    }

    pub fn url(&self) -> Option<String> {
        match self {
            Cite::Param(s) if s.url.is_empty() => None,
            Cite::Param(s) => Some(s.url.clone()),
            Cite::Article { article, law_url } => {
                let number = article.split('.').next().unwrap_or(article);
                Some(format!("{law_url}#Artikel{number}"))
            }
            Cite::None => None,
        }
    }

    pub fn citation(&self, lang: Lang) -> Option<String> {
        let source = match self {
            Cite::Param(s) => (*s).clone(),
            Cite::Article { article, .. } => Source {
                law: "Participatiewet".to_owned(),
                article: (*article).to_owned(),
                url: String::new(),
                status: crate::params::SourceStatus::Wettekst,
                note: None,
            },
            Cite::None => return None,
        };
        Some(match lang {
            Lang::Nl => source.citation_nl(),
            Lang::En => source.citation_en(),
        })
    }
}

/// One step of a calculation: what a [`Trace`] holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step<'p> {
    pub rule: &'static Rule,
    pub cite: Cite<'p>,
    pub inputs: Vec<(&'static Term, Value<'p>)>,
    pub output: Value<'p>,
    pub children: Vec<Trace<'p>>,
}

/// The rule of a quiet trace (a calculation for amounts only).
pub static AMOUNTS_ONLY: Rule = Rule {
    id: "alleen_bedragen",
    label_nl: "Alleen bedragen",
    label_en: "Amounts only",
    nl: "Deze berekening is gemaakt zonder uitleg.",
    en: "This calculation was made without an explanation.",
};

static QUIET: Step<'static> =
    Step { rule: &AMOUNTS_ONLY, cite: Cite::None, inputs: Vec::new(), output: Value::Nothing, children: Vec::new() };

/// A step of a calculation with its sub-steps, or nothing at all when the
/// calculation was for amounts only ("quiet"). A quiet trace is one word:
/// building and moving it costs nothing, which is what makes bulk work
/// (`microsim`) fast; an explained step is one allocation. Read the step
/// through `Deref` (`trace.rule`, `trace.children`, …); a quiet trace reads
/// as one empty step with the rule [`AMOUNTS_ONLY`].
#[derive(Clone, PartialEq, Eq)]
pub struct Trace<'p>(Option<Box<Step<'p>>>);

impl<'p> std::ops::Deref for Trace<'p> {
    type Target = Step<'p>;

    #[inline]
    fn deref(&self) -> &Step<'p> {
        match &self.0 {
            Some(step) => step,
            None => &QUIET,
        }
    }
}

impl std::fmt::Debug for Trace<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(step) => step.fmt(f),
            None => f.write_str("Trace(quiet)"),
        }
    }
}

impl<'p> Trace<'p> {
    #[inline]
    pub fn new(rule: &'static Rule, cite: Cite<'p>, output: Value<'p>) -> Trace<'p> {
        Trace(Some(Box::new(Step { rule, cite, inputs: Vec::new(), output, children: Vec::new() })))
    }

    /// A step that records nothing, nor anything added to it.
    #[inline]
    pub fn quiet() -> Trace<'p> {
        Trace(None)
    }

    pub fn is_quiet(&self) -> bool {
        self.0.is_none()
    }

    #[inline]
    pub fn input(mut self, term: &'static Term, value: Value<'p>) -> Trace<'p> {
        if let Some(step) = &mut self.0 {
            step.inputs.push((term, value));
        }
        self
    }

    #[inline]
    pub fn child(mut self, child: Trace<'p>) -> Trace<'p> {
        if let Some(step) = &mut self.0 {
            step.children.push(child);
        }
        self
    }

    #[inline]
    pub fn children(mut self, children: impl IntoIterator<Item = Trace<'p>>) -> Trace<'p> {
        if let Some(step) = &mut self.0 {
            step.children.extend(children);
        }
        self
    }

    /// Depth-first search for the first step with this rule id.
    pub fn find(&self, rule_id: &str) -> Option<&Trace<'p>> {
        if self.rule.id == rule_id {
            return Some(self);
        }
        self.children.iter().find_map(|c| c.find(rule_id))
    }

    /// All rule ids in the tree, depth first.
    pub fn rule_ids(&self) -> Vec<&'static str> {
        let mut out = vec![self.rule.id];
        for c in &self.children {
            out.extend(c.rule_ids());
        }
        out
    }

    /// The tree as JSON, with texts in the given language.
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        let mut obj = serde_json::Map::new();
        obj.insert("regel".into(), self.rule.id.into());
        obj.insert("naam".into(), self.rule.label(lang).into());
        obj.insert("omschrijving".into(), self.rule.description(lang).into());
        if let Some(article) = self.cite.article() {
            obj.insert("artikel".into(), article.into());
        }
        if let Some(citation) = self.cite.citation(lang) {
            obj.insert("bron".into(), citation.into());
        }
        if let Some(url) = self.cite.url() {
            obj.insert("url".into(), url.into());
        }
        let inputs: serde_json::Map<String, serde_json::Value> =
            self.inputs.iter().map(|(t, v)| (t.key.to_owned(), v.to_json())).collect();
        obj.insert("invoer".into(), inputs.into());
        obj.insert("uitkomst".into(), self.output.to_json());
        if !self.children.is_empty() {
            obj.insert("stappen".into(), self.children.iter().map(|c| c.to_json(lang)).collect::<Vec<_>>().into());
        }
        obj.into()
    }

    /// The tree as indented text for a person to read.
    pub fn to_text(&self, lang: Lang) -> String {
        let mut out = String::new();
        self.write_text(lang, 0, &mut out);
        out
    }

    fn write_text(&self, lang: Lang, depth: usize, out: &mut String) {
        let pad = "   ".repeat(depth);
        let value = self.output.render(lang);
        if value.is_empty() {
            out.push_str(&format!("{pad}• {}\n", self.rule.label(lang)));
        } else {
            out.push_str(&format!("{pad}• {}: {value}\n", self.rule.label(lang)));
        }
        out.push_str(&format!("{pad}  {}\n", self.rule.description(lang)));
        if !self.inputs.is_empty() {
            let used = self
                .inputs
                .iter()
                .map(|(t, v)| format!("{}: {}", t.label(lang), v.render(lang)))
                .collect::<Vec<_>>()
                .join("; ");
            let word = match lang {
                Lang::Nl => "Gebruikt",
                Lang::En => "Used",
            };
            out.push_str(&format!("{pad}  {word}: {used}\n"));
        }
        if let Some(citation) = self.cite.citation(lang) {
            let is_law = matches!(self.cite, Cite::Article { .. })
                || matches!(self.cite, Cite::Param(s) if s.status != crate::params::SourceStatus::Voorbeeld
                    && s.url.starts_with("https://wetten.overheid.nl/") && s.article.starts_with(|c: char| c.is_ascii_digit()));
            let word = match (lang, is_law) {
                (Lang::Nl, true) => "Wet",
                (Lang::En, true) => "Law",
                (Lang::Nl, false) => "Bron",
                (Lang::En, false) => "Source",
            };
            match self.cite.url() {
                Some(url) => out.push_str(&format!("{pad}  {word}: {citation} ({url})\n")),
                None => out.push_str(&format!("{pad}  {word}: {citation}\n")),
            }
        }
        for c in &self.children {
            c.write_text(lang, depth + 1, out);
        }
    }
}
