//! The command layer: parses arguments, runs the pipeline and prints what
//! happened, in Chinese. Exit status: 0 success, 1 content errors,
//! 2 usage errors.

use std::io::Write;
use std::path::PathBuf;

use clap::error::ErrorKind;
use clap::{Args, Parser, Subcommand};

use crate::build::{BuildOptions, BuildOutcome, Stage, run_with_progress, today_in_china};
use crate::diag::display_path;
use crate::model::Date;
use crate::validate::fields::parse_date_text;

pub const EXIT_OK: i32 = 0;
pub const EXIT_CONTENT_ERRORS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

const HELP_TEMPLATE: &str = "{before-help}{about}\n\n用法：{usage}\n\n{all-args}{after-help}";

#[derive(Parser, Debug)]
#[command(
    name = "gongshi",
    version,
    about = "gongshi（公示）：把 TOML 和 Markdown 文件生成为政务诚信公示网站",
    help_template = HELP_TEMPLATE,
    subcommand_help_heading = "命令",
    disable_help_subcommand = true,
    subcommand_value_name = "命令",
    disable_help_flag = true,
    disable_version_flag = true,
    next_help_heading = "选项"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// 显示帮助
    #[arg(short = 'h', long = "help", action = clap::ArgAction::Help, global = true, help_heading = "选项")]
    help: Option<bool>,
    /// 显示版本号
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version, help_heading = "选项")]
    version: Option<bool>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 检查全部内容并生成网站
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项", override_usage = "gongshi build [选项]")]
    Build(BuildArgs),
    /// 只检查内容，不写出任何文件
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项", override_usage = "gongshi check [选项]")]
    Check(CheckArgs),
    /// 本地预览：保存文件后自动重新生成并刷新浏览器
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项", override_usage = "gongshi serve [选项]")]
    Serve(ServeArgs),
    /// 新建一条记录：每个字段都写好或附中文说明
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "选项", override_usage = "gongshi new 类型 路径 [选项]")]
    New {
        /// 记录类型
        #[arg(value_name = "类型")]
        kind: String,
        /// 文件路径
        #[arg(value_name = "路径")]
        path: PathBuf,
        #[command(flatten)]
        common: CommonArgs,
    },
}

#[derive(Args, Debug)]
struct CommonArgs {
    /// 站点文件夹（含 site.toml 和 content/），默认为当前文件夹
    #[arg(
        long,
        value_name = "文件夹",
        default_value = ".",
        hide_default_value = true
    )]
    site: PathBuf,
    /// 只显示错误
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// 显示更多过程信息
    #[arg(short, long)]
    verbose: bool,
}

#[derive(Args, Debug)]
struct ServeArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// 端口号
    #[arg(long, value_name = "端口", default_value_t = 8000)]
    port: u16,
    /// 监听地址，默认只允许本机访问
    #[arg(long, value_name = "地址", default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// 数据截至日期 YYYY-MM-DD，默认为北京时间的今天
    #[arg(long, value_name = "日期")]
    as_of: Option<String>,
    /// 同时显示草稿
    #[arg(long)]
    drafts: bool,
    /// 定时检查文件修改（网络盘、共享文件夹等不通知修改时使用）
    #[arg(long)]
    poll: bool,
}

#[derive(Args, Debug)]
struct CheckArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// 数据截至日期 YYYY-MM-DD，默认为北京时间的今天
    #[arg(long, value_name = "日期")]
    as_of: Option<String>,
}

#[derive(Args, Debug)]
struct BuildArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// 输出文件夹，默认为站点文件夹下的 public/
    #[arg(long, value_name = "文件夹")]
    output: Option<PathBuf>,
    /// 网站地址，替换 site.toml 中的 base_url，例如 https://www.example.gov.cn/zwcx/
    #[arg(long, value_name = "网址")]
    base_url: Option<String>,
    /// 数据截至日期 YYYY-MM-DD，默认为北京时间的今天
    #[arg(long, value_name = "日期")]
    as_of: Option<String>,
    /// 同时发布草稿（draft = true 的记录），仅供预览，不要用于正式发布
    #[arg(long)]
    drafts: bool,
}

