//! Payment files for providers: the columns a bank or an e-wallet operator wants, in
//! CSV (UTF-8 with a BOM) or XLSX (right to left for Arabic staff), amounts in major
//! units with the currency's decimals (`50.000` JOD, `50.00` ILS).

use std::io::Write;

use rust_xlsxwriter::{Format, Workbook};
use tadamun_domain::{
    money::Currency,
    payment::{PaymentInstruction, ProviderKind},
};

use crate::{cells::neutralise, error::WriteError, writer::BOM};

/// One column of a payment file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentColumn {
    /// The line's reference, which the provider echoes in its reconciliation file.
    Reference,
    BeneficiaryName,
    /// An IBAN or the bank's account number.
    Account,
    /// E.164, with its `+`.
    Phone,
    Amount,
    Currency,
}

impl PaymentColumn {
    pub fn name(self) -> &'static str {
        match self {
            Self::Reference => "reference",
            Self::BeneficiaryName => "beneficiary_name",
            Self::Account => "iban_or_account",
            Self::Phone => "phone",
            Self::Amount => "amount",
            Self::Currency => "currency",
        }
    }
}

/// The columns of each provider kind's file, in order.
pub fn payment_columns(provider: ProviderKind) -> &'static [PaymentColumn] {
    use PaymentColumn::*;
    match provider {
        ProviderKind::Bank => &[Reference, BeneficiaryName, Account, Amount, Currency],
        ProviderKind::EWallet => &[Reference, Phone, BeneficiaryName, Amount, Currency],
    }
}

/// The cells of one line, or which payee detail it lacks.
fn cells(
    provider: ProviderKind,
    currency: Currency,
    line: &PaymentInstruction,
) -> Result<Vec<String>, WriteError> {
    let missing = |column: PaymentColumn| WriteError::MissingPayee {
        reference: line.reference.to_string(),
        column: column.name(),
    };
    payment_columns(provider)
        .iter()
        .map(|&column| {
            Ok(match column {
                PaymentColumn::Reference => line.reference.to_string(),
                // The only free text: guarded against formula injection.
                PaymentColumn::BeneficiaryName => neutralise(&line.beneficiary_name).into_owned(),
                PaymentColumn::Account => line
                    .account
                    .as_ref()
                    .ok_or_else(|| missing(column))?
                    .to_string(),
                PaymentColumn::Phone => line
                    .phone
                    .as_ref()
                    .ok_or_else(|| missing(column))?
                    .as_str()
                    .to_owned(),
                PaymentColumn::Amount => line.amount.format(currency),
                PaymentColumn::Currency => currency.code.to_owned(),
            })
        })
        .collect()
}

/// Writes a provider's payment file as CSV and returns the number of lines. Every
/// line is checked before the first byte, so a line without its payee detail leaves
/// no half-written file behind.
pub fn write_payments_csv<'a>(
    mut out: impl Write,
    provider: ProviderKind,
    currency: Currency,
    lines: impl IntoIterator<Item = &'a PaymentInstruction>,
) -> Result<u64, WriteError> {
    let rows = lines
        .into_iter()
        .map(|l| cells(provider, currency, l))
        .collect::<Result<Vec<_>, _>>()?;
    out.write_all(BOM)?;
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    csv.write_record(payment_columns(provider).iter().map(|c| c.name()))?;
    for row in &rows {
        csv.write_record(row)?;
    }
    csv.flush()?;
    Ok(rows.len() as u64)
}

/// Writes a provider's payment file as an XLSX workbook of one sheet, right to left
/// when `rtl`. References, accounts and phones are text cells (Excel would turn long
/// digit strings into rounded numbers); amounts are numbers with the currency's
/// decimals, so a checker can sum the column.
pub fn write_payments_xlsx<'a>(
    provider: ProviderKind,
    currency: Currency,
    lines: impl IntoIterator<Item = &'a PaymentInstruction>,
    rtl: bool,
) -> Result<Vec<u8>, WriteError> {
    let columns = payment_columns(provider);
    let mut book = Workbook::new();
    // Rows stream to a temporary file: a national batch stays small in memory.
    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name("payments")?;
    sheet.set_right_to_left(rtl);
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let decimals = currency.decimals as usize;
    let money = Format::new().set_num_format(format!("0.{}", "0".repeat(decimals)));
    for (c, column) in (0u16..).zip(columns) {
        sheet.write_string_with_format(0, c, column.name(), &bold)?;
        sheet.set_column_width(
            c,
            if *column == PaymentColumn::BeneficiaryName {
                36
            } else {
                20
            },
        )?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let scale = 10f64.powi(currency.decimals as i32);
    for (row, line) in (1u32..).zip(lines) {
        let values = cells(provider, currency, line)?;
        for ((c, column), value) in (0u16..).zip(columns).zip(values) {
            match column {
                // Exact: minor units below 2^53 divide to the nearest double, which
                // prints back as the same decimal.
                PaymentColumn::Amount => {
                    sheet.write_number_with_format(row, c, line.amount.0 as f64 / scale, &money)?
                }
                _ => sheet.write_string_with_format(row, c, value, &text)?,
            };
        }
    }
    Ok(book.save_to_buffer()?)
}
