using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SiteReady.Domain;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Features.Credentials;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Web.Features.Imports;

/// <summary>What the import form shows again after a refusal; the form posts under the API's field names (csv, media, dateFormat).</summary>
public sealed class ImportInput
{
    public string? CsvFile { get; set; }
    public string? ZipFile { get; set; }
    public string? DateFormat { get; set; }
}

/// <summary>The upload form, on the import page and under a clean check's report.</summary>
public sealed record ImportForm(Guid OrgId, ImportInput Input, bool ImportFirst, bool ChooseFilesAgain)
{
    public string Action => $"/orgs/{OrgId}/credentials/import";
}

/// <summary>
/// Credentials › Import CSV (R-K8): a CSV of credentials and a ZIP of their files, checked first ("Check file", a dry
/// run) or imported, through StartCredentialImport as the API does. The body is streamed, not bound, so the page is
/// <c>[IgnoreAntiforgeryToken]</c> and checks the token once the form is read, before anything is stored.
/// </summary>
[Authorize(Policy = Policies.Org + Permissions.CredentialsManage)]
[IgnoreAntiforgeryToken]
public sealed class ImportCredentialsModel(
    StartCredentialImport start, GetCredentialImports imports, CredentialTypes types, Actor actor, IAntiforgery antiforgery) : PageModel
{
    public const int RecentImports = 5;

    // Nothing is bound (binding would read the whole form into memory first); the route gives the organisation.
    public Guid OrgId => RouteData.Values.TryGetValue("orgId", out var value) && Guid.TryParse(value?.ToString(), out var id) ? id : Guid.Empty;
    public ImportInput Input { get; private set; } = new();
    public bool ChooseFilesAgain { get; private set; }
    public IReadOnlyList<CredentialTypeResponse> Types { get; private set; } = [];
    public IReadOnlyList<CredentialImportResponse> Recent { get; private set; } = [];
    public ImportForm Form => new(OrgId, Input, ImportFirst: false, ChooseFilesAgain);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (actor.OrganizationKind != OrganizationKind.Contractor) return NotFound();
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The header row of the format, as a file to fill in (UTF-8 with a BOM, so spreadsheets read it as UTF-8).</summary>
    public IActionResult OnGetTemplate()
    {
        if (actor.OrganizationKind != OrganizationKind.Contractor) return NotFound();
        var csv = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(string.Join(",", ImportCsv.ColumnNames) + "\r\n")).ToArray();
        return File(csv, "text/csv; charset=utf-8", "credential-import-template.csv");
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (actor.OrganizationKind != OrganizationKind.Contractor) return NotFound();
        var ct = HttpContext.RequestAborted;
        try
        {
            var import = await start.HandleAsync(Request, async form =>
            {
                await antiforgery.ValidateRequestAsync(HttpContext);
                return form.Field("dryRun") != "false"; // "Check file" unless "Import" was pressed
            }, ct);
            return LocalRedirect(ImportReportModel.PathFor(OrgId, import.Id));
        }
        catch (AntiforgeryValidationException)
        {
            return BadRequest();
        }
        catch (RequestValidationException ex)
        {
            ModelState.AddFieldErrors(ForForm(ex), nameof(Input), typeof(ImportInput));
        }
        catch (DomainException ex)
        {
            ModelState.AddRefusal(ex);
        }
        // The date format was read before any refusal; a browser cannot keep chosen files, so they are asked for again.
        var fields = HttpContext.Features.Get<IFormFeature>()?.Form;
        Input = new ImportInput { DateFormat = fields?["dateFormat"].ToString() is { Length: > 0 } format ? format : null };
        ChooseFilesAgain = true;
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The use case names the API's fields; the form shows them as CsvFile, ZipFile and DateFormat.</summary>
    private static RequestValidationException ForForm(RequestValidationException ex) => new(ex.Errors.ToDictionary(
        e => e.Key switch { "csv" => nameof(ImportInput.CsvFile), "media" => nameof(ImportInput.ZipFile), _ => e.Key },
        e => e.Value));

    private async Task LoadAsync(CancellationToken ct)
    {
        Types = await types.ListAsync(ct);
        Recent = (await imports.ListAsync(1, RecentImports, ct)).Items;
    }
}
