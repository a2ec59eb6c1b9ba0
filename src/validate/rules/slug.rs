//! Checks of the `slug` key, which replaces a record's file stem in its URL
//! and becomes a directory name under the output folder.
//!
//! Only ASCII letters, digits, `-`, `_` and `.` are allowed. Other
//! characters are percent-encoded in URLs copied into mail or chat, and
//! some are invalid in Windows file names. A `.` may not lead (hidden files,
//! `.` and `..`) or trail (Windows drops trailing dots), and Windows device
//! names such as `con` or `nul.txt` are rejected.

/// Reasons a slug is rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlugError {
    /// The slug is empty.
    Empty,
    /// The slug is `.`, the current directory.
    Dot,
    /// The slug contains `..`, the parent directory.
    DotDot,
    /// A character other than ASCII letters, digits, `-`, `_` and `.`, at a
    /// 0-based char index.
    InvalidChar { index: usize, found: char },
    /// The slug starts with `.`.
    LeadingDot,
    /// The slug ends with `.`.
    TrailingDot,
    /// The part before the first `.` is a Windows device name (CON, PRN,
    /// AUX, NUL, COM1–COM9, LPT1–LPT9), which cannot be a file name there.
    ReservedName { name: String },
}

impl SlugError {
    /// Returns what is wrong, in Chinese.
    pub fn message(&self) -> String {
        match self {
            SlugError::Empty => "slug 不能为空".to_string(),
            SlugError::Dot => "slug 不能只是一个点“.”，它表示当前目录".to_string(),
            SlugError::DotDot => "slug 不能包含“..”，它表示上级目录".to_string(),
            SlugError::InvalidChar { index, found } => format!(
                "slug 的第 {} 个字符{}不能使用：{}",
                index + 1,
                describe_char(*found),
                why_invalid(*found)
            ),
            SlugError::LeadingDot => {
                "slug 不能以点“.”开头，这样的文件在多数系统中是隐藏文件".to_string()
            }
            SlugError::TrailingDot => {
                "slug 不能以点“.”结尾，Windows 会去掉文件名末尾的点".to_string()
            }
            SlugError::ReservedName { name } => {
                format!("slug 不能使用“{name}”，它是 Windows 的保留设备名，不能用作文件名")
            }
        }
    }

    /// Returns how to fix the slug, in Chinese.
    pub fn fix(&self) -> String {
        let allowed = "slug 只能使用英文字母、数字、连字符 - 和下划线 _（点 . 只能用在中间）";
        match self {
            SlugError::Empty => format!("删除 slug 这一项以使用文件名，或填写网址名称；{allowed}"),
            SlugError::InvalidChar {
                found: ' ' | '\u{3000}',
                ..
            } => {
                format!("把空格换成连字符 -，如 “2024-xinyong-chengnuo”；{allowed}")
            }
            SlugError::InvalidChar {
                found: '/' | '\\', ..
            } => {
                format!("slug 只是网址的最后一段，要放到子目录中请移动文件本身；{allowed}")
            }
            SlugError::InvalidChar { found, .. } if found.is_control() || found.is_whitespace() => {
                format!("删除这个不可见字符（常随复制粘贴带入），再重新输入；{allowed}")
            }
            SlugError::InvalidChar { found, .. } if !found.is_ascii() => {
                format!(
                    "把汉字或全角字符改写为拼音、英文单词或半角字符，如 “诚信承诺” 写作 “chengxin-chengnuo”；{allowed}"
                )
            }
            SlugError::ReservedName { .. } => {
                format!("换一个名称或加上前后缀，如 “con-2024”；{allowed}")
            }
            _ => format!("换用拼音或英文单词，如 “2024-xinyong-chengnuo”；{allowed}"),
        }
    }
}

