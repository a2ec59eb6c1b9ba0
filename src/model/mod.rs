//! The typed content model: what the validate stage produces from the
//! user's files and what the render stage reads. Every value here has
//! already been checked; no type in this module refers back to TOML.
//!
//! Domain terms, with their Chinese words:
//! unit 单位, commitment 公开承诺, disclosure 政务公开, criticism 通报批评,
//! evaluation 政务诚信评价, credit archive 信用档案,
//! unified social credit code 统一社会信用代码 (USCC).

pub mod derive;
pub mod publish;
mod shared_text;
mod values;

use std::path::PathBuf;
use std::sync::Arc;

pub use jiff::civil::Date;
use serde::Serialize;
pub use shared_text::SharedText;
pub use values::*;

/// The whole validated site, before the publication rules are applied.
/// Records are shared, so that `gongshi serve` keeps each unchanged
/// record of one build in the next without copying it.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    /// Sorted by id.
    pub units: Vec<Unit>,
    pub commitments: Vec<Arc<Commitment>>,
    pub disclosures: Vec<Arc<Disclosure>>,
    pub criticisms: Vec<Arc<Criticism>>,
    pub evaluations: Vec<Arc<Evaluation>>,
    pub pages: Vec<Arc<Page>>,
}

/// Settings from site.toml.
#[derive(Debug, Clone, Serialize)]
pub struct SiteConfig {
    pub title: String,
    /// Always ends with `/`.
    pub base_url: String,
    /// The path part of `base_url`, starting and ending with `/`
    /// (`/zwcx/` for `https://www.example.gov.cn/zwcx/`). Pages link with it.
    pub base_path: String,
    pub language: String,
    /// Shows the 示例数据 banner on every page.
    pub sample_data: bool,
    pub footer: Footer,
    /// Complaint channels (投诉渠道) shown on the home page, in file order.
    pub complaints: Vec<ComplaintChannel>,
    pub publication: PublicationConfig,
    /// Grade bands, highest lowest-score first.
    pub grades: Vec<GradeBand>,
    pub lists: Lists,
}

/// The footer required of Chinese government websites.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Footer {
    /// 主办单位.
    pub sponsor: String,
    pub contact: String,
    /// 网站标识码.
    pub site_code: String,
    /// ICP 备案号.
    pub icp: String,
    /// 公安机关备案号.
    pub police_record: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ComplaintChannel {
    pub name: String,
    pub contact: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicationConfig {
    /// How long a criticism stays published by default, in months.
    pub criticism_months: u32,
    /// 先审后发: records without a `[review]` approval are withheld.
    pub require_review: bool,
}

/// A grade (等次) and the lowest score that earns it.
#[derive(Debug, Clone, Serialize)]
pub struct GradeBand {
    pub name: String,
    pub min_score: f64,
}

/// The configurable value lists of site.toml `[lists]`.
#[derive(Debug, Clone, Serialize)]
pub struct Lists {
    pub commitment_categories: Vec<String>,
    pub disclosure_categories: Vec<String>,
    pub criticism_categories: Vec<String>,
}

/// A government body (单位). Its page is the unit's credit archive (信用档案).
#[derive(Debug, Clone, Serialize)]
pub struct Unit {
    /// File stem of `content/units/<id>.toml`, ASCII.
    pub id: String,
    pub source: PathBuf,
    /// 全称.
    pub name: String,
    pub kind: UnitKind,
    /// 简称.
    pub short_name: Option<String>,
    /// 统一社会信用代码 (GB 32100-2015), `None` when `uscc_pending`.
    pub uscc: Option<String>,
    pub uscc_pending: bool,
    pub parent: Option<String>,
    pub aliases: Vec<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub successor: Option<String>,
    pub dissolved_on: Option<Date>,
}

impl Unit {
    /// Returns the name lists show: the short name when there is one.
    pub fn display_name(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.name)
    }
}

