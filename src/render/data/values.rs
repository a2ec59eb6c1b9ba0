//! Values that records of several kinds share in the open data: unit
//! references, attachments, and the fields every record starts and ends
//! with. Dates are `YYYY-MM-DD` strings and URLs are absolute, so a file
//! read on its own still leads back to the site.

use serde::Serialize;

use crate::model::{Attachment, Meta, UnitOrName};
use crate::render::env::Env;
use crate::render::format;

/// A unit a record names.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRef {
    pub id: String,
    pub name: String,
    pub short_name: Option<String>,
    /// `None` while the unit has no code yet (`uscc_pending`).
    pub uscc: Option<String>,
}

/// A body that is a unit of the portal (`id` set) or, like a provincial
/// office or a third-party agency, only a name.
#[derive(Debug, Clone, Serialize)]
pub struct BodyRef {
    pub id: Option<String>,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttachmentData {
    pub name: String,
    pub url: String,
    /// Size in bytes.
    pub size: u64,
    /// Readers' name for the type: PDF, Word, 图片 …
    #[serde(rename = "type")]
    pub type_label: String,
}

/// Fields every record's data starts with.
#[derive(Debug, Clone, Serialize)]
pub struct Head {
    /// Path under content/ without extension; stable while the file keeps its place.
    pub id: String,
    pub url: String,
    pub title: String,
    pub date: String,
    pub updated: Option<String>,
}

/// Fields every record's data ends with.
#[derive(Debug, Clone, Serialize)]
pub struct Tail {
    /// The body as plain text.
    pub body: String,
    pub attachments: Vec<AttachmentData>,
}

/// Text the spreadsheet files show for a unit without a code, as the
/// archive pages do.
pub const USCC_PENDING: &str = "待赋码";

/// Separator of several values in one CSV cell, the list separator of
/// Chinese text. The JSON files keep such values as arrays, so a value that
/// contains it stays unambiguous there.
pub const LIST_SEPARATOR: &str = "、";

pub fn unit_ref(env: &Env, id: &str) -> UnitRef {
    match env.unit(id) {
        Some(unit) => UnitRef {
            id: unit.id.clone(),
            name: unit.name.clone(),
            short_name: unit.short_name.clone(),
            uscc: unit.uscc.clone(),
        },
        // Validation rejects references to missing units, so this is a
        // fallback that keeps the id visible rather than a real case.
        None => UnitRef {
            id: id.to_string(),
            name: id.to_string(),
            short_name: None,
            uscc: None,
        },
    }
}

pub fn unit_refs(env: &Env, ids: &[String]) -> Vec<UnitRef> {
    ids.iter().map(|id| unit_ref(env, id)).collect()
}

/// Names a body by its full name when it is a unit of the portal.
pub fn body_ref(env: &Env, body: &UnitOrName) -> BodyRef {
    match body {
        UnitOrName::Unit(id) => BodyRef {
            id: Some(id.clone()),
            name: unit_ref(env, id).name,
        },
        UnitOrName::Name(name) => BodyRef {
            id: None,
            name: name.clone(),
        },
    }
}

pub fn attachment(env: &Env, attachment: &Attachment) -> AttachmentData {
    AttachmentData {
        name: attachment.file_name.clone(),
        url: env.absolute_url(&attachment.url_path),
        size: attachment.size,
        type_label: attachment.type_label.clone(),
    }
}

pub fn attachments(env: &Env, list: &[Attachment]) -> Vec<AttachmentData> {
    list.iter().map(|a| attachment(env, a)).collect()
}

pub fn head(env: &Env, meta: &Meta) -> Head {
    Head {
        id: meta.id.clone(),
        url: env.absolute_url(&meta.url_path),
        title: meta.title.clone(),
        date: format::date(meta.date),
        updated: meta.updated.map(format::date),
    }
}

pub fn tail(env: &Env, meta: &Meta, list: &[Attachment]) -> Tail {
    Tail {
        body: env.body_text(&meta.body),
        attachments: attachments(env, list),
    }
}

/// Formats the code of a unit as the spreadsheet files show it.
pub fn uscc_cell(uscc: &Option<String>) -> String {
    uscc.clone().unwrap_or_else(|| USCC_PENDING.to_string())
}

/// Joins the values of one field of several units into one CSV cell.
pub fn join_units(units: &[UnitRef], value: impl Fn(&UnitRef) -> String) -> String {
    units
        .iter()
        .map(value)
        .collect::<Vec<_>>()
        .join(LIST_SEPARATOR)
}

/// Lists attachment URLs one per line, so each is a link of its own in a
/// spreadsheet cell.
pub fn attachment_urls(list: &[AttachmentData]) -> String {
    list.iter()
        .map(|a| a.url.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Formats `true` as 是 and `false` as 否, the words a spreadsheet filter shows.
pub fn yes_no(value: bool) -> String {
    if value { "是" } else { "否" }.to_string()
}

pub fn optional(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}
