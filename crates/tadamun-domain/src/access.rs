//! Who may do what, and where: permissions are named actions, roles are data that
//! bundle them, and every user's area scope is national or a set of governorates.
//! The built-in roles seed the `roles` table; an administrator may change them there.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::{
    area::GovernorateCode,
    audit::{AuditAction, NewAuditEntry},
    ids::UserId,
};

text_enum!(
    /// A named action. Routes, store calls and templates ask for these, never for roles.
    Permission, "permission" {
        DashboardRead => "dashboard.read",
        HouseholdRead => "household.read",
        HouseholdCreate => "household.create",
        HouseholdEdit => "household.edit",
        HouseholdEvent => "household.event",
        HouseholdImport => "household.import",
        HouseholdExport => "household.export",
        HouseholdRestrict => "household.restrict",
        ChangeRequest => "change.request",
        ChangeApprove => "change.approve",
        AuditRead => "audit.read",
        UserManage => "user.manage",
        ProgrammeRead => "programme.read",
        ProgrammeManage => "programme.manage",
        PaymentManage => "payment.manage",
        CaseRead => "case.read",
        CaseManage => "case.manage",
        CaseSupervise => "case.supervise",
        PlanningRead => "planning.read",
        PlanningEdit => "planning.edit",
        PlanningManage => "planning.manage",
        PartnerSubmit => "partner.submit",
        PartnerRead => "partner.read",
        PartnerManage => "partner.manage",
        GrievanceHandle => "grievance.handle",
        GrievanceSupervise => "grievance.supervise",
        GrievanceRestricted => "grievance.restricted",
        TrainingRead => "training.read",
        TrainingManage => "training.manage",
    }
);

text_enum!(
    /// The roles shipped with tadamun. Deployments may add rows to `roles`; these codes
    /// are the ones the code and the demo know by name.
    BuiltinRole, "role" {
        SystemAdmin => "system_admin",
        Registrar => "registrar",
        RegistrySupervisor => "registry_supervisor",
        ProgrammeOfficer => "programme_officer",
        FinanceOfficer => "finance_officer",
        CaseWorker => "case_worker",
        CaseSupervisor => "case_supervisor",
        PlanningMember => "planning_member",
        Planner => "planner",
        PartnerUser => "partner_user",
        Auditor => "auditor",
    }
);

/// A role as stored: its code, names, permissions and whether it demands 2FA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub code: String,
    pub name_ar: String,
    pub name_en: String,
    pub permissions: BTreeSet<Permission>,
    pub requires_two_factor: bool,
}

