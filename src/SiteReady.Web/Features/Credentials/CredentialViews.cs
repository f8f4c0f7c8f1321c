using SiteReady.Domain.Credentials;

namespace SiteReady.Web.Features.Credentials;

public sealed record CredentialSubjectView(CredentialSubject Kind, Guid? WorkerId, Guid CompanyId, string Name, string CompanyName);
public sealed record CredentialTypeView(Guid Id, string Name, CredentialCategory Category);
public sealed record FileView(Guid Id, string FileName, string ContentType, long Size);
public sealed record ApprovalView(Approval Status, string? Reason, DateTimeOffset? ReviewedAt);
public sealed record VersionView(int Number, DateOnly? IssueDate, DateOnly? ExpiryDate, string? CredentialNumber, ApprovalView Approval,
    IReadOnlyList<FileView> Files, DateTimeOffset CreatedAt, Guid CreatedBy);
public sealed record CredentialResponse(Guid Id, CredentialSubjectView Subject, CredentialTypeView CredentialType, bool Archived, CredentialStatus Status,
    bool ExpiringSoon, VersionView LatestVersion);
public sealed record CredentialRow(Guid Id, CredentialSubjectView Subject, CredentialTypeView CredentialType, bool Archived, CredentialStatus Status,
    bool ExpiringSoon, int LatestVersion, DateOnly? IssueDate, DateOnly? ExpiryDate, string? CredentialNumber);
public sealed record ActivityView(DateTimeOffset At, Guid By, string ByName, string Action, int? Version, string? Field, string? From, string? To);

public static class CredentialViews
{
    public static VersionView ToView(CredentialVersion v) =>
        new(v.Number, v.IssueOn, v.ExpiryOn, v.CredentialNumber, new ApprovalView(v.Approval, v.RejectReason, v.ReviewedAt),
            v.StoredFiles.Select(f => new FileView(f.Id, f.FileName, f.ContentType, f.Size)).ToList(), v.CreatedAt, v.CreatedByUserId);
}