/// Runs the command line and returns the exit status.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(error),
    };
    let site = match &cli.command {
        Command::Build(args) => &args.common.site,
        Command::Check(args) => &args.common.site,
        Command::Serve(args) => &args.common.site,
        Command::New { common, .. } => &common.site,
    };
    if !site.is_dir() {
        eprintln!(
            "错误：找不到站点文件夹 {}\n    修改方法：用 --site 指定含有 site.toml 和 content/ 的文件夹，或进入该文件夹后再运行",
            display_path(site)
        );
        return EXIT_USAGE;
    }
    match cli.command {
        Command::Build(args) => {
            let Some(as_of) = parse_as_of(args.as_of.as_deref()) else {
                return EXIT_USAGE;
            };
            if args
                .output
                .as_ref()
                .is_some_and(|output| output.to_string_lossy().trim().is_empty())
            {
                eprintln!(
                    "错误：--output 的值是空白\n    修改方法：写出输出文件夹的路径，例如 --output public"
                );
                return EXIT_USAGE;
            }
            if args.drafts && !args.common.quiet {
                eprintln!("注意：已加 --drafts，草稿也会生成；这样生成的网站只供预览，不要发布");
            }
            if let Some(url) = &args.base_url
                && let Err(problem) = crate::validate::config::check_base_url(url)
            {
                eprintln!(
                    "错误：--base-url 的值“{url}”无效：{problem}\n    修改方法：写成以 http:// 或 https:// 开头的完整地址，例如 --base-url https://www.example.gov.cn/zwcx/"
                );
                return EXIT_USAGE;
            }
            let options = BuildOptions {
                site_dir: args.common.site.clone(),
                output: args.output,
                base_url: args.base_url,
                as_of,
                drafts: args.drafts,
                write: true,
            };
            let outcome = with_progress(&args.common, |progress| {
                run_with_progress(&options, progress)
            });
            report(&outcome, &args.common, as_of, true)
        }
        Command::Check(args) => {
            let Some(as_of) = parse_as_of(args.as_of.as_deref()) else {
                return EXIT_USAGE;
            };
            let options = BuildOptions {
                site_dir: args.common.site.clone(),
                output: None,
                base_url: None,
                as_of,
                drafts: false,
                write: false,
            };
            let outcome = with_progress(&args.common, |progress| {
                run_with_progress(&options, progress)
            });
            report(&outcome, &args.common, as_of, false)
        }
        Command::New { kind, path, common } => {
            let Some(kind) = crate::scaffold::parse_kind(&kind) else {
                eprintln!(
                    "错误：未知的记录类型“{kind}”\n    修改方法：可用的类型：unit（单位）、commitment（公开承诺）、disclosure（政务公开）、criticism（通报批评）、evaluation（评价结果）、page（页面）"
                );
                return EXIT_USAGE;
            };
            match crate::scaffold::create(&common.site, kind, &path, today_in_china()) {
                Ok(created) => {
                    if !common.quiet {
                        let key = if kind == crate::load::Kind::Unit {
                            "name"
                        } else {
                            "title"
                        };
                        eprintln!(
                            "已新建 {}：填写 {key} 等字段后运行 gongshi check 检查",
                            display_path(&created)
                        );
                    }
                    EXIT_OK
                }
                Err(error) => {
                    eprintln!("错误：{}\n    修改方法：{}", error.message, error.fix);
                    EXIT_USAGE
                }
            }
        }
        Command::Serve(args) => {
            let as_of = match &args.as_of {
                Some(_) => match parse_as_of(args.as_of.as_deref()) {
                    Some(date) => Some(date),
                    None => return EXIT_USAGE,
                },
                None => None,
            };
            crate::serve::watch::run(crate::serve::watch::ServeOptions {
                site_dir: args.common.site,
                bind: args.bind,
                port: args.port,
                as_of,
                drafts: args.drafts,
                poll: args.poll,
                quiet: args.common.quiet,
                verbose: args.common.verbose,
            })
        }
    }
}

/// Shows the stages of a build: a bar on a terminal, one plain line per
/// stage when the output goes to a file or pipe, nothing with --quiet.
fn with_progress<T>(common: &CommonArgs, work: impl FnOnce(&(dyn Fn(Stage) + Sync)) -> T) -> T {
    use std::io::IsTerminal;
    if common.quiet {
        return work(&|_| {});
    }
    if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(Stage::COUNT);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:20} {msg}（{elapsed}）")
        {
            bar.set_style(style);
        }
        let result = work(&|stage: Stage| {
            bar.set_position(stage.position());
            bar.set_message(stage.zh());
        });
        bar.finish_and_clear();
        result
    } else {
        work(&|stage: Stage| eprintln!("{}……", stage.zh()))
    }
}

