//! One test per validation error: each pins the Chinese message, the
//! file, line and column, and the fix that `gongshi check` reports.

mod support;

use gongshi::diag::Severity::{Error, Warning};
use support::*;

const COMMITMENT: &str = "content/commitments/2024/first.md";

fn commitment(front_matter: &str) -> String {
    format!("+++\n{front_matter}+++\n正文。\n")
}

const VALID_COMMITMENT: &str =
    "title = \"承诺\"\ndate = 2024-07-29\nunits = [\"fgj\"]\ncategory = \"服务承诺\"\n";

#[test]
fn minimal_fixture_is_valid() {
    let site = copy_fixture("minimal");
    let outcome = check(site.path());
    assert!(outcome.diagnostics.is_empty(), "{:#?}", outcome.diagnostics);
}

#[test]
fn toml_syntax_full_width_quotes() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        COMMITMENT,
        commitment("title = “承诺”\ndate = 2024-07-29\n"),
    );
    let outcome = check(site.path());
    let d = only_diagnostic(&outcome, Error, COMMITMENT);
    assert_at(&d, 2, 9, "TOML 语法错误", "“");
    assert!(d.fix.contains('"'), "fix names the ASCII quote: {d}");
}

#[test]
fn toml_syntax_full_width_equals() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        "content/units/fgj.toml",
        "name ＝ \"测试县发展和改革局\"\n",
    );
    let outcome = check(site.path());
    let d = only_diagnostic(&outcome, Error, "content/units/fgj.toml");
    assert_eq!(d.location.as_ref().map(|l| l.line), Some(1));
    assert!(d.message.contains("TOML 语法错误"), "{d}");
    assert!(d.fix.contains("＝"), "{d}");
}

#[test]
fn toml_syntax_double_equals_reported_once() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        "content/units/fgj.toml",
        "name = = \"测试县发展和改革局\"\nkind = \"党政机关\"\n",
    );
    let outcome = check(site.path());
    let d = only_diagnostic(&outcome, Error, "content/units/fgj.toml");
    assert_at(&d, 1, 8, "多了一个等号", "只写一个等号");
}

#[test]
fn not_utf8_names_gbk() {
    let site = copy_fixture("minimal");
    let text = commitment(VALID_COMMITMENT);
    let (bytes, _, _) = encoding_rs::GBK.encode(&text);
    write(site.path(), COMMITMENT, bytes.as_ref());
    let outcome = check(site.path());
    let d = only_diagnostic(&outcome, Error, COMMITMENT);
    assert_at(&d, 2, 10, "UTF-8", "UTF-8");
    assert!(
        d.message.contains("GBK") || d.message.contains("GB18030"),
        "{d}"
    );
}

#[test]
fn utf8_bom_and_crlf_accepted() {
    let site = copy_fixture("minimal");
    let text = format!(
        "\u{feff}{}",
        commitment(VALID_COMMITMENT).replace('\n', "\r\n")
    );
    write(site.path(), COMMITMENT, text);
    let outcome = check(site.path());
    assert!(outcome.diagnostics.is_empty(), "{:#?}", outcome.diagnostics);
}

#[test]
fn missing_required_key() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        COMMITMENT,
        commitment("title = \"承诺\"\ndate = 2024-07-29\nunits = [\"fgj\"]\n"),
    );
    let d = only_diagnostic(&check(site.path()), Error, COMMITMENT);
    assert_at(&d, 2, 1, "缺少必填项 category", "category = ");
}

#[test]
fn unknown_key_suggests_closest() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        COMMITMENT,
        commitment(&format!("{VALID_COMMITMENT}deadlin = 2024-12-31\n")),
    );
    let d = only_diagnostic(&check(site.path()), Error, COMMITMENT);
    assert_at(&d, 6, 1, "未知的键 deadlin", "是否想写 deadline");
}

#[test]
fn wrong_type() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        COMMITMENT,
        commitment("title = 2024\ndate = 2024-07-29\nunits = [\"fgj\"]\ncategory = \"服务承诺\"\n"),
    );
    let d = only_diagnostic(&check(site.path()), Error, COMMITMENT);
    assert_at(&d, 2, 9, "title 应为文本，实为整数", "title = \"…\"");
}

