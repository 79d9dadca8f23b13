//! The policy simulator's pages: a form with the programme's current cut-off, poverty
//! lines, budget, coefficients and rules; the comparison of the newest version against
//! the planner's change (summary, governorates, a chart drawn here as inline SVG, who
//! enters and who leaves); and saving the change as the next version, a draft.
//! A simulation writes nothing.

use askama::Template;
use axum::{
    extract::{Path, Query, State},
    http::{Method, StatusCode},
    response::Response,
    routing::{get, post},
};
use serde::Deserialize;
use tadamun_domain::{
    FieldError, FieldErrors,
    access::Permission,
    money::{Currency, Money},
    phone::to_ascii_digit,
};
use tadamun_services::simulator::{
    self, Change, ChangeError, Mover, RuleGroup, Simulation, SimulationFailure,
};
use tadamun_store::programmes::StoredProgramme;
use tadamun_targeting::{
    programme::{ProgrammeVersion, VersionState},
    simulate::Summary,
    variables::VARIABLES,
};

use super::{
    FormPairs,
    decisions::{amount, currency},
    households::governorate_name,
    see_other,
};
use crate::{
    authz::{Routes, Rule},
    error::{AppError, AppResult},
    i18n::Tr,
    session::PageUser,
    state::AppState,
    views::{Chrome, FormField, render},
};

/// Households listed as entering, and as leaving.
pub(crate) const SHOWN: usize = 20;

pub(crate) fn routes() -> Routes {
    use Permission as P;
    Routes::new("")
        .add(
            Method::GET,
            "/programmes/{key}/simulate",
            Rule::Needs(P::ProgrammeRead),
            get(page),
        )
        .add(
            Method::POST,
            "/programmes/{key}/simulate",
            Rule::Needs(P::ProgrammeRead),
            post(run),
        )
        .add(
            Method::POST,
            "/programmes/{key}/simulate/save",
            Rule::Needs(P::ProgrammeManage),
            post(save),
        )
}

/// The form as typed: every value a string, so a bad one is shown back as it was.
#[derive(Debug, Clone, Default)]
struct SimForm {
    cut_off: String,
    poverty_line_factor: String,
    budget: String,
    coefficient_region: String,
    coefficient_variable: String,
    coefficient_value: String,
    rule_group: String,
    rule_id: String,
    rule_label_ar: String,
    rule_label_en: String,
    rule_cel: String,
    remove_rule: Vec<String>,
}

/// A number as people type it: Arabic-Indic digits, the Arabic decimal separator and
/// a minus sign are accepted.
fn parse_number(raw: &str, field: &str) -> Result<f64, FieldError> {
    let s: String = raw
        .trim()
        .chars()
        .map(|c| match c {
            '٫' => '.',
            '−' => '-',
            c => to_ascii_digit(c).unwrap_or(c),
        })
        .collect();
    s.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| FieldError::new(field, "invalid-number", format!("'{raw}' is not a number")))
}

impl SimForm {
    /// The programme's current values: submitting it unchanged changes nothing.
    fn current(d: &ProgrammeVersion, currency: Currency) -> Self {
        Self {
            cut_off: d
                .pmt
                .as_ref()
                .and_then(|p| p.cut_off)
                .map(|c| c.to_string())
                .unwrap_or_default(),
            poverty_line_factor: "1".into(),
            budget: d.budget_per_cycle.format(currency),
            rule_group: "all".into(),
            ..Self::default()
        }
    }

    fn from_pairs(f: &FormPairs) -> Self {
        Self {
            cut_off: f.value("cut_off"),
            poverty_line_factor: f.value("poverty_line_factor"),
            budget: f.value("budget"),
            coefficient_region: f.value("coefficient_region"),
            coefficient_variable: f.value("coefficient_variable"),
            coefficient_value: f.value("coefficient_value"),
            rule_group: f.value("rule_group"),
            rule_id: f.value("rule_id"),
            rule_label_ar: f.value("rule_label_ar"),
            rule_label_en: f.value("rule_label_en"),
            rule_cel: f.value("rule_cel"),
            remove_rule: f.all("remove_rule"),
        }
    }

