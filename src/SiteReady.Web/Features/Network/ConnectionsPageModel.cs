using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Network;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Features.Accounts;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.Network;

/// <summary>
/// My network, seen from one side: a contractor's clients (<see cref="ClientsModel"/>) or a client's
/// contractors (<see cref="CompaniesModel"/>). Ask to connect (chosen from the public directory), accept
/// the other side's request, disconnect with a reason; all through <see cref="Connections"/>.
/// </summary>
public abstract class ConnectionsPageModel(Connections connections, AppDb db, Actor actor) : PageModel
{
    public const int DirectoryPageSize = 200;

    /// <summary>The kind of organisation this page belongs to.</summary>
    public abstract OrganizationKind Side { get; }
    /// <summary>What changing connections needs on this side (the API's policy for the same calls).</summary>
    protected abstract string ManagePermission { get; }
    public abstract string PagePath { get; }
    public OrganizationKind OtherKind => Side == OrganizationKind.Contractor ? OrganizationKind.Client : OrganizationKind.Contractor;
    /// <summary>"client" or "contractor", for sentences.</summary>
    public string Other => OtherKind.ToString().ToLowerInvariant();

    [FromRoute] public Guid OrgId { get; set; }
    /// <summary>Narrows the directory of organisations to connect to.</summary>
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    /// <summary>The connection being disconnected: the confirmation step without script, or after an error.</summary>
    [BindProperty(SupportsGet = true, Name = "disconnect")] public Guid? DisconnectId { get; set; }
    /// <summary>The organisation to connect to; posted as "organisation" so an error reads "Organisation: …".</summary>
    [BindProperty(Name = "organisation")] public Guid? OtherId { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public IReadOnlyList<ConnectionResponse> Items { get; private set; } = [];
    public IReadOnlyList<DirectoryEntry> Directory { get; private set; } = [];
    public int DirectoryTotal { get; private set; }
    public bool CanManage => actor.Role?.Grants(ManagePermission) == true;
    protected OrganizationKind? ActingKind => actor.OrganizationKind;
    public ConnectionResponse? Disconnecting => Items.FirstOrDefault(c => c.ConnectionId == DisconnectId && c.Status != ConnectionStatus.Disconnected);

    public virtual async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (actor.OrganizationKind != Side) return NotFound();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostConnectAsync(CancellationToken ct)
    {
        if (actor.OrganizationKind != Side) return NotFound();
        if (!CanManage) return Forbid();
        try
        {
            var connection = await connections.RequestAsync(OtherId, "organisation", ct);
            TempData["Flash"] = connection.Status == ConnectionStatus.Connected
                ? $"You are now connected to {connection.Name}."
                : $"Request sent to {connection.Name}. You are connected once they accept.";
            return LocalRedirect(PagePath);
        }
        catch (RequestValidationException ex)
        {
            foreach (var message in ex.Errors.SelectMany(e => e.Value)) ModelState.AddModelError("organisation", message);
        }
        catch (DomainException ex)
        {
            ModelState.AddRefusal(ex);
        }
        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostAcceptAsync(Guid connectionId, CancellationToken ct) =>
        ChangeAsync(() => connections.AcceptAsync(connectionId, ct, Side), c => $"You are now connected to {c.Name}.", "The connection was not accepted");

    public async Task<IActionResult> OnPostDisconnectAsync(Guid connectionId, CancellationToken ct)
    {
        if (actor.OrganizationKind != Side) return NotFound();
        if (!CanManage) return Forbid();
        try
        {
            var connection = await connections.DisconnectAsync(connectionId, new DisconnectRequest(Reason), ct, Side);
            TempData["Flash"] = $"You are no longer connected to {connection.Name}.";
            return LocalRedirect(PagePath);
        }
        catch (RequestValidationException ex)
        {
            foreach (var message in ex.Errors.SelectMany(e => e.Value)) ModelState.AddModelError(nameof(Reason), message);
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            TempData["FlashError"] = $"The connection was not ended: {ex.Message}";
            return LocalRedirect(PagePath);
        }
        DisconnectId = connectionId;
        await LoadAsync(ct);
        return Page();
    }

    private async Task<IActionResult> ChangeAsync(Func<Task<ConnectionResponse>> change, Func<ConnectionResponse, string> done, string refused)
    {
        if (actor.OrganizationKind != Side) return NotFound();
        if (!CanManage) return Forbid();
        try
        {
            TempData["Flash"] = done(await change());
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return NotFound();
        }
        catch (DomainException ex)
        {
            TempData["FlashError"] = $"{refused}: {ex.Message}";
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData["FlashError"] = $"{refused}: the other organisation changed it at the same moment. Try again.";
        }
        return LocalRedirect(PagePath);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Items = (await connections.ListAsync(null, 1, Paging.MaxPageSize, ct)).Items;
        var directory = await AccountEndpoints.ListDirectoryAsync(db, Other, Search, 1, DirectoryPageSize, ct);
        // Offer only organisations there is nothing open with yet.
        var open = Items.Where(c => c.Status != ConnectionStatus.Disconnected).Select(c => c.OrganizationId).ToHashSet();
        Directory = directory.Items.Where(o => !open.Contains(o.Id)).ToList();
        DirectoryTotal = directory.Total;
    }
}
