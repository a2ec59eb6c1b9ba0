//! A small site built by hand: a few units, 21 published commitments (one
//! page and one more), records withheld for every reason, an evaluation
//! with a tie, and a free page.

use std::path::PathBuf;

use crate::model::*;

/// Text that only withheld records contain; no output file may hold it.
pub const SECRETS: &[&str] = &[
    "DRAFT-SECRET",
    "FUTURE-SECRET",
    "REVOKED-SECRET",
    "EXPIRED-SECRET",
    "REPAIRED-SECRET",
    "secret-attachment.pdf",
];

pub const AS_OF: Date = Date::constant(2024, 8, 1);

pub const REVOKED_URL: &str = "criticisms/2023/revoked/";

fn meta(kind: &str, stem: &str, title: &str, date: Date, body: &str) -> Meta {
    Meta {
        id: format!("{kind}/{stem}"),
        url_path: format!("{kind}/{stem}/"),
        source: PathBuf::from(format!("content/{kind}/{stem}.md")),
        title: title.to_string(),
        date,
        updated: None,
        draft: false,
        review: None,
        body: body.to_string().into(),
    }
}

fn unit(id: &str, name: &str, short: Option<&str>, kind: UnitKind) -> Unit {
    Unit {
        id: id.to_string(),
        source: PathBuf::from(format!("content/units/{id}.toml")),
        name: name.to_string(),
        kind,
        short_name: short.map(str::to_string),
        uscc: Some("11422825MB1234567X".to_string()),
        uscc_pending: false,
        parent: None,
        aliases: Vec::new(),
        address: Some("宣恩县珠山镇".to_string()),
        phone: Some("0718-5822319".to_string()),
        website: None,
        successor: None,
        dissolved_on: None,
    }
}

fn attachment(path: &str, size: u64) -> Attachment {
    Attachment {
        source: PathBuf::from(format!("content/{path}")),
        url_path: path.to_string(),
        file_name: path.rsplit('/').next().unwrap_or(path).to_string(),
        size,
        type_label: "PDF".to_string(),
    }
}

fn commitment(
    stem: &str,
    title: &str,
    date: Date,
    status: CommitmentStatus,
    deadline: Option<Deadline>,
) -> Commitment {
    Commitment {
        meta: meta("commitments", stem, title, date, "按期完成承诺事项。"),
        units: vec!["fgj".to_string()],
        category: "服务承诺".to_string(),
        deadline,
        status,
        progress: Vec::new(),
        attachments: Vec::new(),
    }
}

fn criticism(stem: &str, title: &str, date: Date) -> Criticism {
    Criticism {
        meta: meta(
            "criticisms",
            stem,
            title,
            date,
            &format!("{title} 的通报正文"),
        ),
        units: vec!["czj".to_string()],
        issuer: UnitOrName::Unit("fgj".to_string()),
        category: "拖欠企业账款".to_string(),
        doc_no: Some(format!("宣信用办〔2023〕{}号", stem.len())),
        rectify_by: Some(Date::constant(2024, 3, 31)),
        rectification: Rectification::Rectifying,
        rectified_on: None,
        rectification_note: None,
        publish_until: Date::constant(2026, 12, 31),
        repair: None,
        revoked: None,
        attachments: Vec::new(),
    }
}

fn config() -> SiteConfig {
    SiteConfig {
        title: "宣恩县政务诚信公示平台".to_string(),
        base_url: "https://www.example.gov.cn/zwcx/".to_string(),
        base_path: "/zwcx/".to_string(),
        language: "zh-CN".to_string(),
        sample_data: true,
        footer: Footer {
            sponsor: "宣恩县社会信用体系建设领导小组办公室".to_string(),
            contact: "联系电话：0718-5822319".to_string(),
            site_code: "4228250001".to_string(),
            icp: "鄂ICP备05002862号".to_string(),
            police_record: "鄂公网安备42282502000101号".to_string(),
        },
        complaints: vec![ComplaintChannel {
            name: "12345政务服务热线".to_string(),
            contact: "拨打 12345".to_string(),
        }],
        publication: PublicationConfig {
            criticism_months: 36,
            require_review: false,
        },
        grades: vec![
            GradeBand {
                name: "优秀".to_string(),
                min_score: 90.0,
            },
            GradeBand {
                name: "良好".to_string(),
                min_score: 80.0,
            },
            GradeBand {
                name: "合格".to_string(),
                min_score: 60.0,
            },
            GradeBand {
                name: "不合格".to_string(),
                min_score: 0.0,
            },
        ],
        lists: Lists {
            commitment_categories: vec![
                "政务诚信承诺".to_string(),
                "服务承诺".to_string(),
                "其他".to_string(),
            ],
            disclosure_categories: vec!["政策文件".to_string(), "其他".to_string()],
            criticism_categories: vec!["拖欠企业账款".to_string(), "其他".to_string()],
        },
    }
}

