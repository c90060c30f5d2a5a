//! Exact arithmetic for the engine: every sum and product checked for
//! overflow, every quotient rounded half-to-even to the 12 places it is
//! carried at (DESIGN.md §4, *Precision*), output ratios to 4.
//!
//! A quotient is worked out in integers where that gives `rust_decimal`'s
//! decimal to the bits (value and scale), and by `rust_decimal` everywhere
//! else: see `twelve` for when and why.

use rust_decimal::{Decimal, RoundingStrategy};
use rustc_hash::FxHashMap as FastMap;

use crate::error::Error;

/// Rounds a quotient half-to-even to the 12 places it is carried at.
pub(super) fn q12(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(12, RoundingStrategy::MidpointNearestEven)
}

/// Rounds an output ratio half-to-even to 4 places.
pub(super) fn r4(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(4, RoundingStrategy::MidpointNearestEven)
}

/// `a.cmp(&b)`: the order of the two values (not of their spellings: 1.0
/// equals 1). Two decimals of the same scale are ordered by their
/// mantissas alone (a value is mantissa / 10^scale), which is what the
/// engine's comparisons nearly always meet (a value and its target or the
/// value before it, spelt alike); `rust_decimal` rescales otherwise.
#[inline]
pub(super) fn cmp(a: Decimal, b: Decimal) -> std::cmp::Ordering {
    if a.scale() == b.scale() {
        a.mantissa().cmp(&b.mantissa())
    } else {
        a.cmp(&b)
    }
}

// The checked operations are inlined into the engine's loops and the
// error is built out of line: a `Result<Decimal, Error>` handed back
// through a call is copied through memory at every step.
#[cold]
#[inline(never)]
pub(super) fn overflow(what: impl Into<String>) -> Error {
    Error::Overflow {
        context: what.into(),
    }
}

#[inline]
pub(super) fn add(a: Decimal, b: Decimal, what: &dyn Fn() -> String) -> Result<Decimal, Error> {
    a.checked_add(b).ok_or_else(|| overflow(what()))
}

#[inline]
pub(super) fn sub(a: Decimal, b: Decimal, what: &dyn Fn() -> String) -> Result<Decimal, Error> {
    a.checked_sub(b).ok_or_else(|| overflow(what()))
}

#[inline]
pub(super) fn mul(a: Decimal, b: Decimal, what: &dyn Fn() -> String) -> Result<Decimal, Error> {
    a.checked_mul(b).ok_or_else(|| overflow(what()))
}

/// `a / b` rounded to 12 places; `None` when `b` is zero. The same
/// decimal, to the scale, as `checked_div` then [`q12`], worked out in
/// integers when that is provably so ([`twelve`]).
#[inline]
pub(super) fn div(
    a: Decimal,
    b: Decimal,
    what: &dyn Fn() -> String,
) -> Result<Option<Decimal>, Error> {
    if b.is_zero() {
        return Ok(None);
    }
    if let Some(q) = twelve(a, b).and_then(Twelve::off_grid) {
        return Ok(Some(q));
    }
    a.checked_div(b)
        .map(|d| Some(q12(d)))
        .ok_or_else(|| overflow(what()))
}

/// `a / b` rounded to 12 places and then to 4 ([`r4`] of [`div`]): an
/// output ratio such as an indicator's achievement; `None` when `b` is
/// zero. The same decimal, to the scale, as `div` then `r4`, worked out
/// in integers when that is provably so ([`twelve`]).
#[inline]
pub(super) fn ratio(
    a: Decimal,
    b: Decimal,
    what: &dyn Fn() -> String,
) -> Result<Option<Decimal>, Error> {
    match twelve(a, b).and_then(Twelve::to_four) {
        Some(q) => Ok(Some(q)),
        None => Ok(div(a, b, what)?.map(r4)),
    }
}

