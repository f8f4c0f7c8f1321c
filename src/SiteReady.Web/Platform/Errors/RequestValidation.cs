using System.Text.RegularExpressions;

namespace SiteReady.Web.Platform.Errors;

/// <summary>Thrown when a request's fields are invalid; becomes 400 with per-field <c>errors</c>.</summary>
public sealed class RequestValidationException(IDictionary<string, string[]> errors)
    : Exception("One or more fields are invalid.")
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public static RequestValidationException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Collects field errors for one request; field names are the camelCase JSON names.</summary>
public sealed partial class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public string? Required(string field, string? value, int maxLength = 200)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed)) { Add(field, "Required."); return null; }
        if (trimmed.Length > maxLength) { Add(field, $"At most {maxLength} characters."); return null; }
        return trimmed;
    }

    public string? Optional(string field, string? value, int maxLength = 200)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return null;
        if (trimmed.Length > maxLength) { Add(field, $"At most {maxLength} characters."); return null; }
        return trimmed;
    }

    /// <summary>R-U1: emails are trimmed; comparison is case-insensitive through the normalised form.</summary>
    public string? Email(string field, string? value)
    {
        var email = Required(field, value, 254);
        if (email is null) return null;
        if (!EmailPattern().IsMatch(email)) { Add(field, "Enter a valid email address."); return null; }
        return email;
    }

    /// <summary>Mobile numbers are E.164: + then 8 to 15 digits, no spaces.</summary>
    public string? Mobile(string field, string? value)
    {
        var mobile = Optional(field, value, 20);
        if (mobile is null) return null;
        mobile = mobile.Replace(" ", "");
        if (!MobilePattern().IsMatch(mobile)) { Add(field, "Enter the number in international format, e.g. +61412345678."); return null; }
        return mobile;
    }

    public T? Enum<T>(string field, string? value, bool required = true) where T : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Add(field, "Required.");
            return null;
        }
        if (System.Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed) && !int.TryParse(value, out _))
            return parsed;
        Add(field, $"Must be one of: {string.Join(", ", System.Enum.GetNames<T>().Select(JsonNames.Camel))}.");
        return null;
    }

    public void ThrowIfAny()
    {
        if (Any) throw new RequestValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex MobilePattern();
}

public static class JsonNames
{
    public static string Camel(string name) => string.IsNullOrEmpty(name) ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
