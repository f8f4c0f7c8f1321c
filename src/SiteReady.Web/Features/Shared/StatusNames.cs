using System.Globalization;
using SiteReady.Domain.Accounts;
using SiteReady.Domain.Credentials;
using SiteReady.Domain.Network;
using SiteReady.Domain.Workers;

namespace SiteReady.Web.Features.Shared;

/// <summary>How pages name statuses and choices; the API keeps its camelCase values.</summary>
public static class StatusNames
{
    public static string Display(ManagementMode mode) => mode switch
    {
        ManagementMode.SelfManaged => "Self managed",
        _ => "Employer managed",
    };

    public static string Display(AccessRequestStatus status) => status switch
    {
        AccessRequestStatus.AccessRequested => "Access requested",
        AccessRequestStatus.Accepted => "Access request accepted",
        _ => "Access request declined",
    };

    public static string Display(DeclineReason reason) => reason switch
    {
        DeclineReason.NotAnEmployee => "Not an employee",
        DeclineReason.WrongOrganization => "Wrong organisation chosen (e.g. the client instead of the employer)",
        DeclineReason.DuplicateRequest => "Duplicate request",
        DeclineReason.NoLongerEmployed => "No longer employed",
        _ => "Other",
    };

    public static string Display(ConnectionStatus status) => status switch
    {
        ConnectionStatus.Requested => "Requested",
        ConnectionStatus.Connected => "Connected",
        _ => "Disconnected",
    };

    public static string Display(TransferStatus status) => status switch
    {
        TransferStatus.Open => "Open",
        TransferStatus.WorkerApproved => "Worker approved",
        TransferStatus.Completed => "Completed",
        _ => "Rejected",
    };

    public static string Display(CheckInMethod method) => method switch
    {
        CheckInMethod.App => "Check-in app",
        CheckInMethod.External => "External system",
        _ => "No check-in",
    };

    /// <summary>R-K3's statuses as the seed articles name them.</summary>
    public static string Display(CredentialStatus status) => status switch
    {
        CredentialStatus.Pending => "Pending",
        CredentialStatus.Verified => "Verified",
        CredentialStatus.NotAccepted => "Not accepted",
        _ => "Expired",
    };

    public static string Display(Approval approval) => approval switch
    {
        Approval.Pending => "Pending",
        Approval.Verified => "Verified",
        _ => "Not accepted",
    };

    /// <summary>A calendar date as people read it: 15 Jan 2027.</summary>
    public static string Date(DateOnly? date, string none = "Not given") =>
        date?.ToString("d MMM yyyy", CultureInfo.InvariantCulture) ?? none;

    /// <summary>An instant, in UTC: 15 Jan 2027 09:30 UTC.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>A file size in B, KB or MB.</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => (bytes / 1024.0 / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
    };

    /// <summary>The CSS badge class of a status: <c>badge-accessrequested</c>, <c>badge-workerapproved</c>.</summary>
    public static string Badge(Enum status) => "badge badge-" + status.ToString().ToLowerInvariant();

    public static string PersonName(string? firstName, string? lastName, string email) =>
        $"{firstName} {lastName}".Trim() is { Length: > 0 } name ? name : email;
}
