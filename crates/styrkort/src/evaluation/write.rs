//! The `styrkort-evaluation/1` document written by hand, for speed.
//!
//! # Why
//! At the national scale the evaluation JSON is some 700 MB, and writing
//! it through serde (`serde_json::to_string_pretty` over the derives) ran
//! at about 340 MB/s: the generic pretty printer writes every key and
//! bracket a few bytes at a time, each decimal goes through `normalize`
//! and `Display` into a temporary `String`, and the output grows by
//! doubling. This writer knows the shape of the document: it writes each
//! key with its line break and indent as two copies of constant bytes,
//! formats a decimal straight from its mantissa and scale, and reserves
//! the output from an estimate of its size.
//!
//! A large document (over [`PARALLEL_BYTES`]) is cut into one part per
//! core, at element boundaries of the indicator, goal and scorecard
//! arrays, by the estimated size of each element. Each thread writes its
//! part into its own room in the one output buffer ([`Fill`]); the parts
//! are then moved together within that buffer. No part is copied into
//! another buffer, and the memory used is little more than the
//! document's own.
//!
//! # What keeps it byte-identical
//! The output is exactly `serde_json::to_string_pretty(&evaluation)`, which
//! stays the definition (the serde derives are kept, and the dialogue
//! brief, the model and the what-if still use them):
//! - the layout is `serde_json`'s `PrettyFormatter`: two spaces per level,
//!   `": "` after a key, a line break before every member and before the
//!   closing bracket of a non-empty container, `[]` for an empty one;
//! - strings are escaped as `serde_json` does: `"` and `\` with a backslash,
//!   the control characters U+0000–U+001F as `\b \t \n \f \r` or
//!   `\u00xx` (lower-case hex), everything else (U+007F, non-ASCII) as is;
//! - decimals are written normalised as [`crate::json::normalised`] does
//!   (no trailing zeros, no `-0`, `0.001` with its leading zero);
//! - every struct is taken apart with an exhaustive pattern, so a field
//!   added to an evaluation type does not compile here until it is written.
//!
//! The tests compare this writer with `serde_json` on every conformance
//! vector, on the example municipality for several periods, and on
//! generated evaluations (arbitrary decimals, strings full of characters
//! that need escaping, every optional part present or absent): see
//! `tests/json_out.rs` and the unit tests below.

use rust_decimal::Decimal;

use super::{
    ActivityBasis, ActivityCounts, AppliedAssessment, AssignmentResult, Balance, Evaluation,
    GoalItem, GoalResult, IndicatorResult, ItemKind, PerspectiveBalance, PlanResult, RankJudgement,
    Scorecard, Trend, EVALUATION_FORMAT,
};
use crate::kolada::Comparison;
use crate::model::{Direction, TargetKind};
use crate::perspective::Perspective;
use crate::validate::Diagnostic;

/// Below this estimated size a document is written on one thread: a
/// thread costs tens of microseconds, and small documents are the common
/// case (a municipality's model).
const PARALLEL_BYTES: usize = 4 << 20;

/// At most this many parts (and threads) for one document.
const MAX_PARTS: usize = 8;

/// A line break and enough spaces for the deepest member (level 6, the
/// counts of a perspective's balance, needs 12). `&LINE[1..2 + 2 * d]` is
/// the break before the first member at level `d`, `&LINE[..2 + 2 * d]`
/// the one before every other.
const LINE: &str = ",\n                                ";

/// `"key": ` as one literal.
macro_rules! k {
    ($key:literal) => {
        concat!("\"", $key, "\": ")
    };
}

/// Where the document goes: a growing buffer, or a part's room in the
/// output buffer of a document written on several threads. The provided
/// methods are the pieces of the pretty printer's layout; every byte
/// passes through [`Sink::bytes`], in whole UTF-8 characters.
trait Sink: Sized {
    /// Appends bytes (ASCII, or whole characters of a `str`).
    fn bytes(&mut self, b: &[u8]);

    #[inline]
    fn raw(&mut self, t: &str) {
        self.bytes(t.as_bytes());
    }

    /// The break before a member of a container whose members sit at
    /// `depth`: a newline (after a comma unless it is the first) and the indent.
    #[inline]
    fn next(&mut self, depth: usize, first: bool) {
        self.raw(&LINE[usize::from(first)..2 + 2 * depth]);
    }

    /// A key (given as `k!("name")`) of an object whose keys sit at `depth`.
    #[inline]
    fn key(&mut self, depth: usize, first: bool, key: &str) {
        self.next(depth, first);
        self.raw(key);
    }

    /// The end of a non-empty container whose brackets sit at `depth`.
    #[inline]
    fn close(&mut self, depth: usize, bracket: &str) {
        self.raw(&LINE[1..2 + 2 * depth]);
        self.raw(bracket);
    }

    #[inline]
    fn null(&mut self) {
        self.raw("null");
    }

    #[inline]
    fn bool(&mut self, b: bool) {
        self.raw(if b { "true" } else { "false" });
    }

