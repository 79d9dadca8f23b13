//! Household forms: drawing a `RawHousehold` as inputs and reading it back from a
//! urlencoded body, with each domain field error next to its input.
