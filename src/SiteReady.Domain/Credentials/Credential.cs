namespace SiteReady.Domain.Credentials;

public enum Approval { Pending, Verified, NotAccepted }

/// <summary>R-K3: the status of a credential's latest version on a given day.</summary>
public enum CredentialStatus { Pending, Verified, NotAccepted, Expired }

/// <summary>The details of one version as entered (dates are calendar days in the owner's time zone).</summary>
public sealed record VersionDetails(DateOnly? IssueOn, DateOnly? ExpiryOn, string? CredentialNumber);

/// <summary>A stored media file of a version; the bytes live in the file store under <see cref="StorageKey"/>.</summary>
public sealed record MediaFile(Guid Id, string FileName, string ContentType, long Size, string StorageKey, string Sha256);

/// <summary>
/// A licence, certificate or other proof held by a worker or a contractor company (SPEC §5).
/// The latest version's details are kept on the credential itself so lists filter without joins.
/// </summary>
public class Credential : ITenantOwned
{
    private readonly List<CredentialVersion> _versions = [];
    // Activity outlives the credential (a delete leaves its record), so it is stored on its own and
    // handed to the data layer on save.
    private readonly List<CredentialActivity> _newActivity = [];

    private Credential() { }

    /// <summary>R-K1: a credential with its first version.</summary>
    public Credential(Guid id, Guid contractorId, Guid? workerId, CredentialType type, VersionDetails details, IReadOnlyList<MediaFile> files,
        Guid byUserId, DateTimeOffset now, Func<Guid> newId)
    {
        if (type.Subject == CredentialSubject.Worker && workerId is null)
            throw new DomainException("credential-subject-mismatch", $"{type.Name} is a worker credential: choose a worker.", DomainErrorKind.Invalid);
        if (type.Subject == CredentialSubject.Company && workerId is not null)
            throw new DomainException("credential-subject-mismatch", $"{type.Name} is a company credential: it belongs to the contractor, not a worker.", DomainErrorKind.Invalid);
        Id = id;
        OrganizationId = contractorId;
        WorkerId = workerId;
        Subject = type.Subject;
        CredentialTypeId = type.Id;
        CreatedAt = now;
        CreatedByUserId = byUserId;
        AddVersionInternal(type, details, files, byUserId, now, newId);
        Record(newId(), now, byUserId, "added", 1);
    }

    public Guid Id { get; private set; }
    /// <summary>The contractor that employs the worker, or the contractor company itself.</summary>
    public Guid OrganizationId { get; private set; }
    public CredentialSubject Subject { get; private set; }
    public Guid? WorkerId { get; private set; }
    public Guid CredentialTypeId { get; private set; }
    public bool IsArchived { get; private set; }
    public DateTimeOffset? ArchivedAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public Guid CreatedByUserId { get; private set; }

    public int LatestVersionNumber { get; private set; }
    public DateOnly? IssueOn { get; private set; }
    public DateOnly? ExpiryOn { get; private set; }
    public string? CredentialNumber { get; private set; }
    public Approval Approval { get; private set; }
    public int Version { get; set; }

    public IReadOnlyList<CredentialVersion> Versions => _versions;
    public IReadOnlyList<CredentialActivity> TakeNewActivity()
    {
        var taken = _newActivity.ToList();
        _newActivity.Clear();
        return taken;
    }
    public CredentialVersion Latest => _versions.MaxBy(v => v.Number) ?? throw new InvalidOperationException("Versions not loaded.");

    /// <summary>R-K3: Expired once the expiry day has passed (valid through the whole expiry day); else the latest approval.</summary>
    public CredentialStatus StatusOn(DateOnly today) => StatusOf(Approval, ExpiryOn, today);

    public static CredentialStatus StatusOf(Approval approval, DateOnly? expiryOn, DateOnly today) =>
        expiryOn is { } expiry && expiry < today ? CredentialStatus.Expired
        : approval switch
        {
            Approval.Verified => CredentialStatus.Verified,
            Approval.NotAccepted => CredentialStatus.NotAccepted,
            _ => CredentialStatus.Pending,
        };

