//! Generates a synthetic 政务诚信 portal site (site.toml and content/) for
//! benchmarks: a fictional county, 云岭县, with 60 units and N records.
//!
//! ```text
//! cargo run --release --example synth -- --records 10000 --seed 1 --out /tmp/synth-10k
//! ```
//!
//! The records are split over the kinds in the ratio 45 : 35 : 12 : 3
//! (disclosures, commitments, criticisms, evaluations) and dated over the
//! ten years 2016-12-01 to 2026-11-30, with more records in later years.
//! They go in year folders, and in month folders where a year would have
//! more than [`MAX_FILES_PER_FOLDER`] files. Four fixed pages and the 60
//! units come on top of the N records. Bodies are 300–1,500 Chinese
//! characters drawn from sentence templates with slot fillers. Each record
//! keeps to one topic and avoids repeating a template, so the character
//! and bigram statistics look like real 政务 documents and not like one
//! paragraph repeated.
//!
//! The same `--records` and `--seed` always give byte-identical files: the
//! only randomness is the SplitMix64 generator below, each record draws
//! from its own stream (seed, record number), and nothing is read from
//! the clock or the environment. The unit list and credit codes do not
//! depend on the seed.
//!
//! Sites of 1,000 and 10,000 records pass `gongshi check --as-of
//! 2026-12-01` with no error and no warning. Credit codes carry valid
//! GB 32100-2015 and GB 11714-1997 check characters, and 文号 follow
//! GB/T 9704-2012. Outside site.toml's 14-digit police record number, no
//! text has a run of more than 8 digits, so the privacy scan finds no
//! mobile, resident ID or bank card number. At that as-of date some
//! records are withheld on purpose, as on a real portal: drafts,
//! criticisms past their three-year publication period, and repaired and
//! revoked criticisms.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// The fictional county every unit and record belongs to.
const COUNTY: &str = "云岭县";
/// Its administrative division code (positions 3–8 of the credit codes).
/// 422829 is not assigned to any real county.
const DIVISION_CODE: &str = "422829";
const ADDRESS_PREFIX: &str = "湖北省恩施土家族苗族自治州云岭县";

/// Record dates run from FIRST_DAY to LAST_DAY inclusive, the ten years
/// before the as-of date 2026-12-01 that the benchmark builds with.
const FIRST_DAY: (i32, u32, u32) = (2016, 12, 1);
const LAST_DAY: (i32, u32, u32) = (2026, 11, 30);

/// No folder gets more files than this (records and attachments), because
/// editors browse the folders and some file systems slow down on big ones.
const MAX_FILES_PER_FOLDER: usize = 2000;

/// Bodies hold this many Chinese characters (CJK unified ideographs).
const BODY_MIN_HAN: usize = 300;
const BODY_MAX_HAN: usize = 1500;

/// Shares of the record kinds, in per mille of N, in `Kind` order.
const KIND_WEIGHTS: [u32; 4] = [450, 350, 120, 30];

#[derive(Parser, Debug)]
#[command(about = "Writes a synthetic gongshi site folder (site.toml and content/) for benchmarks")]
struct Args {
    /// Number of records (disclosures, commitments, criticisms and
    /// evaluations); the 60 units and 4 pages come on top.
    #[arg(long)]
    records: usize,
    /// Seed of the random generator; the same records and seed give
    /// byte-identical output.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Site folder to create; it must not exist or be empty.
    #[arg(long)]
    out: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("synth: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<String, String> {
    if let Ok(mut entries) = fs::read_dir(&args.out)
        && entries.next().is_some()
    {
        return Err(format!(
            "{} exists and is not empty; pass a new folder",
            args.out.display()
        ));
    }
    let units = units();
    let plan = plan_records(args.records, args.seed, &units);
    let files = render_site(&plan, &units, args.seed);

    let mut counts = [0usize; 4];
    for record in &plan {
        counts[record.kind as usize] += 1;
    }
    for (path, bytes) in &files {
        let full = args.out.join(path);
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("failed to create {}: {e}", parent.display()))?;
        }
        fs::write(&full, bytes).map_err(|e| format!("failed to write {}: {e}", full.display()))?;
    }
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    Ok(format!(
        "wrote {} files ({:.1} MB) to {}: {} disclosures, {} commitments, {} criticisms, {} evaluations, {} units, {} pages",
        files.len(),
        bytes as f64 / 1e6,
        args.out.display(),
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        units.len(),
        PAGES.len()
    ))
}

// ---------------------------------------------------------------------------
// Random numbers

/// SplitMix64: small, fast, and the same sequence on every platform.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    /// A generator for one stream of a seed, independent of the others.
    fn stream(seed: u64, stream: u64) -> Rng {
        let mut mixer = Rng(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        Rng(mixer.next_u64())
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Returns a number in 0..bound, by multiply-shift. The bias is below
    /// bound / 2^64, negligible for the bounds used here.
    fn below(&mut self, bound: usize) -> usize {
        ((u128::from(self.next_u64()) * bound as u128) >> 64) as usize
    }

    /// Returns a number in lo..=hi.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    /// Returns a float in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, probability: f64) -> bool {
        self.unit() < probability
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Returns an index drawn with the given weights.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut draw = self.below(total as usize) as u32;
        for (index, &weight) in weights.iter().enumerate() {
            if draw < weight {
                return index;
            }
            draw -= weight;
        }
        weights.len() - 1
    }
}

// ---------------------------------------------------------------------------
// Dates, as days since 1970-01-01

type Day = i32;

/// Returns the days since 1970-01-01 of a proleptic Gregorian date, by
/// the usual 400-year-era arithmetic (tests::dates_round_trip checks it).
fn day(year: i32, month: u32, day: u32) -> Day {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Returns the (year, month, day) of a day number; the inverse of [`day`].
fn civil(days: Day) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i32::from(m <= 2);
    (y, m, d)
}

fn first_day() -> Day {
    day(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2)
}

fn last_day() -> Day {
    day(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2)
}

/// 2024-07-29, as TOML and the index write it.
fn iso(days: Day) -> String {
    let (y, m, d) = civil(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// 2024年7月29日, as Chinese documents write it.
fn chinese_date(days: Day) -> String {
    let (y, m, d) = civil(days);
    format!("{y}年{m}月{d}日")
}

fn year_of(days: Day) -> i32 {
    civil(days).0
}

// ---------------------------------------------------------------------------
// Units and credit codes

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum UnitKind {
    Organ,
    Institution,
    Township,
    Association,
    Other,
}

impl UnitKind {
    fn zh(self) -> &'static str {
        match self {
            UnitKind::Organ => "党政机关",
            UnitKind::Institution => "事业单位",
            UnitKind::Township => "乡镇人民政府",
            UnitKind::Association => "人民团体",
            UnitKind::Other => "其他",
        }
    }

    /// Positions 1–2 of the credit code: registration authority 1
    /// (机构编制) and the organisation kind.
    fn code_prefix(self) -> &'static str {
        match self {
            UnitKind::Organ | UnitKind::Township => "11",
            UnitKind::Institution => "12",
            UnitKind::Association => "13",
            UnitKind::Other => "19",
        }
    }
}

struct Unit {
    id: &'static str,
    name: String,
    short: String,
    aliases: Vec<String>,
    kind: UnitKind,
    /// 机关代字 for 文号, e.g. 云发改.
    code_word: &'static str,
    /// `None` for a unit whose code is still pending.
    uscc: Option<String>,
    phone: String,
    address: String,
    parent: Option<&'static str>,
    /// Records name this unit only on days in active_from..active_until.
    active_from: Day,
    active_until: Option<Day>,
    successor: Option<&'static str>,
}

impl Unit {
    fn is_township(&self) -> bool {
        self.kind == UnitKind::Township
    }

    fn active_on(&self, days: Day) -> bool {
        days >= self.active_from && self.active_until.is_none_or(|until| days < until)
    }

    /// Returns the organisation code inside the credit code (positions
    /// 9–17), which starts the unit's 索引号.
    fn org_code(&self) -> Option<&str> {
        self.uscc.as_deref().map(|code| &code[8..17])
    }
}

/// The GB 32100-2015 character set in value order.
const USCC_CHARSET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
const ORG_CODE_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// Computes the GB 32100-2015 check character of the first 17 characters:
/// 31 − (Σ value × weight mod 31), where 31 is written 0.
fn uscc_check_char(first17: &str) -> char {
    let sum: u32 = first17
        .bytes()
        .zip(USCC_WEIGHTS)
        .map(|(c, w)| {
            USCC_CHARSET
                .iter()
                .position(|&x| x == c)
                .expect("character from the GB 32100 set") as u32
                * w
        })
        .sum();
    USCC_CHARSET[((31 - sum % 31) % 31) as usize] as char
}

/// Computes the GB 11714-1997 check character of an organisation code
/// body: 11 − (Σ value × weight mod 11), where 10 is written X and 11
/// is 0. Letters count A = 10 … Z = 35.
fn org_code_check_char(body8: &str) -> char {
    let sum: u32 = body8
        .chars()
        .zip(ORG_CODE_WEIGHTS)
        .map(|(c, w)| c.to_digit(36).expect("digit or letter") * w)
        .sum();
    match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        digit => char::from_digit(digit, 10).expect("below 10"),
    }
}

/// Makes the credit code of the unit numbered `index`: kind prefix,
/// division code, an organisation code body MB1xxxxx with its GB 11714
/// check character, then the GB 32100 check character.
fn credit_code(kind: UnitKind, index: usize) -> String {
    let mut rng = Rng::stream(0x00C0_DE5E_ED00, index as u64);
    // Letters of the GB 32100 set; the org-code check of such a body is a
    // digit or X, which the GB 32100 set also has.
    let mut body = String::from("MB1");
    for _ in 0..5 {
        body.push(*rng.pick(USCC_CHARSET) as char);
    }
    let org_check = org_code_check_char(&body);
    let first17 = format!("{}{DIVISION_CODE}{body}{org_check}", kind.code_prefix());
    let check = uscc_check_char(&first17);
    format!("{first17}{check}")
}

/// (id, name, kind, short name, aliases, 机关代字)
type UnitRow = (
    &'static str,
    &'static str,
    UnitKind,
    &'static str,
    &'static [&'static str],
    &'static str,
);