    /// A string as a JSON string, escaped as `serde_json` escapes it.
    #[inline]
    fn str(&mut self, v: &str) {
        if needs_no_escape(v) {
            self.bytes(b"\"");
            self.raw(v);
            self.bytes(b"\"");
        } else {
            self.escaped(v);
        }
    }

    #[cold]
    fn escaped(&mut self, v: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.bytes(b"\"");
        let mut start = 0;
        for (i, &c) in v.as_bytes().iter().enumerate() {
            let escape: &[u8] = match c {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                0x08 => b"\\b",
                0x09 => b"\\t",
                0x0a => b"\\n",
                0x0c => b"\\f",
                0x0d => b"\\r",
                0x00..=0x1f => &[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[(c >> 4) as usize],
                    HEX[(c & 0xf) as usize],
                ],
                _ => continue,
            };
            // Every byte split at is ASCII, so the run before it is whole characters.
            self.bytes(&v.as_bytes()[start..i]);
            self.bytes(escape);
            start = i + 1;
        }
        self.bytes(&v.as_bytes()[start..]);
        self.bytes(b"\"");
    }

    fn opt_str(&mut self, v: Option<&str>) {
        match v {
            Some(v) => self.str(v),
            None => self.null(),
        }
    }

    /// An unsigned integer, as `serde_json` (itoa) writes it.
    #[inline]
    fn uint(&mut self, n: usize) {
        let mut buf = [0u8; 20];
        let at = digits_u64(n as u64, &mut buf);
        self.bytes(&buf[at..]);
    }

    fn opt_uint(&mut self, n: Option<usize>) {
        match n {
            Some(n) => self.uint(n),
            None => self.null(),
        }
    }

    /// A decimal as a JSON string, normalised: the text of
    /// [`crate::json::normalised`], without its allocations.
    #[inline]
    fn dec(&mut self, d: Decimal) {
        // `"`, sign, up to 29 digits, `0.` and 27 zeros before them, `"`.
        let mut buf = [0u8; 64];
        let (mantissa, scale) = normalised_parts(d);
        if mantissa == 0 {
            self.raw("\"0\"");
            return;
        }
        let end = buf.len() - 1;
        buf[end] = b'"';
        let mut at = match u64::try_from(mantissa) {
            Ok(m) => digits_u64(m, &mut buf[..end]),
            Err(_) => digits_u128(mantissa, &mut buf[..end]),
        };
        let len = end - at;
        if scale > 0 {
            if scale >= len {
                // 0.000ddd
                let zeros = scale - len;
                buf[at - zeros..at].fill(b'0');
                at -= zeros + 2;
                buf[at] = b'0';
                buf[at + 1] = b'.';
            } else {
                let point = end - scale;
                buf.copy_within(at..point, at - 1);
                at -= 1;
                buf[point - 1] = b'.';
            }
        }
        if d.is_sign_negative() {
            at -= 1;
            buf[at] = b'-';
        }
        at -= 1;
        buf[at] = b'"';
        self.bytes(&buf[at..]);
    }

    fn opt_dec(&mut self, d: Option<Decimal>) {
        match d {
            Some(d) => self.dec(d),
            None => self.null(),
        }
    }

    /// An array at `depth` whose elements `each` writes (at `depth + 1`).
    fn array<T>(&mut self, depth: usize, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        if items.is_empty() {
            self.raw("[]");
            return;
        }
        self.raw("[");
        for (i, item) in items.iter().enumerate() {
            self.next(depth + 1, i == 0);
            each(self, item);
        }
        self.close(depth, "]");
    }

    /// An array of strings at `depth`.
    fn strings<T: AsRef<str>>(&mut self, depth: usize, items: &[T]) {
        self.array(depth, items, |o, s| o.str(s.as_ref()));
    }

    fn date(&mut self, d: Option<chrono::NaiveDate>) {
        match d {
            Some(d) => self.str(&d.format("%Y-%m-%d").to_string()),
            None => self.null(),
        }
    }
}

/// Whether `serde_json` writes `v` as it is (between quotes).
#[inline]
fn needs_no_escape(v: &str) -> bool {
    v.bytes().all(|c| c >= 0x20 && c != b'"' && c != b'\\')
}

/// The mantissa's magnitude and the scale of `d` normalised (no trailing
/// zeros after the point), as [`Decimal::normalize`] gives them.
#[inline]
fn normalised_parts(d: Decimal) -> (u128, usize) {
    let mut mantissa = d.mantissa().unsigned_abs();
    let mut scale = d.scale() as usize;
    if mantissa == 0 {
        return (0, 0);
    }
    if let Ok(mut m) = u64::try_from(mantissa) {
        while scale > 0 && m % 10 == 0 {
            m /= 10;
            scale -= 1;
        }
        mantissa = u128::from(m);
    } else {
        while scale > 0 && mantissa % 10 == 0 {
            mantissa /= 10;
            scale -= 1;
        }
    }
    (mantissa, scale)
}

/// The document in a growing buffer (one part, or a whole document).
impl Sink for Vec<u8> {
    #[inline]
    fn bytes(&mut self, b: &[u8]) {
        self.extend_from_slice(b);
    }
}

