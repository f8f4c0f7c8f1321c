using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Credentials;
using SiteReady.Web.Features.Shared;
using SiteReady.Web.Platform.Errors;
using SiteReady.Web.Platform.Storage;

namespace SiteReady.Web.Features.Credentials;

/// <summary>What a credential form shows; posted under the API's multipart field names (issueDate, files, …).</summary>
public sealed class CredentialInput
{
    /// <summary>A worker's id, or "company" for the contractor's own credential.</summary>
    public string? Subject { get; set; }
    public string? CredentialTypeId { get; set; }
    public string? IssueDate { get; set; }
    public string? ExpiryDate { get; set; }
    public string? CredentialNumber { get; set; }
    public string? Files { get; set; }

    public static CredentialInput From(IFormCollection? form) => new()
    {
        Subject = Field(form, "subject"), CredentialTypeId = Field(form, "credentialTypeId"), IssueDate = Field(form, "issueDate"),
        ExpiryDate = Field(form, "expiryDate"), CredentialNumber = Field(form, "credentialNumber"),
    };

    public static CredentialInput From(VersionView version) => new()
    {
        IssueDate = version.IssueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ExpiryDate = version.ExpiryDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        CredentialNumber = version.CredentialNumber,
    };

    private static string? Field(IFormCollection? form, string name) =>
        form is not null && form.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value.ToString()) ? value.ToString() : null;
}

/// <summary>
/// A page whose form uploads credential files (add, add version, edit latest, the worker's own). The body is
/// streamed by <see cref="StreamingMultipart"/> rather than bound, so these pages bind nothing: the page model is
/// <c>[IgnoreAntiforgeryToken]</c> and <see cref="ReceiveAsync"/> checks the token once the form is read, before any change.
/// </summary>
[IgnoreAntiforgeryToken]
public abstract class CredentialUploadPageModel(StreamingMultipart multipart, IAntiforgery antiforgery) : PageModel
{
    public const string Accept = ".pdf,.jpg,.jpeg,.png,.heic";

    public CredentialInput Input { get; set; } = new();
    /// <summary>The type of the credential being renewed or edited; null when the form offers a choice.</summary>
    public CredentialTypeResponse? FixedType { get; protected set; }
    /// <summary>Edit latest version: files are optional and replace the current ones.</summary>
    public virtual bool FilesReplace => false;
    /// <summary>After a refusal: a browser cannot keep chosen files, so the form asks for them again.</summary>
    public bool ChooseFilesAgain { get; private set; }

    protected Guid RouteId(string name) =>
        RouteData.Values.TryGetValue(name, out var value) && Guid.TryParse(value?.ToString(), out var id) ? id : Guid.Empty;

    /// <summary>
    /// Runs <paramref name="save"/>, which calls the use case with a reader of the posted form; on success goes to
    /// the address it returns. A refusal is put beside the fields (the page is then shown again, filled in,
    /// and null is returned); a missing credential is 404 and a bad antiforgery token 400.
    /// </summary>
    protected async Task<IActionResult?> ReceiveAsync(Func<Func<Task<CredentialForm>>, Task<string>> save, Func<CredentialForm, CredentialForm>? adjust = null)
    {
        MultipartForm? form = null;
        try
        {
            var next = await save(async () =>
            {
                form = await multipart.ReadAsync(Request, HttpContext.RequestAborted);
                await antiforgery.ValidateRequestAsync(HttpContext);
                var read = CredentialForm.From(form);
                return adjust is null ? read : adjust(read);
            });
            return LocalRedirect(next);
        }
        catch (AntiforgeryValidationException)
        {
            return BadRequest();
        }
        catch (RequestValidationException ex)
        {
            ModelState.AddFieldErrors(ForForm(ex.Errors.ToDictionary(e => e.Key, e => e.Value)), nameof(Input), typeof(CredentialInput));
        }
        catch (CredentialInvalidException ex)
        {
            ModelState.AddFieldErrors(ForForm(ex.Errors.ToDictionary(e => e.Key, e => new[] { e.Value })), nameof(Input), typeof(CredentialInput));
        }
        catch (DomainException ex) when (ex.Kind == DomainErrorKind.NotFound)
        {
            return NotFound();
        }
        catch (DomainException ex) when (ex.Code == "credential-subject-mismatch")
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(CredentialInput.CredentialTypeId)}", ex.Message);
        }
        catch (DomainException ex)
        {
            ModelState.AddRefusal(ex);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", "Someone else changed this credential at the same moment. Reload the page and try again.");
        }
        finally
        {
            form?.Dispose();
        }
        // The text fields read before any refusal; files cannot be kept, so the person chooses them again.
        Input = CredentialInput.From(HttpContext.Features.Get<IFormFeature>()?.Form);
        ChooseFilesAgain = true;
        return null;
    }

    /// <summary>The use case names the holder workerId or companyId; the form asks for it as one "subject" choice.</summary>
    private static RequestValidationException ForForm(Dictionary<string, string[]> errors)
    {
        var renamed = new Dictionary<string, string[]>();
        foreach (var (field, messages) in errors)
        {
            var name = field is "workerId" or "companyId" ? "subject" : field;
            renamed[name] = renamed.TryGetValue(name, out var earlier) ? [.. earlier, .. messages] : messages;
        }
        return new RequestValidationException(renamed);
    }
}
