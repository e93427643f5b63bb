namespace Twin.Ml.Models;

/// <summary>Where the shipped model and training data live when no path is given.</summary>
public static class ModelLocations
{
    public const string DefaultModelName = "twin-design";

    /// <summary>
    /// The nearest folder named <paramref name="folder"/> walking up from the current directory,
    /// then from the application's directory (so the server finds the repo's models/ when run
    /// from its build output); null when none exists.
    /// </summary>
    public static string? FindUp(string folder)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, folder);
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