    /// What the form changes in `d`: only the values that differ from it.
    fn changes(
        &self,
        d: &ProgrammeVersion,
        currency: Currency,
    ) -> Result<Vec<Change>, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut changes = Vec::new();
        let current_cut_off = d.pmt.as_ref().and_then(|p| p.cut_off);
        if !self.cut_off.trim().is_empty() {
            match parse_number(&self.cut_off, "cut_off") {
                Ok(v) if current_cut_off.is_some_and(|c| (c - v).abs() < 1e-9) => {}
                Ok(value) => changes.push(Change::CutOff { value }),
                Err(e) => errors.push(e),
            }
        }
        if !self.poverty_line_factor.trim().is_empty() {
            match parse_number(&self.poverty_line_factor, "poverty_line_factor") {
                Ok(f) if (f - 1.0).abs() < 1e-9 => {}
                Ok(factor) => changes.push(Change::PovertyLineFactor { factor }),
                Err(e) => errors.push(e),
            }
        }
        match Money::parse(currency, &self.budget, "budget") {
            Ok(m) if m == d.budget_per_cycle => {}
            Ok(m) => changes.push(Change::Budget { per_cycle: m.0 }),
            Err(e) => errors.push(e),
        }
        if !self.coefficient_value.trim().is_empty() || !self.coefficient_variable.is_empty() {
            let value = parse_number(&self.coefficient_value, "coefficient_value");
            if self.coefficient_variable.is_empty() {
                errors.push(FieldError::new(
                    "coefficient_variable",
                    "required",
                    "choose the indicator whose weight changes",
                ));
            }
            match value {
                Ok(value) if !self.coefficient_variable.is_empty() => {
                    changes.push(Change::Coefficient {
                        variable: self.coefficient_variable.clone(),
                        value,
                        region: Some(self.coefficient_region.clone()).filter(|r| !r.is_empty()),
                    })
                }
                Ok(_) => {}
                Err(e) => errors.push(e),
            }
        }
        let rule = [
            &self.rule_id,
            &self.rule_label_ar,
            &self.rule_label_en,
            &self.rule_cel,
        ];
        if rule.iter().any(|s| !s.trim().is_empty()) {
            changes.push(Change::AddRule {
                group: if self.rule_group == "any" {
                    RuleGroup::Any
                } else {
                    RuleGroup::All
                },
                id: self.rule_id.trim().to_owned(),
                label_ar: self.rule_label_ar.clone(),
                label_en: self.rule_label_en.clone(),
                cel: self.rule_cel.clone(),
            });
        }
        for id in &self.remove_rule {
            changes.push(Change::RemoveRule { id: id.clone() });
        }
        errors.into_result(|| changes)
    }
}

/// The form field a refused change came from.
fn form_field(change: &Change, field: &str) -> &'static str {
    match (change, field) {
        (Change::CutOff { .. }, _) => "cut_off",
        (Change::PovertyLineFactor { .. }, _) => "poverty_line_factor",
        (Change::Budget { .. }, _) => "budget",
        (Change::Coefficient { .. }, "region") => "coefficient_region",
        (Change::Coefficient { .. }, "value") => "coefficient_value",
        (Change::Coefficient { .. }, _) => "coefficient_variable",
        (Change::AddRule { .. }, "label_ar") => "rule_label_ar",
        (Change::AddRule { .. }, "label_en") => "rule_label_en",
        (Change::AddRule { .. }, "cel") => "rule_cel",
        (Change::AddRule { .. }, _) => "rule_id",
        (Change::RemoveRule { .. }, _) => "remove_rule",
    }
}

