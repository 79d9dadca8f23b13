//! What differs between governorates beyond their clans: how urban they are, how many
//! refugees live there, how poor they are, and where tents and farming are common.
//! Figures are rough orders of magnitude chosen to give a believable registry.

/// One governorate's tendencies.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Profile {
    /// Share of homes that are apartments rather than houses.
    pub urban: f64,
    /// Base share of households living in a tent (poorest households more so).
    pub tent: f64,
    /// Share of households registered with UNRWA as Palestine refugees.
    pub unrwa: f64,
    /// Share of those refugees without the national document (e.g. ex-Gazans in Jordan).
    pub unrwa_only: f64,
    /// Share of households of Syrian refugees registered with UNHCR.
    pub unhcr: f64,
    /// Added to the household's latent welfare.
    pub welfare_shift: f64,
    /// Share of self-employed households that farm.
    pub farming: f64,
    /// Added to the expected number of children per woman.
    pub fertility_shift: f64,
    /// Gaza's numbering and living conditions differ from the West Bank's.
    pub gaza: bool,
    /// Hot places where air conditioning is common even among the poor.
    pub hot: bool,
}

/// Jordan's defaults. Families applying for assistance are larger than average.
const BASE: Profile = Profile {
    urban: 0.4,
    tent: 0.005,
    unrwa: 0.0,
    unrwa_only: 0.05,
    unhcr: 0.0,
    welfare_shift: 0.0,
    farming: 0.1,
    fertility_shift: 0.4,
    gaza: false,
    hot: false,
};

const WEST_BANK: Profile = Profile {
    unrwa: 0.2,
    unrwa_only: 0.0,
    fertility_shift: 0.7,
    ..BASE
};

const GAZA: Profile = Profile {
    urban: 0.85,
    tent: 0.3,
    unrwa: 0.66,
    unrwa_only: 0.0,
    welfare_shift: -0.25,
    farming: 0.05,
    fertility_shift: 1.3,
    gaza: true,
    hot: true,
    ..BASE
};

/// The tendencies of a governorate by ISO code; unknown codes get the base profile.
#[rustfmt::skip]
pub(crate) fn profile(code: &str) -> Profile {
    match code {
        "JO-AM" => Profile { urban: 0.85, tent: 0.002, unrwa: 0.11, unhcr: 0.02, welfare_shift: 0.12, farming: 0.01, ..BASE },
        "JO-IR" => Profile { urban: 0.6, unrwa: 0.06, unhcr: 0.04, farming: 0.08, ..BASE },
        "JO-AZ" => Profile { urban: 0.8, unrwa: 0.1, unhcr: 0.03, welfare_shift: -0.03, farming: 0.03, ..BASE },
        "JO-BA" => Profile { urban: 0.45, tent: 0.03, unrwa: 0.14, unhcr: 0.01, farming: 0.2, hot: true, ..BASE },
        "JO-MA" => Profile { urban: 0.3, tent: 0.06, unrwa: 0.01, unhcr: 0.1, welfare_shift: -0.1, farming: 0.2, ..BASE },
        "JO-JA" => Profile { unrwa: 0.16, unrwa_only: 0.35, unhcr: 0.01, welfare_shift: -0.05, farming: 0.15, ..BASE },
        "JO-AJ" => Profile { urban: 0.35, unrwa: 0.01, welfare_shift: -0.05, farming: 0.2, ..BASE },
        "JO-MD" => Profile { urban: 0.5, tent: 0.02, unrwa: 0.05, unhcr: 0.01, farming: 0.15, ..BASE },
        "JO-KA" => Profile { tent: 0.02, unrwa: 0.01, welfare_shift: -0.05, farming: 0.15, ..BASE },
        "JO-AT" => Profile { tent: 0.02, welfare_shift: -0.1, farming: 0.15, ..BASE },
        "JO-MN" => Profile { tent: 0.05, welfare_shift: -0.1, farming: 0.12, ..BASE },
        "JO-AQ" => Profile { urban: 0.75, tent: 0.02, unrwa: 0.01, unhcr: 0.01, welfare_shift: 0.05, farming: 0.03, hot: true, ..BASE },
        "PS-JEN" => Profile { urban: 0.35, unrwa: 0.2, welfare_shift: -0.05, farming: 0.2, ..WEST_BANK },
        "PS-TBS" => Profile { urban: 0.3, tent: 0.04, unrwa: 0.15, welfare_shift: -0.08, farming: 0.25, ..WEST_BANK },
        "PS-TKM" => Profile { urban: 0.45, unrwa: 0.25, farming: 0.15, ..WEST_BANK },
        "PS-NBS" => Profile { urban: 0.55, unrwa: 0.25, ..WEST_BANK },
        "PS-QQA" => Profile { urban: 0.5, unrwa: 0.1, farming: 0.15, ..WEST_BANK },
        "PS-SLT" => Profile { urban: 0.25, unrwa: 0.05, farming: 0.15, ..WEST_BANK },
        "PS-RBH" => Profile { urban: 0.6, unrwa: 0.25, welfare_shift: 0.12, farming: 0.05, ..WEST_BANK },
        "PS-JRH" => Profile { urban: 0.5, tent: 0.05, unrwa: 0.4, welfare_shift: -0.05, farming: 0.25, hot: true, ..WEST_BANK },
        "PS-JEM" => Profile { urban: 0.55, unrwa: 0.3, welfare_shift: 0.05, farming: 0.03, ..WEST_BANK },
        "PS-BTH" => Profile { urban: 0.55, unrwa: 0.2, ..WEST_BANK },
        "PS-HBN" => Profile { urban: 0.5, tent: 0.02, unrwa: 0.1, welfare_shift: -0.02, ..WEST_BANK },
        "PS-NGZ" | "PS-GZA" | "PS-DEB" | "PS-KYS" | "PS-RFH" => GAZA,
        _ => BASE,
    }
}
