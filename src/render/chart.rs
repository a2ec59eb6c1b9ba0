//! Horizontal bar charts drawn as inline SVG at build time.
//!
//! Horizontal bars leave room for long Chinese unit names. Colours come
//! from CSS classes so that the high-contrast mode, the forced-colors mode
//! of the reader's system and print restyle the chart, and the
//! presentation attributes are the fallback when CSS is off. Every bar
//! carries its value as text, so the chart reads without colour.
//!
//! A chart of several series stacks them in one bar per row. Each series
//! is drawn with a pattern (solid, hatched, dotted …) as well as a colour,
//! and a legend inside the SVG shows the patterns, so the series stay
//! apart in black-and-white print and when forced colors leave only two.

use super::format::{self, xml_escape};

/// The colours and pattern of a series. The names are the badge tones of
/// `items::Badge`, so that a state looks alike in badges and charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tone {
    Ok,
    Info,
    Warn,
    Alert,
    Bad,
    Muted,
}

impl Tone {
    fn name(self) -> &'static str {
        match self {
            Tone::Ok => "ok",
            Tone::Info => "info",
            Tone::Warn => "warn",
            Tone::Alert => "alert",
            Tone::Bad => "bad",
            Tone::Muted => "muted",
        }
    }

    /// Returns the background colour and the ink colour of the pattern.
    fn colours(self) -> (&'static str, &'static str) {
        match self {
            Tone::Ok => ("#1d5e20", "#1d5e20"),
            Tone::Info => ("#dbe8f6", "#0b4a8f"),
            Tone::Warn => ("#fff1dc", "#7a4100"),
            Tone::Alert => ("#fdeeee", "#a4161a"),
            Tone::Bad => ("#f6dede", "#5c0a0d"),
            Tone::Muted => ("#ffffff", "#4a4a4a"),
        }
    }

    /// Returns the ink of the pattern on its 8 × 8 tile: solid for ok,
    /// diagonal lines for info, dots for warn, cross-hatching for alert,
    /// horizontal stripes for bad, and none (background only) for muted.
    fn ink(self, colour: &str) -> String {
        match self {
            Tone::Ok => format!(
                "<rect class=\"chart-ink\" width=\"{PATTERN}\" height=\"{PATTERN}\" fill=\"{colour}\"/>"
            ),
            Tone::Info => format!(
                "<path class=\"chart-ink\" d=\"M-2 2L2-2M0 8L8 0M6 10L10 6\" stroke=\"{colour}\" stroke-width=\"2\"/>"
            ),
            Tone::Warn => {
                format!("<circle class=\"chart-ink\" cx=\"4\" cy=\"4\" r=\"2\" fill=\"{colour}\"/>")
            }
            Tone::Alert => format!(
                "<path class=\"chart-ink\" d=\"M0 0L8 8M8 0L0 8\" stroke=\"{colour}\" stroke-width=\"1.5\"/>"
            ),
            Tone::Bad => format!(
                "<path class=\"chart-ink\" d=\"M0 2H8M0 6H8\" stroke=\"{colour}\" stroke-width=\"2\"/>"
            ),
            Tone::Muted => String::new(),
        }
    }
}

/// One series of a stacked chart, named in the legend.
pub struct Series {
    pub label: String,
    pub tone: Tone,
}

/// One bar: a row label and one value per series (a single value when
/// the chart has no series).
pub struct Row {
    pub label: String,
    pub values: Vec<f64>,
    /// Written after the bar: the score, or the total of a stacked bar.
    pub value_text: String,
}

/// The value axis: from 0 to `max` with a grid line every `step`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub max: f64,
    pub step: f64,
}

impl Scale {
    /// Returns the scale of scores out of 100, in steps of 20.
    pub fn score() -> Scale {
        Scale {
            max: 100.0,
            step: 20.0,
        }
    }

    /// Returns a scale for counts up to `largest`: whole steps of 1, 2 or
    /// 5 times a power of ten, at most five of them, so every grid line
    /// falls on a whole number.
    pub fn counts(largest: f64) -> Scale {
        let largest = largest.max(1.0);
        let mut magnitude = 1.0;
        loop {
            for factor in [1.0, 2.0, 5.0] {
                let step = factor * magnitude;
                if (largest / step).ceil() <= 5.0 {
                    return Scale {
                        max: step * (largest / step).ceil(),
                        step,
                    };
                }
            }
            magnitude *= 10.0;
        }
    }
}

