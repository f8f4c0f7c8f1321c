using System.Text;
using System.Text.RegularExpressions;

namespace SiteReady.BrowserTests.Infrastructure;

/// <summary>
/// Reads the <c>.eml</c> files the app's outbox writes to <c>{DataDirectory}/mail</c>, as a person would read
/// their inbox: finds the message to an address and decodes its plain-text part (base64 or quoted-printable).
/// </summary>
public sealed class Mailbox(string directory)
{
    public sealed record Message(string To, string Subject, string Text);

    /// <summary>Waits for a message to <paramref name="to"/> whose text contains a link with <paramref name="pathPrefix"/>, and returns the link.</summary>
    public async Task<string> WaitForLinkAsync(string to, string pathPrefix, TimeSpan? timeout = null)
    {
        var message = await WaitForAsync(m => string.Equals(m.To, to, StringComparison.OrdinalIgnoreCase) && m.Text.Contains(pathPrefix), timeout);
        var match = Regex.Match(message.Text, @"https?://\S+" + Regex.Escape(pathPrefix) + @"\S+");
        return match.Success ? match.Value : throw new InvalidOperationException($"No {pathPrefix} link in the email to {to}:\n{message.Text}");
    }

    public async Task<Message> WaitForAsync(Func<Message, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var found = ReadAll().Where(predicate).ToList();
            if (found.Count > 0) return found[^1];
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No matching email arrived in {directory} (found {ReadAll().Count} messages).");
            await Task.Delay(100);
        }
    }

    public List<Message> ReadAll()
    {
        if (!Directory.Exists(directory)) return [];
        return Directory.GetFiles(directory, "*.eml")
            .Select(f => (File: f, Written: File.GetLastWriteTimeUtc(f)))
            .OrderBy(f => f.Written)
            .Select(f => Parse(File.ReadAllText(f.File)))
            .ToList();
    }

    public static Message Parse(string raw)
    {
        var (headers, body) = SplitHeaders(raw);
        var to = Header(headers, "X-Receiver") ?? Header(headers, "To") ?? "";
        var address = Regex.Match(to, @"[^<\s""]+@[^>\s""]+");
        var text = TextPart(headers, body) ?? "";
        return new Message(address.Success ? address.Value : to.Trim(), Header(headers, "Subject") ?? "", text);
    }

    private static string? TextPart(Dictionary<string, string> headers, string body)
    {
        var contentType = Header(headers, "Content-Type") ?? "text/plain";
        if (contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = Regex.Match(contentType, @"boundary=(?:""(?<b>[^""]+)""|(?<b>[^;\s]+))", RegexOptions.IgnoreCase).Groups["b"].Value;
            foreach (var part in body.Split("--" + boundary).Skip(1))
            {
                if (part.StartsWith("--")) break;
                var (partHeaders, partBody) = SplitHeaders(part.TrimStart('\r', '\n'));
                if (TextPart(partHeaders, partBody) is { } text) return text;
            }
            return null;
        }
        if (!contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase)) return null;
        var charset = Regex.Match(contentType, @"charset=""?(?<c>[^"";\s]+)", RegexOptions.IgnoreCase).Groups["c"].Value;
        var encoding = string.IsNullOrEmpty(charset) ? Encoding.UTF8 : Encoding.GetEncoding(charset);
        return (Header(headers, "Content-Transfer-Encoding") ?? "7bit").Trim().ToLowerInvariant() switch
        {
            "base64" => encoding.GetString(Convert.FromBase64String(Regex.Replace(body, @"\s", ""))),
            "quoted-printable" => encoding.GetString(DecodeQuotedPrintable(body)),
            _ => body,
        };
    }

    private static byte[] DecodeQuotedPrintable(string text)
    {
        text = Regex.Replace(text, "=\r?\n", ""); // soft line breaks
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
        }
        return bytes.ToArray();
    }

    private static (Dictionary<string, string> Headers, string Body) SplitHeaders(string raw)
    {
        var match = Regex.Match(raw, @"\r?\n\r?\n");
        var head = match.Success ? raw[..match.Index] : raw;
        var body = match.Success ? raw[(match.Index + match.Length)..] : "";
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        // Folded header lines continue with leading whitespace.
        foreach (var line in Regex.Replace(head, @"\r?\n[ \t]+", " ").Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }
        return (headers, body);
    }

    private static string? Header(Dictionary<string, string> headers, string name) => headers.GetValueOrDefault(name);
}
