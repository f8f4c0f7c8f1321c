namespace SiteReady.Domain.Workers;

public enum TransferStatus { Open, WorkerApproved, Completed, Rejected }

/// <summary>
/// R-W4: a contractor tried to add a worker registered with another contractor. Customer care
/// records the worker's approval, then completes (the worker moves) or rejects.
/// </summary>
public class TransferRequest
{
    private TransferRequest() { }

    public TransferRequest(Guid id, Guid workerId, Guid fromContractorId, Guid toContractorId, Guid requestedByUserId, DateTimeOffset now)
    {
        Id = id;
        WorkerId = workerId;
        FromContractorId = fromContractorId;
        ToContractorId = toContractorId;
        RequestedByUserId = requestedByUserId;
        Status = TransferStatus.Open;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid WorkerId { get; private set; }
    public Guid FromContractorId { get; private set; }
    public Guid ToContractorId { get; private set; }
    public Guid RequestedByUserId { get; private set; }
    public TransferStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? WorkerApprovedAt { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public Guid? HandledByUserId { get; private set; }
    public string? RejectReason { get; private set; }
    public int Version { get; set; }

    public bool IsOpen => Status is TransferStatus.Open or TransferStatus.WorkerApproved;

    public void RecordWorkerApproval(Guid byUserId, DateTimeOffset now)
    {
        EnsureOpen();
        Status = TransferStatus.WorkerApproved;
        WorkerApprovedAt = now;
        HandledByUserId = byUserId;
    }

    public void Complete(Guid byUserId, DateTimeOffset now)
    {
        EnsureOpen();
        if (Status != TransferStatus.WorkerApproved)
            throw new DomainException("transfer-needs-worker-approval", "Record the worker's approval before completing the transfer.");
        Status = TransferStatus.Completed;
        DecidedAt = now;
        HandledByUserId = byUserId;
    }

    public void Reject(Guid byUserId, string reason, DateTimeOffset now)
    {
        EnsureOpen();
        Status = TransferStatus.Rejected;
        RejectReason = reason;
        DecidedAt = now;
        HandledByUserId = byUserId;
    }

    private void EnsureOpen()
    {
        if (!IsOpen) throw new DomainException("transfer-already-decided", "This transfer request has already been completed or rejected.");
    }
}
