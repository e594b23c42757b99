//! Small HTML helpers: escaping and the explanation tree as nested lists.

use regels::Lang;
use regels::explain::Trace;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The explanation as nested lists: each step with its name and value, the
/// plain-language description, the inputs used and the article with a link.
pub fn explanation(trace: &Trace<'_>, lang: Lang) -> String {
    let mut out = String::from("<ul class=\"utrecht-unordered-list ademruimte-uitleg\">");
    step(trace, lang, &mut out);
    out.push_str("</ul>");
    out
}

fn step(t: &Trace<'_>, lang: Lang, out: &mut String) {
    let value = t.output.render(lang);
    out.push_str("<li class=\"utrecht-unordered-list__item\"><p class=\"utrecht-paragraph\"><strong>");
    out.push_str(&escape(t.rule.label(lang)));
    if !value.is_empty() {
        out.push_str(": ");
        out.push_str(&escape(&value));
    }
    out.push_str("</strong><br>");
    out.push_str(&escape(t.rule.description(lang)));
    if !t.inputs.is_empty() {
        let used = t
            .inputs
            .iter()
            .map(|(term, v)| format!("{}: {}", term.label(lang), v.render(lang)))
            .collect::<Vec<_>>()
            .join("; ");
        out.push_str("<br>");
        out.push_str(&escape(&format!("{} {used}", if lang == Lang::Nl { "Gebruikt:" } else { "Used:" })));
    }
    if let Some(citation) = t.cite.citation(lang) {
        out.push_str("<br>");
        match t.cite.url() {
            Some(url) => {
                out.push_str(&format!("<a class=\"utrecht-link\" href=\"{}\">{}</a>", escape(&url), escape(&citation)))
            }
            None => out.push_str(&escape(&citation)),
        }
    }
    out.push_str("</p>");
    if !t.children.is_empty() {
        out.push_str("<ul class=\"utrecht-unordered-list\">");
        for c in &t.children {
            step(c, lang, out);
        }
        out.push_str("</ul>");
    }
    out.push_str("</li>");
}