/// A refused change, worded for the planner.
fn change_error_text(tr: Tr, e: &ChangeError) -> String {
    match e.position {
        Some((line, column)) => tr.t_args(
            "sim-err-rule-does-not-compile",
            &[
                ("line", tr.num(i64::from(line))),
                ("column", tr.num(i64::from(column))),
                ("message", e.message.clone()),
            ],
        ),
        None => tr
            .try_t(&format!("sim-err-{}", e.code))
            .unwrap_or_else(|| e.message.clone()),
    }
}

/// A refused change as the API reports it: the path of the field in the request.
pub(crate) fn change_field_error(e: &ChangeError) -> FieldError {
    let message = match e.position {
        Some((line, column)) => format!("line {line}, column {column}: {}", e.message),
        None => e.message.clone(),
    };
    FieldError::new(format!("changes[{}].{}", e.index, e.field), e.code, message)
}

/// The web error for a failed simulation or save.
pub(crate) fn failure(e: SimulationFailure) -> AppError {
    match e {
        SimulationFailure::Change(e) => AppError::Invalid(change_field_error(&e).into()),
        SimulationFailure::NothingChanged => AppError::invalid(
            "changes",
            "no-change",
            "nothing to save: no change was made",
        ),
        SimulationFailure::Programme(p) => AppError::from_programme(p),
    }
}

/// A fieldset of the form.
struct FieldGroup {
    legend: String,
    fields: Vec<FormField>,
}

fn field_groups(
    tr: Tr,
    d: &ProgrammeVersion,
    form: &SimForm,
    errors: &[(String, String)],
) -> Vec<FieldGroup> {
    let label = |k: &str| tr.t(&format!("sim-field-{k}"));
    let mut levers = Vec::new();
    if d.pmt.is_some() {
        levers.push(FormField::new("cut_off", label("cut-off"), "text", &form.cut_off).ltr());
    }
    levers.push(
        FormField::new(
            "poverty_line_factor",
            label("poverty-line-factor"),
            "text",
            &form.poverty_line_factor,
        )
        .ltr(),
    );
    levers.push(FormField::new("budget", label("budget"), "text", &form.budget).ltr());
    let mut groups = vec![FieldGroup {
        legend: tr.t("sim-group-levers"),
        fields: levers,
    }];
    if let Some(pmt) = &d.pmt {
        let mut region = FormField::select(
            "coefficient_region",
            label("coefficient-region"),
            &form.coefficient_region,
            pmt.sets
                .iter()
                .map(|s| (s.region.clone(), s.region.replace('_', " ")))
                .collect(),
            &tr,
        );
        if let Some(every) = region.choices.first_mut() {
            every.label = tr.t("sim-every-region");
        }
        let variable = FormField::select(
            "coefficient_variable",
            label("coefficient-variable"),
            &form.coefficient_variable,
            VARIABLES
                .iter()
                .map(|(name, ar, en)| ((*name).to_owned(), tr.pick(ar, en).to_owned()))
                .collect(),
            &tr,
        );
        let value = FormField::new(
            "coefficient_value",
            label("coefficient-value"),
            "text",
            &form.coefficient_value,
        )
        .ltr();
        let mut fields = vec![variable, value];
        // One coefficient set serves everyone: there is no region to choose.
        if pmt.sets.len() > 1 {
            fields.insert(0, region);
        }
        groups.push(FieldGroup {
            legend: tr.t("sim-group-coefficient"),
            fields,
        });
    }
    let mut group = FormField::select(
        "rule_group",
        label("rule-group"),
        &form.rule_group,
        vec![
            ("all".into(), tr.t("sim-rule-group-all")),
            ("any".into(), tr.t("sim-rule-group-any")),
        ],
        &tr,
    );
    group.choices.remove(0);
    groups.push(FieldGroup {
        legend: tr.t("sim-group-add-rule"),
        fields: vec![
            group,
            FormField::new("rule_id", label("rule-id"), "text", &form.rule_id).ltr(),
            FormField::new(
                "rule_label_ar",
                label("rule-label-ar"),
                "text",
                &form.rule_label_ar,
            ),
            FormField::new(
                "rule_label_en",
                label("rule-label-en"),
                "text",
                &form.rule_label_en,
            ),
            FormField::new("rule_cel", label("rule-cel"), "textarea", &form.rule_cel).ltr(),
        ],
    });
    let rules: Vec<FormField> = d
        .eligibility
        .all
        .iter()
        .chain(&d.eligibility.any)
        .map(|r| {
            let text = tr
                .pick(
                    r.label_ar.as_deref().unwrap_or(&r.id),
                    r.label_en.as_deref().unwrap_or(&r.id),
                )
                .to_owned();
            let mut f = FormField::checkbox(
                "remove_rule",
                format!("{text} ({})", r.id),
                form.remove_rule.contains(&r.id),
            );
            f.value = r.id.clone();
            f.id = format!("f-remove-{}", r.id);
            f
        })
        .collect();
    if !rules.is_empty() {
        groups.push(FieldGroup {
            legend: tr.t("sim-group-remove-rules"),
            fields: rules,
        });
    }
    for g in &mut groups {
        for f in &mut g.fields {
            f.error = errors
                .iter()
                .find(|(name, _)| *name == f.name)
                .map(|(_, text)| text.clone());
        }
    }
    groups
}

