namespace Twin.Api.Security;

/// <summary>Browser-facing safety settings, bound from "Twin:Security".</summary>
public sealed class SecurityOptions
{
    public const string Section = "Twin:Security";

    /// <summary>
    /// Other sites' origins (e.g. "https://lab.example") allowed to call the API from a browser:
    /// CORS is answered for them and their state-changing requests pass the same-origin check.
    /// Empty (the default): CORS is off and only Twin's own pages may change state from a browser.
    /// </summary>
    public string[] CorsOrigins { get; set; } = [];
}