#[test]
fn impossible_date_bare() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        COMMITMENT,
        commitment("title = \"承诺\"\ndate = 2024-02-30\n"),
    );
    let d = only_diagnostic(&check(site.path()), Error, COMMITMENT);
    assert_at(&d, 3, 8, "日期不存在", "2024-02-29");
}

#[test]
fn impossible_date_quoted() {
    let site = copy_fixture("minimal");
    let text = VALID_COMMITMENT.replace("date = 2024-07-29", "date = \"2023-02-29\"");
    write(site.path(), COMMITMENT, commitment(&text));
    let d = only_diagnostic(&check(site.path()), Error, COMMITMENT);
    assert_at(&d, 3, 8, "2023-02-29", "YYYY-MM-DD");
}

#[test]
fn value_outside_list() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        COMMITMENT,
        commitment(&format!("{VALID_COMMITMENT}status = \"完成\"\n")),
    );
    let d = only_diagnostic(&check(site.path()), Error, COMMITMENT);
    assert_at(
        &d,
        6,
        10,
        "status 的值“完成”不在允许的范围内",
        "已兑现（fulfilled）",
    );
}

#[test]
fn category_outside_configured_list() {
    let site = copy_fixture("minimal");
    let text = VALID_COMMITMENT.replace("服务承诺", "服务类");
    write(site.path(), COMMITMENT, commitment(&text));
    let d = only_diagnostic(&check(site.path()), Error, COMMITMENT);
    assert_at(
        &d,
        5,
        12,
        "category 的值“服务类”不在承诺类别中",
        "为民办实事",
    );
}

#[test]
fn unknown_unit_suggests_closest() {
    let site = copy_fixture("minimal");
    let text = VALID_COMMITMENT.replace("[\"fgj\"]", "[\"fgj\", \"zhusan\"]");
    write(site.path(), COMMITMENT, commitment(&text));
    let d = only_diagnostic(&check(site.path()), Error, COMMITMENT);
    assert_at(&d, 4, 17, "引用的单位“zhusan”不存在", "zhushan");
}

#[test]
fn broken_unit_file_reports_only_its_syntax() {
    let site = copy_fixture("minimal");
    let unit = "content/units/fgj.toml";
    let text = std::fs::read_to_string(site.path().join(unit)).expect("read unit");
    write(site.path(), unit, format!("{text}phone = 0718-5822316\n"));
    let outcome = check(site.path());
    let errors: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.severity == Error)
        .collect();
    assert_eq!(errors.len(), 1, "one mistake, one error: {errors:#?}");
    let d = only_diagnostic(&outcome, Error, unit);
    assert_at(&d, 6, 9, "TOML 语法错误", "\"0718-5822316\"");
}

#[test]
fn invalid_uscc_shows_expected_check_character() {
    let site = copy_fixture("minimal");
    let unit =
        "name = \"测试县发展和改革局\"\nkind = \"党政机关\"\nuscc = \"114228250000000196\"\n";
    write(site.path(), "content/units/fgj.toml", unit);
    let d = only_diagnostic(&check(site.path()), Error, "content/units/fgj.toml");
    assert_at(&d, 3, 8, "统一社会信用代码", "5");
}

#[test]
fn uscc_org_code_mismatch_is_warning() {
    let site = copy_fixture("minimal");
    // Organisation code 00000001 with check 8 instead of 9, and a GB 32100
    // check character computed for that wrong body.
    let code = uscc_with_body("114228250000000189"[..17].to_string());
    let unit = format!("name = \"测试县发展和改革局\"\nkind = \"党政机关\"\nuscc = \"{code}\"\n");
    write(site.path(), "content/units/fgj.toml", unit);
    let outcome = check(site.path());
    assert!(!outcome.failed(), "{:#?}", outcome.diagnostics);
    let d = only_diagnostic(&outcome, Warning, "content/units/fgj.toml");
    assert_at(&d, 3, 8, "GB 11714", "早期");
}

/// Appends the GB 32100-2015 check character to 17 characters.
fn uscc_with_body(first17: String) -> String {
    const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [usize; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let sum: usize = first17
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| CHARSET.find(c).unwrap() * w)
        .sum();
    let check = (31 - sum % 31) % 31;
    format!("{first17}{}", CHARSET.chars().nth(check).unwrap())
}

