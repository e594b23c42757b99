//! The chart: net household income against hours of work, one line per
//! package, cliffs shaded.
//!
//! Hand-written SVG (no dependency): integer coordinates, a title and a
//! description for screen readers (`role="img"`, `aria-labelledby`), and lines
//! that differ in dash pattern as well as colour (Okabe–Ito palette), so the
//! chart does not depend on colour alone. A curve identical to an earlier one
//! is not drawn twice; the legend says which it equals.

use regels::{Cents, Lang};

use crate::curve::Curve;

const WIDTH: i64 = 1000;
const HEIGHT: i64 = 520;
const LEFT: i64 = 90;
const RIGHT: i64 = 400;
const TOP: i64 = 60;
const BOTTOM: i64 = 60;
/// Colour-blind safe (Okabe & Ito 2008), dark enough on white for lines.
const COLOURS: [&str; 8] = ["#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7F6A00"];
const DASHES: [&str; 8] = ["", "8 4", "2 3", "12 3 3 3", "6 6", "1 5", "10 2 2 2 2 2", "4 2"];

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn euros(c: Cents, lang: Lang) -> String {
    let whole = c.get().div_euclid(100) * 100;
    let text = match lang {
        Lang::Nl => Cents::new(whole).display_nl(),
        Lang::En => Cents::new(whole).display_en(),
    };
    text.trim_end_matches(",00").trim_end_matches(".00").to_owned()
}

