namespace Twin.Import;

/// <summary>The format a file was read as, and why (detected rule or explicit override).</summary>
public sealed record FormatDetection(CyclerFormat Format, string Reason);
