//! The services organisations offer, by governorate, and the service map: supply
//! (organisations and total capacity) by governorate and service type. Offers are
//! edited by whoever may edit their organisation; the map counts only what the
//! caller may see.

use tadamun_domain::{
    FieldError, FieldErrors,
    access::{Access, Permission},
    area::GovernorateCode,
    audit::AuditAction,
    ids::{OrganisationId, ServiceOfferId},
    partner::{ServiceOffer, ServiceOfferDraft, SupplyCell},
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::visible_organisation;
use crate::{
    access::require,
    audit::append_audit,
    backend::Store,
    db::args,
    error::{Result, StoreError},
    rows::corrupt,
};

#[derive(sqlx::FromRow)]
struct OfferRow {
    id: Uuid,
    organisation_id: Uuid,
    service_code: String,
    governorate_code: String,
    capacity: i64,
    eligibility_notes: String,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

impl OfferRow {
    fn into_offer(self) -> Result<ServiceOffer> {
        Ok(ServiceOffer {
            id: ServiceOfferId(self.id),
            organisation_id: OrganisationId(self.organisation_id),
            draft: ServiceOfferDraft {
                service: self.service_code,
                governorate: GovernorateCode::parse(&self.governorate_code)
                    .map_err(|e| corrupt("governorate", e))?,
                capacity: self.capacity,
                eligibility_notes: self.eligibility_notes,
            },
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct SupplyRow {
    governorate_code: String,
    service_code: String,
    organisations: i64,
    capacity: i64,
}

/// One offer of a service in a governorate per organisation: a second reads as a
/// field error.
fn offer_clash(e: StoreError) -> StoreError {
    match e {
        StoreError::Duplicate { .. } => StoreError::Invalid(FieldErrors::from(FieldError::new(
            "service",
            "duplicate-service-offer",
            "the organisation already offers this service in this governorate; edit that offer",
        ))),
        other => other,
    }
}

impl Store {
    /// Adds an offer (`id` `None`) or replaces one of this organisation's. The draft
    /// was checked against the organisation (a governorate it serves).
    #[tracing::instrument(skip_all, fields(organisation = %organisation))]
    pub async fn save_service_offer(
        &self,
        access: &Access,
        organisation: OrganisationId,
        id: Option<ServiceOfferId>,
        draft: &ServiceOfferDraft,
        now: OffsetDateTime,
    ) -> Result<ServiceOfferId> {
        let (org, _) = self.editable_organisation(access, organisation).await?;
        if !org.serves(&draft.governorate) {
            return Err(StoreError::Invalid(FieldErrors::from(FieldError::new(
                "governorate",
                "governorate-not-served",
                "the organisation does not serve this governorate",
            ))));
        }
        let before = match id {
            Some(id) => Some(
                self.service_offer(organisation, id)
                    .await?
                    .ok_or(StoreError::NotFound)?,
            ),
            None => None,
        };
        let mut tx = self.begin().await?;
        let saved = match id {
            Some(id) => {
                let n = tx
                    .execute(
                        "update organisation_services set service_code = $1, governorate_code = $2, capacity = $3, eligibility_notes = $4, updated_at = $5 \
                         where id = $6 and organisation_id = $7",
                        args![
                            draft.service.as_str(),
                            draft.governorate.as_str(),
                            draft.capacity,
                            draft.eligibility_notes.as_str(),
                            now,
                            id.0,
                            organisation.0
                        ],
                    )
                    .await
                    .map_err(offer_clash)?;
                if n != 1 {
                    return Err(StoreError::NotFound);
                }
                id
            }
            None => {
                let id = ServiceOfferId::new();
                tx.execute(
                    "insert into organisation_services (id, organisation_id, service_code, governorate_code, capacity, eligibility_notes, created_at, updated_at) \
                     values ($1, $2, $3, $4, $5, $6, $7, $7)",
                    args![
                        id.0,
                        organisation.0,
                        draft.service.as_str(),
                        draft.governorate.as_str(),
                        draft.capacity,
                        draft.eligibility_notes.as_str(),
                        now
                    ],
                )
                .await
                .map_err(offer_clash)?;
                id
            }
        };
        let entry = access
            .audit(
                AuditAction::PartnerServiceSaved,
                "organisation",
                Some(organisation.to_string()),
                now,
            )
            .with_change(before.as_ref().map(|b| &b.draft), Some(draft));
        append_audit(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(saved)
    }

    async fn service_offer(
        &self,
        organisation: OrganisationId,
        id: ServiceOfferId,
    ) -> Result<Option<ServiceOffer>> {
        let row: Option<OfferRow> = self
            .fetch_optional(
                "select id, organisation_id, service_code, governorate_code, capacity, eligibility_notes, created_at, updated_at \
                 from organisation_services where id = $1 and organisation_id = $2",
                args![id.0, organisation.0],
            )
            .await?;
        row.map(OfferRow::into_offer).transpose()
    }

    /// Withdraws an offer of this organisation.
    pub async fn remove_service_offer(
        &self,
        access: &Access,
        organisation: OrganisationId,
        id: ServiceOfferId,
        now: OffsetDateTime,
    ) -> Result<()> {
        self.editable_organisation(access, organisation).await?;
        let before = self
            .service_offer(organisation, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut tx = self.begin().await?;
        tx.execute(
            "delete from organisation_services where id = $1 and organisation_id = $2",
            args![id.0, organisation.0],
        )
        .await?;
        let entry = access
            .audit(
                AuditAction::PartnerServiceRemoved,
                "organisation",
                Some(organisation.to_string()),
                now,
            )
            .with_change(Some(&before.draft), None::<&()>);
        append_audit(&mut tx, &entry).await?;
        tx.commit().await
    }

    /// The offers of an organisation the caller may see, by governorate and service.
    pub async fn organisation_services(
        &self,
        access: &Access,
        organisation: OrganisationId,
    ) -> Result<Vec<ServiceOffer>> {
        if self.get_organisation(access, organisation).await?.is_none() {
            return Err(StoreError::NotFound);
        }
        let rows: Vec<OfferRow> = self
            .fetch_all(
                "select id, organisation_id, service_code, governorate_code, capacity, eligibility_notes, created_at, updated_at \
                 from organisation_services where organisation_id = $1 order by governorate_code, service_code",
                args![organisation.0],
            )
            .await?;
        rows.into_iter().map(OfferRow::into_offer).collect()
    }

    /// Supply by governorate and service type over the organisations the caller may
    /// see, in governorates of their scope (a partner's staff: their own offers
    /// anywhere). With `accredited_only`, only organisations accredited on `today`.
    pub async fn service_supply(
        &self,
        access: &Access,
        today: Date,
        accredited_only: bool,
    ) -> Result<Vec<SupplyCell>> {
        require(access, Permission::PartnerRead)?;
        let viewer = self.organisation_viewer(access).await?;
        let rows: Vec<SupplyRow> = self
            .fetch_all(
                concat!(
                    "select s.governorate_code, s.service_code, count(distinct s.organisation_id) as organisations, \
                     cast(sum(s.capacity) as bigint) as capacity \
                     from organisation_services s join organisations o on o.id = s.organisation_id where ",
                    visible_organisation!(),
                    " and ($3 is not null or $1 or s.governorate_code in (select ug.governorate_code from user_governorates ug where ug.user_id = $2)) \
                     and (not $4 or (o.accreditation_status = 'accredited' and (o.accreditation_expires_on is null or o.accreditation_expires_on >= $5))) \
                     group by s.governorate_code, s.service_code order by s.governorate_code, s.service_code"
                ),
                viewer.args(args![accredited_only, today]),
            )
            .await?;
        rows.into_iter()
            .map(|r| {
                Ok(SupplyCell {
                    governorate: GovernorateCode::parse(&r.governorate_code)
                        .map_err(|e| corrupt("governorate", e))?,
                    service: r.service_code,
                    organisations: r.organisations,
                    capacity: r.capacity,
                })
            })
            .collect()
    }
}
