using System.Net;
using System.Net.Http.Json;
using SiteReady.Tests.Infrastructure;
using SiteReady.Tests.Platform;

namespace SiteReady.Tests.Workers;

/// <summary>R-W4: customer care's transfer queue.</summary>
public class TransferTests(OperatorApp app) : IClassFixture<OperatorApp>
{
    private async Task<(TestOrg From, TestOrg To, string WorkerId, string TransferId, HttpClient Ops)> TransferAsync()
    {
        var client = await app.SignUpAsync("client");
        var from = await app.SignUpAsync("contractor");
        var to = await app.SignUpAsync("contractor");
        await from.ConnectToClientAsync(client);
        var email = app.UniqueEmail("mover");
        var worker = await Expect.Json(await from.Admin.PostAsJsonAsync(from.Api("/workers"),
            new { firstName = "Max", lastName = "Mover", email, clientConnections = new[] { new { clientId = client.Id } } }), HttpStatusCode.Created);
        await Expect.Problem(await to.Admin.PostAsJsonAsync(to.Api("/workers"), new { firstName = "Max", lastName = "Mover", email }),
            HttpStatusCode.Conflict, "worker-registered-with-another-contractor");

        var ops = await app.LoginAsync(OperatorApp.OperatorEmail);
        var queue = await Expect.Json(await ops.GetAsync("/api/v1/operator/transfer-requests"));
        var transfer = queue["items"]!.AsArray().Single(t => t!["toContractorId"]!.GetValue<string>() == to.Id.ToString())!;
        Assert.Equal("open", transfer["status"]!.GetValue<string>());
        Assert.Equal(email, transfer["workerEmail"]!.GetValue<string>());
        return (from, to, worker["id"]!.GetValue<string>(), transfer["id"]!.GetValue<string>(), ops);
    }

    [Fact]
    public async Task Customer_care_records_approval_and_completes_and_the_worker_moves()
    {
        var (from, to, workerId, transferId, ops) = await TransferAsync();
        Assert.Contains(await app.MailToAsync(OperatorApp.OperatorEmail), m => m.Kind == "transfer-requested");

        await Expect.Problem(await ops.PostAsync($"/api/v1/operator/transfer-requests/{transferId}/complete", null), HttpStatusCode.Conflict, "transfer-needs-worker-approval");
        Assert.Equal("workerApproved", (await Expect.Json(await ops.PostAsync($"/api/v1/operator/transfer-requests/{transferId}/worker-approval", null)))["status"]!.GetValue<string>());
        Assert.Equal("completed", (await Expect.Json(await ops.PostAsync($"/api/v1/operator/transfer-requests/{transferId}/complete", null)))["status"]!.GetValue<string>());

        var moved = await Expect.Json(await to.Admin.GetAsync(to.Api($"/workers/{workerId}")));
        Assert.Equal(to.Id.ToString(), moved["employerId"]!.GetValue<string>());
        Assert.Empty(moved["clientConnections"]!.AsArray()); // the old employer's client connections stay behind
        await Expect.Problem(await from.Admin.GetAsync(from.Api($"/workers/{workerId}")), HttpStatusCode.NotFound, "not-found");
        Assert.Contains(await app.MailToAsync(to.AdminEmail), m => m.Kind == "transfer-completed");
        await Expect.Problem(await ops.PostAsync($"/api/v1/operator/transfer-requests/{transferId}/complete", null), HttpStatusCode.Conflict, "transfer-already-decided");
    }

    [Fact]
    public async Task A_rejected_transfer_leaves_the_worker_and_tells_the_requester()
    {
        var (from, to, workerId, transferId, ops) = await TransferAsync();
        await Expect.Problem(await ops.PostAsJsonAsync($"/api/v1/operator/transfer-requests/{transferId}/reject", new { reason = "" }), HttpStatusCode.BadRequest, "validation-failed");
        await Expect.Json(await ops.PostAsJsonAsync($"/api/v1/operator/transfer-requests/{transferId}/reject", new { reason = "The worker did not agree" }));
        await Expect.Json(await from.Admin.GetAsync(from.Api($"/workers/{workerId}")));
        Assert.Contains(await app.MailToAsync(to.AdminEmail), m => m.Kind == "transfer-rejected" && m.TextBody.Contains("did not agree"));
    }

    [Fact]
    public async Task Organisation_users_cannot_work_the_transfer_queue()
    {
        var org = await app.SignUpAsync();
        await Expect.Problem(await org.Admin.GetAsync("/api/v1/operator/transfer-requests"), HttpStatusCode.Forbidden, "forbidden");
    }
}
