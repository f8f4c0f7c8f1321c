namespace SiteReady.Domain.Organizations;

/// <summary>One role per organisation (SPEC §1). Operator roles only exist in the operator organisation.</summary>
public enum Role { Admin, Manager, Viewer, OperatorAdmin, ComplianceReviewer, CustomerCare }

/// <summary>The permissions of SPEC §1's table, checked on the server for every organisation-scoped action (R-U4).</summary>
public static class Permissions
{
    public const string View = "org.view";
    public const string UsersManage = "users.manage";
    public const string WorkersManage = "workers.manage";
    public const string CredentialsManage = "credentials.manage";
    public const string CompaniesManage = "companies.manage";
    public const string CredentialsDelete = "credentials.delete";
    public const string AccessRequestsReview = "access-requests.review";
    public const string RequirementsManage = "requirements.manage";
    public const string SiteAccessManage = "site-access.manage";

    public static readonly IReadOnlyList<string> All =
    [
        View, UsersManage, WorkersManage, CredentialsManage, CompaniesManage, CredentialsDelete,
        AccessRequestsReview, RequirementsManage, SiteAccessManage,
    ];

    public static bool Grants(this Role role, string permission) => role switch
    {
        Role.Admin or Role.OperatorAdmin => true,
        Role.Manager => permission is View or WorkersManage or CredentialsManage or CompaniesManage or SiteAccessManage,
        Role.Viewer or Role.ComplianceReviewer or Role.CustomerCare => permission is View,
        _ => false,
    };

    public static bool IsOperatorRole(this Role role) =>
        role is Role.OperatorAdmin or Role.ComplianceReviewer or Role.CustomerCare;

    public static bool IsAllowedIn(this Role role, OrganizationKind kind) =>
        kind == OrganizationKind.Operator ? role.IsOperatorRole() : !role.IsOperatorRole();
}
