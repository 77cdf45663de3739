//! Which kind of file this is, from which platform, and which column plays which role — all
//! from the header row, with the Chinese and English names the platforms use.

use crate::model::{Kind, Platform};
use std::collections::BTreeMap;

/// A column's role. The snake_case names are what a manual mapping uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum Role {
    OrderId,
    Customer,
    Email,
    Phone,
    Payer,
    Receiver,
    Address,
    Province,
    City,
    Country,
    Status,
    Amount,
    Refund,
    Created,
    Items,
    Cancelled,
    Gender,
    Age,
    Birthday,
    MemberLevel,
    Source,
    Tags,
    Action,
    Time,
    ItemId,
    Agent,
    Task,
    Duration,
    Connected,
    Ordered,
    TicketId,
    OrderRef,
    TicketType,
    Channel,
    FirstResponse,
    Resolved,
    Satisfaction,
}

macro_rules! roles {
    ($($r:ident = $s:literal),* $(,)?) => {
        impl Role {
            /// Every role.
            pub const ALL: &'static [Role] = &[$(Role::$r),*];
            /// The snake_case name.
            pub fn as_str(self) -> &'static str { match self { $(Role::$r => $s),* } }
            /// Parses the snake_case name.
            pub fn parse(s: &str) -> Option<Role> { match s { $($s => Some(Role::$r),)* _ => None } }
        }
    };
}
roles! {
    OrderId = "order_id", Customer = "customer", Email = "email", Phone = "phone", Payer = "payer",
    Receiver = "receiver", Address = "address", Province = "province", City = "city",
    Country = "country", Status = "status", Amount = "amount", Refund = "refund",
    Created = "created", Items = "items", Cancelled = "cancelled", Gender = "gender", Age = "age",
    Birthday = "birthday", MemberLevel = "member_level", Source = "source", Tags = "tags",
    Action = "action", Time = "time", ItemId = "item_id", Agent = "agent", Task = "task",
    Duration = "duration", Connected = "connected", Ordered = "ordered", TicketId = "ticket_id",
    OrderRef = "order_ref", TicketType = "ticket_type", Channel = "channel",
    FirstResponse = "first_response", Resolved = "resolved", Satisfaction = "satisfaction",
}