/// A quotient x = a / b rounded half-even to 12 places in integers: n =
/// x·10¹² rounded, from x·10¹² = n₁₂ + r/den.
///
/// Why: a division and its roundings in `rust_decimal` cost more than
/// the rest of an indicator result (its achievement) or of a
/// consolidated mean; here they are one integer division.
///
/// Why it is `rust_decimal`'s answer. Let d = `a.checked_div(b)`: x
/// itself when it fits, else x rounded at the last of the 28 places a
/// 96-bit mantissa holds, which for x < 10⁴ is place 24 or later, so
/// |d − x| ≤ 10⁻²⁴. [`twelve`] gives n only when no midpoint of the
/// 12-place grid lies within 5·10⁻²³ of x (|2r − den| · 10¹⁰ > den; an
/// exact midpoint gives none either), so `q12(d)` has n's value. Its
/// scale depends on how many places d has, which is where the two uses
/// differ:
/// - [`Twelve::off_grid`] (for [`div`]): only when x is also at least
///   10⁻²² off the 12-place grid. Then d is not on it, has more than 12
///   places whatever zeros `checked_div` strips, and `q12` rounds it to
///   scale 12 exactly.
/// - [`Twelve::to_four`] (for [`ratio`]): `r4` of the 12-place value is n
///   rounded half-even to 4 places at scale 4 whenever that value has
///   more than 4 places. It has unless n lies on the 4-place grid (d can
///   lose places only by landing on the grid of those kept, within
///   10⁻²⁴ of x, and then n is on that grid too), so a result on the
///   4-place grid (an exact ratio such as 0.9 or 1) falls back.
///
/// x ≥ 10⁴, a zero or negative operand, a mantissa of 64 bits or more, or
/// a scale difference the integers cannot hold: none. The tests
/// `div_is_rust_decimals` and `ratio_is_div_then_r4` compare both ways to
/// the bits on every spelling of small operands, on pseudo-random ones
/// and around each edge.
#[inline]
fn twelve(a: Decimal, b: Decimal) -> Option<Twelve> {
    if a.is_sign_negative() || b.is_sign_negative() || a.is_zero() || b.is_zero() {
        return None;
    }
    let (ma, mb) = (a.mantissa().unsigned_abs(), b.mantissa().unsigned_abs());
    if ma >> 64 != 0 || mb >> 64 != 0 {
        return None;
    }
    // x·10¹² = ma·10^k / mb, k = 12 + scale(b) − scale(a), in −16..=40.
    let k = 12 + i64::from(b.scale()) - i64::from(a.scale());
    let (num, den) = if k >= 0 {
        (
            ma.checked_mul(10u128.checked_pow(u32::try_from(k).ok()?)?)?,
            mb,
        )
    } else {
        (
            ma,
            mb.checked_mul(10u128.checked_pow(u32::try_from(-k).ok()?)?)?,
        )
    };
    let (n12, r) = (num / den, num % den);
    if n12 >= 10_000 * 1_000_000_000_000 {
        return None;
    }
    let twice = r.checked_mul(2)?;
    if twice.abs_diff(den).checked_mul(10_000_000_000)? <= den {
        return None;
    }
    Some(Twelve {
        n: if twice < den { n12 } else { n12 + 1 },
        r,
        den,
    })
}

/// What [`twelve`] worked out: x rounded to 12 places (`n`, in units of
/// 10⁻¹²) and the remainder `r / den` of x·10¹² before rounding.
#[derive(Debug, Clone, Copy)]
struct Twelve {
    n: u128,
    r: u128,
    den: u128,
}

impl Twelve {
    /// The quotient at scale 12, when x is at least 10⁻²² off the
    /// 12-place grid (see [`twelve`]).
    #[inline]
    fn off_grid(self) -> Option<Decimal> {
        const MARGIN: u128 = 10_000_000_000;
        let near = |r: u128| r.checked_mul(MARGIN).is_none_or(|x| x <= self.den);
        if near(self.r) || near(self.den - self.r) {
            return None;
        }
        // n < 10¹⁶ + 1: the conversion cannot fail.
        Some(Decimal::from_i128_with_scale(
            i128::try_from(self.n).ok()?,
            12,
        ))
    }