/// The 50 county-level units; `{县}` stands for the county name.
const DEPARTMENTS: &[UnitRow] = &[
    (
        "xzf",
        "{县}人民政府",
        UnitKind::Organ,
        "县政府",
        &["{县}政府"],
        "云政",
    ),
    (
        "zfb",
        "{县}人民政府办公室",
        UnitKind::Organ,
        "县政府办",
        &["县政府办公室", "政府办"],
        "云政办",
    ),
    (
        "fgj",
        "{县}发展和改革局",
        UnitKind::Organ,
        "县发改局",
        &["县发改委", "发改局", "{县}发改局"],
        "云发改",
    ),
    (
        "xyb",
        "{县}社会信用体系建设领导小组办公室",
        UnitKind::Organ,
        "县信用办",
        &["云信用办", "信用办"],
        "云信用办",
    ),
    (
        "dckp",
        "{县}督查考评办公室",
        UnitKind::Organ,
        "县督查考评办",
        &["督查考评办", "县委县政府督查考评办"],
        "云督考办",
    ),
    (
        "ysb",
        "{县}优化营商环境领导小组办公室",
        UnitKind::Organ,
        "县营商办",
        &["营商办", "县优化办"],
        "云营商办",
    ),
    (
        "zsj",
        "{县}政务服务和大数据管理局",
        UnitKind::Organ,
        "县政数局",
        &["政数局", "县政务服务中心"],
        "云政数",
    ),
    (
        "spj",
        "{县}行政审批局",
        UnitKind::Organ,
        "县审批局",
        &["审批局"],
        "云审批",
    ),
    (
        "czj",
        "{县}财政局",
        UnitKind::Organ,
        "县财政局",
        &["财政局"],
        "云财",
    ),
    (
        "scjgj",
        "{县}市场监督管理局",
        UnitKind::Organ,
        "县市场监管局",
        &["市场监管局", "县市监局"],
        "云市监",
    ),
    (
        "kjj",
        "{县}科学技术和经济信息化局",
        UnitKind::Organ,
        "县科经局",
        &["科经局", "县经信局", "县科技局"],
        "云科经",
    ),
    (
        "rsj",
        "{县}人力资源和社会保障局",
        UnitKind::Organ,
        "县人社局",
        &["人社局", "{县}人社局"],
        "云人社",
    ),
    (
        "sfj",
        "{县}司法局",
        UnitKind::Organ,
        "县司法局",
        &["司法局"],
        "云司",
    ),
    (
        "fy",
        "{县}人民法院",
        UnitKind::Organ,
        "县法院",
        &["{县}法院"],
        "云法",
    ),
    (
        "jyj",
        "{县}教育局",
        UnitKind::Organ,
        "县教育局",
        &["教育局"],
        "云教",
    ),
    (
        "wjj",
        "{县}卫生健康局",
        UnitKind::Organ,
        "县卫健局",
        &["卫健局", "县卫生健康委"],
        "云卫健",
    ),
    (
        "mzj",
        "{县}民政局",
        UnitKind::Organ,
        "县民政局",
        &["民政局"],
        "云民",
    ),
    (
        "zjj",
        "{县}住房和城乡建设局",
        UnitKind::Organ,
        "县住建局",
        &["住建局"],
        "云住建",
    ),
    (
        "jtj",
        "{县}交通运输局",
        UnitKind::Organ,
        "县交通运输局",
        &["交通局", "县交通局"],
        "云交",
    ),
    (
        "slj",
        "{县}水利和湖泊局",
        UnitKind::Organ,
        "县水利局",
        &["水利局"],
        "云水",
    ),
    (
        "nyj",
        "{县}农业农村局",
        UnitKind::Organ,
        "县农业农村局",
        &["农业局", "县农业局"],
        "云农",
    ),
    (
        "zrzyj",
        "{县}自然资源和规划局",
        UnitKind::Organ,
        "县自然资源局",
        &["自然资源局", "县国土局"],
        "云自然资规",
    ),
    (
        "sthj",
        "恩施州生态环境局{县}分局",
        UnitKind::Organ,
        "县生态环境分局",
        &["环保局", "县环保局"],
        "云环",
    ),
    (
        "wlj",
        "{县}文化和旅游局",
        UnitKind::Organ,
        "县文旅局",
        &["文旅局"],
        "云文旅",
    ),
    (
        "yjj",
        "{县}应急管理局",
        UnitKind::Organ,
        "县应急局",
        &["应急局", "县安监局"],
        "云应急",
    ),
    (
        "sjj",
        "{县}审计局",
        UnitKind::Organ,
        "县审计局",
        &["审计局"],
        "云审",
    ),
    (
        "tjj",
        "{县}统计局",
        UnitKind::Organ,
        "县统计局",
        &["统计局"],
        "云统",
    ),
    (
        "ybj",
        "{县}医疗保障局",
        UnitKind::Organ,
        "县医保局",
        &["医保局"],
        "云医保",
    ),
    (
        "tyjrj",
        "{县}退役军人事务局",
        UnitKind::Organ,
        "县退役军人局",
        &["退役军人事务局"],
        "云退役",
    ),
    (
        "lyj",
        "{县}林业局",
        UnitKind::Organ,
        "县林业局",
        &["林业局"],
        "云林",
    ),
    (
        "swj",
        "{县}商务局",
        UnitKind::Organ,
        "县商务局",
        &["商务局"],
        "云商务",
    ),
    (
        "gaj",
        "{县}公安局",
        UnitKind::Organ,
        "县公安局",
        &["公安局"],
        "云公",
    ),
    (
        "shuiwu",
        "国家税务总局{县}税务局",
        UnitKind::Organ,
        "县税务局",
        &["税务局", "{县}税务局"],
        "云税",
    ),
    (
        "xczx",
        "{县}乡村振兴局",
        UnitKind::Organ,
        "县乡村振兴局",
        &["县扶贫办", "扶贫办"],
        "云乡振",
    ),
    (
        "cgj",
        "{县}城市管理执法局",
        UnitKind::Organ,
        "县城管执法局",
        &["城管局", "县城管局"],
        "云城管",
    ),
    (
        "ggzy",
        "{县}公共资源交易中心",
        UnitKind::Institution,
        "县公共资源交易中心",
        &["交易中心"],
        "云公管",
    ),
    (
        "sbj",
        "{县}社会保险事业局",
        UnitKind::Institution,
        "县社保局",
        &["社保局"],
        "云社保",
    ),
    (
        "cdc",
        "{县}疾病预防控制中心",
        UnitKind::Institution,
        "县疾控中心",
        &["疾控中心"],
        "云疾控",
    ),
    (
        "rmyy",
        "{县}人民医院",
        UnitKind::Institution,
        "县人民医院",
        &["县医院"],
        "云医",
    ),
    (
        "jrjg",
        "国家金融监督管理总局{县}监管支局",
        UnitKind::Organ,
        "云岭监管支局",
        &["金融监管支局"],
        "云金监",
    ),
    (
        "rmt",
        "{县}融媒体中心",
        UnitKind::Institution,
        "县融媒体中心",
        &["融媒体中心"],
        "云融媒",
    ),
    (
        "zzb",
        "中共{县}委员会组织部",
        UnitKind::Organ,
        "县委组织部",
        &["{县}委组织部", "组织部"],
        "云组",
    ),
    (
        "xcb",
        "中共{县}委员会宣传部",
        UnitKind::Organ,
        "县委宣传部",
        &["{县}委宣传部", "宣传部"],
        "云宣",
    ),
    (
        "jwjw",
        "中共{县}纪律检查委员会 {县}监察委员会",
        UnitKind::Organ,
        "县纪委监委机关",
        &["县纪委监委", "县纪委", "县监委"],
        "云纪",
    ),
    (
        "bb",
        "中共{县}委机构编制委员会办公室",
        UnitKind::Organ,
        "县委编办",
        &["县编办", "编办"],
        "云编办",
    ),
    (
        "zgh",
        "{县}总工会",
        UnitKind::Association,
        "县总工会",
        &["总工会"],
        "云工",
    ),
    (
        "tw",
        "共青团{县}委员会",
        UnitKind::Association,
        "团县委",
        &["共青团县委"],
        "云团",
    ),
    (
        "fl",
        "{县}妇女联合会",
        UnitKind::Association,
        "县妇联",
        &["妇联"],
        "云妇",
    ),
    (
        "gsl",
        "{县}工商业联合会",
        UnitKind::Association,
        "县工商联",
        &["县总商会", "工商联"],
        "云工商联",
    ),
    (
        "gxs",
        "{县}供销合作社联合社",
        UnitKind::Other,
        "县供销社",
        &["供销社"],
        "云供销",
    ),
];

/// The 10 townships: id, short name, other names, 机关代字.
const TOWNSHIPS: &[(&str, &str, &[&str], &str)] = &[
    ("chengguan", "城关镇", &[], "城政"),
    ("longtan", "龙潭镇", &[], "龙政"),
    ("shimen", "石门镇", &[], "石政"),
    ("baisha", "白沙镇", &[], "白政"),
    ("gaoping", "高坪镇", &[], "高政"),
    ("shuanghe", "双河镇", &[], "双政"),
    ("changling", "长岭乡", &[], "长政"),
    ("qingshan", "青山乡", &[], "青政"),
    ("taoyuan", "桃源土家族乡", &["桃源乡"], "桃政"),
    ("huangping", "黄坪侗族乡", &["黄坪乡"], "黄政"),
];

fn county(text: &str) -> String {
    text.replace("{县}", COUNTY)
}

/// Returns the 60 units, the same for every seed.
fn units() -> Vec<Unit> {
    let mut units = Vec::new();
    for (index, &(id, name, kind, short, aliases, code_word)) in DEPARTMENTS.iter().enumerate() {
        let mut phone_rng = Rng::stream(0x0FF1_CE00, index as u64);
        units.push(Unit {
            id,
            name: county(name),
            short: short.to_string(),
            aliases: aliases.iter().map(|a| county(a)).collect(),
            kind,
            code_word,
            uscc: Some(credit_code(kind, index)),
            phone: format!("0718-58{:05}", phone_rng.range(10_000, 29_999)),
            address: format!("{ADDRESS_PREFIX}城关镇"),
            parent: None,
            active_from: first_day(),
            active_until: None,
            successor: None,
        });
    }
    for (offset, &(id, short, extra, code_word)) in TOWNSHIPS.iter().enumerate() {
        let index = DEPARTMENTS.len() + offset;
        let mut phone_rng = Rng::stream(0x0FF1_CE00, index as u64);
        let mut aliases = vec![format!("{short}政府"), format!("{short}人民政府")];
        aliases.extend(extra.iter().map(|a| a.to_string()));
        units.push(Unit {
            id,
            name: format!("{COUNTY}{short}人民政府"),
            short: short.to_string(),
            aliases,
            kind: UnitKind::Township,
            code_word,
            uscc: Some(credit_code(UnitKind::Township, index)),
            phone: format!("0718-59{:05}", phone_rng.range(10_000, 29_999)),
            address: format!("{ADDRESS_PREFIX}{short}"),
            parent: None,
            active_from: first_day(),
            active_until: None,
            successor: None,
        });
    }

    // Changes over the ten years, so that the site has a parent, merged
    // units with successors, and a unit whose credit code is pending.
    let find = |units: &[Unit], id: &str| {
        units
            .iter()
            .position(|u| u.id == id)
            .expect("unit in the list")
    };
    let xyb = find(&units, "xyb");
    units[xyb].parent = Some("fgj");
    let zsj = find(&units, "zsj");
    units[zsj].active_from = day(2019, 3, 1);
    let spj = find(&units, "spj");
    units[spj].active_until = Some(day(2019, 3, 1));
    units[spj].successor = Some("zsj");
    let xczx = find(&units, "xczx");
    units[xczx].active_until = Some(day(2024, 3, 1));
    units[xczx].successor = Some("nyj");
    let jrjg = find(&units, "jrjg");
    units[jrjg].active_from = day(2024, 6, 1);
    units[jrjg].uscc = None;
    units
}

fn unit_file(unit: &Unit) -> String {
    let mut out = String::new();
    line(&mut out, "name", &toml_string(&unit.name));
    line(&mut out, "kind", &toml_string(unit.kind.zh()));
    line(&mut out, "short_name", &toml_string(&unit.short));
    match &unit.uscc {
        Some(code) => line(&mut out, "uscc", &toml_string(code)),
        None => line(&mut out, "uscc_pending", "true"),
    }
    if let Some(parent) = unit.parent {
        line(&mut out, "parent", &toml_string(parent));
    }
    line(&mut out, "aliases", &toml_array(&unit.aliases));
    line(&mut out, "address", &toml_string(&unit.address));
    line(&mut out, "phone", &toml_string(&unit.phone));
    if unit.id == "zfb" {
        line(
            &mut out,
            "website",
            &toml_string("https://www.example.gov.cn/"),
        );
    }
    if let Some(successor) = unit.successor {
        line(&mut out, "successor", &toml_string(successor));
    }
    if let Some(until) = unit.active_until {
        line(&mut out, "dissolved_on", &iso(until));
    }
    out
}

// ---------------------------------------------------------------------------
// TOML output

/// Quotes text as a TOML basic string. The generated text has no control
/// characters, so escaping `\` and `"` is enough.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

fn toml_array(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| toml_string(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// Quotes text as a TOML multi-line basic string. The generated text never
/// contains `"""` or `\`.
fn toml_multiline(text: &str) -> String {
    format!("\"\"\"\n{text}\n\"\"\"")
}

fn line(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "{key} = {value}");
}

// ---------------------------------------------------------------------------
// The plan: kind, date, unit and category of every record, drawn before
// any text so that 文号 can be numbered in date order.

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Kind {
    Disclosure = 0,
    Commitment = 1,
    Criticism = 2,
    Evaluation = 3,
}

impl Kind {
    const ALL: [Kind; 4] = [
        Kind::Disclosure,
        Kind::Commitment,
        Kind::Criticism,
        Kind::Evaluation,
    ];

    fn folder(self) -> &'static str {
        match self {
            Kind::Disclosure => "disclosures",
            Kind::Commitment => "commitments",
            Kind::Criticism => "criticisms",
            Kind::Evaluation => "evaluations",
        }
    }
}

const DISCLOSURE_CATEGORIES: &[&str] = &[
    "政策文件",
    "政策解读",
    "规划计划",
    "财政预决算",
    "政府采购",
    "招标投标",
    "招商引资",
    "债务融资",
    "政府投资",
    "行政审批",
    "人事信息",
    "其他",
];
const DISCLOSURE_CATEGORY_WEIGHTS: &[u32] = &[16, 8, 8, 14, 12, 10, 5, 3, 6, 8, 5, 5];
/// URL words of the disclosure categories, in the same order.
const DISCLOSURE_SLUGS: &[&str] = &[
    "zhengce",
    "jiedu",
    "guihua",
    "yujuesuan",
    "caigou",
    "zhaobiao",
    "zhaoshang",
    "zhaiwu",
    "touzi",
    "shenpi",
    "renshi",
    "qita",
];

const COMMITMENT_CATEGORIES: &[&str] = &[
    "政务诚信承诺",
    "服务承诺",
    "招商引资承诺",
    "政策兑现承诺",
    "为民办实事",
    "其他",
];
const COMMITMENT_CATEGORY_WEIGHTS: &[u32] = &[20, 25, 12, 15, 22, 6];
const COMMITMENT_SLUGS: &[&str] = &["chengxin", "fuwu", "zhaoshang", "duixian", "shishi", "qita"];

const CRITICISM_CATEGORIES: &[&str] = &[
    "新官不理旧账",
    "招商不诚信",
    "政策承诺不兑现",
    "拖欠企业账款",
    "违约拖欠债务",
    "其他",
];
const CRITICISM_CATEGORY_WEIGHTS: &[u32] = &[18, 14, 18, 26, 16, 8];
const CRITICISM_SLUGS: &[&str] = &[
    "xinguan",
    "zhaoshang",
    "duixian",
    "tuoqian",
    "weiyue",
    "qita",
];