/// A part of the document in its room in the output buffer; `overflow`
/// says it did not fit (and what was written is to be thrown away).
struct Fill<'a> {
    buf: &'a mut [u8],
    at: usize,
    overflow: bool,
}

impl Sink for Fill<'_> {
    #[inline]
    fn bytes(&mut self, b: &[u8]) {
        if let Some(room) = self.buf.get_mut(self.at..self.at + b.len()) {
            room.copy_from_slice(b);
            self.at += b.len();
        } else {
            self.overflow = true;
        }
    }
}

/// Two decimal digits per entry, `00` to `99`.
const PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Writes the decimal digits of `n` at the end of `buf`; returns where they start.
#[inline]
#[allow(clippy::cast_possible_truncation)] // remainders below 100
fn digits_u64(mut n: u64, buf: &mut [u8]) -> usize {
    let mut i = buf.len();
    while n >= 100 {
        let pair = (n % 100) as usize * 2;
        n /= 100;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    }
    if n >= 10 {
        let pair = n as usize * 2;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
    } else {
        i -= 1;
        buf[i] = b'0' + n as u8;
    }
    i
}

/// Writes the decimal digits of `n` at the end of `buf`; returns where they start.
#[allow(clippy::cast_possible_truncation)] // remainders below 10
fn digits_u128(mut n: u128, buf: &mut [u8]) -> usize {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break i;
        }
    }
}

const fn target_kind(k: TargetKind) -> &'static str {
    match k {
        TargetKind::Value => "\"value\"",
        TargetKind::Improve => "\"improve\"",
        TargetKind::Rank => "\"rank\"",
    }
}

const fn direction(d: Direction) -> &'static str {
    match d {
        Direction::HigherIsBetter => "\"higher_is_better\"",
        Direction::LowerIsBetter => "\"lower_is_better\"",
    }
}

fn trend(o: &mut impl Sink, t: Trend) {
    o.raw(match t {
        Trend::Improving => "\"improving\"",
        Trend::Unchanged => "\"unchanged\"",
        Trend::Worsening => "\"worsening\"",
        Trend::Unknown => "\"unknown\"",
    });
}

/// One indicator result, an object at `depth`.
fn indicator(o: &mut impl Sink, depth: usize, r: &IndicatorResult) {
    let IndicatorResult {
        indicator,
        org,
        value,
        consolidated,
        target_kind: kind,
        target,
        warning,
        change_required,
        achievement,
        status,
        previous,
        trend: tr,
        year_earlier,
        year_change,
        year_trend,
        arrow,
        forecast,
        comparison: cmp,
        rank,
    } = r;
    let d = depth + 1;
    o.raw("{");
    o.key(d, true, k!("indicator"));
    o.str(indicator.as_str());
    o.key(d, false, k!("org"));
    o.str(org.as_str());
    o.key(d, false, k!("value"));
    o.opt_dec(*value);
    o.key(d, false, k!("consolidated"));
    o.bool(*consolidated);
    o.key(d, false, k!("target_kind"));
    match kind {
        Some(kind) => o.raw(target_kind(*kind)),
        None => o.null(),
    }
    o.key(d, false, k!("target"));
    o.opt_dec(*target);
    o.key(d, false, k!("warning"));
    o.opt_dec(*warning);
    if let Some(c) = change_required {
        o.key(d, false, k!("change_required"));
        o.dec(*c);
    }
    o.key(d, false, k!("achievement"));
    o.opt_dec(*achievement);
    o.key(d, false, k!("status"));
    o.str(status.as_str());
    o.key(d, false, k!("previous"));
    o.opt_dec(*previous);
    o.key(d, false, k!("trend"));
    trend(o, *tr);
    o.key(d, false, k!("year_earlier"));
    o.opt_dec(*year_earlier);
    o.key(d, false, k!("year_change"));
    o.opt_dec(*year_change);
    o.key(d, false, k!("year_trend"));
    trend(o, *year_trend);
    o.key(d, false, k!("arrow"));
    trend(o, *arrow);
    if *forecast {
        o.key(d, false, k!("forecast"));
        o.bool(true);
    }
    if let Some(c) = cmp {
        o.key(d, false, k!("comparison"));
        comparison(o, d, c);
    }
    if let Some(r) = rank {
        o.key(d, false, k!("rank"));
        rank_judgement(o, d, r);
    }
    o.close(depth, "}");
}

fn comparison(o: &mut impl Sink, depth: usize, c: &Comparison) {
    let Comparison {
        municipality,
        value,
        direction: dir,
        rank,
        group_size,
        lower_quartile,
        median,
        upper_quartile,
        best,
        worst,
        best_quartile,
        worst_quartile,
    } = c;
    let d = depth + 1;
    o.raw("{");
    o.key(d, true, k!("municipality"));
    o.str(municipality);
    o.key(d, false, k!("value"));
    o.dec(*value);
    o.key(d, false, k!("direction"));
    o.raw(direction(*dir));
    o.key(d, false, k!("rank"));
    o.uint(*rank);
    o.key(d, false, k!("group_size"));
    o.uint(*group_size);
    o.key(d, false, k!("lower_quartile"));
    o.dec(*lower_quartile);
    o.key(d, false, k!("median"));
    o.dec(*median);
    o.key(d, false, k!("upper_quartile"));
    o.dec(*upper_quartile);
    o.key(d, false, k!("best"));
    o.dec(*best);
    o.key(d, false, k!("worst"));
    o.dec(*worst);
    o.key(d, false, k!("best_quartile"));
    o.bool(*best_quartile);
    o.key(d, false, k!("worst_quartile"));
    o.bool(*worst_quartile);
    o.close(depth, "}");
}

