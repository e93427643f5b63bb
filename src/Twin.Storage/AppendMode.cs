namespace Twin.Storage;

/// <summary>What <see cref="ICycleStore.AppendAsync"/> does when a row conflicts with a stored one.</summary>
public enum AppendMode
{
    /// <summary>Any conflict rolls the whole batch back: nothing is written, conflicts are returned.</summary>
    AllOrNothing,

    /// <summary>Conflicting rows are left out and reported; every other row is written.</summary>
    SkipConflicts,
}
