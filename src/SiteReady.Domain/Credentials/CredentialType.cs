namespace SiteReady.Domain.Credentials;

public enum CredentialCategory { Licence, Certificate, Ticket, Insurance, Other }

public enum CredentialSubject { Worker, Company }

/// <summary>
/// What a credential is (SPEC §2): owned by a client, or by the operator as the shared catalogue
/// every organisation may use.
/// </summary>
public class CredentialType
{
    private CredentialType() { }

    public CredentialType(Guid id, Guid ownerOrganizationId, bool isShared, string name, CredentialCategory category, CredentialSubject subject,
        bool hasIssueDate, bool hasExpiryDate, bool mediaRequired, bool verificationRequired, DateTimeOffset now)
    {
        Id = id;
        OwnerOrganizationId = ownerOrganizationId;
        IsShared = isShared;
        Name = name;
        Category = category;
        Subject = subject;
        HasIssueDate = hasIssueDate;
        HasExpiryDate = hasExpiryDate;
        MediaRequired = mediaRequired;
        VerificationRequired = verificationRequired;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid OwnerOrganizationId { get; private set; }
    /// <summary>Part of the operator's shared catalogue.</summary>
    public bool IsShared { get; private set; }
    public string Name { get; private set; } = "";
    public CredentialCategory Category { get; private set; }
    public CredentialSubject Subject { get; private set; }
    public bool HasIssueDate { get; private set; }
    public bool HasExpiryDate { get; private set; }
    public bool MediaRequired { get; private set; }
    public bool VerificationRequired { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; set; }
}
