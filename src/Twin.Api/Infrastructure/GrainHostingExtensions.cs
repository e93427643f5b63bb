using System.ComponentModel.DataAnnotations;
using Twin.Actors.Cells;

namespace Twin.Api.Infrastructure;

public static class GrainHostingExtensions
{
    /// <summary>
    /// Co-hosts an Orleans silo in this server (cells are grains, called through IGrainFactory)
    /// and the ingestion path that tells them of stored cycles. Settings: "Twin:Cluster" (how
    /// silos find each other) and "Twin:Grains" (idle collection, store checks); a bad value
    /// stops the start with a message naming the key.
    /// </summary>
    public static WebApplicationBuilder AddCellGrains(this WebApplicationBuilder builder)
    {
        var cluster = builder.Configuration.GetSection(TwinClusterOptions.Section).Get<TwinClusterOptions>() ?? new TwinClusterOptions();
        var grains = builder.Configuration.GetSection(CellGrainOptions.Section).Get<CellGrainOptions>() ?? new CellGrainOptions();
        var problems = cluster.Problems().Concat(Validate(grains)).ToList();
        if (problems.Count > 0)
            throw new InvalidOperationException("The grain settings are not valid: " + string.Join(" ", problems));

        if (cluster.Provider == TwinClusterOptions.AdoNet) builder.Services.AddMembershipDatabaseCheck(cluster);
        builder.UseOrleans(silo =>
        {
            if (cluster.Provider == TwinClusterOptions.AdoNet) silo.UseTwinAdoNetClustering(cluster);
            // After the ADO.NET settings, so the pod's own name, address and ids win.
            if (cluster.Kubernetes) silo.UseKubernetesHosting();
            else silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ClusterId, clusterId: cluster.ClusterId);
            silo.AddCellGrains(grains);
        });
        // Orleans reports every start-up step at Information; the server's own log stays readable.
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Services.AddCellIngestion();
        // Stopping flushes every dirty twin (deactivation writes its state); the host's default
        // 30 s cut a 100k-twin flush short on a loaded 2-core machine (measured: 39 s).
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        return builder;
    }

    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromMinutes(3);

    static IEnumerable<string> Validate(CellGrainOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => $"{CellGrainOptions.Section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}");
    }
}