#[test]
fn uscc_missing_without_pending() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        "content/units/fgj.toml",
        "name = \"测试县发展和改革局\"\nkind = \"党政机关\"\n",
    );
    let d = only_diagnostic(&check(site.path()), Error, "content/units/fgj.toml");
    assert_at(&d, 1, 1, "缺少必填项 uscc", "uscc_pending = true");
}

#[test]
fn slug_with_slash_rejected() {
    for slug in ["a/b", "a\\\\b", "..", "a b", "a\\u0001b"] {
        let site = copy_fixture("minimal");
        write(
            site.path(),
            COMMITMENT,
            commitment(&format!("{VALID_COMMITMENT}slug = \"{slug}\"\n")),
        );
        let d = only_diagnostic(&check(site.path()), Error, COMMITMENT);
        assert_at(&d, 6, 8, "slug", "");
    }
}

#[test]
fn two_records_one_url() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        "content/commitments/2024/second.md",
        commitment(&format!("{VALID_COMMITMENT}slug = \"first\"\n")),
    );
    let outcome = check(site.path());
    let first = only_diagnostic(&outcome, Error, COMMITMENT);
    let second = only_diagnostic(&outcome, Error, "content/commitments/2024/second.md");
    for d in [&first, &second] {
        assert_at(d, 1, 1, "commitments/2024/first/", "slug");
        assert!(
            d.message.contains("first.md") && d.message.contains("second.md"),
            "lists both files: {d}"
        );
    }
}

#[test]
fn missing_attachment() {
    let site = copy_fixture("minimal");
    let path = "content/disclosures/2024/notice.md";
    let text = "+++\ntitle = \"通知\"\ndate = 2024-07-29\nunits = \"fgj\"\ncategory = \"政策文件\"\nattachments = [\"notise.pdf\"]\n+++\n";
    write(site.path(), path, text);
    let outcome = check(site.path());
    let d = only_diagnostic(&outcome, Error, path);
    assert_at(
        &d,
        6,
        16,
        "content/disclosures/2024/notise.pdf 不存在",
        "notice.pdf",
    );
}

#[test]
fn attachment_outside_content() {
    let site = copy_fixture("minimal");
    let path = "content/disclosures/2024/notice.md";
    let text = "+++\ntitle = \"通知\"\ndate = 2024-07-29\nunits = \"fgj\"\ncategory = \"政策文件\"\nattachments = [\"../../../site.toml\"]\n+++\n";
    write(site.path(), path, text);
    let d = only_diagnostic(&check(site.path()), Error, path);
    assert_at(&d, 6, 16, "content/ 之外", "相对于记录");
}

#[test]
fn unlisted_attachment_warns() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        "content/disclosures/2024/extra.pdf",
        "%PDF-1.4\n",
    );
    let outcome = check(site.path());
    assert!(!outcome.failed());
    let d = only_diagnostic(&outcome, Warning, "content/disclosures/2024/extra.pdf");
    assert_at(&d, 1, 1, "没有被任何记录列为附件", "attachments");
}

#[test]
fn resident_id_in_body() {
    let site = copy_fixture("minimal");
    // 11010519491231002X is the GB 11643-1999 example number; its check character is X.
    write(
        site.path(),
        COMMITMENT,
        format!("+++\n{VALID_COMMITMENT}+++\n联系人身份证号11010519491231002x，请核实。\n"),
    );
    let d = only_diagnostic(&check(site.path()), Error, COMMITMENT);
    assert_at(&d, 7, 8, "身份证", "");
    assert!(
        !d.message.contains("11010519491231002x"),
        "message masks the number: {d}"
    );
}

#[test]
fn old_resident_id_in_field() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        COMMITMENT,
        commitment(&format!(
            "{VALID_COMMITMENT}deadline = \"持续实施\"\n[[progress]]\ndate = 2024-08-01\ntext = \"经办人 110105491231002 已回访\"\n"
        )),
    );
    let d = only_diagnostic(&check(site.path()), Error, COMMITMENT);
    assert_at(&d, 9, 13, "身份证", "");
}

#[test]
fn mobile_numbers_in_each_form() {
    for (number, column) in [
        ("13800138000", 6),
        ("+86 138 0013 8000", 6),
        ("138-0013-8000", 6),
    ] {
        let site = copy_fixture("minimal");
        write(
            site.path(),
            COMMITMENT,
            format!("+++\n{VALID_COMMITMENT}+++\n联系电话：{number}。\n"),
        );
        let d = only_diagnostic(&check(site.path()), Error, COMMITMENT);
        assert_at(&d, 7, column, "手机", "");
    }
}

