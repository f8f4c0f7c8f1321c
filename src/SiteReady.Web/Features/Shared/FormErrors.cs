using System.Reflection;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using SiteReady.Domain;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Web.Features.Shared;

/// <summary>Shows a use case's refusal on the form: each field's messages beside the field, the rest at the top.</summary>
public static class FormErrors
{
    /// <summary>
    /// Field names are the use case's JSON names ("admin.email"); the last segment names the property of
    /// <paramref name="form"/> bound under <paramref name="prefix"/>. Fields the form does not show go to the top.
    /// </summary>
    public static void AddFieldErrors(this ModelStateDictionary modelState, RequestValidationException exception, string prefix, Type form)
    {
        foreach (var (field, messages) in exception.Errors)
        {
            var name = field.Split('.')[^1];
            var property = form.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            foreach (var message in messages)
            {
                if (property is null) modelState.AddModelError("", $"{Label(name)}: {message}");
                else modelState.AddModelError($"{prefix}.{property.Name}", message);
            }
        }
    }

    public static void AddRefusal(this ModelStateDictionary modelState, DomainException exception) =>
        modelState.AddModelError("", exception.Message);

    /// <summary>One line for a flash message after a redirect.</summary>
    public static string Describe(RequestValidationException exception) =>
        string.Join(" ", exception.Errors.SelectMany(e => e.Value.Select(m => $"{Label(e.Key.Split('.')[^1])}: {m}")));

    private static string Label(string camel)
    {
        var words = System.Text.RegularExpressions.Regex.Replace(camel, "([a-z])([A-Z])", "$1 $2").ToLowerInvariant();
        return words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
