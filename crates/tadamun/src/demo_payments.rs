//! The demo's first payment cycle, so a new user finds enrolments and batches on
//! first start: each example run is enrolled, two finance officers make and approve
//! the cycle's batch, its provider file is written, a synthetic answer (a few
//! failures) is imported, and the next cycle's draft re-issues the failures.

use anyhow::Context;
use rand::{RngExt, distr::Alphanumeric};
use tadamun_domain::{
    access::{Access, AreaScope, BuiltinRole},
    bank_account::BankAccount,
    country::Country,
    country_pack::CountryPack,
    ids::HouseholdId,
    money::Currency,
    payment::ProviderKind,
};
use tadamun_interchange::FileFormat;
use tadamun_services::payments::{export_batch, import_reconciliation};
use tadamun_store::{Store, access::Grants, payments::BatchStep};
use tadamun_targeting::payments::cycle::CyclePeriod;
use uuid::Uuid;

const PAGE: i64 = 1_000;
/// One payment in this many fails at the provider in the demo's answer.
const FAILS_ONE_IN: usize = 40;

/// A finance officer of the demo with a password nobody knows (an administrator can
/// set one), so maker and checker are two named people.
async fn finance_officer(store: &Store, username: &str, name: &str) -> anyhow::Result<Access> {
    let password: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(24)
        .map(char::from)
        .collect();
    let hash = tadamun_web::auth::hash_password(&password)?;
    let grants = Grants {
        roles: [BuiltinRole::FinanceOfficer.as_str().to_owned()].into(),
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
        .context("the demo finance officer is active")
}

/// A synthetic IBAN for a household, valid by its check digits.
fn demo_iban(country: Country, household: HouseholdId) -> anyhow::Result<BankAccount> {
    let digits = household.0.as_u128() % 10u128.pow(21);
    let bban = match country {
        Country::Palestine => format!("PALS{digits:021}"),
        _ => format!("CBJO{digits:022}"),
    };
    Ok(BankAccount::iban(country.code(), &bban)?)
}

/// Enrols each run, pays its programme's current cycle and reconciles it, and
/// leaves the next cycle's draft with the failures re-issued.
pub async fn pay_first_cycle(
    store: &Store,
    pack: &CountryPack,
    runs: &[(String, Uuid)],
) -> anyhow::Result<()> {
    let system = Access::system("demo");
    let maker = finance_officer(store, "finance.maker", "أمل الخطيب").await?;
    let checker = finance_officer(store, "finance.checker", "عمر النابلسي").await?;
    let now = tadamun_store::now();
    let currency = Currency::of(pack.country);
    // Palestine pays through banks; Jordan's transfers reach e-wallets.
    let provider = match pack.country {
        Country::Palestine => ProviderKind::Bank,
        _ => ProviderKind::EWallet,
    };
    for (key, run_id) in runs {
        let enrolled = store.enrol_run(&system, *run_id, now).await?;
        if enrolled.joined == 0 {
            println!("programme {key}: nobody to enrol, so no payments");
            continue;
        }
        let definition = store
            .programme_version(&system, key, None)
            .await?
            .definition;
        if provider == ProviderKind::Bank {
            let mut after = None;
            loop {
                let page = store.roster_page(&system, key, after, PAGE).await?;
                let Some(last) = page.last() else { break };
                after = Some(HouseholdId(last.household_id));
                let accounts = page
                    .iter()
                    .map(|l| {
                        let h = HouseholdId(l.household_id);
                        Ok((h, demo_iban(pack.country, h)?))
                    })
                    .collect::<anyhow::Result<Vec<_>>>()?;
                store
                    .set_payee_accounts(&maker, key, &accounts, now)
                    .await?;
            }
        }
        let cycle = CyclePeriod::containing(definition.cycle, now.date());
        let batch = store
            .create_payment_batch(&maker, key, cycle, provider, now)
            .await?;
        store
            .step_payment_batch(&maker, batch.id, BatchStep::Submit, now)
            .await?;
        store
            .step_payment_batch(&checker, batch.id, BatchStep::Approve, now)
            .await?;
        export_batch(store, &maker, pack, batch.id, FileFormat::Csv, true, now)
            .await
            .with_context(|| format!("writing the payment file of {key}"))?;

        let mut answer = String::from("reference,status,amount,date,reason\n");
        let mut after = None;
        let mut n = 0usize;
        loop {
            let lines = store
                .payment_lines_page(&maker, batch.id, None, after, PAGE)
                .await?;
            let Some(last) = lines.last() else { break };
            after = Some(last.reference.line());
            for l in &lines {
                n += 1;
                let (status, reason) = if n.is_multiple_of(FAILS_ONE_IN) {
                    ("failed", "account closed / الحساب مغلق")
                } else {
                    ("paid", "")
                };
                answer.push_str(&format!(
                    "{},{status},{},{},{reason}\n",
                    l.reference,
                    l.amount.format(currency),
                    now.date()
                ));
            }
        }
        let report = import_reconciliation(
            store,
            &maker,
            pack,
            &format!("demo-answer-{key}-{cycle}.csv"),
            answer.as_bytes(),
            now,
        )
        .await
        .with_context(|| format!("reconciling {key}"))?;
        let next = store
            .create_payment_batch(&maker, key, cycle.next(), provider, now)
            .await?;
        println!(
            "programme {key}: {} households enrolled, {} on the waiting list; {cycle} paid to {} ({} failed); the {} draft re-issues the failures; see /payments",
            enrolled.joined, enrolled.waiting, report.paid, report.failed, next.cycle
        );
    }
    Ok(())
}