#[test]
fn allowed_numbers_not_flagged() {
    let site = copy_fixture("minimal");
    let body = "监督电话：0718-8888888，或拨打 12345 热线。联系人手机 138****8000。\n索引号 SY0024781711202300032，网址 https://www.example.gov.cn/art/2024/7/29/art_12345678901234567890.html。\n";
    write(
        site.path(),
        COMMITMENT,
        format!("+++\n{VALID_COMMITMENT}+++\n{body}"),
    );
    let outcome = check(site.path());
    assert!(outcome.diagnostics.is_empty(), "{:#?}", outcome.diagnostics);
}

#[test]
fn bank_card_is_warning() {
    let site = copy_fixture("minimal");
    // 6222020200100030002 passes the Luhn check.
    write(
        site.path(),
        COMMITMENT,
        format!("+++\n{VALID_COMMITMENT}+++\n退款账号 6222020200100030002。\n"),
    );
    let outcome = check(site.path());
    assert!(!outcome.failed(), "{:#?}", outcome.diagnostics);
    let d = only_diagnostic(&outcome, Warning, COMMITMENT);
    assert_at(&d, 7, 6, "银行卡", "");
}

#[test]
fn doc_no_brackets_warn_with_corrected_form() {
    let site = copy_fixture("minimal");
    let path = "content/disclosures/2024/notice.md";
    let text = "+++\ntitle = \"通知\"\ndate = 2024-07-29\nunits = \"fgj\"\ncategory = \"政策文件\"\ndoc_no = \"测信用办[2024]03号\"\nattachments = [\"notice.pdf\"]\n+++\n";
    write(site.path(), path, text);
    let outcome = check(site.path());
    assert!(!outcome.failed(), "{:#?}", outcome.diagnostics);
    let d = only_diagnostic(&outcome, Warning, path);
    assert_at(&d, 6, 10, "GB/T 9704-2012", "测信用办〔2024〕3号");
}

#[test]
fn evaluation_unit_twice() {
    let site = copy_fixture("minimal");
    let path = "content/evaluations/2024/e1.toml";
    let text = "title = \"评价\"\ndate = 2024-12-20\nperiod = \"2024年度\"\nevaluator = \"fgj\"\n\n[[results]]\nunit = \"zhushan\"\nscore = 90\n\n[[results]]\nunit = \"zhushan\"\nscore = 80\n";
    write(site.path(), path, text);
    let d = only_diagnostic(&check(site.path()), Error, path);
    assert_at(&d, 11, 8, "出现了两次", "[[results]]");
}

#[test]
fn evaluation_score_out_of_range() {
    let site = copy_fixture("minimal");
    let path = "content/evaluations/2024/e1.toml";
    let text = "title = \"评价\"\ndate = 2024-12-20\nperiod = \"2024年度\"\nevaluator = \"fgj\"\n\n[[results]]\nunit = \"zhushan\"\nscore = 101\n";
    write(site.path(), path, text);
    let d = only_diagnostic(&check(site.path()), Error, path);
    assert_at(&d, 8, 9, "超出 0 到 100", "0 到 100");
}

#[test]
fn evaluation_grade_contradicts_band() {
    let site = copy_fixture("minimal");
    let path = "content/evaluations/2024/e1.toml";
    let text = "title = \"评价\"\ndate = 2024-12-20\nperiod = \"2024年度\"\nevaluator = \"fgj\"\n\n[[results]]\nunit = \"zhushan\"\nscore = 85\ngrade = \"优秀\"\n";
    write(site.path(), path, text);
    let outcome = check(site.path());
    assert!(!outcome.failed(), "{:#?}", outcome.diagnostics);
    let d = only_diagnostic(&outcome, Warning, path);
    assert_at(&d, 9, 9, "与分数 85 所在的档次“良好”不一致", "[grades]");
}