fn rank_judgement(o: &mut impl Sink, depth: usize, r: &RankJudgement) {
    let RankJudgement {
        best_share,
        worst_share,
        rank,
        group_size,
        best_up_to,
        worst_above,
    } = r;
    let d = depth + 1;
    o.raw("{");
    o.key(d, true, k!("best_share"));
    o.dec(*best_share);
    o.key(d, false, k!("worst_share"));
    o.dec(*worst_share);
    o.key(d, false, k!("rank"));
    o.opt_uint(*rank);
    o.key(d, false, k!("group_size"));
    o.opt_uint(*group_size);
    o.key(d, false, k!("best_up_to"));
    o.opt_dec(*best_up_to);
    o.key(d, false, k!("worst_above"));
    o.opt_dec(*worst_above);
    o.close(depth, "}");
}

/// One goal result, an object at `depth`.
fn goal(o: &mut impl Sink, depth: usize, g: &GoalResult) {
    let GoalResult {
        goal,
        title,
        level,
        perspective,
        owner,
        tags,
        status,
        computed_status,
        manual,
        forecast,
        score,
        rule,
        fulfilled_at,
        partly_at,
        assessment,
        items,
        activities,
    } = g;
    let d = depth + 1;
    o.raw("{");
    o.key(d, true, k!("goal"));
    o.str(goal.as_str());
    o.key(d, false, k!("title"));
    o.str(title);
    o.key(d, false, k!("level"));
    o.str(level.as_str());
    o.key(d, false, k!("perspective"));
    o.str(perspective.as_str());
    o.key(d, false, k!("owner"));
    o.str(owner.as_str());
    o.key(d, false, k!("tags"));
    o.strings(d, tags);
    o.key(d, false, k!("status"));
    o.str(status.as_str());
    o.key(d, false, k!("computed_status"));
    o.str(computed_status.as_str());
    o.key(d, false, k!("manual"));
    o.bool(*manual);
    if *forecast {
        o.key(d, false, k!("forecast"));
        o.bool(true);
    }
    o.key(d, false, k!("score"));
    o.opt_dec(*score);
    o.key(d, false, k!("rule"));
    o.str(rule.as_str());
    o.key(d, false, k!("fulfilled_at"));
    o.opt_dec(*fulfilled_at);
    o.key(d, false, k!("partly_at"));
    o.opt_dec(*partly_at);
    o.key(d, false, k!("assessment"));
    match assessment {
        Some(a) => applied_assessment(o, d, a),
        None => o.null(),
    }
    o.key(d, false, k!("items"));
    o.array(d, items, |o, item| goal_item(o, d + 1, item));
    if let Some(a) = activities {
        o.key(d, false, k!("activities"));
        activity_basis(o, d, a);
    }
    o.close(depth, "}");
}

fn goal_item(o: &mut impl Sink, depth: usize, item: &GoalItem) {
    let GoalItem {
        kind,
        id,
        org,
        weight,
        status,
        forecast,
        note: _, // not in the JSON
    } = item;
    let d = depth + 1;
    o.raw("{");
    o.key(d, true, k!("kind"));
    o.raw(match kind {
        ItemKind::Goal => "\"goal\"",
        ItemKind::Indicator => "\"indicator\"",
    });
    o.key(d, false, k!("id"));
    o.str(id.as_str());
    o.key(d, false, k!("org"));
    o.str(org.as_str());
    o.key(d, false, k!("weight"));
    o.dec(*weight);
    o.key(d, false, k!("status"));
    o.str(status.as_str());
    if *forecast {
        o.key(d, false, k!("forecast"));
        o.bool(true);
    }
    o.close(depth, "}");
}

fn applied_assessment(o: &mut impl Sink, depth: usize, a: &AppliedAssessment) {
    let AppliedAssessment {
        status,
        comment,
        author,
        date,
    } = a;
    let d = depth + 1;
    o.raw("{");
    o.key(d, true, k!("status"));
    o.str(status.as_str());
    o.key(d, false, k!("comment"));
    o.opt_str(comment.as_deref());
    o.key(d, false, k!("author"));
    o.opt_str(author.as_deref());
    o.key(d, false, k!("date"));
    o.date(*date);
    o.close(depth, "}");
}

fn activity_basis(o: &mut impl Sink, depth: usize, a: &ActivityBasis) {
    let ActivityBasis {
        plans,
        activities,
        completed,
        completion,
        fulfilled_at,
        partly_at,
    } = a;
    let d = depth + 1;
    o.raw("{");
    o.key(d, true, k!("plans"));
    o.strings(d, plans);
    o.key(d, false, k!("activities"));
    o.uint(*activities);
    o.key(d, false, k!("completed"));
    o.uint(*completed);
    o.key(d, false, k!("completion"));
    o.dec(*completion);
    o.key(d, false, k!("fulfilled_at"));
    o.dec(*fulfilled_at);
    o.key(d, false, k!("partly_at"));
    o.dec(*partly_at);
    o.close(depth, "}");
}

