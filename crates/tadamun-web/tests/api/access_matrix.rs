//! The access matrix, generated from the route table: every route, for every built-in
//! role (and for nobody), with a household inside and one outside the user's area,
//! must allow or deny exactly as its rule and the role's permissions say. A route
//! added without a sample request here fails the test. Runs on SQLite and PostgreSQL.

use std::collections::BTreeMap;

use reqwest::{Method, StatusCode};
use tadamun_domain::login::{SessionKind, SessionStage};
use tadamun_domain::{
    access::{AreaScope, BuiltinRole, Permission},
    area::GovernorateCode,
    change::ChangePayload,
    ids::HouseholdId,
};
use tadamun_store::{
    Store, access::Grants, sessions::NewSession, testing::fixtures::system, testing::on_both,
};
use tadamun_web::authz::{Rule, route_table};

use crate::helpers::{TestApp, household, spawn_app_with};

/// Which household a request is about, relative to the caller's area (Irbid).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Neither,
    InScope,
    OutOfScope,
}

struct Sample {
    path: String,
    target: Target,
    body: Body,
}

enum Body {
    None,
    Form(Vec<(&'static str, String)>),
    Json(serde_json::Value),
}

struct Fixture {
    maker: tadamun_domain::ids::UserId,
    irbid: HouseholdId,
    amman: HouseholdId,
    change: uuid::Uuid,
    import_run: String,
    /// Queued pairs: inside Irbid, and reaching into Amman.
    pair_inside: uuid::Uuid,
    pair_across: uuid::Uuid,
    /// A run of a programme covering Irbid only, which an Irbid officer may run.
    run: uuid::Uuid,
    /// Decisions about the Irbid and the Amman household.
    decision_inside: uuid::Uuid,
    decision_across: uuid::Uuid,
    /// Grievances inside Irbid and in Amman.
    grievance_inside: tadamun_domain::ids::GrievanceId,
    grievance_across: tadamun_domain::ids::GrievanceId,
    /// Organisations registered in Irbid and in Amman, each with one service, and a
    /// pending accreditation change of the Irbid one.
    org_inside: tadamun_domain::ids::OrganisationId,
    org_across: tadamun_domain::ids::OrganisationId,
    service_inside: tadamun_domain::ids::ServiceOfferId,
    service_across: tadamun_domain::ids::ServiceOfferId,
    accreditation: uuid::Uuid,
}

/// The concrete requests for one route, or `None` when the matrix lacks the route.
fn samples(method: &Method, path: &str, fx: &Fixture) -> Option<Vec<Sample>> {
    let one = |p: &str, body: Body| {
        Some(vec![Sample {
            path: p.to_owned(),
            target: Target::Neither,
            body,
        }])
    };
    // Household routes run against both households.
    let both = |make: &dyn Fn(HouseholdId) -> (String, Body)| {
        Some(
            [(fx.irbid, Target::InScope), (fx.amman, Target::OutOfScope)]
                .into_iter()
                .map(|(id, target)| {
                    let (path, body) = make(id);
                    Sample { path, target, body }
                })
                .collect(),
        )
    };
    // Grievance routes run against one inside Irbid and one in Amman.
    let grievances = |make: &dyn Fn(tadamun_domain::ids::GrievanceId) -> (String, Body)| {
        Some(
            [
                (fx.grievance_inside, Target::InScope),
                (fx.grievance_across, Target::OutOfScope),
            ]
            .into_iter()
            .map(|(id, target)| {
                let (path, body) = make(id);
                Sample { path, target, body }
            })
            .collect(),
        )
    };
    // Partner routes run against the Irbid and the Amman organisation.
    let orgs = |make: &dyn Fn(
        tadamun_domain::ids::OrganisationId,
        tadamun_domain::ids::ServiceOfferId,
    ) -> (String, Body)| {
        Some(
            [
                (fx.org_inside, fx.service_inside, Target::InScope),
                (fx.org_across, fx.service_across, Target::OutOfScope),
            ]
            .into_iter()
            .map(|(id, service, target)| {
                let (path, body) = make(id, service);
                Sample { path, target, body }
            })
            .collect(),
        )
    };
    let form = |pairs: &[(&'static str, &str)]| {
        Body::Form(pairs.iter().map(|(k, v)| (*k, v.to_string())).collect())
    };
    let absent_batch = |tail: &str| {
        Some(vec![Sample {
            path: format!("/payments/batches/{}{tail}", uuid::Uuid::nil()),
            target: Target::OutOfScope,
            body: Body::Form(vec![("step", "submit".into()), ("format", "csv".into())]),
        }])
    };
    // Planning routes about one group run against a group nobody sees (none exists).
    let absent_group = |tail: &str, body: Body| {
        Some(vec![Sample {
            path: format!("/planning/{}{tail}", uuid::Uuid::nil()),
            target: Target::OutOfScope,
            body,
        }])
    };
    // Training routes about one course, session or certificate run against one nobody
    // sees (none exists).
    let absent_training = |path: String, body: Body| {
        Some(vec![Sample {
            path,
            target: Target::OutOfScope,
            body,
        }])
    };
    let nil = uuid::Uuid::nil();
    match (method.as_str(), path) {
        ("GET", "/healthz") => one("/healthz", Body::None),
        ("GET", "/planning/indicators") => one("/planning/indicators", Body::None),
        ("GET", "/planning/indicators/{governorate}") => {
            one("/planning/indicators/JO-IR", Body::None)
        }
        ("GET", "/planning/priorities") => one("/planning/priorities", Body::None),
        ("GET", "/training") => one("/training", Body::None),
        ("GET", "/training/courses/new") => one("/training/courses/new", Body::None),
        ("POST", "/training/courses/new") => one("/training/courses/new", form(&[("code", "")])),
        ("GET", "/training/courses/{id}") => {
            absent_training(format!("/training/courses/{nil}"), Body::None)
        }
        ("GET", "/training/courses/{id}/edit") => {
            absent_training(format!("/training/courses/{nil}/edit"), Body::None)
        }
        ("POST", "/training/courses/{id}/edit") => absent_training(
            format!("/training/courses/{nil}/edit"),
            form(&[("code", "")]),
        ),
        ("GET", "/training/requirements") => one("/training/requirements", Body::None),
        ("POST", "/training/requirements") => {
            one("/training/requirements", form(&[("role", "no_such_role")]))
        }
        ("GET", "/training/report") => one("/training/report", Body::None),
        ("GET", "/training/report.csv") => one("/training/report.csv", Body::None),
        ("GET", "/training/courses/{id}/sessions/new") => {
            absent_training(format!("/training/courses/{nil}/sessions/new"), Body::None)
        }
        ("POST", "/training/courses/{id}/sessions/new") => {
            absent_training(format!("/training/courses/{nil}/sessions/new"), form(&[]))
        }
        ("GET", "/training/sessions/{id}") => {
            absent_training(format!("/training/sessions/{nil}"), Body::None)
        }
        ("POST", "/training/sessions/{id}/enrol") => {
            absent_training(format!("/training/sessions/{nil}/enrol"), form(&[]))
        }
        ("POST", "/training/sessions/{id}/attendance") => {
            absent_training(format!("/training/sessions/{nil}/attendance"), form(&[]))
        }
        ("POST", "/training/sessions/{id}/complete") => {
            absent_training(format!("/training/sessions/{nil}/complete"), form(&[]))
        }
        ("GET", "/training/mine") => one("/training/mine", Body::None),
        ("GET", "/training/certificates/{number}") => absent_training(
            "/training/certificates/XX-000-2026-00000000".into(),
            Body::None,
        ),
        ("GET", "/planning") => one("/planning", Body::None),
        ("GET", "/planning/new") => one("/planning/new", Body::None),
        ("POST", "/planning/new") => one("/planning/new", form(&[("governorate", "JO-XX")])),
        ("GET", "/planning/{id}") => absent_group("", Body::None),
        ("GET", "/planning/{id}/members/new") => absent_group("/members/new", Body::None),
        ("POST", "/planning/{id}/members/new") => absent_group("/members/new", form(&[])),
        ("GET", "/planning/{id}/terms/new") => absent_group("/terms/new", Body::None),
        ("POST", "/planning/{id}/terms/new") => absent_group("/terms/new", form(&[])),
        ("GET", "/planning/{id}/bylaws/new") => absent_group("/bylaws/new", Body::None),
        ("POST", "/planning/{id}/bylaws/new") => absent_group("/bylaws/new", form(&[])),
        ("GET", "/planning/{id}/bylaws/{bylaws}/vote") => {
            absent_group(&format!("/bylaws/{}/vote", uuid::Uuid::nil()), Body::None)
        }
        ("POST", "/planning/{id}/bylaws/{bylaws}/vote") => {
            absent_group(&format!("/bylaws/{}/vote", uuid::Uuid::nil()), form(&[]))
        }
        ("GET", "/planning/{id}/meetings/new") => absent_group("/meetings/new", Body::None),
        ("POST", "/planning/{id}/meetings/new") => absent_group("/meetings/new", form(&[])),
        ("POST", "/planning/actions/{action}/status") => Some(vec![Sample {
            path: format!("/planning/actions/{}/status", uuid::Uuid::nil()),
            target: Target::OutOfScope,
            body: form(&[("version", "1"), ("status", "done")]),
        }]),
        ("POST", "/planning/{id}/priorities/adopt") => absent_group(
            "/priorities/adopt",
            form(&[("decision", ""), ("year", "2026")]),
        ),
        ("GET", "/planning/{id}/plan") => absent_group("/plan", Body::None),
        ("GET", "/planning/{id}/plan/objectives/new") => {
            absent_group("/plan/objectives/new", Body::None)
        }
        ("POST", "/planning/{id}/plan/objectives/new") => {
            absent_group("/plan/objectives/new", form(&[("year", "2026")]))
        }
        ("GET", "/planning/{id}/plan/activities/new") => {
            absent_group("/plan/activities/new", Body::None)
        }
        ("POST", "/planning/{id}/plan/activities/new") => {
            absent_group("/plan/activities/new", form(&[("year", "2026")]))
        }
        ("GET", "/planning/activities/{activity}/edit") => Some(vec![Sample {
            path: format!("/planning/activities/{}/edit", uuid::Uuid::nil()),
            target: Target::OutOfScope,
            body: Body::None,
        }]),
        ("POST", "/planning/activities/{activity}/edit") => Some(vec![Sample {
            path: format!("/planning/activities/{}/edit", uuid::Uuid::nil()),
            target: Target::OutOfScope,
            body: form(&[("version", "1"), ("status", "done"), ("progress", "100")]),
        }]),
        ("GET", "/planning/national-plan") => one("/planning/national-plan", Body::None),
        ("GET", "/static/{name}") => one("/static/app.css", Body::None),
        ("GET", "/static/fonts/{name}") => one("/static/fonts/missing.woff2", Body::None),
        ("GET", "/login") => one("/login", Body::None),
        ("POST", "/login") => one("/login", form(&[("username", "nobody"), ("password", "x")])),
        ("POST", "/logout") => one("/logout", Body::None),
        ("POST", "/preferences") => one("/preferences", form(&[("locale", "ar")])),
        ("GET", "/login/two-factor") => one("/login/two-factor", Body::None),
        ("POST", "/login/two-factor") => one("/login/two-factor", form(&[("code", "000000")])),
        ("GET", "/account") => one("/account", Body::None),
        ("POST", "/account/password") => one("/account/password", form(&[("current", "x")])),
        // Someone else's (here: no one's) session is not found for this user.
        ("POST", "/account/sessions/{id}/revoke") => Some(vec![Sample {
            path: format!("/account/sessions/{}/revoke", uuid::Uuid::now_v7()),
            target: Target::OutOfScope,
            body: Body::None,
        }]),
        ("POST", "/account/sessions/revoke-others") => {
            one("/account/sessions/revoke-others", Body::None)
        }
        ("GET", "/account/two-factor") => one("/account/two-factor", Body::None),
        ("POST", "/account/two-factor") => one("/account/two-factor", form(&[("code", "1")])),
        ("GET", "/admin/users") => one("/admin/users", Body::None),
        ("GET", "/admin/users/new") => one("/admin/users/new", Body::None),
        ("POST", "/admin/users/new") => one("/admin/users/new", form(&[("username", "")])),
        ("GET", "/admin/users/{id}") => one(&format!("/admin/users/{}", fx.maker), Body::None),
        ("POST", "/admin/users/{id}") => one(
            &format!("/admin/users/{}", fx.maker),
            form(&[("scope", "nowhere")]),
        ),
        ("POST", "/admin/users/{id}/{action}") => {
            one(&format!("/admin/users/{}/unlock", fx.maker), Body::None)
        }
        ("POST", "/admin/users/{id}/sessions/{session}/revoke") => Some(vec![Sample {
            path: format!(
                "/admin/users/{}/sessions/{}/revoke",
                fx.maker,
                uuid::Uuid::now_v7()
            ),
            target: Target::OutOfScope,
            body: Body::None,
        }]),
        ("GET", "/") => one("/", Body::None),
        ("GET", "/households/search") => one("/households/search?q=%D8%A7", Body::None),
        ("GET", "/households/new") => one("/households/new", Body::None),
        ("POST", "/households/new") => one("/households/new", form(&[("governorate", "JO-AM")])),
        ("GET", "/households/{id}") => both(&|id| (format!("/households/{id}"), Body::None)),
        ("GET", "/households/{id}/edit") => {
            both(&|id| (format!("/households/{id}/edit"), Body::None))
        }
        ("POST", "/households/{id}/edit") => {
            both(&|id| (format!("/households/{id}/edit"), form(&[("version", "1")])))
        }
        ("POST", "/households/{id}/events/{kind}") => both(&|id| {
            (
                format!("/households/{id}/events/death"),
                form(&[("version", "1")]),
            )
        }),
        ("POST", "/households/{id}/change-requests") => both(&|id| {
            (
                format!("/households/{id}/change-requests"),
                form(&[("kind", "delete_person")]),
            )
        }),
        ("POST", "/households/{id}/restriction") => both(&|id| {
            (
                format!("/households/{id}/restriction"),
                form(&[("roles", "no_such_role")]),
            )
        }),
        ("GET", "/changes") => one("/changes", Body::None),
        ("GET", "/changes/{id}") => one(&format!("/changes/{}", fx.change), Body::None),
        ("POST", "/changes/{id}/decision") => one(
            &format!("/changes/{}/decision", fx.change),
            form(&[("decision", "maybe")]),
        ),
        ("GET", "/duplicates") => one("/duplicates", Body::None),
        ("POST", "/duplicates/{id}/decision") => Some(vec![
            Sample {
                path: format!("/duplicates/{}/decision", fx.pair_inside),
                target: Target::InScope,
                body: form(&[("decision", "maybe")]),
            },
            Sample {
                path: format!("/duplicates/{}/decision", fx.pair_across),
                target: Target::OutOfScope,
                body: form(&[("decision", "different")]),
            },
        ]),
        ("POST", "/duplicates/{id}/unmerge") => Some(vec![
            Sample {
                path: format!("/duplicates/{}/unmerge", fx.pair_inside),
                target: Target::InScope,
                body: form(&[("reason", "x")]),
            },
            Sample {
                path: format!("/duplicates/{}/unmerge", fx.pair_across),
                target: Target::OutOfScope,
                body: form(&[("reason", "x")]),
            },
        ]),
        ("GET", "/programmes") => one("/programmes", Body::None),
        ("POST", "/programmes/{key}/run") => one("/programmes/irbid-pilot/run", Body::None),
        ("GET", "/programmes/runs/{id}") => {
            one(&format!("/programmes/runs/{}", fx.run), Body::None)
        }
        // The first permitted caller enrols the run; the rest are told it is enrolled.
        ("POST", "/programmes/runs/{id}/enrol") => {
            one(&format!("/programmes/runs/{}/enrol", fx.run), Body::None)
        }
        ("GET", "/programmes/{key}/roster") => one("/programmes/irbid-pilot/roster", Body::None),
        ("GET", "/payments") => one("/payments", Body::None),
        ("POST", "/payments/batches") => one(
            "/payments/batches",
            form(&[
                ("programme", "irbid-pilot"),
                ("cycle", "2026-13"),
                ("provider", "bank"),
            ]),
        ),
        // No such batch: permitted callers get the same 404 as for another area's.
        ("GET", "/payments/batches/{id}") => absent_batch(""),
        ("POST", "/payments/batches/{id}/step") => absent_batch("/step"),
        ("POST", "/payments/batches/{id}/export") => absent_batch("/export"),
        ("POST", "/households/{id}/payee-account") => both(&|id| {
            (
                format!("/households/{id}/payee-account"),
                form(&[("programme", "irbid-pilot"), ("account", "JO94 mistyped")]),
            )
        }),
        ("POST", "/payments/reconciliations") => {
            one("/payments/reconciliations", form(&[("file", "x")]))
        }
        ("GET", "/programmes/{key}/simulate") => {
            one("/programmes/irbid-pilot/simulate", Body::None)
        }
        // A real simulation, so the store's own check runs for readers too.
        ("POST", "/programmes/{key}/simulate") => {
            one("/programmes/irbid-pilot/simulate", form(&[("budget", "1")]))
        }
        ("POST", "/programmes/{key}/simulate/save") => one(
            "/programmes/irbid-pilot/simulate/save",
            form(&[("base_version", "x")]),
        ),
        ("POST", "/api/v1/programmes/{key}/simulations") => one(
            "/api/v1/programmes/irbid-pilot/simulations",
            Body::Json(serde_json::json!({"changes": [{"kind": "budget", "per_cycle": 1}]})),
        ),
        ("POST", "/decisions/{id}/letter") => Some(vec![
            Sample {
                path: format!("/decisions/{}/letter", fx.decision_inside),
                target: Target::InScope,
                body: Body::None,
            },
            Sample {
                path: format!("/decisions/{}/letter", fx.decision_across),
                target: Target::OutOfScope,
                body: Body::None,
            },
        ]),
        ("GET", "/api/v1/programmes") => one("/api/v1/programmes", Body::None),
        ("POST", "/api/v1/programmes/{key}/runs") => {
            one("/api/v1/programmes/irbid-pilot/runs", Body::None)
        }
        ("GET", "/api/v1/households/{id}/decisions") => {
            both(&|id| (format!("/api/v1/households/{id}/decisions"), Body::None))
        }
        ("GET", "/lookup") => one("/lookup", Body::None),
        ("GET", "/transparency") => one("/transparency", Body::None),
        ("GET", "/transparency/{file}") => one("/transparency/coverage.csv", Body::None),
        ("POST", "/lookup") => one("/lookup", form(&[("key", "2026-000001"), ("code", "1")])),
        ("GET", "/grievances") => one("/grievances", Body::None),
        ("GET", "/grievances/new") => one("/grievances/new", Body::None),
        ("POST", "/grievances/new") => one("/grievances/new", form(&[("channel", "fax")])),
        ("GET", "/grievances/{id}") => grievances(&|id| (format!("/grievances/{id}"), Body::None)),
        ("POST", "/grievances/{id}/assign") => grievances(&|id| {
            (
                format!("/grievances/{id}/assign"),
                form(&[("assignee", "nobody")]),
            )
        }),
        ("POST", "/grievances/{id}/notes") => {
            grievances(&|id| (format!("/grievances/{id}/notes"), form(&[("note", "")])))
        }
        ("POST", "/grievances/{id}/status") => grievances(&|id| {
            (
                format!("/grievances/{id}/status"),
                form(&[("status", "nowhere")]),
            )
        }),
        ("POST", "/api/v1/grievances") => {
            one("/api/v1/grievances", Body::Json(serde_json::json!({})))
        }
        ("GET", "/api/v1/grievances") => one("/api/v1/grievances", Body::None),
        ("GET", "/api/v1/grievances/{id}") => {
            grievances(&|id| (format!("/api/v1/grievances/{id}"), Body::None))
        }
        ("POST", "/api/v1/grievances/{id}/assignment") => grievances(&|id| {
            (
                format!("/api/v1/grievances/{id}/assignment"),
                Body::Json(serde_json::json!({"assignee": "nobody"})),
            )
        }),
        ("POST", "/api/v1/grievances/{id}/status") => grievances(&|id| {
            (
                format!("/api/v1/grievances/{id}/status"),
                Body::Json(serde_json::json!({"status": "nowhere"})),
            )
        }),
        ("GET", "/audit") => one("/audit", Body::None),
        ("GET", "/audit.csv") => one("/audit.csv", Body::None),
        ("GET", "/import") => one("/import", Body::None),
        ("POST", "/import") => one("/import", form(&[("mode", "valid_rows")])),
        // Another user's run: a caller without national scope may not see its rows.
        ("GET", "/import/{run_id}") => Some(vec![Sample {
            path: format!("/import/{}", fx.import_run),
            target: Target::OutOfScope,
            body: Body::None,
        }]),
        ("GET", "/import/{run_id}/errors.csv") => Some(vec![Sample {
            path: format!("/import/{}/errors.csv", fx.import_run),
            target: Target::OutOfScope,
            body: Body::None,
        }]),
        ("GET", "/export") => one("/export", Body::None),
        ("GET", "/export.csv") => one("/export.csv", Body::None),
        ("GET", "/export.xlsx") => one("/export.xlsx", Body::None),
        ("GET", "/api/v1/openapi.json") => one("/api/v1/openapi.json", Body::None),
        ("POST", "/api/v1/sessions") => one("/api/v1/sessions", Body::Json(serde_json::json!({}))),
        ("GET", "/api/v1/areas") => one("/api/v1/areas", Body::None),
        ("GET", "/api/v1/dashboard") => one("/api/v1/dashboard", Body::None),
        ("GET", "/api/v1/search") => one("/api/v1/search?q=9801", Body::None),
        ("POST", "/api/v1/households") => {
            one("/api/v1/households", Body::Json(serde_json::json!({})))
        }
        ("GET", "/api/v1/households/{id}") => {
            both(&|id| (format!("/api/v1/households/{id}"), Body::None))
        }
        ("PUT", "/api/v1/households/{id}") => both(&|id| {
            (
                format!("/api/v1/households/{id}"),
                Body::Json(serde_json::json!({})),
            )
        }),
        ("POST", "/api/v1/households/{id}/events") => both(&|id| {
            (
                format!("/api/v1/households/{id}/events"),
                Body::Json(serde_json::json!({})),
            )
        }),
        ("GET", "/api/v1/households/{id}/history") => {
            both(&|id| (format!("/api/v1/households/{id}/history"), Body::None))
        }
        ("POST", "/api/v1/households/{id}/change-requests") => both(&|id| {
            (
                format!("/api/v1/households/{id}/change-requests"),
                Body::Json(serde_json::json!({})),
            )
        }),
        ("POST", "/api/v1/duplicate-check") => {
            one("/api/v1/duplicate-check", Body::Json(serde_json::json!({})))
        }
        ("GET", "/api/v1/duplicates") => one("/api/v1/duplicates", Body::None),
        ("POST", "/api/v1/duplicates/{id}/decision") => Some(vec![
            Sample {
                path: format!("/api/v1/duplicates/{}/decision", fx.pair_inside),
                target: Target::InScope,
                body: Body::Json(serde_json::json!({"decision": "maybe"})),
            },
            Sample {
                path: format!("/api/v1/duplicates/{}/decision", fx.pair_across),
                target: Target::OutOfScope,
                body: Body::Json(serde_json::json!({"decision": "different"})),
            },
        ]),
        ("GET", "/partners") => one("/partners", Body::None),
        ("GET", "/partners/new") => one("/partners/new", Body::None),
        ("POST", "/partners/new") => one("/partners/new", form(&[("kind", "club")])),
        ("GET", "/partners/map") => one("/partners/map?scope=all", Body::None),
        ("GET", "/partners/accreditation") => one("/partners/accreditation", Body::None),
        ("GET", "/partners/{id}") => orgs(&|id, _| (format!("/partners/{id}"), Body::None)),
        ("GET", "/partners/{id}/edit") => {
            orgs(&|id, _| (format!("/partners/{id}/edit"), Body::None))
        }
        ("POST", "/partners/{id}/edit") => {
            orgs(&|id, _| (format!("/partners/{id}/edit"), form(&[("kind", "club")])))
        }
        // Unlinking is real: only on the Amman organisation, which nobody here sees.
        ("POST", "/partners/{id}/users/{user}/remove") => Some(vec![Sample {
            path: format!("/partners/{}/users/{}/remove", fx.org_across, fx.maker),
            target: Target::OutOfScope,
            body: Body::None,
        }]),
        ("POST", "/partners/{id}/users") => orgs(&|id, _| {
            (
                format!("/partners/{id}/users"),
                form(&[("username", "nobody")]),
            )
        }),
        ("POST", "/partners/{id}/accreditation") => orgs(&|id, _| {
            (
                format!("/partners/{id}/accreditation"),
                form(&[("status", "gold")]),
            )
        }),
        ("GET", "/partners/{id}/services/new") => {
            orgs(&|id, _| (format!("/partners/{id}/services/new"), Body::None))
        }
        ("POST", "/partners/{id}/services/new") => orgs(&|id, _| {
            (
                format!("/partners/{id}/services/new"),
                form(&[("service", "spa")]),
            )
        }),
        ("GET", "/partners/{id}/services/{service}/edit") => {
            orgs(&|id, s| (format!("/partners/{id}/services/{s}/edit"), Body::None))
        }
        ("POST", "/partners/{id}/services/{service}/edit") => orgs(&|id, s| {
            (
                format!("/partners/{id}/services/{s}/edit"),
                form(&[("capacity", "-1")]),
            )
        }),
        // Removing really removes: only the Amman organisation's, which nobody here sees.
        ("POST", "/partners/{id}/services/{service}/remove") => Some(vec![Sample {
            path: format!(
                "/partners/{}/services/{}/remove",
                fx.org_across, fx.service_across
            ),
            target: Target::OutOfScope,
            body: Body::None,
        }]),
        ("POST", "/partners/accreditation/{request}/decision") => Some(vec![
            Sample {
                path: format!("/partners/accreditation/{}/decision", fx.accreditation),
                target: Target::InScope,
                body: Body::Form(vec![("decision", "maybe".into())]),
            },
            Sample {
                path: format!("/partners/accreditation/{}/decision", uuid::Uuid::nil()),
                target: Target::OutOfScope,
                body: Body::Form(vec![("decision", "reject".into())]),
            },
        ]),
        ("GET", "/api/v1/partners") => one("/api/v1/partners?q=x", Body::None),
        ("POST", "/api/v1/partners") => one("/api/v1/partners", Body::Json(serde_json::json!({}))),
        ("GET", "/api/v1/partners/map") => one("/api/v1/partners/map", Body::None),
        ("GET", "/api/v1/partners/{id}") => {
            orgs(&|id, _| (format!("/api/v1/partners/{id}"), Body::None))
        }
        ("POST", "/api/v1/partners/{id}/services") => orgs(&|id, _| {
            (
                format!("/api/v1/partners/{id}/services"),
                Body::Json(serde_json::json!({})),
            )
        }),
        ("POST", "/api/v1/partners/{id}/accreditation-requests") => orgs(&|id, _| {
            (
                format!("/api/v1/partners/{id}/accreditation-requests"),
                Body::Json(serde_json::json!({})),
            )
        }),
        ("POST", "/api/v1/accreditation-requests/{id}/decision") => Some(vec![
            Sample {
                path: format!(
                    "/api/v1/accreditation-requests/{}/decision",
                    fx.accreditation
                ),
                target: Target::InScope,
                body: Body::Json(serde_json::json!({})),
            },
            Sample {
                path: format!(
                    "/api/v1/accreditation-requests/{}/decision",
                    uuid::Uuid::nil()
                ),
                target: Target::OutOfScope,
                body: Body::Json(serde_json::json!({"approve": false})),
            },
        ]),
        ("GET", "/api/v1/change-requests") => one("/api/v1/change-requests", Body::None),
        ("POST", "/api/v1/change-requests/{id}/decision") => one(
            &format!("/api/v1/change-requests/{}/decision", fx.change),
            Body::Json(serde_json::json!({})),
        ),
        _ => None,
    }
}

/// What the matrix expects of one request.
#[derive(Debug, PartialEq, Eq)]
enum Expect {
    /// Reaches the handler: neither 401, 403 nor a scope 404.
    Allow,
    /// Refused for lack of permission.
    Forbidden,
    /// The household does not exist for this caller.
    Hidden,
    /// Nobody signed in: 401 for the API, a redirect to the login page for pages.
    SignIn,
}

fn expect(rule: Rule, role: Option<BuiltinRole>, target: Target) -> Expect {
    match (rule, role) {
        (Rule::Public, _) => Expect::Allow,
        (_, None) => Expect::SignIn,
        (Rule::SignedIn, Some(_)) if target == Target::OutOfScope => Expect::Hidden,
        (Rule::SignedIn, Some(_)) => Expect::Allow,
        (Rule::Needs(p), Some(role)) => {
            if !role.definition().permissions.contains(&p) {
                Expect::Forbidden
            } else if target == Target::OutOfScope {
                // Outside the area, someone else's, or absent: the same 404.
                Expect::Hidden
            } else {
                Expect::Allow
            }
        }
    }
}

fn verdict(status: StatusCode, location: Option<&str>) -> Expect {
    match status.as_u16() {
        401 => Expect::SignIn,
        303 if location.is_some_and(|l| l.starts_with("/login?next=")) => Expect::SignIn,
        403 => Expect::Forbidden,
        404 => Expect::Hidden,
        _ => Expect::Allow,
    }
}

async fn fixture(app: &TestApp) -> Fixture {
    let irbid = app
        .seed(&household("خالد", "العمري", 811, "0791110001"))
        .await;
    let mut in_amman = household("سامي", "الحديدي", 822, "0791110002");
    in_amman.governorate = "JO-AM".into();
    let amman = app.seed(&in_amman).await;
    let (maker_id, _) = user(&app.store, "maker", BuiltinRole::Registrar).await;
    let maker = app
        .store
        .user_access(maker_id, None)
        .await
        .unwrap()
        .unwrap();
    let h = app
        .store
        .get_household(&system(), irbid)
        .await
        .unwrap()
        .unwrap();
    let change = app
        .store
        .request_change(
            &maker,
            irbid,
            &ChangePayload::DeletePerson {
                person: h.members[2].id,
            },
            "سجل خاطئ",
            tadamun_store::now(),
        )
        .await
        .unwrap();
    let run = app
        .store
        .start_import_run(
            "x.csv",
            "0",
            tadamun_store::import::ImportMode::ValidRows,
            0,
            None,
            tadamun_store::now(),
        )
        .await
        .unwrap();
    let a = app
        .store
        .get_household(&system(), amman)
        .await
        .unwrap()
        .unwrap();
    let pair = |x: tadamun_domain::ids::PersonId, y: tadamun_domain::ids::PersonId| {
        tadamun_store::duplicates::QueuedPair {
            a: x,
            b: y,
            score: 5.0,
            band: tadamun_domain::duplicate::DuplicateBand::Review,
            reason_en: String::new(),
            reason_ar: String::new(),
            reasons: Vec::new(),
        }
    };
    app.store
        .queue_duplicates(
            &system(),
            &[
                pair(h.members[0].id, h.members[1].id),
                pair(h.members[0].id, a.members[0].id),
            ],
            tadamun_domain::duplicate::DuplicateSource::Batch,
            tadamun_store::now(),
        )
        .await
        .unwrap();
    let queued = app
        .store
        .duplicate_queue(
            &system(),
            tadamun_domain::duplicate::DuplicateStatus::Open,
            None,
            10,
        )
        .await
        .unwrap();
    let find = |household: HouseholdId| {
        queued
            .iter()
            .find(|c| c.a.household_id == household.0 || c.b.household_id == household.0)
            .unwrap()
            .id
    };
    let (programme_run, decision_inside, decision_across) = programme_runs(app, irbid, amman).await;
    let grievance = |governorate: &str| {
        tadamun_domain::grievance::RawGrievance {
            channel: "office".into(),
            category: "payment".into(),
            governorate: governorate.into(),
            complainant_name: "مشتكٍ".into(),
            description: "شكوى".into(),
            ..Default::default()
        }
        .parse(tadamun_domain::country::Country::Jordan)
        .unwrap()
    };
    let code = tadamun_domain::grievance::ReceiptCode::from_random([1; 16]);
    let mut filed = Vec::new();
    for g in ["JO-IR", "JO-AM"] {
        let f = app
            .store
            .file_grievance(&system(), &grievance(g), &code, tadamun_store::now())
            .await
            .unwrap();
        filed.push(f.id);
    }
    use tadamun_store::testing::partner_fixtures::{offered, registered};
    let org_inside = registered(
        &app.store,
        &system(),
        "IR-1",
        "جمعية إربد",
        "JO-IR",
        &["JO-IR"],
    )
    .await;
    let org_across = registered(
        &app.store,
        &system(),
        "AM-1",
        "جمعية عمان",
        "JO-AM",
        &["JO-AM"],
    )
    .await;
    offered(&app.store, &system(), org_inside, "food", "JO-IR", 10).await;
    offered(&app.store, &system(), org_across, "food", "JO-AM", 10).await;
    let service_of = |org| {
        let store = app.store.clone();
        async move { store.organisation_services(&system(), org).await.unwrap()[0].id }
    };
    let accreditation = app
        .store
        .request_accreditation(
            &maker,
            org_inside,
            &tadamun_domain::partner::AccreditationChange {
                status: tadamun_domain::partner::AccreditationStatus::Accredited,
                expires_on: Some(tadamun_store::now().date() + time::Duration::days(365)),
            },
            "استوفت الشروط",
            tadamun_store::now(),
        )
        .await
        .unwrap();
    Fixture {
        org_inside,
        org_across,
        service_inside: service_of(org_inside).await,
        service_across: service_of(org_across).await,
        accreditation,
        grievance_inside: filed[0],
        grievance_across: filed[1],
        maker: maker_id,
        run: programme_run,
        decision_inside,
        decision_across,
        irbid,
        amman,
        change,
        import_run: run.to_string(),
        pair_inside: queued
            .iter()
            .find(|c| c.a.household_id == irbid.0 && c.b.household_id == irbid.0)
            .unwrap()
            .id,
        pair_across: find(amman),
    }
}

/// The Jordan example run nationally (deciding about both households), and an
/// Irbid-only copy of it, `irbid-pilot`, run once.
async fn programme_runs(
    app: &TestApp,
    irbid: HouseholdId,
    amman: HouseholdId,
) -> (uuid::Uuid, uuid::Uuid, uuid::Uuid) {
    use tadamun_services::programmes::{run_programme, save_programme};
    let pack = tadamun_domain::country_pack::CountryPack::builtin(
        tadamun_domain::country::Country::Jordan,
    );
    let today = tadamun_store::now().date();
    let national = tadamun_targeting::programme::pack_programmes(pack.country).unwrap()[0].clone();
    let mut pilot = national.clone();
    pilot.key = "irbid-pilot".into();
    pilot.coverage = vec!["JO-IR".into()];
    for p in [&national, &pilot] {
        save_programme(&app.store, &system(), &pack, p, tadamun_store::now())
            .await
            .unwrap();
    }
    run_programme(&app.store, &system(), &pack, &national.key, today)
        .await
        .unwrap();
    let run = run_programme(&app.store, &system(), &pack, "irbid-pilot", today)
        .await
        .unwrap()
        .run_id;
    let decision = |h: HouseholdId| {
        let store = app.store.clone();
        async move { store.household_decisions(&system(), h).await.unwrap()[0].id }
    };
    (run, decision(irbid).await, decision(amman).await)
}

/// A user with one role over Irbid, with a live session token usable as a cookie
/// (pages) and as a bearer token (API).
async fn user(
    store: &Store,
    name: &str,
    role: BuiltinRole,
) -> (tadamun_domain::ids::UserId, Tokens) {
    let grants = Grants {
        roles: [role.as_str().to_owned()].into(),
        scope: AreaScope::Governorates([GovernorateCode::parse("JO-IR").unwrap()].into()),
    };
    let now = tadamun_store::now();
    let id = store
        .create_user(name, name, "$argon2id$unused", &grants, now)
        .await
        .unwrap();
    let browser = session(store, id, SessionKind::Browser).await;
    let api = session(store, id, SessionKind::Api).await;
    (id, Tokens { browser, api })
}

/// A user's two tokens: a session only works in its own channel.
#[derive(Clone)]
struct Tokens {
    browser: String,
    api: String,
}

/// A fully signed-in session of this kind, as if the user had logged in.
async fn session(store: &Store, user: tadamun_domain::ids::UserId, kind: SessionKind) -> String {
    let token = format!("{:064x}", uuid::Uuid::now_v7().as_u128());
    let now = tadamun_store::now();
    let new = NewSession {
        token_hash: tadamun_web::auth::session_token_hash(&token),
        user,
        kind,
        stage: SessionStage::Full,
        permissions: None,
        user_agent: None,
        source_ip: None,
        absolute_expires_at: now + time::Duration::hours(1),
    };
    store.create_session(&new, None, now).await.unwrap();
    token
}

async fn send(
    app: &TestApp,
    method: &Method,
    sample: &Sample,
    tokens: Option<&Tokens>,
) -> (StatusCode, Option<String>) {
    let api = sample.path.starts_with("/api/");
    let mut r = app.plain.request(method.clone(), app.url(&sample.path));
    if let Some(t) = tokens {
        r = if api {
            r.bearer_auth(&t.api)
        } else {
            r.header("cookie", format!("tadamun_session={}", t.browser))
        };
    }
    r = match &sample.body {
        Body::None => r,
        Body::Form(pairs) => r.form(pairs),
        Body::Json(v) => r.json(v),
    };
    let response = r.send().await.unwrap();
    let location = response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .map(str::to_owned);
    (response.status(), location)
}

#[tokio::test]
async fn every_route_allows_or_denies_each_role_as_the_matrix_says_with_no_leak() {
    on_both(|store| async move {
        let app = spawn_app_with(store).await;
        let fx = fixture(&app).await;
        let mut callers: Vec<(Option<BuiltinRole>, Option<Tokens>)> = vec![(None, None)];
        let mut users = BTreeMap::new();
        for role in BuiltinRole::ALL {
            let (id, token) = user(&app.store, &format!("u.{}", role.as_str()), *role).await;
            users.insert(role.as_str(), id);
            callers.push((Some(*role), Some(token)));
        }
        // The partner's staff member acts for the Irbid organisation.
        app.store
            .link_partner_user(
                &system(),
                fx.org_inside,
                "u.partner_user",
                tadamun_store::now(),
            )
            .await
            .unwrap();
        let mut failures = Vec::new();
        let mut checked = 0;
        let mut seen = BTreeMap::new();
        for route in route_table() {
            let Some(samples) = samples(&route.method, &route.path, &fx) else {
                failures.push(format!(
                    "{} {} has no entry in the access matrix",
                    route.method, route.path
                ));
                continue;
            };
            seen.insert((route.method.to_string(), route.path.clone()), ());
            for sample in &samples {
                for caller in callers.iter_mut() {
                    let (role, token) = caller.clone();
                    let role = &role;
                    let want = expect(route.rule, *role, sample.target);
                    // Logging out ends the session: use a spare one.
                    let token = match (role, route.path.as_str()) {
                        (Some(r), "/logout") => Some(Tokens {
                            browser: session(&app.store, users[r.as_str()], SessionKind::Browser)
                                .await,
                            api: String::new(),
                        }),
                        _ => token.clone(),
                    };
                    let (status, location) =
                        send(&app, &route.method, sample, token.as_ref()).await;
                    checked += 1;
                    let got = verdict(status, location.as_deref());
                    // A public route may answer anything but a refusal (a failed login is 401).
                    let ok = if route.rule == Rule::Public {
                        status != StatusCode::FORBIDDEN
                    } else {
                        got == want
                    };
                    // Signing out everywhere else ended the caller's other tokens: new ones.
                    if let (Some(r), "/account/sessions/revoke-others") =
                        (role, route.path.as_str())
                    {
                        let id = users[r.as_str()];
                        caller.1 = Some(Tokens {
                            browser: session(&app.store, id, SessionKind::Browser).await,
                            api: session(&app.store, id, SessionKind::Api).await,
                        });
                    }
                    if status.is_server_error() || !ok {
                        failures.push(format!(
                            "{} {} as {:?} ({:?}): expected {want:?}, got {status}",
                            route.method,
                            sample.path,
                            role.map(|r| r.as_str()),
                            sample.target
                        ));
                    }
                }
            }
        }
        assert!(
            failures.is_empty(),
            "{} of {checked} checks failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
        assert!(seen.len() >= 30, "the route table is complete");
        // The data itself never leaked into a denied household.
        let amman = app
            .store
            .get_household(&system(), fx.amman)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(amman.version, 1, "nothing outside the area was written");
        let _ = Permission::ALL;
    })
    .await;
}
