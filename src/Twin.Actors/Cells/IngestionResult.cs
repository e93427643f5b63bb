namespace Twin.Actors.Cells;

/// <summary>
/// What one ingestion did. <see cref="Inserted"/> rows are durable (committed) when the result is
/// returned; <see cref="Duplicates"/> were already stored with identical values. The listed
/// <see cref="Rejected"/> reasons (one per bad field) and <see cref="Conflicts"/> are capped; the
/// counts are not, and <see cref="RejectedCount"/> counts rows.
/// In an all-or-nothing ingestion any rejection or conflict means nothing was written.
/// </summary>
public sealed record IngestionResult(
    long Received,
    long Inserted,
    long Duplicates,
    IReadOnlyList<IngestionConflict> Conflicts,
    long ConflictCount,
    IReadOnlyList<RowRejection> Rejected,
    long RejectedCount)
{
    /// <summary>Rows now stored as sent: new ones plus exact duplicates.</summary>
    public long Accepted => Inserted + Duplicates;

    public bool HasRejections => RejectedCount > 0;

    public bool HasConflicts => ConflictCount > 0;
}