/// Units that issue criticisms, and bodies outside the county that do.
const CRITICISM_ISSUERS: &[&str] = &["xyb", "dckp", "ysb", "zfb", "jwjw"];
const OUTSIDE_ISSUERS: &[(&str, &str)] = &[
    ("湖北省社会信用体系建设领导小组办公室", "鄂信用办"),
    ("恩施州社会信用体系建设领导小组办公室", "恩施州信用办"),
];

/// Units most likely to publish each disclosure category, in category order.
const DISCLOSURE_UNITS: &[&[&str]] = &[
    &["xzf", "zfb", "fgj", "xyb", "czj", "scjgj", "zsj"],
    &["zfb", "fgj", "xyb", "czj", "rsj", "scjgj"],
    &["fgj", "zfb", "nyj", "zrzyj", "jtj", "wlj"],
    &[],
    &[],
    &[
        "zjj",
        "jtj",
        "slj",
        "ggzy",
        "nyj",
        "chengguan",
        "longtan",
        "baisha",
    ],
    &["kjj", "swj", "fgj", "ysb"],
    &["czj"],
    &["fgj", "zjj", "jtj", "slj"],
    &["zsj", "spj", "scjgj", "zjj", "zrzyj", "sthj"],
    &["rsj", "zzb", "jyj", "wjj"],
    &[],
];

/// Units most likely to make each commitment category, in category order.
const COMMITMENT_UNITS: &[&[&str]] = &[
    &[],
    &[
        "zsj", "spj", "scjgj", "sbj", "ybj", "gaj", "shuiwu", "rmyy", "rsj", "zrzyj",
    ],
    &[
        "kjj",
        "swj",
        "fgj",
        "chengguan",
        "longtan",
        "gaoping",
        "shuanghe",
    ],
    &["kjj", "czj", "rsj", "nyj", "swj", "wlj", "xczx"],
    &[
        "chengguan",
        "longtan",
        "shimen",
        "baisha",
        "gaoping",
        "shuanghe",
        "changling",
        "qingshan",
        "taoyuan",
        "huangping",
        "jtj",
        "slj",
        "zjj",
        "jyj",
        "wjj",
    ],
    &[],
];

#[derive(Clone, Debug)]
struct Planned {
    /// Record number, 0…N−1, which also seeds the record's text.
    number: usize,
    kind: Kind,
    date: Day,
    /// Index into the unit list of the main unit (the publisher, the
    /// committing or the criticised unit, or the evaluator).
    unit: usize,
    category: usize,
    /// `Some` once numbered: the 文号.
    doc_no: Option<String>,
    /// Sequence of the 索引号 within the unit and year.
    index_seq: usize,
    has_attachment: bool,
    /// Folder under the kind folder, such as 2024 or 2024/07.
    folder: String,
}

/// Draws a day in the ten years, with density rising about threefold from
/// the first year to the last, as portals publish more every year.
fn draw_day(rng: &mut Rng) -> Day {
    let span = (last_day() - first_day() + 1) as f64;
    let u = rng.unit();
    let offset = if rng.chance(0.5) {
        u * span
    } else {
        u.sqrt() * span
    };
    first_day() + (offset as Day).min(span as Day - 1)
}

fn pick_unit(
    rng: &mut Rng,
    units: &[Unit],
    preferred: &[&str],
    date: Day,
    exclude: &[&str],
) -> usize {
    let usable = |u: &Unit| u.active_on(date) && !exclude.contains(&u.id);
    if !preferred.is_empty() && rng.chance(0.7) {
        let candidates: Vec<usize> = preferred
            .iter()
            .filter_map(|id| units.iter().position(|u| u.id == *id))
            .filter(|&i| usable(&units[i]))
            .collect();
        if !candidates.is_empty() {
            return *rng.pick(&candidates);
        }
    }
    let candidates: Vec<usize> = (0..units.len()).filter(|&i| usable(&units[i])).collect();
    *rng.pick(&candidates)
}

fn plan_records(count: usize, seed: u64, units: &[Unit]) -> Vec<Planned> {
    let mut rng = Rng::stream(seed, u64::MAX);
    let mut plan: Vec<Planned> = (0..count)
        .map(|number| {
            let kind = Kind::ALL[rng.weighted(&KIND_WEIGHTS)];
            let date = draw_day(&mut rng);
            let (category, unit, has_attachment) = match kind {
                Kind::Disclosure => {
                    let category = rng.weighted(DISCLOSURE_CATEGORY_WEIGHTS);
                    let unit = pick_unit(&mut rng, units, DISCLOSURE_UNITS[category], date, &[]);
                    (category, unit, rng.chance(0.04))
                }
                Kind::Commitment => {
                    let category = rng.weighted(COMMITMENT_CATEGORY_WEIGHTS);
                    (
                        category,
                        pick_unit(&mut rng, units, COMMITMENT_UNITS[category], date, &[]),
                        false,
                    )
                }
                Kind::Criticism => {
                    let category = rng.weighted(CRITICISM_CATEGORY_WEIGHTS);
                    (
                        category,
                        pick_unit(
                            &mut rng,
                            units,
                            &[],
                            date,
                            &["xyb", "dckp", "ysb", "jwjw", "zfb", "xzf"],
                        ),
                        false,
                    )
                }
                Kind::Evaluation => {
                    let evaluators = ["dckp", "xyb", "ysb", "zsj", "zfb"];
                    (0, pick_unit(&mut rng, units, &evaluators, date, &[]), false)
                }
            };
            Planned {
                number,
                kind,
                date,
                unit,
                category,
                doc_no: None,
                index_seq: 0,
                has_attachment,
                folder: String::new(),
            }
        })
        .collect();

    plan.sort_by_key(|p| (p.date, p.number));
    number_documents(&mut plan, units, &mut rng);
    assign_folders(&mut plan);
    plan.sort_by_key(|p| p.number);
    plan
}

/// Gives 文号 and 索引号 sequences in date order, per issuing body and year.
fn number_documents(plan: &mut [Planned], units: &[Unit], rng: &mut Rng) {
    let mut serials: BTreeMap<(String, i32), usize> = BTreeMap::new();
    let mut index_serials: BTreeMap<(usize, i32), usize> = BTreeMap::new();
    for record in plan.iter_mut() {
        let year = year_of(record.date);
        let unit = &units[record.unit];
        let word = match record.kind {
            Kind::Disclosure => {
                let index_serial = index_serials.entry((record.unit, year)).or_insert(0);
                *index_serial += 1;
                record.index_seq = *index_serial;
                let (numbered, suffix) = match DISCLOSURE_CATEGORIES[record.category] {
                    "政策文件" => (true, *rng.pick(&["发", "发", "文", "函"])),
                    "规划计划" => (rng.chance(0.5), "发"),
                    "政府投资" => (true, "审批"),
                    "行政审批" => (rng.chance(0.4), "许"),
                    "人事信息" => (rng.chance(0.3), "人"),
                    "债务融资" => (rng.chance(0.5), "债"),
                    "其他" => (rng.chance(0.3), "函"),
                    _ => (false, ""),
                };
                numbered.then(|| format!("{}{suffix}", unit.code_word))
            }
            // Criticisms are numbered by their issuer, which
            // criticism_issuer derives from the record number alone, so
            // the 文号 here and the issuer in the text agree.
            Kind::Criticism => Some(criticism_issuer(record.number).1),
            _ => None,
        };
        if let Some(word) = word {
            let serial = serials.entry((word.clone(), year)).or_insert(0);
            *serial += 1;
            record.doc_no = Some(format!("{word}〔{year}〕{serial}号"));
        }
    }
}

/// Returns the issuer of a criticism as (value of `issuer`, 机关代字),
/// drawn from the record number alone so that the plan and the text agree.
fn criticism_issuer(number: usize) -> (String, String) {
    let mut rng = Rng::stream(0x155E_0000, number as u64);
    if rng.chance(0.08) {
        let (name, word) = *rng.pick(OUTSIDE_ISSUERS);
        return (name.to_string(), word.to_string());
    }
    let id = *rng.pick(CRITICISM_ISSUERS);
    let word = DEPARTMENTS
        .iter()
        .find(|row| row.0 == id)
        .map(|row| row.5)
        .expect("issuer in the unit list");
    (id.to_string(), word.to_string())
}

/// Puts records in year folders, and in month folders (split further in
/// numbered parts if needed) where a year would exceed the file limit.
fn assign_folders(plan: &mut [Planned]) {
    let files = |p: &Planned| 1 + usize::from(p.has_attachment);
    let mut per_year: BTreeMap<(Kind, i32), usize> = BTreeMap::new();
    for p in plan.iter() {
        *per_year.entry((p.kind, year_of(p.date))).or_insert(0) += files(p);
    }
    // (kind, folder) → files so far, for splitting a month into parts.
    let mut filled: BTreeMap<(Kind, String), usize> = BTreeMap::new();
    let mut part_of: BTreeMap<(Kind, i32, u32), usize> = BTreeMap::new();
    for p in plan.iter_mut() {
        let (year, month, _) = civil(p.date);
        if per_year[&(p.kind, year)] <= MAX_FILES_PER_FOLDER {
            p.folder = year.to_string();
            continue;
        }
        let part = part_of.entry((p.kind, year, month)).or_insert(1);
        loop {
            let folder = if *part == 1 {
                format!("{year}/{month:02}")
            } else {
                format!("{year}/{month:02}-{part}")
            };
            let used = filled.entry((p.kind, folder.clone())).or_insert(0);
            if *used + files(p) <= MAX_FILES_PER_FOLDER {
                *used += files(p);
                p.folder = folder;
                break;
            }
            *part += 1;
        }
    }
}

// ---------------------------------------------------------------------------
// Vocabulary. A template is text with {slot} names; a slot is filled from
// the record (its unit, year, date) or by a random pick from a list below,
// whose entries may contain slots themselves.

const POLICIES: &[&str] = &[
    "《国务院关于加强政务诚信建设的指导意见》（国发〔2016〕76号）",
    "《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》（国发〔2016〕33号）",
    "《优化营商环境条例》",
    "《保障中小企业款项支付条例》",
    "《中华人民共和国政府信息公开条例》",
    "《湖北省社会信用信息管理条例》",
    "《中华人民共和国预算法》",
    "《中华人民共和国政府采购法》",
    "《中华人民共和国招标投标法》",
    "《中华人民共和国行政许可法》",
    "《重大行政决策程序暂行条例》",
    "《政府投资条例》",
    "《国务院办公厅关于建立政务服务“好差评”制度提高政务服务水平的意见》",
    "《关于推进社会信用体系建设高质量发展促进形成新发展格局的意见》",
    "《湖北省优化营商环境办法》",
    "《法治政府建设实施纲要（2021—2025年）》",
    "《中华人民共和国民法典》",
    "《地方政府专项债券项目资金绩效管理办法》",
];

const GOALS: &[&str] = &[
    "进一步加强政务诚信建设",
    "持续优化营商环境",
    "提升政府公信力",
    "推动社会信用体系建设高质量发展",
    "切实维护企业合法权益",
    "构建亲清政商关系",
    "深化“放管服”改革",
    "提高政务服务效能",
    "规范政府采购行为",
    "防范化解政府债务风险",
    "推进法治政府建设",
    "保障和改善民生",
    "巩固拓展脱贫攻坚成果",
    "加快推进乡村全面振兴",
    "推动县域经济高质量发展",
    "提升企业和群众满意度",
    "增强市场主体获得感",
    "推进政务公开标准化规范化",
    "营造诚实守信的社会氛围",
    "落实“谁决策、谁负责”的要求",
    "打造市场化法治化国际化营商环境",
    "兑现对企业和群众的承诺",
];

const TOPICS: &[&str] = &[
    "政务诚信建设",
    "社会信用体系建设",
    "优化营商环境",
    "政务公开",
    "政府采购管理",
    "招标投标监管",
    "政府债务管理",
    "涉企收费清理",
    "惠企政策兑现",
    "行政审批制度改革",
    "政务服务“一网通办”",
    "“高效办成一件事”",
    "清理拖欠企业账款",
    "信用修复",
    "失信惩戒",
    "守信激励",
    "农村人居环境整治",
    "乡村振兴",
    "安全生产",
    "防汛抗旱",
    "义务教育优质均衡发展",
    "城乡供水一体化",
    "农村公路建设",
    "森林防火",
    "耕地保护",
    "生态环境保护",
    "食品安全",
    "住房保障",
    "就业创业",
    "社会保险扩面",
    "医疗保障",
    "养老服务",
    "文化旅游融合发展",
    "茶产业发展",
    "“双招双引”",
    "中小企业发展",
    "数字政府建设",
    "12345政务服务热线办理",
    "政府合同管理",
    "公共资源交易",
];

const MEASURES: &[&str] = &[
    "建立工作台账，实行挂图作战、销号管理",
    "明确责任领导、责任科室和完成时限",
    "实行“一月一调度、一季一通报”",
    "开通涉企诉求“绿色通道”",
    "推行“一次告知、限时办结”",
    "落实首问负责制、限时办结制和一次性告知制",
    "开展“回头看”专项检查",
    "推行证明事项告知承诺制",
    "建立容缺受理机制",
    "实行“前台综合受理、后台分类审批、综合窗口出件”",
    "将履约情况纳入年度综合绩效考评",
    "对逾期未办结事项实行挂牌督办",
    "建立企业诉求快速响应机制",
    "定期开展政务失信风险排查",
    "健全合同签订、履行、验收全流程管理",
    "推行政府采购合同线上签订和资金支付进度公开",
    "建立拖欠账款清偿台账，做到无分歧欠款应付尽付",
    "落实政务服务“好差评”制度",
    "实行重大行政决策合法性审查",
    "推进“一网通办”“一窗通办”",
    "建立问题清单、责任清单和整改清单",
    "组织专班逐项核查、逐项销号",
];

