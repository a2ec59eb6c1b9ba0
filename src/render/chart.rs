//! Horizontal bar charts drawn as inline SVG at build time.
//!
//! Horizontal bars leave room for long Chinese unit names. Colours come
//! from CSS classes so that the high-contrast mode and print restyle the
//! chart, and the presentation attributes are the fallback when CSS is off.
//! Every bar carries its value as text, so the chart reads without colour.

use super::format::xml_escape;

pub struct Bar {
    pub label: String,
    /// 0 to `max`.
    pub value: f64,
    pub value_text: String,
}

const WIDTH: f64 = 720.0;
const ROW: f64 = 34.0;
const BAR: f64 = 20.0;
const TOP: f64 = 8.0;
const AXIS: f64 = 30.0;
// Large enough to read at the chart's usual width of 600 to 720 pixels.
const FONT: f64 = 16.0;
const VALUE_SPACE: f64 = 60.0;
const MAX_LABEL: f64 = 240.0;

/// Draws `bars` on a scale from 0 to `max` with five grid steps. `id`
/// prefixes the ids of the title and description, which name the chart
/// for screen readers.
pub fn bar_chart(id: &str, title: &str, description: &str, bars: &[Bar], max: f64) -> String {
    let label_width = bars
        .iter()
        .map(|bar| text_width(&bar.label))
        .fold(80.0_f64, f64::max)
        .min(MAX_LABEL)
        + 12.0;
    let plot_width = WIDTH - label_width - VALUE_SPACE;
    let height = TOP + bars.len() as f64 * ROW + AXIS;
    let x_of = |value: f64| label_width + (value.clamp(0.0, max) / max) * plot_width;

    let mut svg = format!(
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        xml_escape(title),
        xml_escape(description)
    );

    let axis_y = TOP + bars.len() as f64 * ROW;
    for step in 0..=5 {
        let value = max * f64::from(step) / 5.0;
        let x = x_of(value);
        svg.push_str(&format!(
            "<line class=\"chart-grid\" x1=\"{x:.1}\" y1=\"{TOP}\" x2=\"{x:.1}\" y2=\"{axis_y}\" stroke=\"#767676\" stroke-width=\"1\" stroke-dasharray=\"3 3\"/>\
             <text class=\"chart-tick\" x=\"{x:.1}\" y=\"{:.1}\" font-size=\"{FONT}\" text-anchor=\"middle\" fill=\"#1a1a1a\">{}</text>",
            axis_y + 22.0,
            super::format::score(value)
        ));
    }
    svg.push_str(&format!(
        "<line class=\"chart-axis\" x1=\"{label_width:.1}\" y1=\"{axis_y}\" x2=\"{:.1}\" y2=\"{axis_y}\" stroke=\"#1a1a1a\" stroke-width=\"1\"/>",
        label_width + plot_width
    ));

    for (index, bar) in bars.iter().enumerate() {
        let row_top = TOP + index as f64 * ROW;
        let bar_top = row_top + (ROW - BAR) / 2.0;
        let text_y = row_top + ROW / 2.0 + FONT * 0.35;
        let bar_end = x_of(bar.value);
        svg.push_str(&format!(
            "<text class=\"chart-label\" x=\"{:.1}\" y=\"{text_y:.1}\" font-size=\"{FONT}\" text-anchor=\"end\" fill=\"#1a1a1a\">{}</text>\
             <rect class=\"chart-bar\" x=\"{label_width:.1}\" y=\"{bar_top:.1}\" width=\"{:.1}\" height=\"{BAR}\" fill=\"#1f4e8c\" stroke=\"#0d2a50\" stroke-width=\"1\"/>\
             <text class=\"chart-value\" x=\"{:.1}\" y=\"{text_y:.1}\" font-size=\"{FONT}\" fill=\"#1a1a1a\">{}</text>",
            label_width - 8.0,
            xml_escape(&fit_label(&bar.label)),
            (bar_end - label_width).max(0.0),
            bar_end + 6.0,
            xml_escape(&bar.value_text)
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// Estimates the width in pixels at the chart's font size: full width for
/// CJK characters, a little over half for the rest.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { FONT * 0.6 } else { FONT })
        .sum()
}

/// Shortens a label that would not fit and ends it with …, because the
/// table above the chart carries the full name.
fn fit_label(label: &str) -> String {
    if text_width(label) <= MAX_LABEL {
        return label.to_string();
    }
    let mut fitted = String::new();
    for c in label.chars() {
        if text_width(&fitted) + text_width(&c.to_string()) + FONT > MAX_LABEL {
            break;
        }
        fitted.push(c);
    }
    fitted.push('…');
    fitted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_max() {
        let bars = vec![
            Bar {
                label: "县发改局".into(),
                value: 100.0,
                value_text: "100".into(),
            },
            Bar {
                label: "县财政局".into(),
                value: 50.0,
                value_text: "50".into(),
            },
        ];
        let svg = bar_chart("c", "得分", "两个单位", &bars, 100.0);
        let label_width = 80.0 + 12.0;
        let full = WIDTH - label_width - VALUE_SPACE;
        assert!(svg.contains(&format!("width=\"{full:.1}\"")), "{svg}");
        assert!(
            svg.contains(&format!("width=\"{:.1}\"", full / 2.0)),
            "{svg}"
        );
        assert!(svg.contains("<title id=\"c-title\">得分</title>"));
    }

    #[test]
    fn long_labels_shortened() {
        let label = "宣恩县社会信用体系建设领导小组办公室综合协调组";
        let fitted = fit_label(label);
        assert!(fitted.ends_with('…'));
        assert!(text_width(&fitted) <= MAX_LABEL);
    }

    #[test]
    fn text_is_escaped() {
        let bars = vec![Bar {
            label: "<b>&".into(),
            value: 1.0,
            value_text: "1".into(),
        }];
        let svg = bar_chart("c", "t", "d", &bars, 100.0);
        assert!(svg.contains("&lt;b&gt;&amp;"), "{svg}");
    }
}
