using SiteReady.Domain;
using SiteReady.Domain.Credentials;

namespace SiteReady.Tests.Domain;

/// <summary>Credential rules (SPEC §5) with fixed dates and no database.</summary>
public class CredentialTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Contractor = Guid.CreateVersion7(Now);
    private static readonly Guid Worker = Guid.CreateVersion7(Now);
    private static readonly Guid Uploader = Guid.CreateVersion7(Now);
    private static readonly Guid Reviewer = Guid.CreateVersion7(Now);
    private static Guid NewId() => Guid.CreateVersion7(Now);

    private static CredentialType Type(bool verification = true, bool media = true, bool issue = true, bool expiry = true, CredentialSubject subject = CredentialSubject.Worker) =>
        new(NewId(), Guid.CreateVersion7(Now), true, "First aid certificate", CredentialCategory.Certificate, subject, issue, expiry, media, verification, Now);

    private static MediaFile File(string name = "card.pdf") => new(NewId(), name, "application/pdf", 1234, "2026/11/" + NewId().ToString("N"), "ab" + name.Length);

    private static VersionDetails Dates(string issue, string expiry) => new(DateOnly.Parse(issue), DateOnly.Parse(expiry), "FA-1");

    private static Credential Make(CredentialType? type = null) =>
        new(NewId(), Contractor, Worker, type ?? Type(), Dates("2026-01-10", "2027-01-10"), [File()], Uploader, Now, NewId);

    [Fact]
    public void Expiry_before_issue_and_missing_dates_or_media_are_refused_R_K1()
    {
        var error = Assert.Throws<CredentialInvalidException>(() =>
            new Credential(NewId(), Contractor, Worker, Type(), Dates("2026-05-01", "2026-04-30"), [File()], Uploader, Now, NewId));
        Assert.Contains("expiryDate", error.Errors.Keys);

        var missing = Assert.Throws<CredentialInvalidException>(() =>
            new Credential(NewId(), Contractor, Worker, Type(), new VersionDetails(null, null, null), [], Uploader, Now, NewId));
        Assert.Equal(["expiryDate", "files", "issueDate"], missing.Errors.Keys.Order());

        // A type without dates or media needs none.
        var plain = new Credential(NewId(), Contractor, Worker, Type(media: false, issue: false, expiry: false), new VersionDetails(null, null, null), [], Uploader, Now, NewId);
        Assert.Equal(1, plain.LatestVersionNumber);
    }

    [Fact]
    public void A_company_type_cannot_belong_to_a_worker()
    {
        var error = Assert.Throws<DomainException>(() =>
            new Credential(NewId(), Contractor, Worker, Type(subject: CredentialSubject.Company), Dates("2026-01-01", "2027-01-01"), [File()], Uploader, Now, NewId));
        Assert.Equal("credential-subject-mismatch", error.Code);
    }

    [Fact]
    public void Expired_only_after_the_whole_expiry_day_R_K3()
    {
        var credential = Make();
        credential.Review(1, approve: true, null, Reviewer, Now, NewId);
        Assert.Equal(CredentialStatus.Verified, credential.StatusOn(new DateOnly(2027, 1, 10)));
        Assert.Equal(CredentialStatus.Expired, credential.StatusOn(new DateOnly(2027, 1, 11)));
    }

    [Fact]
    public void Types_without_verification_count_as_verified_on_upload_R_K3()
    {
        Assert.Equal(CredentialStatus.Verified, Make(Type(verification: false)).StatusOn(new DateOnly(2026, 11, 22)));
        Assert.Equal(CredentialStatus.Pending, Make().StatusOn(new DateOnly(2026, 11, 22)));
    }

    [Fact]
    public void Expiring_soon_means_valid_and_within_the_window()
    {
        var credential = Make();
        Assert.True(credential.IsExpiringSoonOn(new DateOnly(2026, 12, 20), 30));
        Assert.False(credential.IsExpiringSoonOn(new DateOnly(2026, 12, 1), 30));
        Assert.False(credential.IsExpiringSoonOn(new DateOnly(2027, 1, 11), 30)); // already expired
    }

    [Fact]
    public void A_new_version_renews_and_editing_the_latest_records_each_change_R_K2()
    {
        var type = Type();
        var credential = Make(type);
        credential.TakeNewActivity();
        credential.AddVersion(type, Dates("2027-01-05", "2028-01-05"), [File("renewed.pdf")], Uploader, Now, NewId);
        Assert.Equal(2, credential.LatestVersionNumber);
        Assert.Equal(new DateOnly(2028, 1, 5), credential.ExpiryOn);

        credential.EditLatest(type, Dates("2027-01-06", "2028-01-06"), [File("rescanned.png")], Uploader, Now, NewId);

        var activity = credential.TakeNewActivity();
        Assert.Equal("versionAdded", activity[0].Action);
        Assert.Equal(2, activity[0].VersionNumber);
        var issue = Assert.Single(activity, a => a.Field == "issueDate");
        Assert.Equal(("2027-01-05", "2027-01-06"), (issue.From, issue.To));
        Assert.Single(activity, a => a.Field == "expiryDate");
        var media = Assert.Single(activity, a => a.Field == "mediaFiles");
        Assert.Equal(("renewed.pdf", "rescanned.png"), (media.From, media.To));
        Assert.Equal(2, credential.Versions.Count);
    }

    [Fact]
    public void A_review_is_final_for_its_version_and_nobody_reviews_their_own_upload_R_K10()
    {
        var credential = Make();
        Assert.Equal("cannot-review-own-upload", Assert.Throws<DomainException>(() => credential.Review(1, true, null, Uploader, Now, NewId)).Code);
        Assert.Equal("reason-required", Assert.Throws<DomainException>(() => credential.Review(1, false, " ", Reviewer, Now, NewId)).Code);

        credential.Review(1, approve: false, "Blurry photo", Reviewer, Now, NewId);
        Assert.Equal(CredentialStatus.NotAccepted, credential.StatusOn(new DateOnly(2026, 11, 22)));
        Assert.Equal("already-reviewed", Assert.Throws<DomainException>(() => credential.Review(1, true, null, Reviewer, Now, NewId)).Code);
        Assert.Equal("version-already-reviewed", Assert.Throws<DomainException>(() =>
            credential.EditLatest(Type(), Dates("2026-01-10", "2027-01-10"), null, Uploader, Now, NewId)).Code);
    }

    [Fact]
    public void Archived_credentials_take_no_versions_or_reviews_and_only_they_can_be_deleted_R_K5()
    {
        var type = Type();
        var credential = Make(type);
        Assert.Equal("credential-not-archived", Assert.Throws<DomainException>(() => credential.Delete(credential.Id, Uploader, Now, NewId)).Code);

        credential.Archive(Uploader, Now, NewId);
        Assert.Equal("credential-archived", Assert.Throws<DomainException>(() => credential.AddVersion(type, Dates("2027-01-01", "2028-01-01"), [File()], Uploader, Now, NewId)).Code);
        Assert.Equal("credential-archived", Assert.Throws<DomainException>(() => credential.Review(1, true, null, Reviewer, Now, NewId)).Code);
        Assert.Equal("confirmation-required", Assert.Throws<DomainException>(() => credential.Delete(Guid.Empty, Uploader, Now, NewId)).Code);
        var tombstone = credential.Delete(credential.Id, Uploader, Now, NewId);
        Assert.Equal("deleted", tombstone.Action);
        Assert.Null(tombstone.From);

        credential.Restore(Uploader, Now, NewId);
        credential.Review(1, true, null, Reviewer, Now, NewId);
        Assert.Equal(Approval.Verified, credential.Approval);
    }
}

