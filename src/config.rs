//! What to compute and how: the report's config, typed at the boundary. Keys are snake_case, so
//! the same JSON works for the CLI's `--config FILE` and `ws.report(config)`. Every fixed choice
//! is an enum, so a bad value fails while parsing with its key path
//! (`rfm.method: unknown variant "bogus", expected `quantile` or `thresholds``) and TypeScript
//! sees the allowed values as a union.

use serde::{Deserialize, Serialize};

macro_rules! config {
    ($(#[$m:meta])* pub struct $name:ident { $($body:tt)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
        #[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
        #[serde(deny_unknown_fields, default)]
        pub struct $name { $($body)* }
    };
}

/// An enum of fixed choices, each spelled as in the JSON (`"quantile"`, `">="`, …): serde with
/// those spellings, `Display`/[`as_str`](RfmMethod::as_str) giving them back, the list of all in
/// declaration order, and a TypeScript union.
macro_rules! choice {
    ($(#[$m:meta])* pub enum $name:ident { $($(#[$vm:meta])* $v:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $s)] $v),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            /// The value as the JSON spells it.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s),+ }
            }

            /// The value spelled `s` (as the JSON spells it).
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($s => Some($name::$v),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

config! {
    /// What to compute and how; every key optional (defaults from metrics.md).
    pub struct ReportConfig {
        /// The analysis date `YYYY-MM-DD` (default: the latest order date).
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub as_of: Option<String>,
        /// Lifecycle windows.
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub lifecycle: Option<LifecycleConfig>,
        /// Headline and conversion windows.
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub windows: Option<WindowsConfig>,
        /// RFM method, cut points, segment rules.
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub rfm: Option<RfmConfig>,
        /// Tags (up to 100).
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub tags: Option<Vec<TagConfig>>,
        /// Conversion dimensions.
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub conversion: Option<ConversionConfig>,
        /// Call dimensions.
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub calls: Option<CallsConfig>,
        /// After-sales service settings.
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub service: Option<ServiceConfig>,
        /// This period against the one before.
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub periods: Option<PeriodsConfig>,
        /// Where the customers came from: their stage and segment at an earlier date.
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub migration: Option<MigrationConfig>,
        /// Predicted value (BG/NBD + Gamma-Gamma).
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub prediction: Option<PredictionConfig>,
    }
}

config! {
    /// The periods compared by the `periods` section.
    pub struct PeriodsConfig {
        /// Length of a period in days (30): the current period is the `days` days ending at
        /// as_of, the previous one the `days` days before them.
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub days: Option<u32>,
    }
}

config! {
    /// The earlier date of the `migration` section.
    pub struct MigrationConfig {
        /// `YYYY-MM-DD`, before as_of (default: as_of − 90 days).
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub from: Option<String>,
    }
}

config! {
    /// Predicted value settings.
    pub struct PredictionConfig {
        /// Fit the models and predict per customer (default true). Off: `prediction` and
        /// `prediction_error` are null, and the prediction fields of tags and member lists empty.
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub enabled: Option<bool>,
    }
}

impl ReportConfig {
    /// Whether the prediction is asked for (`prediction.enabled`, default true).
    pub fn prediction_enabled(&self) -> bool {
        self.prediction.as_ref().and_then(|p| p.enabled).unwrap_or(true)
    }
}

config! {
    /// Lifecycle windows in days.
    pub struct LifecycleConfig {
        /// `new`: first order within this many days (30).
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub new_days: Option<u32>,
        /// `active`: recency below this (180).
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub active_days: Option<u32>,
        /// `sleeping`: recency below this (365); `lost` otherwise.
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub sleeping_days: Option<u32>,
    }
}

config! {
    /// Windows in days.
    pub struct WindowsConfig {
        /// Headline interest window (30).
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub interest_days: Option<u32>,
        /// Headline transacted window (365).
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub transacted_days: Option<u32>,
        /// Conversion window (30).
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub conversion_days: Option<u32>,
    }
}

choice! {
    /// How RFM scores are given.
    pub enum RfmMethod {
        /// By quantile over the customers (ties share a score).
        Quantile = "quantile",
        /// By the shop's own four cut points per dimension.
        Thresholds = "thresholds",
    }
}

config! {
    /// RFM settings.
    pub struct RfmConfig {
        /// `quantile` (default) or `thresholds`.
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub method: Option<RfmMethod>,
        /// Cut points, required by `thresholds`.
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub cuts: Option<RfmCuts>,
        /// Range rules replacing the default 11-segment code map.
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub segments: Option<Vec<SegmentRule>>,
    }
}

/// Cut points of the thresholds method: four ascending numbers per dimension (M in yuan).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct RfmCuts {
    /// Recency cut points in days.
    pub r: Vec<f64>,
    /// Frequency cut points in orders.
    pub f: Vec<f64>,
    /// Monetary cut points in yuan.
    pub m: Vec<f64>,
}

/// A range rule: a segment for inclusive score ranges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct SegmentRule {
    /// Segment name.
    pub name: String,
    /// Inclusive recency score range `[lo, hi]`.
    pub r: [u8; 2],
    /// Inclusive frequency score range.
    pub f: [u8; 2],
    /// Inclusive monetary score range.
    pub m: [u8; 2],
}

choice! {
    /// How a tag joins its conditions.
    #[derive(Default)]
    pub enum Match {
        /// Every condition holds (AND).
        #[default]
        All = "all",
        /// At least one condition holds (OR).
        Any = "any",
    }
}

/// A tag: conditions joined by AND (`all`) or OR (`any`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct TagConfig {
    /// Tag name.
    pub name: String,
    /// `all` (default) or `any`.
    #[serde(rename = "match", default)]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub match_: Match,
    /// Conditions.
    pub conditions: Vec<Condition>,
}

choice! {
    /// A customer field a tag condition compares (metrics.md, "Tags").
    pub enum Field {
        /// Valid orders.
        Orders = "orders",
        /// Revenue in yuan.
        Revenue = "revenue",
        /// Items bought.
        Items = "items",
        /// Days since the last valid order.
        RecencyDays = "recency_days",
        /// Day of the first valid order.
        FirstOrder = "first_order",
        /// Day of the last valid order.
        LastOrder = "last_order",
        /// Member level (0 ordinary, n = VIPn).
        MemberLevel = "member_level",
        /// Province.
        Region = "region",
        /// Age in whole years.
        Age = "age",
        /// Gender.
        Gender = "gender",
        /// Source (来源).
        Source = "source",
        /// Lifecycle stage.
        Lifecycle = "lifecycle",
        /// RFM segment.
        RfmSegment = "rfm_segment",
        /// R score 1–5.
        RScore = "r_score",
        /// F score 1–5.
        FScore = "f_score",
        /// M score 1–5.
        MScore = "m_score",
        /// An earlier tag of the list, or a label of a customers file's tags column.
        Tag = "tag",
        /// Age band.
        AgeBand = "age_band",
        /// The customer key.
        Customer = "customer",
        /// After-sales tickets whose buyer cell is the customer's buyer id.
        Tickets = "tickets",
        /// Those of type 投诉.
        Complaints = "complaints",
        /// Lifecycle stage at `migration.from` (`none` for customers new since).
        LifecycleBefore = "lifecycle_before",
        /// RFM segment at `migration.from` (`none` for customers new since).
        RfmSegmentBefore = "rfm_segment_before",
        /// BG/NBD probability that the customer is still a customer (1 for one-time buyers).
        PAlive = "p_alive",
        /// BG/NBD expected purchase days in the next 90 days.
        ExpectedOrders90d = "expected_orders_90d",
        /// Gamma-Gamma expected value of a purchase, in yuan.
        ExpectedOrderValue = "expected_order_value",
        /// Expected purchases in the next 365 days × expected value, in yuan.
        PredictedRevenue365d = "predicted_revenue_365d",
    }
}

choice! {
    /// A comparison of a tag condition.
    pub enum Op {
        /// Equal.
        Eq = "=",
        /// Not equal.
        Ne = "!=",
        /// Less than.
        Lt = "<",
        /// At most.
        Le = "<=",
        /// Greater than.
        Gt = ">",
        /// At least.
        Ge = ">=",
        /// One of a list.
        In = "in",
        /// Within an inclusive pair `[low, high]`.
        Between = "between",
    }
}

/// One condition of a tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// A customer field.
    pub field: Field,
    /// The comparison.
    pub op: Op,
    /// A number, a string, a list (`in`) or a pair (`between`).
    #[cfg_attr(feature = "wasm", tsify(type = "number | string | boolean | (number | string)[]"))]
    pub value: serde_json::Value,
}

