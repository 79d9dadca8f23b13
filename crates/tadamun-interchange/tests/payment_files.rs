//! Payment files out and reconciliation files back: provider layouts, Arabic names,
//! amounts in major units, and bad rows named by row and column.

use calamine::{Data, Reader, Xlsx};
use tadamun_domain::{
    bank_account::BankAccount,
    country::Country,
    ids::PaymentBatchId,
    money::{Currency, Money},
    payment::{PaymentInstruction, PaymentReference, ProviderKind, ReportedStatus},
    phone::Phone,
};
use tadamun_interchange::{
    FileError, FileFormat, ReconciliationFileError, WriteError, read_reconciliation,
    write_payments_csv, write_payments_xlsx,
};
use time::macros::date;

const JOD: Currency = Currency {
    code: "JOD",
    decimals: 3,
};

fn instructions(batch: PaymentBatchId) -> Vec<PaymentInstruction> {
    vec![
        PaymentInstruction {
            reference: PaymentReference::new(batch, 1),
            beneficiary_name: "محمد أحمد علي الزعبي".into(),
            account: Some(BankAccount::parse("JO94CBJO0010000000000131000302").unwrap()),
            phone: Some(Phone::parse(Country::Jordan, "0791234567").unwrap()),
            amount: Money(50_000),
        },
        PaymentInstruction {
            reference: PaymentReference::new(batch, 2),
            beneficiary_name: "=فاطمة حسن".into(),
            account: Some(BankAccount::parse("0012345678").unwrap()),
            phone: Some(Phone::parse(Country::Jordan, "0771234567").unwrap()),
            amount: Money(72_250),
        },
    ]
}

fn csv_text(provider: ProviderKind, lines: &[PaymentInstruction]) -> String {
    let mut out = Vec::new();
    write_payments_csv(&mut out, provider, JOD, lines).unwrap();
    let text = String::from_utf8(out).unwrap();
    text.strip_prefix('\u{FEFF}')
        .expect("a BOM for Excel")
        .to_owned()
}

#[test]
fn a_bank_file_has_the_banks_columns_and_major_unit_amounts() {
    let batch = PaymentBatchId::new();
    let text = csv_text(ProviderKind::Bank, &instructions(batch));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "reference,beneficiary_name,iban_or_account,amount,currency"
    );
    assert_eq!(
        lines[1],
        format!(
            "{},محمد أحمد علي الزعبي,JO94CBJO0010000000000131000302,50.000,JOD",
            PaymentReference::new(batch, 1)
        )
    );
    assert!(
        lines[2].contains(",'=فاطمة حسن,0012345678,72.250,JOD"),
        "{}",
        lines[2]
    );
}

#[test]
fn an_e_wallet_file_pays_phones_and_needs_one_per_line() {
    let batch = PaymentBatchId::new();
    let mut lines = instructions(batch);
    let text = csv_text(ProviderKind::EWallet, &lines);
    assert!(text.starts_with("reference,phone,beneficiary_name,amount,currency\r\n"));
    assert!(text.contains(",+962791234567,"));
    lines[1].phone = None;
    let e = write_payments_csv(Vec::new(), ProviderKind::EWallet, JOD, &lines).unwrap_err();
    assert!(
        matches!(
            e,
            WriteError::MissingPayee {
                column: "phone",
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn an_xlsx_payment_file_keeps_references_as_text_and_amounts_as_numbers() {
    let batch = PaymentBatchId::new();
    let bytes = write_payments_xlsx(ProviderKind::Bank, JOD, &instructions(batch), true).unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("payments").unwrap();
    assert_eq!(
        sheet.get_value((1, 0)).unwrap().to_string(),
        PaymentReference::new(batch, 1).to_string()
    );
    assert_eq!(
        sheet.get_value((1, 1)).unwrap().to_string(),
        "محمد أحمد علي الزعبي"
    );
    assert_eq!(sheet.get_value((2, 3)), Some(&Data::Float(72.25)));
}

#[test]
fn a_payment_file_sent_back_with_status_and_date_reads_as_reconciliation() {
    let batch = PaymentBatchId::new();
    let sent = csv_text(ProviderKind::Bank, &instructions(batch));
    let mut back: Vec<String> = sent.lines().map(str::to_owned).collect();
    back[0].push_str(",status,date,reason");
    back[1].push_str(",paid,2026-12-03,");
    back[2].push_str(",returned,03/12/2026,الحساب مغلق");
    let rows = read_reconciliation(back.join("\r\n").as_bytes(), FileFormat::Csv, JOD).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0].row, rows[0].reference, rows[0].status),
        (2, PaymentReference::new(batch, 1), ReportedStatus::Paid)
    );
    assert_eq!(rows[1].amount, Money(72_250));
    assert_eq!(rows[1].date, date!(2026 - 12 - 03));
    assert_eq!(rows[1].reason.as_deref(), Some("الحساب مغلق"));
}

#[test]
fn an_xlsx_reconciliation_file_with_arabic_headers_and_number_cells_reads() {
    let batch = PaymentBatchId::new();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in (0u16..).zip(["المرجع", "الحالة", "المبلغ", "التاريخ", "السبب"])
    {
        sheet.write_string(0, c, h).unwrap();
    }
    sheet
        .write_string(1, 0, PaymentReference::new(batch, 1).to_string())
        .unwrap();
    sheet.write_string(1, 1, "مدفوع").unwrap();
    sheet.write_number(1, 2, 50.0).unwrap();
    let day = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 12, 3).unwrap();
    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .write_datetime_with_format(1, 3, &day, &format)
        .unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let rows = read_reconciliation(&bytes, FileFormat::Xlsx, JOD).unwrap();
    assert_eq!(
        (rows[0].status, rows[0].amount, rows[0].date),
        (ReportedStatus::Paid, Money(50_000), date!(2026 - 12 - 03))
    );
}

#[test]
fn bad_rows_are_named_by_row_and_column_and_refuse_the_file() {
    let good = PaymentReference::new(PaymentBatchId::new(), 1);
    let file = format!(
        "reference,status,amount,date,reason\n\
         {good},paid,50.000,2026-12-03,\n\
         TRX-1,paid,50.000,2026-12-03,\n\
         \n\
         {good},pending,50.0001,31-12-2026,\n\
         {good},returned,50,2026-12-03,\n"
    );
    let Err(ReconciliationFileError::Rows(errors)) =
        read_reconciliation(file.as_bytes(), FileFormat::Csv, JOD)
    else {
        panic!("bad rows refuse the file");
    };
    let found: Vec<(u64, &str, &str)> = errors
        .iter()
        .map(|e| (e.row, e.column.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (3, "reference", "invalid-payment-reference"),
            (5, "status", "unknown-choice"),
            (5, "amount", "invalid-amount"),
            (5, "date", "invalid-date"),
            (6, "reason", "required"),
        ]
    );
}

#[test]
fn a_file_without_the_needed_columns_is_refused_whole() {
    let e = read_reconciliation(b"reference,amount\nx,1\n", FileFormat::Csv, JOD).unwrap_err();
    let ReconciliationFileError::File(FileError::MissingColumns { columns }) = e else {
        panic!("{e}");
    };
    assert_eq!(columns, ["status", "date"]);
    assert!(matches!(
        read_reconciliation(b"reference,status,amount,date\n", FileFormat::Csv, JOD),
        Err(ReconciliationFileError::File(FileError::NoDataRows))
    ));
}