#[test]
fn site_toml_unknown_key() {
    let site = copy_fixture("minimal");
    let text = std::fs::read_to_string(site.path().join("site.toml"))
        .unwrap()
        .replace("sample_data", "sample_dat");
    write(site.path(), "site.toml", text);
    let d = only_diagnostic(&check(site.path()), Error, "site.toml");
    assert_at(&d, 3, 1, "未知的键 sample_dat", "sample_data");
}

#[test]
fn every_bad_file_reported_in_one_run() {
    let site = copy_fixture("minimal");
    write(site.path(), COMMITMENT, commitment("title = \"承诺\"\n"));
    write(site.path(), "content/units/zhushan.toml", "name = 1\n");
    write(site.path(), "content/pages/about.md", "no front matter\n");
    let outcome = check(site.path());
    for file in [
        COMMITMENT,
        "content/units/zhushan.toml",
        "content/pages/about.md",
    ] {
        assert!(
            outcome.diagnostics.iter().any(|d| d
                .location
                .as_ref()
                .is_some_and(|l| gongshi::diag::display_path(&l.file) == file)),
            "no diagnostic for {file}: {:#?}",
            outcome.diagnostics
        );
    }
}

#[test]
fn record_folder_reserved_for_browse_pages() {
    let site = copy_fixture("minimal");
    let path = "content/commitments/unit/x.md";
    write(site.path(), path, commitment(VALID_COMMITMENT));
    let d = only_diagnostic(&check(site.path()), Error, path);
    assert_at(
        &d,
        2,
        1,
        "文件夹名“unit”已被网站的分类浏览页面占用",
        "commitments/2024/",
    );
}

#[test]
fn attachment_named_like_page_rejected() {
    let site = copy_fixture("minimal");
    let path = "content/disclosures/2024/notice.md";
    write(
        site.path(),
        "content/disclosures/2024/notice/index.html",
        "<p>x</p>",
    );
    let text = "+++\ntitle = \"通知\"\ndate = 2024-07-29\nunits = \"fgj\"\ncategory = \"政策文件\"\nattachments = [\"notice/index.html\"]\n+++\n";
    write(site.path(), path, text);
    let outcome = check(site.path());
    assert!(outcome.failed());
    let d = outcome.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert!(
        d.message.contains("disclosures/2024/notice/index.html"),
        "{d}"
    );
}

#[test]
fn every_syntax_error_of_a_file_reported() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        COMMITMENT,
        commitment("title = “承诺”\ndate = 2024-02-30\nunits = fgj\n"),
    );
    let outcome = check(site.path());
    let positions: Vec<(usize, usize)> = outcome
        .diagnostics
        .iter()
        .filter_map(|d| d.location.as_ref())
        .map(|l| (l.line, l.column))
        .collect();
    assert_eq!(
        positions,
        vec![(2, 9), (3, 8), (4, 9)],
        "{:#?}",
        outcome.diagnostics
    );
    assert!(
        outcome.diagnostics[2].message.contains("英文双引号"),
        "{}",
        outcome.diagnostics[2]
    );
}

#[test]
fn records_checked_when_site_toml_invalid() {
    let site = copy_fixture("minimal");
    write(site.path(), "site.toml", "title = \"测试\"\n");
    write(site.path(), COMMITMENT, commitment("title = \"承诺\"\n"));
    let outcome = check(site.path());
    only_diagnostic(&outcome, Error, "site.toml");
    assert!(
        outcome.diagnostics.iter().any(|d| d
            .location
            .as_ref()
            .is_some_and(|l| gongshi::diag::display_path(&l.file) == COMMITMENT)),
        "{:#?}",
        outcome.diagnostics
    );
}

#[test]
fn empty_results_rejected() {
    let site = copy_fixture("minimal");
    let path = "content/evaluations/2024/e1.toml";
    write(
        site.path(),
        path,
        "title = \"评价\"\ndate = 2024-12-20\nperiod = \"2024年度\"\nevaluator = \"fgj\"\nresults = []\n",
    );
    let d = only_diagnostic(&check(site.path()), Error, path);
    assert_at(&d, 5, 11, "results 不能为空", "[[results]]");
}