/// The SVG document for these curves (all over the same hours).
pub fn chart(curves: &[Curve<'_>], hourly: Cents, lang: Lang) -> String {
    let max_hours = curves.first().and_then(|c| c.points.last()).map_or(40, |p| i64::from(p.hours)).max(1);
    let top_value = curves.iter().flat_map(|c| &c.points).map(|p| p.total.get()).max().unwrap_or(0).max(1);
    // Round the y axis up to a multiple of € 500.
    let step = 50_000i64;
    let y_max = (top_value + step - 1) / step * step;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |hours: i64| LEFT + hours * plot_w / max_hours;
    let y = |cents: i64| TOP + plot_h - cents * plot_h / y_max;

    let (title, x_label, y_label, cliff_word, same_as) = match lang {
        Lang::Nl => (
            format!("Loont werken? Netto inkomen per maand bij {} bruto per uur", money(hourly, lang)),
            "Uren werk per week",
            "Netto huishoudinkomen per maand",
            "daling",
            "gelijk aan",
        ),
        Lang::En => (
            format!("Does work pay? Net income per month at {} gross per hour", money(hourly, lang)),
            "Hours of work per week",
            "Net household income per month",
            "drop",
            "same as",
        ),
    };
    let mut desc = String::new();
    for c in curves {
        let first = c.points.first().map_or(Cents::ZERO, |p| p.total);
        let last = c.points.last().map_or(Cents::ZERO, |p| p.total);
        let cliffs = c.cliff_spans();
        desc.push_str(&format!(
            "{}: {} {} {} {}. ",
            c.variant.name.get(lang),
            money(first, lang),
            if lang == Lang::Nl { "bij 0 uur, " } else { "at 0 hours, " },
            money(last, lang),
            if lang == Lang::Nl { format!("bij {max_hours} uur") } else { format!("at {max_hours} hours") },
        ));
        if !cliffs.is_empty() {
            let list = cliffs.iter().map(|(a, b)| format!("{a}–{b}")).collect::<Vec<_>>().join(", ");
            desc.push_str(&match lang {
                Lang::Nl => format!("Netto inkomen daalt bij meer werk tussen {list} uur. "),
                Lang::En => format!("Net income falls with more work between {list} hours. "),
            });
        }
    }

    let mut svg = String::new();
    svg.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"titel uitleg\" font-family=\"system-ui, sans-serif\" font-size=\"14\">\n"
    ));
    svg.push_str(&format!("<title id=\"titel\">{}</title>\n", escape(&title)));
    svg.push_str(&format!("<desc id=\"uitleg\">{}</desc>\n", escape(desc.trim_end())));
    svg.push_str("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    svg.push_str(&format!(
        "<text x=\"{LEFT}\" y=\"30\" font-size=\"18\" font-weight=\"bold\">{}</text>\n",
        escape(&title)
    ));

    // Grid and axes.
    let mut value = 0;
    while value <= y_max {
        let yy = y(value);
        svg.push_str(&format!(
            "<line x1=\"{LEFT}\" y1=\"{yy}\" x2=\"{}\" y2=\"{yy}\" stroke=\"#d0d0d0\"/>\n<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
            LEFT + plot_w,
            LEFT - 8,
            yy + 5,
            escape(&euros(Cents::new(value), lang))
        ));
        value += if y_max > 300_000 { 100_000 } else { step };
    }
    let tick = if max_hours > 20 { 5 } else { 1 };
    let mut hours = 0;
    while hours <= max_hours {
        let xx = x(hours);
        svg.push_str(&format!(
            "<line x1=\"{xx}\" y1=\"{}\" x2=\"{xx}\" y2=\"{}\" stroke=\"#333333\"/>\n<text x=\"{xx}\" y=\"{}\" text-anchor=\"middle\">{hours}</text>\n",
            TOP + plot_h,
            TOP + plot_h + 6,
            TOP + plot_h + 22
        ));
        hours += tick;
    }
    svg.push_str(&format!(
        "<line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{}\" stroke=\"#333333\"/>\n<line x1=\"{LEFT}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#333333\"/>\n",
        TOP + plot_h,
        TOP + plot_h,
        LEFT + plot_w,
        TOP + plot_h
    ));
    svg.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
        LEFT + plot_w / 2,
        HEIGHT - 14,
        escape(x_label)
    ));
    svg.push_str(&format!(
        "<text transform=\"translate(20 {}) rotate(-90)\" text-anchor=\"middle\">{}</text>\n",
        TOP + plot_h / 2,
        escape(y_label)
    ));

    // Cliffs first (under the lines), then the lines, then the legend.
    let mut drawn: Vec<usize> = Vec::new();
    let mut legend = Vec::new();
    for (i, c) in curves.iter().enumerate() {
        let equal_to = drawn
            .iter()
            .copied()
            .find(|&j| curves[j].points.iter().map(|p| p.total).eq(c.points.iter().map(|p| p.total)));
        if let Some(j) = equal_to {
            legend.push((None, c.variant.name.get(lang).to_owned()));
            legend.push((None, format!("   ({same_as} {})", curves[j].variant.name.get(lang))));
            continue;
        }
        let style = drawn.len() % COLOURS.len();
        drawn.push(i);
        for (from, to) in c.cliff_spans() {
            let (x1, x2) = (x(i64::from(from)), x(i64::from(to)));
            svg.push_str(&format!(
                "<rect x=\"{x1}\" y=\"{TOP}\" width=\"{}\" height=\"{plot_h}\" fill=\"{}\" fill-opacity=\"0.18\"><title>{}</title></rect>\n",
                (x2 - x1).max(2),
                COLOURS[style],
                escape(&format!("{}: {cliff_word} {from}–{to}", c.variant.name.get(lang)))
            ));
        }
        let path: Vec<String> =
            c.points.iter().map(|p| format!("{},{}", x(i64::from(p.hours)), y(p.total.get()))).collect();
        let dash =
            if DASHES[style].is_empty() { String::new() } else { format!(" stroke-dasharray=\"{}\"", DASHES[style]) };
        svg.push_str(&format!(
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\"{dash}/>\n",
            path.join(" "),
            COLOURS[style]
        ));
        for p in c.points.iter().filter(|p| p.cliff) {
            svg.push_str(&format!(
                "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"2\"/>\n",
                x(i64::from(p.hours)),
                y(p.total.get()),
                COLOURS[style]
            ));
        }
        legend.push((Some(style), c.variant.name.get(lang).to_owned()));
    }
    let lx = LEFT + plot_w + 20;
    let mut ly = TOP + 10;
    for (style, label) in legend {
        if let Some(s) = style {
            let dash =
                if DASHES[s].is_empty() { String::new() } else { format!(" stroke-dasharray=\"{}\"", DASHES[s]) };
            svg.push_str(&format!(
                "<line x1=\"{lx}\" y1=\"{ly}\" x2=\"{}\" y2=\"{ly}\" stroke=\"{}\" stroke-width=\"2.5\"{dash}/>\n",
                lx + 36,
                COLOURS[s]
            ));
        }
        // An equal curve's name is followed by its "(same as …)" line: keep them together.
        let (size, step) = match (style, label.starts_with("   ")) {
            (None, true) => ("11", 22),
            (None, false) => ("13", 15),
            _ => ("13", 22),
        };
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"{size}\" xml:space=\"preserve\">{}</text>\n",
            lx + 44,
            ly + 5,
            escape(&label)
        ));
        ly += step;
    }
    let note = match lang {
        Lang::Nl => "Gekleurd vlak: meer werken geeft minder netto inkomen.",
        Lang::En => "Shaded area: working more gives less net income.",
    };
    svg.push_str(&format!("<text x=\"{lx}\" y=\"{}\" font-size=\"12\">{}</text>\n", ly + 10, escape(note)));
    svg.push_str("</svg>\n");
    svg
}

fn money(c: Cents, lang: Lang) -> String {
    match lang {
        Lang::Nl => c.display_nl(),
        Lang::En => c.display_en(),
    }
}
