using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Web.Features.Users;

/// <summary>
/// Changes to one user (users.manage). The list's buttons post here and come back with a message; GET
/// shows the same actions on their own page, which is also the confirmation step without script.
/// A user of another organisation is not found (the tenant filter hides it): 404.
/// </summary>
[Authorize(Policy = Policies.Org + Permissions.UsersManage)]
public sealed class ManageUserModel(OrganizationUsers users, Actor actor) : PageModel
{
    [FromRoute] public Guid OrgId { get; set; }
    [FromRoute] public Guid UserId { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty(SupportsGet = true)] public string? Confirm { get; set; }

    public UserResponse Person { get; private set; } = null!;
    public string PersonName => $"{Person.FirstName} {Person.LastName}".Trim() is { Length: > 0 } n ? n : Person.Email;
    public bool IsSelf => UserId == actor.UserId;
    public IReadOnlyList<Role> Roles => Enum.GetValues<Role>().Where(r => r.IsAllowedIn(actor.OrganizationKind ?? OrganizationKind.Contractor)).ToList();
    public string BackUrl => Url.IsLocalUrl(ReturnUrl) && ReturnUrl.StartsWith($"/orgs/{OrgId}/", StringComparison.OrdinalIgnoreCase) ? ReturnUrl : $"/orgs/{OrgId}/users";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Person = await users.GetAsync(UserId, ct);
            return Page();
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return NotFound();
        }
    }

    public Task<IActionResult> OnPostRoleAsync(string? role, CancellationToken ct) =>
        ChangeAsync(() => users.UpdateAsync(UserId, new UpdateUserRequest(Role: role), ct),
            u => $"{Name(u)} is now {RoleNames.Display(u.Role)}.", "The role was not changed");

    public Task<IActionResult> OnPostNotificationsAsync(bool on, CancellationToken ct) =>
        ChangeAsync(() => users.UpdateAsync(UserId, new UpdateUserRequest(SendNotifications: on), ct),
            u => $"Notifications for {Name(u)} are {(u.SendNotifications ? "on" : "off")}.",
            on ? "Notifications were not turned on" : "Notifications were not turned off");

    public Task<IActionResult> OnPostDisableAsync(CancellationToken ct) =>
        ChangeAsync(() => users.DisableAsync(UserId, ct), u => $"{Name(u)} has been disabled.", "The user was not disabled");

    public Task<IActionResult> OnPostReactivateAsync(CancellationToken ct) =>
        ChangeAsync(() => users.ReactivateAsync(UserId, ct), u => $"{Name(u)} has been reactivated ({u.Status}).", "The user was not reactivated");

    public Task<IActionResult> OnPostResendAsync(CancellationToken ct) =>
        ChangeAsync(() => users.ResendInvitationAsync(UserId, ct), u => $"A new invitation has been sent to {u.Email}. The previous link no longer works.", "No invitation was sent");

    private async Task<IActionResult> ChangeAsync(Func<Task<UserResponse>> change, Func<UserResponse, string> done, string refused)
    {
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
        catch (RequestValidationException ex)
        {
            TempData["FlashError"] = $"{refused}: {FormErrors.Describe(ex)}";
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData["FlashError"] = $"{refused}: someone else changed this organisation's users at the same moment. Check the list and try again.";
        }
        return LocalRedirect(BackUrl);
    }

    private static string Name(UserResponse u) => $"{u.FirstName} {u.LastName}".Trim() is { Length: > 0 } n ? n : u.Email;
}
