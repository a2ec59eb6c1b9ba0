//! Enumerated values and their Chinese names. Editors write the Chinese
//! name; the English name is accepted as an alias.

use serde::Serialize;

use super::Date;

/// Declares an enum whose values have a Chinese name (shown and written
/// by editors) and an English alias.
macro_rules! chinese_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => ($zh:literal, $en:literal)),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The Chinese name, as shown on the site.
            pub fn zh(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }

            /// The English alias, also used in URLs and CSS classes.
            pub fn en(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }

            /// Parses the Chinese name or the English alias.
            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.zh() == text || v.en() == text)
            }

            /// The Chinese names, for messages listing allowed values.
            pub fn allowed() -> String {
                Self::ALL.iter().map(|v| format!("{}（{}）", v.zh(), v.en())).collect::<Vec<_>>().join("、")
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.zh())
            }
        }
    };
}

chinese_enum!(
    /// Kind of government body.
    UnitKind {
        Organ => ("党政机关", "organ"),
        Institution => ("事业单位", "institution"),
        Township => ("乡镇人民政府", "township"),
        Association => ("人民团体", "association"),
        Other => ("其他", "other"),
    }
);

chinese_enum!(
    /// Fulfilment status of a commitment as the editor records it.
    CommitmentStatus {
        InProgress => ("推进中", "in_progress"),
        Fulfilled => ("已兑现", "fulfilled"),
        Partial => ("部分兑现", "partial"),
        Broken => ("未兑现", "broken"),
    }
);

chinese_enum!(
    /// 五公开: the stage of government work a disclosure belongs to.
    Stage {
        Decision => ("决策", "decision"),
        Execution => ("执行", "execution"),
        Management => ("管理", "management"),
        Service => ("服务", "service"),
        Result => ("结果", "result"),
    }
);

chinese_enum!(
    /// Legal validity of a disclosed document.
    Validity {
        Valid => ("有效", "valid"),
        Expired => ("失效", "expired"),
        Repealed => ("废止", "repealed"),
    }
);

chinese_enum!(
    /// Rectification state of a criticism.
    Rectification {
        Rectifying => ("整改中", "rectifying"),
        Rectified => ("已整改", "rectified"),
    }
);

/// A commitment's deadline: a date, or 持续实施 (ongoing, no end date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Deadline {
    Date(Date),
    Ongoing,
}

impl Deadline {
    pub const ONGOING_TEXT: &'static str = "持续实施";
}

/// A reference that is either a unit id or, for bodies outside the
/// portal (a provincial office, a third-party agency), a plain name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum UnitOrName {
    Unit(String),
    Name(String),
}
