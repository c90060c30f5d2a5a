//! Exact arithmetic for the engine: every sum and product checked for
//! overflow, every quotient rounded half-to-even to the 12 places it is
//! carried at (DESIGN.md §4, *Precision*), output ratios to 4.

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

/// `a / b` rounded to 12 places; `None` when `b` is zero.
#[inline]
pub(super) fn div(
    a: Decimal,
    b: Decimal,
    what: &dyn Fn() -> String,
) -> Result<Option<Decimal>, Error> {
    if b.is_zero() {
        return Ok(None);
    }
    a.checked_div(b)
        .map(|d| Some(q12(d)))
        .ok_or_else(|| overflow(what()))
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
