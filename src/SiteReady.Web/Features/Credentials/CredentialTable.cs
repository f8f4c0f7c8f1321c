namespace SiteReady.Web.Features.Credentials;

/// <summary>
/// What <c>_CredentialTable.cshtml</c> shows: credential rows with their status badges, each linking to its page.
/// Sortable columns link to <paramref name="SortUrl"/> with ListCredentials' sort names.
/// </summary>
public sealed record CredentialTable(
    string Id, string Caption, IReadOnlyList<CredentialRow> Rows, Func<CredentialRow, string> Href,
    bool ShowSubject = true, bool ShowCompany = false, string? Sort = null, Func<string, string>? SortUrl = null,
    string Empty = "No credentials yet.", string? EmptyLinkText = null, string? EmptyLinkHref = null)
{
    /// <summary>The header's sort state for <paramref name="column"/>: null when the list is sorted by another column.</summary>
    public string? AriaSort(string column) =>
        (Sort ?? "expiryDate") == column ? "ascending" : Sort == "-" + column ? "descending" : null;

    /// <summary>Clicking a sorted column reverses it; any other column sorts ascending.</summary>
    public string NextSort(string column) => (Sort ?? "expiryDate") == column ? "-" + column : column;
}

/// <summary>
/// What <c>_VersionPanel.cshtml</c> shows of one version: its files (images in the page, other files to download)
/// beside its details and approval. <paramref name="AddVersionUrl"/> is offered when a replacement is needed.
/// </summary>
public sealed record VersionPanel(
    CredentialResponse Credential, VersionView Version, int VersionCount, Func<VersionView, FileView, bool, string> FileUrl,
    string? UploadedBy = null, string? AddVersionUrl = null)
{
    public bool IsLatest => Version.Number == Credential.LatestVersion.Number;

    /// <summary>JPEG and PNG are shown in the page from our own origin; PDF and HEIC are downloaded.</summary>
    public static bool ShowsInline(FileView file) => file.ContentType is "image/jpeg" or "image/png";

    public static string Kind(FileView file) => file.ContentType switch
    {
        "application/pdf" => "PDF",
        "image/heic" or "image/heif" => "HEIC",
        "image/png" => "PNG",
        _ => "JPEG",
    };
}
