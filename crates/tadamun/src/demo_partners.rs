//! The demo's partner registry, so a new user finds partners, services and a service
//! map on first start: a handful of charities, centres and NGOs of the country, in
//! several governorates, each with services; two demo officers accredit most of them
//! through maker-checker (one change is left waiting for approval); and a partner's
//! staff member (`partner.demo`) is linked to the first.

use anyhow::Context;
use rand::{RngExt, distr::Alphanumeric};
use tadamun_domain::{
    access::{Access, AreaScope, BuiltinRole},
    country::Country,
    country_pack::CountryPack,
    partner::{
        AccreditationChange, AccreditationStatus, RawContact, RawOrganisation, RawServiceOffer,
        ServiceCatalogue,
    },
};
use tadamun_store::{Store, access::Grants};

/// One demo partner: kind, number, Arabic and English names, the governorates it
/// serves (indexes into the pack, the first is the head office), services with capacity.
struct DemoPartner {
    kind: &'static str,
    number: &'static str,
    name_ar: &'static str,
    name_en: &'static str,
    served: &'static [usize],
    services: &'static [(&'static str, i64)],
    /// `None` leaves it pending; `Some(false)` leaves the proposal waiting.
    accredit: Option<bool>,
}

const PARTNERS: &[DemoPartner] = &[
    DemoPartner {
        kind: "charity",
        number: "101",
        name_ar: "جمعية الإحسان الخيرية",
        name_en: "Al-Ihsan Charity",
        served: &[0, 1],
        services: &[("food", 1_200), ("cash", 300), ("seasonal_aid", 800)],
        accredit: Some(true),
    },
    DemoPartner {
        kind: "volunteer_centre",
        number: "102",
        name_ar: "مركز التطوع الشبابي",
        name_en: "Youth Volunteer Centre",
        served: &[1, 2],
        services: &[("psychosocial_support", 150), ("education_support", 220)],
        accredit: Some(true),
    },
    DemoPartner {
        kind: "ngo",
        number: "103",
        name_ar: "منظمة الأمل لذوي الإعاقة",
        name_en: "Al-Amal Disability NGO",
        served: &[0, 2, 3],
        services: &[
            ("disability_rehabilitation", 90),
            ("assistive_devices", 140),
        ],
        accredit: Some(true),
    },
    DemoPartner {
        kind: "cooperative",
        number: "104",
        name_ar: "تعاونية سيدات الريف",
        name_en: "Rural Women's Cooperative",
        served: &[3],
        services: &[
            ("womens_economic_empowerment", 60),
            ("vocational_training", 45),
        ],
        accredit: Some(true),
    },
    DemoPartner {
        kind: "charity",
        number: "105",
        name_ar: "دار الرحمة لرعاية المسنين",
        name_en: "Dar Al-Rahma Elderly Care",
        served: &[4, 0],
        services: &[("elderly_care", 40), ("home_care", 75)],
        accredit: Some(false),
    },
    DemoPartner {
        kind: "union",
        number: "106",
        name_ar: "اتحاد المحامين المتطوعين",
        name_en: "Volunteer Lawyers' Union",
        served: &[0, 1, 4],
        services: &[("legal_aid", 110)],
        accredit: None,
    },
    DemoPartner {
        kind: "private_company",
        number: "107",
        name_ar: "شركة البناء الأخضر",
        name_en: "Green Build Company",
        served: &[2],
        services: &[("housing_repair", 25)],
        accredit: Some(true),
    },
];

/// A demo officer with a password nobody knows (an administrator can set one).
async fn officer(
    store: &Store,
    username: &str,
    name: &str,
    role: BuiltinRole,
) -> anyhow::Result<Access> {
    let password: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(24)
        .map(char::from)
        .collect();
    let hash = tadamun_web::auth::hash_password(&password)?;
    let grants = Grants {
        roles: [role.as_str().to_owned()].into(),
        scope: AreaScope::National,
    };
    let id = match store.user_by_username(username).await? {
        Some(u) => u.user.id,
        None => {
            store
                .create_user(username, name, &hash, &grants, tadamun_store::now())
                .await?
        }
    };
    store
        .user_access(id, None)
        .await?
        .context("the demo officer is active")
}