/// A conversion dimension: one of the built-in customer dimensions, or the header of any
/// customers-file column (checked against the files when the report is computed).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(from = "String", into = "String")]
#[cfg_attr(
    feature = "wasm",
    tsify(type = "\"region\" | \"source\" | \"age_band\" | \"gender\" | \"action\" | (string & {})")
)]
pub enum ConversionDim {
    /// Province.
    Region,
    /// Source (来源).
    Source,
    /// Age band.
    AgeBand,
    /// Gender.
    Gender,
    /// The buyer's deepest interest action in the window (cart > favourite item > favourite
    /// shop > other).
    Action,
    /// A customers-file column, by its header.
    Column(String),
}

impl ConversionDim {
    /// The built-in dimensions, in the default order.
    pub const BUILTIN: [ConversionDim; 5] = [
        ConversionDim::Region,
        ConversionDim::Source,
        ConversionDim::AgeBand,
        ConversionDim::Gender,
        ConversionDim::Action,
    ];

    /// The dimension as the JSON and the report's `by` spell it.
    pub fn as_str(&self) -> &str {
        match self {
            ConversionDim::Region => "region",
            ConversionDim::Source => "source",
            ConversionDim::AgeBand => "age_band",
            ConversionDim::Gender => "gender",
            ConversionDim::Action => "action",
            ConversionDim::Column(c) => c,
        }
    }
}