/// One scorecard, an object at `depth`.
fn scorecard(o: &mut impl Sink, depth: usize, s: &Scorecard) {
    let Scorecard {
        org,
        goals,
        balance,
    } = s;
    let d = depth + 1;
    o.raw("{");
    o.key(d, true, k!("org"));
    o.str(org.as_str());
    o.key(d, false, k!("goals"));
    o.strings(d, goals);
    o.key(d, false, k!("balance"));
    balance_of(o, d, balance);
    o.close(depth, "}");
}

fn balance_of(o: &mut impl Sink, depth: usize, b: &Balance) {
    let Balance {
        goals,
        score,
        evenness,
        missing,
        perspectives,
    } = b;
    let d = depth + 1;
    o.raw("{");
    o.key(d, true, k!("goals"));
    o.uint(*goals);
    o.key(d, false, k!("score"));
    o.opt_dec(*score);
    o.key(d, false, k!("evenness"));
    o.dec(*evenness);
    o.key(d, false, k!("missing"));
    o.array(d, missing, |o, p| o.str(p.as_str()));
    o.key(d, false, k!("perspectives"));
    o.raw("{");
    for (i, (p, pb)) in Perspective::ALL.iter().zip(perspectives).enumerate() {
        o.next(d + 1, i == 0);
        o.str(p.as_str());
        o.raw(": ");
        perspective_balance(o, d + 1, pb);
    }
    o.close(d, "}");
    o.close(depth, "}");
}

fn perspective_balance(o: &mut impl Sink, depth: usize, p: &PerspectiveBalance) {
    let PerspectiveBalance {
        goals,
        indicators,
        fulfilled,
        partly_fulfilled,
        not_fulfilled,
        no_data,
        not_assessed,
        score,
    } = p;
    let d = depth + 1;
    o.raw("{");
    o.key(d, true, k!("goals"));
    o.uint(*goals);
    o.key(d, false, k!("indicators"));
    o.uint(*indicators);
    o.key(d, false, k!("fulfilled"));
    o.uint(*fulfilled);
    o.key(d, false, k!("partly_fulfilled"));
    o.uint(*partly_fulfilled);
    o.key(d, false, k!("not_fulfilled"));
    o.uint(*not_fulfilled);
    o.key(d, false, k!("no_data"));
    o.uint(*no_data);
    o.key(d, false, k!("not_assessed"));
    o.uint(*not_assessed);
    o.key(d, false, k!("score"));
    o.opt_dec(*score);
    o.close(depth, "}");
}

fn plan(o: &mut impl Sink, depth: usize, p: &PlanResult) {
    let PlanResult {
        plan,
        owner,
        progress,
        overdue,
        activities,
    } = p;
    let ActivityCounts {
        not_started,
        ongoing,
        completed,
        paused,
        cancelled,
    } = activities;
    let d = depth + 1;
    o.raw("{");
    o.key(d, true, k!("plan"));
    o.str(plan.as_str());
    o.key(d, false, k!("owner"));
    o.str(owner.as_str());
    o.key(d, false, k!("progress"));
    o.opt_dec(*progress);
    o.key(d, false, k!("overdue"));
    o.strings(d, overdue);
    o.key(d, false, k!("activities"));
    o.raw("{");
    o.key(d + 1, true, k!("not_started"));
    o.uint(*not_started);
    o.key(d + 1, false, k!("ongoing"));
    o.uint(*ongoing);
    o.key(d + 1, false, k!("completed"));
    o.uint(*completed);
    o.key(d + 1, false, k!("paused"));
    o.uint(*paused);
    o.key(d + 1, false, k!("cancelled"));
    o.uint(*cancelled);
    o.close(d, "}");
    o.close(depth, "}");
}

fn assignment(o: &mut impl Sink, depth: usize, a: &AssignmentResult) {
    let AssignmentResult {
        assignment,
        title,
        assigned_by,
        assigned_to,
        decided,
        due,
        status,
        reported,
        comment,
        overdue,
    } = a;
    let d = depth + 1;
    o.raw("{");
    o.key(d, true, k!("assignment"));
    o.str(assignment.as_str());
    o.key(d, false, k!("title"));
    o.str(title);
    o.key(d, false, k!("assigned_by"));
    o.str(assigned_by.as_str());
    o.key(d, false, k!("assigned_to"));
    o.str(assigned_to.as_str());
    o.key(d, false, k!("decided"));
    o.date(*decided);
    o.key(d, false, k!("due"));
    o.date(*due);
    o.key(d, false, k!("status"));
    o.str(status.as_str());
    o.key(d, false, k!("reported"));
    o.opt_str(reported.map(|p| p.to_string()).as_deref());
    o.key(d, false, k!("comment"));
    o.opt_str(comment.as_deref());
    o.key(d, false, k!("overdue"));
    o.bool(*overdue);
    o.close(depth, "}");
}