    /// <summary>Valid (not expired, not rejected) but expiring within the window.</summary>
    public bool IsExpiringSoonOn(DateOnly today, int windowDays) => IsExpiringSoon(Approval, ExpiryOn, today, windowDays);

    public static bool IsExpiringSoon(Approval approval, DateOnly? expiryOn, DateOnly today, int windowDays) =>
        expiryOn is { } expiry && StatusOf(approval, expiryOn, today) is CredentialStatus.Verified or CredentialStatus.Pending && expiry <= today.AddDays(windowDays);

    /// <summary>R-K2: a renewal is a new version.</summary>
    public CredentialVersion AddVersion(CredentialType type, VersionDetails details, IReadOnlyList<MediaFile> files, Guid byUserId, DateTimeOffset now, Func<Guid> newId)
    {
        EnsureNotArchived();
        var version = AddVersionInternal(type, details, files, byUserId, now, newId);
        Record(newId(), now, byUserId, "versionAdded", version.Number);
        return version;
    }

    /// <summary>
    /// R-K2: edit the latest version; every change to issue date, expiry date or media is recorded.
    /// A reviewed version is final (R-K3): add a version instead.
    /// </summary>
    public void EditLatest(CredentialType type, VersionDetails details, IReadOnlyList<MediaFile>? replaceFiles, Guid byUserId, DateTimeOffset now, Func<Guid> newId)
    {
        EnsureNotArchived();
        var latest = Latest;
        if (type.VerificationRequired && latest.Approval != Approval.Pending)
            throw new DomainException("version-already-reviewed", "This version has been reviewed and cannot change. Add a new version instead.");
        var files = replaceFiles ?? latest.Files;
        Validate(type, details, files);
        if (latest.IssueOn != details.IssueOn)
            Record(newId(), now, byUserId, "edited", latest.Number, "issueDate", Format(latest.IssueOn), Format(details.IssueOn));
        if (latest.ExpiryOn != details.ExpiryOn)
            Record(newId(), now, byUserId, "edited", latest.Number, "expiryDate", Format(latest.ExpiryOn), Format(details.ExpiryOn));
        if (latest.CredentialNumber != details.CredentialNumber)
            Record(newId(), now, byUserId, "edited", latest.Number, "credentialNumber", latest.CredentialNumber, details.CredentialNumber);
        if (replaceFiles is not null && !replaceFiles.Select(f => f.Sha256).SequenceEqual(latest.Files.Select(f => f.Sha256)))
            Record(newId(), now, byUserId, "edited", latest.Number, "mediaFiles", Names(latest.Files), Names(replaceFiles));
        latest.Change(details, files);
        CopyLatest(latest);
    }

    /// <summary>R-K10: a reviewer approves or does not accept a pending version; the decision is final.</summary>
    public void Review(int versionNumber, bool approve, string? reason, Guid reviewerUserId, DateTimeOffset now, Func<Guid> newId)
    {
        EnsureNotArchived();
        var version = _versions.SingleOrDefault(v => v.Number == versionNumber)
            ?? throw new DomainException("not-found", "No such version.", DomainErrorKind.NotFound);
        if (version.CreatedByUserId == reviewerUserId)
            throw new DomainException("cannot-review-own-upload", "You uploaded this version, so someone else must review it.");
        if (!approve && string.IsNullOrWhiteSpace(reason))
            throw new DomainException("reason-required", "Say why the credential is not accepted.", DomainErrorKind.Invalid);
        version.Decide(approve ? Approval.Verified : Approval.NotAccepted, approve ? null : reason!.Trim(), reviewerUserId, now);
        Record(newId(), now, reviewerUserId, approve ? "approved" : "rejected", versionNumber, to: approve ? null : reason!.Trim());
        if (version.Number == LatestVersionNumber) CopyLatest(version);
    }

    /// <summary>R-K5: archived credentials get no reminders, versions or reviews.</summary>
    public void Archive(Guid byUserId, DateTimeOffset now, Func<Guid> newId)
    {
        if (IsArchived) return;
        IsArchived = true;
        ArchivedAt = now;
        Record(newId(), now, byUserId, "archived", null);
    }