/// One line of the summary table.
struct SummaryRow {
    id: &'static str,
    label: String,
    baseline: String,
    changed: String,
    difference: String,
    differs: bool,
}

/// One governorate of the comparison.
struct GovernorateRow {
    name: String,
    households: String,
    baseline: String,
    changed: String,
    baseline_coverage: String,
    changed_coverage: String,
    baseline_cost: String,
    changed_cost: String,
}

/// A household entering or leaving.
struct MoverRow {
    href: String,
    name: String,
    governorate: String,
}

struct SaveForm {
    action: String,
    base_version: String,
    changes: String,
    label: String,
}

struct Results {
    summary: Vec<SummaryRow>,
    governorates: Vec<GovernorateRow>,
    chart: String,
    truth_note: String,
    unchanged: bool,
    over_budget: bool,
    entered_count: String,
    left_count: String,
    entered: Vec<MoverRow>,
    left: Vec<MoverRow>,
    entered_more: String,
    left_more: String,
    save: Option<SaveForm>,
}

#[derive(Template)]
#[template(path = "simulator.html")]
struct SimPage {
    page: Chrome,
    programme: String,
    illustrative: bool,
    version: String,
    frozen: bool,
    action: String,
    back: String,
    groups: Vec<FieldGroup>,
    error_summary: Vec<String>,
    saved: String,
    results: Option<Results>,
}

fn percent(tr: Tr, share: f64) -> String {
    tr.t_args(
        "sim-percent",
        &[("value", tr.digits(&format!("{:.1}", share * 100.0)))],
    )
}

/// A signed count (the template isolates it in `<bdi>`).
fn signed(tr: Tr, n: i64) -> String {
    tr.digits(&format!("{n:+}"))
}