/// Synonyms per kind and role, most specific first. Compared after [`norm`].
fn synonyms(kind: Kind) -> &'static [(Role, &'static [&'static str])] {
    use Role::*;
    match kind {
        Kind::Orders => &[
            (
                OrderId,
                &[
                    "订单编号",
                    "订单号",
                    "主订单编号",
                    "订单id",
                    "name",
                    "order#",
                    "ordernumber",
                    "order_number",
                    "orderid",
                    "order_id",
                    "order",
                ],
            ),
            (
                Customer,
                &[
                    "买家会员名",
                    "买家会员名称",
                    "买家昵称",
                    "买家id",
                    "下单帐号",
                    "下单账号",
                    "会员名",
                    "用户id",
                    "客户id",
                    "customer_user",
                    "customerid",
                    "customer_id",
                    "buyer",
                    "buyerid",
                    "customername",
                    "customer",
                ],
            ),
            (Email, &["email", "customer_email", "customeremail", "billing_email", "billingemail", "邮箱", "电子邮箱"]),
            (
                Phone,
                &[
                    "联系手机",
                    "用户购买手机号",
                    "收货人手机",
                    "收货人手机号",
                    "手机号",
                    "手机",
                    "phone",
                    "billingphone",
                    "billing_phone",
                    "shippingphone",
                    "联系电话",
                ],
            ),
            (Payer, &["买家支付宝账号", "支付宝账号"]),
            (Receiver, &["收货人姓名", "收货人", "客户姓名", "shippingname", "billingname"]),
            (Address, &["收货地址", "客户地址", "地址", "shippingaddress1", "shippingstreet"]),
            (
                Province,
                &[
                    "省份",
                    "省",
                    "收货省份",
                    "shippingprovincename",
                    "shippingprovince",
                    "billingprovincename",
                    "billingprovince",
                    "shipping_state",
                    "billing_state",
                    "province",
                    "state",
                ],
            ),
            (City, &["城市", "市", "收货城市", "shippingcity", "billingcity", "shipping_city", "billing_city", "city"]),
            (Country, &["国家", "shippingcountry", "billingcountry", "shipping_country", "billing_country", "country"]),
            (
                Status,
                &["订单状态", "交易状态", "financialstatus", "status", "order_status", "orderstatus", "paymentstatus"],
            ),
            (
                Amount,
                &[
                    "买家实际支付金额",
                    "买家实付金额",
                    "实付金额",
                    "用户实付金额(元)",
                    "用户实付金额",
                    "应付金额",
                    "实收金额",
                    "支付金额",
                    "订单金额",
                    "total",
                    "ordertotal",
                    "totalpaid",
                    "amountpaid",
                    "order_total",
                    "n.revenue(formatted)",
                    "n.revenue",
                    "netsales",
                    "amount",
                    "金额",
                ],
            ),
            (
                Refund,
                &[
                    "退款金额",
                    "退款金额(元)",
                    "买家退款金额",
                    "refundedamount",
                    "refund_total",
                    "order_refund",
                    "refund",
                ],
            ),
            (
                Created,
                &[
                    "订单创建时间",
                    "下单时间",
                    "创建时间",
                    "订单成交时间",
                    "成交时间",
                    "订单时间",
                    "createdat",
                    "orderdate",
                    "orderdatetime",
                    "purchasedate",
                    "dateordered",
                    "order_date",
                    "date",
                    "created",
                ],
            ),
            (
                Items,
                &[
                    "宝贝总数量",
                    "商品数量(件)",
                    "商品数量",
                    "订购数量",
                    "购买数量",
                    "数量",
                    "lineitemquantity",
                    "itemssold",
                    "quantity",
                    "items",
                ],
            ),
            (Cancelled, &["cancelledat"]),
        ],
        Kind::Customers => &[
            (
                Customer,
                &[
                    "买家会员名",
                    "买家昵称",
                    "会员名",
                    "买家id",
                    "下单帐号",
                    "下单账号",
                    "用户名",
                    "客户id",
                    "客户编号",
                    "会员id",
                    "customer",
                    "customerid",
                    "customer_id",
                ],
            ),
            (Email, &["email", "邮箱", "电子邮箱"]),
            (Phone, &["手机号", "手机", "联系电话", "电话", "phone", "mobile", "defaultaddressphone"]),
            (Gender, &["性别", "gender", "sex"]),
            (Age, &["年龄", "age"]),
            (Birthday, &["生日", "出生日期", "出生年月", "birthday", "birthdate", "dateofbirth"]),
            (
                Province,
                &["省份", "省", "所在省份", "地区", "provincecode", "defaultaddressprovincecode", "province", "state"],
            ),
            (City, &["城市", "市", "defaultaddresscity", "city"]),
            (Country, &["国家", "countrycode", "defaultaddresscountrycode", "country"]),
            (Address, &["地址", "收货地址", "defaultaddressaddress1", "address1"]),
            (MemberLevel, &["会员等级", "会员级别", "等级", "memberlevel", "tier"]),
            (Source, &["来源", "客户来源", "渠道", "source", "acquisitionchannel"]),
            (Tags, &["标签", "客户标签", "tags"]),
        ],
        Kind::Interest => &[
            (
                Customer,
                &["买家会员名", "买家昵称", "会员名", "买家id", "用户id", "客户", "customer", "customerid", "buyer"],
            ),
            (Email, &["email", "邮箱"]),
            (Action, &["行为", "行为类型", "事件", "类型", "action", "event", "type"]),
            (Time, &["时间", "行为时间", "收藏时间", "加购时间", "发生时间", "time", "timestamp", "date"]),
            (ItemId, &["宝贝id", "商品id", "itemid", "productid", "item"]),
            (Province, &["省份", "省", "地区", "province", "region"]),
        ],
        Kind::Calls => &[
            (Agent, &["坐席", "坐席名称", "客服", "外呼坐席", "agent"]),
            (Task, &["外呼任务", "任务", "task", "campaign"]),
            (Customer, &["客户", "买家会员名", "客户名", "customer"]),
            (Phone, &["客户手机", "手机号", "手机", "电话", "被叫号码", "phone"]),
            (Time, &["呼叫时间", "外呼时间", "拨打时间", "calltime", "time", "startedat"]),
            (Duration, &["通话时长(秒)", "通话时长", "duration", "durationseconds", "duration(s)"]),
            (Connected, &["是否接通", "接通", "接通状态", "connected", "answered"]),
            (Ordered, &["是否成交", "成交", "是否下单", "ordered", "converted"]),
        ],
        Kind::Tickets => &[
            (TicketId, &["工单号", "工单编号", "工单id", "退款编号", "ticketid", "ticket", "id"]),
            (Customer, &["买家会员名", "买家会员名称", "客户", "customer"]),
            (OrderRef, &["订单编号", "订单号", "order", "orderid"]),
            (TicketType, &["类型", "工单类型", "售后类型", "type", "category"]),
            (Channel, &["渠道", "来源渠道", "channel"]),
            (Created, &["创建时间", "退款的申请时间", "申请时间", "createdat", "created"]),
            (FirstResponse, &["首次响应时间", "首次回复时间", "firstresponseat", "firstresponse"]),
            (Resolved, &["解决时间", "完结时间", "退款完结时间", "resolvedat", "resolved"]),
            (Status, &["状态", "工单状态", "退款状态", "status"]),
            (Satisfaction, &["满意度", "评分", "satisfaction", "csat", "rating"]),
        ],
    }
}

