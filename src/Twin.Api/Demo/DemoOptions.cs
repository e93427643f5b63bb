namespace Twin.Api.Demo;

/// <summary>Twin:Demo: a useful first screen. On by default; <c>Twin:Demo:Enabled=false</c> turns it off.</summary>
public sealed class DemoOptions
{
    public const string Section = "Twin:Demo";

    /// <summary>Seed the demo cells when the store holds no cell at all at start (never touches a store in use).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Seed of the synthetic fleet's generator: the same seed gives the same cells and cycles.</summary>
    public int Seed { get; set; } = 20261203;
}
