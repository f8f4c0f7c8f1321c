using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SiteReady.Tests.Infrastructure;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Tests.Platform;

/// <summary>
/// When PostgreSQL gives up one of two colliding transactions (a deadlock, or a serialization failure) nothing of it
/// was saved: the API says so with 409 and "try again", as for any concurrent change, never a 500.
/// </summary>
public sealed class WriteCollisionTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        _app = builder.Build();
        _app.UseExceptionHandler();
        // As Npgsql raises them: bare from a raw command, or inside EF Core's DbUpdateException from a save.
        _app.MapPost("/api/raw/{sqlState}", (string sqlState) => { throw Postgres(sqlState); });
        _app.MapPost("/api/save/{sqlState}", (string sqlState) => { throw new DbUpdateException("An error occurred while saving the entity changes.", Postgres(sqlState)); });
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    private static PostgresException Postgres(string sqlState) => new("the server gave up this transaction", "ERROR", "ERROR", sqlState);

    [Theory]
    [InlineData("raw", PostgresErrorCodes.DeadlockDetected)]
    [InlineData("save", PostgresErrorCodes.DeadlockDetected)]
    [InlineData("raw", PostgresErrorCodes.SerializationFailure)]
    [InlineData("save", PostgresErrorCodes.SerializationFailure)]
    public async Task A_deadlock_or_serialization_failure_is_409_try_again(string how, string sqlState)
    {
        var problem = await Expect.Problem(await _client.PostAsync($"/api/{how}/{sqlState}", null), HttpStatusCode.Conflict, Problems.ConcurrencyConflict);

        Assert.Contains("try again", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Any_other_database_error_stays_a_500_without_its_details()
    {
        var response = await _client.PostAsync($"/api/save/{PostgresErrorCodes.UniqueViolation}", null);

        var problem = await Expect.Problem(response, HttpStatusCode.InternalServerError, Problems.InternalError);
        Assert.DoesNotContain("gave up", problem.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }
}