/// Lower-cases ASCII, drops white space, turns full-width punctuation into ASCII.
pub fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            c if c.is_whitespace() || c == '\u{feff}' => {}
            '（' => out.push('('),
            '）' => out.push(')'),
            '：' => out.push(':'),
            '＃' => out.push('#'),
            c => out.push(c.to_ascii_lowercase()),
        }
    }
    out
}

/// Which columns play which roles in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// What a row is.
    pub kind: Kind,
    /// Where the file comes from.
    pub platform: Platform,
    /// Role → column index.
    pub cols: BTreeMap<Role, usize>,
    /// The header cells as written (trimmed).
    pub header: Vec<String>,
    /// Role (as index) → column, for the per-row lookups.
    idx: Vec<Option<usize>>,
    /// One past the largest mapped column.
    pub width: usize,
}

impl Layout {
    /// The column index of a role.
    pub fn col(&self, r: Role) -> Option<usize> {
        self.idx.get(r as usize).copied().flatten()
    }

    /// A layout from its parts.
    pub fn new(kind: Kind, platform: Platform, cols: BTreeMap<Role, usize>, header: Vec<String>) -> Layout {
        let mut idx = vec![None; Role::ALL.len()];
        for (r, i) in &cols {
            if let Some(x) = idx.get_mut(*r as usize) {
                *x = Some(*i);
            }
        }
        let width = cols.values().max().map_or(0, |m| m + 1);
        Layout { kind, platform, cols, header, idx, width }
    }

    /// The header name of a role's column.
    pub fn name(&self, r: Role) -> Option<&str> {
        self.col(r).and_then(|i| self.header.get(i)).map(String::as_str)
    }

    /// Role name → column header, for the summary.
    pub fn columns(&self) -> BTreeMap<String, String> {
        self.cols.iter().filter_map(|(r, i)| Some((r.as_str().to_string(), self.header.get(*i)?.clone()))).collect()
    }
}

/// What the user may force (from [`crate::FileOptions`]).
#[derive(Debug, Clone, Default)]
pub struct Overrides<'a> {
    /// Force the kind.
    pub kind: Option<Kind>,
    /// Force the platform.
    pub platform: Option<Platform>,
    /// Role name → header name.
    pub mapping: Option<&'a BTreeMap<String, String>>,
}

