//! The open data of each unit: its identity and the counts of published
//! records that its credit archive shows.

use serde::Serialize;

use super::values::{self, BodyRef};
use crate::model::derive::{commitment_overdue, criticism_overdue};
use crate::model::{CommitmentStatus, Rectification, Unit, UnitOrName};
use crate::render::env::Env;
use crate::render::format;

#[derive(Debug, Clone, Serialize)]
pub struct UnitData {
    pub id: String,
    pub url: String,
    pub name: String,
    pub short_name: Option<String>,
    pub kind: &'static str,
    pub uscc: Option<String>,
    pub uscc_pending: bool,
    pub parent: Option<BodyRef>,
    pub aliases: Vec<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub successor: Option<BodyRef>,
    pub dissolved_on: Option<String>,
    pub counts: UnitCounts,
}

/// Published records that name the unit, at the as-of date.
#[derive(Debug, Clone, Serialize)]
pub struct UnitCounts {
    pub commitments: usize,
    pub commitments_fulfilled: usize,
    pub commitments_overdue: usize,
    pub disclosures: usize,
    pub criticisms: usize,
    /// Criticisms not yet rectified, overdue ones included.
    pub criticisms_rectifying: usize,
    pub criticisms_overdue: usize,
    /// Evaluations with a result for the unit.
    pub evaluations: usize,
}

pub fn unit(env: &Env, unit: &Unit) -> UnitData {
    let reference = |id: &String| values::body_ref(env, &UnitOrName::Unit(id.clone()));
    UnitData {
        id: unit.id.clone(),
        url: env.absolute_url(&format!("units/{}/", unit.id)),
        name: unit.name.clone(),
        short_name: unit.short_name.clone(),
        kind: unit.kind.zh(),
        uscc: unit.uscc.clone(),
        uscc_pending: unit.uscc_pending,
        parent: unit.parent.as_ref().map(reference),
        aliases: unit.aliases.clone(),
        address: unit.address.clone(),
        phone: unit.phone.clone(),
        website: unit.website.clone(),
        successor: unit.successor.as_ref().map(reference),
        dissolved_on: unit.dissolved_on.map(format::date),
        counts: counts(env, &unit.id),
    }
}

fn counts(env: &Env, id: &str) -> UnitCounts {
    let published = env.published;
    let as_of = env.as_of();
    let names = |units: &[String]| units.iter().any(|unit| unit == id);

    let commitments: Vec<_> = published
        .commitments
        .iter()
        .filter(|c| names(&c.units))
        .collect();
    let criticisms: Vec<_> = published
        .criticisms
        .iter()
        .filter(|c| names(&c.units))
        .collect();
    UnitCounts {
        commitments: commitments.len(),
        commitments_fulfilled: commitments
            .iter()
            .filter(|c| c.status == CommitmentStatus::Fulfilled)
            .count(),
        commitments_overdue: commitments
            .iter()
            .filter(|c| commitment_overdue(c, as_of))
            .count(),
        disclosures: published
            .disclosures
            .iter()
            .filter(|d| names(&d.units))
            .count(),
        criticisms: criticisms.len(),
        criticisms_rectifying: criticisms
            .iter()
            .filter(|c| c.rectification == Rectification::Rectifying)
            .count(),
        criticisms_overdue: criticisms
            .iter()
            .filter(|c| criticism_overdue(c, as_of))
            .count(),
        evaluations: published
            .evaluations
            .iter()
            .filter(|e| e.results.iter().any(|r| r.unit == id))
            .count(),
    }
}