impl From<String> for ConversionDim {
    fn from(s: String) -> ConversionDim {
        match s.as_str() {
            "region" => ConversionDim::Region,
            "source" => ConversionDim::Source,
            "age_band" => ConversionDim::AgeBand,
            "gender" => ConversionDim::Gender,
            "action" => ConversionDim::Action,
            _ => ConversionDim::Column(s),
        }
    }
}

impl From<ConversionDim> for String {
    fn from(d: ConversionDim) -> String {
        d.as_str().to_string()
    }
}

config! {
    /// Conversion settings.
    pub struct ConversionConfig {
        /// Dimensions (default region, source, age_band, gender, action).
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub by: Option<Vec<ConversionDim>>,
        /// Two customer sets to compare (`{"a": selector, "b": selector}`).
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub sets: Option<Vec<SetComparison>>,
    }
}

choice! {
    /// People of the interest events to reach (定向优惠, call lists), buyers or not.
    pub enum Audience {
        /// Buyers with an interest event in the conversion window.
        Interested = "interested",
        /// Of those, the ones with a valid order in the window.
        InterestedConverted = "interested_converted",
        /// Of those, the ones without.
        InterestedNotConverted = "interested_not_converted",
    }
}

/// Which customers to list: the members of an RFM segment, of a tag, of a lifecycle stage, or an
/// audience of the interest events (which includes people who never ordered).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct MemberSelector {
    /// An RFM segment name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub segment: Option<String>,
    /// A tag name (of the config's tags).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub tag: Option<String>,
    /// A lifecycle stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub lifecycle: Option<String>,
    /// An audience of the interest events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub audience: Option<Audience>,
    /// The rows behind a screening count (`invalid` or `duplicate`): as members, the customers
    /// of those rows; as CSV, the rows themselves (file, row, customer, phone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub screening: Option<Screening>,
}

impl MemberSelector {
    /// The members of an audience.
    pub fn audience(a: Audience) -> MemberSelector {
        MemberSelector { segment: None, tag: None, lifecycle: None, audience: Some(a), screening: None }
    }

    /// The selector of the rows behind a screening count.
    pub fn screening(s: Screening) -> MemberSelector {
        MemberSelector { segment: None, tag: None, lifecycle: None, audience: None, screening: Some(s) }
    }
}

/// Two customer sets compared on conversion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct SetComparison {
    /// Name of the comparison.
    pub name: String,
    /// First set: a segment, tag or stage.
    pub a: MemberSelector,
    /// Second set.
    pub b: MemberSelector,
}

choice! {
    /// A dimension of the calls breakdown.
    pub enum CallDim {
        /// Hour of day 0–23.
        Hour = "hour",
        /// ISO weekday 1 = Monday … 7 = Sunday.
        Weekday = "weekday",
        /// Agent (坐席).
        Agent = "agent",
        /// Call task (外呼任务), `未知` when blank.
        Task = "task",
    }
}

config! {
    /// Call settings.
    pub struct CallsConfig {
        /// Dimensions (default hour, weekday, agent, task).
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub by: Option<Vec<CallDim>>,
        /// A call is verified by a valid order of its customer created from the call time up to
        /// this many days later, to the second (default 7).
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub verify_days: Option<u32>,
    }
}

config! {
    /// After-sales service settings.
    pub struct ServiceConfig {
        /// A first response within this many minutes of creation is on time (default 1440).
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub response_sla_minutes: Option<u32>,
    }
}

choice! {
    /// The order of a page of members (`membersPage`).
    pub enum MemberSort {
        /// Revenue (desc), then key: the order of every member list.
        Revenue = "revenue",
        /// Predicted revenue of the next 365 days (desc; none last), then revenue, then key.
        PredictedRevenue = "predicted_revenue_365d",
    }
}

choice! {
    /// The phone rows a screening export lists.
    pub enum Screening {
        /// Rows whose phone is neither masked nor a mainland mobile.
        Invalid = "invalid",
        /// Rows whose valid number belongs to two or more customer keys.
        Duplicate = "duplicate",
    }
}