const BUSINESSES: &[&str] = &[
    "企业",
    "中小企业",
    "民营企业",
    "市场主体",
    "个体工商户",
    "施工企业",
    "供应商",
    "项目业主",
];

const PROJECTS: &[&str] = &[
    "集镇农贸市场提档升级",
    "农村饮水安全巩固提升工程",
    "通组公路硬化",
    "产业园区标准化厂房",
    "集镇污水处理厂",
    "中小学校舍维修改造",
    "卫生院业务用房改扩建",
    "易地搬迁安置点配套设施",
    "便民服务中心改造",
    "河道综合治理",
    "高标准农田建设",
    "老旧小区改造",
    "县城公共停车场",
    "城区供水管网改造",
    "垃圾转运站",
    "茶叶交易市场",
    "集镇文化广场",
    "敬老院改扩建",
    "村级道路安防工程",
    "电商公共服务中心",
    "冷链物流仓储中心",
    "农村危房改造",
    "山洪沟治理",
    "体育公园",
    "公办幼儿园扩建",
    "集镇路灯亮化",
];

const INDUSTRIES: &[&str] = &[
    "茶叶加工",
    "富硒食品精深加工",
    "文化旅游",
    "新能源",
    "中药材种植",
    "农产品冷链物流",
    "生猪养殖",
    "竹木加工",
    "电子元器件",
    "新型建材",
    "光伏发电",
    "民宿康养",
    "魔芋加工",
    "烟叶烘烤",
    "特色果蔬",
];

const SERVICES: &[&str] = &[
    "企业开办",
    "不动产登记",
    "社保卡办理",
    "医保报销",
    "工程建设项目审批",
    "食品经营许可",
    "户籍办理",
    "住房公积金提取",
    "个体工商户登记",
    "税费申报",
    "水电气报装",
    "出生“一件事”",
    "退休“一件事”",
    "二手房转移登记",
    "道路运输许可",
    "药品经营许可",
    "异地就医备案",
    "就业登记",
];

const ISSUES: &[&str] = &[
    "合同约定的工程款未按期支付",
    "招商引资协议约定的配套设施未按期建成",
    "承诺的奖补资金未按时兑现",
    "以领导班子调整为由不履行原有协议",
    "政府采购项目验收后未按合同付款",
    "项目质量保证金到期未退还",
    "涉企保证金未及时清退",
    "承诺的办理时限未能兑现",
    "政策性补贴审核拖延",
    "土地出让合同约定的交地条件未落实",
    "中标项目合同签订后迟迟不开工",
];

const FUNDS: &[&str] = &[
    "招商引资奖补资金",
    "工程进度款",
    "政府采购合同款",
    "项目质量保证金",
    "产业扶持资金",
    "稳岗返还资金",
    "创业担保贷款贴息",
    "农机购置补贴",
    "技术改造奖励资金",
    "电商发展专项资金",
    "茶园管护补助",
    "以工代赈劳务报酬",
];

const FIELDS: &[&str] = &[
    "政府采购",
    "债务融资",
    "招标投标",
    "招商引资",
    "政府投资",
    "行政审批",
    "公共资源交易",
    "涉企收费",
    "政策兑现",
];

const PUBLICS: &[&str] = &[
    "企业和群众",
    "办事群众",
    "市场主体",
    "社会公众",
    "服务对象",
    "项目单位",
    "经营主体",
];

const CHANNELS: &[&str] = &[
    "县政府门户网站",
    "本平台",
    "“信用中国（湖北）”网站",
    "湖北政务服务网",
    "政务新媒体",
    "县融媒体中心",
    "便民服务中心公示栏",
    "村务公开栏",
];

const SUPERVISORS: &[&str] = &[
    "12345政务服务热线",
    "营商环境投诉举报平台",
    "县纪委监委",
    "县督查考评办",
    "新闻媒体",
    "人大代表和政协委员",
];

const EXCUSES: &[&str] = &[
    "预算未作安排",
    "协议系原领导班子签订",
    "项目审计尚未完成",
    "资金调度困难",
    "上级资金未到位",
    "经办人员调整",
    "合同条款存在争议",
    "结算资料不全",
];

const FINDINGS: &[&str] = &[
    "县督查考评办在政务失信专项治理督查中",
    "县营商办在政府失信投诉台账督办中",
    "县信用办在政务诚信监测中",
    "县审计局在专项审计中",
    "根据12345政务服务热线转办件，经调查核实",
    "县纪委监委在营商环境专项监督中",
    "县财政局在清理拖欠企业账款工作中",
];

const RECTIFY_ACTIONS: &[&str] = &[
    "将拖欠款项全部支付到位",
    "完成协议约定的配套设施建设",
    "足额兑现{资金}",
    "与企业签订整改确认书",
    "退还全部到期保证金",
    "按合同约定完成结算并付款",
    "制定还款计划并向企业书面说明",
];

const COMPANY_PLACES: &[&str] = &["云岭县", "恩施", "湖北", "武陵", "清江"];
const COMPANY_NAMES: &[&str] = &[
    "恒信", "源丰", "华联", "宏达", "金茂", "绿源", "青山", "富民", "盛通", "瑞丰", "永安", "天成",
    "鸿运", "惠民", "兴业", "康达", "顺通", "佳和", "博远", "德润",
];
const COMPANY_TRADES: &[&str] = &[
    "建筑工程",
    "茶业",
    "农业开发",
    "建材",
    "商贸",
    "物流",
    "电子科技",
    "生态农业",
    "旅游开发",
    "食品",
    "中药材",
    "水电安装",
    "园林绿化",
    "信息技术",
    "劳务",
];

/// Sentences for background, requirements and filler paragraphs.
const GENERAL: &[&str] = &[
    "为{目标}，根据{政策}等有关规定，结合我县实际，制定本方案。",
    "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，坚持以人民为中心的发展思想，{目标}。",
    "坚持“以公开为常态、不公开为例外”原则，依法依规做好{工作}信息公开，让权力在阳光下运行。",
    "坚持问题导向和目标导向，聚焦{工作}中的堵点难点，{举措}，推动各项任务落地见效。",
    "到{次年}年底，全县{工作}制度体系基本健全，{群体}满意度明显提升。",
    "各乡镇、县直各单位要把{工作}摆在突出位置，主要负责人亲自抓，分管负责人具体抓。",
    "{简称}将按照{政策}的要求，{举措}，确保{工作}各项工作有序推进。",
    "近年来，我县{工作}取得积极进展，但与{群体}的期待相比仍有差距，{领域}领域政务失信问题时有发生。",
    "{年}年，全县共受理{服务}事项{大数}件，按时办结率{百分比}，群众满意率{百分比}。",
    "加强与{部门}、{部门}的协调配合，形成工作合力。",
    "把{工作}情况纳入年度综合绩效考评，考评结果作为评先评优的重要依据。",
    "严格履行向社会作出的承诺，不得以政府换届、领导人员更替等理由违约毁约。",
    "对{领域}领域的合同履约情况开展全面排查，{举措}。",
    "充分运用{渠道}等平台，及时公开{工作}的政策措施和推进情况，主动接受社会监督。",
    "坚持依法决策、科学决策、民主决策，将公众参与、专家论证、风险评估、合法性审查和集体讨论决定作为重大行政决策的必经程序。",
    "{简称}是全县{工作}的牵头单位，负责统筹协调、跟踪督办和情况汇总。",
    "各责任单位每季度末将工作进展书面报送{部门}，年底前报送全年工作总结。",
    "积极推进信用承诺、信用评价、信用修复等制度在{领域}领域的应用。",
    "健全守信激励和失信惩戒机制，对政务失信行为依法依规追究责任，惩戒到人。",
    "畅通{监督}等投诉渠道，对{群体}反映的问题建立台账、限时办理、及时反馈。",
    "探索开展{工作}第三方评估，评估结果向社会公开。",
    "加大{工作}宣传力度，通过{渠道}等途径解读政策、回应关切。",
    "按照“谁主管、谁负责”和“谁签约、谁履约”的原则，压实{领域}领域履约主体责任。",
    "统筹安排财政资金，优先保障{资金}等刚性支出，不得新增拖欠。",
    "做好{工作}与{工作}的衔接，避免政策碎片化和重复考核。",
    "{上年}年以来，{简称}累计为{数}家{企业}兑现各类{资金}{金额}。",
    "建立健全{工作}长效机制，推动由“治标”向“治本”转变。",
    "{县}地处武陵山区腹地，辖{乡镇数}个乡镇，{工作}任务较重，基层基础仍较薄弱。",
    "各单位要结合职能，细化工作措施，明确时间表和路线图，确保{年}年各项目标任务按期完成。",
    "对工作推进不力、群众反映强烈的单位，由{部门}约谈主要负责人，并在全县通报。",
    "认真落实{政策}，把诚实守信作为政府部门履职尽责的基本要求。",
    "在{领域}等重点领域开展政务失信专项治理，坚决整治“新官不理旧账”等突出问题。",
    "依托全国信用信息共享平台和省社会信用信息服务平台，实现{工作}信息互联共享。",
    "围绕{产业}等重点产业，梳理惠企政策清单，推动政策直达快享。",
    "{镇}、{镇}等乡镇要结合实际，同步做好{工作}相关工作。",
    "坚持“刀刃向内”，以政务诚信带动商务诚信、社会诚信和司法公信建设。",
    "各单位要指定一名分管负责人和一名联络员，负责日常工作衔接和信息报送。",
    "健全政府守信践诺机制，把政务履约和守诺服务纳入政府绩效评价体系。",
    "严格落实政府信息公开保密审查制度，不得公开涉及国家秘密、商业秘密和个人隐私的信息。",
    "对{群体}提出的合理诉求，做到件件有回音、事事有着落。",
    "{县}{年}年地区生产总值增长{小百分比}，规模以上工业增加值增长{小百分比}，固定资产投资增长{小百分比}。",
    "结合“我为群众办实事”实践活动，推动{服务}等高频事项就近可办、一次办成。",
];

/// Sentences for tasks and measures.
const TASK_SENTENCES: &[&str] = &[
    "全面梳理{领域}领域政府合同，逐项核实履约情况，{举措}。",
    "对排查发现的{问题}等问题，逐项制定整改措施，明确整改时限。",
    "以统一社会信用代码为标识，依法归集政务失信记录，记入相应单位信用档案。",
    "将{工作}纳入政务诚信监测评价，评价结果向社会公开。",
    "在{领域}等领域实行清单管理，定期公开履约进展。",
    "推动{服务}等高频事项“一次办、网上办、就近办”，办理时限压缩{小百分比}以上。",
    "对符合条件的{资金}实行“免申即享”，由部门主动比对数据、直接兑现。",
    "每半年开展一次{工作}督查，督查结果在全县通报。",
    "建立{工作}问题线索移交机制，涉及违纪违法的移交县纪委监委依规处理。",
    "严格执行服务承诺制、限时办结制、一次性告知制，提高服务质量和效率。",
    "将诚信教育纳入公务员培训和领导干部进修课程，提升公务员信用意识。",
    "建立健全信用信息异议处理制度，经核实有误的信息及时更正或撤销。",
    "对符合免责和容错条件的行为，不作为政务失信记录。",
    "规范重大行政决策程序，做到依法决策、依法执行和依法监督。",
    "强化地方政府债务预算约束，建立债务风险评估和预警机制。",
    "按照权力清单和责任清单制度要求，切实履行法定职责。",
    "依托“12345”政务服务热线和营商环境投诉举报平台完善违约失信投诉专栏。",
    "对各渠道收到的{工作}投诉逐项登记、逐项督办，办理结果向投诉人反馈。",
    "推进政务诚信评价结果在评优评先、职务晋升、项目安排中的应用。",
    "会同{部门}开展{领域}领域专项检查，发现问题限期整改。",
    "{年}年{月}月底前完成{工作}制度文件清理，对不符合规定的及时修改或废止。",
    "督促{乡镇}等单位按期完成{项目}，确保早日投入使用。",
    "依法依规开展{领域}活动，充分体现公开、公平、公正。",
    "探索建立{工作}地方标准规范，推动工作制度化、规范化。",
    "组织开展{工作}业务培训，全年培训各类人员{数}人次。",
    "推行“信用+{服务}”应用场景，对守信主体提供容缺受理、绿色通道等便利。",
    "落实{政策}，及时支付中小企业款项，不得要求以审计结果作为结算依据。",
    "定期向社会公布{工作}的进展情况和责任单位，接受社会监督。",
];

const TASK_NAMES: &[&str] = &[
    "建立政府信用档案",
    "开展诚信监测评价",
    "强化违约失信治理",
    "深入推进依法行政",
    "全面推进政务公开",
    "加强债务领域政务诚信建设",
    "深化行政审批制度改革",
    "加强公务员诚信教育",
    "完善守信践诺机制",
    "健全失信惩戒机制",
    "健全信用修复机制",
    "畅通投诉举报渠道",
    "规范政府采购和招标投标",
    "推进惠企政策“免申即享”",
    "清理拖欠企业账款",
    "提升政务服务效能",
    "加强政府合同管理",
    "推进涉企收费清理",
    "加强招商引资履约管理",
    "强化督查考核",
    "推进“{服务}”集成办理",
    "抓好{项目}建设",
];

