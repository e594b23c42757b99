//! The report of a simulation: yearly cost per variant against the base, who
//! is better or worse off and by how much, per household type, and the effect
//! on people who start working. As text (Dutch), CSV and an SVG chart.

use std::fmt::Write as _;

use regels::{Cents, Variant};

use crate::bulk::{Evaluation, Totals};
use crate::population::HouseholdType;
use crate::work::{WorkEffect, WorkScenario};

/// Everything a report shows.
pub struct Report<'a> {
    pub gemeente: &'a str,
    pub date: jiff::civil::Date,
    pub households: usize,
    pub persons: usize,
    /// Households on bijstand in the municipality, to scale costs to; `None`
    /// reports the simulated population as it is.
    pub scale_to: Option<u32>,
    pub variants: &'a [&'a Variant],
    pub evaluation: &'a Evaluation,
    pub work: Option<(&'a WorkEffect, WorkScenario)>,
}

fn eur(c: i64) -> String {
    Cents::new(c).display_nl()
}

/// `part / whole` as a percentage with one decimal, "12,3 %".
fn pct(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "–".into();
    }
    let tenths = (u128::from(part) * 1000 + u128::from(whole) / 2) / u128::from(whole);
    format!("{},{} %", tenths / 10, tenths % 10)
}

/// Mean in whole cents, rounded half up.
fn mean(sum: i64, n: u64) -> i64 {
    if n == 0 {
        return 0;
    }
    let n = i128::from(n);
    let s = i128::from(sum);
    i64::try_from((2 * s + n) / (2 * n)).expect("a mean is at most the largest amount")
}

