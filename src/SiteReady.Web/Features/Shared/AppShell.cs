using Microsoft.EntityFrameworkCore;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Platform.Authorization;

namespace SiteReady.Web.Features.Shared;

public sealed record NavLink(string Text, string Href, bool IsCurrent);
public sealed record NavGroup(string? Heading, IReadOnlyList<NavLink> Links);
public sealed record OrganizationLink(string Name, OrganizationKind Kind, string Href, bool IsCurrent);

/// <summary>What the layout shows a signed-in person: who they are, where they are, where they can go.</summary>
public sealed record ShellView(
    string PersonName, string Email, CrossTenant.MembershipView? Current,
    IReadOnlyList<OrganizationLink> Organizations, IReadOnlyList<NavGroup> Navigation);

/// <summary>
/// Builds the layout's navigation for the current request, once. The menu follows the current
/// organisation's kind and lists only what is built; the organisation comes from the route.
/// </summary>
public sealed class AppShell(AppDb db, IHttpContextAccessor http)
{
    private ShellView? _view;
    private bool _loaded;

    public static string HomeOf(CrossTenant.MembershipView membership) =>
        membership.Kind == OrganizationKind.Operator ? "/operator/organizations" : $"/orgs/{membership.OrganizationId}";

    public async Task<ShellView?> LoadAsync()
    {
        if (_loaded) return _view;
        _loaded = true;
        var context = http.HttpContext;
        if (context?.User.UserId() is not { } userId) return null;

        var person = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.FirstName, u.LastName, u.Email }).SingleOrDefaultAsync(context.RequestAborted);
        if (person is null) return null;
        var active = (await db.MembershipsOfAsync(userId, context.RequestAborted))
            .Where(m => m.Status == MembershipStatus.Active).ToList();

        CrossTenant.MembershipView? current = null;
        if (context.GetRouteValue("orgId") is string raw && Guid.TryParse(raw, out var orgId))
            current = active.FirstOrDefault(m => m.OrganizationId == orgId);
        else if (context.Request.Path.StartsWithSegments("/operator"))
            current = active.FirstOrDefault(m => m.Kind == OrganizationKind.Operator);

        var path = context.Request.Path.Value ?? "/";
        var name = $"{person.FirstName} {person.LastName}".Trim();
        _view = new ShellView(
            name.Length > 0 ? name : person.Email ?? "",
            person.Email ?? "",
            current,
            active.Select(m => new OrganizationLink(m.OrganizationName, m.Kind, HomeOf(m), m.OrganizationId == current?.OrganizationId)).ToList(),
            current is null ? [] : NavigationFor(current, path));
        return _view;
    }

    // Only built features appear; later features add their entries here.
    private static List<NavGroup> NavigationFor(CrossTenant.MembershipView org, string path)
    {
        var home = $"/orgs/{org.OrganizationId}";
        bool Under(string prefix) => path.Equals(prefix, StringComparison.OrdinalIgnoreCase)
            || path.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase);
        // A page below another menu entry (access requests under Users) marks that entry as current.
        NavLink Link(string text, string href, bool exact = false, string? also = null) =>
            new(text, href, exact ? string.Equals(path.TrimEnd('/'), href, StringComparison.OrdinalIgnoreCase)
                                  : Under(href) || (also is not null && Under(also)));
        return org.Kind switch
        {
            OrganizationKind.Contractor =>
            [
                new(null, [Link("Dashboard", home, exact: true)]),
                new("My team", [Link("Workers", home + "/workers"), Link("Users", home + "/users", also: home + "/access-requests")]),
                new(null, [Link("Credentials", home + "/credentials"), Link("My network", home + "/network")]),
            ],
            OrganizationKind.Client =>
            [
                new(null, [Link("Home", home, exact: true)]),
                // A network credential opens at /credentials/{id}, under Worker credentials.
                new("My network", [Link("Companies", home + "/network/companies"), Link("Worker credentials", home + "/network/credentials", also: home + "/credentials")]),
                new(null, [Link("Locations", home + "/locations")]),
                new("Settings", [Link("Users", home + "/users", also: home + "/access-requests")]),
            ],
            _ => [new(null, OperatorLinks(org.Role, Link))],
        };
    }

    private static List<NavLink> OperatorLinks(Role role, Func<string, string, bool, string?, NavLink> link)
    {
        var links = new List<NavLink>();
        if (role is Role.OperatorAdmin or Role.ComplianceReviewer) links.Add(link("Verification queue", "/operator/verification", false, null));
        if (role is Role.OperatorAdmin or Role.CustomerCare) links.Add(link("Transfers", "/operator/transfers", false, null));
        links.Add(link("Organisations", "/operator/organizations", false, null));
        return links;
    }
}