#[test]
fn ascii_issuer_not_a_unit_warns() {
    let site = copy_fixture("minimal");
    let path = "content/criticisms/2024/c1.md";
    let text = "+++\ntitle = \"通报\"\ndate = 2024-08-01\nunits = [\"zhushan\"]\nissuer = \"fgjj\"\ncategory = \"其他\"\n+++\n";
    write(site.path(), path, text);
    let outcome = check(site.path());
    assert!(!outcome.failed(), "{:#?}", outcome.diagnostics);
    let d = only_diagnostic(&outcome, Warning, path);
    assert_at(&d, 5, 10, "不是已有的单位编号", "\"fgj\"");
}

#[test]
fn unit_website_must_be_absolute() {
    let site = copy_fixture("minimal");
    let unit = "name = \"测试县发展和改革局\"\nkind = \"党政机关\"\nuscc = \"114228250000000195\"\nwebsite = \"www.example.gov.cn\"\n";
    write(site.path(), "content/units/fgj.toml", unit);
    let d = only_diagnostic(&check(site.path()), Error, "content/units/fgj.toml");
    assert_at(&d, 4, 11, "不是完整的网址", "https://");
}

#[test]
fn unit_as_markdown_rejected() {
    let site = copy_fixture("minimal");
    let path = "content/units/extra.md";
    write(
        site.path(),
        path,
        "+++\nname = \"单位\"\nkind = \"其他\"\nuscc_pending = true\n+++\n说明\n",
    );
    let d = only_diagnostic(&check(site.path()), Error, path);
    assert_at(&d, 2, 1, "单位文件应为 .toml 文件", "extra.toml");
}

#[test]
fn record_key_below_table_header() {
    let site = copy_fixture("minimal");
    let text = "title = \"承诺\"\ndate = 2024-07-29\nunits = [\"fgj\"]\n[[progress]]\ndate = 2024-08-01\ntext = \"进展\"\ncategory = \"服务承诺\"\n";
    write(site.path(), COMMITMENT, commitment(text));
    let outcome = check(site.path());
    let d = outcome
        .diagnostics
        .iter()
        .find(|d| d.message.contains("写在了"))
        .expect("placement error");
    assert_at(d, 8, 1, "category 写在了 [[progress]] 之下", "移到第一个");
}

#[test]
fn deadline_text_names_ongoing() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        COMMITMENT,
        commitment(&format!("{VALID_COMMITMENT}deadline = \"年底前\"\n")),
    );
    let d = only_diagnostic(&check(site.path()), Error, COMMITMENT);
    assert_at(&d, 6, 12, "持续实施", "持续实施");
}

#[test]
fn mobile_number_in_comment() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        COMMITMENT,
        commitment(&format!("# 经办人手机 13800138000\n{VALID_COMMITMENT}")),
    );
    let d = only_diagnostic(&check(site.path()), Error, COMMITMENT);
    assert_at(&d, 2, 9, "手机", "");
}

#[test]
fn missing_site_folder_is_usage_error() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_gongshi"))
        .args(["check", "--site", "/no/such/site"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("找不到站点文件夹"));
}

#[test]
fn unclosed_array_reported_first() {
    let site = copy_fixture("minimal");
    let lines: String = (0..14).map(|i| format!("note{i} = \"x\"\n")).collect();
    write(
        site.path(),
        COMMITMENT,
        commitment(&format!(
            "title = \"承诺\"\nunits = [\"fgj\", \"zhushan\"\n{lines}"
        )),
    );
    let outcome = check(site.path());
    let unclosed = outcome
        .diagnostics
        .iter()
        .find(|d| d.message.contains("没有闭合"))
        .expect("unclosed array reported");
    assert_eq!(
        unclosed.location.as_ref().map(|l| l.line),
        Some(3),
        "{unclosed}"
    );
    assert!(
        outcome.diagnostics.len() <= 11,
        "{:#?}",
        outcome.diagnostics
    );
    if outcome.diagnostics.len() == 11 {
        assert!(
            outcome
                .diagnostics
                .last()
                .unwrap()
                .message
                .contains("未列出")
        );
    }
}

#[test]
fn personal_data_found_in_unparsable_file() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        COMMITMENT,
        "+++\ntitle = “承诺”\n+++\n联系电话 13800138000\n",
    );
    let outcome = check(site.path());
    assert!(
        outcome
            .diagnostics
            .iter()
            .any(|d| d.message.contains("手机")),
        "{:#?}",
        outcome.diagnostics
    );
}

