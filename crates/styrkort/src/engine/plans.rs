//! Action plans at the as-of date: activities counted by status, overdue
//! activities, and the mean progress.
//!
//! Cost: linear in the plan's activities, plus sorting the overdue ones.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::numbers::{add, div, r4};
use crate::compile::{ActivityInfo, OrgInfo, PlanInfo};
use crate::error::Error;
use crate::evaluation::{ActivityCounts, PlanResult};
use crate::model::ActivityStatus;

pub(super) fn plan_result(
    p: &PlanInfo,
    orgs: &[OrgInfo],
    as_of: NaiveDate,
) -> Result<PlanResult, Error> {
    let what = || format!("the progress of action plan {:?}", p.id.as_str());
    let mut counts = ActivityCounts::default();
    let mut overdue = Vec::new();
    let (mut sum, mut n) = (Decimal::ZERO, 0u32);
    for a in &p.activities {
        match a.status {
            ActivityStatus::NotStarted => counts.not_started += 1,
            ActivityStatus::Ongoing => counts.ongoing += 1,
            ActivityStatus::Completed => counts.completed += 1,
            ActivityStatus::Paused => counts.paused += 1,
            ActivityStatus::Cancelled => counts.cancelled += 1,
        }
        if is_overdue(a, as_of) {
            overdue.push(a.id.clone());
        }
        if a.status != ActivityStatus::Cancelled {
            let progress = if a.status == ActivityStatus::Completed {
                Decimal::ONE_HUNDRED
            } else {
                a.progress.unwrap_or_default()
            };
            sum = add(sum, progress, &what)?;
            n += 1;
        }
    }
    overdue.sort();
    Ok(PlanResult {
        plan: p.id.clone(),
        owner: orgs[p.owner as usize].id.clone(),
        progress: div(sum, Decimal::from(n), &what)?.map(r4),
        overdue,
        activities: counts,
    })
}

pub(super) fn is_overdue(a: &ActivityInfo, as_of: NaiveDate) -> bool {
    a.due.is_some_and(|d| d < as_of)
        && !matches!(
            a.status,
            ActivityStatus::Completed | ActivityStatus::Cancelled
        )
}
