//! The pictures: small SVG shapes drawn by hand (a template engine adds
//! nothing to a polyline). Every text in them goes through maud's escaping;
//! coordinates are exact decimals rounded to one place, so the bytes never
//! depend on floating point.

use std::fmt::Write as _;

use maud::{html, Markup, PreEscaped};
use styrkort::{Balance, CitizenLabel, Decimal, HistoryPoint, Perspective, Status};

use crate::format::{num, period_label};
use crate::labels::{symbol, Labels, Language};

/// Fill colours of the statuses. Each carries white text at a contrast of
/// at least 4.5:1 (WCAG AA), and every use shows the symbol and word too.
pub const fn colour(s: Status) -> &'static str {
    match s {
        Status::Fulfilled => "#1a6e35",
        Status::PartlyFulfilled => "#8a4b00",
        Status::NotFulfilled => "#b0241b",
        Status::NoData => "#595959",
        Status::NotAssessed => "#4b5577",
    }
}

fn coord(d: Decimal) -> String {
    d.round_dp(1).normalize().to_string()
}

/// A whole decimal (already rounded) as an integer; 0 if out of range.
fn whole(d: Decimal) -> i64 {
    let mut m = d.mantissa();
    for _ in 0..d.scale() {
        m /= 10;
    }
    i64::try_from(m).unwrap_or(0)
}

/// Tenths of a pixel written as pixels (`123` → `12.3`, `120` → `12`).
struct Px(i64);

impl std::fmt::Display for Px {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = self.0;
        if t % 10 == 0 {
            write!(f, "{}", t / 10)
        } else {
            write!(f, "{}.{}", t / 10, (t % 10).abs())
        }
    }
}

const SPARK_W: i64 = 120;
const SPARK_H: i64 = 28;
const PAD: i64 = 3;

/// A sparkline of an indicator's values over earlier periods (the core's
/// [`styrkort::IndicatorHistory`]); gaps where a period has no value. The
/// `<title>` lists every point, so the picture has a text equivalent.
///
/// Built by hand into one string (it is drawn once per indicator row, the
/// most repeated piece of a report); the only model text, the name, goes
/// through maud's [`Escaper`](maud::Escaper).
pub fn sparkline(name: &str, points: &[HistoryPoint], lang: Language) -> Markup {
    let l = lang.labels();
    let mut out = String::with_capacity(640);
    let _ = write!(
        out,
        "<svg class=\"spark\" width=\"{SPARK_W}\" height=\"{SPARK_H}\" viewBox=\"0 0 {SPARK_W} {SPARK_H}\" role=\"img\"><title>"
    );
    {
        let mut esc = maud::Escaper::new(&mut out);
        let _ = write!(esc, "{}: {}", l.history, name);
        for (k, p) in points.iter().enumerate() {
            let _ = write!(
                esc,
                "{}{} ",
                if k == 0 { " — " } else { "; " },
                period_label(p.period)
            );
            match p.value {
                Some(v) => {
                    let _ = esc.write_str(&num(v, lang));
                }
                None => {
                    let _ = esc.write_str("–");
                }
            }
        }
    }
    out.push_str("</title>");
    let values = points.iter().filter_map(|p| p.value);
    let (Some(min), Some(max)) = (values.clone().min(), values.max()) else {
        let _ = write!(
            out,
            "<text x=\"4\" y=\"18\" font-size=\"11\" fill=\"#333\">{}</text></svg>",
            l.no_history
        );
        return PreEscaped(out);
    };
    // Coordinates in tenths of a pixel, as integers: one decimal division
    // per picture (the scale), a multiplication per point.
    let span = max - min;
    let n = i64::try_from(points.len().max(2) - 1).unwrap_or(1);
    let inner_w = (SPARK_W - 2 * PAD) * 10;
    let scale = if span.is_zero() {
        None
    } else {
        Some(Decimal::from((SPARK_H - 2 * PAD) * 10) / span)
    };
    let dots: Vec<(i64, i64, Status)> = points
        .iter()
        .enumerate()
        .filter_map(|(k, p)| {
            p.value.map(|v| {
                let x = PAD * 10 + inner_w * i64::try_from(k).unwrap_or(0) / n;
                let y = match scale {
                    None => SPARK_H * 5,
                    Some(f) => PAD * 10 + whole(((max - v) * f).round_dp(0)),
                };
                (x, y, p.status)
            })
        })
        .collect();
    // Runs of consecutive values become one polyline each.
    let mut next = dots.iter();
    let mut open = false;
    for p in points {
        if p.value.is_some() {
            let (x, y, _) = next.next().expect("a dot per value");
            if open {
                out.push(' ');
            } else {
                out.push_str("<polyline points=\"");
                open = true;
            }
            let _ = write!(out, "{},{}", Px(*x), Px(*y));
        } else if open {
            out.push_str(POLYLINE_END);
            open = false;
        }
    }
    if open {
        out.push_str(POLYLINE_END);
    }
    for (x, y, status) in &dots {
        let _ = write!(
            out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"2\" fill=\"{}\"></circle>",
            Px(*x),
            Px(*y),
            colour(*status)
        );
    }
    out.push_str("</svg>");
    PreEscaped(out)
}