/// Checks that `slug` is safe as one URL path segment and one directory
/// name on every common file system.
pub fn check_slug(slug: &str) -> Result<(), SlugError> {
    if slug.is_empty() {
        return Err(SlugError::Empty);
    }
    if slug == "." {
        return Err(SlugError::Dot);
    }
    if slug.contains("..") {
        return Err(SlugError::DotDot);
    }
    let invalid = slug.chars().enumerate().find(|&(_, c)| !is_allowed(c));
    if let Some((index, found)) = invalid {
        return Err(SlugError::InvalidChar { index, found });
    }
    if slug.starts_with('.') {
        return Err(SlugError::LeadingDot);
    }
    if slug.ends_with('.') {
        return Err(SlugError::TrailingDot);
    }
    if is_windows_device_name(slug) {
        return Err(SlugError::ReservedName {
            name: slug.to_string(),
        });
    }
    Ok(())
}

fn is_allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// Windows reserves these names with or without an extension, in any case.
fn is_windows_device_name(slug: &str) -> bool {
    let stem = slug.split('.').next().unwrap_or(slug).to_ascii_uppercase();
    match stem.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" => true,
        _ => {
            let (prefix, digit) = stem.split_at(stem.len().min(3));
            matches!(prefix, "COM" | "LPT")
                && digit.len() == 1
                && digit.bytes().all(|b| (b'1'..=b'9').contains(&b))
        }
    }
}

/// Quotes a character for a message, naming the invisible ones.
fn describe_char(c: char) -> String {
    match c {
        ' ' => "（空格）".to_string(),
        '\u{3000}' => "（全角空格）".to_string(),
        _ if c.is_control() || c.is_whitespace() => format!("（控制字符 U+{:04X}）", c as u32),
        _ => format!("“{c}”"),
    }
}