fn diagnostic(o: &mut impl Sink, depth: usize, x: &Diagnostic) {
    let Diagnostic {
        code,
        severity,
        message,
        subject,
    } = x;
    let d = depth + 1;
    o.raw("{");
    o.key(d, true, k!("code"));
    o.str(code);
    o.key(d, false, k!("severity"));
    o.str(severity.as_str());
    o.key(d, false, k!("message"));
    o.str(message);
    o.key(d, false, k!("subject"));
    o.str(subject);
    o.close(depth, "}");
}

/// The three large arrays, which a document is split in parts along.
const BULK: usize = 3;

/// A place in the document: before element `.1` of bulk array `.0`
/// (0 indicators, 1 goals, 2 scorecards); `(BULK, 0)` is before the tail
/// (what follows the scorecards), `(BULK, 1)` the end.
type Pos = (usize, usize);

const END: Pos = (BULK, 1);

fn bulk_len(e: &Evaluation, section: usize) -> usize {
    match section {
        0 => e.indicators.len(),
        1 => e.goals.len(),
        _ => e.scorecards.len(),
    }
}

/// The text before bulk array `section` (or before the tail): for the
/// first, the document's head up to `"indicators": [`; for the others,
/// the end of the previous array and the next key.
fn before(o: &mut impl Sink, e: &Evaluation, section: usize) {
    if section > 0 {
        if bulk_len(e, section - 1) == 0 {
            o.raw("]");
        } else {
            o.close(1, "]");
        }
    }
    match section {
        0 => {
            o.raw("{");
            o.key(1, true, k!("format"));
            o.str(EVALUATION_FORMAT);
            o.key(1, false, k!("period"));
            o.str(&e.period.to_string());
            o.key(1, false, k!("as_of"));
            o.date(Some(e.as_of));
            if let Some(tag) = &e.tag {
                o.key(1, false, k!("tag"));
                o.str(tag);
            }
            o.key(1, false, k!("indicators"));
            o.raw("[");
        }
        1 => {
            o.key(1, false, k!("goals"));
            o.raw("[");
        }
        2 => {
            o.key(1, false, k!("scorecards"));
            o.raw("[");
        }
        _ => {
            o.key(1, false, k!("action_plans"));
            o.array(1, &e.action_plans, |o, p| plan(o, 2, p));
            if !e.assignments.is_empty() {
                o.key(1, false, k!("assignments"));
                o.array(1, &e.assignments, |o, a| assignment(o, 2, a));
            }
            o.key(1, false, k!("diagnostics"));
            o.array(1, &e.diagnostics, |o, x| diagnostic(o, 2, x));
            o.close(0, "}");
        }
    }
}

/// Writes the document from `from` up to `to`: the parts of a split
/// document, written one after the other, give the whole.
fn part(o: &mut impl Sink, e: &Evaluation, from: Pos, to: Pos) {
    for section in from.0..=to.0.min(BULK) {
        let lo = if section == from.0 { from.1 } else { 0 };
        if lo == 0 && (section, 0) < to {
            before(o, e, section);
        }
        if section == BULK {
            break;
        }
        let hi = if section == to.0 {
            to.1
        } else {
            bulk_len(e, section)
        };
        for i in lo..hi {
            o.next(2, i == 0);
            match section {
                0 => indicator(o, 2, &e.indicators[i]),
                1 => goal(o, 2, &e.goals[i]),
                _ => scorecard(o, 2, &e.scorecards[i]),
            }
        }
    }
}

/// Estimated bytes of each element of each bulk array (a little over the
/// typical, so that the output is reserved once), and of the rest.
fn estimate(e: &Evaluation) -> ([Vec<usize>; BULK], usize) {
    let indicators = e
        .indicators
        .iter()
        .map(|r| {
            512 + r.indicator.as_str().len()
                + r.org.as_str().len()
                + r.comparison.as_ref().map_or(0, |_| 512)
                + r.rank.as_ref().map_or(0, |_| 256)
        })
        .collect();
    let goals = e
        .goals
        .iter()
        .map(|g| {
            640 + g.title.len()
                + g.goal.as_str().len()
                + g.owner.as_str().len()
                + g.tags.iter().map(|t| t.len() + 16).sum::<usize>()
                + g.items
                    .iter()
                    .map(|i| 160 + i.id.as_str().len() + i.org.as_str().len())
                    .sum::<usize>()
                + g.assessment.as_ref().map_or(0, |a| {
                    160 + a.comment.as_ref().map_or(0, String::len)
                        + a.author.as_ref().map_or(0, String::len)
                })
                + g.activities
                    .as_ref()
                    .map_or(0, |a| 256 + 32 * a.plans.len())
        })
        .collect();
    let scorecards = e
        .scorecards
        .iter()
        .map(|s| 1800 + s.goals.iter().map(|g| g.as_str().len() + 16).sum::<usize>())
        .collect();
    let rest = 512
        + e.action_plans.len() * 400
        + e.assignments.len() * 500
        + e.diagnostics
            .iter()
            .map(|d| 100 + d.message.len() + d.subject.len())
            .sum::<usize>();
    ([indicators, goals, scorecards], rest)
}