/// A chart to draw. `id` prefixes the ids inside the SVG (title,
/// description, patterns), so it must be unique on the page.
pub struct Chart<'a> {
    pub id: &'a str,
    /// Names the chart for screen readers, with `description`.
    pub title: &'a str,
    pub description: &'a str,
    /// Empty for plain bars of one value each, drawn without a legend.
    pub series: &'a [Series],
    pub rows: &'a [Row],
    pub scale: Scale,
    /// Written after a value in a segment's tooltip: 项, 分.
    pub unit: &'a str,
}

const WIDTH: f64 = 640.0;
const ROW: f64 = 34.0;
const BAR: f64 = 20.0;
const TOP: f64 = 8.0;
const AXIS: f64 = 30.0;
// The chart is at most 640 CSS pixels wide (style.css), so 16 units are
// 16 pixels there.
const FONT: f64 = 16.0;
const VALUE_SPACE: f64 = 60.0;
const MAX_LABEL: f64 = 220.0;
const LEGEND_ROW: f64 = 28.0;
const SWATCH: f64 = 16.0;
const PATTERN: f64 = 8.0;

/// Draws the chart as an `<svg>` element with role `img`.
pub fn draw(chart: &Chart) -> String {
    let scale = chart.scale;
    let label_width = chart
        .rows
        .iter()
        .map(|row| text_width(&row.label))
        .fold(80.0_f64, f64::max)
        .min(MAX_LABEL)
        + 12.0;
    let plot_width = WIDTH - label_width - VALUE_SPACE;
    let x_of = |value: f64| label_width + (value.clamp(0.0, scale.max) / scale.max) * plot_width;

    let (legend, legend_height) = legend(chart);
    let top = TOP + legend_height;
    let axis_y = top + chart.rows.len() as f64 * ROW;
    let height = axis_y + AXIS;

    let id = chart.id;
    let mut svg = format!(
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        xml_escape(chart.title),
        xml_escape(chart.description)
    );
    svg.push_str(&patterns(chart));
    svg.push_str(&legend);

    let steps = (scale.max / scale.step).round() as u32;
    for step in 0..=steps {
        let value = scale.step * f64::from(step);
        let x = x_of(value);
        svg.push_str(&format!(
            "<line class=\"chart-grid\" x1=\"{x:.1}\" y1=\"{top}\" x2=\"{x:.1}\" y2=\"{axis_y}\" stroke=\"#767676\" stroke-width=\"1\" stroke-dasharray=\"3 3\"/>\
             <text class=\"chart-tick\" x=\"{x:.1}\" y=\"{:.1}\" font-size=\"{FONT}\" text-anchor=\"middle\" fill=\"#1a1a1a\">{}</text>",
            axis_y + 22.0,
            format::score(value)
        ));
    }
    svg.push_str(&format!(
        "<line class=\"chart-axis\" x1=\"{label_width:.1}\" y1=\"{axis_y}\" x2=\"{:.1}\" y2=\"{axis_y}\" stroke=\"#1a1a1a\" stroke-width=\"1\"/>",
        label_width + plot_width
    ));

    for (index, row) in chart.rows.iter().enumerate() {
        let row_top = top + index as f64 * ROW;
        let bar_top = row_top + (ROW - BAR) / 2.0;
        let text_y = row_top + ROW / 2.0 + FONT * 0.35;
        svg.push_str(&format!(
            "<text class=\"chart-label\" x=\"{:.1}\" y=\"{text_y:.1}\" font-size=\"{FONT}\" text-anchor=\"end\" fill=\"#1a1a1a\">{}</text>",
            label_width - 8.0,
            xml_escape(&fit_label(&row.label)),
        ));

        let mut total = 0.0;
        if chart.series.is_empty() {
            total = row.values.first().copied().unwrap_or(0.0);
            svg.push_str(&format!(
                "<rect class=\"chart-bar\" x=\"{label_width:.1}\" y=\"{bar_top:.1}\" width=\"{:.1}\" height=\"{BAR}\" fill=\"#1f4e8c\" stroke=\"#0d2a50\" stroke-width=\"1\"/>",
                x_of(total) - label_width
            ));
        } else {
            for (series, value) in chart.series.iter().zip(&row.values) {
                if *value <= 0.0 {
                    continue;
                }
                let start = x_of(total);
                total += value;
                svg.push_str(&format!(
                    "<rect class=\"chart-segment\" x=\"{start:.1}\" y=\"{bar_top:.1}\" width=\"{:.1}\" height=\"{BAR}\" fill=\"url(#{id}-{})\" stroke=\"#1a1a1a\" stroke-width=\"1\"><title>{}：{} {}{}</title></rect>",
                    x_of(total) - start,
                    series.tone.name(),
                    xml_escape(&row.label),
                    xml_escape(&series.label),
                    format::score(*value),
                    chart.unit,
                ));
            }
        }
        svg.push_str(&format!(
            "<text class=\"chart-value\" x=\"{:.1}\" y=\"{text_y:.1}\" font-size=\"{FONT}\" fill=\"#1a1a1a\">{}</text>",
            x_of(total) + 6.0,
            xml_escape(&row.value_text)
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// Draws plain bars of scores out of 100, one per row, as the evaluation
/// pages and the unit archives show them.
pub fn score_bars(id: &str, title: &str, description: &str, rows: &[Row]) -> String {
    draw(&Chart {
        id,
        title,
        description,
        series: &[],
        rows,
        scale: Scale::score(),
        unit: "分",
    })
}

/// Defines one pattern per tone the series use, `<id>-<tone>`.
fn patterns(chart: &Chart) -> String {
    let mut tones: Vec<Tone> = chart.series.iter().map(|series| series.tone).collect();
    tones.sort();
    tones.dedup();
    if tones.is_empty() {
        return String::new();
    }
    let mut defs = String::from("<defs>");
    for tone in tones {
        let (paper, ink) = tone.colours();
        defs.push_str(&format!(
            "<pattern id=\"{}-{}\" width=\"{PATTERN}\" height=\"{PATTERN}\" patternUnits=\"userSpaceOnUse\">\
             <rect class=\"chart-paper\" width=\"{PATTERN}\" height=\"{PATTERN}\" fill=\"{paper}\"/>{}</pattern>",
            chart.id,
            tone.name(),
            tone.ink(ink)
        ));
    }
    defs.push_str("</defs>");
    defs
}

/// Lays out the legend of a stacked chart in rows across the top, and
/// returns it with its height. A chart without series has none.
fn legend(chart: &Chart) -> (String, f64) {
    if chart.series.is_empty() {
        return (String::new(), 0.0);
    }
    let mut svg = String::new();
    let (mut x, mut y) = (0.0, TOP);
    for series in chart.series {
        let width = SWATCH + 6.0 + text_width(&series.label) + 20.0;
        if x > 0.0 && x + width > WIDTH {
            x = 0.0;
            y += LEGEND_ROW;
        }
        svg.push_str(&format!(
            "<rect class=\"chart-swatch\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{SWATCH}\" height=\"{SWATCH}\" fill=\"url(#{}-{})\" stroke=\"#1a1a1a\" stroke-width=\"1\"/>\
             <text class=\"chart-legend\" x=\"{:.1}\" y=\"{:.1}\" font-size=\"{FONT}\" fill=\"#1a1a1a\">{}</text>",
            chart.id,
            series.tone.name(),
            x + SWATCH + 6.0,
            y + SWATCH / 2.0 + FONT * 0.35,
            xml_escape(&series.label)
        ));
        x += width;
    }
    (svg, y + LEGEND_ROW - TOP)
}

/// Estimates the width in pixels at the chart's font size: full width for
/// CJK characters, a little over half for the rest.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { FONT * 0.6 } else { FONT })
        .sum()
}

/// Shortens a label that would not fit and ends it with …, because the
/// table beside the chart carries the full name.
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

    fn row(label: &str, values: &[f64]) -> Row {
        Row {
            label: label.into(),
            values: values.to_vec(),
            value_text: values.iter().sum::<f64>().to_string(),
        }
    }

    fn chart<'a>(series: &'a [Series], rows: &'a [Row], scale: Scale) -> Chart<'a> {
        Chart {
            id: "c",
            title: "得分",
            description: "两个单位",
            series,
            rows,
            scale,
            unit: "项",
        }
    }

    /// Returns the values of attribute `name` in the order they appear.
    fn attribute_values(svg: &str, element: &str, name: &str) -> Vec<f64> {
        svg.split(&format!("<{element} "))
            .skip(1)
            .filter_map(|tag| {
                let tag = format!(" {tag}");
                let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
                let end = start + tag[start..].find('"')?;
                tag[start..end].parse().ok()
            })
            .collect()
    }

    #[test]
    fn bars_scale_to_max() {
        let rows = [row("县发改局", &[100.0]), row("县财政局", &[50.0])];
        let svg = draw(&chart(&[], &rows, Scale::score()));
        let label_width = 80.0 + 12.0;
        let full = WIDTH - label_width - VALUE_SPACE;
        assert!(svg.contains(&format!("width=\"{full:.1}\"")), "{svg}");
        assert!(
            svg.contains(&format!("width=\"{:.1}\"", full / 2.0)),
            "{svg}"
        );
        assert!(svg.contains("<title id=\"c-title\">得分</title>"));
        assert!(!svg.contains("<pattern"), "plain bars need no pattern");
    }

    #[test]
    fn stacked_segments_add_up() {
        let series = [
            Series {
                label: "已兑现".into(),
                tone: Tone::Ok,
            },
            Series {
                label: "推进中".into(),
                tone: Tone::Info,
            },
            Series {
                label: "未兑现".into(),
                tone: Tone::Bad,
            },
        ];
        let rows = [row("县发改局", &[3.0, 0.0, 2.0])];
        let svg = draw(&chart(&series, &rows, Scale::counts(5.0)));

        let label_width = 80.0 + 12.0;
        let unit = (WIDTH - label_width - VALUE_SPACE) / 5.0;
        let widths = attribute_values(&svg, "rect class=\"chart-segment\"", "width");
        assert_eq!(widths.len(), 2, "a zero value draws no segment: {svg}");
        assert!((widths[0] - 3.0 * unit).abs() < 0.1, "{widths:?}");
        assert!((widths[1] - 2.0 * unit).abs() < 0.1, "{widths:?}");
        let starts = attribute_values(&svg, "rect class=\"chart-segment\"", "x");
        assert!(
            (starts[1] - (starts[0] + widths[0])).abs() < 0.1,
            "{starts:?}"
        );
        assert!(svg.contains("fill=\"url(#c-bad)\""), "{svg}");
        assert!(svg.contains("<title>县发改局：未兑现 2项</title>"), "{svg}");
    }

    #[test]
    fn legend_names_every_series_once() {
        let series = [
            Series {
                label: "已整改".into(),
                tone: Tone::Ok,
            },
            Series {
                label: "逾期未整改".into(),
                tone: Tone::Alert,
            },
        ];
        let rows = [row("拖欠企业账款", &[1.0, 1.0])];
        let svg = draw(&chart(&series, &rows, Scale::counts(2.0)));
        assert_eq!(svg.matches("class=\"chart-legend\"").count(), 2, "{svg}");
        for label in ["已整改", "逾期未整改"] {
            assert!(svg.contains(&format!(">{label}</text>")), "{label}: {svg}");
        }
        assert_eq!(svg.matches("<pattern id=\"c-ok\"").count(), 1, "{svg}");
        assert_eq!(svg.matches("<pattern id=\"c-alert\"").count(), 1, "{svg}");
    }

    #[test]
    fn count_scales_use_whole_steps() {
        let cases = [
            (0.0, 1.0, 1.0),
            (1.0, 1.0, 1.0),
            (5.0, 5.0, 1.0),
            (6.0, 6.0, 2.0),
            (11.0, 15.0, 5.0),
            (23.0, 25.0, 5.0),
            (26.0, 30.0, 10.0),
            (120.0, 150.0, 50.0),
        ];
        for (largest, max, step) in cases {
            assert_eq!(
                Scale::counts(largest),
                Scale { max, step },
                "scale for {largest}"
            );
        }
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
        let rows = [row("<b>&", &[1.0])];
        let svg = draw(&chart(&[], &rows, Scale::score()));
        assert!(svg.contains("&lt;b&gt;&amp;"), "{svg}");
    }
}