    /// The quotient rounded on to 4 places, at scale 4, when n is off the
    /// 4-place grid (see [`twelve`]).
    #[inline]
    fn to_four(self) -> Option<Decimal> {
        const P8: u128 = 100_000_000;
        let (q, rest) = (self.n / P8, self.n % P8);
        if rest == 0 {
            return None;
        }
        let q = match rest.cmp(&(P8 / 2)) {
            std::cmp::Ordering::Less => q,
            std::cmp::Ordering::Greater => q + 1,
            std::cmp::Ordering::Equal => q + (q & 1),
        };
        // q ≤ 10⁸: the conversion cannot fail.
        Some(Decimal::from_i128_with_scale(i128::try_from(q).ok()?, 4))
    }
}

/// Quotients worked out already, by their exact operands, each with its
/// output rounding ([`r4`]).
///
/// Why: a goal's score and share are the same few fractions (two of three
/// items fulfilled, weights 1) for a quarter of a million goals in every
/// period, and a decimal division with its two roundings costs several
/// hash lookups. The key is the operands' full representation (mantissa,
/// scale and sign), so a remembered quotient is exactly the one [`div`]
/// gives them: memoising changes no result. Errors are not remembered.
#[derive(Debug, Default)]
pub(crate) struct Quotients(FastMap<(u128, u128), (Decimal, Decimal)>);

impl Quotients {
    /// Past this many quotients the memo starts again (weights of every
    /// kind make many distinct fractions; they are not worth keeping).
    const MAX: usize = 1 << 12;

    /// [`div`]`(a, b)` and that quotient rounded by [`r4`]; `None` when
    /// `b` is zero.
    pub(super) fn div(
        &mut self,
        a: Decimal,
        b: Decimal,
        what: &dyn Fn() -> String,
    ) -> Result<Option<(Decimal, Decimal)>, Error> {
        if b.is_zero() {
            return Ok(None);
        }
        let key = (bits(a), bits(b));
        if let Some(&q) = self.0.get(&key) {
            return Ok(Some(q));
        }
        let Some(q) = div(a, b, what)? else {
            return Ok(None);
        };
        if self.0.len() >= Self::MAX {
            self.0.clear();
        }
        self.0.insert(key, (q, r4(q)));
        Ok(Some((q, r4(q))))
    }
}