fn match_roles(kind: Kind, normed: &[String]) -> BTreeMap<Role, usize> {
    let mut cols = BTreeMap::new();
    let mut taken = vec![false; normed.len()];
    for (role, names) in synonyms(kind) {
        'names: for name in names.iter() {
            for (i, h) in normed.iter().enumerate() {
                if !taken.get(i).copied().unwrap_or(true) && h == name {
                    cols.insert(*role, i);
                    if let Some(t) = taken.get_mut(i) {
                        *t = true;
                    }
                    break 'names;
                }
            }
        }
    }
    cols
}

/// How well a header fits a kind: `None` when its required roles are missing.
fn score(kind: Kind, cols: &BTreeMap<Role, usize>) -> Option<usize> {
    use Role::*;
    let has = |r: Role| cols.contains_key(&r);
    let ok = match kind {
        Kind::Orders => has(OrderId) && has(Amount) && has(Created),
        Kind::Customers => {
            let profile = [Gender, Age, Birthday, Province, City, MemberLevel, Source, Tags];
            (has(Customer) || has(Email)) && profile.iter().filter(|r| has(**r)).count() >= 2
        }
        Kind::Interest => (has(Customer) || has(Email)) && has(Time) && (has(Action) || has(ItemId)),
        Kind::Calls => has(Agent) && has(Time) && (has(Connected) || has(Duration)),
        Kind::Tickets => {
            (has(TicketId) || has(TicketType)) && has(Created) && (has(Status) || has(FirstResponse) || has(Resolved))
        }
    };
    ok.then_some(cols.len())
}

fn platform_of(kind: Kind, normed: &[String]) -> Platform {
    let has = |n: &str| normed.iter().any(|h| h == n);
    if has("financialstatus") && has("lineitemquantity") || has("customerid") && has("firstname") && has("totalspent") {
        return Platform::Shopify;
    }
    if has("order#") && (has("n.revenue(formatted)") || has("netsales") || has("customertype"))
        || has("order_id") && (has("order_total") || has("customer_email") || has("billing_first_name"))
    {
        return Platform::Woocommerce;
    }
    if kind == Kind::Orders {
        if has("用户实付金额(元)") || has("商家实收金额(元)") || has("订单成交时间") || has("用户购买手机号")
        {
            return Platform::Pinduoduo;
        }
        if has("下单帐号") || has("下单账号") || has("京东价") {
            return Platform::Jd;
        }
        if has("买家会员名")
            || has("买家支付宝账号")
            || has("买家实际支付金额")
            || has("买家实付金额")
            || has("宝贝总数量")
        {
            return Platform::Taobao;
        }
        return Platform::Generic;
    }
    if has("买家会员名") || has("买家昵称") {
        return Platform::Taobao;
    }
    Platform::Generic
}

/// Decides the layout of a header row, or says why not.
pub fn detect(header: &[String], ov: &Overrides<'_>) -> Result<Layout, String> {
    let normed: Vec<String> = header.iter().map(|h| norm(h)).collect();
    let kinds: Vec<Kind> = match ov.kind {
        Some(k) => vec![k],
        None => Kind::ALL.to_vec(),
    };
    let mut best: Option<(usize, Kind, BTreeMap<Role, usize>)> = None;
    for kind in &kinds {
        let kind = *kind;
        let mut cols = match_roles(kind, &normed);
        if let Some(m) = ov.mapping {
            apply_mapping(&mut cols, m, header, &normed)?;
        }
        match score(kind, &cols) {
            Some(s) if best.as_ref().is_none_or(|(b, _, _)| s > *b) => best = Some((s, kind, cols)),
            Some(_) => {}
            // the user said what the file is and mapped its columns, and the mapped row is the
            // header (every mapped column is in it): what is missing is in the mapping
            None if ov.mapping.is_some_and(|m| !m.is_empty()) && ov.kind.is_some() => {
                return Err(format!(
                    "{MAPPING_INCOMPLETE}a file of kind {kind} needs {}; the mapping and the detected columns leave some out",
                    required_text(kind)
                ));
            }
            None => {}
        }
    }
    match best {
        Some((_, kind, cols)) => {
            let platform = ov.platform.unwrap_or_else(|| platform_of(kind, &normed));
            Ok(Layout::new(kind, platform, cols, header.iter().map(|h| h.trim().to_string()).collect()))
        }
        None => Err(match ov.kind {
            Some(k) => format!("the columns do not include what a {k} file needs ({})", required_text(k)),
            None => "the columns match no known export (orders, customers, interest, calls or tickets)".to_string(),
        }),
    }
}

