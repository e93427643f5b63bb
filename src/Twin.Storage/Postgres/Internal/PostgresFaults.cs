using Npgsql;

namespace Twin.Storage.Postgres.Internal;

/// <summary>Which Npgsql failures mean "the database is not there" rather than "the request is wrong".</summary>
internal static class PostgresFaults
{
    /// <summary>
    /// True for a connection that could not be opened or was lost, a timeout, an exhausted pool,
    /// or a server shutting down or out of connections: the caller should retry later (503).
    /// Constraint violations and SQL errors are bugs or bad input and stay as they are.
    /// </summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
            || p.SqlState.StartsWith("53", StringComparison.Ordinal) // insufficient resources (too many connections)
            || p.SqlState.StartsWith("57P", StringComparison.Ordinal), // admin/crash shutdown, cannot connect now
        // Everything else Npgsql raises itself: socket and I/O errors, timeouts, a broken connection.
        NpgsqlException => true,
        _ => false,
    };

    public static StoreUnavailableException Unavailable(NpgsqlDataSource dataSource, Exception inner) =>
        new(
            $"PostgreSQL at {Describe(dataSource)} is unavailable: {inner.Message}", inner);

    /// <summary>Host, port and database of the connection string, never its password.</summary>
    public static string Describe(NpgsqlDataSource dataSource)
    {
        var b = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        return $"{b.Host}:{b.Port}/{b.Database}";
    }
}