impl Report<'_> {
    /// Monthly total × 12, scaled to the municipality when asked (rounded half up).
    pub fn yearly(&self, monthly_total: i64) -> i64 {
        let year = i128::from(monthly_total) * 12;
        let scaled = match self.scale_to {
            Some(n) if self.households > 0 => {
                let sim = i128::try_from(self.households).expect("usize fits");
                (2 * year * i128::from(n) + sim) / (2 * sim)
            }
            _ => year,
        };
        i64::try_from(scaled).expect("yearly totals fit in i64")
    }

    fn base(&self) -> &Totals {
        &self.evaluation.totals[0]
    }

    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Simulatie {} op {} — {} huishoudens, {} personen{}",
            self.gemeente,
            self.date,
            self.households,
            self.persons,
            match self.scale_to {
                Some(n) => format!("; kosten omgerekend naar {n} huishoudens in de bijstand"),
                None => String::new(),
            }
        );
        let _ = writeln!(
            out,
            "Kosten per jaar = bijstand van deze maand (met vakantietoeslag) × 12. Beter/slechter af: bijstand plus wat men van het eigen loon houdt, vergeleken met '{}'. Toeslagen tellen niet mee.\n",
            self.variants[0].id
        );
        let _ = writeln!(
            out,
            "{:<32} {:>10} {:>18} {:>16} {:>9} {:>9} {:>12} {:>12}",
            "variant", "bijstand", "kosten per jaar", "verschil", "beter", "slechter", "gem. winst", "gem. verlies"
        );
        let base = self.yearly(self.base().overall.bijstand);
        for (v, t) in self.variants.iter().zip(&self.evaluation.totals) {
            let cost = self.yearly(t.overall.bijstand);
            let _ = writeln!(
                out,
                "{:<32} {:>10} {:>18} {:>16} {:>9} {:>9} {:>12} {:>12}",
                v.id,
                pct(t.receiving, t.overall.households),
                eur(cost),
                eur(cost - base),
                pct(t.overall.better_off, t.overall.households),
                pct(t.overall.worse_off, t.overall.households),
                eur(mean(t.overall.gain, t.overall.better_off)),
                eur(mean(t.overall.loss, t.overall.worse_off)),
            );
        }
        let _ = writeln!(
            out,
            "\nPer huishoudtype: verschil in kosten per jaar met '{}' / beter af / slechter af",
            self.variants[0].id
        );
        let _ = write!(out, "{:<32}", "variant");
        for ty in HouseholdType::ALL {
            let _ = write!(out, " {:>30}", ty.label_nl());
        }
        out.push('\n');
        for (v, t) in self.variants.iter().zip(&self.evaluation.totals) {
            let _ = write!(out, "{:<32}", v.id);
            for ty in HouseholdType::ALL {
                let x = &t.per_type[ty.index()];
                let b = &self.base().per_type[ty.index()];
                let cell = format!(
                    "{} / {} / {}",
                    eur(self.yearly(x.bijstand) - self.yearly(b.bijstand)),
                    pct(x.better_off, x.households),
                    pct(x.worse_off, x.households)
                );
                let _ = write!(out, " {cell:>30}");
            }
            out.push('\n');
        }
        if let Some((w, s)) = &self.work {
            let _ = writeln!(
                out,
                "\nAls de aanvrager gaat werken ({} netto per maand): wat houdt het huishouden er per maand aan over? ({} aanvragers zonder werk, onder de AOW-leeftijd)",
                s.net_wage.display_nl(),
                w.households
            );
            let _ = writeln!(
                out,
                "{:<32} {:>14} {:>14} {:>24}",
                "variant", "maand 1", "maand 7", "houdt < helft (maand 7)"
            );
            let m1 = WorkEffect::mean(&w.gain_month_1, w.households);
            let m7 = WorkEffect::mean(&w.gain_month_7, w.households);
            for (i, v) in self.variants.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "{:<32} {:>14} {:>14} {:>24}",
                    v.id,
                    m1[i].display_nl(),
                    m7[i].display_nl(),
                    pct(w.keeps_under_half_month_7[i], w.households)
                );
            }
        }
        if self.evaluation.errors > 0 {
            let _ = writeln!(out, "\nLet op: {} huishoudens konden niet worden berekend.", self.evaluation.errors);
            if let Some((i, e)) = &self.evaluation.first_error {
                let _ = writeln!(out, "Eerste: huishouden {i}, {}: {}", e.field, e.message_nl());
            }
        }
        out
    }

    /// One row per variant and household type (and `alle`), amounts in cents.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "variant,huishoudtype,huishoudens,met_bijstand,bijstand_per_maand_cent,kosten_per_jaar_cent,verschil_per_jaar_cent,beter_af,slechter_af,winst_per_maand_cent,verlies_per_maand_cent\n",
        );
        let base = self.base();
        for (v, t) in self.variants.iter().zip(&self.evaluation.totals) {
            let _ = writeln!(
                out,
                "{},alle,{},{},{},{},{},{},{},{},{}",
                v.id,
                t.overall.households,
                t.receiving,
                t.overall.bijstand,
                self.yearly(t.overall.bijstand),
                self.yearly(t.overall.bijstand) - self.yearly(base.overall.bijstand),
                t.overall.better_off,
                t.overall.worse_off,
                t.overall.gain,
                t.overall.loss
            );
            for ty in HouseholdType::ALL {
                let x = &t.per_type[ty.index()];
                let b = &base.per_type[ty.index()];
                let _ = writeln!(
                    out,
                    "{},{},{},,{},{},{},{},{},{},{}",
                    v.id,
                    ty.key(),
                    x.households,
                    x.bijstand,
                    self.yearly(x.bijstand),
                    self.yearly(x.bijstand) - self.yearly(b.bijstand),
                    x.better_off,
                    x.worse_off,
                    x.gain,
                    x.loss
                );
            }
        }
        out
    }

    /// A horizontal bar chart of the yearly cost difference with the base,
    /// per variant. Self-contained SVG with a title and description for
    /// screen readers; colours meet WCAG contrast on white.
    pub fn to_svg(&self) -> String {
        let base = self.yearly(self.base().overall.bijstand);
        let diffs: Vec<(&str, i64)> = self
            .variants
            .iter()
            .zip(&self.evaluation.totals)
            .map(|(v, t)| (v.id.as_str(), self.yearly(t.overall.bijstand) - base))
            .collect();
        let max = diffs.iter().map(|(_, d)| d.abs()).max().unwrap_or(0).max(1);
        let (label_w, bar_w, row_h, top) = (260i64, 520i64, 28i64, 56i64);
        let zero_x = label_w + bar_w / 2;
        let height = top + row_h * i64::try_from(diffs.len()).expect("few variants") + 40;
        let width = label_w + bar_w + 150;
        let mut s = String::new();
        let _ = write!(
            s,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="t d" font-family="sans-serif" font-size="13">
<title id="t">Kosten per jaar ten opzichte van {base_id}, {gemeente}</title>
<desc id="d">Per variant het verschil in bijstandskosten per jaar met {base_id}. Balken naar rechts kosten meer, naar links minder.</desc>
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="12" y="24" font-size="16" font-weight="bold" fill="#1a1a1a">Verschil in kosten per jaar met '{base_id}' ({gemeente}, {date})</text>
<line x1="{zero_x}" y1="{y0}" x2="{zero_x}" y2="{y1}" stroke="#1a1a1a"/>
"##,
            base_id = self.variants[0].id,
            gemeente = self.gemeente,
            date = self.date,
            y0 = top - 8,
            y1 = height - 32,
        );
        for (i, (id, d)) in diffs.iter().enumerate() {
            let y = top + row_h * i64::try_from(i).expect("few variants");
            let len = (d.abs() * (bar_w / 2) + max / 2) / max;
            let (x, fill) = if *d >= 0 { (zero_x, "#a4262c") } else { (zero_x - len, "#0b6e4f") };
            let _ = writeln!(
                s,
                r##"<text x="{tx}" y="{ty}" text-anchor="end" fill="#1a1a1a">{id}</text><rect x="{x}" y="{ry}" width="{len}" height="{bh}" fill="{fill}"/><text x="{vx}" y="{ty}" fill="#1a1a1a">{val}</text>"##,
                tx = label_w - 8,
                ty = y + 17,
                ry = y + 4,
                bh = row_h - 8,
                vx = label_w + bar_w + 8,
                val = eur(*d),
            );
        }
        s.push_str("</svg>\n");
        s
    }
}
