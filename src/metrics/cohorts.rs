//! Cohorts: customers by the month of their first valid order (the 24 months ending with as_of's
//! month, oldest first, empty months listed), and how many of them ordered, and for how much, in
//! each month since.

use super::analysis::Analysis;
use super::money;
use super::timeline::month_text;
use crate::report::Cohort;

/// The section: null without an orders file.
pub fn section(a: &Analysis<'_>) -> Option<Vec<Cohort>> {
    let ctx = a.ctx;
    if !ctx.has_orders {
        return None;
    }
    let (w, t) = (a.windows(), a.summary());
    let (retained, revenue) = (&t.retained, &t.cohort_revenue);
    Some(
        retained
            .iter()
            .zip(revenue)
            .enumerate()
            .map(|(k, (ret, rev))| Cohort {
                cohort: month_text(w.month0 + k as i64),
                customers: ret.get(k).copied().unwrap_or(0),
                retained: ret.get(k..).unwrap_or(&[]).to_vec(),
                revenue: rev.get(k..).unwrap_or(&[]).iter().map(|r| money(*r)).collect(),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use crate::metrics::testing::{report, store, SHOP};

    #[test]
    fn cohorts_by_first_month_with_empty_months_listed() {
        let r = report(&store(Some(SHOP), None), "{}").unwrap();
        let c = r.cohorts.unwrap();
        // the 24 months ending with as_of's (2024-03), oldest first
        assert_eq!((c.len(), c[0].cohort.as_str(), c[23].cohort.as_str()), (24, "2022-04", "2024-03"));
        assert_eq!((c[0].retained.len(), c[23].retained.len()), (24, 1));
        let row = |m: &str| c.iter().find(|x| x.cohort == m).unwrap();
        // a: first order in January, back in March
        let jan = row("2024-01");
        assert_eq!((jan.customers, jan.retained.as_slice()), (1, &[1, 0, 1][..]));
        assert_eq!(jan.revenue, ["150.00", "0.00", "30.01"]);
        // b and c in February; c's March order is not valid
        let feb = row("2024-02");
        assert_eq!(
            (feb.customers, feb.retained.as_slice(), feb.revenue.as_slice()),
            (2, &[2, 0][..], &["50.00".to_string(), "0.00".to_string()][..])
        );
        assert_eq!((row("2024-03").retained.as_slice(), row("2024-03").revenue[0].as_str()), (&[1][..], "6.00"));
        // a month in which nobody started: listed with zeros
        let dec = row("2023-12");
        assert_eq!((dec.customers, dec.retained.as_slice()), (0, &[0, 0, 0, 0][..]));
        assert!(dec.revenue.iter().all(|x| x == "0.00"));
    }
}
