using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using SiteReady.Domain;
using SiteReady.Domain.Accounts;
using SiteReady.Web.Data;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Http;

namespace SiteReady.Web.Features.Accounts;

/// <summary>Self-registration (R-A1): the person picks their employer from the public directory and asks for access.</summary>
[AllowAnonymous, EnableRateLimiting(AccountEndpoints.AuthRateLimit)]
public sealed class RegisterModel(Register register, AppDb db) : PageModel
{
    public const int DirectoryPageSize = 200;

    public sealed class RegisterForm
    {
        public Guid? EmployerId { get; set; }
        public string? RequestedRole { get; set; } = "worker";
        public string? FirstName { get; set; }
        public string? LastName { get; set; }
        public string? Email { get; set; }
        public string? Mobile { get; set; }
        public string? Password { get; set; }
    }

    [BindProperty] public RegisterForm Input { get; set; } = new();
    /// <summary>Narrows the employer list; a separate GET form so typing a search never loses the main form.</summary>
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    public PageOf<DirectoryEntry> Directory { get; private set; } = new([], 1, DirectoryPageSize, 0);

    public static IReadOnlyList<(string Value, string Text)> Roles { get; } = Enum.GetValues<RequestedRole>()
        .OrderBy(r => r == RequestedRole.Worker ? 0 : 1)
        .Select(r => (JsonNames.Camel(r.ToString()), r switch
        {
            RequestedRole.Worker => "A worker who goes to sites",
            RequestedRole.Admin => "An administrator of the organisation",
            RequestedRole.Manager => "A manager (office staff who manage workers)",
            _ => "Office staff who only need to look",
        })).ToList();

    public async Task OnGetAsync(CancellationToken ct) => await LoadDirectoryAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            await register.HandleAsync(new RegisterRequest(Input.Email, Input.FirstName, Input.LastName, Input.Password,
                Input.Mobile, Input.EmployerId, Input.RequestedRole), ct);
            TempData["Flash"] = "Thanks. Your request has been sent: an administrator of your employer will review it. You can sign in now.";
            return Redirect("/login?email=" + Uri.EscapeDataString(Input.Email?.Trim() ?? ""));
        }
        catch (RequestValidationException ex)
        {
            ModelState.AddFieldErrors(ex, nameof(Input), typeof(RegisterForm));
        }
        catch (DomainException ex)
        {
            ModelState.AddRefusal(ex);
        }
        Input.Password = null;
        await LoadDirectoryAsync(ct);
        return Page();
    }

    private async Task LoadDirectoryAsync(CancellationToken ct)
    {
        Directory = await AccountEndpoints.ListDirectoryAsync(db, null, Search, 1, DirectoryPageSize, ct);
        // Keep a chosen employer selectable even when the current search hides it.
        if (Input.EmployerId is { } chosen && Directory.Items.All(o => o.Id != chosen))
        {
            var all = await AccountEndpoints.ListDirectoryAsync(db, null, null, 1, Paging.MaxPageSize, ct);
            if (all.Items.FirstOrDefault(o => o.Id == chosen) is { } entry)
                Directory = Directory with { Items = [entry, .. Directory.Items] };
        }
    }
}