impl BuiltinRole {
    /// The default definition that seeds the `roles` table.
    pub fn definition(self) -> Role {
        use Permission as P;
        let registrar = [
            P::DashboardRead,
            P::HouseholdRead,
            P::HouseholdCreate,
            P::HouseholdEdit,
            P::HouseholdEvent,
            P::HouseholdImport,
            P::ChangeRequest,
            P::GrievanceHandle,
            P::PartnerRead,
            P::PartnerSubmit,
            P::PartnerManage,
        ];
        let (ar, en, permissions, two_factor): (&str, &str, Vec<P>, bool) = match self {
            Self::SystemAdmin => (
                "مدير النظام",
                "System administrator",
                [
                    &registrar[..],
                    &[
                        P::UserManage,
                        P::HouseholdExport,
                        P::PlanningRead,
                        P::PlanningManage,
                        P::TrainingRead,
                        P::TrainingManage,
                    ],
                ]
                .concat(),
                true,
            ),
            Self::Registrar => ("مسجّل", "Registrar", registrar.to_vec(), false),
            Self::RegistrySupervisor => (
                "مشرف السجل",
                "Registry supervisor",
                [
                    &registrar[..],
                    &[
                        P::ChangeApprove,
                        P::HouseholdExport,
                        P::HouseholdRestrict,
                        P::GrievanceSupervise,
                        P::TrainingRead,
                        P::TrainingManage,
                    ],
                ]
                .concat(),
                false,
            ),
            Self::ProgrammeOfficer => (
                "مسؤول برامج",
                "Programme officer",
                vec![
                    P::DashboardRead,
                    P::HouseholdRead,
                    P::HouseholdExport,
                    P::ProgrammeRead,
                    P::ProgrammeManage,
                    P::GrievanceHandle,
                    P::GrievanceSupervise,
                    P::PartnerRead,
                ],
                false,
            ),
            Self::FinanceOfficer => (
                "مسؤول مالي",
                "Finance officer",
                vec![
                    P::DashboardRead,
                    P::HouseholdRead,
                    P::ProgrammeRead,
                    P::PaymentManage,
                    P::GrievanceHandle,
                ],
                false,
            ),
            Self::CaseWorker => (
                "أخصائي حالة",
                "Case worker",
                vec![
                    P::DashboardRead,
                    P::HouseholdRead,
                    P::HouseholdEvent,
                    P::CaseRead,
                    P::CaseManage,
                    P::GrievanceHandle,
                    P::PartnerRead,
                ],
                true,
            ),
            Self::CaseSupervisor => (
                "مشرف حالات",
                "Case supervisor",
                vec![
                    P::DashboardRead,
                    P::HouseholdRead,
                    P::HouseholdEvent,
                    P::HouseholdRestrict,
                    P::CaseRead,
                    P::CaseManage,
                    P::CaseSupervise,
                    P::GrievanceHandle,
                    P::GrievanceSupervise,
                    P::GrievanceRestricted,
                    P::PartnerRead,
                    P::TrainingRead,
                ],
                true,
            ),
            Self::PlanningMember => (
                "عضو مجموعة تخطيط",
                "Planning-group member",
                vec![
                    P::DashboardRead,
                    P::PlanningRead,
                    P::PlanningEdit,
                    P::PartnerRead,
                ],
                false,
            ),
            Self::Planner => (
                "مخطط تنمية اجتماعية",
                "Social-development planner",
                vec![
                    P::DashboardRead,
                    P::PlanningRead,
                    P::PlanningManage,
                    P::PartnerRead,
                ],
                false,
            ),
            Self::PartnerUser => (
                "مستخدم شريك",
                "Partner (NGO) user",
                vec![P::PartnerRead, P::PartnerSubmit],
                false,
            ),
            Self::Auditor => (
                "مدقق",
                "Auditor",
                vec![
                    P::DashboardRead,
                    P::HouseholdRead,
                    P::HouseholdExport,
                    P::AuditRead,
                    P::PartnerRead,
                    P::TrainingRead,
                ],
                false,
            ),
        };
        Role {
            code: self.as_str().to_owned(),
            name_ar: ar.to_owned(),
            name_en: en.to_owned(),
            permissions: permissions.into_iter().collect(),
            requires_two_factor: two_factor,
        }
    }
}

/// Where a user may act: the whole country, or some governorates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AreaScope {
    National,
    Governorates(BTreeSet<GovernorateCode>),
}

impl AreaScope {
    pub fn covers(&self, governorate: &GovernorateCode) -> bool {
        match self {
            Self::National => true,
            Self::Governorates(set) => set.contains(governorate),
        }
    }

    pub fn is_national(&self) -> bool {
        matches!(self, Self::National)
    }
}

/// The caller of a store function: who they are, what they may do, and where. Built
/// from the database at each request, so a revoked role or narrowed scope takes
/// effect at once. Reads are filtered by it and writes are refused outside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    /// `None` for the system itself (command-line import, demo seeding).
    pub user_id: Option<UserId>,
    /// The name recorded in the audit log.
    pub actor_name: String,
    /// Where the request came from, for the audit log.
    pub source_ip: Option<String>,
    pub roles: BTreeSet<String>,
    pub permissions: BTreeSet<Permission>,
    pub scope: AreaScope,
}

impl Access {
    /// The system acting on its own (command line, seeding): every permission,
    /// national scope, and sight of restricted records, because it runs with the
    /// database's own credentials anyway.
    pub fn system(actor_name: &str) -> Self {
        Self {
            user_id: None,
            actor_name: actor_name.to_owned(),
            source_ip: None,
            roles: BTreeSet::new(),
            permissions: Permission::ALL.iter().copied().collect(),
            scope: AreaScope::National,
        }
    }

    pub fn can(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }

    /// Whether this is the system rather than a person.
    pub fn is_system(&self) -> bool {
        self.user_id.is_none()
    }

    pub fn covers(&self, governorate: &GovernorateCode) -> bool {
        self.scope.covers(governorate)
    }