fn why_invalid(c: char) -> &'static str {
    match c {
        '/' | '\\' => "slug 是网址中的一段，不能包含路径分隔符",
        ' ' | '\u{3000}' => "网址中的空格会被转义成 %20，难以阅读和转发",
        _ if c.is_control() || c.is_whitespace() => "控制字符和不可见字符不能出现在网址和文件名中",
        '<' | '>' | ':' | '"' | '|' | '?' | '*' => "这个字符不能用在 Windows 文件名中",
        '#' | '%' | '&' | '+' | '=' | ';' | ',' | '\'' | '!' | '@' | '$' | '(' | ')' | '['
        | ']' => "这个字符在网址中有特殊含义",
        _ if !c.is_ascii() => "非英文字符在网址中会被转义成 %E8%AF%9A 这样的编码，难以阅读和转发",
        _ => "slug 只能使用英文字母、数字、连字符 - 、下划线 _ 和点 .",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_slugs_accepted() {
        for slug in [
            "a",
            "2024-xinyong-chengnuo",
            "report_2024",
            "v1.2",
            "A-Z_0-9",
            "console",
            "com10",
            "lpt0",
            "auxiliary",
        ] {
            assert_eq!(check_slug(slug), Ok(()), "{slug}");
        }
    }

    #[test]
    fn empty_and_dots_rejected() {
        assert_eq!(check_slug(""), Err(SlugError::Empty));
        assert_eq!(check_slug("."), Err(SlugError::Dot));
        assert_eq!(check_slug(".."), Err(SlugError::DotDot));
        assert_eq!(check_slug("a..b"), Err(SlugError::DotDot));
        assert_eq!(check_slug("../etc"), Err(SlugError::DotDot));
        assert_eq!(check_slug(".hidden"), Err(SlugError::LeadingDot));
        assert_eq!(check_slug("name."), Err(SlugError::TrailingDot));
    }

    #[test]
    fn separators_rejected() {
        assert_eq!(
            check_slug("a/b"),
            Err(SlugError::InvalidChar {
                index: 1,
                found: '/'
            })
        );
        assert_eq!(
            check_slug("a\\b"),
            Err(SlugError::InvalidChar {
                index: 1,
                found: '\\'
            })
        );
        assert_eq!(
            check_slug("/abs"),
            Err(SlugError::InvalidChar {
                index: 0,
                found: '/'
            })
        );
    }

    #[test]
    fn spaces_and_controls_rejected() {
        assert_eq!(
            check_slug("a b"),
            Err(SlugError::InvalidChar {
                index: 1,
                found: ' '
            })
        );
        assert_eq!(
            check_slug("a　b"),
            Err(SlugError::InvalidChar {
                index: 1,
                found: '\u{3000}'
            })
        );
        assert_eq!(
            check_slug("a\tb"),
            Err(SlugError::InvalidChar {
                index: 1,
                found: '\t'
            })
        );
        assert_eq!(
            check_slug("ab\n"),
            Err(SlugError::InvalidChar {
                index: 2,
                found: '\n'
            })
        );
        assert_eq!(
            check_slug("a\0"),
            Err(SlugError::InvalidChar {
                index: 1,
                found: '\0'
            })
        );
        assert_eq!(
            check_slug("a\u{7F}"),
            Err(SlugError::InvalidChar {
                index: 1,
                found: '\u{7F}'
            })
        );
    }

    #[test]
    fn unsafe_characters_rejected() {
        for c in [
            '<', '>', ':', '"', '|', '?', '*', '#', '%', '&', '+', '=', '\'',
        ] {
            let slug = format!("a{c}b");
            let expected = Err(SlugError::InvalidChar { index: 1, found: c });
            assert_eq!(check_slug(&slug), expected, "{slug}");
        }
    }

    #[test]
    fn chinese_rejected_with_char_index() {
        // The index counts characters, not bytes.
        let result = check_slug("2024诚信承诺");
        assert_eq!(
            result,
            Err(SlugError::InvalidChar {
                index: 4,
                found: '诚'
            })
        );
        let Err(err) = result else { return };
        assert_eq!(
            err.message(),
            "slug 的第 5 个字符“诚”不能使用：非英文字符在网址中会被转义成 %E8%AF%9A 这样的编码，难以阅读和转发"
        );
        assert!(err.fix().contains("拼音"), "{}", err.fix());
        // Full-width letters are not ASCII either.
        assert_eq!(
            check_slug("ａ"),
            Err(SlugError::InvalidChar {
                index: 0,
                found: 'ａ'
            })
        );
    }

    #[test]
    fn windows_device_names_rejected() {
        for slug in ["con", "CON", "nul.txt", "Aux", "prn", "com1", "LPT9.x"] {
            let expected = Err(SlugError::ReservedName {
                name: slug.to_string(),
            });
            assert_eq!(check_slug(slug), expected, "{slug}");
        }
    }

    #[test]
    fn messages_name_problem_and_fix() {
        let space = SlugError::InvalidChar {
            index: 4,
            found: ' ',
        };
        assert_eq!(
            space.message(),
            "slug 的第 5 个字符（空格）不能使用：网址中的空格会被转义成 %20，难以阅读和转发"
        );
        assert!(
            space.fix().starts_with("把空格换成连字符 -"),
            "{}",
            space.fix()
        );

        let slash = SlugError::InvalidChar {
            index: 0,
            found: '/',
        };
        assert!(
            slash.message().contains("路径分隔符"),
            "{}",
            slash.message()
        );

        let control = SlugError::InvalidChar {
            index: 2,
            found: '\u{1}',
        };
        assert!(
            control.message().contains("U+0001"),
            "{}",
            control.message()
        );
        assert!(control.fix().contains("不可见字符"), "{}", control.fix());

        let windows = SlugError::InvalidChar {
            index: 0,
            found: '?',
        };
        assert!(
            windows.message().contains("Windows"),
            "{}",
            windows.message()
        );

        for err in [
            SlugError::Empty,
            SlugError::Dot,
            SlugError::DotDot,
            SlugError::LeadingDot,
            SlugError::TrailingDot,
            SlugError::ReservedName {
                name: "con".to_string(),
            },
        ] {
            assert!(err.message().starts_with("slug "), "{}", err.message());
            assert!(err.fix().contains("英文字母"), "{}", err.fix());
        }
    }
}
