//! Governorate indicators for decentralised planning: the catalogue of indicators
//! defined once as data (unit, filter, labels), their formulas in words, computed
//! values and need against partner supply, and the weighted priority ranking.

pub mod catalogue;
pub mod ranking;
pub mod values;
pub mod words;

pub use catalogue::{
    Filter, Indicator, IndicatorCatalogue, NeedMeasure, RunOutcome, Severity, SexFilter, Unit,
};
pub use ranking::{RankedPriority, ScoreComponent, Weights, rank};
pub use values::{GovernorateIndicators, GrievanceAge, IndicatorTable, NeedSupply, need_supply};