const SAFEGUARDS: &[(&str, &[&str])] = &[
    (
        "加强组织领导",
        &[
            "各单位要成立由主要负责人任组长的工作专班，研究解决{工作}中的重大问题。",
            "建立联席会议制度，定期研究部署、调度推进。",
        ],
    ),
    (
        "强化督查考核",
        &[
            "{部门}要加强跟踪督办，对工作进展滞后的单位及时通报。",
            "考核结果纳入年度综合绩效考评，与评先评优挂钩。",
        ],
    ),
    (
        "加强宣传引导",
        &[
            "通过{渠道}等途径宣传政策措施和典型经验，营造良好氛围。",
            "及时回应社会关切，主动接受{群体}监督。",
        ],
    ),
    (
        "严格责任追究",
        &[
            "对推诿扯皮、敷衍塞责造成不良影响的，依规依纪追究相关人员责任。",
            "对失信行为实行“一案双查”，既追究直接责任，也追究领导责任。",
        ],
    ),
    (
        "强化要素保障",
        &[
            "县财政局要统筹安排{工作}经费，保障各项工作顺利开展。",
            "各单位要配齐配强工作人员，确保工作有人抓、事情有人管。",
        ],
    ),
];

const PROMISES: &[&str] = &[
    "严格落实首问负责、一次性告知和限时办结制度，{服务}事项在{工作日}个工作日内办结。",
    "对{资金}按政策规定的时限足额兑现，不设置额外条件，不拖延、不截留。",
    "{次年}年{月}月底前完成{项目}建设并投入使用。",
    "依法依规履行与{企业}签订的各类合同，不以领导人员更替、机构调整为由违约毁约。",
    "不新增拖欠{企业}账款；对已确认的欠款，{次年}年底前清偿到位。",
    "公开办事指南、收费标准和办理时限，不擅自增加办事环节和申请材料。",
    "对{群体}通过{监督}反映的问题，{工作日}个工作日内答复办理结果。",
    "自觉接受人大监督、民主监督和社会监督，承诺兑现情况在本平台公开。",
    "推行“{服务}”集成办理，申请材料精简{小百分比}以上。",
    "落实“周末不打烊”和午间延时服务，为{群体}提供预约、帮办代办服务。",
    "招商引资项目落地后，按协议约定完成{项目}等配套设施建设。",
    "不违规举借政府债务，按期偿还到期政府债券本息。",
    "政府采购项目验收合格后{工作日}个工作日内支付合同款项。",
    "到期的投标保证金、履约保证金在{工作日}个工作日内退还。",
    "涉企检查实行“综合查一次”，不随意检查、不重复检查。",
    "落实惠企政策“免申即享”，符合条件的{企业}无需申请即可享受。",
    "对{产业}项目实行专人跟踪服务，协调解决用地、用电、用工等问题。",
    "全年为{群体}办实事不少于{数}件，办理情况每季度公开一次。",
    "{服务}全程网办，办理结果免费邮寄送达。",
    "严格执行“容缺受理”，次要材料缺失的先行受理、限期补齐。",
    "公务员在履职中作出的承诺，离任后由继任者继续履行。",
    "涉企行政处罚依法适用首违不罚、轻微免罚清单。",
];

const PROGRESS_TEXTS: &[&str] = &[
    "召开专题会议研究部署，明确责任科室和时间节点。",
    "完成{项目}主体工程，累计完成投资{金额}。",
    "{资金}已审核完毕，拨付{金额}，涉及{企业}{数}家。",
    "完成{工作}情况自查，梳理问题{数}个，已整改{数}个。",
    "{服务}事项按时办结率{百分比}，群众满意率{百分比}。",
    "制定实施方案并在本平台公开，接受社会监督。",
    "与{企业}逐户对账，确认应付款项{金额}。",
    "已清偿到期款项{金额}，剩余款项按还款计划推进。",
    "项目完成招标，施工单位已进场施工。",
    "{镇}完成项目选址和初步设计，正在办理用地手续。",
    "组织第三方开展满意度回访，回访{数}户，满意率{百分比}。",
    "{年}年{月}月起实行“{服务}”全程网办。",
    "完成年度目标任务的{百分比}，进度符合预期。",
    "受汛期影响工期有所延误，已调整施工计划，增加作业班组。",
    "县财政已安排专项资金{金额}，资金已拨付到位。",
    "完成竣工验收，{项目}已投入使用。",
    "对照承诺事项逐项销号，剩余事项明确了完成时限。",
];

const FULFILLED_TEXTS: &[&str] = &[
    "承诺事项已全部兑现，相关资料已归档备查。",
    "项目通过竣工验收并投入使用，承诺按期兑现。",
    "资金全部拨付到位，承诺事项办结。",
    "经县督查考评办核查，承诺事项已兑现。",
];

const CRITICISM_FACTS: &[&str] = &[
    "{上年}年，{单位}与{公司}签订{合同}合同，约定{约定}。",
    "经核查，截至{年}年{月}月底，{单位}仍有{资金}{金额}未支付，涉及{企业}{数}家。",
    "{企业}多次通过{监督}反映，{单位}以{借口}为由未予解决。",
    "{公司}已按约定完成{项目}，并于{上年}年{月}月通过验收，但相关款项至今未结清。",
    "{单位}在{领域}中作出的承诺未按期兑现，造成企业经营困难。",
    "经县营商办调查核实，该问题属实，且已超过合同约定的付款期限。",
    "按照《保障中小企业款项支付条例》，机关、事业单位应当自货物、工程、服务交付之日起30日内支付款项。",
];

const CONTRACT_KINDS: &[&str] = &[
    "施工",
    "招商引资",
    "政府采购",
    "委托服务",
    "设备采购",
    "物业服务",
    "工程监理",
];
const AGREEMENTS: &[&str] = &[
    "由{单位}负责完成项目地块的道路和供电配套建设",
    "工程竣工验收后60日内支付至结算价款的95%",
    "项目投产后按年度兑现税收奖励",
    "按季度支付服务费用",
    "货物验收合格后一次性付清货款",
    "{上年}年底前完成土地平整并交付使用",
];

const CRITICISM_PROBLEMS: &[&str] = &[
    "{单位}{问题}，属于“{类别}”行为，影响了{企业}正常生产经营，损害了政府公信力和我县营商环境。",
    "一是履约意识淡薄，对合同约定的义务重视不够；二是对企业诉求回应不及时，未主动说明原因；三是内部管理不规范，资金支付无明确时限。",
    "问题发生后，{单位}未按规定及时报告，也未制定解决方案，致使问题久拖不决。",
    "上述问题违反了{政策}的规定，暴露出个别单位诚信履约意识不强、工作作风不实等问题。",
];

const CRITICISM_DEMANDS: &[&str] = &[
    "{单位}要在{期限}前{整改动作}，整改情况书面报{通报机关}。",
    "{单位}主要负责人要向企业当面说明情况，并对相关责任人进行批评教育。",
    "{通报机关}将跟踪督办，逾期未整改的，将按规定追究相关责任。",
    "各单位要引以为戒，举一反三，全面排查本单位{领域}领域存在的类似问题，坚决防止“新官不理旧账”等问题发生。",
    "整改完成后，{单位}可按规定申请信用修复。",
];

const RECTIFICATION_NOTES: &[&str] = &[
    "{单位}已将拖欠款项{金额}全部支付到位，并建立资金支付台账，按月对照合同付款节点核查。",
    "{单位}已完成协议约定的配套设施建设，与企业签订整改确认书。",
    "{单位}已足额兑现{资金}，修订审核流程，明确受理、审核、公示、拨付各环节时限。",
    "{单位}已退还全部到期保证金，并对相关责任人进行了约谈。",
    "{单位}已按合同完成结算并付清款项，企业出具了无异议确认书。",
];

const REPAIR_NOTES: &[&str] = &[
    "{单位}整改到位、公示已满三个月，提出信用修复申请，经县信用办审核同意，自即日起停止公示本通报。",
    "被通报单位已履行相关义务并作出信用承诺，经审核予以信用修复。",
];

const REVOKE_REASONS: &[&str] = &[
    "经异议核实，通报所述欠款已于通报前结清，予以撤销。",
    "经复核，通报所涉合同争议已由人民法院依法作出判决，{单位}已按判决履行，予以撤销。",
];

const EVALUATION_TYPES: &[(&str, &str)] = &[
    ("{县}{期}乡镇政务诚信评价结果", "乡镇"),
    ("{县}{期}县直部门政务诚信评价结果", "部门"),
    ("{期}政务服务“好差评”评价结果", "服务"),
    ("{期}12345热线承办单位满意度测评结果", "全部"),
    ("{期}政务公开工作第三方评估结果", "部门"),
    ("{期}优化营商环境评价结果", "全部"),
];

const INDICATORS: &[(&str, u32)] = &[
    ("守信践诺", 40),
    ("政务公开", 25),
    ("失信整改", 20),
    ("社会评议", 15),
];

const RESULT_NOTES: &[&str] = &[
    "为民办实事承诺未按期兑现，守信践诺指标扣分。",
    "存在被通报的拖欠企业账款问题，失信整改指标扣分。",
    "政府信息公开不及时，政务公开指标扣分。",
    "12345热线办件满意率偏低，社会评议指标扣分。",
];

const CHINESE_NUMERALS: &[&str] = &["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// Pages: file name, menu position, title, body.
const PAGES: &[(&str, u32, &str, &str)] = &[
    (
        "about",
        1,
        "关于本平台",
        "{县}政务诚信公示平台由{县}社会信用体系建设领导小组办公室主办，集中公示全县县直部门和乡镇人民政府的政务诚信信息，接受企业和群众监督。\n\n## 公示内容\n\n- **公开承诺**：各单位向社会作出的承诺及兑现进展。\n- **政务公开**：政策文件、政策解读、财政预决算、政府采购等信息。\n- **通报批评**：对政务失信行为的通报批评和整改情况。\n- **评价结果**：政务诚信评价的得分、等次和名次。\n- **信用档案**：以统一社会信用代码为标识，每个单位一份档案。\n\n本站为基准测试生成的示例数据，所列单位、记录和代码均为虚构。\n",
    ),
    (
        "complaints",
        2,
        "投诉渠道",
        "企业和群众发现县直部门、乡镇人民政府有不履行政策承诺、拖欠企业账款、“新官不理旧账”等政务失信行为的，可以通过以下渠道投诉。\n\n## 12345政务服务热线\n\n拨打 12345，全天受理。\n\n## 营商环境投诉举报平台\n\n企业可在线提交涉企投诉，由县营商办建立台账、逐项督办。\n",
    ),
    (
        "objection",
        3,
        "异议申请",
        "对本平台公示的信息，认为存在错误、遗漏或者超过公示期仍在公示的，可以向{县}社会信用体系建设领导小组办公室提出异议申请。受理后15个工作日内核实处理并答复。\n",
    ),
    (
        "repair",
        4,
        "信用修复",
        "被通报单位整改到位、通报批评公示满三个月、书面说明失信原因并作出信用承诺的，可以向作出通报的单位申请信用修复。修复后，通报批评停止公示。\n",
    ),
];

// ---------------------------------------------------------------------------
// Text generation

/// Writes the text of one record, with the record's own generator.
struct Writer<'a> {
    rng: Rng,
    units: &'a [Unit],
    unit: &'a Unit,
    date: Day,
    year: i32,
    /// Value of `{类别}` and `{通报机关}` and `{期}` for templates.
    category: &'a str,
    issuer_name: String,
    period: String,
    /// The record's own topic and project: `{主题}` and `{本项目}` always
    /// give them, and `{工作}` and `{项目}` often do, so that a record
    /// keeps to its subject as a real document does.
    topic: &'static str,
    project: &'static str,
    /// Templates already used in this record, so none repeats.
    used: Vec<*const u8>,
}