    /// An audit entry for something this caller did to one object.
    pub fn audit(
        &self,
        action: AuditAction,
        object_type: &str,
        object_id: Option<String>,
        at: time::OffsetDateTime,
    ) -> NewAuditEntry {
        NewAuditEntry {
            at,
            actor_id: self.user_id,
            actor_name: self.actor_name.clone(),
            source_ip: self.source_ip.clone(),
            action,
            object_type: object_type.to_owned(),
            object_id,
            before_json: None,
            after_json: None,
        }
    }
}

impl NewAuditEntry {
    /// Adds the before and after snapshots (any serialisable value).
    pub fn with_change<B: Serialize, A: Serialize>(
        mut self,
        before: Option<&B>,
        after: Option<&A>,
    ) -> Self {
        self.before_json = before.and_then(|b| serde_json::to_string(b).ok());
        self.after_json = after.and_then(|a| serde_json::to_string(a).ok());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_role_has_permissions_and_distinct_names() {
        let roles: Vec<Role> = BuiltinRole::ALL.iter().map(|r| r.definition()).collect();
        assert!(roles.iter().all(|r| !r.permissions.is_empty()));
        let names: BTreeSet<_> = roles.iter().map(|r| r.name_en.clone()).collect();
        assert_eq!(names.len(), roles.len());
    }

    #[test]
    fn only_the_auditor_reads_the_audit_log_and_only_supervisors_approve() {
        for role in BuiltinRole::ALL {
            let d = role.definition();
            assert_eq!(
                d.permissions.contains(&Permission::AuditRead),
                *role == BuiltinRole::Auditor
            );
            assert_eq!(
                d.permissions.contains(&Permission::ChangeApprove),
                *role == BuiltinRole::RegistrySupervisor
            );
        }
    }

    #[test]
    fn only_the_case_supervisor_reads_every_restricted_grievance() {
        for role in BuiltinRole::ALL {
            let d = role.definition();
            assert_eq!(
                d.permissions.contains(&Permission::GrievanceRestricted),
                *role == BuiltinRole::CaseSupervisor,
                "{role:?}"
            );
            if d.permissions.contains(&Permission::GrievanceSupervise) {
                assert!(d.permissions.contains(&Permission::GrievanceHandle));
            }
        }
    }

    #[test]
    fn partner_users_edit_their_organisation_but_manage_no_registry() {
        let p = BuiltinRole::PartnerUser.definition().permissions;
        assert!(p.contains(&Permission::PartnerRead) && p.contains(&Permission::PartnerSubmit));
        assert!(!p.contains(&Permission::PartnerManage) && !p.contains(&Permission::ChangeApprove));
        // Whoever edits partners also reads them (the partner pages need both).
        for role in BuiltinRole::ALL {
            let d = role.definition();
            if d.permissions.contains(&Permission::PartnerSubmit)
                || d.permissions.contains(&Permission::PartnerManage)
            {
                assert!(d.permissions.contains(&Permission::PartnerRead), "{role:?}");
            }
        }
    }

    #[test]
    fn only_planners_and_administrators_manage_planning_groups_and_they_read_them() {
        for role in BuiltinRole::ALL {
            let d = role.definition();
            assert_eq!(
                d.permissions.contains(&Permission::PlanningManage),
                matches!(role, BuiltinRole::Planner | BuiltinRole::SystemAdmin),
                "{role:?}"
            );
            if d.permissions.contains(&Permission::PlanningManage) {
                assert!(d.permissions.contains(&Permission::PlanningRead));
            }
        }
        // A partner's staff reads only the groups they sit on, through membership.
        let p = BuiltinRole::PartnerUser.definition().permissions;
        assert!(!p.contains(&Permission::PlanningRead));
    }

    #[test]
    fn administrators_and_case_roles_need_two_factor_by_default() {
        for role in [
            BuiltinRole::SystemAdmin,
            BuiltinRole::CaseWorker,
            BuiltinRole::CaseSupervisor,
        ] {
            assert!(role.definition().requires_two_factor, "{role:?}");
        }
        assert!(!BuiltinRole::Registrar.definition().requires_two_factor);
    }

    #[test]
    fn a_governorate_scope_covers_only_its_governorates() {
        let irbid = GovernorateCode::parse("JO-IR").unwrap();
        let amman = GovernorateCode::parse("JO-AM").unwrap();
        let scope = AreaScope::Governorates([irbid.clone()].into());
        assert!(scope.covers(&irbid));
        assert!(!scope.covers(&amman));
        assert!(AreaScope::National.covers(&amman));
    }
}