fn summary_rows(
    tr: Tr,
    currency: Currency,
    b: &Summary,
    c: &Summary,
    truth: bool,
) -> Vec<SummaryRow> {
    let count = |id, key: &str, x: u64, y: u64| SummaryRow {
        id,
        label: tr.t(key),
        baseline: tr.num(x as i64),
        changed: tr.num(y as i64),
        difference: signed(tr, y as i64 - x as i64),
        differs: x != y,
    };
    let money = |id, key: &str, x: Money, y: Money| SummaryRow {
        id,
        label: tr.t(key),
        baseline: amount(tr, currency, x),
        changed: amount(tr, currency, y),
        difference: {
            // The sign goes inside the amount's own isolate.
            let d = Money(y.0 - x.0);
            let sign = if d.0 > 0 { "+" } else { "" };
            tr.t_args(
                "decision-amount",
                &[
                    (
                        "amount",
                        tr.digits(&format!("{sign}{}", d.format(currency))),
                    ),
                    ("currency", tr.t(&format!("currency-{}", currency.code))),
                ],
            )
        },
        differs: x != y,
    };
    let share = |id, key: &str, x: f64, y: f64| SummaryRow {
        id,
        label: tr.t(key),
        baseline: percent(tr, x),
        changed: percent(tr, y),
        difference: tr.t_args(
            "sim-points",
            &[("value", tr.digits(&format!("{:+.1}", (y - x) * 100.0)))],
        ),
        differs: (x - y).abs() > 1e-12,
    };
    let yes_no = |v: bool| tr.t(if v { "sim-yes" } else { "sim-no" });
    let mut rows = vec![
        count(
            "households",
            "sim-row-households",
            b.households,
            c.households,
        ),
        count(
            "beneficiaries",
            "sim-row-beneficiaries",
            b.beneficiaries,
            c.beneficiaries,
        ),
        count("waiting", "sim-row-waiting", b.waiting, c.waiting),
        count(
            "not-decidable",
            "sim-row-not-decidable",
            b.not_decidable,
            c.not_decidable,
        ),
        money("cost", "sim-row-cost", b.cost, c.cost),
        money("budget", "sim-row-budget", b.budget, c.budget),
        SummaryRow {
            id: "over-budget",
            label: tr.t("sim-row-over-budget"),
            baseline: yes_no(b.over_budget),
            changed: yes_no(c.over_budget),
            difference: String::new(),
            differs: b.over_budget != c.over_budget,
        },
        share("coverage", "sim-row-coverage", b.coverage, c.coverage),
    ];
    if truth && let (Some(x), Some(y)) = (&b.errors, &c.errors) {
        rows.push(share(
            "inclusion-error",
            "sim-row-inclusion-error",
            x.inclusion_error,
            y.inclusion_error,
        ));
        rows.push(share(
            "exclusion-error",
            "sim-row-exclusion-error",
            x.exclusion_error,
            y.exclusion_error,
        ));
    }
    rows
}

/// Beneficiaries by governorate, baseline against changed.
fn chart(tr: Tr, title: &str, rows: &[(String, u64, u64)]) -> String {
    let series = [
        ("baseline", "#5b6770", "sim-baseline"),
        ("changed", "#0b6e4f", "sim-changed"),
    ]
    .map(|(class, fill, key)| crate::chart::Series {
        class,
        fill,
        legend: Some(tr.t(key)),
    });
    let rows: Vec<crate::chart::Row> = rows
        .iter()
        .map(|(name, before, after)| crate::chart::Row {
            label: name.clone(),
            values: [*before, *after]
                .map(|v| (v as i64, tr.num(v as i64)))
                .to_vec(),
        })
        .collect();
    crate::chart::bars(tr, "sim-chart", title, &series, &rows)
}

fn mover_rows(state: &AppState, tr: Tr, movers: &[Mover]) -> Vec<MoverRow> {
    movers
        .iter()
        .map(|m| MoverRow {
            href: format!("/households/{}", m.id),
            name: m.head_name.clone(),
            governorate: governorate_name(state, tr, &m.governorate),
        })
        .collect()
}