fn required_text(k: Kind) -> &'static str {
    match k {
        Kind::Orders => "order id, amount, created time",
        Kind::Customers => {
            "customer id or e-mail, and two of gender/age/birthday/province/city/member level/source/tags"
        }
        Kind::Interest => "customer, time, and action or item id",
        Kind::Calls => "agent, call time, and connected or duration",
        Kind::Tickets => "ticket id or type, created time, and status or response/resolution time",
    }
}

/// How a mapping's column missing from a row starts its message: that row is not the header (the
/// reader tries the next one), unless no row has the column.
pub const NO_COLUMN: &str = "column mapping: the file has no column ";

/// How a mapping that leaves out a role the forced kind needs starts its message (an error about
/// the mapping, not the file).
pub const MAPPING_INCOMPLETE: &str = "role mapping: ";

fn apply_mapping(
    cols: &mut BTreeMap<Role, usize>,
    m: &BTreeMap<String, String>,
    header: &[String],
    normed: &[String],
) -> Result<(), String> {
    for (role, column) in m {
        let r = Role::parse(role).ok_or_else(|| {
            let all: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
            format!("unknown role {role:?} (roles: {})", all.join(", "))
        })?;
        let want = norm(column);
        if column.is_empty() {
            cols.remove(&r);
            continue;
        }
        let i = header
            .iter()
            .position(|h| h.trim() == column.trim())
            .or_else(|| normed.iter().position(|h| *h == want))
            .ok_or_else(|| format!("{NO_COLUMN}{column:?} (mapped to {role})"))?;
        cols.retain(|_, v| *v != i);
        cols.insert(r, i);
    }
    Ok(())
}

