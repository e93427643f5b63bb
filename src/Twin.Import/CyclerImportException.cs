namespace Twin.Import;

/// <summary>Base of every error the importer raises on bad input; callers can catch this one type.</summary>
public abstract class CyclerImportException : Exception
{
    protected CyclerImportException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
