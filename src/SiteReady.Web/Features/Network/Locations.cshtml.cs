using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Features.Accounts;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.Network;

/// <summary>A client's Locations (its sites): everyone who can view sees them; adding needs requirements.manage (Admins).</summary>
[Authorize(Policy = Policies.Org + Permissions.View)]
public sealed class LocationsModel(Locations locations, AppDb db, Actor actor) : PageModel
{
    public const int PageSize = 50;

    public sealed class LocationForm
    {
        public string? Name { get; set; }
        public string? Address { get; set; }
        public string? TimeZone { get; set; }
        public string? CheckInMethod { get; set; } = "app";
    }

    [FromRoute] public Guid OrgId { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    [BindProperty] public LocationForm Input { get; set; } = new();

    public PageOf<LocationResponse> Result { get; private set; } = new([], 1, PageSize, 0);
    public bool CanManage => actor.Role?.Grants(Permissions.RequirementsManage) == true;
    public Pager Pager => new(Result.Page, Result.PageSize, Result.Total,
        page => page > 1 ? $"/orgs/{OrgId}/locations?p={page}" : $"/orgs/{OrgId}/locations");
    public static IReadOnlyList<string> TimeZones => SignUpModel.TimeZones;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (actor.OrganizationKind != OrganizationKind.Client) return NotFound();
        // New sites are most often in the organisation's own time zone.
        Input.TimeZone = await db.Organizations.Where(o => o.Id == OrgId).Select(o => o.TimeZone).SingleAsync(ct);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (actor.OrganizationKind != OrganizationKind.Client) return NotFound();
        if (!CanManage) return Forbid();
        try
        {
            var added = await locations.AddAsync(new LocationRequest(Input.Name, Input.Address, Input.TimeZone, Input.CheckInMethod), ct);
            TempData["Flash"] = $"{added.Name} was added.";
            return Redirect($"/orgs/{OrgId}/locations");
        }
        catch (RequestValidationException ex)
        {
            ModelState.AddFieldErrors(ex, nameof(Input), typeof(LocationForm));
        }
        catch (DomainException ex)
        {
            ModelState.AddRefusal(ex);
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Result = await locations.ListAsync(Math.Max(1, PageNumber ?? 1), PageSize, ct);
}
