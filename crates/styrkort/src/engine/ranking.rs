//! Rank targets: an indicator's status from its rank among comparable
//! municipalities (*Kommunens Kvalitet i Korthet*), judged after the
//! indicator pass from the comparison data of the evaluation.

use rust_decimal::Decimal;

use super::numbers::mul;
use crate::compile::{Compiled, Ix};
use crate::error::Error;
use crate::evaluation::{IndicatorResult, RankJudgement};
use crate::kolada::ComparisonData;
use crate::perspective::Status;
use crate::Period;

impl Compiled {
    /// Sets the status of a result under a rank target from `data`: only at
    /// the indicator's owner (whose figures its Kolada source names) and in
    /// a year period. Without comparison data the status stays as the
    /// indicator pass left it (`not_assessed`, or `no_data` without a value).
    pub(crate) fn judge_rank(
        &self,
        i: Ix,
        o: Ix,
        period: Period,
        r: &mut IndicatorResult,
        data: Option<&ComparisonData>,
    ) -> Result<(), Error> {
        let Some(judgement) = r.rank.as_mut() else {
            return Ok(());
        };
        let shares = (judgement.best_share, judgement.worst_share);
        if let Some((status, judged)) = self.rank_status(i, o, period, shares, data)? {
            r.status = status;
            **judgement = judged;
        }
        Ok(())
    }

    /// The status of `i` at `o` under a rank target with `shares` (best,
    /// worst), and how it was judged; `None` where it is not judged (not
    /// the owner, no comparison figure for the period).
    pub(crate) fn rank_status(
        &self,
        i: Ix,
        o: Ix,
        period: Period,
        (best_share, worst_share): (Decimal, Decimal),
        data: Option<&ComparisonData>,
    ) -> Result<Option<(Status, RankJudgement)>, Error> {
        let ind = &self.indicators[i as usize];
        if ind.owner != o {
            return Ok(None);
        }
        let Some(c) =
            data.and_then(|d| d.compare_source(ind.kolada.as_ref()?, ind.direction, period))
        else {
            return Ok(None);
        };
        let what = || {
            format!(
                "the rank limits of indicator {:?} in {period}",
                ind.id.as_str()
            )
        };
        let n = Decimal::from(c.group_size);
        let best_up_to = mul(best_share, n, &what)?;
        let worst_above = mul(Decimal::ONE - worst_share, n, &what)?;
        let rank = Decimal::from(c.rank);
        let status = if rank <= best_up_to {
            Status::Fulfilled
        } else if rank > worst_above {
            Status::NotFulfilled
        } else {
            Status::PartlyFulfilled
        };
        Ok(Some((
            status,
            RankJudgement {
                best_share,
                worst_share,
                rank: Some(c.rank),
                group_size: Some(c.group_size),
                best_up_to: Some(best_up_to.normalize()),
                worst_above: Some(worst_above.normalize()),
            },
        )))
    }
}