/// <summary>R-N2: the reminder ladder.</summary>
public class ReminderLadderTests
{
    private static readonly DateOnly Expiry = new(2027, 3, 31);

    [Theory]
    [InlineData(45, null)]  // nothing yet
    [InlineData(30, 30)]
    [InlineData(20, 30)]    // late, but the 30-day step was never sent
    [InlineData(7, 7)]
    [InlineData(0, 0)]      // the expiry day
    [InlineData(-1, 0)]
    [InlineData(-7, -7)]
    [InlineData(-40, -7)]
    public void The_latest_due_step_is_sent_R_N2(int daysBefore, int? expected)
    {
        var ladder = ReminderLadder.Parse(ReminderLadder.Default);
        Assert.Equal(expected, ladder.StepDue(Expiry, Expiry.AddDays(-daysBefore), []));
    }

    [Fact]
    public void Each_step_is_sent_at_most_once_and_a_later_step_covers_earlier_ones_R_N2()
    {
        var ladder = ReminderLadder.Parse(ReminderLadder.Default);
        Assert.Null(ladder.StepDue(Expiry, Expiry.AddDays(-25), [30]));
        Assert.Equal(7, ladder.StepDue(Expiry, Expiry.AddDays(-7), [30]));
        Assert.Null(ladder.StepDue(Expiry, Expiry.AddDays(-20), [7]));
    }

    [Fact]
    public void A_ladder_is_parsed_from_days_and_bad_input_refused()
    {
        Assert.Equal([60, 14, 0], ReminderLadder.Parse("0, 14,60,14").Steps);
        Assert.Equal("invalid-reminder-ladder", Assert.Throws<DomainException>(() => ReminderLadder.Parse("30,soon")).Code);
    }
}
