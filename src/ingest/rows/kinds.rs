//! The rows of the other kinds: customer profiles, interest events, calls and tickets.

use super::orders::region_of;
use super::{cell, present, unmasked, Outcome, Shared, Sink};
use crate::ingest::cells::Cells;
use crate::ingest::detect::Role;
use crate::ingest::values::{self, clean};
use crate::ingest::Accounting;
use crate::ingest::SkipReason;
use crate::model::{Action, PROVINCES};
use crate::store::{self, Call, Interest, Interner, Profile, Ticket, NO_CUSTOMER, NO_LABEL, NO_REGION};

fn member_level(s: &str) -> Option<u8> {
    if !present(s) {
        return None;
    }
    let up = s.to_ascii_uppercase();
    if let Some(pos) = up.find("VIP").or_else(|| up.find('V')) {
        let digits: String =
            up.get(pos..)?.chars().skip_while(|c| c.is_ascii_alphabetic()).take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse::<u8>() {
            return Some(n);
        }
    }
    if s.contains("普通") || s.contains("非会员") || up == "MEMBER" || up == "REGULAR" || s == "会员" {
        return Some(0);
    }
    None
}

impl Sink {
    pub(super) fn profile(&mut self, f: &Cells<'_>, sh: &mut Shared<'_>) -> Outcome {
        let customer = self.customer_key(f, sh);
        if customer == NO_CUSTOMER {
            return Outcome::Skip(
                SkipReason::MissingCustomer,
                self.key_cols.first().map(|k| k.0).or(Some(Role::Customer)),
            );
        }
        if self.seen.insert(u128::from(customer), ()).is_some() {
            return Outcome::Skip(SkipReason::Duplicate, self.key_cols.first().map(|k| k.0));
        }
        let l = &self.layout;
        let source = cell(f, l, Role::Source);
        let tags = cell(f, l, Role::Tags)
            .split([';', ',', '，', '、', '|', '；'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| sh.labels.intern(t))
            .collect();
        let cells = (0..f.len()).map(|i| sh.labels.intern(clean(f.get(i)))).collect();
        let region = region_of(f, l, sh.regions);
        self.table.profiles.push(Profile {
            customer,
            gender: values::parse_gender(cell(f, l, Role::Gender)),
            age: values::parse_age(cell(f, l, Role::Age)),
            birth: values::parse_date(cell(f, l, Role::Birthday))
                .map(|d| d.and_hms_opt(0, 0, 0).map_or(0, |t| store::day_of(t.and_utc().timestamp()))),
            region,
            member_level: member_level(cell(f, l, Role::MemberLevel)),
            source: if present(source) { sh.labels.intern(source) } else { NO_LABEL },
            tags,
            cells,
            row: self.row_no,
        });
        Outcome::Used
    }

    pub(super) fn interest(&mut self, f: &Cells<'_>, acc: &mut Accounting, sh: &mut Shared<'_>) -> Outcome {
        let Some(time) = values::parse_datetime(cell(f, &self.layout, Role::Time)) else {
            return Outcome::Skip(SkipReason::BadDate, Some(Role::Time));
        };
        if !self.defer_customer(f, self.table.interest.len(), sh) {
            return Outcome::Skip(
                SkipReason::MissingCustomer,
                self.key_cols.first().map(|k| k.0).or(Some(Role::Customer)),
            );
        }
        let action = self.action(f, acc);
        let region = self.event_province(f);
        // the customer is filled in when its key is interned, with the next batch
        self.table.interest.push(Interest { customer: NO_CUSTOMER, time: time.and_utc().timestamp(), region, action });
        Outcome::Used
    }

    /// The action of an event's 行为 cell (memoised on its raw bytes: a file has a handful of
    /// texts); a text no spelling names is `other` and counted, by text, in the file's summary
    /// (a later part logs it for the merge to count in order).
    fn action(&mut self, f: &Cells<'_>, acc: &mut Accounting) -> Action {
        let Some(col) = self.layout.col(Role::Action) else { return Action::Other };
        let raw = f.raw_bytes(col);
        let known = match raw.and_then(|r| self.action_memo.get(r).copied()) {
            Some(a) => a,
            None => {
                let a = Action::parse(cell(f, &self.layout, Role::Action));
                if let Some(r) = raw {
                    if self.action_memo.len() < 4096 {
                        self.action_memo.insert(r.into(), a);
                    }
                }
                a
            }
        };
        match known {
            Some(a) => a,
            None => {
                let text = cell(f, &self.layout, Role::Action);
                if present(text) {
                    match &mut self.part {
                        Some(p) => p.unknown.push((self.table.interest.len(), text.to_string())),
                        None => acc.unknown_action(text),
                    }
                }
                Action::Other
            }
        }
    }

    /// The province of an event's 省份 cell when it reads as one of the 34 divisions (their ids
    /// are the same in every region table, so a part's need no mapping), else none.
    fn event_province(&mut self, f: &Cells<'_>) -> u16 {
        let Some(col) = self.layout.col(Role::Province) else { return NO_REGION };
        let raw = f.raw_bytes(col);
        if let Some(r) = raw.and_then(|r| self.province_memo.get(r).copied()) {
            return r;
        }
        let id = values::normalize_province(cell(f, &self.layout, Role::Province))
            .and_then(|p| PROVINCES.iter().position(|x| *x == p))
            .and_then(|i| u16::try_from(i).ok())
            .unwrap_or(NO_REGION);
        if let Some(r) = raw {
            if self.province_memo.len() < 4096 {
                self.province_memo.insert(r.into(), id);
            }
        }
        id
    }

    pub(super) fn call(&mut self, f: &Cells<'_>, sh: &mut Shared<'_>) -> Outcome {
        let l = &self.layout;
        let Some(time) = values::parse_datetime(cell(f, l, Role::Time)) else {
            return Outcome::Skip(SkipReason::BadDate, Some(Role::Time));
        };
        let dur_raw = cell(f, l, Role::Duration);
        let duration = match values::parse_count(dur_raw) {
            Some(d) => u32::try_from(d).unwrap_or(u32::MAX),
            None if !present(dur_raw) => 0,
            None => return Outcome::Skip(SkipReason::BadValue, Some(Role::Duration)),
        };
        let conn_raw = cell(f, l, Role::Connected);
        let connected = match values::parse_bool(conn_raw) {
            Some(b) => b,
            None if !present(conn_raw) => duration > 0,
            None => return Outcome::Skip(SkipReason::BadValue, Some(Role::Connected)),
        };
        let ord_raw = cell(f, l, Role::Ordered);
        let ordered = match values::parse_bool(ord_raw) {
            Some(b) => b,
            None if !present(ord_raw) => false,
            None => return Outcome::Skip(SkipReason::BadValue, Some(Role::Ordered)),
        };
        let agent_raw = cell(f, l, Role::Agent);
        let agent = if present(agent_raw) { sh.labels.intern(agent_raw) } else { NO_LABEL };
        let task_raw = cell(f, l, Role::Task);
        let task = if present(task_raw) { sh.labels.intern(task_raw) } else { NO_LABEL };
        let phone_raw = cell(f, l, Role::Phone);
        let phone = if present(phone_raw) { sh.labels.intern(phone_raw) } else { NO_LABEL };
        let customer = self.customer_key(f, sh);
        self.table.calls.push(Call {
            agent,
            customer,
            time: time.and_utc().timestamp(),
            duration,
            connected,
            ordered,
            task,
            phone,
            row: self.row_no,
        });
        Outcome::Used
    }

    pub(super) fn ticket(&mut self, f: &Cells<'_>, sh: &mut Shared<'_>) -> Outcome {
        let l = &self.layout;
        let id = cell(f, l, Role::TicketId);
        if present(id) && self.seen.insert(store::order_key(id), ()).is_some() {
            return Outcome::Skip(SkipReason::Duplicate, Some(Role::TicketId));
        }
        let Some(created) = values::parse_datetime(cell(f, l, Role::Created)) else {
            return Outcome::Skip(SkipReason::BadDate, Some(Role::Created));
        };
        let opt_time = |r: Role| -> Result<Option<i64>, Role> {
            let raw = cell(f, l, r);
            if !present(raw) {
                return Ok(None);
            }
            values::parse_datetime(raw).map(|t| Some(t.and_utc().timestamp())).ok_or(r)
        };
        let first_response = match opt_time(Role::FirstResponse) {
            Ok(t) => t,
            Err(r) => return Outcome::Skip(SkipReason::BadDate, Some(r)),
        };
        let resolved = match opt_time(Role::Resolved) {
            Ok(t) => t,
            Err(r) => return Outcome::Skip(SkipReason::BadDate, Some(r)),
        };
        let label = |s: &str, labels: &mut Interner| if present(s) { labels.intern(s) } else { NO_LABEL };
        let status = cell(f, l, Role::Status).to_ascii_lowercase();
        let is_resolved =
            matches!(status.as_str(), "已解决" | "已关闭" | "resolved" | "closed" | "solved" | "已完结" | "完结");
        let satisfaction =
            values::parse_count(cell(f, l, Role::Satisfaction)).filter(|s| (1..=5).contains(s)).map(|s| s as u8);
        let ticket_type = label(cell(f, l, Role::TicketType), sh.labels);
        let channel = label(cell(f, l, Role::Channel), sh.labels);
        // the buyer as a label (a ticket adds no customer key), the order id as its key
        let buyer = cell(f, l, Role::Customer);
        let buyer = if unmasked(buyer) { sh.labels.intern(buyer) } else { NO_LABEL };
        let order = cell(f, l, Role::OrderRef);
        let order = present(order).then(|| store::order_key(order));
        self.table.tickets.push(Ticket {
            ticket_type,
            channel,
            created: created.and_utc().timestamp(),
            first_response,
            resolved,
            is_resolved,
            satisfaction,
            buyer,
            order,
        });
        Outcome::Used
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_level_table() {
        let cases: &[(&str, Option<u8>)] = &[
            ("VIP3", Some(3)),
            ("vip 2", None),
            ("V5", Some(5)),
            ("v1会员", Some(1)),
            ("VIP12", Some(12)),
            ("普通会员", Some(0)),
            ("非会员", Some(0)),
            ("会员", Some(0)),
            ("Member", Some(0)),
            ("regular", Some(0)),
            ("", None),
            ("-", None),
            ("金牌", None),
            ("VIP", None),
        ];
        for &(s, want) in cases {
            assert_eq!(member_level(s), want, "{s:?}");
        }
    }
}

#[cfg(test)]
mod row_tests {
    use super::*;
    use crate::ingest::detect::{detect, Overrides};

    fn sink(header: &str) -> Sink {
        let h: Vec<String> = header.split(',').map(str::to_string).collect();
        Sink::new(detect(&h, &Overrides::default()).unwrap())
    }

    #[test]
    fn phone_cells_of_any_shape_never_fail_a_call_and_its_task_and_row_are_kept() {
        let (mut customers, mut regions, mut labels) = Default::default();
        let mut sh = Shared { customers: &mut customers, regions: &mut regions, labels: &mut labels };
        let mut s = sink("坐席,外呼任务,客户,客户手机,呼叫时间,通话时长(秒),是否接通,是否成交");
        let mut acc = Accounting::default();
        let phones = ["+86 138-0000-0000", "１３８００００００００", "138****0000", "abc", "", "0571-88000000"];
        for (i, p) in phones.iter().enumerate() {
            let cells = ["坐席01", if i == 0 { "" } else { "唤醒" }, "tb1", p, "2024-12-01 10:00:00", "30", "是", "否"];
            s.row(&Cells::text(&cells), i as u64 + 2, i as u64, &mut acc, &mut sh);
        }
        assert_eq!((acc.rows_total, acc.rows_used), (6, 6));
        let t = s.into_table(&mut sh);
        let got: Vec<(&str, &str, u32)> = t
            .calls
            .iter()
            .map(|c| {
                let name = |id: u32| if id == NO_LABEL { "" } else { sh.labels.name(id) };
                (name(c.task), name(c.phone), c.row)
            })
            .collect();
        assert_eq!(got[0], ("", "+86 138-0000-0000", 2));
        assert_eq!(got[1], ("唤醒", "１３８００００００００", 3));
        assert_eq!(got[4], ("唤醒", "", 6));
    }

    #[test]
    fn a_ticket_keeps_its_order_id_and_its_buyer_as_a_label_not_a_customer() {
        let (mut customers, mut regions, mut labels) = Default::default();
        let mut sh = Shared { customers: &mut customers, regions: &mut regions, labels: &mut labels };
        let mut s = sink("工单号,买家会员名,订单编号,类型,渠道,创建时间,首次响应时间,解决时间,状态,满意度");
        let mut acc = Accounting::default();
        for (i, (buyer, order)) in [("alice", "=\"1001\""), ("b**", "#1002"), ("", "")].iter().enumerate() {
            let id = format!("T{i}");
            let cells = [&id, *buyer, *order, "投诉", "旺旺", "2024-12-01 10:00:00", "", "", "处理中", ""];
            s.row(&Cells::text(&cells), i as u64 + 2, i as u64, &mut acc, &mut sh);
        }
        assert_eq!(acc.rows_used, 3);
        let t = s.into_table(&mut sh);
        let got: Vec<(Option<u128>, &str)> = t
            .tickets
            .iter()
            .map(|k| (k.order, if k.buyer == NO_LABEL { "" } else { sh.labels.name(k.buyer) }))
            .collect();
        assert_eq!(got, [(Some(1001), "alice"), (Some(store::order_key("#1002")), ""), (None, "")]);
        assert!(sh.customers.is_empty(), "a ticket adds no customer");
    }
}