/// The known header cells of every kind (normalised), to recognise a header row repeated in
/// the middle of a file.
pub fn is_same_header(row: &[&str], header: &[String]) -> bool {
    row.len() >= header.len().min(2)
        && row.iter().zip(header.iter()).filter(|(_, b)| !b.trim().is_empty()).all(|(a, b)| a.trim() == b.trim())
        && row.iter().zip(header.iter()).any(|(_, b)| !b.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Vec<String> {
        s.split(',').map(String::from).collect()
    }

    #[test]
    fn detects_every_platform_and_kind() {
        let cases = [
            ("订单编号,买家会员名,买家支付宝账号,买家实际支付金额,订单状态,收货地址 ,订单创建时间,宝贝总数量", Kind::Orders, Platform::Taobao),
            ("订单号,商品ID,商品名称,订购数量,下单时间,京东价,订单金额,应付金额,订单状态,下单帐号,客户姓名,客户地址", Kind::Orders, Platform::Jd),
            ("商品,订单号,订单状态,商品总价(元),用户实付金额(元),商家实收金额(元),商品数量(件),订单成交时间,用户购买手机号", Kind::Orders, Platform::Pinduoduo),
            ("Name,Email,Financial Status,Paid at,Total,Created at,Lineitem quantity,Refunded Amount,Shipping Province", Kind::Orders, Platform::Shopify),
            ("Date,Order #,N. Revenue (formatted),Status,Customer,Customer type,Product(s),Items sold,Net Sales", Kind::Orders, Platform::Woocommerce),
            ("order_id,order_number,order_date,status,order_total,customer_email,billing_first_name,billing_state", Kind::Orders, Platform::Woocommerce),
            ("Customer ID,First Name,Last Name,Email,Default Address Province Code,Default Address Country Code,Total Spent,Total Orders,Tags", Kind::Customers, Platform::Shopify),
            ("客户ID,买家会员名,性别,年龄,生日,省份,城市,会员等级,来源,标签", Kind::Customers, Platform::Taobao),
            ("买家会员名,行为,时间,宝贝ID,省份", Kind::Interest, Platform::Taobao),
            ("坐席,外呼任务,客户,客户手机,呼叫时间,通话时长(秒),是否接通,是否成交", Kind::Calls, Platform::Generic),
            ("工单号,买家会员名,订单编号,类型,渠道,创建时间,首次响应时间,解决时间,状态,满意度", Kind::Tickets, Platform::Taobao),
            ("order id,customer,amount,created,status", Kind::Orders, Platform::Generic),
        ];
        for (hdr, kind, platform) in cases {
            let l = detect(&h(hdr), &Overrides::default()).unwrap_or_else(|e| panic!("{hdr}: {e}"));
            assert_eq!((l.kind, l.platform), (kind, platform), "{hdr}");
        }
    }

    #[test]
    fn taobao_roles_and_trailing_blanks() {
        let l = detect(&h("订单编号,买家会员名,买家支付宝账号,买家实际支付金额,订单状态,收货地址 ,订单创建时间,宝贝总数量,退款金额"), &Overrides::default()).unwrap();
        assert_eq!(l.name(Role::Address), Some("收货地址"));
        assert_eq!(l.col(Role::Customer), Some(1));
        assert_eq!(l.col(Role::Payer), Some(2));
        assert_eq!(l.col(Role::Refund), Some(8));
    }

    #[test]
    fn manual_mapping_overrides_and_is_checked() {
        let hdr = h("单号,会员,实付,时间");
        assert!(detect(&hdr, &Overrides::default()).is_err());
        let mut m = BTreeMap::new();
        m.insert("order_id".to_string(), "单号".to_string());
        m.insert("customer".to_string(), "会员".to_string());
        m.insert("amount".to_string(), "实付".to_string());
        m.insert("created".to_string(), "时间".to_string());
        let ov = Overrides { kind: Some(Kind::Orders), platform: None, mapping: Some(&m) };
        let l = detect(&hdr, &ov).unwrap();
        assert_eq!(l.col(Role::Amount), Some(2));
        m.insert("amount".to_string(), "nope".to_string());
        let ov = Overrides { kind: Some(Kind::Orders), platform: None, mapping: Some(&m) };
        assert!(detect(&hdr, &ov).unwrap_err().starts_with("column mapping: the file has no column \"nope\""));
        // the mapped row is the header but the mapping leaves out what an orders file needs
        let mut short = BTreeMap::new();
        short.insert("order_id".to_string(), "单号".to_string());
        short.insert("customer".to_string(), "会员".to_string());
        let ov = Overrides { kind: Some(Kind::Orders), platform: None, mapping: Some(&short) };
        let e = detect(&hdr, &ov).unwrap_err();
        assert!(e.starts_with("role mapping: a file of kind orders needs order id, amount, created time"), "{e}");
        m.insert("amount".to_string(), "实付".to_string());
        m.insert("colour".to_string(), "实付".to_string());
        let ov = Overrides { kind: Some(Kind::Orders), platform: None, mapping: Some(&m) };
        assert!(detect(&hdr, &ov).unwrap_err().contains("unknown role"));
    }

    #[test]
    fn repeated_header() {
        let hdr = h("a,b ,c");
        assert!(is_same_header(&["a", "b", "c"], &hdr));
        assert!(!is_same_header(&["a", "x", "c"], &hdr));
    }

    #[test]
    fn phone_columns_of_the_screening_spellings_are_found() {
        let h = |s: &str| s.split(',').map(str::to_string).collect::<Vec<_>>();
        for (hdr, kind, col) in [
            ("买家会员名,性别,电话,年龄", Kind::Customers, 2),
            ("customer,gender,mobile,age", Kind::Customers, 2),
            ("坐席,客户,手机,呼叫时间,是否接通", Kind::Calls, 2),
            ("坐席,客户,电话,呼叫时间,是否接通", Kind::Calls, 2),
        ] {
            let l = detect(&h(hdr), &Overrides::default()).unwrap();
            assert_eq!((l.kind, l.col(Role::Phone)), (kind, Some(col)), "{hdr}");
        }
    }
}
