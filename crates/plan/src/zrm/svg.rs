//! The ZRM over time as small multiples: one small chart per scored domain,
//! stacked, each with its name and its trend in words ("Financiën: van 1 naar
//! 4, beter") and every point labelled with its score, so nothing depends on
//! colour or on reading a line's slope. `<title>` and `<desc>` carry the same
//! information for screen readers. 340 px wide: fits a 375 px phone screen.

use jiff::civil::Date;

use crate::text::{Lang, date_text, escape, pick, wrap};
use crate::zrm::{Direction, ZrmDomain, ZrmScore, ZrmSeries};

pub const WIDTH: i64 = 340;
const PAD: i64 = 10;
const LINE: i64 = 18;
/// Pixels per score level (1–5).
const STEP: i64 = 14;
const PLOT_LEFT: i64 = PAD + 22;
const PLOT_RIGHT: i64 = WIDTH - PAD - 14;
const CHARS: usize = 36;
/// Characters per line of the 16 px bold heading.
const HEADING_CHARS: usize = 30;
/// Label every point up to this many; beyond, only the first and the last,
/// so the numbers do not overlap on a phone.
const LABEL_ALL_UP_TO: usize = 8;

/// The SVG document: the trend of every scored domain; `on` marks a last
/// score older than 30 days as outdated.
pub fn zrm_svg(series: &ZrmSeries, on: Date, lang: Lang) -> String {
    let title = pick(lang, "Zelfredzaamheid per domein (ZRM)", "Self-sufficiency per domain (ZRM)");
    let mut desc = String::new();
    let mut body = String::new();
    let mut y = PAD;
    for line in wrap(title, HEADING_CHARS) {
        y += LINE;
        body.push_str(&format!(
            "<text x=\"{PAD}\" y=\"{y}\" font-size=\"16\" font-weight=\"bold\">{}</text>\n",
            escape(&line)
        ));
    }
    y += LINE;
    body.push_str(&format!(
        "<text x=\"{PAD}\" y=\"{y}\" font-size=\"12\">{}</text>\n",
        escape(pick(
            lang,
            "1 = acute problematiek, 5 = volledig zelfredzaam",
            "1 = acute problems, 5 = fully self-sufficient"
        ))
    ));
    y += LINE / 2;

    let first_date = series.assessments().first().map(|m| m.date());
    let last_date = series.assessments().last().map(|m| m.date());
    let span_days = match (first_date, last_date) {
        (Some(a), Some(b)) => a.until(b).map_or(0, |s| i64::from(s.get_days())),
        _ => 0,
    };
    let x_of = |d: Date| -> i64 {
        let from_first = first_date.and_then(|f| f.until(d).ok()).map_or(0, |s| i64::from(s.get_days()));
        if span_days == 0 {
            (PLOT_LEFT + PLOT_RIGHT) / 2
        } else {
            PLOT_LEFT + from_first * (PLOT_RIGHT - PLOT_LEFT) / span_days
        }
    };
    let y_of = |top: i64, s: ZrmScore| top + (5 - i64::from(s.value())) * STEP;

    let mut unscored = Vec::new();
    for domain in ZrmDomain::ALL {
        let t = series.trend(domain);
        let (Some(first), Some(last)) = (t.points.first(), t.points.last()) else {
            unscored.push(domain.label(lang));
            continue;
        };
        let outdated = series.current(on)[domain.index()].is_some_and(|a| a.outdated);
        let heading = match (lang, t.direction) {
            (Lang::Nl, Direction::Unknown) => format!("{}: {}", domain.label(lang), last.1.value()),
            (Lang::En, Direction::Unknown) => format!("{}: {}", domain.label(lang), last.1.value()),
            (Lang::Nl, r) => {
                format!("{}: van {} naar {}, {}", domain.label(lang), first.1.value(), last.1.value(), r.label(lang))
            }
            (Lang::En, r) => {
                format!("{}: from {} to {}, {}", domain.label(lang), first.1.value(), last.1.value(), r.label(lang))
            }
        };
        let outdated_text = pick(lang, "laatste score ouder dan 30 dagen", "last score older than 30 days");
        desc.push_str(&format!("{heading}. "));
        let points: Vec<String> =
            t.points.iter().map(|(d, s)| format!("{} ({})", s.value(), date_text(*d, lang))).collect();
        desc.push_str(&format!("{}: {}. ", pick(lang, "Scores", "Scores"), points.join(", ")));
        if outdated {
            desc.push_str(&format!(
                "{}. ",
                pick(lang, "De laatste score is ouder dan 30 dagen", "The last score is older than 30 days")
            ));
        }

        y += LINE / 2;
        for line in wrap(&heading, CHARS) {
            y += LINE;
            body.push_str(&format!("<text x=\"{PAD}\" y=\"{y}\" font-weight=\"bold\">{}</text>\n", escape(&line)));
        }
        if outdated {
            y += LINE;
            body.push_str(&format!(
                "<text x=\"{PAD}\" y=\"{y}\" font-style=\"italic\">({})</text>\n",
                escape(outdated_text)
            ));
        }
        let top = y + 14;
        // Grid lines at 1 … 5 with their numbers.
        for s in ZrmScore::ALL {
            let gy = y_of(top, s);
            body.push_str(&format!(
                "<line x1=\"{PLOT_LEFT}\" y1=\"{gy}\" x2=\"{PLOT_RIGHT}\" y2=\"{gy}\" stroke=\"#d0d0d0\"/>\n<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{}</text>\n",
                PLOT_LEFT - 6,
                gy + 4,
                s.value()
            ));
        }
        let coords: Vec<(i64, i64)> = t.points.iter().map(|(d, s)| (x_of(*d), y_of(top, *s))).collect();
        if coords.len() > 1 {
            let path: Vec<String> = coords.iter().map(|(x, y)| format!("{x},{y}")).collect();
            body.push_str(&format!(
                "<polyline points=\"{}\" fill=\"none\" stroke=\"#0b4f8a\" stroke-width=\"2\"/>\n",
                path.join(" ")
            ));
        }
        let n = coords.len();
        for (k, ((x, py), (_, s))) in coords.iter().zip(&t.points).enumerate() {
            body.push_str(&format!("<circle cx=\"{x}\" cy=\"{py}\" r=\"4\" fill=\"#0b4f8a\"/>\n"));
            if n <= LABEL_ALL_UP_TO || k == 0 || k + 1 == n {
                body.push_str(&format!(
                    "<text x=\"{x}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>\n",
                    py - 7,
                    s.value()
                ));
            }
        }
        let bottom = top + 4 * STEP;
        y = bottom + 16;
        // First and last date under the chart.
        body.push_str(&format!(
            "<text x=\"{PLOT_LEFT}\" y=\"{y}\" font-size=\"11\">{}</text>\n",
            escape(&date_text(first.0, lang))
        ));
        if n > 1 {
            body.push_str(&format!(
                "<text x=\"{PLOT_RIGHT}\" y=\"{y}\" font-size=\"11\" text-anchor=\"end\">{}</text>\n",
                escape(&date_text(last.0, lang))
            ));
        }
    }
    if series.assessments().is_empty() {
        let text = pick(lang, "Er is nog geen ZRM ingevuld.", "No ZRM has been scored yet.");
        desc.push_str(text);
        y += LINE;
        body.push_str(&format!("<text x=\"{PAD}\" y=\"{y}\">{}</text>\n", escape(text)));
    } else if !unscored.is_empty() {
        let text = format!("{}: {}.", pick(lang, "Niet gescoord", "Not scored"), unscored.join(", "));
        desc.push_str(&text);
        y += LINE / 2;
        for line in wrap(&text, CHARS) {
            y += LINE;
            body.push_str(&format!("<text x=\"{PAD}\" y=\"{y}\">{}</text>\n", escape(&line)));
        }
    }
    let height = y + PAD;

    let mut svg = String::new();
    svg.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"zrm-titel zrm-uitleg\" font-family=\"system-ui, sans-serif\" font-size=\"14\" fill=\"#000000\">\n"
    ));
    svg.push_str(&format!("<title id=\"zrm-titel\">{}</title>\n", escape(title)));
    svg.push_str(&format!("<desc id=\"zrm-uitleg\">{}</desc>\n", escape(desc.trim_end())));
    svg.push_str(&format!("<rect width=\"{WIDTH}\" height=\"{height}\" fill=\"#ffffff\"/>\n"));
    svg.push_str(&body);
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zrm::ZrmAssessment;
    use jiff::civil::date;
    use platform::rol::Role;

    fn series() -> ZrmSeries {
        let m = |d: Date, f: ZrmScore, w: Option<ZrmScore>| {
            let mut s = vec![(ZrmDomain::Finances, f)];
            if let Some(w) = w {
                s.push((ZrmDomain::WorkAndEducation, w));
            }
            ZrmAssessment::new(d, Role::WijMedewerker, &s).unwrap_or_else(|e| panic!("{e}"))
        };
        ZrmSeries::new(vec![
            m(date(2025, 1, 10), ZrmScore::AcuteProblems, Some(ZrmScore::NotSelfSufficient)),
            m(date(2025, 7, 10), ZrmScore::PartlySelfSufficient, None),
            m(date(2026, 1, 10), ZrmScore::SufficientlySelfSufficient, Some(ZrmScore::PartlySelfSufficient)),
        ])
        .unwrap_or_default()
    }

    #[test]
    fn small_multiples_with_words() {
        let svg = zrm_svg(&series(), date(2026, 1, 20), Lang::Nl);
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"zrm-titel\">Zelfredzaamheid per domein (ZRM)</title>"));
        assert!(svg.contains("Financiën: van 1 naar 4, beter"));
        assert!(svg.contains("Werk &amp; Opleiding: van 2 naar 3, beter"));
        assert!(svg.contains("Niet gescoord: Tijdsbesteding"));
        assert!(!svg.contains("ouder dan 30 dagen"));
        assert_eq!(svg.matches("<polyline").count(), 2);
        let later = zrm_svg(&series(), date(2026, 3, 1), Lang::En);
        assert!(later.contains("last score older than 30 days"));
        assert!(later.contains("Finances: from 1 to 4, better"));
    }

    #[test]
    fn an_empty_series_says_so() {
        let svg = zrm_svg(&ZrmSeries::default(), date(2026, 1, 1), Lang::Nl);
        assert!(svg.contains("Er is nog geen ZRM ingevuld."));
        assert!(!svg.contains("<polyline"));
    }

    #[test]
    fn points_stay_inside_the_picture() {
        let svg = zrm_svg(&series(), date(2026, 1, 20), Lang::Nl);
        for part in svg.split("<circle cx=\"").skip(1) {
            let x: i64 = part.split('"').next().and_then(|v| v.parse().ok()).unwrap_or(-1);
            assert!((PLOT_LEFT..=PLOT_RIGHT).contains(&x), "{x}");
        }
    }
}
