//! The report's effects as a picture: per outcome, each arm's difference
//! from the control group with its confidence interval (a "forest plot"),
//! as inline SVG with a title and a text description, so a screen reader
//! gets the same numbers as the table.
#![allow(clippy::float_arithmetic)] // Chart coordinates of statistics; no money is computed here.

use std::fmt::Write as _;

use regels::Lang;

use crate::analysis::{EffectRow, Report};
use crate::measure::Outcome;
use crate::suppress::Cell;

const WIDTH: f64 = 640.0;
const LEFT: f64 = 220.0;
const RIGHT: f64 = 30.0;
const ROW: f64 = 34.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 36.0;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn number(x: f64, lang: Lang) -> String {
    let text = format!("{x:.2}");
    if lang == Lang::Nl { text.replace('.', ",") } else { text }
}

/// One outcome's effects as SVG (see the module documentation).
pub fn effects_svg(row: &EffectRow, report: &Report, lang: Lang) -> String {
    let outcome = Outcome::from_key(row.outcome);
    let label = outcome.map_or(row.outcome, |o| o.label(lang));
    let unit = outcome.map_or("", |o| o.unit(lang));
    let name_of =
        |key: &str| report.arms.iter().find(|a| a.key == key).map_or_else(|| key.to_owned(), |a| a.label_nl.clone());
    // The scale: every shown interval and zero.
    let (mut lo, mut hi) = (0.0_f64, 0.0_f64);
    for e in &row.effects {
        if let Cell::Shown { value, .. } = &e.effect
            && value.ci_low.is_finite()
            && value.ci_high.is_finite()
        {
            lo = lo.min(value.ci_low);
            hi = hi.max(value.ci_high);
        }
    }
    if (hi - lo).abs() < f64::EPSILON {
        (lo, hi) = (-1.0, 1.0);
    }
    let pad = (hi - lo) * 0.08;
    let (lo, hi) = (lo - pad, hi + pad);
    let rows = row.effects.len().max(1);
    let height = TOP + ROW * f64::from(u32::try_from(rows).unwrap_or(u32::MAX)) + BOTTOM;
    let x = |v: f64| LEFT + (v - lo) / (hi - lo) * (WIDTH - LEFT - RIGHT);
    let id = format!("effect-{}", row.outcome);
    let title = match lang {
        Lang::Nl => format!(
            "{label}: verschil met de controlegroep ({unit}), met {}%-betrouwbaarheidsinterval",
            report.confidence_percent
        ),
        Lang::En => format!(
            "{label}: difference from control ({unit}), with {}% confidence interval",
            report.confidence_percent
        ),
    };
    let mut desc = Vec::new();
    let mut body = String::new();
    let zero = x(0.0);
    let _ = write!(
        body,
        r##"<line x1="{zero:.1}" y1="{TOP}" x2="{zero:.1}" y2="{:.1}" stroke="#555" stroke-dasharray="4 3"/>"##,
        height - BOTTOM
    );
    let _ = write!(
        body,
        r##"<text x="{zero:.1}" y="{:.1}" text-anchor="middle" font-size="13">0</text>"##,
        height - BOTTOM + 18.0
    );
    for (i, e) in row.effects.iter().enumerate() {
        let y = TOP + ROW * (f64::from(u32::try_from(i).unwrap_or(0)) + 0.5);
        let name = escape(&name_of(&e.arm));
        let _ = write!(
            body,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end" font-size="14">{name}</text>"##,
            LEFT - 10.0,
            y + 5.0
        );
        match &e.effect {
            Cell::Shown { value, .. } => {
                let (a, b, m) = (x(value.ci_low), x(value.ci_high), x(value.difference));
                let _ = write!(
                    body,
                    r##"<line x1="{a:.1}" y1="{y:.1}" x2="{b:.1}" y2="{y:.1}" stroke="#1a3a6e" stroke-width="3"/><circle cx="{m:.1}" cy="{y:.1}" r="6" fill="#1a3a6e"/>"##
                );
                desc.push(format!(
                    "{}: {} [{} ; {}]",
                    name_of(&e.arm),
                    number(value.difference, lang),
                    number(value.ci_low, lang),
                    number(value.ci_high, lang)
                ));
            }
            Cell::Suppressed { .. } => {
                let text =
                    if lang == Lang::Nl { "niet getoond (te weinig mensen)" } else { "not shown (too few people)" };
                let _ = write!(
                    body,
                    r##"<text x="{:.1}" y="{:.1}" font-size="13" fill="#333">{text}</text>"##,
                    LEFT,
                    y + 5.0
                );
                desc.push(format!("{}: {text}", name_of(&e.arm)));
            }
        }
    }
    let _ = write!(
        body,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="start" font-size="13">{}</text><text x="{:.1}" y="{:.1}" text-anchor="end" font-size="13">{}</text>"##,
        LEFT,
        height - BOTTOM + 18.0,
        number(lo, lang),
        WIDTH - RIGHT,
        height - BOTTOM + 18.0,
        number(hi, lang)
    );
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0}" role="img" aria-labelledby="{id}-titel {id}-uitleg"><title id="{id}-titel">{}</title><desc id="{id}-uitleg">{}</desc>{body}</svg>"##,
        escape(&title),
        escape(&desc.join("; "))
    )
}
