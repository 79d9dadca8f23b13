//! A partner's staff member of a Nablus organisation cannot read, edit or remove
//! anything of a Hebron organisation, sees only their own supply, and can neither
//! propose nor approve their own organisation's accreditation.

use tadamun_domain::{
    access::{Access, BuiltinRole},
    ids::OrganisationId,
    partner::{
        AccreditationChange, AccreditationStatus, RawContact, RawOrganisation, RawServiceOffer,
        ServiceCatalogue,
    },
};
use tadamun_store::testing::{fixtures::system, on_both};

use super::palestine;
use crate::helpers::{PASSWORD, TestApp, staff};

async fn access_of(app: &TestApp, name: &str) -> Access {
    let id = app
        .store
        .user_by_username(name)
        .await
        .unwrap()
        .unwrap()
        .user
        .id;
    app.store.user_access(id, None).await.unwrap().unwrap()
}

/// A charity with its head office in `governorate`, serving it, with one service.
async fn organisation(
    app: &TestApp,
    number: &str,
    name: &str,
    governorate: &str,
    capacity: i64,
) -> OrganisationId {
    let sys = system();
    let draft = RawOrganisation {
        kind: "charity".into(),
        registration_number: number.into(),
        name_ar: name.into(),
        name_en: String::new(),
        governorate: governorate.into(),
        governorates_served: vec![governorate.into()],
        contacts: vec![RawContact {
            name: "منسّق الشراكات".into(),
            phone: String::new(),
            email: format!("{number}@example.org"),
        }],
    }
    .parse(&app.pack)
    .unwrap();
    let id = app
        .store
        .create_organisation(&sys, &draft, tadamun_store::now())
        .await
        .unwrap();
    let org = app.store.get_organisation(&sys, id).await.unwrap().unwrap();
    let offer = RawServiceOffer {
        service: "food".into(),
        governorate: governorate.into(),
        capacity: capacity.to_string(),
        eligibility_notes: String::new(),
    }
    .parse(&app.pack, ServiceCatalogue::builtin(), &org)
    .unwrap();
    app.store
        .save_service_offer(&sys, id, None, &offer, tadamun_store::now())
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn a_nablus_partner_cannot_reach_a_hebron_partner_nor_accredit_its_own() {
    on_both(|store| async move {
        let app = palestine(store).await;
        let own = organisation(&app, "NBS-1", "جمعية نابلس الخيرية", "PS-NBS", 321).await;
        let other = organisation(&app, "HBN-1", "جمعية الخليل الخيرية", "PS-HBN", 987).await;
        let sys = system();
        staff(&app.store, "ngo.nablus", &[BuiltinRole::PartnerUser], &[]).await;
        app.store.link_partner_user(&sys, own, "ngo.nablus", tadamun_store::now()).await.unwrap();
        let other_service = app.store.organisation_services(&sys, other).await.unwrap()[0].id;

        let ngo = app.browser_as("ngo.nablus", "/partners").await;
        let (_, html) = app.get_as(&ngo, "/partners?q=جمعية").await;
        assert!(html.contains("جمعية نابلس الخيرية") && !html.contains("جمعية الخليل الخيرية"), "{html}");
        for path in [
            format!("/partners/{other}"),
            format!("/partners/{other}/edit"),
            format!("/partners/{other}/services/new"),
            format!("/partners/{other}/services/{other_service}/edit"),
        ] {
            assert_eq!(app.get_as(&ngo, &path).await.0, 404, "{path}");
        }
        let edit = [
            ("version", "1"),
            ("kind", "charity"),
            ("registration_number", "HBN-1"),
            ("name_ar", "جمعية مختطفة"),
            ("governorate", "PS-HBN"),
            ("governorates_served", "PS-HBN"),
            ("contacts[0].name", "x"),
            ("contacts[0].email", "x@example.org"),
        ];
        assert_eq!(app.post_as(&ngo, &format!("/partners/{other}/edit"), &edit).await.0, 404);
        let remove = format!("/partners/{other}/services/{other_service}/remove");
        assert_eq!(app.post_as(&ngo, &remove, &[]).await.0, 404);
        let (_, map) = app.get_as(&ngo, "/partners/map?scope=all").await;
        assert!(
            map.contains("<bdi>321</bdi>") && !map.contains("<bdi>987</bdi>"),
            "only their own supply: {map}"
        );

        // Their own accreditation is the ministry's, by form and by API.
        let propose = [("status", "accredited"), ("expires_on", "2099-01-01"), ("reason", "x")];
        assert_eq!(app.post_as(&ngo, &format!("/partners/{own}/accreditation"), &propose).await.0, 403);
        let token = {
            let r = app
                .plain
                .post(app.url("/api/v1/sessions"))
                .json(&serde_json::json!({ "username": "ngo.nablus", "password": PASSWORD }))
                .send()
                .await
                .unwrap();
            r.json::<serde_json::Value>().await.unwrap()["token"].as_str().unwrap().to_owned()
        };
        let (status, _) = app
            .api_send(
                reqwest::Method::POST,
                &format!("/api/v1/partners/{own}/accreditation-requests"),
                &token,
                &serde_json::json!({ "status": "accredited", "expires_on": "2099-01-01", "reason": "x" }),
            )
            .await;
        assert_eq!(status, 403);
        assert_eq!(app.api_get(&format!("/api/v1/partners/{other}"), &token).await.0, 404);
        // A ministry officer proposes; the partner cannot approve it either.
        staff(&app.store, "officer", &[BuiltinRole::Registrar], &[]).await;
        let officer = access_of(&app, "officer").await;
        let change = AccreditationChange {
            status: AccreditationStatus::Accredited,
            expires_on: Some(tadamun_store::now().date() + time::Duration::days(300)),
        };
        let request = app
            .store
            .request_accreditation(&officer, own, &change, "زيارة ميدانية", tadamun_store::now())
            .await
            .unwrap();
        let decision = format!("/partners/accreditation/{request}/decision");
        assert_eq!(app.post_as(&ngo, &decision, &[("decision", "approve"), ("note", "")]).await.0, 403);
        let o = app.store.get_organisation(&sys, own).await.unwrap().unwrap();
        assert_eq!(o.accreditation.status, AccreditationStatus::Pending, "nothing applied");
        let untouched = app.store.get_organisation(&sys, other).await.unwrap().unwrap();
        assert_eq!((untouched.version, untouched.draft.name_ar.as_str()), (1, "جمعية الخليل الخيرية"));
        assert_eq!(app.store.organisation_services(&sys, other).await.unwrap().len(), 1);
    })
    .await;
}
