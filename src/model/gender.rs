//! Gender as the report keys it.

/// Gender as the report keys it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Gender {
    /// 女
    Female,
    /// 男
    Male,
    /// 未知: blank, 保密, anything unrecognised.
    Unknown,
}

impl Gender {
    /// "女" / "男" / "未知"
    pub fn key(self) -> &'static str {
        match self {
            Gender::Female => "女",
            Gender::Male => "男",
            Gender::Unknown => "未知",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_the_report_labels() {
        let cases = [(Gender::Female, "女"), (Gender::Male, "男"), (Gender::Unknown, "未知")];
        for (g, want) in cases {
            assert_eq!(g.key(), want, "{g:?}");
        }
    }
}