/// Seeds the partners; returns how many were registered.
pub async fn seed_partners(store: &Store, pack: &CountryPack) -> anyhow::Result<usize> {
    let clerk = officer(
        store,
        "partners.clerk",
        "ليلى الحسن",
        BuiltinRole::Registrar,
    )
    .await?;
    let supervisor = officer(
        store,
        "partners.supervisor",
        "خالد المصري",
        BuiltinRole::RegistrySupervisor,
    )
    .await?;
    let prefix = match pack.country {
        Country::Palestine => "PS",
        _ => "JO",
    };
    let governorate = |i: usize| pack.governorates[i % pack.governorates.len()].code.clone();
    let now = tadamun_store::now();
    let expiry = now.date() + time::Duration::days(365);
    let mut first = None;
    for p in PARTNERS {
        let raw = RawOrganisation {
            kind: p.kind.into(),
            registration_number: format!("{prefix}-{}", p.number),
            name_ar: p.name_ar.into(),
            name_en: p.name_en.into(),
            governorate: governorate(p.served[0]),
            governorates_served: p.served.iter().map(|i| governorate(*i)).collect(),
            contacts: vec![RawContact {
                name: "منسّق الشراكات".into(),
                phone: match pack.country {
                    Country::Palestine => format!("059{}1234", p.number),
                    _ => format!("079{}1234", p.number),
                },
                email: format!("partner{}@example.org", p.number),
            }],
        };
        let draft = raw
            .parse(pack)
            .map_err(|e| anyhow::anyhow!("demo partner {}: {e}", p.number))?;
        let id = store.create_organisation(&clerk, &draft, now).await?;
        first.get_or_insert(id);
        let org = store
            .get_organisation(&clerk, id)
            .await?
            .context("the demo partner")?;
        for (i, (service, capacity)) in p.services.iter().enumerate() {
            let offer = RawServiceOffer {
                service: (*service).into(),
                governorate: governorate(p.served[i % p.served.len()]),
                capacity: capacity.to_string(),
                eligibility_notes: "الأسر المسجّلة في السجل الوطني ذات الأولوية".into(),
            }
            .parse(pack, ServiceCatalogue::builtin(), &org)
            .map_err(|e| anyhow::anyhow!("demo service {service}: {e}"))?;
            store
                .save_service_offer(&clerk, id, None, &offer, now)
                .await?;
        }
        if let Some(approve) = p.accredit {
            let change = AccreditationChange {
                status: AccreditationStatus::Accredited,
                expires_on: Some(expiry),
            };
            let request = store
                .request_accreditation(
                    &clerk,
                    id,
                    &change,
                    "استوفت شروط الاعتماد بعد الزيارة الميدانية",
                    now,
                )
                .await?;
            if approve {
                store
                    .decide_accreditation(&supervisor, request, true, "", now)
                    .await?;
            }
        }
    }
    if let Some(first) = first {
        officer(
            store,
            "partner.demo",
            "موظف جمعية الإحسان",
            BuiltinRole::PartnerUser,
        )
        .await?;
        store
            .link_partner_user(&clerk, first, "partner.demo", now)
            .await?;
    }
    Ok(PARTNERS.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tadamun_store::{
        partners::OrganisationFilter,
        testing::{fixtures::system, on_both},
    };

    #[tokio::test]
    async fn both_countries_demos_seed_accredited_partners_with_supply_and_one_waiting_change() {
        for country in [Country::Jordan, Country::Palestine] {
            on_both(move |store| async move {
                let pack = CountryPack::builtin(country);
                store.sync_areas(&pack, tadamun_store::now()).await.unwrap();
                assert_eq!(seed_partners(&store, &pack).await.unwrap(), PARTNERS.len());
                let today = tadamun_store::now().date();
                let all = store
                    .list_organisations(&system(), &OrganisationFilter::default(), today, None, 50)
                    .await
                    .unwrap();
                assert_eq!(all.rows.len(), PARTNERS.len());
                assert!(all.rows.iter().all(|o| o.governorate.belongs_to(country)));
                let accredited = all
                    .rows
                    .iter()
                    .filter(|o| o.accreditation.effective(today) == AccreditationStatus::Accredited)
                    .count();
                assert_eq!(accredited, 5, "{country}");
                let supply = store.service_supply(&system(), today, true).await.unwrap();
                let governorates: std::collections::BTreeSet<_> =
                    supply.iter().map(|c| c.governorate.clone()).collect();
                assert!(
                    governorates.len() >= 4,
                    "supply in several governorates: {governorates:?}"
                );
                let waiting = store
                    .accreditation_requests(
                        &system(),
                        None,
                        Some(tadamun_domain::change::ChangeRequestStatus::Pending),
                        10,
                    )
                    .await
                    .unwrap();
                assert_eq!(waiting.len(), 1);
                let partner = store
                    .user_by_username("partner.demo")
                    .await
                    .unwrap()
                    .unwrap();
                assert_eq!(
                    store
                        .partner_organisation_of(partner.user.id)
                        .await
                        .unwrap(),
                    Some(
                        all.rows
                            .iter()
                            .find(|o| o.registration_number.ends_with("-101"))
                            .unwrap()
                            .id
                    )
                );
            })
            .await;
        }
    }
}
