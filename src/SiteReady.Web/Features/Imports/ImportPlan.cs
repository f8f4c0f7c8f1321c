using System.Security.Cryptography;
using System.Text;
using SiteReady.Domain.Credentials;

namespace SiteReady.Web.Features.Imports;

public enum PlannedKind : byte { NewCredential = 1, NewVersion = 2 }

/// <summary>
/// One row to write, decided by the validation pass: a new credential with its first version, or the next
/// version of a credential. Ids are fixed here, so each table can be written in its own pass.
/// </summary>
public readonly record struct PlannedRow(
    PlannedKind Kind, Guid CredentialId, Guid VersionId, Guid ActivityId, int VersionNumber,
    Guid? WorkerId, Guid TypeId, CredentialSubject Subject, Approval Approval,
    DateOnly? IssueOn, DateOnly? ExpiryOn, string? CredentialNumber, int Entry);

/// <summary>A file of the ZIP, already in the file store, for a planned version.</summary>
public readonly record struct PlannedFile(Guid FileId, Guid VersionId, string StorageKey, string FileName, string ContentType, long Size, string Sha256);

/// <summary>
/// Planned rows in a temporary binary file (about 100 bytes a row), so a million rows cost disk, not memory.
/// Written once, then read as many times as the writer needs; deleted when disposed.
/// </summary>
public sealed class ImportPlan<T> : IDisposable where T : struct
{
    private readonly FileStream _file;
    private readonly BinaryWriter _writer;
    private readonly Action<BinaryWriter, T> _write;
    private readonly Func<BinaryReader, T> _read;

    private ImportPlan(string directory, Action<BinaryWriter, T> write, Func<BinaryReader, T> read)
    {
        var path = Path.Combine(directory, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + ".upload");
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.SequentialScan);
        _writer = new BinaryWriter(_file, Encoding.UTF8, leaveOpen: true);
        _write = write;
        _read = read;
    }

    public int Count { get; private set; }

    public void Add(T item)
    {
        _write(_writer, item);
        Count++;
    }

    public IEnumerable<T> Read()
    {
        _writer.Flush();
        _file.Position = 0;
        using var reader = new BinaryReader(_file, Encoding.UTF8, leaveOpen: true);
        for (var i = 0; i < Count; i++) yield return _read(reader);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _file.Dispose();
    }

    public static ImportPlan<PlannedRow> Rows(string directory) => new(directory, WriteRow, ReadRow);
    public static ImportPlan<PlannedFile> Files(string directory) => new(directory, WriteFile, ReadFile);

    private static void WriteRow(BinaryWriter w, PlannedRow row)
    {
        w.Write((byte)row.Kind);
        w.Write(row.CredentialId);
        w.Write(row.VersionId);
        w.Write(row.ActivityId);
        w.Write(row.VersionNumber);
        w.Write(row.WorkerId ?? Guid.Empty);
        w.Write(row.TypeId);
        w.Write((byte)row.Subject);
        w.Write((byte)row.Approval);
        w.Write(row.IssueOn?.DayNumber ?? -1);
        w.Write(row.ExpiryOn?.DayNumber ?? -1);
        w.Write(row.CredentialNumber is not null);
        if (row.CredentialNumber is not null) w.Write(row.CredentialNumber);
        w.Write(row.Entry);
    }

    private static PlannedRow ReadRow(BinaryReader r)
    {
        var kind = (PlannedKind)r.ReadByte();
        var credentialId = r.ReadGuid();
        var versionId = r.ReadGuid();
        var activityId = r.ReadGuid();
        var number = r.ReadInt32();
        var worker = r.ReadGuid();
        var type = r.ReadGuid();
        var subject = (CredentialSubject)r.ReadByte();
        var approval = (Approval)r.ReadByte();
        var issue = r.ReadInt32();
        var expiry = r.ReadInt32();
        var credentialNumber = r.ReadBoolean() ? r.ReadString() : null;
        var entry = r.ReadInt32();
        return new PlannedRow(kind, credentialId, versionId, activityId, number, worker == Guid.Empty ? null : worker, type, subject, approval,
            issue < 0 ? null : DateOnly.FromDayNumber(issue), expiry < 0 ? null : DateOnly.FromDayNumber(expiry), credentialNumber, entry);
    }

    private static void WriteFile(BinaryWriter w, PlannedFile file)
    {
        w.Write(file.FileId);
        w.Write(file.VersionId);
        w.Write(file.StorageKey);
        w.Write(file.FileName);
        w.Write(file.ContentType);
        w.Write(file.Size);
        w.Write(file.Sha256);
    }

    private static PlannedFile ReadFile(BinaryReader r) =>
        new(r.ReadGuid(), r.ReadGuid(), r.ReadString(), r.ReadString(), r.ReadString(), r.ReadInt64(), r.ReadString());
}

internal static class GuidBinary
{
    public static void Write(this BinaryWriter writer, Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes);
        writer.Write(bytes);
    }

    public static Guid ReadGuid(this BinaryReader reader)
    {
        Span<byte> bytes = stackalloc byte[16];
        reader.BaseStream.ReadExactly(bytes);
        return new Guid(bytes);
    }
}