/// The `styrkort-evaluation/1` document of `e`, exactly as
/// `serde_json::to_string_pretty(e)` writes it.
pub(super) fn evaluation(e: &Evaluation) -> String {
    let (sizes, rest) = estimate(e);
    let total: usize = sizes.iter().flatten().sum::<usize>() + rest;
    let parts = if total < PARALLEL_BYTES {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(MAX_PARTS)
    };
    in_parts(e, &sizes, total, parts)
}

/// The document written in `parts` parts of about the same estimated size
/// (`sizes` per element of each bulk array, `total` in all), each on its
/// own thread, into its own room in the one output buffer; the parts are
/// then moved together (one `memmove` per part, within the buffer).
///
/// A part's room is its estimate and an eighth more. Should a part still
/// not fit (strings far longer than estimated), the document is written
/// again on one thread: slower, never wrong.
fn in_parts(e: &Evaluation, sizes: &[Vec<usize>; BULK], total: usize, parts: usize) -> String {
    let serial = || {
        let mut o = Vec::with_capacity(total);
        part(&mut o, e, (0, 0), END);
        o
    };
    let bytes = if parts <= 1 {
        serial()
    } else {
        let spans = spans(sizes, total, parts);
        let rooms: Vec<usize> = spans
            .iter()
            .map(|&(_, _, estimate)| estimate + estimate / 8 + 4096)
            .collect();
        // Zeroed memory comes from the system untouched: only the bytes
        // written are ever paged in.
        let mut buf = vec![0; rooms.iter().sum()];
        let mut slices = Vec::with_capacity(rooms.len());
        let mut rest = &mut buf[..];
        for &n in &rooms {
            let (slice, after) = rest.split_at_mut(n);
            slices.push(slice);
            rest = after;
        }
        let lens = on_threads(
            slices
                .into_iter()
                .zip(&spans)
                .map(|(slice, &(from, to, _))| {
                    move || {
                        let mut f = Fill {
                            buf: slice,
                            at: 0,
                            overflow: false,
                        };
                        part(&mut f, e, from, to);
                        (!f.overflow).then_some(f.at)
                    }
                }),
        );
        if lens.iter().all(Option::is_some) {
            let mut end = 0;
            let mut start = 0;
            for (len, room) in lens.into_iter().flatten().zip(rooms) {
                buf.copy_within(start..start + len, end);
                end += len;
                start += room;
            }
            buf.truncate(end);
            buf
        } else {
            serial()
        }
    };
    String::from_utf8(bytes).expect("the writer writes whole characters")
}

/// The parts' spans `(from, to, estimated bytes)`: cut where the
/// estimated bytes before reach j/parts of the total.
fn spans(sizes: &[Vec<usize>; BULK], total: usize, parts: usize) -> Vec<(Pos, Pos, usize)> {
    let mut cuts: Vec<(Pos, usize)> = vec![((0, 0), 0)];
    let mut acc = 0;
    'sections: for (section, sizes) in sizes.iter().enumerate() {
        for (i, n) in sizes.iter().enumerate() {
            if acc >= total * cuts.len() / parts {
                cuts.push(((section, i), acc));
                if cuts.len() == parts {
                    break 'sections;
                }
            }
            acc += n;
        }
    }
    cuts.push((END, total));
    cuts.windows(2)
        .map(|w| (w[0].0, w[1].0, w[1].1 - w[0].1))
        .collect()
}

/// Runs the jobs, each on its own thread (the first on this one), and
/// gives their results in order.
fn on_threads<T: Send, F: FnOnce() -> T + Send>(jobs: impl Iterator<Item = F>) -> Vec<T> {
    let mut jobs = jobs;
    let Some(first) = jobs.next() else {
        return Vec::new();
    };
    std::thread::scope(|scope| {
        let others: Vec<_> = jobs.map(|job| scope.spawn(job)).collect();
        let mut out = vec![first()];
        out.extend(
            others
                .into_iter()
                .map(|h| h.join().expect("writing JSON does not panic")),
        );
        out
    })
}

#[cfg(test)]
mod tests {
    use super::{bulk_len, estimate, in_parts, part, Fill, Sink, BULK, END};
    use crate::{Evaluation, Model};
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    /// What `$body` writes through the sink `$o`, after checking that a
    /// [`Fill`] of that length writes the same bytes, and that one a byte
    /// too short overflows.
    macro_rules! written {
        (|$o:ident| $body:expr) => {{
            let mut v: Vec<u8> = Vec::new();
            {
                let $o = &mut v;
                $body;
            }
            let mut buf = vec![0; v.len()];
            let mut f = Fill {
                buf: &mut buf,
                at: 0,
                overflow: false,
            };
            {
                let $o = &mut f;
                $body;
            }
            assert!(
                !f.overflow && f.at == v.len() && buf == v,
                "filled as written"
            );
            if !v.is_empty() {
                let mut short = vec![0; v.len() - 1];
                let mut f = Fill {
                    buf: &mut short,
                    at: 0,
                    overflow: false,
                };
                {
                    let $o = &mut f;
                    $body;
                }
                assert!(f.overflow, "a room too small overflows");
            }
            String::from_utf8(v).expect("UTF-8")
        }};
    }

