using SiteReady.Domain;
using SiteReady.Domain.Accounts;
using SiteReady.Domain.Organizations;

namespace SiteReady.Tests.Domain;

/// <summary>Membership and invitation rules with fixed times, no database.</summary>
public class MembershipTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Org = Guid.CreateVersion7(Now);

    private static Membership Member(Role role, MembershipStatus status = MembershipStatus.Active) =>
        new(Guid.CreateVersion7(Now), Org, Guid.CreateVersion7(Now), role, status, Now);

    [Fact]
    public void Disabling_remembers_the_previous_status_and_reactivation_restores_it_R_U2()
    {
        var admin = Member(Role.Admin);
        var invited = Member(Role.Viewer, MembershipStatus.Invited);
        var all = new[] { admin, invited };

        invited.Disable(all);
        Assert.Equal(MembershipStatus.Disabled, invited.Status);
        Assert.Equal(MembershipStatus.Invited, invited.StatusBeforeDisabled);
        invited.Reactivate();
        Assert.Equal(MembershipStatus.Invited, invited.Status);
        Assert.Null(invited.StatusBeforeDisabled);
    }

    [Fact]
    public void Disabling_the_last_notified_admin_is_refused_and_leaves_it_unchanged_R_U3()
    {
        var admin = Member(Role.Admin);
        var manager = Member(Role.Manager);
        var error = Assert.Throws<DomainException>(() => admin.Disable([admin, manager]));
        Assert.Equal("last-notified-admin", error.Code);
        Assert.Equal(MembershipStatus.Active, admin.Status);
        Assert.Null(admin.StatusBeforeDisabled);
    }

    [Fact]
    public void An_invited_admin_does_not_count_as_an_active_admin_R_U3()
    {
        var admin = Member(Role.Admin);
        var invitedAdmin = Member(Role.Admin, MembershipStatus.Invited);
        Assert.Throws<DomainException>(() => admin.ChangeRole(Role.Viewer, OrganizationKind.Client, [admin, invitedAdmin]));
        Assert.Equal(Role.Admin, admin.Role);
    }

    [Fact]
    public void Turning_notifications_off_is_allowed_while_another_notified_admin_remains_R_U3()
    {
        var first = Member(Role.Admin);
        var second = Member(Role.Admin);
        first.SetSendNotifications(false, [first, second]);
        Assert.False(first.SendNotifications);
        Assert.Throws<DomainException>(() => second.SetSendNotifications(false, [first, second]));
        Assert.True(second.SendNotifications);
    }

    [Theory]
    [InlineData(Role.OperatorAdmin, OrganizationKind.Contractor, false)]
    [InlineData(Role.Admin, OrganizationKind.Operator, false)]
    [InlineData(Role.ComplianceReviewer, OrganizationKind.Operator, true)]
    [InlineData(Role.Viewer, OrganizationKind.Client, true)]
    public void Operator_roles_exist_only_in_the_operator_organisation(Role role, OrganizationKind kind, bool allowed)
    {
        Assert.Equal(allowed, role.IsAllowedIn(kind));
    }

    [Theory]
    [InlineData(Role.Admin, Permissions.UsersManage, true)]
    [InlineData(Role.Manager, Permissions.UsersManage, false)]
    [InlineData(Role.Manager, Permissions.WorkersManage, true)]
    [InlineData(Role.Manager, Permissions.CredentialsDelete, false)]
    [InlineData(Role.Manager, Permissions.SiteAccessManage, true)]
    [InlineData(Role.Manager, Permissions.AccessRequestsReview, false)]
    [InlineData(Role.Viewer, Permissions.View, true)]
    [InlineData(Role.Viewer, Permissions.WorkersManage, false)]
    [InlineData(Role.Admin, Permissions.RequirementsManage, true)]
    [InlineData(Role.Manager, Permissions.RequirementsManage, false)]
    public void Roles_grant_the_permissions_of_the_spec_table(Role role, string permission, bool granted)
    {
        Assert.Equal(granted, role.Grants(permission));
    }

    [Fact]
    public void An_invitation_works_once_and_only_for_7_days()
    {
        var invitation = new Invitation(Guid.CreateVersion7(Now), Org, Guid.CreateVersion7(Now), InvitationPurpose.OrganizationUser, "hash", Now);
        Assert.True(invitation.IsUsableAt(Now.AddDays(7).AddTicks(-1)));
        Assert.False(invitation.IsUsableAt(Now.AddDays(7)));
        Assert.Equal("invitation-expired", Assert.Throws<DomainException>(() => invitation.Use(Now.AddDays(7))).Code);

        invitation.Use(Now.AddDays(1));
        Assert.Equal("invitation-used", Assert.Throws<DomainException>(() => invitation.Use(Now.AddDays(1))).Code);
    }

    [Fact]
    public void A_revoked_invitation_is_dead()
    {
        var invitation = new Invitation(Guid.CreateVersion7(Now), Org, Guid.CreateVersion7(Now), InvitationPurpose.OrganizationUser, "hash", Now);
        invitation.Revoke(Now);
        Assert.Equal(DomainErrorKind.Gone, Assert.Throws<DomainException>(() => invitation.Use(Now)).Kind);
    }
}

/// <summary>R-W7: who hears about a worker.</summary>
public class NoticeRoutingTests
{
    [Theory]
    [InlineData(SiteReady.Domain.Workers.ManagementMode.SelfManaged, SiteReady.Domain.Workers.NoticeKind.Compliance, true)]
    [InlineData(SiteReady.Domain.Workers.ManagementMode.SelfManaged, SiteReady.Domain.Workers.NoticeKind.Induction, true)]
    [InlineData(SiteReady.Domain.Workers.ManagementMode.EmployerManaged, SiteReady.Domain.Workers.NoticeKind.Induction, true)]
    [InlineData(SiteReady.Domain.Workers.ManagementMode.EmployerManaged, SiteReady.Domain.Workers.NoticeKind.Compliance, false)]
    public void Employer_managed_workers_hear_only_about_inductions_R_W7(SiteReady.Domain.Workers.ManagementMode mode, SiteReady.Domain.Workers.NoticeKind kind, bool toWorker)
    {
        Assert.Equal(toWorker, SiteReady.Domain.Workers.NoticeRouting.GoesToWorker(mode, kind));
        Assert.Equal(!toWorker, SiteReady.Domain.Workers.NoticeRouting.GoesToEmployerAdmins(mode, kind));
    }
}
