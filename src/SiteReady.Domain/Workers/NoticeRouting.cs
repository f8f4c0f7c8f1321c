namespace SiteReady.Domain.Workers;

public enum NoticeKind { Compliance, Induction }

/// <summary>
/// R-W7: self-managed workers receive their own compliance notices; employer-managed workers
/// receive only induction notices, and the rest go to the contractor's Active Admins with
/// notifications on.
/// </summary>
public static class NoticeRouting
{
    public static bool GoesToWorker(ManagementMode mode, NoticeKind kind) =>
        mode == ManagementMode.SelfManaged || kind == NoticeKind.Induction;

    public static bool GoesToEmployerAdmins(ManagementMode mode, NoticeKind kind) => !GoesToWorker(mode, kind);
}
