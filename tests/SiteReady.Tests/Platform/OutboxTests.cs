using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SiteReady.Tests.Infrastructure;
using SiteReady.Web.Data;
using SiteReady.Web.Platform.Email;

namespace SiteReady.Tests.Platform;

/// <summary>An app whose dispatcher is off, standing for a process that committed and then crashed before delivering.</summary>
public sealed class NoDispatcherApp : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["SiteReady:Email:DispatcherEnabled"] = "false" };
}

/// <summary>R-N1: the transactional outbox and its dispatcher.</summary>
public class OutboxTests(NoDispatcherApp app) : IClassFixture<NoDispatcherApp>
{
    private string MailDirectory => Path.Combine(app.Database.DataDirectory, "mail");

    private async Task<Guid> QueueInvitationAsync()
    {
        var org = await app.SignUpAsync();
        var email = app.UniqueEmail("mail");
        await Expect.Status(await org.Admin.PostAsJsonAsync(org.Api("/users"), new { email, role = "viewer" }), HttpStatusCode.Created);
        return (await app.MailToAsync(email)).Single().Id;
    }

    private OutboxDispatcher Dispatcher(WebApplicationFactory<Program> factory) => factory.Services.GetRequiredService<OutboxDispatcher>();

    [Fact]
    public async Task Mail_committed_before_a_crash_is_delivered_once_by_the_next_process()
    {
        var id = await QueueInvitationAsync();
        Assert.False(File.Exists(Path.Combine(MailDirectory, $"{id:N}.eml")));

        // A second process on the same database and data directory, with its dispatcher running.
        await using var next = app.Factory.WithWebHostBuilder(b => b.UseSetting("SiteReady:Email:DispatcherEnabled", "true"));
        next.CreateClient().Dispose();
        var delivered = await WaitForAsync(() => app.WithDbAsync(db => db.Outbox.Where(m => m.Id == id).Select(m => m.SentAt).SingleAsync()));

        Assert.NotNull(delivered);
        var eml = await File.ReadAllTextAsync(Path.Combine(MailDirectory, $"{id:N}.eml"));
        Assert.Contains("text/plain", eml);
        Assert.Contains("text/html", eml);
        Assert.Contains($"Message-ID: <{id:N}@siteready>", eml);
        Assert.Equal(1, await app.WithDbAsync(db => db.Outbox.Where(m => m.Id == id).Select(m => m.Attempts).SingleAsync()));
    }

    [Fact]
    public async Task Two_dispatchers_at_once_deliver_each_message_once()
    {
        var id = await QueueInvitationAsync();
        var dispatcher = Dispatcher(app.Factory);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => dispatcher.DispatchBatchAsync(CancellationToken.None)));

        Assert.True(attempts.Sum() >= 1);
        var message = await app.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Id == id));
        Assert.NotNull(message.SentAt);
        Assert.Equal(1, message.Attempts);
        Assert.Single(Directory.GetFiles(MailDirectory, $"{id:N}.eml"));
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_later_and_nothing_is_lost()
    {
        var failing = new FlakyDelivery();
        await using var flaky = app.Factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IMailDelivery>(failing)));
        var id = await QueueInvitationAsync();
        var dispatcher = Dispatcher(flaky);

        await dispatcher.DispatchBatchAsync(CancellationToken.None);
        var afterFailure = await app.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Id == id));
        Assert.Null(afterFailure.SentAt);
        Assert.Equal("SMTP server said no", afterFailure.LastError);
        Assert.True(afterFailure.NextAttemptAt > app.Clock.GetUtcNow());

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await dispatcher.DispatchBatchAsync(CancellationToken.None);
        var afterRetry = await app.WithDbAsync(db => db.Outbox.SingleAsync(m => m.Id == id));
        Assert.NotNull(afterRetry.SentAt);
        Assert.Equal(2, afterRetry.Attempts);
        Assert.Contains(id, failing.Delivered);
    }

    private sealed class FlakyDelivery : IMailDelivery
    {
        private readonly HashSet<Guid> _failedOnce = [];
        public List<Guid> Delivered { get; } = [];

        public Task DeliverAsync(OutboxMessage message, CancellationToken ct)
        {
            lock (_failedOnce)
            {
                if (_failedOnce.Add(message.Id)) throw new InvalidOperationException("SMTP server said no");
                Delivered.Add(message.Id);
            }
            return Task.CompletedTask;
        }
    }

    private static async Task<T?> WaitForAsync<T>(Func<Task<T?>> probe)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await probe() is { } value) return value;
            await Task.Delay(100);
        }
        return default;
    }
}