    public void Restore(Guid byUserId, DateTimeOffset now, Func<Guid> newId)
    {
        if (!IsArchived) return;
        IsArchived = false;
        ArchivedAt = null;
        Record(newId(), now, byUserId, "restored", null);
    }

    /// <summary>
    /// R-K5: only an archived credential may be deleted, and only with its own id as confirmation.
    /// Returns the activity record that remains (no content).
    /// </summary>
    public CredentialActivity Delete(Guid? confirmation, Guid byUserId, DateTimeOffset now, Func<Guid> newId)
    {
        if (!IsArchived)
            throw new DomainException("credential-not-archived", "Archive the credential before deleting it.");
        if (confirmation != Id)
            throw new DomainException("confirmation-required", "Deleting is irreversible: confirm with the credential's id.", DomainErrorKind.Invalid);
        return new CredentialActivity(newId(), Id, OrganizationId, null, now, byUserId, "deleted", null, null, null);
    }

    /// <summary>R-W4: the credential follows its worker to a new employer.</summary>
    public void MoveTo(Guid contractorId) => OrganizationId = contractorId;

    private CredentialVersion AddVersionInternal(CredentialType type, VersionDetails details, IReadOnlyList<MediaFile> files, Guid byUserId, DateTimeOffset now, Func<Guid> newId)
    {
        Validate(type, details, files);
        var approval = type.VerificationRequired ? Approval.Pending : Approval.Verified;
        var version = new CredentialVersion(newId(), Id, OrganizationId, LatestVersionNumber + 1, details, files, approval, byUserId, now);
        _versions.Add(version);
        CopyLatest(version);
        return version;
    }

    /// <summary>R-K1: the type decides which dates and whether media are needed; expiry may not precede issue.</summary>
    public static void Validate(CredentialType type, VersionDetails details, IReadOnlyCollection<MediaFile> files)
    {
        if (Check(type, details, files.Count) is { } errors) throw new CredentialInvalidException(errors);
    }

    /// <summary>R-K1 as data: the problems by field (issueDate, expiryDate, files), or null when there are none. The bulk import reports them per row.</summary>
    public static Dictionary<string, string>? Check(CredentialType type, VersionDetails details, int fileCount)
    {
        Dictionary<string, string>? errors = null;
        if (type.HasIssueDate && details.IssueOn is null) (errors ??= [])["issueDate"] = $"{type.Name} needs an issue date.";
        if (type.HasExpiryDate && details.ExpiryOn is null) (errors ??= [])["expiryDate"] = $"{type.Name} needs an expiry date.";
        if (details.IssueOn is { } issue && details.ExpiryOn is { } expiry && expiry < issue) (errors ??= [])["expiryDate"] = "The expiry date is before the issue date.";
        if (type.MediaRequired && fileCount == 0) (errors ??= [])["files"] = $"{type.Name} needs at least one photo or PDF of the document.";
        return errors;
    }

    private void CopyLatest(CredentialVersion version)
    {
        LatestVersionNumber = version.Number;
        IssueOn = version.IssueOn;
        ExpiryOn = version.ExpiryOn;
        CredentialNumber = version.CredentialNumber;
        Approval = version.Approval;
    }

    private void EnsureNotArchived()
    {
        if (IsArchived) throw new DomainException("credential-archived", "This credential is archived: restore it first.");
    }

    private void Record(Guid id, DateTimeOffset at, Guid byUserId, string action, int? versionNumber, string? field = null, string? from = null, string? to = null) =>
        _newActivity.Add(new CredentialActivity(id, Id, OrganizationId, versionNumber, at, byUserId, action, field, from, to));

    private static string? Format(DateOnly? date) => date?.ToString("yyyy-MM-dd");
    private static string Names(IEnumerable<MediaFile> files) => string.Join(", ", files.Select(f => f.FileName));
}

/// <summary>R-K1 validation failures, by field.</summary>
public sealed class CredentialInvalidException(IReadOnlyDictionary<string, string> errors) : Exception("The credential is not valid.")
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;
}

