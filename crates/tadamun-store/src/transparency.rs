//! What the public transparency portal reads, with no signed-in user: only what is
//! public by nature. Programme versions that have decided on households (frozen), and
//! accredited partners with the services they offer; no contacts, no people. Counts
//! about people come from the indicators, which the portal suppresses itself.

use sqlx::AssertSqlSafe;
use tadamun_domain::{
    area::GovernorateCode, ids::OrganisationId, partner::organisation::OrganisationKind,
};
use tadamun_targeting::programme::ProgrammeVersion;
use time::Date;
use uuid::Uuid;

use crate::{
    backend::Store,
    db::args,
    error::{Result, StoreError},
    rows::corrupt,
};

/// An accredited partner as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedPartner {
    pub id: OrganisationId,
    pub kind: OrganisationKind,
    pub name_ar: String,
    pub name_en: Option<String>,
    pub head_office: GovernorateCode,
    pub accredited_until: Option<Date>,
    pub services: Vec<PublishedService>,
}

/// One service a partner offers in one governorate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedService {
    pub service: String,
    pub governorate: GovernorateCode,
    /// People per year.
    pub capacity: i64,
    pub eligibility_notes: String,
}

#[derive(sqlx::FromRow)]
struct PartnerRow {
    id: Uuid,
    kind: String,
    name_ar: String,
    name_en: Option<String>,
    governorate_code: String,
    accreditation_expires_on: Option<Date>,
}

#[derive(sqlx::FromRow)]
struct ServiceRow {
    organisation_id: Uuid,
    service_code: String,
    governorate_code: String,
    capacity: i64,
    eligibility_notes: String,
}

#[derive(sqlx::FromRow)]
struct DefinitionRow {
    definition: String,
}

/// Accredited on `today`: an accreditation past its last day reads as expired.
const ACCREDITED: &str = "o.accreditation_status = 'accredited' \
     and (o.accreditation_expires_on is null or o.accreditation_expires_on >= $1)";

fn governorate(code: &str) -> Result<GovernorateCode> {
    GovernorateCode::parse(code).map_err(|e| corrupt("governorate", e))
}

impl Store {
    /// The newest version of each programme that has decided on households, by key.
    /// Drafts are not public: they may still change.
    pub async fn published_programmes(&self) -> Result<Vec<ProgrammeVersion>> {
        let rows: Vec<DefinitionRow> = self
            .fetch_all(
                "select p.definition from programme_versions p where p.state = 'frozen' \
                 and p.version = (select max(q.version) from programme_versions q \
                   where q.programme_key = p.programme_key and q.state = 'frozen') \
                 order by p.programme_key",
                vec![],
            )
            .await?;
        rows.into_iter()
            .map(|r| {
                serde_json::from_str(&r.definition)
                    .map_err(|e| StoreError::Corrupt(format!("programme definition: {e}")))
            })
            .collect()
    }

    /// Partners accredited on `today`, by Arabic name, each with its services.
    pub async fn accredited_partners(&self, today: Date) -> Result<Vec<PublishedPartner>> {
        let partners: Vec<PartnerRow> = self
            .fetch_all(
                AssertSqlSafe(format!(
                    "select o.id, o.kind, o.name_ar, o.name_en, o.governorate_code, \
                     o.accreditation_expires_on from organisations o where {ACCREDITED} \
                     order by o.search_key, o.id"
                )),
                args![today],
            )
            .await?;
        let services: Vec<ServiceRow> = self
            .fetch_all(
                AssertSqlSafe(format!(
                    "select s.organisation_id, s.service_code, s.governorate_code, s.capacity, \
                     s.eligibility_notes from organisation_services s \
                     join organisations o on o.id = s.organisation_id where {ACCREDITED} \
                     order by s.organisation_id, s.service_code, s.governorate_code"
                )),
                args![today],
            )
            .await?;
        let mut published = partners
            .into_iter()
            .map(|p| {
                Ok(PublishedPartner {
                    id: OrganisationId(p.id),
                    kind: OrganisationKind::parse(&p.kind).map_err(|e| corrupt("kind", e))?,
                    name_ar: p.name_ar,
                    name_en: p.name_en,
                    head_office: governorate(&p.governorate_code)?,
                    accredited_until: p.accreditation_expires_on,
                    services: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        for s in services {
            if let Some(p) = published.iter_mut().find(|p| p.id.0 == s.organisation_id) {
                p.services.push(PublishedService {
                    service: s.service_code,
                    governorate: governorate(&s.governorate_code)?,
                    capacity: s.capacity,
                    eligibility_notes: s.eligibility_notes,
                });
            }
        }
        Ok(published)
    }
}
