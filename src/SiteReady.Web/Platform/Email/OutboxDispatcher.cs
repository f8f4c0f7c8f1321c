using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SiteReady.Web.Data;

namespace SiteReady.Web.Platform.Email;

/// <summary>
/// Delivers outbox messages (R-N1). Each message is leased with a conditional update before delivery,
/// so several app instances never deliver the same message at once; a crash before the success is
/// recorded releases the lease and the message is retried with the same id.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes, OutboxSignal signal, IOptions<EmailOptions> options,
    TimeProvider clock, ILogger<OutboxDispatcher> log) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DispatcherEnabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchBatchAsync(stoppingToken) > 0) { }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Outbox dispatch failed; will retry.");
            }
            await signal.WaitAsync(TimeSpan.FromSeconds(options.Value.PollSeconds), stoppingToken);
        }
    }

    /// <summary>Delivers what is due now; returns how many messages it attempted.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var delivery = scope.ServiceProvider.GetRequiredService<IMailDelivery>();
        var now = clock.GetUtcNow();

        var due = await db.Outbox.AsNoTracking()
            .Where(m => m.SentAt == null && m.FailedAt == null && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.NextAttemptAt).Take(50).ToListAsync(ct);

        var attempted = 0;
        foreach (var message in due)
        {
            var leased = await db.Outbox
                .Where(m => m.Id == message.Id && m.SentAt == null && (m.LockedUntil == null || m.LockedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, now + Lease).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
            if (leased == 0) continue; // another instance took it
            attempted++;
            try
            {
                await delivery.DeliverAsync(message, ct);
                await db.Outbox.Where(m => m.Id == message.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, clock.GetUtcNow()).SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var attempts = message.Attempts + 1;
                var giveUp = attempts >= options.Value.MaxAttempts;
                var retryAt = clock.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(3600, 15 * Math.Pow(2, attempts - 1)));
                log.LogWarning(ex, "Delivering mail {MessageId} failed (attempt {Attempt}).", message.Id, attempts);
                var error = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
                await db.Outbox.Where(m => m.Id == message.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null)
                    .SetProperty(m => m.NextAttemptAt, retryAt)
                    .SetProperty(m => m.LastError, error)
                    .SetProperty(m => m.FailedAt, giveUp ? clock.GetUtcNow() : null), ct);
            }
        }
        return attempted;
    }
}