fn results(state: &AppState, user: &PageUser, sim: &Simulation, changes: &[Change]) -> Results {
    let tr = user.tr;
    let cur = currency(state);
    let (b, c) = (&sim.comparison.baseline, &sim.comparison.changed);
    let mut governorates = Vec::new();
    let mut bars = Vec::new();
    for (code, x) in &b.by_governorate {
        let y = c.by_governorate.get(code).cloned().unwrap_or_default();
        let name = governorate_name(state, tr, code);
        bars.push((name.clone(), x.beneficiaries, y.beneficiaries));
        governorates.push(GovernorateRow {
            name,
            households: tr.num(x.households as i64),
            baseline: tr.num(x.beneficiaries as i64),
            changed: tr.num(y.beneficiaries as i64),
            baseline_coverage: percent(tr, x.coverage),
            changed_coverage: percent(tr, y.coverage),
            baseline_cost: amount(tr, cur, x.cost),
            changed_cost: amount(tr, cur, y.cost),
        });
    }
    let truth_note = match &sim.ground_truth {
        None => tr.t("sim-truth-none"),
        Some(t) => tr.t_args(
            "sim-truth-some",
            &[
                ("households", tr.num(t.households as i64)),
                ("of", tr.num(b.households as i64)),
                (
                    "line",
                    tr.t_args(
                        "decision-amount",
                        &[
                            (
                                "amount",
                                tr.digits(&format!("{:.2}", t.poverty_line_per_ae)),
                            ),
                            ("currency", tr.t(&format!("currency-{}", cur.code))),
                        ],
                    ),
                ),
            ],
        ),
    };
    let more = |listed: usize, all: usize| {
        if all > listed {
            tr.count("sim-not-listed", (all - listed) as i64)
        } else {
            String::new()
        }
    };
    let save = (user.access.can(Permission::ProgrammeManage) && !changes.is_empty()).then(|| {
        let key = &sim.baseline.definition.key;
        SaveForm {
            action: format!("/programmes/{}/simulate/save", segment(key)),
            base_version: sim.baseline.definition.version.to_string(),
            changes: serde_json::to_string(changes).unwrap_or_default(),
            label: tr.t_args(
                "sim-save",
                &[("version", tr.num(i64::from(sim.changed.version)))],
            ),
        }
    });
    Results {
        summary: summary_rows(tr, cur, b, c, sim.ground_truth.is_some()),
        chart: chart(tr, &tr.t("sim-chart-title"), &bars),
        governorates,
        truth_note,
        unchanged: changes.is_empty(),
        over_budget: c.over_budget,
        entered_count: tr.count("sim-entered-count", sim.comparison.entered.len() as i64),
        left_count: tr.count("sim-left-count", sim.comparison.left.len() as i64),
        entered_more: more(sim.entered.len(), sim.comparison.entered.len()),
        left_more: more(sim.left.len(), sim.comparison.left.len()),
        entered: mover_rows(state, tr, &sim.entered),
        left: mover_rows(state, tr, &sim.left),
        save,
    }
}

