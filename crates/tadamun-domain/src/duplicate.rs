//! The duplicate review queue's vocabulary: how sure the resolver was, where a pair
//! came from, and what a clerk decided about it.

use crate::ids::PersonId;

text_enum!(
    /// The resolver's band for a pair (non-matches are never queued).
    DuplicateBand, "band" {
        Match => "match",
        Review => "review",
    }
);

text_enum!(
    /// What raised the pair: the check at registration, an import, or a registry scan.
    DuplicateSource, "source" {
        Registration => "registration",
        Import => "import",
        Batch => "batch",
    }
);

text_enum!(
    /// Open until a clerk says; `same` files a merge request, `different` closes the
    /// pair for good, so later scans do not raise it again.
    DuplicateStatus, "status" {
        Open => "open",
        Same => "same",
        Different => "different",
    }
);

/// A clerk's verdict on a queued pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuplicateDecision {
    /// One person: merge the other record into `keep` (through a change request).
    Same { keep: PersonId },
    /// Two people, for example twins or namesakes.
    Different,
}