#[test]
fn custom_lists_used_when_title_missing() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        "site.toml",
        "base_url = \"https://www.example.gov.cn/\"\n[lists]\ncommitment_categories = [\"自定义类别\"]\n",
    );
    write(
        site.path(),
        COMMITMENT,
        commitment(
            "title = \"承诺\"\ndate = 2024-07-29\nunits = [\"fgj\"]\ncategory = \"自定义类别\"\n",
        ),
    );
    let outcome = check(site.path());
    assert!(outcome.failed());
    let others: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| !d.message.contains("缺少必填项 title"))
        .collect();
    assert!(others.is_empty(), "{others:#?}");
}

#[test]
fn invalid_base_url_option_is_usage_error() {
    let site = copy_fixture("minimal");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_gongshi"))
        .args([
            "build",
            "--site",
            site.path().to_str().unwrap(),
            "--base-url",
            "www.example.gov.cn",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--base-url"));
}

#[test]
fn criticism_publish_until_limits() {
    let site = copy_fixture("minimal");
    let path = "content/criticisms/2024/c1.md";
    let base = "title = \"通报\"\ndate = 2024-08-01\nunits = [\"zhushan\"]\nissuer = \"fgj\"\ncategory = \"其他\"\n";
    for (extra, line, message) in [
        ("publish_until = 2030-01-01\n", 7, "超过通报日期后 3 年"),
        ("publish_until = 2024-01-01\n", 7, "早于通报日期"),
        ("rectify_by = 2024-07-01\n", 7, "早于通报日期"),
    ] {
        write(site.path(), path, format!("+++\n{base}{extra}+++\n"));
        let d = only_diagnostic(&check(site.path()), Error, path);
        assert_eq!(d.location.as_ref().map(|l| l.line), Some(line), "{d}");
        assert!(d.message.contains(message), "{d}");
    }
}

#[test]
fn urls_differing_in_case_collide() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        "content/commitments/2024/First.md",
        commitment(VALID_COMMITMENT),
    );
    let outcome = check(site.path());
    let d = only_diagnostic(&outcome, Error, "content/commitments/2024/First.md");
    assert!(d.message.contains("不区分大小写"), "{d}");
}

#[test]
fn record_file_as_attachment_rejected() {
    let site = copy_fixture("minimal");
    let path = "content/disclosures/2024/notice.md";
    let text = "+++\ntitle = \"通知\"\ndate = 2024-07-29\nunits = \"fgj\"\ncategory = \"政策文件\"\nattachments = [\"notice.pdf\", \"notice.pdf\", \"../../commitments/2024/first.md\"]\n+++\n";
    write(site.path(), path, text);
    let outcome = check(site.path());
    let error = only_diagnostic(&outcome, Error, path);
    assert!(error.message.contains("不能作为附件"), "{error}");
    let warning = only_diagnostic(&outcome, Warning, path);
    assert!(warning.message.contains("列出了两次"), "{warning}");
}

#[test]
fn unit_id_case_suggests_existing() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        COMMITMENT,
        commitment(&VALID_COMMITMENT.replace("[\"fgj\"]", "[\"FGJ\"]")),
    );
    let d = only_diagnostic(&check(site.path()), Error, COMMITMENT);
    assert!(d.fix.contains("\"fgj\""), "{d}");
}

#[test]
fn base_url_scheme_case_and_dot_segments() {
    use gongshi::validate::config::check_base_url;
    assert_eq!(
        check_base_url("HTTPS://WWW.Example.gov.cn/zwcx"),
        Ok(("https://www.example.gov.cn/zwcx/".into(), "/zwcx/".into()))
    );
    assert!(check_base_url("http://127.0.0.1:8000/a/../b/").is_err());
}

#[test]
fn mobile_in_file_name() {
    let site = copy_fixture("minimal");
    let path = "content/commitments/2024/13912345678.md";
    write(site.path(), path, commitment(VALID_COMMITMENT));
    let d = only_diagnostic(&check(site.path()), Error, path);
    assert_at(&d, 1, 1, "个人手机号码", "改名");
    assert!(
        d.message.contains("“139****5678.md”"),
        "message names the file and masks the number: {d}"
    );
}

