using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SiteReady.Domain;
using SiteReady.Domain.Credentials;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Web.Features.Imports;

/// <summary>
/// Where a running import stands, as the page shows it and its script polls it: one sentence and the bar's value
/// and maximum (no maximum while the number of rows is not known yet: the bar is then indeterminate).
/// </summary>
public sealed record ImportProgressView(string Status, bool Finished, int? Value, int? Max, string Text)
{
    public static ImportProgressView Of(CredentialImportResponse import)
    {
        var status = JsonNames.Camel(import.Status.ToString());
        var processed = import.ProcessedRows;
        var total = import.TotalRows;
        return import.Status switch
        {
            ImportStatus.Queued => new(status, false, null, null, "Waiting to start…"),
            ImportStatus.Succeeded => new(status, true, total ?? 0, Math.Max(1, total ?? 0), $"Done: {Rows(total ?? processed)} {(import.DryRun ? "checked" : "imported")}."),
            ImportStatus.Failed => new(status, true, total is null ? null : Math.Min(processed, total.Value), total is null ? null : Math.Max(1, total.Value),
                total is null ? "Stopped." : $"Checked {Rows(total.Value)}."),
            _ => import.Phase switch
            {
                ImportPhase.StoringFiles => new(status, false, null, null, $"Storing the files from the ZIP: {N(processed)} stored so far."),
                ImportPhase.Writing when total is not null => new(status, false, Math.Min(processed, total.Value), Math.Max(1, total.Value),
                    $"Writing the credentials: {N(processed)} of {Rows(total.Value)}."),
                _ when total is not null => new(status, false, Math.Min(processed, total.Value), Math.Max(1, total.Value), $"Checking the rows: {N(processed)} of {Rows(total.Value)}."),
                _ => new(status, false, null, null, $"Checking the rows: {Rows(processed)} checked so far."),
            },
        };
    }

    public static string Rows(int count) => $"{N(count)} {(count == 1 ? "row" : "rows")}";
    private static string N(int count) => count.ToString("N0", CultureInfo.InvariantCulture);
}

/// <summary>
/// An import's report (R-K8): its progress while it runs (the page's script polls <c>?handler=progress</c>; without
/// script a Refresh link), then what a clean check found or the import did, or every bad row with its row, column
/// and problem. Another organisation's import is 404, as in the API.
/// </summary>
[Authorize(Policy = Policies.Org + Permissions.View)]
public sealed class ImportReportModel(GetCredentialImports get, Actor actor) : PageModel
{
    public static string PathFor(Guid orgId, Guid importId) => $"/orgs/{orgId}/credentials/imports/{importId}";

    [FromRoute] public Guid OrgId { get; set; }
    [FromRoute] public Guid ImportId { get; set; }
    public CredentialImportResponse Import { get; private set; } = null!;
    public ImportProgressView Progress => ImportProgressView.Of(Import);
    public bool CanManage => actor.Role?.Grants(Permissions.CredentialsManage) == true;
    public string PagePath => PathFor(OrgId, ImportId);
    public string CredentialsPath => $"/orgs/{OrgId}/credentials";
    /// <summary>A clean check offers the import, with the same date format, from a form under the report.</summary>
    public ImportForm Form => new(OrgId, new ImportInput { DateFormat = Import.DateFormat }, ImportFirst: true, ChooseFilesAgain: false);

    /// <summary>A few words for a list of imports.</summary>
    public static string StatusText(CredentialImportResponse i) => i.Status switch
    {
        ImportStatus.Queued => "waiting to start",
        ImportStatus.Running => "running",
        ImportStatus.Succeeded => i.DryRun ? $"no problems in {ImportProgressView.Rows(i.TotalRows ?? 0)}" : $"{ImportProgressView.Rows(i.TotalRows ?? 0)} imported",
        _ => i.ErrorCount == 1 ? "1 problem" : i.ErrorCount.ToString("N0", CultureInfo.InvariantCulture) + " problems",
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing) return missing;
        return Page();
    }

    /// <summary>The progress as JSON for the page's script (the API itself takes bearer tokens, the page a cookie).</summary>
    public async Task<IActionResult> OnGetProgressAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing) return missing;
        Response.Headers.CacheControl = "no-store";
        return new JsonResult(Progress);
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (actor.OrganizationKind != OrganizationKind.Contractor) return NotFound();
        try
        {
            Import = await get.GetAsync(ImportId, ct);
            return null;
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return NotFound();
        }
    }
}
