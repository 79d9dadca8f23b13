//! Hand-built partner organisations and offers for tests, parsed through the domain
//! like real input.

use tadamun_domain::{
    access::Access,
    ids::OrganisationId,
    partner::{OrganisationDraft, RawContact, RawOrganisation, RawServiceOffer, ServiceCatalogue},
};

use super::fixtures::pack;

/// A charity registered in `governorate` serving `served`, with one contact.
pub fn raw_organisation(
    number: &str,
    name_ar: &str,
    governorate: &str,
    served: &[&str],
) -> RawOrganisation {
    RawOrganisation {
        kind: "charity".into(),
        registration_number: number.into(),
        name_ar: name_ar.into(),
        name_en: String::new(),
        governorate: governorate.into(),
        governorates_served: served.iter().map(|g| g.to_string()).collect(),
        contacts: vec![RawContact {
            name: "سعاد الخطيب".into(),
            phone: "0791234567".into(),
            email: "info@example.org".into(),
        }],
    }
}

pub fn organisation_draft(
    number: &str,
    name_ar: &str,
    governorate: &str,
    served: &[&str],
) -> OrganisationDraft {
    raw_organisation(number, name_ar, governorate, served)
        .parse(&pack())
        .expect("a valid organisation")
}

/// Registers the organisation as `access` and returns its id.
pub async fn registered(
    store: &crate::Store,
    access: &Access,
    number: &str,
    name_ar: &str,
    governorate: &str,
    served: &[&str],
) -> OrganisationId {
    store
        .create_organisation(
            access,
            &organisation_draft(number, name_ar, governorate, served),
            crate::now(),
        )
        .await
        .expect("organisation")
}

/// Adds an offer of `service` in `governorate` with this capacity, as `access`.
pub async fn offered(
    store: &crate::Store,
    access: &Access,
    organisation: OrganisationId,
    service: &str,
    governorate: &str,
    capacity: i64,
) {
    let org = store
        .get_organisation(access, organisation)
        .await
        .expect("read")
        .expect("visible");
    let draft = RawServiceOffer {
        service: service.into(),
        governorate: governorate.into(),
        capacity: capacity.to_string(),
        eligibility_notes: String::new(),
    }
    .parse(&pack(), ServiceCatalogue::builtin(), &org)
    .expect("a valid offer");
    store
        .save_service_offer(access, organisation, None, &draft, crate::now())
        .await
        .expect("offer");
}