    fn examples() -> Vec<Evaluation> {
        let model = Model::from_json(include_str!("../../../../examples/exempelkommun.json"))
            .expect("the example loads");
        ["2025T2", "2025", "2024-03"]
            .iter()
            .map(|p| model.evaluate(&p.parse().unwrap()).unwrap())
            .collect()
    }

    /// Every cut between two elements, and any number of parts, join to
    /// the whole document.
    #[test]
    fn parts_join_to_the_whole() {
        for e in examples() {
            let want = serde_json::to_string_pretty(&e).unwrap();
            let (sizes, rest) = estimate(&e);
            let total = sizes.iter().flatten().sum::<usize>() + rest;
            for parts in 1..=9 {
                assert_eq!(in_parts(&e, &sizes, total, parts), want, "{parts} parts");
                // Estimates far too small (parts overflow their rooms, and
                // the document is written again on one thread) or too large.
                for scale in [0, 1, 3] {
                    let scaled = sizes
                        .clone()
                        .map(|v| v.iter().map(|n| n * scale / 2).collect());
                    let total = scaled.iter().flatten().sum::<usize>() + rest * scale / 2;
                    let got = in_parts(&e, &scaled, total, parts);
                    assert!(got == want, "{parts} parts, estimates × {scale}/2");
                }
            }
            for section in 0..BULK {
                for i in 0..=bulk_len(&e, section) {
                    let got = written!(|o| {
                        part(o, &e, (0, 0), (section, i));
                        part(o, &e, (section, i), END);
                    });
                    assert!(got == want, "cut at {section}, {i}");
                }
            }
        }
    }

    fn dec_text(d: Decimal) -> String {
        written!(|o| o.dec(d))
    }

    fn str_text(s: &str) -> String {
        written!(|o| o.str(s))
    }

    fn uint_text(n: usize) -> String {
        written!(|o| o.uint(n))
    }

    #[test]
    fn decimals_by_hand() {
        for (d, want) in [
            (Decimal::new(0, 0), "\"0\""),
            (Decimal::new(-0, 5), "\"0\""),
            (Decimal::new(5000, 4), "\"0.5\""),
            (Decimal::new(5, 1), "\"0.5\""),
            (Decimal::new(-5, 3), "\"-0.005\""),
            (Decimal::new(12_300, 2), "\"123\""),
            (Decimal::new(-120_500, 3), "\"-120.5\""),
            (Decimal::new(7, 0), "\"7\""),
            (Decimal::new(-70, 0), "\"-70\""),
            (Decimal::MAX, "\"79228162514264337593543950335\""),
            (Decimal::MIN, "\"-79228162514264337593543950335\""),
            (Decimal::from_i128_with_scale(10_i128.pow(28), 28), "\"1\""),
            (
                Decimal::from_i128_with_scale(1, 28),
                "\"0.0000000000000000000000000001\"",
            ),
            (
                Decimal::from_i128_with_scale(-123_456_789_012_345_678_901_234_567, 28),
                "\"-0.0123456789012345678901234567\"",
            ),
        ] {
            assert_eq!(dec_text(d), want, "{d:?}");
        }
    }

    #[test]
    fn escapes_by_hand() {
        assert_eq!(str_text("plain åäö"), "\"plain åäö\"");
        assert_eq!(str_text(""), "\"\"");
        assert_eq!(
            str_text("a\"b\\c\u{8}\u{c}\n\r\t\u{0}\u{1f}\u{7f}é"),
            "\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0000\\u001f\u{7f}é\""
        );
    }

    #[test]
    fn integers_by_hand() {
        for n in [0, 1, 9, 10, 99, 100, 101, 12_345, usize::MAX] {
            assert_eq!(uint_text(n), n.to_string());
        }
    }

    proptest! {
        #[test]
        fn decimals_as_normalised(lo: u32, mid: u32, hi: u32, negative: bool, scale in 0u32..=28,
                                  small in any::<bool>()) {
            // Half the cases with a mantissa that fits in 64 bits (the fast path).
            let hi = if small { 0 } else { hi };
            let d = Decimal::from_parts(lo, mid, hi, negative, scale);
            prop_assert_eq!(dec_text(d), format!("\"{}\"", crate::json::normalised(d)));
        }

        #[test]
        fn decimals_with_trailing_zeros(m in -10_000_000i64..10_000_000, zeros in 0u32..12, scale in 0u32..16) {
            let d = Decimal::new(m * 10_i64.pow(zeros.min(8)), scale);
            prop_assert_eq!(dec_text(d), format!("\"{}\"", crate::json::normalised(d)));
        }

        #[test]
        fn strings_as_serde_json(s in "(\\PC|[\u{0}-\u{1f}\"\\\\\u{7f}])*") {
            prop_assert_eq!(str_text(&s), serde_json::to_string(&s).unwrap());
        }

        #[test]
        fn integers_as_serde_json(n: usize) {
            prop_assert_eq!(uint_text(n), serde_json::to_string(&n).unwrap());
        }
    }
}
