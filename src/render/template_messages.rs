//! Chinese wording of tera's most common template errors. Webmasters who
//! edit a theme read the Chinese first and tera's own English after it,
//! which is what a web search for the error needs. Messages not listed
//! here keep tera's English alone.

/// Returns the Chinese wording of a tera error message followed by the
/// original, or the original when the message is not a known one.
pub fn zh(message: &str) -> String {
    match translate(message.trim()) {
        Some(chinese) => format!("{chinese}（tera 原文：{message}）"),
        None => message.to_string(),
    }
}

fn translate(message: &str) -> Option<String> {
    let message = message.strip_suffix('.').unwrap_or(message);
    if let Some(rest) = message.strip_prefix("Found ") {
        for separator in [" but expected ", " but was expecting "] {
            if let Some((found, expected)) = rest.split_once(separator) {
                return Some(format!("这里是 {found}，应为 {}", or_list(expected)));
            }
        }
    }
    let fixed = [
        (
            "Unexpected end of input",
            "模板在标签或变量写完之前就结束了",
        ),
        ("Unexpected character", "这里有模板语法中不能出现的字符"),
        (
            "Unknown tag",
            "这个标签无法识别：标签名拼错了，或者结束标签多余",
        ),
        (
            "Tried to render a variable that is undefined",
            "要输出的变量不存在",
        ),
        ("Cannot index into an undefined value", "要取下标的值不存在"),
    ];
    if let Some((_, chinese)) = fixed.iter().find(|(english, _)| *english == message) {
        return Some((*chinese).to_string());
    }
    let patterns: [(&str, &str, &str); 7] = [
        ("Unknown filter `", "`", "没有名为 {} 的过滤器"),
        ("Filter `", "` is not registered", "没有名为 {} 的过滤器"),
        ("Unknown function `", "`", "没有名为 {} 的函数"),
        ("Unknown template `", "`", "找不到模板 {}"),
        ("Template '", "' not found", "找不到模板 {}"),
        ("Closing comment tag `", "` not found", "注释缺少结尾的 {}"),
        ("Unknown test `", "`", "没有名为 {} 的判断"),
    ];
    for (prefix, suffix, chinese) in patterns {
        if let Some(name) = message
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(suffix))
        {
            return Some(chinese.replace("{}", name));
        }
    }
    if let Some((closing, opening)) = message
        .strip_prefix("Closing tag '")
        .and_then(|rest| rest.strip_suffix('\''))
        .and_then(|rest| rest.split_once("' doesn't match opening tag '"))
    {
        return Some(format!("结束标签 {closing} 与开始标签 {opening} 不对应"));
    }
    if let Some((child, parent)) = message
        .strip_prefix("Template '")
        .and_then(|rest| rest.strip_suffix("', which doesn't exist or isn't loaded"))
        .and_then(|rest| rest.split_once("' is inheriting from '"))
    {
        return Some(format!("模板 {child} 继承的模板 {parent} 不存在"));
    }
    None
}

/// Words an English list of alternatives (`a, b or c`) in Chinese.
fn or_list(expected: &str) -> String {
    let expected = expected.strip_prefix("one of: ").unwrap_or(expected);
    expected.replace(", ", "、").replace(" or ", " 或 ")
}

#[cfg(test)]
mod tests {
    use super::zh;

    #[test]
    fn found_but_expected() {
        assert_eq!(
            zh("Found `</` but expected }}."),
            "这里是 `</`，应为 }}（tera 原文：Found `</` but expected }}.）"
        );
    }

    #[test]
    fn found_but_was_expecting_list() {
        assert_eq!(
            zh("Found `endfor` but was expecting `elif`, `else` or `endif`."),
            "这里是 `endfor`，应为 `elif`、`else` 或 `endif`（tera 原文：Found `endfor` but was expecting `elif`, `else` or `endif`.）"
        );
    }

    #[test]
    fn named_things() {
        assert!(zh("Unknown filter `money`").starts_with("没有名为 money 的过滤器（"));
        assert!(zh("Template 'side.html' not found").starts_with("找不到模板 side.html（"));
        assert!(
            zh("Closing tag 'endfor' doesn't match opening tag 'if'")
                .starts_with("结束标签 endfor 与开始标签 if 不对应（")
        );
        assert!(zh("Unexpected end of input").starts_with("模板在标签或变量写完之前就结束了（"));
        assert!(zh("Unknown tag").starts_with("这个标签无法识别"));
    }

    #[test]
    fn unknown_message_kept() {
        assert_eq!(zh("Something new"), "Something new");
    }
}
