//! Life-cycle event forms on the household page: birth, death, marriage, split and
//! move. Each posts the household version it was shown with; a conflict or a refused
//! field re-renders the page with the reason and the values kept.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};
use tadamun_domain::{
    FieldErrors,
    change::ChangePayload,
    history::LifeEvent,
    household::{Household, RawPerson},
    person::Relationship,
};
use tadamun_store::StoreError;

use super::{
    FormPairs,
    households::{Banner, EventForm, household_page, parse_id, relationships, sexes},
    see_other,
};
use crate::{
    error::{AppError, AppResult},
    events::RawLifeEvent,
    i18n::Tr,
    session::PageUser,
    state::AppState,
    views::FormField,
};

const KINDS: [&str; 5] = ["birth", "death", "marriage", "split", "move"];

/// A refused event's form values and errors, to draw the form again.
pub(crate) struct Kept<'a> {
    pub kind: &'a str,
    pub form: &'a FormPairs,
    pub errors: &'a FieldErrors,
}

#[tracing::instrument(skip_all, fields(household = %id, kind = %kind, user = %user.user.id))]
pub(crate) async fn record(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, kind)): Path<(String, String)>,
    form: FormPairs,
) -> AppResult<Response> {
    let id = parse_id(&id)?;
    let kind = KINDS
        .into_iter()
        .find(|k| *k == kind)
        .ok_or(AppError::NotFound)?;
    let household = state
        .store
        .get_household(&user.access, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let version: i64 = form
        .value("version")
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest("the form has no household version".into()))?;
    let now = tadamun_store::now();
    let result = match raw_event(kind, &form, &household).parse(&state.pack, now.date()) {
        Ok(event) => match state
            .store
            .record_event(&user.access, id, version, &event, now)
            .await
        {
            // A move to another governorate waits for a supervisor: file it as a request.
            Err(StoreError::NeedsApproval(_)) => {
                let LifeEvent::Move {
                    governorate,
                    district,
                    address,
                } = &event
                else {
                    return Err(AppError::NeedsApproval(kind.to_owned()));
                };
                let mut draft = household.to_draft();
                draft.governorate = governorate.clone();
                draft.district = district.clone();
                draft.address = address.clone();
                let payload = ChangePayload::Edit {
                    version,
                    draft: Box::new(draft),
                    member_ids: household.members.iter().map(|m| Some(m.id)).collect(),
                };
                let reason = user.tr.t("change-reason-move");
                state
                    .store
                    .request_change(&user.access, id, &payload, &reason, now)
                    .await?;
                return Ok(see_other(&format!("/households/{id}?done=requested")));
            }
            other => other.map_err(AppError::from),
        },
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    let tr = user.tr;
    match result {
        Ok(Some(new_id)) => Ok(see_other(&format!(
            "/households/{id}?done=split&new={new_id}"
        ))),
        Ok(None) => Ok(see_other(&format!("/households/{id}?done=event"))),
        Err(AppError::Conflict) => {
            let banner = Banner {
                is_error: true,
                lines: vec![tr.t("err-conflict")],
                link: None,
            };
            let none = FieldErrors::default();
            household_page(
                &state,
                &user,
                id,
                Some(banner),
                StatusCode::CONFLICT,
                Some(&Kept {
                    kind,
                    form: &form,
                    errors: &none,
                }),
            )
            .await
        }
        Err(AppError::Invalid(errors)) => {
            let lines = errors
                .0
                .iter()
                .map(|e| {
                    format!(
                        "{}: {}",
                        tr.field_label(e.field.rsplit('.').next().unwrap_or(&e.field)),
                        tr.field_error(e)
                    )
                })
                .collect();
            let banner = Banner {
                is_error: true,
                lines,
                link: None,
            };
            household_page(
                &state,
                &user,
                id,
                Some(banner),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&Kept {
                    kind,
                    form: &form,
                    errors: &errors,
                }),
            )
            .await
        }
        Err(other) => Err(other),
    }
}

fn person(form: &FormPairs, prefix: &str, relationship: String) -> RawPerson {
    let v = |f: &str| form.value(&format!("{prefix}.{f}"));
    RawPerson {
        given_name: v("given_name"),
        father_name: v("father_name"),
        grandfather_name: v("grandfather_name"),
        family_name: v("family_name"),
        sex: v("sex"),
        birth_date: v("birth_date"),
        relationship,
        id_number: v("id_number"),
        ..Default::default()
    }
}

/// The event a form describes. A spouse joins as the head's spouse, or as a
/// son- or daughter-in-law when another member marries.
fn raw_event(kind: &str, form: &FormPairs, household: &Household) -> RawLifeEvent {
    match kind {
        "birth" => RawLifeEvent::Birth {
            child: person(form, "child", form.value("child.relationship")),
        },
        "death" => RawLifeEvent::Death {
            person_id: form.value("person_id"),
            date: form.value("date"),
        },
        "marriage" => {
            let person_id = form.value("person_id");
            let marries_head = household
                .head()
                .is_some_and(|h| h.id.to_string() == person_id.trim());
            let relationship = if marries_head {
                Relationship::Spouse
            } else {
                Relationship::SonOrDaughterInLaw
            };
            let spouse = person(form, "incoming_spouse", relationship.as_str().to_owned());
            let has_spouse =
                !spouse.given_name.trim().is_empty() || !spouse.family_name.trim().is_empty();
            RawLifeEvent::Marriage {
                person_id,
                date: form.value("date"),
                incoming_spouse: has_spouse.then_some(spouse),
            }
        }
        "split" => RawLifeEvent::Split {
            members: form.all("members"),
            new_head: form.value("new_head"),
            governorate: form.value("governorate"),
            address: form.value("address"),
        },
        _ => RawLifeEvent::Move {
            governorate: form.value("governorate"),
            district: form.value("district"),
            address: form.value("address"),
        },
    }
}

