//! The `other_documents` column: a person's documents beyond the one in `id_type` and
//! `id_number`, such as the UNRWA card of a refugee who is also a citizen. Without it an
//! export would silently drop those documents.

use std::collections::HashSet;

use tadamun_domain::{
    FieldError,
    identity::{Document, DocumentType},
    person::PersonDraft,
};

use crate::layout::{DOCUMENT_SEPARATOR, LIST_SEPARATOR};

/// `unrwa_refugee_card:12345678;passport:N1234567` into documents, or every bad entry.
pub(crate) fn parse_other_documents(cell: &str) -> Result<Vec<Document>, Vec<FieldError>> {
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    for entry in cell
        .split(LIST_SEPARATOR)
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        let Some((doc_type, number)) = entry.split_once(DOCUMENT_SEPARATOR) else {
            let message = format!(
                "'{entry}' is not a document written as type:number, e.g. unrwa_refugee_card:1234-5678"
            );
            errors.push(FieldError::new(
                "other_documents",
                "invalid-document-list",
                message,
            ));
            continue;
        };
        match DocumentType::parse(doc_type).and_then(|t| Document::parse(t, number)) {
            Ok(d) => documents.push(d),
            Err(e) => errors.push(FieldError {
                field: "other_documents".into(),
                ..e
            }),
        }
    }
    if errors.is_empty() {
        Ok(documents)
    } else {
        Err(errors)
    }
}

/// Documents after the first, as the `other_documents` cell.
pub(crate) fn other_documents_cell(person: &PersonDraft) -> String {
    let entries: Vec<String> = person
        .documents
        .iter()
        .skip(1)
        .map(|d| format!("{}{DOCUMENT_SEPARATOR}{}", d.doc_type, d.number))
        .collect();
    entries.join(&LIST_SEPARATOR.to_string())
}

/// Member index, column and message for each document seen earlier in the household.
/// The domain has already compared the `id_number` documents among themselves.
pub(crate) fn repeated_documents(members: &[PersonDraft]) -> Vec<(usize, &'static str, String)> {
    let mut seen = HashSet::new();
    let mut repeats = Vec::new();
    for (i, m) in members.iter().enumerate() {
        for (k, d) in m.documents.iter().enumerate() {
            if !seen.insert((d.doc_type, d.number.as_str())) {
                let column = if k == 0 {
                    "id_number"
                } else {
                    "other_documents"
                };
                repeats.push((
                    i,
                    column,
                    format!("document {} appears twice in this household", d.number),
                ));
            }
        }
    }
    repeats
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_of_documents_is_parsed_with_canonical_numbers() {
        let docs =
            parse_other_documents(" unrwa_refugee_card:1234-5678 ; passport: n 12345 ;").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(
            (docs[0].doc_type, docs[0].number.as_str()),
            (DocumentType::UnrwaRefugeeCard, "12345678")
        );
        assert_eq!(docs[1].number, "N12345");
        assert!(parse_other_documents("").unwrap().is_empty());
    }

    #[test]
    fn every_bad_entry_is_reported_in_the_column() {
        let errors = parse_other_documents("12345678;visa:123456;passport:1").unwrap_err();
        let codes: Vec<&str> = errors.iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            [
                "invalid-document-list",
                "unknown-document-type",
                "invalid-document-number"
            ]
        );
        assert!(errors.iter().all(|e| e.field == "other_documents"));
    }
}