fn parse_as_of(text: Option<&str>) -> Option<Date> {
    match text {
        None => Some(today_in_china()),
        Some(text) => {
            let Some(date) = parse_date_text(text.trim()) else {
                eprintln!(
                    "错误：--as-of 的值“{text}”不是有效日期\n    修改方法：写成 YYYY-MM-DD 形式的真实日期，例如 --as-of 2024-12-31"
                );
                return None;
            };
            // Years outside 1900–2100 are typing slips, not as-of dates.
            if !(1900..=2100).contains(&date.year()) {
                eprintln!(
                    "错误：--as-of 的值“{text}”超出范围\n    修改方法：年份应在 1900 到 2100 之间，例如 --as-of 2024-12-31"
                );
                return None;
            }
            Some(date)
        }
    }
}

/// Prints clap's usage errors in Chinese.
fn usage_error(error: clap::Error) -> i32 {
    let rendered = error.render().to_string();
    let message = match error.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            print!("{rendered}");
            return if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                EXIT_USAGE
            } else {
                EXIT_OK
            };
        }
        ErrorKind::InvalidSubcommand => "未知的命令".to_string(),
        ErrorKind::UnknownArgument => "未知的选项".to_string(),
        ErrorKind::MissingRequiredArgument => "缺少必需的参数".to_string(),
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        ErrorKind::ArgumentConflict => "选项相互冲突".to_string(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => "选项的值无效".to_string(),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => "选项的值个数不对".to_string(),
        _ => "命令行参数有误".to_string(),
    };
    // clap's own detail line names the offending argument; it is kept,
    // below the Chinese summary, because it quotes the user's input.
    let detail: Vec<&str> = rendered
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .map(str::trim)
        .collect();
    let detail = detail.join(" ");
    let detail = detail.trim_start_matches("error: ");
    eprintln!(
        "错误：{message}（{detail}）\n    修改方法：运行 gongshi --help 查看可用的命令和选项"
    );
    EXIT_USAGE
}

fn report(outcome: &BuildOutcome, common: &CommonArgs, as_of: Date, build: bool) -> i32 {
    let stderr = std::io::stderr();
    let mut out = stderr.lock();
    for diagnostic in &outcome.diagnostics {
        if common.quiet && !diagnostic.is_error() {
            continue;
        }
        let _ = writeln!(out, "{diagnostic}");
    }
    if !outcome.pending_reviews.is_empty() && !common.quiet {
        let _ = writeln!(out, "待审核（未审核的记录不会发布）：");
        for pending in &outcome.pending_reviews {
            let _ = writeln!(
                out,
                "    {}  {}",
                display_path(&pending.source),
                pending.title
            );
        }
    }

    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = outcome.diagnostics.len() - errors;
    let seconds = outcome.elapsed.as_secs_f64();
    if common.verbose {
        let _ = writeln!(out, "数据截至 {as_of}");
    }
    if outcome.failed() {
        let what = if build {
            "生成失败，未写出任何文件，原有网站保持不变"
        } else {
            "检查未通过"
        };
        let _ = writeln!(
            out,
            "{what}：错误 {errors} 个，警告 {warnings} 个，读取 {} 个文件，用时 {seconds:.2} 秒",
            outcome.records_read
        );
        return EXIT_CONTENT_ERRORS;
    }
    if !common.quiet {
        let summary = if build {
            let place = outcome
                .output
                .as_deref()
                .map(display_path)
                .unwrap_or_default();
            format!(
                "生成完成：读取 {} 个文件，写出 {} 个文件（{}）到 {place}，警告 {warnings} 个，用时 {seconds:.2} 秒",
                outcome.records_read,
                outcome.files_written,
                human_size(outcome.bytes_written)
            )
        } else {
            format!(
                "检查通过：读取 {} 个文件，可生成 {} 个文件，警告 {warnings} 个，用时 {seconds:.2} 秒",
                outcome.records_read, outcome.files_written
            )
        };
        let _ = writeln!(out, "{summary}");
    }
    EXIT_OK
}

fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1024.0 / 1024.0)
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}
