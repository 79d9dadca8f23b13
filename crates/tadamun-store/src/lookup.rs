//! The citizen's status lookup, with no login: a key (grievance reference or national
//! ID number) and a second factor find at most one record, of whichever kind matches.
//! A wrong code and an unknown key answer alike (`None`). A found record is audited
//! as read by the public, from the caller's address.
//!
//! Two kinds: a grievance (its reference or the complainant's ID number, and the
//! 12-digit receipt code) and the household's latest programme decision (an ID number
//! of a member, and the code printed on the decision letter).

use tadamun_domain::{
    access::Access, audit::AuditAction, grievance::ReceiptCode, letter_code::LetterCode,
    lookup::LookupKey,
};
use time::OffsetDateTime;

use crate::{
    backend::Store, error::Result, grievances::GrievanceStatusView, programmes::StoredDecision,
};

/// What a lookup found.
#[derive(Debug, Clone, PartialEq)]
pub enum LookupAnswer {
    Grievance(GrievanceStatusView),
    /// Boxed: a decision record is much larger than a grievance's status.
    Decision(Box<StoredDecision>),
}

impl Store {
    /// Looks up the record that `key` and `code` name together. `code` is what the
    /// citizen typed; each kind parses it its own way, and a code of the wrong shape
    /// for a kind simply matches nothing of that kind.
    #[tracing::instrument(skip_all)]
    pub async fn citizen_lookup(
        &self,
        key: &LookupKey,
        code: &str,
        source_ip: Option<String>,
        now: OffsetDateTime,
    ) -> Result<Option<LookupAnswer>> {
        if let Ok(receipt) = ReceiptCode::parse(code) {
            let found = match key {
                LookupKey::Grievance(r) => self.lookup_grievance_by_reference(*r, &receipt).await?,
                LookupKey::IdNumber(n) => self.lookup_grievance_by_id_number(n, &receipt).await?,
            };
            if let Some((id, view)) = found {
                let mut public = Access::system("citizen lookup");
                public.source_ip = source_ip;
                let entry = public.audit(
                    AuditAction::GrievanceLookedUp,
                    "grievance",
                    Some(id.to_string()),
                    now,
                );
                self.record_audit(&entry).await?;
                return Ok(Some(LookupAnswer::Grievance(view)));
            }
        }
        if let (Some(letter), LookupKey::IdNumber(number)) = (LetterCode::parse(code), key)
            && let Some(d) = self.lookup_decision(number, &letter.sha256_hex()).await?
        {
            let mut public = Access::system("citizen lookup");
            public.source_ip = source_ip;
            let entry = public.audit(
                AuditAction::DecisionLookedUp,
                "decision",
                Some(d.id.to_string()),
                now,
            );
            self.record_audit(&entry).await?;
            return Ok(Some(LookupAnswer::Decision(Box::new(d))));
        }
        Ok(None)
    }
}