#[test]
fn resident_id_in_folder_name_reported_once() {
    let site = copy_fixture("minimal");
    let first = "content/commitments/422825198503121232/first.md";
    let second = "content/commitments/422825198503121232/second.md";
    write(site.path(), first, commitment(VALID_COMMITMENT));
    write(site.path(), second, commitment(VALID_COMMITMENT));
    let outcome = check(site.path());
    let d = only_diagnostic(&outcome, Error, first);
    assert_at(&d, 1, 1, "居民身份证号码", "改名");
    assert!(
        d.message.contains("“422***********1232”"),
        "message names the folder and masks the number: {d}"
    );
    let on_second: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| {
            d.location
                .as_ref()
                .is_some_and(|l| l.file.ends_with("second.md"))
        })
        .collect();
    assert!(
        on_second.is_empty(),
        "the folder is reported on the first file only: {on_second:#?}"
    );
}

#[test]
fn resident_id_in_slug() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        COMMITMENT,
        commitment(&format!(
            "{VALID_COMMITMENT}slug = \"id-422825198503121232\"\n"
        )),
    );
    let d = only_diagnostic(&check(site.path()), Error, COMMITMENT);
    // The scan of the file text finds the ID where the slug is written, and
    // the scan of the slug does not report it a second time.
    assert_at(&d, 6, 12, "身份证", "");
}

#[test]
fn mobile_in_slug_joined_to_letters() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        COMMITMENT,
        commitment(&format!("{VALID_COMMITMENT}slug = \"zhang-13800138000\"\n")),
    );
    let d = only_diagnostic(&check(site.path()), Error, COMMITMENT);
    assert_at(&d, 1, 1, "slug“zhang-138****8000”", "slug");
    assert!(d.message.contains("个人手机号码"), "{d}");
}

#[test]
fn mobile_in_attachment_file_name() {
    let site = copy_fixture("minimal");
    let record = "content/disclosures/2024/notice.md";
    let attachment = "content/disclosures/2024/张三13812345678.pdf";
    let text = "+++\ntitle = \"通知\"\ndate = 2024-07-29\nunits = \"fgj\"\ncategory = \"政策文件\"\nattachments = [\"notice.pdf\", \"张三13812345678.pdf\"]\n+++\n";
    write(site.path(), record, text);
    write(site.path(), attachment, "%PDF-1.4\n");
    let outcome = check(site.path());
    let d = only_diagnostic(&outcome, Error, attachment);
    assert_at(&d, 1, 1, "个人手机号码", "attachments");
    assert!(
        d.message.contains("“张三138****5678.pdf”"),
        "message names the file and masks the number: {d}"
    );
    let on_record: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| {
            d.location
                .as_ref()
                .is_some_and(|l| l.file.ends_with("notice.md"))
        })
        .collect();
    assert!(on_record.is_empty(), "{on_record:#?}");
}

#[test]
fn link_to_missing_page_warns() {
    let site = copy_fixture("minimal");
    let body =
        "见[工作要点](../../../disclosures/2024/notice/)和[不存在的单位](/units/nosuch/)。\n";
    write(
        site.path(),
        COMMITMENT,
        format!("+++\n{VALID_COMMITMENT}+++\n{body}"),
    );
    let outcome = check(site.path());
    assert!(!outcome.failed(), "{:#?}", outcome.diagnostics);
    let d = only_diagnostic(&outcome, Warning, COMMITMENT);
    assert_at(
        &d,
        7,
        53,
        "链接“/units/nosuch/”指向的页面不存在",
        "改正链接",
    );
}

#[test]
fn site_setting_below_complaints_header() {
    let site = copy_fixture("minimal");
    let text = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    write(
        site.path(),
        "site.toml",
        format!("{text}sample_data = false\n"),
    );
    let d = only_diagnostic(&check(site.path()), Error, "site.toml");
    assert!(
        d.message.contains("sample_data 写在了 [complaints] 之下"),
        "{d}"
    );
    assert!(d.fix.contains("移到第一个"), "{d}");
}

#[test]
fn unclosed_array_fix_names_bracket() {
    let site = copy_fixture("minimal");
    write(
        site.path(),
        COMMITMENT,
        commitment("title = \"承诺\"\nunits = [\"fgj\"\n"),
    );
    let outcome = check(site.path());
    let d = outcome
        .diagnostics
        .iter()
        .find(|d| d.message.contains("没有闭合"))
        .expect("unclosed array");
    assert!(d.fix.contains("补上 ]"), "{d}");
}
