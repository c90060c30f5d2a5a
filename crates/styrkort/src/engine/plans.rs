//! Action plans at the as-of date: activities counted by status, overdue
//! activities, and the mean progress; assignments (*uppdrag*) with their
//! latest status report.
//!
//! Cost: linear in the plan's activities, plus sorting the overdue ones;
//! linear in the assignments and their reports.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::numbers::{add, div, r4};
use crate::compile::{ActivityInfo, OrgInfo, PlanInfo};
use crate::error::Error;
use crate::evaluation::{ActivityCounts, AssignmentResult, PlanResult};
use crate::model::{ActivityStatus, Assignment, AssignmentStatus};
use crate::Period;

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

/// The assignments listed in `period` (see [`AssignmentResult`]), in the
/// order given (the compiled order: by assignee, then id).
///
/// The status is the latest report for a period ending by the period's
/// end (of two ending the same day, the shorter period, then the later in
/// the list); an assignment closed in a report of an earlier year is no
/// longer listed.
pub(super) fn assignment_results(list: &[Assignment], period: Period) -> Vec<AssignmentResult> {
    let as_of = period.end();
    let year_start = chrono::Datelike::with_ordinal(&period.start(), 1).unwrap_or(as_of);
    list.iter()
        .filter(|a| a.decided.is_none_or(|d| d <= as_of))
        .filter_map(|a| {
            let latest = a
                .reports
                .iter()
                .filter(|r| r.period.end() <= as_of)
                .max_by_key(|r| (r.period.end(), std::cmp::Reverse(r.period.kind().months())));
            let status = latest.map_or(AssignmentStatus::NotStarted, |r| r.status);
            if status.is_closed() && latest.is_some_and(|r| r.period.end() < year_start) {
                return None;
            }
            Some(AssignmentResult {
                assignment: a.id.clone(),
                title: a.title.clone(),
                assigned_by: a.assigned_by.clone(),
                assigned_to: a.assigned_to.clone(),
                decided: a.decided,
                due: a.due,
                status,
                reported: latest.map(|r| r.period),
                comment: latest.and_then(|r| r.comment.clone()),
                overdue: a.due.is_some_and(|d| d < as_of) && !status.is_closed(),
            })
        })
        .collect()
}