public class CredentialVersion : ITenantOwned
{
    private readonly List<CredentialFile> _files = [];

    private CredentialVersion() { }

    internal CredentialVersion(Guid id, Guid credentialId, Guid organizationId, int number, VersionDetails details, IReadOnlyList<MediaFile> files,
        Approval approval, Guid byUserId, DateTimeOffset now)
    {
        Id = id;
        CredentialId = credentialId;
        OrganizationId = organizationId;
        Number = number;
        Approval = approval;
        CreatedByUserId = byUserId;
        CreatedAt = now;
        Change(details, files);
    }

    public Guid Id { get; private set; }
    public Guid CredentialId { get; private set; }
    public Guid OrganizationId { get; private set; }
    public int Number { get; private set; }
    public DateOnly? IssueOn { get; private set; }
    public DateOnly? ExpiryOn { get; private set; }
    public string? CredentialNumber { get; private set; }
    public Approval Approval { get; private set; }
    public string? RejectReason { get; private set; }
    public Guid? ReviewedByUserId { get; private set; }
    public DateTimeOffset? ReviewedAt { get; private set; }
    public Guid CreatedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyList<MediaFile> Files => _files.Select(f => f.ToMedia()).ToList();
    public IReadOnlyList<CredentialFile> StoredFiles => _files;

    internal void Change(VersionDetails details, IReadOnlyList<MediaFile> files)
    {
        IssueOn = details.IssueOn;
        ExpiryOn = details.ExpiryOn;
        CredentialNumber = details.CredentialNumber;
        if (!files.Select(f => f.Id).SequenceEqual(_files.Select(f => f.Id)))
        {
            _files.Clear();
            _files.AddRange(files.Select(f => new CredentialFile(f, Id, OrganizationId)));
        }
    }

    internal void Decide(Approval approval, string? reason, Guid reviewerUserId, DateTimeOffset now)
    {
        if (Approval != Approval.Pending)
            throw new DomainException("already-reviewed", "This version has already been reviewed; the decision is final.");
        Approval = approval;
        RejectReason = reason;
        ReviewedByUserId = reviewerUserId;
        ReviewedAt = now;
    }
}

public class CredentialFile : ITenantOwned
{
    private CredentialFile() { }

    internal CredentialFile(MediaFile media, Guid versionId, Guid organizationId)
    {
        Id = media.Id;
        VersionId = versionId;
        OrganizationId = organizationId;
        FileName = media.FileName;
        ContentType = media.ContentType;
        Size = media.Size;
        StorageKey = media.StorageKey;
        Sha256 = media.Sha256;
    }

    public Guid Id { get; private set; }
    public Guid VersionId { get; private set; }
    public Guid OrganizationId { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Size { get; private set; }
    public string StorageKey { get; private set; } = "";
    public string Sha256 { get; private set; } = "";

    public MediaFile ToMedia() => new(Id, FileName, ContentType, Size, StorageKey, Sha256);
}

/// <summary>Who did what and when (R-K2, R-K5): for a version, field changes from → to.</summary>
public class CredentialActivity : ITenantOwned
{
    private CredentialActivity() { }

    public CredentialActivity(Guid id, Guid credentialId, Guid organizationId, int? versionNumber, DateTimeOffset at, Guid byUserId,
        string action, string? field, string? from, string? to)
    {
        Id = id;
        CredentialId = credentialId;
        OrganizationId = organizationId;
        VersionNumber = versionNumber;
        At = at;
        ByUserId = byUserId;
        Action = action;
        Field = field;
        From = from;
        To = to;
    }

    public Guid Id { get; private set; }
    public Guid CredentialId { get; private set; }
    public Guid OrganizationId { get; private set; }
    public int? VersionNumber { get; private set; }
    public DateTimeOffset At { get; private set; }
    public Guid ByUserId { get; private set; }
    public string Action { get; private set; } = "";
    public string? Field { get; private set; }
    public string? From { get; private set; }
    public string? To { get; private set; }
}
