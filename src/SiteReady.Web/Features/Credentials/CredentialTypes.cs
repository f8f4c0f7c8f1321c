using Microsoft.EntityFrameworkCore;
using SiteReady.Domain;
using SiteReady.Domain.Credentials;
using SiteReady.Domain.Network;
using SiteReady.Domain.Organizations;
using SiteReady.Web.Data;
using SiteReady.Web.Platform;
using SiteReady.Web.Platform.Authorization;
using SiteReady.Web.Platform.Errors;

namespace SiteReady.Web.Features.Credentials;

public sealed record CredentialTypeRequest(string? Name, string? Category, string? Subject, bool? HasIssueDate, bool? HasExpiryDate, bool? MediaRequired, bool? VerificationRequired);
public sealed record CredentialTypeResponse(Guid Id, string Name, CredentialCategory Category, CredentialSubject Subject, bool HasIssueDate, bool HasExpiryDate,
    bool MediaRequired, bool VerificationRequired, Guid OwnerOrganizationId, bool IsShared);

/// <summary>
/// Credential types: a client defines its own; the operator keeps the shared catalogue. An
/// organisation uses the catalogue, its own types and, for a contractor, its connected clients' types.
/// </summary>
public sealed class CredentialTypes(AppDb db, Actor actor, TimeProvider clock)
{
    public static readonly (string Name, CredentialCategory Category, CredentialSubject Subject, bool Issue, bool Expiry)[] Catalogue =
    [
        ("Driver's licence", CredentialCategory.Licence, CredentialSubject.Worker, true, true),
        ("First aid certificate", CredentialCategory.Certificate, CredentialSubject.Worker, true, true),
        ("High-risk work licence", CredentialCategory.Licence, CredentialSubject.Worker, true, true),
        ("Working at heights", CredentialCategory.Ticket, CredentialSubject.Worker, true, true),
        ("White card (construction induction)", CredentialCategory.Certificate, CredentialSubject.Worker, true, false),
        ("Public liability insurance", CredentialCategory.Insurance, CredentialSubject.Company, true, true),
        ("Workers' compensation insurance", CredentialCategory.Insurance, CredentialSubject.Company, true, true),
    ];

    /// <summary>Types this organisation may use.</summary>
    public async Task<List<CredentialTypeResponse>> ListAsync(CancellationToken ct) =>
        await (await UsableQueryAsync(ct)).OrderBy(t => t.Name).Select(t => ToResponse(t)).ToListAsync(ct);

    /// <summary>Types this organisation may use, whole (not tracked), by name and then id: the bulk import resolves rows against them.</summary>
    public async Task<List<CredentialType>> UsableTypesAsync(CancellationToken ct) =>
        await (await UsableQueryAsync(ct)).OrderBy(t => t.Name).ThenBy(t => t.Id).ToListAsync(ct);

    private async Task<IQueryable<CredentialType>> UsableQueryAsync(CancellationToken ct)
    {
        var me = actor.OrganizationId!.Value;
        var clients = await db.ClientConnections.Where(c => c.ContractorId == me && c.Status == ConnectionStatus.Connected).Select(c => c.ClientId).ToListAsync(ct);
        return db.CredentialTypes.AsNoTracking().Where(t => t.IsShared || t.OwnerOrganizationId == me || clients.Contains(t.OwnerOrganizationId));
    }

    /// <summary>A credential's type by id, whoever owns it: its page shows which dates and files the type asks for.</summary>
    public async Task<CredentialTypeResponse?> FindAsync(Guid id, CancellationToken ct) =>
        await db.CredentialTypes.AsNoTracking().Where(t => t.Id == id).Select(t => ToResponse(t)).SingleOrDefaultAsync(ct);

    /// <summary>A usable type by id, or 400 on the given field.</summary>
    public async Task<CredentialType> UsableAsync(Guid? id, string field, CancellationToken ct)
    {
        if (id is null) throw RequestValidationException.For(field, "Required.");
        var me = actor.OrganizationId!.Value;
        var type = await db.CredentialTypes.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        var usable = type is not null && (type.IsShared || type.OwnerOrganizationId == me
            || await db.ClientConnections.AnyAsync(c => c.ContractorId == me && c.ClientId == type.OwnerOrganizationId && c.Status == ConnectionStatus.Connected, ct));
        return usable ? type! : throw RequestValidationException.For(field, "No such credential type for your organisation.");
    }

    public async Task<CredentialTypeResponse> AddAsync(CredentialTypeRequest request, CancellationToken ct)
    {
        var kind = actor.OrganizationKind;
        if (kind is not (OrganizationKind.Client or OrganizationKind.Operator))
            throw new DomainException("wrong-organization-kind", "Only clients (and the operator's catalogue) define credential types.", DomainErrorKind.Invalid);
        var errors = new FieldErrors();
        var name = errors.Required("name", request.Name);
        var category = errors.Enum<CredentialCategory>("category", request.Category);
        var subject = errors.Enum<CredentialSubject>("subject", request.Subject);
        errors.ThrowIfAny();
        var me = actor.OrganizationId!.Value;
        if (await db.CredentialTypes.AnyAsync(t => t.OwnerOrganizationId == me && t.Name == name, ct))
            throw RequestValidationException.For("name", "You already have a credential type with this name.");

        var type = new CredentialType(Ids.New(clock), me, kind == OrganizationKind.Operator, name!, category!.Value, subject!.Value,
            request.HasIssueDate ?? true, request.HasExpiryDate ?? true, request.MediaRequired ?? true, request.VerificationRequired ?? true, clock.GetUtcNow());
        db.CredentialTypes.Add(type);
        await db.SaveChangesAsync(ct);
        return ToResponse(type);
    }

    /// <summary>Adds any missing entries of the shared catalogue to the operator organisation (start-up).</summary>
    public static async Task EnsureCatalogueAsync(AppDb db, Guid operatorId, TimeProvider clock, CancellationToken ct)
    {
        var existing = await db.CredentialTypes.Where(t => t.OwnerOrganizationId == operatorId).Select(t => t.Name).ToListAsync(ct);
        foreach (var entry in Catalogue.Where(e => !existing.Contains(e.Name)))
            db.CredentialTypes.Add(new CredentialType(Ids.New(clock), operatorId, true, entry.Name, entry.Category, entry.Subject, entry.Issue, entry.Expiry,
                mediaRequired: true, verificationRequired: true, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
    }

    public static CredentialTypeResponse ToResponse(CredentialType t) =>
        new(t.Id, t.Name, t.Category, t.Subject, t.HasIssueDate, t.HasExpiryDate, t.MediaRequired, t.VerificationRequired, t.OwnerOrganizationId, t.IsShared);
}