pub fn site() -> Site {
    let mut units = vec![
        unit("czj", "宣恩县财政局", Some("县财政局"), UnitKind::Organ),
        unit(
            "fgj",
            "宣恩县发展和改革局",
            Some("县发改局"),
            UnitKind::Organ,
        ),
        unit("jyj", "宣恩县教育局", Some("县教育局"), UnitKind::Organ),
        unit("old", "宣恩县物价局", None, UnitKind::Organ),
        unit("zhushan", "珠山镇人民政府", None, UnitKind::Township),
    ];
    units[2].uscc = None;
    units[2].uscc_pending = true;
    units[3].successor = Some("fgj".to_string());
    units[3].dissolved_on = Some(Date::constant(2019, 3, 1));

    let mut commitments: Vec<Commitment> = (1..=21)
        .map(|n| {
            commitment(
                &format!("2024/task-{n:02}"),
                &format!("承诺事项第{n}项"),
                Date::constant(2024, 1, n as i8),
                CommitmentStatus::InProgress,
                Some(Deadline::Date(Date::constant(2024, 12, 31))),
            )
        })
        .collect();
    commitments[0].status = CommitmentStatus::Fulfilled;
    commitments[1].deadline = Some(Deadline::Date(Date::constant(2024, 6, 30)));
    commitments[1].progress = vec![Progress {
        date: Date::constant(2024, 5, 1),
        text: "完成招标。\n开工建设。".to_string(),
        attachment: Some(attachment("commitments/2024/progress.pdf", 356 * 1024)),
    }];
    commitments[2].deadline = Some(Deadline::Ongoing);
    commitments[2].attachments = vec![attachment("commitments/2024/plan.pdf", 1_258_291)];

    let mut draft = commitment(
        "2024/draft",
        "DRAFT-SECRET 草稿承诺",
        Date::constant(2024, 2, 1),
        CommitmentStatus::InProgress,
        None,
    );
    draft.meta.draft = true;
    draft.attachments = vec![attachment("commitments/2024/secret-attachment.pdf", 10)];
    commitments.push(draft);
    commitments.push(commitment(
        "2024/future",
        "FUTURE-SECRET 未来承诺",
        Date::constant(2024, 9, 1),
        CommitmentStatus::InProgress,
        None,
    ));

    let xss = "正文。\n\n<script>alert('xss')</script>\n\n<img src=\"x.png\" onerror=\"alert(1)\" alt=\"图\">\n\n[点击](javascript:alert(2))\n\n{{ site.title }}";
    let disclosures = vec![
        Disclosure {
            meta: meta(
                "disclosures",
                "2024/notice-1",
                "关于印发政务诚信建设工作要点的通知",
                Date::constant(2024, 7, 28),
                xss,
            ),
            units: vec!["fgj".to_string()],
            category: "政策文件".to_string(),
            doc_no: Some("宣信用办〔2024〕1号".to_string()),
            index_no: Some("011422825MB1234567X/2024-00001".to_string()),
            written_date: Some(Date::constant(2024, 7, 26)),
            stage: Some(Stage::Decision),
            validity: Validity::Valid,
            attachments: Vec::new(),
        },
        Disclosure {
            meta: meta(
                "disclosures",
                "2023/old-policy",
                "旧政策",
                Date::constant(2023, 5, 1),
                "",
            ),
            units: vec!["czj".to_string()],
            category: "其他".to_string(),
            doc_no: None,
            index_no: None,
            written_date: None,
            stage: None,
            validity: Validity::Repealed,
            attachments: Vec::new(),
        },
    ];

    let published = criticism(
        "2024/arrears",
        "关于县财政局拖欠企业账款的通报",
        Date::constant(2024, 2, 1),
    );
    let mut revoked = criticism(
        "2023/revoked",
        "REVOKED-SECRET 已撤销的通报",
        Date::constant(2023, 6, 1),
    );
    revoked.revoked = Some(DatedNote {
        date: Date::constant(2023, 9, 1),
        text: "REVOKED-SECRET 异议成立".to_string(),
    });
    revoked.doc_no = Some("REVOKED-SECRET-DOC".to_string());
    let mut expired = criticism(
        "2020/expired",
        "EXPIRED-SECRET 过期通报",
        Date::constant(2020, 1, 1),
    );
    expired.publish_until = Date::constant(2023, 1, 1);
    let mut repaired = criticism(
        "2023/repaired",
        "REPAIRED-SECRET 已修复",
        Date::constant(2023, 2, 1),
    );
    repaired.repair = Some(DatedNote {
        date: Date::constant(2024, 1, 1),
        text: "REPAIRED-SECRET".to_string(),
    });
    let criticisms = vec![published, revoked, expired, repaired];

    let result = |unit: &str, score: Option<f64>, grade: &str| EvaluationResult {
        unit: unit.to_string(),
        score,
        grade: Some(grade.to_string()),
        scores: score
            .map(|s| vec![("承诺履行".to_string(), s / 2.0)])
            .unwrap_or_default(),
        note: None,
    };
    let evaluations = vec![Evaluation {
        meta: meta(
            "evaluations",
            "2024/annual",
            "2023年度政务诚信评价结果",
            Date::constant(2024, 3, 1),
            "",
        ),
        period: "2023年度".to_string(),
        evaluator: UnitOrName::Name("第三方评估机构".to_string()),
        method: Some("按**四项指标**评分。".to_string()),
        results: vec![
            result("czj", Some(88.0), "良好"),
            result("fgj", Some(95.5), "优秀"),
            result("jyj", Some(88.0), "良好"),
            result("zhushan", None, "合格"),
        ],
        attachments: Vec::new(),
    }];

    let pages = vec![Page {
        id: "pages/complaints".to_string(),
        url_path: "complaints/".to_string(),
        source: PathBuf::from("content/pages/complaints.md"),
        title: "投诉渠道".to_string(),
        menu: Some(1),
        date: None,
        draft: false,
        review: None,
        body: "## 12345\n\n拨打 12345。".to_string().into(),
    }];

    Site {
        config: config(),
        units,
        commitments: shared(commitments),
        disclosures: shared(disclosures),
        criticisms: shared(criticisms),
        evaluations: shared(evaluations),
        pages: shared(pages),
    }
}

fn shared<T>(records: Vec<T>) -> Vec<std::sync::Arc<T>> {
    records.into_iter().map(std::sync::Arc::new).collect()
}
