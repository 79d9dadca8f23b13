//! The partner registry's vocabulary: organisations (charities, NGOs, volunteer
//! centres…), their accreditation, the service catalogue and the services they offer
//! by governorate, and the supply a service map adds up. Parsed here from raw input,
//! with every error naming its field.

pub mod accreditation;
pub mod catalogue;
pub mod organisation;
pub mod service;

pub use accreditation::{Accreditation, AccreditationChange, AccreditationStatus};
pub use catalogue::{ServiceCatalogue, ServiceType};
pub use organisation::{
    Contact, Email, Organisation, OrganisationDraft, OrganisationKind, RawContact, RawOrganisation,
    RegistrationNumber,
};
pub use service::{RawServiceOffer, ServiceOffer, ServiceOfferDraft, SupplyCell};
