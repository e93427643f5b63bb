using System.CommandLine;

namespace Twin.Cli.Output;

/// <summary>How a command prints its result: an aligned table for people, CSV or JSON for scripts.</summary>
internal enum OutputFormat { Table, Csv, Json }

internal static class OutputOption
{
    /// <summary>The shared `--output table|csv|json` option (table by default).</summary>
    public static Option<OutputFormat> Create() => new("--output", "-o")
    {
        Description = "How to print the result: table (default), csv or json.",
        DefaultValueFactory = _ => OutputFormat.Table,
    };
}