/// A decimal's whole representation: equal bits, the same decimal to
/// every operation.
fn bits(d: Decimal) -> u128 {
    u128::from_le_bytes(d.serialize())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `rust_decimal`'s quotient rounded to 12 places: what `div` gives
    /// without its integer path (the outer `None`: an overflow).
    #[allow(clippy::option_option)]
    fn slow_div(a: Decimal, b: Decimal) -> Option<Option<Decimal>> {
        if b.is_zero() {
            return Some(None);
        }
        a.checked_div(b).map(|d| Some(q12(d)))
    }

    /// A fixed pseudo-random sequence from `seed` (Knuth's MMIX LCG): the
    /// same operands on every run.
    fn lcg(mut seed: u64) -> impl FnMut() -> u64 {
        move || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            seed
        }
    }

    /// `cmp` orders as `rust_decimal` does: every pair of small operands
    /// in every pair of scales (signs, zero and negative zero among them),
    /// and pseudo-random ones of full width in the same scale, where the
    /// mantissas alone decide.
    #[test]
    fn cmp_is_decimals_order() {
        let top = if cfg!(miri) { 4 } else { 60 };
        let mut spellings: Vec<Decimal> = (-top..=top)
            .flat_map(|m| (0..4).map(move |s| Decimal::new(m, s)))
            .collect();
        spellings.push(-Decimal::from_i128_with_scale(0, 2));
        for &a in &spellings {
            for &b in &spellings {
                assert_eq!(cmp(a, b), a.cmp(&b), "{a} against {b}");
            }
        }
        let mut next = lcg(0x0c4f_0bad_5eed_0001);
        for _ in 0..if cfg!(miri) { 50 } else { 20_000 } {
            let (x, y, z) = (next(), next(), next());
            let wide = |x: u64, y: u64| (i128::from(x) << 32 | i128::from(y >> 32)) >> (z % 40);
            let scale = u32::try_from(z % 29).unwrap();
            let mut a = Decimal::from_i128_with_scale(wide(x, y), scale);
            let mut b = Decimal::from_i128_with_scale(wide(y, x), scale);
            a.set_sign_negative(z & 1 == 1);
            b.set_sign_negative(z & 2 == 2);
            assert_eq!(cmp(a, b), a.cmp(&b), "{a} against {b}");
            assert_eq!(cmp(a, a), std::cmp::Ordering::Equal);
        }
    }

    /// `div` gives `checked_div` then `q12`, and `ratio` gives that then
    /// `r4`, to the bits (value, scale, sign): on every spelling of small
    /// operands, on pseudo-random ones of every size and scale, and
    /// around each edge where the integer paths give way. The integer
    /// paths must also carry most ordinary quotients.
    #[test]
    fn ratio_is_div_then_r4() {
        check_quotients(|a, b| {
            let what = || String::from("test");
            // An overflow is an error both ways.
            let slow = slow_div(a, b).map(|q| q.map(r4));
            let got = ratio(a, b, &what).ok();
            assert_eq!(
                got.map(|q| q.map(|q| q.serialize())),
                slow.map(|q| q.map(|q| q.serialize())),
                "{a} / {b}: {got:?} against {slow:?}"
            );
            twelve(a, b).and_then(Twelve::to_four).is_some()
        });
    }

    /// See `ratio_is_div_then_r4`.
    #[test]
    fn div_is_rust_decimals() {
        check_quotients(|a, b| {
            let what = || String::from("test");
            let slow = slow_div(a, b);
            let got = div(a, b, &what).ok();
            assert_eq!(
                got.map(|q| q.map(|q| q.serialize())),
                slow.map(|q| q.map(|q| q.serialize())),
                "{a} / {b}: {got:?} against {slow:?}"
            );
            twelve(a, b).and_then(Twelve::off_grid).is_some()
        });
    }

    /// Runs `check` (which asserts, and says whether the integer path
    /// answered) on the operands of the two tests above.
    fn check_quotients(check: impl Fn(Decimal, Decimal) -> bool) {
        // Every spelling of small operands: values and targets with up to
        // three places, signs and zero.
        let (mut fast, mut all) = (0u32, 0u32);
        // Under Miri (which looks for undefined behaviour, not for a
        // different quotient) a sample: the whole runs for hours there.
        let (top, draws) = if cfg!(miri) { (6, 100) } else { (150, 40_000) };
        for ma in -3i64..=top {
            for mb in -2i64..=top {
                for sa in 0..=3 {
                    for sb in [0, 1, 3] {
                        all += 1;
                        fast += u32::from(check(Decimal::new(ma, sa), Decimal::new(mb, sb)));
                    }
                }
            }
        }
        assert!(
            cfg!(miri) || u64::from(fast) * 10 > u64::from(all) * 7,
            "the integer path carries most small ratios: {fast} of {all}"
        );
        // Pseudo-random operands of every size and scale (a fixed LCG).
        let mut next = lcg(0x005e_ed0f_5717_0c0a);
        for _ in 0..draws {
            let bits = |x: u64, n: u64| x >> (n % 64);
            let scale = |x: u64| u32::try_from(x % 29).unwrap();
            let (x, y, z) = (next(), next(), next());
            let a = Decimal::from_i128_with_scale(i128::from(bits(x, z)), scale(z >> 8));
            let b = Decimal::from_i128_with_scale(i128::from(bits(y, z >> 16)), scale(z >> 24));
            check(a, b);
            check(b, a);
        }
        // Around the edges: a quotient next to 10⁴; next to a 12-place
        // midpoint (a third of an odd number of 10⁻¹² and a divisor one off
        // a power of ten, whose expansion is a long run of the same digit);
        // on and next to the 4-place grid; mantissas next to 2⁶⁴.
        let edges = [
            ("9999.99999", "1"),
            ("10000", "1"),
            ("99999999", "10000"),
            ("100000001", "10000.0001"),
            ("1.0000000000005", "1"),
            ("0.0000000000005", "1"),
            ("0.0000000000015", "1"),
            // A 12-place midpoint whose half-even rounding decides the
            // 4-place one (0.000050000000|5), exactly and 5·10⁻³² above
            // it, where the 28-place quotient is the midpoint itself.
            ("0.0000500000005", "1"),
            ("500000005005000.0000", "10000000000099999999"),
            ("1", "3"),
            ("2", "3"),
            ("1", "7"),
            ("5", "9999999999999"),
            ("5", "10000000000001"),
            ("4999999999999", "9999999999999"),
            ("5000000000001", "10000000000001"),
            ("0.00005", "1"),
            ("0.00015", "1"),
            ("0.000149999999999", "1"),
            ("0.000150000000001", "1"),
            ("1.23449999999999999999999", "1"),
            ("1.2399999999999999999999999", "1"),
            ("1.24", "1"),
            // Next to the 12-place grid (x has more places, d may not).
            ("1.000000000000000000000001", "1"),
            ("1.000000000001000000000001", "1"),
            ("0.999999999999999999999999", "1"),
            ("1.000000000001", "1"),
            // 10⁻¹⁰ less a third of 10⁻²⁸: the 28-place quotient is 10⁻¹⁰.
            ("0.0000000002999999999999999999", "3"),
            ("10000000000000000000001", "10000000000000000000000"),
            ("9999999999999999999", "10000000000000000000"),
            ("0.9", "1"),
            ("90", "100"),
            ("18446744073709551615", "18446744073709551614"),
            ("18446744073709551616", "3"),
            ("3", "18446744073709551616"),
            ("0.0000000000000000000000000001", "3"),
            ("7", "0.0000000000000000000000000003"),
        ];
        for (a, b) in edges {
            let (a, b): (Decimal, Decimal) = (a.parse().unwrap(), b.parse().unwrap());
            check(a, b);
            check(b, a);
        }
    }

    /// A remembered quotient is the computed one, to the representation:
    /// the operands' scales are part of the key (`1/3` and `1.0/3` are
    /// asked apart and each answered as `div` answers it).
    #[test]
    fn remembered_quotients_are_the_computed_ones() {
        let what = || String::from("test");
        let mut memo = Quotients::default();
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let pairs = [
            ("2", "3"),
            ("2.0", "3"),
            ("1.5", "2"),
            ("1.50", "2.0"),
            ("-1", "3"),
            ("0", "7"),
            ("22", "7"),
            ("1", "0"),
        ];
        for _ in 0..3 {
            for (a, b) in pairs {
                let (a, b) = (d(a), d(b));
                let plain = div(a, b, &what).unwrap();
                let memo = memo.div(a, b, &what).unwrap();
                assert_eq!(memo.map(|m| m.0.serialize()), plain.map(|q| q.serialize()));
                assert_eq!(
                    memo.map(|m| m.1.serialize()),
                    plain.map(|q| r4(q).serialize())
                );
            }
        }
        assert_eq!(
            memo.0.len(),
            pairs.len() - 1,
            "a zero divisor is not remembered"
        );
        // The memo starts again when full, and still answers alike.
        for n in 1..=Quotients::MAX + 10 {
            let (a, b) = (Decimal::from(n), Decimal::from(7u8));
            assert_eq!(
                memo.div(a, b, &what).unwrap().map(|m| m.0),
                div(a, b, &what).unwrap()
            );
        }
        assert!(memo.0.len() <= Quotients::MAX);
    }
}
