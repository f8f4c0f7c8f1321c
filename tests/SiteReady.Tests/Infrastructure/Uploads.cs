using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace SiteReady.Tests.Infrastructure;

/// <summary>Small real files and multipart bodies for credential uploads.</summary>
public static class Uploads
{
    public static byte[] Pdf(string text = "certificate") => Encoding.ASCII.GetBytes($"%PDF-1.4\n% {text}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
    public static byte[] Png() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89];
    public static byte[] Html() => Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>");

    public static MultipartFormDataContent Form(IDictionary<string, string?> fields, params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (key, value) in fields)
            if (value is not null) form.Add(new StringContent(value), key);
        foreach (var (name, bytes) in files)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "files", name);
        }
        return form;
    }

    /// <summary>The id of a shared catalogue type by name (e.g. "First aid certificate").</summary>
    public static async Task<string> TypeIdAsync(this TestOrg org, string name)
    {
        var types = await Expect.Json<JsonArray>(await org.Admin.GetAsync(org.Api("/credential-types")));
        return types.Single(t => t!["name"]!.GetValue<string>() == name)!["id"]!.GetValue<string>();
    }

    public static async Task<JsonObject> AddCredentialAsync(this TestOrg contractor, string workerId, string typeId,
        string issue = "2026-01-15", string expiry = "2027-01-15", string fileName = "card.pdf", byte[]? bytes = null)
    {
        var response = await contractor.Admin.PostAsync(contractor.Api("/credentials"), Form(new Dictionary<string, string?>
        {
            ["workerId"] = workerId, ["credentialTypeId"] = typeId, ["issueDate"] = issue, ["expiryDate"] = expiry, ["credentialNumber"] = "N-123",
        }, (fileName, bytes ?? Pdf())));
        return await Expect.Json(response, HttpStatusCode.Created);
    }

    public static async Task<string> AddWorkerAsync(this TestOrg contractor, string email, Guid? clientId = null, string mode = "employerManaged")
    {
        var body = await Expect.Json(await contractor.Admin.PostAsJsonAsync(contractor.Api("/workers"), new
        {
            firstName = "Cred", lastName = "Holder", email, managementMode = mode,
            clientConnections = clientId is null ? null : new[] { new { clientId } },
        }), HttpStatusCode.Created);
        return body["id"]!.GetValue<string>();
    }
}