/// The five event forms for a household, with refused values kept.
pub(crate) fn forms(
    state: &AppState,
    tr: Tr,
    h: &Household,
    kept: Option<&Kept<'_>>,
) -> Vec<EventForm> {
    let head = h.head();
    let living: Vec<(String, String)> = h
        .living_members()
        .map(|m| (m.id.to_string(), m.draft.name.full()))
        .collect();
    let non_head: Vec<(String, String)> = h
        .living_members()
        .filter(|m| Some(m.id) != head.map(|x| x.id))
        .map(|m| (m.id.to_string(), m.draft.name.full()))
        .collect();
    let governorates: Vec<(String, String)> = state
        .pack
        .governorates
        .iter()
        .map(|g| (g.code.clone(), tr.pick(&g.name_ar, &g.name_en).to_owned()))
        .collect();
    let head_part = |f: fn(&tadamun_domain::person::PersonName) -> String| {
        head.map(|x| f(&x.draft.name)).unwrap_or_default()
    };
    KINDS
        .iter()
        .map(|kind| {
            let k = kept.filter(|k| k.kind == *kind);
            let val =
                |name: &str, default: String| k.map(|k| k.form.value(name)).unwrap_or(default);
            let text = |name: &str, label: &str, default: String| {
                FormField::new(name, tr.field_label(label), "text", val(name, default))
            };
            let date = |name: &str| {
                FormField::new(name, tr.t("event-date"), "date", val(name, String::new())).ltr()
            };
            let sel = |name: &str, label: String, options: Vec<(String, String)>| {
                let v = val(name, String::new());
                FormField::select(name, label, &v, options, &tr)
            };
            let mut fields = vec![FormField::new(
                "version",
                String::new(),
                "hidden",
                h.version.to_string(),
            )];
            match *kind {
                "birth" => {
                    fields.push(text("child.given_name", "given_name", String::new()));
                    fields.push(text(
                        "child.father_name",
                        "father_name",
                        head_part(|n| n.given.as_str().to_owned()),
                    ));
                    fields.push(text(
                        "child.grandfather_name",
                        "grandfather_name",
                        head_part(|n| n.father.as_str().to_owned()),
                    ));
                    fields.push(text(
                        "child.family_name",
                        "family_name",
                        head_part(|n| n.family.as_str().to_owned()),
                    ));
                    fields.push(sel("child.sex", tr.field_label("sex"), sexes(tr)));
                    fields.push(sel(
                        "child.relationship",
                        tr.field_label("relationship"),
                        relationships(
                            tr,
                            &[
                                Relationship::Son,
                                Relationship::Daughter,
                                Relationship::Grandchild,
                                Relationship::OtherRelative,
                            ],
                        ),
                    ));
                    fields.push(
                        FormField::new(
                            "child.birth_date",
                            tr.field_label("birth_date"),
                            "date",
                            val("child.birth_date", String::new()),
                        )
                        .ltr(),
                    );
                    fields.push(text("child.id_number", "id_number", String::new()).ltr());
                }
                "death" => {
                    fields.push(sel("person_id", tr.t("event-person"), living.clone()));
                    fields.push(date("date"));
                }
                "marriage" => {
                    fields.push(sel("person_id", tr.t("event-person"), living.clone()));
                    fields.push(date("date"));
                    fields.push(text(
                        "incoming_spouse.given_name",
                        "given_name",
                        String::new(),
                    ));
                    fields.push(text(
                        "incoming_spouse.father_name",
                        "father_name",
                        String::new(),
                    ));
                    fields.push(text(
                        "incoming_spouse.grandfather_name",
                        "grandfather_name",
                        String::new(),
                    ));
                    fields.push(text(
                        "incoming_spouse.family_name",
                        "family_name",
                        String::new(),
                    ));
                    fields.push(sel("incoming_spouse.sex", tr.field_label("sex"), sexes(tr)));
                    fields.push(
                        FormField::new(
                            "incoming_spouse.birth_date",
                            tr.field_label("birth_date"),
                            "date",
                            val("incoming_spouse.birth_date", String::new()),
                        )
                        .ltr(),
                    );
                    fields
                        .push(text("incoming_spouse.id_number", "id_number", String::new()).ltr());
                }
                "split" => {
                    let chosen = k.map(|k| k.form.all("members")).unwrap_or_default();
                    for (id, name) in &non_head {
                        let mut f = FormField::checkbox(
                            "members",
                            format!("{}: {name}", tr.t("event-members-leaving")),
                            chosen.contains(id),
                        );
                        f.value = id.clone();
                        f.id = format!("f-members-{id}");
                        fields.push(f);
                    }
                    fields.push(sel("new_head", tr.t("event-new-head"), non_head.clone()));
                    fields.push(sel(
                        "governorate",
                        tr.field_label("governorate"),
                        governorates.clone(),
                    ));
                    fields.push(text("address", "address", String::new()));
                }
                _ => {
                    fields.push(sel(
                        "governorate",
                        tr.field_label("governorate"),
                        governorates.clone(),
                    ));
                    fields.push(text("district", "district", String::new()).ltr());
                    fields.push(text("address", "address", String::new()));
                }
            }
            for f in &mut fields {
                if !f.id.starts_with("f-members-") {
                    f.id = format!("{kind}-{}", f.id);
                }
                if let Some(e) = k.and_then(|k| k.errors.0.iter().find(|e| e.field == f.name)) {
                    f.error = Some(tr.field_error(e));
                }
            }
            EventForm {
                kind,
                title: tr.t(&format!("event-{kind}-title")),
                action: format!("/households/{}/events/{kind}", h.id),
                fields,
            }
        })
        .collect()
}