choice! {
    /// The language of an export's headers and values.
    pub enum Lang {
        /// Simplified Chinese.
        ZhCn = "zh-CN",
        /// English.
        En = "en",
    }
}

config! {
    /// How a member list is written as CSV.
    pub struct CsvOptions {
        /// Headers and values in this language (stage and segment names, 未知), with the stable
        /// codes in two last columns `lifecycle_code` and `rfm_segment_code`; without it, the
        /// codes themselves under English headers (what the CLI prints by default).
        #[cfg_attr(feature = "wasm", tsify(optional))]
        pub lang: Option<Lang>,
    }
}

impl ReportConfig {
    /// Parses a config from JSON, rejecting unknown keys and values with the key path of the
    /// offender (`rfm.method: unknown variant …`).
    pub fn from_json(text: &str) -> crate::Result<ReportConfig> {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            crate::Error::Config(if path.is_empty() || path == "." {
                inner.to_string()
            } else {
                format!("{path}: {inner}")
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn err_of(json: &str) -> String {
        ReportConfig::from_json(json).unwrap_err().to_string()
    }

    #[test]
    fn a_bad_value_names_its_key_path_and_the_choices() {
        for (json, want) in [
            (
                r#"{"rfm":{"method":"bogus"}}"#,
                "config: rfm.method: unknown variant `bogus`, expected `quantile` or `thresholds`",
            ),
            (
                r#"{"tags":[{"name":"x","conditions":[{"field":"orders","op":"=>","value":1}]}]}"#,
                "config: tags[0].conditions[0].op: unknown variant `=>`",
            ),
            (
                r#"{"tags":[{"name":"x","conditions":[{"field":"ordres","op":"=","value":1}]}]}"#,
                "config: tags[0].conditions[0].field: unknown variant `ordres`",
            ),
            (
                r#"{"tags":[{"name":"x","match":"some","conditions":[]}]}"#,
                "config: tags[0].match: unknown variant `some`, expected `all` or `any`",
            ),
            (r#"{"calls":{"by":["hour","minute"]}}"#, "config: calls.by[1]: unknown variant `minute`"),
            (
                r#"{"windows":{"interest_dayz":3}}"#,
                "config: windows.interest_dayz: unknown field `interest_dayz`, expected one of",
            ),
            (r#"{"lifecycle":{"new_days":-1}}"#, "config: lifecycle.new_days: invalid value"),
        ] {
            let e = err_of(json);
            assert!(e.starts_with(want), "{json}: {e}");
        }
    }

    #[test]
    fn choices_read_and_write_as_the_json_spells_them() {
        let c = ReportConfig::from_json(
            r#"{"rfm":{"method":"thresholds","cuts":{"r":[1,2,3,4],"f":[1,2,3,4],"m":[1,2,3,4]}},
               "tags":[{"name":"t","match":"any","conditions":[{"field":"recency_days","op":">=","value":3}]}],
               "conversion":{"by":["gender","会员等级"]},"calls":{"by":["agent"]}}"#,
        )
        .unwrap();
        assert_eq!(c.rfm.as_ref().unwrap().method, Some(RfmMethod::Thresholds));
        let t = &c.tags.as_ref().unwrap()[0];
        assert_eq!((t.match_, t.conditions[0].field, t.conditions[0].op), (Match::Any, Field::RecencyDays, Op::Ge));
        assert_eq!(
            c.conversion.as_ref().unwrap().by,
            Some(vec![ConversionDim::Gender, ConversionDim::Column("会员等级".into())])
        );
        assert_eq!(c.calls.as_ref().unwrap().by, Some(vec![CallDim::Agent]));
        // and back: the same spellings
        let back = ReportConfig::from_json(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back, c);
        for op in Op::ALL {
            assert_eq!(Op::parse(op.as_str()), Some(*op));
            assert_eq!(serde_json::to_string(op).unwrap(), format!("{:?}", op.as_str()));
        }
        assert_eq!(Field::ALL.len(), 27);
        let c = ReportConfig::from_json(
            r#"{"calls":{"by":["task"],"verify_days":3},"service":{"response_sla_minutes":60}}"#,
        )
        .unwrap();
        let calls = c.calls.unwrap();
        assert_eq!((calls.by, calls.verify_days), (Some(vec![CallDim::Task]), Some(3)));
        assert_eq!(c.service.unwrap().response_sla_minutes, Some(60));
        let sel: MemberSelector = serde_json::from_str(r#"{"screening":"duplicate"}"#).unwrap();
        assert_eq!(sel, MemberSelector::screening(Screening::Duplicate));
        assert!(err_of(r#"{"service":{"sla":5}}"#).starts_with("config: service.sla: unknown field"));
        assert_eq!(TagConfig { name: "x".into(), match_: Match::default(), conditions: vec![] }.match_, Match::All);
    }
}