impl<'a> Writer<'a> {
    fn new(seed: u64, record: &Planned, units: &'a [Unit]) -> Writer<'a> {
        let mut rng = Rng::stream(seed, record.number as u64);
        let topic = *rng.pick(TOPICS);
        let project = *rng.pick(PROJECTS);
        Writer {
            rng,
            topic,
            project,
            used: Vec::new(),
            units,
            unit: &units[record.unit],
            date: record.date,
            year: year_of(record.date),
            category: "",
            issuer_name: String::new(),
            period: String::new(),
        }
    }

    /// Fills the slots of a template.
    fn fill(&mut self, template: &str) -> String {
        self.fill_depth(template, 0)
    }

    fn fill_depth(&mut self, template: &str, depth: u32) -> String {
        let mut out = String::with_capacity(template.len() * 2);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let close = after
                .find('}')
                .unwrap_or_else(|| panic!("unclosed slot in template {template:?}"));
            let value = self.slot(&after[..close]);
            if depth < 3 && value.contains('{') {
                out.push_str(&self.fill_depth(&value, depth + 1));
            } else {
                out.push_str(&value);
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }

    fn slot(&mut self, name: &str) -> String {
        let list: &[&str] = match name {
            "县" => return COUNTY.to_string(),
            "单位" => return self.unit.name.clone(),
            "简称" => return self.unit.short.clone(),
            "年" => return self.year.to_string(),
            "次年" => return (self.year + 1).to_string(),
            "上年" => return (self.year - 1).to_string(),
            "日期" => return chinese_date(self.date),
            "电话" => return self.unit.phone.clone(),
            "类别" => return self.category.to_string(),
            "通报机关" => return self.issuer_name.clone(),
            "期" => return self.period.clone(),
            "乡镇数" => return TOWNSHIPS.len().to_string(),
            "乡镇" => return self.other_unit(true).name.clone(),
            "镇" => return self.other_unit(true).short.clone(),
            "部门" => return self.other_unit(false).short.clone(),
            "部门全称" => return self.other_unit(false).name.clone(),
            "公司" => return self.company(),
            "金额" => return self.money(),
            "数" => return self.rng.range(2, 60).to_string(),
            "大数" => return self.rng.range(120, 9800).to_string(),
            "百分比" => return format!("{}.{}%", self.rng.range(85, 99), self.rng.range(0, 9)),
            "小百分比" => {
                return format!("{}.{}%", self.rng.range(2, 40), self.rng.range(0, 9));
            }
            "工作日" => return self.rng.range(1, 20).to_string(),
            "月" => return self.rng.range(1, 12).to_string(),
            "期限" => return chinese_date(self.date + self.rng.range(30, 120) as Day),
            "主题" => return self.topic.to_string(),
            "本项目" => return self.project.to_string(),
            "工作" if self.rng.chance(0.4) => return self.topic.to_string(),
            "项目" if self.rng.chance(0.4) => return self.project.to_string(),
            "政策" => POLICIES,
            "目标" => GOALS,
            "工作" => TOPICS,
            "举措" => MEASURES,
            "企业" => BUSINESSES,
            "项目" => PROJECTS,
            "产业" => INDUSTRIES,
            "服务" => SERVICES,
            "问题" => ISSUES,
            "资金" => FUNDS,
            "领域" => FIELDS,
            "群体" => PUBLICS,
            "渠道" => CHANNELS,
            "监督" => SUPERVISORS,
            "借口" => EXCUSES,
            "合同" => CONTRACT_KINDS,
            "约定" => AGREEMENTS,
            "整改动作" => RECTIFY_ACTIONS,
            other => panic!("unknown slot {{{other}}}"),
        };
        self.rng.pick(list).to_string()
    }

    /// Picks a unit other than the record's own, active on the record's date.
    fn other_unit(&mut self, township: bool) -> &'a Unit {
        let units = self.units;
        loop {
            let unit = self.rng.pick(units);
            if unit.is_township() == township
                && unit.id != self.unit.id
                && unit.active_on(self.date)
            {
                return unit;
            }
        }
    }

    fn company(&mut self) -> String {
        format!(
            "{}{}{}有限公司",
            self.rng.pick(COMPANY_PLACES),
            self.rng.pick(COMPANY_NAMES),
            self.rng.pick(COMPANY_TRADES)
        )
    }

    fn money(&mut self) -> String {
        match self.rng.below(3) {
            0 => format!("{}万元", self.rng.range(3, 980)),
            1 => format!("{}.{}万元", self.rng.range(1, 980), self.rng.range(1, 9)),
            _ => format!(
                "{}.{:02}万元",
                self.rng.range(1, 2400),
                self.rng.range(1, 99)
            ),
        }
    }

    /// Fills a template from `pool`, avoiding templates this record has
    /// used already while fewer than four draws find a fresh one.
    fn sentence(&mut self, pool: &[&'static str]) -> String {
        let mut template = *self.rng.pick(pool);
        for _ in 0..3 {
            if !self.used.contains(&template.as_ptr()) {
                break;
            }
            template = *self.rng.pick(pool);
        }
        self.used.push(template.as_ptr());
        self.fill(template)
    }

    /// Fills a template from `pool` that this record has not used yet, or
    /// returns `None` when it has used them all.
    fn fresh_sentence(&mut self, pool: &[&'static str]) -> Option<String> {
        let fresh: Vec<&'static str> = pool
            .iter()
            .copied()
            .filter(|t| !self.used.contains(&t.as_ptr()))
            .collect();
        if fresh.is_empty() {
            return None;
        }
        let template = *self.rng.pick(&fresh);
        self.used.push(template.as_ptr());
        Some(self.fill(template))
    }
}

fn han_count(text: &str) -> usize {
    text.chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        .count()
}

/// A Markdown body under construction, with its count of Chinese
/// characters kept below [`BODY_MAX_HAN`].
struct Body {
    text: String,
    han: usize,
    target: usize,
}

impl Body {
    fn new(rng: &mut Rng) -> Body {
        // Skewed towards shorter bodies: mean about 700 characters.
        let u = rng.unit();
        let target = BODY_MIN_HAN + ((BODY_MAX_HAN - BODY_MIN_HAN) as f64 * u * u) as usize;
        Body {
            text: String::new(),
            han: 0,
            target,
        }
    }

    fn fits(&self, text: &str) -> bool {
        self.han + han_count(text) <= BODY_MAX_HAN
    }

    /// Appends a block (paragraph, heading, list or table) if it fits.
    fn block(&mut self, text: &str) -> bool {
        if !self.fits(text) {
            return false;
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        self.text.push_str(text);
        self.han += han_count(text);
        true
    }

    fn heading(&mut self, text: &str) {
        self.block(&format!("## {text}"));
    }

    /// Returns whether the body has reached `share` of its target length.
    fn reached(&self, share: f64) -> bool {
        self.han as f64 >= self.target as f64 * share
    }

    /// Appends paragraphs of 2–4 sentences from `pool` until `share` of
    /// the target length is reached, at least one paragraph, and stops
    /// early when the record has used every template of the pool.
    fn paragraphs(&mut self, writer: &mut Writer<'_>, pool: &[&'static str], share: f64) {
        let mut first = true;
        while first || !self.reached(share) {
            first = false;
            let sentences = writer.rng.range(2, 4);
            let mut paragraph = String::new();
            for _ in 0..sentences {
                match writer.fresh_sentence(pool) {
                    Some(sentence) => paragraph.push_str(&sentence),
                    None => break,
                }
            }
            if paragraph.is_empty() || !self.block(&paragraph) {
                break;
            }
        }
    }

    fn finish(mut self, writer: &mut Writer<'_>) -> String {
        // Top up to the minimum with general sentences.
        while self.han < BODY_MIN_HAN {
            let Some(sentence) = writer
                .fresh_sentence(GENERAL)
                .or_else(|| writer.fresh_sentence(TASK_SENTENCES))
            else {
                break;
            };
            self.block(&sentence);
        }
        self.text.push('\n');
        self.text
    }
}

// ---------------------------------------------------------------------------
// Records

fn render_site(plan: &[Planned], units: &[Unit], seed: u64) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    files.push(("site.toml".to_string(), site_toml().into_bytes()));
    for unit in units {
        files.push((
            format!("content/units/{}.toml", unit.id),
            unit_file(unit).into_bytes(),
        ));
    }
    for &(name, menu, title, body) in PAGES {
        let text = format!(
            "+++\ntitle = {}\nmenu = {menu}\ndate = 2016-12-01\n+++\n\n{}",
            toml_string(title),
            county(body)
        );
        files.push((format!("content/pages/{name}.md"), text.into_bytes()));
    }
    for record in plan {
        let mut writer = Writer::new(seed, record, units);
        let (slug_word, text) = match record.kind {
            Kind::Disclosure => (
                DISCLOSURE_SLUGS[record.category],
                disclosure(&mut writer, record),
            ),
            Kind::Commitment => (
                COMMITMENT_SLUGS[record.category],
                commitment(&mut writer, record),
            ),
            Kind::Criticism => (
                CRITICISM_SLUGS[record.category],
                criticism(&mut writer, record),
            ),
            Kind::Evaluation => ("pingjia", evaluation(&mut writer, record)),
        };
        let stem = format!("{}-{slug_word}-{}", units[record.unit].id, record.number);
        let folder = format!("content/{}/{}", record.kind.folder(), record.folder);
        let extension = if record.kind == Kind::Evaluation {
            "toml"
        } else {
            "md"
        };
        files.push((format!("{folder}/{stem}.{extension}"), text.into_bytes()));
        if record.has_attachment {
            files.push((
                format!("{folder}/{stem}.pdf"),
                attachment_pdf(record.number),
            ));
        }
    }
    files
}

fn site_toml() -> String {
    let quoted =
        |list: &[&str]| toml_array(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    county(&format!(
        r#"# Synthetic site written by examples/synth.rs for benchmarks; every unit,
# record and code in it is invented.
title = "{{县}}政务诚信公示平台"
base_url = "https://www.example.gov.cn/zwcx/"
language = "zh-CN"
sample_data = true

[footer]
sponsor = "{{县}}社会信用体系建设领导小组办公室"
contact = "联系电话：0718-5800000（工作日）"
site_code = "4228290001"
icp = "鄂ICP备00000000号"
police_record = "鄂公网安备42282902000001号"

[complaints]
"12345政务服务热线" = "拨打 12345，全天受理"
"营商环境投诉举报平台" = "企业可在线提交涉企投诉"

[publication]
criticism_months = 36
require_review = false

[grades]
"优秀" = 90
"良好" = 80
"合格" = 60
"不合格" = 0

[lists]
commitment_categories = {}
disclosure_categories = {}
criticism_categories = {}
"#,
        quoted(COMMITMENT_CATEGORIES),
        quoted(DISCLOSURE_CATEGORIES),
        quoted(CRITICISM_CATEGORIES)
    ))
}

/// Returns a tiny PDF-like file; gongshi copies attachments without reading them.
fn attachment_pdf(number: usize) -> Vec<u8> {
    format!("%PDF-1.4\n% synthetic attachment {number}\n%%EOF\n").into_bytes()
}

/// Writes the front matter keys every record kind has, and the rare draft flag.
fn common_keys(out: &mut String, writer: &mut Writer<'_>, title: &str) {
    line(out, "title", &toml_string(title));
    line(out, "date", &iso(writer.date));
    if writer.rng.chance(0.005) {
        line(out, "draft", "true");
    }
}

fn markdown_record(front: &str, body: &str) -> String {
    format!("+++\n{front}+++\n\n{body}")
}

fn disclosure(writer: &mut Writer<'_>, record: &Planned) -> String {
    let category = DISCLOSURE_CATEGORIES[record.category];
    let title_templates: &[&str] = match category {
        "政策文件" => &[
            "关于印发《{县}{主题}实施方案》的通知",
            "关于印发《{县}{年}年{主题}工作要点》的通知",
            "关于进一步加强{主题}的通知",
            "关于开展{年}年{主题}专项行动的通知",
            "关于印发《{县}{主题}管理办法》的通知",
            "关于做好{年}年{主题}工作的通知",
            "关于建立{主题}联席会议制度的通知",
        ],
        "政策解读" => &[
            "《{县}{主题}实施方案》政策解读",
            "一图读懂《{县}{年}年{主题}工作要点》",
            "关于《{县}{主题}管理办法》的起草说明",
        ],
        "规划计划" => &[
            "{县}{年}年{主题}工作计划",
            "{单位}{年}年工作要点",
            "{县}{主题}规划（{年}—{次年}年）",
            "{单位}{上年}年工作总结和{年}年工作计划",
        ],
        "财政预决算" => &[
            "{单位}{年}年部门预算公开",
            "{单位}{上年}年部门决算公开",
            "{单位}{年}年“三公”经费预算情况说明",
            "{单位}{上年}年度整体支出绩效自评报告",
        ],
        "政府采购" => &[
            "{单位}{本项目}采购项目中标（成交）结果公告",
            "{单位}{本项目}竞争性磋商公告",
            "{单位}{年}年政府采购意向公开",
            "{单位}{本项目}采购合同公告",
        ],
        "招标投标" => &[
            "{本项目}施工招标公告",
            "{本项目}中标候选人公示",
            "{本项目}监理招标公告",
            "{本项目}中标结果公示",
        ],
        "招商引资" => &[
            "{县}{年}年招商引资项目签约情况公示",
            "{产业}项目招商引资协议履约情况公告",
            "{县}{年}年招商引资优惠政策兑现情况公示",
        ],
        "债务融资" => &[
            "{县}{年}年政府债务限额及余额情况",
            "{县}{年}年新增专项债券项目信息公开",
            "{县}{上年}年政府债务还本付息情况",
        ],
        "政府投资" => &[
            "关于{本项目}可行性研究报告的批复",
            "{县}{年}年县级政府投资项目计划",
            "关于{本项目}初步设计的批复",
        ],
        "行政审批" => &[
            "{单位}行政许可事项清单（{年}年版）",
            "{年}年{单位}行政审批事项办理情况",
            "关于取消和调整一批行政审批事项的决定",
        ],
        "人事信息" => &[
            "{单位}{年}年公开招聘工作人员公告",
            "{单位}{年}年公开遴选工作人员公告",
            "{单位}内设机构及职责调整情况",
        ],
        _ => &[
            "{单位}{上年}年政府信息公开工作年度报告",
            "{县}{年}年{主题}工作情况通报",
            "关于{主题}有关情况的说明",
        ],
    };
    let title = writer.sentence(title_templates);

    let mut front = String::new();
    common_keys(&mut front, writer, &title);
    if writer.rng.chance(0.05) {
        line(
            &mut front,
            "updated",
            &iso((writer.date + writer.rng.range(1, 20) as Day).min(last_day())),
        );
    }
    let mut unit_ids = vec![writer.unit.id.to_string()];
    if writer.rng.chance(0.08) {
        let other = writer.other_unit(false);
        unit_ids.push(other.id.to_string());
    }
    line(&mut front, "units", &toml_array(&unit_ids));
    line(&mut front, "category", &toml_string(category));
    if let Some(doc_no) = &record.doc_no {
        line(&mut front, "doc_no", &toml_string(doc_no));
    }
    if let Some(org_code) = writer.unit.org_code()
        && writer.rng.chance(0.85)
    {
        let index_no = format!("{org_code}/{}-{:05}", writer.year, record.index_seq);
        line(&mut front, "index_no", &toml_string(&index_no));
    }
    if record.doc_no.is_some() || writer.rng.chance(0.3) {
        line(
            &mut front,
            "written_date",
            &iso(writer.date - writer.rng.range(0, 6) as Day),
        );
    }
    let stage = match category {
        "政策文件" | "规划计划" | "政府投资" => "决策",
        "财政预决算" | "人事信息" => "管理",
        "行政审批" | "政策解读" => "服务",
        "政府采购" | "招标投标" | "招商引资" => "执行",
        _ => "结果",
    };
    line(&mut front, "stage", &toml_string(stage));
    let age_years = (last_day() - writer.date) / 365;
    if category == "政策文件" && age_years >= 4 {
        match writer.rng.below(10) {
            0..=2 => line(&mut front, "validity", &toml_string("失效")),
            3 => line(&mut front, "validity", &toml_string("废止")),
            _ => line(&mut front, "validity", &toml_string("有效")),
        }
    }
    if record.has_attachment {
        let stem = format!(
            "{}-{}-{}",
            writer.unit.id, DISCLOSURE_SLUGS[record.category], record.number
        );
        line(
            &mut front,
            "attachments",
            &toml_array(&[format!("{stem}.pdf")]),
        );
    }

    let body = disclosure_body(writer, category, &title);
    markdown_record(&front, &body)
}

fn disclosure_body(writer: &mut Writer<'_>, category: &str, title: &str) -> String {
    let mut body = Body::new(&mut writer.rng);
    match category {
        "政策文件" | "规划计划" => {
            let addressee = writer.sentence(&[
                "各乡镇人民政府，县直各单位：",
                "县社会信用体系建设领导小组成员单位：",
                "各有关单位：",
                "局机关各股室、局属各单位：",
            ]);
            body.block(&addressee);
            let quoted = title.split('《').nth(1).and_then(|t| t.split('》').next());
            let opening = match quoted {
                Some(name) => writer.fill(&format!("为{{目标}}，根据{{政策}}等有关规定，结合我县实际，制定了《{name}》，现印发给你们，请认真贯彻执行。")),
                None if title.starts_with("关于") => writer.fill("为{目标}，根据{政策}等有关规定，现就有关事项通知如下。"),
                None => writer.fill(&format!("为{{目标}}，结合我县实际，制定了《{title}》，现予公开。")),
            };
            body.block(&opening);
            body.heading("一、总体要求");
            body.paragraphs(writer, GENERAL, 0.3);
            body.heading("二、主要任务");
            let mut number = 0;
            while !body.reached(0.8) && number < 10 {
                let name = writer.sentence(TASK_NAMES);
                let mut item = format!("（{}）{name}。", CHINESE_NUMERALS[number]);
                for _ in 0..writer.rng.range(1, 3) {
                    item.push_str(&writer.sentence(TASK_SENTENCES));
                }
                let lead = writer.other_unit(false).short.clone();
                let second = writer.other_unit(false).short.clone();
                let _ = write!(item, "（责任单位：{lead}、{second}，各乡镇人民政府）");
                if !body.block(&item) {
                    break;
                }
                number += 1;
            }
            body.heading("三、保障措施");
            for (index, (heading, sentences)) in SAFEGUARDS
                .iter()
                .enumerate()
                .take(writer.rng.range(2, 4) as usize)
            {
                let mut item = format!("（{}）{heading}。", CHINESE_NUMERALS[index]);
                for sentence in sentences.iter() {
                    item.push_str(&writer.fill(sentence));
                }
                body.block(&item);
            }
            let signature = format!("{}\n\n{}", writer.unit.name, chinese_date(writer.date));
            body.block(&signature);
        }
        "政策解读" => {
            body.heading("一、起草背景");
            body.paragraphs(writer, GENERAL, 0.3);
            body.heading("二、主要内容");
            body.paragraphs(writer, TASK_SENTENCES, 0.75);
            body.heading("三、解读机关及联系方式");
            let contact = format!(
                "解读机关：{}；联系电话：{}（工作日）。",
                writer.unit.name, writer.unit.phone
            );
            body.block(&contact);
            body.paragraphs(writer, GENERAL, 1.0);
        }
        "财政预决算" => {
            let opening = writer.fill("根据{政策}和财政部门关于预决算公开的规定，现将{单位}{年}年部门预算（决算）公开如下。");
            body.block(&opening);
            body.heading("一、部门职责和机构设置");
            let duty =
                writer.fill("{单位}负责全县{工作}和{工作}等工作，内设股室{数}个，下属单位{数}个。");
            body.block(&duty);
            body.heading("二、收支总体情况");
            let basic = writer.rng.range(80, 2_000) as f64 + writer.rng.range(0, 99) as f64 / 100.0;
            let project = writer.rng.range(10, 900) as f64 + writer.rng.range(0, 99) as f64 / 100.0;
            let special = writer.rng.range(2, 60) as f64;
            let table = format!(
                "| 项目 | 金额（万元） |\n| --- | ---: |\n| 基本支出 | {basic:.2} |\n| 项目支出 | {project:.2} |\n| 其中：{}经费 | {special:.2} |\n| 合计 | {:.2} |",
                writer.slot("工作").replace(['“', '”'], ""),
                basic + project
            );
            let summary = format!(
                "收入预算合计{:.2}万元，支出预算合计{:.2}万元，其中基本支出{basic:.2}万元，项目支出{project:.2}万元。",
                basic + project,
                basic + project
            );
            body.block(&summary);
            body.block(&table);
            body.heading("三、“三公”经费情况");
            let three = format!(
                "“三公”经费预算{}.{:02}万元，比上年减少{}.{:02}万元。其中：因公出国（境）费0万元，公务用车购置及运行维护费{}.{:02}万元，公务接待费{}.{:02}万元。",
                writer.rng.range(1, 9),
                writer.rng.range(0, 99),
                writer.rng.range(0, 2),
                writer.rng.range(0, 99),
                writer.rng.range(0, 6),
                writer.rng.range(0, 99),
                writer.rng.range(0, 3),
                writer.rng.range(0, 99)
            );
            body.block(&three);
            body.heading("四、其他重要事项说明");
            body.paragraphs(writer, GENERAL, 1.0);
        }
        "政府采购" | "招标投标" => {
            let project = writer.slot("本项目");
            let winner = writer.company();
            let budget = writer.money();
            let details = format!(
                "- 项目名称：{}{project}项目\n- 采购人（招标人）：{}\n- 预算金额：{budget}\n- 采购方式：{}\n- 中标（成交）供应商：{winner}\n- 合同履行期限：{}个日历天",
                writer.unit.short,
                writer.unit.name,
                writer.rng.pick(&[
                    "公开招标",
                    "竞争性磋商",
                    "竞争性谈判",
                    "询价",
                    "单一来源采购"
                ]),
                writer.rng.range(30, 360)
            );
            let opening = writer.fill("根据{政策}的规定，现将有关事项公告如下。");
            body.block(&opening);
            body.block(&details);
            body.heading("项目概况");
            body.paragraphs(writer, TASK_SENTENCES, 0.7);
            body.heading("其他事项");
            let note = writer.fill("对本公告有异议的，可在公告期满之日起7个工作日内以书面形式向{单位}提出质疑，联系电话：{电话}。");
            body.block(&note);
            body.paragraphs(writer, GENERAL, 1.0);
        }
        _ => {
            let opening =
                writer.fill("为{目标}，按照{政策}的要求，现将{单位}{年}年有关情况公开如下。");
            body.block(&opening);
            body.heading("一、基本情况");
            body.paragraphs(writer, GENERAL, 0.5);
            body.heading("二、主要工作");
            body.paragraphs(writer, TASK_SENTENCES, 0.85);
            body.heading("三、下一步打算");
            body.paragraphs(writer, GENERAL, 1.0);
        }
    }
    body.finish(writer)
}

fn commitment(writer: &mut Writer<'_>, record: &Planned) -> String {
    let category = COMMITMENT_CATEGORIES[record.category];
    let title_templates: &[&str] = match category {
        "政务诚信承诺" => &[
            "{单位}{年}年政务诚信承诺书",
            "{简称}依法履约践诺承诺",
            "{简称}{年}年度守信践诺承诺",
        ],
        "服务承诺" => &[
            "{简称}“{服务}”服务承诺",
            "{单位}“一次告知、限时办结”服务承诺",
            "{简称}{服务}“最多跑一次”承诺",
        ],
        "招商引资承诺" => &[
            "{产业}项目配套设施{次年}年{月}月底前建成",
            "{简称}招商引资协议履约承诺",
            "{县}{产业}产业园基础设施按期交付",
        ],
        "政策兑现承诺" => &[
            "{年}年度{资金}{次年}年{月}月底前兑现到位",
            "{简称}惠企政策“免申即享”兑现承诺",
            "{简称}{资金}按期足额拨付",
        ],
        "为民办实事" => &[
            "{简称}{本项目}",
            "{年}年{简称}{本项目}",
            "{简称}{本项目}{年}年底前完工",
        ],
        _ => &[
            "按期清偿拖欠中小企业账款",
            "{简称}涉企保证金按期清退",
            "{简称}{年}年政府采购合同按期付款承诺",
        ],
    };
    let title = writer.sentence(title_templates);
    let mut unit_ids = vec![writer.unit.id.to_string()];
    if writer.rng.chance(0.15) {
        for _ in 0..writer.rng.range(1, 5) {
            let township = writer.rng.chance(0.4);
            let other = writer.other_unit(township).id.to_string();
            if !unit_ids.contains(&other) {
                unit_ids.push(other);
            }
        }
    }

    // Deadline and status as a real portal would show them at the end of
    // the ten years.
    let end = last_day();
    let deadline: Option<Result<Day, ()>> = match writer.rng.below(20) {
        0..=4 => Some(Err(())),
        5 | 6 => None,
        _ => Some(Ok(writer.date + writer.rng.range(60, 540) as Day)),
    };
    let age = end - writer.date;
    let status = match deadline {
        Some(Ok(due)) if due < end => [
            "已兑现",
            "已兑现",
            "已兑现",
            "已兑现",
            "已兑现",
            "已兑现",
            "部分兑现",
            "未兑现",
            "推进中",
        ][writer.rng.below(9)],
        _ if age > 730 && writer.rng.chance(0.3) => "已兑现",
        _ if writer.rng.chance(0.12) => "已兑现",
        _ => "推进中",
    };
    let progress_end = match deadline {
        Some(Ok(due)) => (due + 30).min(end),
        _ => end,
    };
    let mut progress_days: Vec<Day> = Vec::new();
    if progress_end > writer.date + 15 {
        let wanted = if status == "推进中" {
            writer.rng.range(0, 3)
        } else {
            writer.rng.range(1, 4)
        };
        for _ in 0..wanted {
            progress_days.push(
                writer.date + writer.rng.range(15, i64::from(progress_end - writer.date)) as Day,
            );
        }
        progress_days.sort_unstable();
        progress_days.dedup();
    }

    let mut front = String::new();
    common_keys(&mut front, writer, &title);
    if let Some(&last) = progress_days.last() {
        line(&mut front, "updated", &iso(last));
    }
    line(&mut front, "units", &toml_array(&unit_ids));
    line(&mut front, "category", &toml_string(category));
    match deadline {
        Some(Ok(due)) => line(&mut front, "deadline", &iso(due)),
        Some(Err(())) => line(&mut front, "deadline", &toml_string("持续实施")),
        None => {}
    }
    line(&mut front, "status", &toml_string(status));
    let count = progress_days.len();
    for (index, &date) in progress_days.iter().enumerate() {
        let text = if index + 1 == count && status == "已兑现" {
            let detail = writer.sentence(PROGRESS_TEXTS);
            format!("{detail}{}", writer.sentence(FULFILLED_TEXTS))
        } else {
            writer.sentence(PROGRESS_TEXTS)
        };
        let _ = write!(
            front,
            "\n[[progress]]\ndate = {}\ntext = {}\n",
            iso(date),
            toml_string(&text)
        );
    }

    let mut body = Body::new(&mut writer.rng);
    let opening = writer.sentence(&[
        "{单位}向社会郑重承诺：",
        "为{目标}，{单位}就{工作}向社会作出如下承诺：",
        "为贯彻落实{政策}，{目标}，{单位}承诺：",
    ]);
    body.block(&opening);
    let mut items = Vec::new();
    let mut item_han = 0;
    while items.len() < 8 && (items.len() < 3 || (body.han + item_han) < body.target * 3 / 5) {
        let promise = writer.sentence(PROMISES);
        item_han += han_count(&promise);
        items.push(format!("{}. {promise}", items.len() + 1));
    }
    while !items.is_empty() && !body.fits(&items.join("\n")) {
        items.pop();
    }
    body.block(&items.join("\n"));
    if unit_ids.len() > 1 {
        let names: Vec<String> = unit_ids
            .iter()
            .filter_map(|id| writer.units.iter().find(|u| u.id == id.as_str()))
            .map(|u| u.short.clone())
            .collect();
        body.block(&format!("（责任单位：{}）", names.join("、")));
    }
    body.paragraphs(writer, GENERAL, 0.95);
    let closing = writer.sentence(&[
        "如未兑现上述承诺，{单位}将主动说明原因，接受社会监督和问责。监督电话：{电话}。",
        "欢迎社会各界监督。对承诺不兑现的，可拨打12345政务服务热线或监督电话{电话}反映。",
        "承诺兑现情况将在本平台持续公开，接受{群体}监督。",
    ]);
    body.block(&closing);
    markdown_record(&front, &body.finish(writer))
}

fn criticism(writer: &mut Writer<'_>, record: &Planned) -> String {
    let category = CRITICISM_CATEGORIES[record.category];
    writer.category = category;
    let (issuer, _) = criticism_issuer(record.number);
    writer.issuer_name = match writer.units.iter().find(|u| u.id == issuer) {
        Some(unit) => unit.short.clone(),
        None => issuer.clone(),
    };
    let title_templates: &[&str] = match category {
        "新官不理旧账" => &["关于{简称}“新官不理旧账”问题的通报"],
        "招商不诚信" => &[
            "关于{简称}招商引资协议履约不到位问题的通报",
            "关于{简称}招商不诚信问题的通报",
        ],
        "政策承诺不兑现" => &[
            "关于{简称}{资金}兑现不及时问题的通报",
            "关于{简称}政策承诺不兑现问题的通报",
        ],
        "拖欠企业账款" => &[
            "关于{简称}拖欠企业账款问题的通报",
            "关于{简称}拖欠{资金}问题的通报",
        ],
        "违约拖欠债务" => &[
            "关于{简称}违约拖欠工程款问题的通报",
            "关于{简称}违约拖欠债务问题的通报",
        ],
        _ => &[
            "关于{简称}政务服务承诺未兑现问题的通报",
            "关于{简称}政府信息公开不规范问题的通报",
        ],
    };
    let title = writer.sentence(title_templates);

    let end = last_day();
    let rectify_by = writer.date + writer.rng.range(30, 120) as Day;
    let rectified_on = if rectify_by < end {
        writer.rng.chance(0.85).then(|| {
            (writer.date
                + writer
                    .rng
                    .range(10, i64::from(rectify_by - writer.date + 30)) as Day)
                .min(end)
        })
    } else {
        let latest = end.min(rectify_by);
        (writer.rng.chance(0.3) && latest > writer.date + 10)
            .then(|| writer.date + writer.rng.range(10, i64::from(latest - writer.date)) as Day)
    };
    let repair = rectified_on.and_then(|done| {
        let repair_day = done + writer.rng.range(90, 400) as Day;
        (writer.rng.chance(0.15) && repair_day <= end).then_some(repair_day)
    });
    let revoked = repair.is_none() && writer.rng.chance(0.01);

    let mut front = String::new();
    common_keys(&mut front, writer, &title);
    let updated = repair.or(rectified_on);
    if let Some(updated) = updated {
        line(&mut front, "updated", &iso(updated));
    }
    line(
        &mut front,
        "units",
        &toml_array(&[writer.unit.id.to_string()]),
    );
    line(&mut front, "issuer", &toml_string(&issuer));
    line(&mut front, "category", &toml_string(category));
    if let Some(doc_no) = &record.doc_no {
        line(&mut front, "doc_no", &toml_string(doc_no));
    }
    line(&mut front, "rectify_by", &iso(rectify_by));
    if let Some(done) = rectified_on {
        line(&mut front, "rectification", &toml_string("已整改"));
        line(&mut front, "rectified_on", &iso(done));
        let note = writer.sentence(RECTIFICATION_NOTES);
        line(&mut front, "rectification_note", &toml_string(&note));
    } else {
        line(&mut front, "rectification", &toml_string("整改中"));
    }
    if let Some(repair_day) = repair {
        let note = writer.sentence(REPAIR_NOTES);
        let _ = write!(
            front,
            "\n[repair]\ndate = {}\nnote = {}\n",
            iso(repair_day),
            toml_string(&note)
        );
    }
    if revoked {
        let reason = writer.sentence(REVOKE_REASONS);
        let revoke_day = (writer.date + writer.rng.range(20, 200) as Day).min(end);
        let _ = write!(
            front,
            "\n[revoked]\ndate = {}\nreason = {}\n",
            iso(revoke_day),
            toml_string(&reason)
        );
    }

    let mut body = Body::new(&mut writer.rng);
    let addressee = writer.sentence(&[
        "各乡镇人民政府，县直各单位：",
        "县社会信用体系建设领导小组各成员单位，各乡镇人民政府：",
    ]);
    body.block(&addressee);
    let finding = *writer.rng.pick(FINDINGS);
    let opening = writer.fill(&format!(
        "{finding}发现，{{单位}}存在{{问题}}的问题。现将有关情况通报如下。"
    ));
    body.block(&opening);
    body.heading("一、基本情况");
    body.paragraphs(writer, CRITICISM_FACTS, 0.45);
    body.heading("二、存在问题");
    body.paragraphs(writer, CRITICISM_PROBLEMS, 0.7);
    body.heading("三、整改要求");
    body.paragraphs(writer, CRITICISM_DEMANDS, 0.95);
    let signature = format!("{}\n\n{}", writer.issuer_name, chinese_date(writer.date));
    body.block(&signature);
    markdown_record(&front, &body.finish(writer))
}

fn evaluation(writer: &mut Writer<'_>, _record: &Planned) -> String {
    let (title_template, group) = *writer.rng.pick(EVALUATION_TYPES);
    // The period ends before the publication date.
    let (year, month, _) = civil(writer.date);
    writer.period = match writer.rng.below(3) {
        0 => format!("{}年度", year - 1),
        1 => {
            let quarter = (month - 1) / 3;
            if quarter == 0 {
                format!("{}年第四季度", year - 1)
            } else {
                format!("{year}年第{}季度", CHINESE_NUMERALS[quarter as usize - 1])
            }
        }
        _ => {
            if month == 1 {
                format!("{}年12月", year - 1)
            } else {
                format!("{year}年{}月", month - 1)
            }
        }
    };
    let title = writer.fill(title_template);
    let units: Vec<&Unit> = writer
        .units
        .iter()
        .filter(|u| u.active_on(writer.date))
        .filter(|u| match group {
            "乡镇" => u.is_township(),
            "部门" => u.kind == UnitKind::Organ && !u.is_township(),
            "服务" => {
                [
                    "zsj", "spj", "scjgj", "sbj", "ybj", "gaj", "shuiwu", "rsj", "zrzyj", "zjj",
                ]
                .contains(&u.id)
                    || u.is_township()
            }
            _ => true,
        })
        .collect();
    let evaluator = if group == "部门" && writer.rng.chance(0.3) {
        "华中信用评价研究院（第三方评估机构）".to_string()
    } else {
        writer.unit.id.to_string()
    };

    let mut out = String::new();
    common_keys(&mut out, writer, &title);
    line(&mut out, "period", &toml_string(&writer.period));
    line(&mut out, "evaluator", &toml_string(&evaluator));
    let participants = units.len();
    let method = format!(
        "评价对象为{participants}个单位，满分100分，设4项一级指标：\n\n| 指标 | 分值 |\n| --- | ---: |\n| 守信践诺 | 40 |\n| 政务公开 | 25 |\n| 失信整改 | 20 |\n| 社会评议 | 15 |\n\n{}等次按总分确定：90分及以上为优秀，80分及以上为良好，60分及以上为合格，60分以下为不合格。",
        writer.fill("评价采取单位自评、部门核查、数据比对和实地抽查相结合的方式，由{部门}会同{部门}组织实施。")
    );
    line(&mut out, "method", &toml_multiline(&method));

    let mut body = Body::new(&mut writer.rng);
    let addressee = writer.sentence(&[
        "各乡镇人民政府，县直各单位：",
        "县社会信用体系建设领导小组各成员单位：",
    ]);
    body.block(&addressee);
    let opening = writer.fill("按照{政策}和我县政务诚信建设工作要点的要求，{部门}组织开展了{期}评价。经县社会信用体系建设领导小组同意，现将评价结果予以公布。");
    body.block(&opening);
    body.paragraphs(writer, GENERAL, 0.9);
    let closing = writer.fill("希望评为优秀的单位再接再厉；其他单位要对照扣分事项逐项整改，整改情况于{次年}年{月}月底前书面报{部门}。");
    body.block(&closing);
    line(
        &mut out,
        "body",
        &toml_multiline(body.finish(writer).trim_end()),
    );

    for unit in units {
        let _ = write!(out, "\n[[results]]\nunit = {}\n", toml_string(unit.id));
        if writer.rng.chance(0.03) {
            line(
                &mut out,
                "grade",
                &toml_string(*writer.rng.pick(&["优秀", "良好", "合格"])),
            );
            continue;
        }
        // Half points: most from 80 to 98, one in ten lower, down to 55.
        let mut halves = writer.rng.range(160, 196);
        if writer.rng.chance(0.1) {
            halves -= writer.rng.range(10, 50);
        }
        let score = halves as f64 / 2.0;
        line(&mut out, "score", &format!("{score:.1}"));
        let mut parts: Vec<f64> = INDICATORS
            .iter()
            .skip(1)
            .map(|(_, max)| (score * f64::from(*max) / 100.0 * 2.0).round() / 2.0)
            .collect();
        let first = score - parts.iter().sum::<f64>();
        parts.insert(0, first);
        let scores: Vec<String> = INDICATORS
            .iter()
            .zip(&parts)
            .map(|((name, _), value)| format!("{} = {value:.1}", toml_string(name)))
            .collect();
        line(&mut out, "scores", &format!("{{ {} }}", scores.join(", ")));
        if score < 85.0 && writer.rng.chance(0.5) {
            line(
                &mut out,
                "note",
                &toml_string(*writer.rng.pick(RESULT_NOTES)),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_characters_match_real_codes() {
        // Codes of the example site in content/units/, which pass gongshi's check.
        for code in [
            "11422825MB1603A266",
            "11422825MB1601D380",
            "11422825MB1607G41P",
            "11422825MB1602P53J",
        ] {
            assert_eq!(
                uscc_check_char(&code[..17]),
                code.chars().nth(17).unwrap(),
                "{code}"
            );
            assert_eq!(
                org_code_check_char(&code[8..16]),
                code.chars().nth(16).unwrap(),
                "{code}"
            );
        }
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(day(1970, 1, 1), 0);
        assert_eq!(day(2024, 7, 29), 19_933);
        for days in [first_day(), last_day(), day(2024, 2, 29), day(2000, 3, 1)] {
            let (y, m, d) = civil(days);
            assert_eq!(day(y, m, d), days);
        }
    }

    #[test]
    fn same_seed_same_site() {
        let units = units();
        let a = render_site(&plan_records(300, 7, &units), &units, 7);
        let b = render_site(&plan_records(300, 7, &units), &units, 7);
        assert_eq!(a, b);
        let c = render_site(&plan_records(300, 8, &units), &units, 8);
        assert_ne!(a, c);
    }

    #[test]
    fn no_long_digit_runs() {
        let units = units();
        for (path, bytes) in render_site(&plan_records(2000, 3, &units), &units, 3) {
            // The police record number in site.toml has 14 digits, as real ones do.
            if path == "site.toml" {
                continue;
            }
            let text = String::from_utf8(bytes).unwrap();
            let mut run = 0;
            for c in text.chars() {
                run = if c.is_ascii_digit() { run + 1 } else { 0 };
                assert!(run <= 8, "{path}: a run of {run} digits");
            }
        }
    }

    #[test]
    fn bodies_within_length() {
        let units = units();
        for (path, bytes) in render_site(&plan_records(2000, 5, &units), &units, 5) {
            if !path.contains("/20") || path.ends_with(".pdf") {
                continue;
            }
            let text = String::from_utf8(bytes).unwrap();
            let body = if path.ends_with(".md") {
                text.splitn(3, "+++\n").nth(2).unwrap().to_string()
            } else {
                text.split("body = \"\"\"\n")
                    .nth(1)
                    .unwrap()
                    .split("\"\"\"")
                    .next()
                    .unwrap()
                    .to_string()
            };
            let han = han_count(&body);
            assert!(
                (BODY_MIN_HAN..=BODY_MAX_HAN).contains(&han),
                "{path}: {han} Chinese characters"
            );
        }
    }
}
