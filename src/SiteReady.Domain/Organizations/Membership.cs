namespace SiteReady.Domain.Organizations;

public enum MembershipStatus { Invited, Active, Disabled }

/// <summary>A person's role in one organisation (R-U2, R-U3).</summary>
public class Membership : ITenantOwned
{
    private Membership() { }

    public Membership(Guid id, Guid organizationId, Guid userId, Role role, MembershipStatus status, DateTimeOffset createdAt)
    {
        Id = id;
        OrganizationId = organizationId;
        UserId = userId;
        Role = role;
        Status = status;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid UserId { get; private set; }
    public Role Role { get; private set; }
    public MembershipStatus Status { get; private set; }
    /// <summary>The status to return to on reactivation (R-U2).</summary>
    public MembershipStatus? StatusBeforeDisabled { get; private set; }
    public bool SendNotifications { get; private set; } = true;
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ActivatedAt { get; private set; }
    public int Version { get; set; }

    /// <summary>Counts toward R-U3's "at least one Active Admin with notifications on".</summary>
    public bool IsNotifiedActiveAdmin => Status == MembershipStatus.Active && Role is Role.Admin or Role.OperatorAdmin && SendNotifications;

    public void Activate(DateTimeOffset now)
    {
        if (Status == MembershipStatus.Disabled)
            throw new DomainException("user-disabled", "This user has been disabled.", DomainErrorKind.Conflict);
        if (Status == MembershipStatus.Active) return;
        Status = MembershipStatus.Active;
        ActivatedAt = now;
    }

    public void ChangeRole(Role role, OrganizationKind kind, IReadOnlyCollection<Membership> organizationMembers)
    {
        if (!role.IsAllowedIn(kind))
            throw new DomainException("role-not-allowed", $"The role {role} is not available in this organisation.", DomainErrorKind.Invalid);
        if (role == Role) return;
        var before = Role;
        Role = role;
        GuardLastNotifiedAdmin(organizationMembers, () => Role = before);
    }

    public void SetSendNotifications(bool on, IReadOnlyCollection<Membership> organizationMembers)
    {
        if (on == SendNotifications) return;
        SendNotifications = on;
        GuardLastNotifiedAdmin(organizationMembers, () => SendNotifications = !on);
    }

    /// <summary>R-U2: any status → Disabled, remembering where it came from. Disabling twice is harmless.</summary>
    public void Disable(IReadOnlyCollection<Membership> organizationMembers)
    {
        if (Status == MembershipStatus.Disabled) return;
        var before = Status;
        StatusBeforeDisabled = before;
        Status = MembershipStatus.Disabled;
        GuardLastNotifiedAdmin(organizationMembers, () => { Status = before; StatusBeforeDisabled = null; });
    }

    /// <summary>R-U2: reactivation returns the state the user had before being disabled.</summary>
    public void Reactivate()
    {
        if (Status != MembershipStatus.Disabled) return;
        Status = StatusBeforeDisabled ?? MembershipStatus.Active;
        StatusBeforeDisabled = null;
    }

    // R-U3: the change is applied, checked against the whole organisation, and undone if it breaks the rule.
    private void GuardLastNotifiedAdmin(IReadOnlyCollection<Membership> organizationMembers, Action undo)
    {
        if (organizationMembers.Any(m => m.IsNotifiedActiveAdmin)) return;
        undo();
        throw new DomainException("last-notified-admin",
            "The organisation must keep at least one Active Admin with notifications on.", DomainErrorKind.Conflict);
    }
}