/// A programme key as a path segment.
fn segment(key: &str) -> String {
    key.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

fn sim_page(
    user: &PageUser,
    stored: &StoredProgramme,
    form: &SimForm,
    errors: &[(String, String)],
    saved: String,
    results: Option<Results>,
) -> SimPage {
    let tr = user.tr;
    let d = &stored.definition;
    let key = segment(&d.key);
    SimPage {
        page: Chrome::for_user(
            user,
            "sim-title",
            "programmes",
            format!("/programmes/{key}/simulate"),
        ),
        programme: tr.pick(&d.name_ar, &d.name_en).to_owned(),
        illustrative: d.illustrative,
        version: tr.num(i64::from(d.version)),
        frozen: stored.state == VersionState::Frozen,
        action: format!("/programmes/{key}/simulate"),
        back: format!("/programmes#programme-{}", d.key),
        groups: field_groups(tr, d, form, errors),
        error_summary: errors
            .iter()
            .map(|(field, text)| {
                format!(
                    "{}: {text}",
                    tr.t(&format!("sim-field-{}", field.replace('_', "-")))
                )
            })
            .collect(),
        saved,
        results,
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct PageQuery {
    saved: Option<u32>,
}

async fn page(
    State(state): State<AppState>,
    user: PageUser,
    Path(key): Path<String>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let stored = state
        .store
        .programme_version(&user.access, &key, None)
        .await?;
    let form = SimForm::current(&stored.definition, currency(&state));
    let saved = q
        .saved
        .map(|v| {
            user.tr
                .t_args("sim-saved", &[("version", user.tr.num(i64::from(v)))])
        })
        .unwrap_or_default();
    Ok(render(&sim_page(&user, &stored, &form, &[], saved, None)))
}

async fn run(
    State(state): State<AppState>,
    user: PageUser,
    Path(key): Path<String>,
    pairs: FormPairs,
) -> AppResult<Response> {
    let tr = user.tr;
    let stored = state
        .store
        .programme_version(&user.access, &key, None)
        .await?;
    let form = SimForm::from_pairs(&pairs);
    let refused = |errors: Vec<(String, String)>| {
        let mut r = render(&sim_page(
            &user,
            &stored,
            &form,
            &errors,
            String::new(),
            None,
        ));
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        r
    };
    let changes = match form.changes(&stored.definition, currency(&state)) {
        Ok(c) => c,
        Err(errors) => {
            return Ok(refused(
                errors
                    .0
                    .iter()
                    .map(|e| (e.field.clone(), tr.field_error(e)))
                    .collect(),
            ));
        }
    };
    let sim = match simulator::simulate_programme(
        &state.store,
        &user.access,
        &state.pack,
        &key,
        &changes,
        tadamun_store::now().date(),
        SHOWN,
    )
    .await
    {
        Ok(s) => s,
        Err(SimulationFailure::Change(e)) => {
            let field = changes
                .get(e.index)
                .map(|c| form_field(c, e.field))
                .unwrap_or("rule_cel");
            return Ok(refused(vec![(field.to_owned(), change_error_text(tr, &e))]));
        }
        Err(e) => return Err(failure(e)),
    };
    let results = results(&state, &user, &sim, &changes);
    Ok(render(&sim_page(
        &user,
        &sim.baseline,
        &form,
        &[],
        String::new(),
        Some(results),
    )))
}

async fn save(
    State(state): State<AppState>,
    user: PageUser,
    Path(key): Path<String>,
    form: FormPairs,
) -> AppResult<Response> {
    let base: u32 = form.value("base_version").parse().map_err(|_| {
        AppError::invalid("base_version", "invalid-version", "not a version number")
    })?;
    let changes: Vec<Change> = serde_json::from_str(&form.value("changes"))
        .map_err(|e| AppError::invalid("changes", "invalid-json", &e.to_string()))?;
    let (_, version) = simulator::save_as_new_version(
        &state.store,
        &user.access,
        &state.pack,
        &key,
        base,
        &changes,
        tadamun_store::now(),
    )
    .await
    .map_err(failure)?;
    Ok(see_other(&format!(
        "/programmes/{}/simulate?saved={version}",
        segment(&key)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_may_be_typed_in_arabic_indic_digits() {
        assert_eq!(parse_number("٤٫٨", "x").unwrap(), 4.8);
        assert_eq!(parse_number(" −0.5 ", "x").unwrap(), -0.5);
        assert_eq!(parse_number("abc", "x").unwrap_err().code, "invalid-number");
        assert!(parse_number("inf", "x").is_err());
    }

    #[test]
    fn an_unchanged_form_changes_nothing() {
        let d =
            tadamun_targeting::programme::pack_programmes(tadamun_domain::country::Country::Jordan)
                .unwrap()
                .remove(0);
        let cur = Currency::of(tadamun_domain::country::Country::Jordan);
        let form = SimForm::current(&d, cur);
        assert_eq!(form.changes(&d, cur).unwrap(), vec![]);
        let lower = SimForm {
            budget: "1000".into(),
            cut_off: "4.5".into(),
            ..form.clone()
        };
        assert_eq!(
            lower.changes(&d, cur).unwrap(),
            vec![
                Change::CutOff { value: 4.5 },
                Change::Budget {
                    per_cycle: 1_000_000
                }
            ]
        );
        let bad = SimForm {
            budget: "lots".into(),
            ..form
        };
        let errors = bad.changes(&d, cur).unwrap_err();
        assert_eq!(errors.0[0].field, "budget");
    }
}