const POLYLINE_END: &str = "\" fill=\"none\" stroke=\"#1f3b73\" stroke-width=\"1.5\"></polyline>";

/// The balance picture of a scorecard: per perspective a bar of its goals
/// stacked by status (each segment marked with its symbol), the count, and
/// a flag on a perspective without goals.
pub fn balance(org_name: &str, b: &Balance, citizen: CitizenLabel, lang: Language) -> Markup {
    const LABEL_W: i64 = 190;
    const BAR_W: i64 = 300;
    const ROW_H: i64 = 26;
    let l: &Labels = lang.labels();
    let widest = b
        .perspectives
        .iter()
        .map(|p| p.goals)
        .max()
        .unwrap_or(0)
        .max(1);
    let unit = Decimal::from(BAR_W) / Decimal::from(widest);
    let height = ROW_H * 4 + 8;
    let mut title = format!(
        "{}: {} — {} {}",
        l.balance,
        org_name,
        l.evenness,
        num(b.evenness, lang)
    );
    for p in Perspective::ALL {
        let pb = b.perspective(p);
        title.push_str("; ");
        title.push_str(l.perspective(p, citizen));
        title.push_str(": ");
        if pb.goals == 0 {
            title.push_str(l.missing);
            continue;
        }
        let parts: Vec<String> = Status::ALL
            .iter()
            .filter(|s| pb.count(**s) > 0)
            .map(|s| format!("{} {}", pb.count(*s), l.status(*s)))
            .collect();
        title.push_str(&parts.join(", "));
    }
    html! {
        svg class="balance" width=(LABEL_W + BAR_W + 40) height=(height)
            viewBox={"0 0 " (LABEL_W + BAR_W + 40) " " (height)} role="img" {
            title { (title) }
            @for (row, p) in Perspective::ALL.iter().enumerate() {
                @let pb = b.perspective(*p);
                @let y = 4 + ROW_H * i64::try_from(row).unwrap_or(0);
                text x="0" y=(y + 17) font-size="13" fill="#1a1a1a" { (l.perspective(*p, citizen)) }
                @if pb.goals == 0 {
                    rect x=(LABEL_W) y=(y + 3) width=(BAR_W) height="18" fill="#fff4e5" stroke="#8a4b00" stroke-dasharray="4 3" {}
                    text x=(LABEL_W + 8) y=(y + 17) font-size="12" fill="#6b3a00" { "⚠ " (l.missing) }
                } @else {
                    @for (s, x, w) in segments(pb, unit) {
                        rect x=(coord(Decimal::from(LABEL_W) + x)) y=(y + 3) width=(coord(w)) height="18" fill=(colour(s)) stroke="#fff" {}
                        @if w >= Decimal::from(16) {
                            text x=(coord(Decimal::from(LABEL_W) + x + w / Decimal::TWO)) y=(y + 16) font-size="11" fill="#fff" text-anchor="middle" { (symbol(s)) }
                        }
                    }
                    text x=(LABEL_W + BAR_W + 6) y=(y + 17) font-size="12" fill="#1a1a1a" { (pb.goals) }
                }
            }
        }
    }
}

/// The stacked segments of one bar: status, left edge, width.
fn segments(pb: &styrkort::PerspectiveBalance, unit: Decimal) -> Vec<(Status, Decimal, Decimal)> {
    let mut x = Decimal::ZERO;
    let mut out = Vec::new();
    for s in Status::ALL {
        let n = pb.count(s);
        if n > 0 {
            let w = unit * Decimal::from(n);
            out.push((s, x, w));
            x += w;
        }
    }
    out
}