/// Fields every record but a unit carries.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    /// Path under content/ without extension, `/`-separated: `commitments/2024/a`.
    /// Unique among records; used as the record's id everywhere.
    pub id: String,
    /// Output path relative to the site root, ending with `/`:
    /// `commitments/2024/a/` (the file stem replaced by `slug` when given).
    pub url_path: String,
    /// Path relative to the site folder, for messages.
    pub source: PathBuf,
    pub title: String,
    pub date: Date,
    pub updated: Option<Date>,
    pub draft: bool,
    /// 先审后发 approval; never rendered.
    #[serde(skip)]
    pub review: Option<Review>,
    /// The Markdown body as written; rendering sanitises it.
    pub body: SharedText,
}

#[derive(Debug, Clone)]
pub struct Review {
    pub approved_by: String,
    pub approved_on: Date,
}

/// A file a record lists, checked to exist inside the site folder.
#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    /// Path relative to the site folder, for reading.
    pub source: PathBuf,
    /// Output path relative to the site root: the path under content/.
    pub url_path: String,
    /// File name shown to readers.
    pub file_name: String,
    pub size: u64,
    /// Readers' name for the type: PDF, Word, 图片 …
    pub type_label: String,
}

/// 公开承诺.
#[derive(Debug, Clone, Serialize)]
pub struct Commitment {
    pub meta: Meta,
    pub units: Vec<String>,
    pub category: String,
    pub deadline: Option<Deadline>,
    pub status: CommitmentStatus,
    /// Sorted by date, oldest first.
    pub progress: Vec<Progress>,
    pub attachments: Vec<Attachment>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    pub date: Date,
    pub text: String,
    pub attachment: Option<Attachment>,
}

/// 政务公开.
#[derive(Debug, Clone, Serialize)]
pub struct Disclosure {
    pub meta: Meta,
    /// 发布机构.
    pub units: Vec<String>,
    /// 主题分类.
    pub category: String,
    /// 文号.
    pub doc_no: Option<String>,
    /// 索引号.
    pub index_no: Option<String>,
    /// 成文日期.
    pub written_date: Option<Date>,
    /// 五公开 stage.
    pub stage: Option<Stage>,
    pub validity: Validity,
    pub attachments: Vec<Attachment>,
}

/// 通报批评.
#[derive(Debug, Clone, Serialize)]
pub struct Criticism {
    pub meta: Meta,
    /// 被通报单位.
    pub units: Vec<String>,
    /// 通报机关.
    pub issuer: UnitOrName,
    /// 失信类型.
    pub category: String,
    pub doc_no: Option<String>,
    /// 整改期限.
    pub rectify_by: Option<Date>,
    pub rectification: Rectification,
    pub rectified_on: Option<Date>,
    pub rectification_note: Option<String>,
    /// 公示截止日期, resolved: given, or `date` plus `criticism_months`.
    pub publish_until: Date,
    /// 信用修复.
    pub repair: Option<DatedNote>,
    /// Withdrawn after an objection (异议) proved it wrong.
    pub revoked: Option<DatedNote>,
    pub attachments: Vec<Attachment>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DatedNote {
    pub date: Date,
    pub text: String,
}

/// 政务诚信评价结果.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    pub meta: Meta,
    /// 评价期, e.g. 2024年度.
    pub period: String,
    pub evaluator: UnitOrName,
    /// Markdown.
    pub method: Option<String>,
    /// In file order; `derive::rank_results` gives the ranked view.
    pub results: Vec<EvaluationResult>,
    pub attachments: Vec<Attachment>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvaluationResult {
    pub unit: String,
    pub score: Option<f64>,
    /// The grade as given, or from the bands when not given.
    pub grade: Option<String>,
    /// Indicator sub-scores (分项得分), in file order.
    pub scores: Vec<(String, f64)>,
    pub note: Option<String>,
}

/// A free page (about, complaint channels, objection and repair guides).
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub id: String,
    pub url_path: String,
    pub source: PathBuf,
    pub title: String,
    /// Position in the main menu; pages without it are not in the menu.
    pub menu: Option<i64>,
    pub date: Option<Date>,
    pub draft: bool,
    #[serde(skip)]
    pub review: Option<Review>,
    pub body: SharedText,
}
