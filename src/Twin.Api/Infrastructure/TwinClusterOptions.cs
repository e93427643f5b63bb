namespace Twin.Api.Infrastructure;

/// <summary>
/// How this server's Orleans silo finds the others, bound from "Twin:Cluster". The default is one
/// silo on loopback (localhost clustering), which needs nothing installed.
/// </summary>
public sealed class TwinClusterOptions
{
    public const string Section = "Twin:Cluster";
    public const string Localhost = "localhost", AdoNet = "adonet";

    /// <summary><c>localhost</c> (one silo, the default) or <c>adonet</c> (several silos sharing a PostgreSQL membership table).</summary>
    public string Provider { get; set; } = Localhost;

    /// <summary>The membership database for <c>adonet</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Silos with the same cluster id form one cluster (also Orleans' service id).</summary>
    public string ClusterId { get; set; } = "twin";

    /// <summary>Silo-to-silo port; give each silo on one host its own.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port for Orleans clients outside the server; 0 opens none.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// For <c>adonet</c>: the address this silo listens on and other silos reach it at. Loopback by
    /// default (several silos on one host); a silo on its own host gives that host's address.
    /// </summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// For <c>adonet</c> inside a Kubernetes pod: Orleans' Kubernetes hosting takes the silo's name,
    /// advertised address and cluster ids from the pod (POD_NAME, POD_IP, ORLEANS_CLUSTER_ID...,
    /// deploy/kubernetes/twin.yaml) and removes pods that membership has voted dead.
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <summary>Most connections a silo's membership pool opens unless the connection string says (several silos share PostgreSQL's 100).</summary>
    public const int DefaultMaxPoolSize = 5;

    /// <summary>Every problem with these settings, each naming its key; empty when they can be used.</summary>
    public IEnumerable<string> Problems()
    {
        if (Provider is not (Localhost or AdoNet))
            yield return $"{Section}:Provider is '{Provider}'; use '{Localhost}' (one server, the default) or '{AdoNet}'.";
        if (Provider == AdoNet && string.IsNullOrWhiteSpace(ConnectionString))
            yield return $"{Section}:ConnectionString is needed with Provider '{AdoNet}': the Npgsql connection string of the membership database.";
        if (Provider == AdoNet && !System.Net.IPAddress.TryParse(AdvertisedAddress, out _))
            yield return $"{Section}:AdvertisedAddress must be an IP address; got '{AdvertisedAddress}'.";
        if (Kubernetes && Provider != AdoNet)
            yield return $"{Section}:Kubernetes needs Provider '{AdoNet}': the pods share their membership table in PostgreSQL.";
        if (string.IsNullOrWhiteSpace(ClusterId))
            yield return $"{Section}:ClusterId must not be empty.";
        if (SiloPort is < 1 or > 65535)
            yield return $"{Section}:SiloPort must be a port number 1–65535; got {SiloPort}.";
        if (GatewayPort is < 0 or > 65535)
            yield return $"{Section}:GatewayPort must be a port number 1–65535, or 0 for no gateway; got {GatewayPort}.";
        if (GatewayPort != 0 && GatewayPort == SiloPort)
            yield return $"{Section}:GatewayPort and {Section}:SiloPort must differ; both are {SiloPort}.";
    }
}
