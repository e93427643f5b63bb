namespace Twin.Core.Access;

/// <summary>What an API key may do; each role includes the ones below it.</summary>
public enum TwinRole
{
    /// <summary>Forecasts, listings, downloads, what-if studies: reads nothing it could change.</summary>
    Reader = 1,
    /// <summary>Registration, cycle ingestion, file uploads.</summary>
    Writer = 2,
    /// <summary>Deleting cells, retraining and promoting models, managing keys.</summary>
    Admin = 3,
}

public static class TwinRoles
{
    public static string Name(this TwinRole role) => role switch
    {
        TwinRole.Reader => "reader",
        TwinRole.Writer => "writer",
        TwinRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static bool TryParse(string? text, out TwinRole role)
    {
        role = text?.Trim().ToLowerInvariant() switch
        {
            "reader" => TwinRole.Reader,
            "writer" => TwinRole.Writer,
            "admin" => TwinRole.Admin,
            _ => 0,
        };
        return role != 0;
    }
}
