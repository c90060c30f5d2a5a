//! Rank targets: an indicator's status from its rank among comparable
//! municipalities (*Kommunens Kvalitet i Korthet*), judged after the
//! indicator pass from the comparison data of the evaluation.

use rust_decimal::Decimal;

use super::numbers::mul;
use crate::compile::{Compiled, Ix};
use crate::error::Error;
use crate::evaluation::IndicatorResult;
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
        let ind = &self.indicators[i as usize];
        if ind.owner != o {
            return Ok(());
        }
        let Some(c) =
            data.and_then(|d| d.compare_source(ind.kolada.as_ref()?, ind.direction, period))
        else {
            return Ok(());
        };
        let what = || {
            format!(
                "the rank limits of indicator {:?} in {period}",
                ind.id.as_str()
            )
        };
        let n = Decimal::from(c.group_size);
        let best_up_to = mul(judgement.best_share, n, &what)?;
        let worst_above = mul(Decimal::ONE - judgement.worst_share, n, &what)?;
        let rank = Decimal::from(c.rank);
        r.status = if rank <= best_up_to {
            Status::Fulfilled
        } else if rank > worst_above {
            Status::NotFulfilled
        } else {
            Status::PartlyFulfilled
        };
        judgement.rank = Some(c.rank);
        judgement.group_size = Some(c.group_size);
        judgement.best_up_to = Some(best_up_to.normalize());
        judgement.worst_above = Some(worst_above.normalize());
        Ok(())
    }
}
