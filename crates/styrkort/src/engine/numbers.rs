//! Exact arithmetic for the engine: every sum and product checked for
//! overflow, every quotient rounded half-to-even to the 12 places it is
//! carried at (DESIGN.md §4, *Precision*), output ratios to 4.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::error::Error;

/// Rounds a quotient half-to-even to the 12 places it is carried at.
pub(super) fn q12(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(12, RoundingStrategy::MidpointNearestEven)
}

/// Rounds an output ratio half-to-even to 4 places.
pub(super) fn r4(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(4, RoundingStrategy::MidpointNearestEven)
}

pub(super) fn overflow(what: impl Into<String>) -> Error {
    Error::Overflow {
        context: what.into(),
    }
}

pub(super) fn add(a: Decimal, b: Decimal, what: &dyn Fn() -> String) -> Result<Decimal, Error> {
    a.checked_add(b).ok_or_else(|| overflow(what()))
}

pub(super) fn sub(a: Decimal, b: Decimal, what: &dyn Fn() -> String) -> Result<Decimal, Error> {
    a.checked_sub(b).ok_or_else(|| overflow(what()))
}

pub(super) fn mul(a: Decimal, b: Decimal, what: &dyn Fn() -> String) -> Result<Decimal, Error> {
    a.checked_mul(b).ok_or_else(|| overflow(what()))
}

/// `a / b` rounded to 12 places; `None` when `b` is zero.
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
