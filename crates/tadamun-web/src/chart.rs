//! Horizontal bar charts as inline SVG, drawn on the server, one or more series per
//! row: the simulator's baseline against changed, the service map's supply, the
//! planning charts, and the annual plan's progress bars (on a fixed 0–100 % scale). Positions are measured from the inline start and mirrored
//! for right-to-left pages, so labels sit on the reading side and bars grow the way the
//! page reads; the SVG's own direction is fixed so the anchors mean the same in both.

use std::fmt::Write;

use crate::i18n::Tr;

/// One series: its CSS class, its colour, and its legend entry (none: no legend).
pub(crate) struct Series {
    pub class: &'static str,
    pub fill: &'static str,
    pub legend: Option<String>,
}

/// One row: its label, and per series the amount the bar is drawn from and the text
/// written beside it (in the reader's digits).
pub(crate) struct Row {
    pub label: String,
    pub values: Vec<(i64, String)>,
}

const W: f64 = 720.0;
const LABEL: f64 = 150.0;
const VALUE: f64 = 120.0;

/// The chart; `id` names the element (and its title `{id}-title`) and is its class.
pub(crate) fn bars(tr: Tr, id: &str, title: &str, series: &[Series], rows: &[Row]) -> String {
    let max = rows
        .iter()
        .flat_map(|r| r.values.iter().map(|v| v.0))
        .max()
        .unwrap_or(0);
    bars_out_of(tr, id, title, series, rows, max)
}

/// The chart with a fixed full scale (`full` draws a bar across the whole span), e.g.
/// 1,000 for progress in tenths of a percent; a bar over the scale stops at its end.
pub(crate) fn bars_out_of(
    tr: Tr,
    id: &str,
    title: &str,
    series: &[Series],
    rows: &[Row],
    full: i64,
) -> String {
    let k = series.len().max(1);
    let bar = if k == 1 { 18.0 } else { 13.0 };
    let row_height = 6.0 + (bar + 2.0) * k as f64;
    let legend = series.iter().any(|s| s.legend.is_some());
    let top = if legend { 34.0 } else { 10.0 };
    let height = top + row_height * rows.len() as f64 + 6.0;
    let max = full.max(1) as f64;
    let span = W - LABEL - VALUE - 8.0;
    let rtl = tr.dir() == "rtl";
    let rect_x = |from_start: f64, width: f64| {
        if rtl {
            W - from_start - width
        } else {
            from_start
        }
    };
    let text_x = |from_start: f64| if rtl { W - from_start } else { from_start };
    let anchor = if rtl { "end" } else { "start" };
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="{id}" id="{id}" viewBox="0 0 {W} {height}" role="img" aria-labelledby="{id}-title" direction="ltr"><title id="{id}-title">{}</title>"#,
        esc(title)
    );
    for (i, se) in series.iter().enumerate() {
        let Some(text) = &se.legend else { continue };
        let at = 8.0 + 180.0 * i as f64;
        let _ = write!(
            s,
            r#"<rect class="{}" fill="{}" x="{}" y="8" width="14" height="14"/><text x="{}" y="20" text-anchor="{anchor}" font-size="14">{}</text>"#,
            se.class,
            se.fill,
            rect_x(at, 14.0),
            text_x(at + 20.0),
            esc(text)
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let y = top + row_height * i as f64;
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="{anchor}" font-size="14">{}</text>"#,
            text_x(8.0),
            y + row_height / 2.0 + 4.0,
            esc(&row.label)
        );
        for (j, (se, (amount, text))) in series.iter().zip(&row.values).enumerate() {
            let width =
                (span * (*amount as f64).min(max) / max).max(if *amount > 0 { 1.0 } else { 0.0 });
            let bar_top = y + 4.0 + (bar + 2.0) * j as f64;
            let _ = write!(
                s,
                r#"<rect class="{}" fill="{}" x="{:.1}" y="{bar_top}" width="{width:.1}" height="{bar}"><title>{}</title></rect><text x="{:.1}" y="{}" text-anchor="{anchor}" font-size="12">{}</text>"#,
                se.class,
                se.fill,
                rect_x(LABEL, width),
                esc(&format!("{}: {text}", row.label)),
                text_x(LABEL + width + 4.0),
                bar_top + bar - 2.0,
                esc(text)
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// Escapes text for SVG markup.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use tadamun_domain::user::{DigitStyle, Locale};

    fn chart(tr: Tr, legend: bool) -> String {
        let series = [
            Series {
                class: "a",
                fill: "#111111",
                legend: legend.then(|| "first".to_owned()),
            },
            Series {
                class: "b",
                fill: "#222222",
                legend: legend.then(|| "second".to_owned()),
            },
        ];
        let rows = [
            Row {
                label: "إربد".into(),
                values: vec![(40, tr.num(40)), (20, tr.num(20))],
            },
            Row {
                label: "<x>".into(),
                values: vec![(10, tr.num(10)), (0, tr.num(0))],
            },
        ];
        bars(tr, "c", "t", &series, &rows)
    }

    #[test]
    fn a_chart_mirrors_for_arabic_and_writes_the_readers_digits() {
        let ar = chart(Tr::new(Locale::Arabic, DigitStyle::ArabicIndic), true);
        let en = chart(Tr::new(Locale::English, DigitStyle::Western), true);
        assert!(ar.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" class="c" id="c""#));
        assert!(ar.ends_with("</svg>"));
        assert!(ar.contains("٤٠") && !ar.contains(">40<"), "{ar}");
        assert!(en.contains(">40<"));
        assert!(
            ar.contains("&lt;x&gt;") && !ar.contains("<x>"),
            "labels are escaped"
        );
        // The first row's label: at the right edge in Arabic, the left in English,
        // below the legend.
        assert!(
            ar.contains(r#"<text x="712" y="56" text-anchor="end""#),
            "{ar}"
        );
        assert!(
            en.contains(r#"<text x="8" y="56" text-anchor="start""#),
            "{en}"
        );
        // The longest bar ends where the value column starts; a zero bar has no width.
        assert!(ar.contains(r#"x="128.0" y="38" width="442.0""#), "{ar}");
        assert!(en.contains(r#"x="150.0" y="38" width="442.0""#), "{en}");
        assert!(en.contains(r#"width="0.0""#));
    }

    #[test]
    fn a_fixed_scale_draws_a_share_of_the_span() {
        let tr = Tr::new(Locale::Arabic, DigitStyle::ArabicIndic);
        let series = [Series {
            class: "p",
            fill: "#111111",
            legend: None,
        }];
        let rows = [Row {
            label: "الخطة".into(),
            values: vec![(500, tr.digits("50.0%"))],
        }];
        let svg = bars_out_of(tr, "p", "t", &series, &rows, 1000);
        // Half of the 442-wide span, grown from the right edge of the label column.
        assert!(svg.contains(r#"x="349.0" y="14" width="221.0""#), "{svg}");
    }

    #[test]
    fn without_a_legend_the_rows_start_at_the_top() {
        let en = chart(Tr::new(Locale::English, DigitStyle::Western), false);
        assert!(!en.contains("first"));
        assert!(
            en.contains(r#"<text x="8" y="32" text-anchor="start""#),
            "{en}"
        );
    }
}
