//! The plain data of payments that files and the store share: a line's stable
//! reference, its status, a provider's kind, what a provider is told to pay
//! (`PaymentInstruction`) and what it reports back (`ReconciliationRow`). The rules
//! (building batches, applying reconciliation) live in `tadamun-targeting::payments`.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use crate::{
    FieldError, bank_account::BankAccount, ids::PaymentBatchId, money::Money, phone::Phone,
};

/// Crockford's base 32: no I, L, O or U, so a reference read over the phone survives.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// 128 bits of batch id in 26 base-32 characters.
const BATCH_CHARS: usize = 26;

/// A payment line's reference, unique and stable: the batch id in Crockford base 32,
/// a dash and the line number (`01JF3…-17`): at most 35 characters (an ISO 20022
/// end-to-end id) below ten million lines per batch. Derived rather
/// than stored, so re-exporting a batch gives the provider the same references and a
/// reconciliation row leads straight to its batch and line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PaymentReference {
    batch: PaymentBatchId,
    line: u32,
}

impl PaymentReference {
    /// Lines are numbered from 1.
    pub fn new(batch: PaymentBatchId, line: u32) -> Self {
        assert!(line >= 1, "payment lines are numbered from 1");
        Self { batch, line }
    }

    pub fn batch(self) -> PaymentBatchId {
        self.batch
    }

    pub fn line(self) -> u32 {
        self.line
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let err = || {
            FieldError::new(
                "reference",
                "invalid-payment-reference",
                format!("'{raw}' is not a payment reference of this system"),
            )
        };
        let (batch, line) = raw.trim().split_once('-').ok_or_else(err)?;
        if batch.len() != BATCH_CHARS
            || line.is_empty()
            || !line.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(err());
        }
        let mut value: u128 = 0;
        for (i, c) in batch.bytes().enumerate() {
            let digit = CROCKFORD
                .iter()
                .position(|&a| a == c.to_ascii_uppercase())
                .ok_or_else(err)? as u128;
            // The first character carries only the top 3 bits.
            if i == 0 && digit > 7 {
                return Err(err());
            }
            value = (value << 5) | digit;
        }
        let line: u32 = line.parse().map_err(|_| err())?;
        if line == 0 {
            return Err(err());
        }
        Ok(Self::new(PaymentBatchId(Uuid::from_u128(value)), line))
    }
}

impl fmt::Display for PaymentReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.batch.0.as_u128();
        let mut text = [0u8; BATCH_CHARS];
        for (i, c) in text.iter_mut().enumerate() {
            let shift = 5 * (BATCH_CHARS - 1 - i);
            *c = CROCKFORD[((value >> shift) & 31) as usize];
        }
        let text = std::str::from_utf8(&text).expect("ASCII alphabet");
        write!(f, "{text}-{}", self.line)
    }
}

impl TryFrom<String> for PaymentReference {
    type Error = FieldError;
    fn try_from(s: String) -> Result<Self, FieldError> {
        Self::parse(&s)
    }
}

impl From<PaymentReference> for String {
    fn from(r: PaymentReference) -> String {
        r.to_string()
    }
}

text_enum!(
    /// Where a payment line stands. Only `pending` may change; the others are settled.
    PaymentStatus, "status" {
        Pending => "pending",
        Paid => "paid",
        Failed => "failed",
        Returned => "returned",
    }
);

impl PaymentStatus {
    pub fn is_settled(self) -> bool {
        self != Self::Pending
    }

    /// Failed and returned payments are owed again: the line is re-issued.
    pub fn is_unpaid(self) -> bool {
        matches!(self, Self::Failed | Self::Returned)
    }
}

text_enum!(
    /// What a provider can report about a line: a file never says "pending".
    ReportedStatus, "status" {
        Paid => "paid",
        Failed => "failed",
        Returned => "returned",
    }
);

impl From<ReportedStatus> for PaymentStatus {
    fn from(s: ReportedStatus) -> Self {
        match s {
            ReportedStatus::Paid => Self::Paid,
            ReportedStatus::Failed => Self::Failed,
            ReportedStatus::Returned => Self::Returned,
        }
    }
}

text_enum!(
    /// The kind of payment provider, which decides the payment file's columns.
    ProviderKind, "provider" {
        Bank => "bank",
        EWallet => "e_wallet",
    }
);

/// One line as a provider is told to pay it: the batch line joined with the
/// beneficiary's name and payee details from the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentInstruction {
    pub reference: PaymentReference,
    /// The head of household's full name, in Arabic as registered.
    pub beneficiary_name: String,
    /// Needed by bank layouts.
    pub account: Option<BankAccount>,
    /// Needed by e-wallet layouts.
    pub phone: Option<Phone>,
    pub amount: Money,
}

/// One row of a provider's reconciliation file, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconciliationRow {
    /// The row as Excel shows it: the header is row 1.
    pub row: u64,
    pub reference: PaymentReference,
    pub status: ReportedStatus,
    pub amount: Money,
    pub date: Date,
    /// Why a payment failed or was returned, as the provider says it.
    pub reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_reference_fits_iso_20022_end_to_end_ids() {
        let r = PaymentReference::new(PaymentBatchId::new(), 123_456);
        let text = r.to_string();
        assert!(text.len() <= 35, "{text}");
        assert_eq!(PaymentReference::parse(&text).unwrap(), r);
        assert_eq!(PaymentReference::parse(&text.to_lowercase()).unwrap(), r);
    }

    #[test]
    fn foreign_references_are_refused() {
        for bad in [
            "",
            "abc",
            "TRX-0001",
            "0123456789ABCDEFGHJKMNPQRS-0",
            "Z123456789ABCDEFGHJKMNPQRS-1",
        ] {
            let e = PaymentReference::parse(bad).unwrap_err();
            assert_eq!(e.code, "invalid-payment-reference", "{bad}");
        }
    }

    #[test]
    fn settled_statuses_are_final_and_unpaid_ones_owed() {
        assert!(!PaymentStatus::Pending.is_settled());
        assert!(PaymentStatus::Returned.is_unpaid());
        assert!(!PaymentStatus::Paid.is_unpaid());
        assert_eq!(
            PaymentStatus::from(ReportedStatus::Failed),
            PaymentStatus::Failed
        );
    }

    proptest! {
        #[test]
        fn references_round_trip(bits in any::<u128>(), line in 1u32..) {
            let r = PaymentReference::new(PaymentBatchId(Uuid::from_u128(bits)), line);
            prop_assert_eq!(PaymentReference::parse(&r.to_string()).unwrap(), r);
        }
    }
}
