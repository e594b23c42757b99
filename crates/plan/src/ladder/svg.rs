//! The ladder as a picture: every rung with its name, where the person stands
//! now, where they started, and the highest rung so far.
//!
//! Hand-written SVG like `loontwerken::svg`: `role="img"` with a `<title>`
//! and a `<desc>` that says everything the picture shows; where someone
//! stands is said in words on the rung ("Nu: …", "Begin: …") and shown with a
//! thick or dashed border, so nothing depends on colour alone. 340 px wide
//! with text wrapped, so it fits a 375 px phone screen without scaling.

use crate::ladder::{History, Ladder};
use crate::text::{Lang, date_text, escape, pick, wrap};

/// Width of the picture: fits a 375 px screen with the page's margins.
pub const WIDTH: i64 = 340;
const PAD: i64 = 10;
const LINE: i64 = 18;
const GAP: i64 = 8;
/// Characters per line at 14 px in the box (about 8 px per character).
const CHARS: usize = 36;
/// Characters per line of the 16 px bold heading.
const HEADING_CHARS: usize = 30;

/// The SVG document for `history` on `ladder`.
pub fn ladder_svg(ladder: &Ladder, history: &History, lang: Lang) -> String {
    let summary = history.summary();
    let name = |n: u8| ladder.rung(n).map_or(String::new(), |t| t.name.get(lang).to_owned());

    let title = match lang {
        Lang::Nl => format!("Uw plek op de ladder: {}", ladder.name(lang)),
        Lang::En => format!("Your place on the ladder: {}", ladder.name(lang)),
    };
    let mut desc = match lang {
        Lang::Nl => format!(
            "De ladder heeft {} treden, van 1 ({}) tot {} ({}). ",
            ladder.top(),
            name(1),
            ladder.top(),
            name(ladder.top())
        ),
        Lang::En => format!(
            "The ladder has {} rungs, from 1 ({}) to {} ({}). ",
            ladder.top(),
            name(1),
            ladder.top(),
            name(ladder.top())
        ),
    };
    if ladder.is_example() {
        desc.push_str(pick(
            lang,
            "Dit is een voorbeeldladder, geen officieel instrument. ",
            "This is an example ladder, not an official instrument. ",
        ));
    }
    match &summary {
        None => desc.push_str(pick(lang, "Er is nog geen trede vastgelegd.", "No rung has been recorded yet.")),
        Some(s) => desc.push_str(&match lang {
            Lang::Nl => format!(
                "Nu: trede {} ({}), sinds {}. Begin: trede {} ({}) op {}. Hoogste trede tot nu: {} ({}). In totaal {} treden omhoog en {} omlaag.",
                s.now.rung,
                name(s.now.rung),
                date_text(s.since, lang),
                s.first.rung,
                name(s.first.rung),
                date_text(s.first.date, lang),
                s.highest.rung,
                name(s.highest.rung),
                s.steps_up,
                s.steps_down
            ),
            Lang::En => format!(
                "Now: rung {} ({}), since {}. Start: rung {} ({}) on {}. Highest rung so far: {} ({}). In total {} rungs up and {} down.",
                s.now.rung,
                name(s.now.rung),
                date_text(s.since, lang),
                s.first.rung,
                name(s.first.rung),
                date_text(s.first.date, lang),
                s.highest.rung,
                name(s.highest.rung),
                s.steps_up,
                s.steps_down
            ),
        }),
    }

    // Lay out: title lines, then one box per rung from the top rung down.
    let mut body = String::new();
    let mut y = PAD;
    let mut heading = wrap(&title, HEADING_CHARS);
    if ladder.is_example() {
        let note = pick(lang, "(voorbeeld, geen officieel instrument)", "(example, not an official instrument)");
        heading.extend(wrap(note, HEADING_CHARS));
    }
    for line in &heading {
        y += LINE;
        body.push_str(&format!(
            "<text x=\"{PAD}\" y=\"{y}\" font-size=\"16\" font-weight=\"bold\">{}</text>\n",
            escape(line)
        ));
    }
    y += GAP;
    let rails_top = y;
    let mut boxes = String::new();
    for t in ladder.rungs().iter().rev() {
        let mut lines: Vec<(String, bool)> =
            wrap(&format!("{}. {}", t.number, t.name.get(lang)), CHARS).into_iter().map(|l| (l, false)).collect();
        let mut current = false;
        let mut start = false;
        if let Some(s) = &summary {
            if s.now.rung == t.number {
                current = true;
                let text = match lang {
                    Lang::Nl => format!("Nu: hier staat u sinds {}", date_text(s.since, lang)),
                    Lang::En => format!("Now: you are here since {}", date_text(s.since, lang)),
                };
                lines.extend(wrap(&text, CHARS).into_iter().map(|l| (l, true)));
            }
            if s.first.rung == t.number && history.positions().len() > 1 {
                start = true;
                let text = match lang {
                    Lang::Nl => format!("Begin: {}", date_text(s.first.date, lang)),
                    Lang::En => format!("Start: {}", date_text(s.first.date, lang)),
                };
                lines.push((text, true));
            }
            if s.highest.rung == t.number && s.highest.rung > s.now.rung {
                let text = match lang {
                    Lang::Nl => format!("Hoogste tot nu: {}", date_text(s.highest.date, lang)),
                    Lang::En => format!("Highest so far: {}", date_text(s.highest.date, lang)),
                };
                lines.push((text, true));
            }
        }
        let lines_i64 = i64::try_from(lines.len()).unwrap_or(1);
        let height = 12 + LINE * lines_i64;
        let (fill, stroke, width, dash) = if current {
            ("#fff4cc", "#000000", 4, "")
        } else if start {
            ("#ffffff", "#000000", 2, " stroke-dasharray=\"6 4\"")
        } else {
            ("#f3f3f3", "#6b6b6b", 1, "")
        };
        boxes.push_str(&format!(
            "<rect x=\"{PAD}\" y=\"{y}\" width=\"{}\" height=\"{height}\" rx=\"4\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{width}\"{dash}/>\n",
            WIDTH - 2 * PAD
        ));
        let mut ty = y + 4;
        for (line, marker) in &lines {
            ty += LINE;
            let weight = if current && !marker { " font-weight=\"bold\"" } else { "" };
            let style = if *marker { " font-style=\"italic\"" } else { "" };
            boxes.push_str(&format!("<text x=\"{}\" y=\"{ty}\"{weight}{style}>{}</text>\n", PAD + 10, escape(line)));
        }
        y += height + GAP;
    }
    let rails_bottom = y - GAP;
    // Two rails behind the rungs, so the boxes read as a ladder.
    for x in [PAD + 18, WIDTH - PAD - 18] {
        body.push_str(&format!(
            "<line x1=\"{x}\" y1=\"{rails_top}\" x2=\"{x}\" y2=\"{rails_bottom}\" stroke=\"#6b6b6b\" stroke-width=\"3\"/>\n"
        ));
    }
    body.push_str(&boxes);
    if let Some(s) = &summary {
        let text = match lang {
            Lang::Nl => format!("{} treden omhoog, {} omlaag.", s.steps_up, s.steps_down),
            Lang::En => format!("{} rungs up, {} down.", s.steps_up, s.steps_down),
        };
        y += LINE;
        body.push_str(&format!("<text x=\"{PAD}\" y=\"{y}\">{}</text>\n", escape(&text)));
    }
    let height = y + PAD;

    let mut svg = String::new();
    svg.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"ladder-titel ladder-uitleg\" font-family=\"system-ui, sans-serif\" font-size=\"14\" fill=\"#000000\">\n"
    ));
    svg.push_str(&format!("<title id=\"ladder-titel\">{}</title>\n", escape(&title)));
    svg.push_str(&format!("<desc id=\"ladder-uitleg\">{}</desc>\n", escape(desc.trim_end())));
    svg.push_str(&format!("<rect width=\"{WIDTH}\" height=\"{height}\" fill=\"#ffffff\"/>\n"));
    svg.push_str(&body);
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ladder::Position;
    use jiff::civil::date;
    use platform::rol::Role;

    fn history(ladder: &Ladder) -> History {
        let p = |y, m, rung| Position { date: date(y, m, 1), rung, by_role: Role::Klantmanager };
        History::new(ladder, vec![p(2024, 1, 1), p(2024, 9, 4), p(2025, 6, 3)]).unwrap_or_default()
    }

    #[test]
    fn the_picture_says_in_words_where_the_person_stands() {
        let l = Ladder::participatieladder();
        let svg = ladder_svg(l, &history(l), Lang::Nl);
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"ladder-titel\">Uw plek op de ladder: Participatieladder</title>"));
        assert!(svg.contains("Nu: trede 3 (Deelname aan georganiseerde activiteiten), sinds 1 juni 2025."));
        assert!(svg.contains("Begin: trede 1 (Geïsoleerd) op 1 januari 2024."));
        assert!(svg.contains(">Nu: hier staat u sinds 1 juni 2025<"));
        assert!(svg.contains(">Hoogste tot nu: 1 september 2024<"));
        assert!(svg.contains(">Begin: 1 januari 2024<"));
        // The current rung has a thick border and the start a dashed one: not colour alone.
        assert!(svg.contains("stroke-width=\"4\""));
        assert!(svg.contains("stroke-dasharray=\"6 4\""));
        assert!(svg.ends_with("</svg>\n"));
    }

    #[test]
    fn every_text_line_fits_the_width() {
        for l in [Ladder::participatieladder(), Ladder::example_7_rungs()] {
            for lang in [Lang::Nl, Lang::En] {
                let svg = ladder_svg(l, &history(l), lang);
                assert!(svg.contains(&format!("width=\"{WIDTH}\"")));
                for line in svg.lines().filter(|l| l.starts_with("<text")) {
                    let content = line.split('>').nth(1).unwrap_or("").split('<').next().unwrap_or("");
                    assert!(content.chars().count() <= CHARS + 4, "too wide: {content}");
                }
            }
        }
    }

    #[test]
    fn an_example_ladder_says_so_and_an_empty_history_too() {
        let l = Ladder::example_7_rungs();
        let svg = ladder_svg(l, &History::default(), Lang::En);
        assert!(svg.contains("(example, not an official"));
        assert!(svg.contains("This is an example ladder, not an official instrument."));
        assert!(svg.contains("No rung has been recorded yet."));
        assert!(!svg.contains("stroke-width=\"4\""));
    }
}
