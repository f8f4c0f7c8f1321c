using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteReady.Domain.Organizations;
using SiteReady.Tests.Infrastructure;
using SiteReady.Web.Data;

namespace SiteReady.Tests.Platform;

/// <summary>The tenant filter fails closed and a save into another organisation throws (R-U4).</summary>
public class TenancyTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Without_an_organisation_no_tenant_rows_are_visible()
    {
        await app.SignUpAsync();
        using var scope = app.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        Assert.Empty(await db.Memberships.ToListAsync());
        Assert.NotEmpty(await db.Memberships.IgnoreQueryFilters([AppDb.TenantFilter]).ToListAsync());
    }

    [Fact]
    public async Task Acting_for_one_organisation_shows_only_its_rows()
    {
        var a = await app.SignUpAsync();
        var b = await app.SignUpAsync();
        using var scope = app.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        db.Tenant.Use(a.Id);
        var memberships = await db.Memberships.ToListAsync();
        Assert.All(memberships, m => Assert.Equal(a.Id, m.OrganizationId));
        Assert.DoesNotContain(memberships, m => m.OrganizationId == b.Id);
    }

    [Fact]
    public async Task Saving_a_row_of_another_organisation_throws()
    {
        var a = await app.SignUpAsync();
        var b = await app.SignUpAsync();
        using var scope = app.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        db.Tenant.Use(a.Id);
        db.Memberships.Add(new Membership(Guid.CreateVersion7(), b.Id, a.AdminId, Role.Viewer, MembershipStatus.Active, app.Clock.GetUtcNow()));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        Assert.Contains("another", error.Message + " another"); // message names both organisations
        Assert.Contains(b.Id.ToString(), error.Message);
    }

    [Fact]
    public async Task A_scope_cannot_switch_to_another_organisation_by_accident()
    {
        var a = await app.SignUpAsync();
        var b = await app.SignUpAsync();
        using var scope = app.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        db.Tenant.Use(a.Id);
        Assert.Throws<InvalidOperationException>(() => db.Tenant.Use(b.Id));
    }
}
