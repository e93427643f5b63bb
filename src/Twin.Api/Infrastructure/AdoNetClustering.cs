using System.Net;
using Npgsql;
using Orleans.Configuration;
using Twin.Storage;
using Twin.Storage.Postgres;

namespace Twin.Api.Infrastructure;

/// <summary>
/// Several silos as one cluster: Orleans' ADO.NET membership in PostgreSQL. Failure detection is
/// tuned for a lab's loopback or LAN cluster: a silo that misses 2 probes of 1 s is voted dead,
/// so its cells answer again on a survivor within about a second (Orleans' defaults: 6–13 s).
/// </summary>
internal static class AdoNetClustering
{
    public const string Invariant = "Npgsql";

    public static ISiloBuilder UseTwinAdoNetClustering(this ISiloBuilder silo, TwinClusterOptions cluster)
    {
        var connectionString = WithCappedPool(cluster.ConnectionString!);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ClusterId;
        });
        if (cluster.Kubernetes)
        {
            // The pod's address comes from Kubernetes hosting (POD_IP); only the ports are ours.
            silo.Configure<EndpointOptions>(o => (o.SiloPort, o.GatewayPort) = (cluster.SiloPort, cluster.GatewayPort));
        }
        else
        {
            silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort);
        }
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
        });
        return silo;
    }

    /// <summary>
    /// Call before UseOrleans, so the check runs before the silo starts: a database that cannot
    /// be reached stops the start with a message naming the setting, not an Orleans stack trace.
    /// </summary>
    public static IServiceCollection AddMembershipDatabaseCheck(this IServiceCollection services, TwinClusterOptions cluster)
    {
        var connectionString = WithCappedPool(cluster.ConnectionString!);
        return services.AddHostedService(sp => new MembershipDatabaseCheck(connectionString, sp.GetRequiredService<ILogger<MembershipDatabaseCheck>>()));
    }

    /// <summary>The membership pool gets at most <see cref="TwinClusterOptions.DefaultMaxPoolSize"/> connections unless the string sets its own.</summary>
    public static string WithCappedPool(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{TwinClusterOptions.Section}:ConnectionString is not a valid Npgsql connection string: {e.Message}", e);
        }
        if (!connectionString.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase) &&
            !connectionString.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
            builder.MaxPoolSize = TwinClusterOptions.DefaultMaxPoolSize;
        return builder.ConnectionString;
    }

    /// <summary>
    /// Before the silo starts: checks that the membership database answers and applies Orleans'
    /// tables where missing (idempotent, under an advisory lock, so silos starting together are safe).
    /// </summary>
    internal sealed class MembershipDatabaseCheck(string connectionString, ILogger<MembershipDatabaseCheck> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            IReadOnlyList<string> applied;
            try
            {
                applied = await OrleansSchema.ApplyAsync(connectionString, ct);
            }
            catch (Exception e) when (e is StoreUnavailableException or NpgsqlException or TimeoutException)
            {
                throw new InvalidOperationException(
                    $"The cluster's membership database cannot be reached ({e.Message}); check {TwinClusterOptions.Section}:ConnectionString.", e);
            }
            var where = new NpgsqlConnectionStringBuilder(connectionString);
            if (applied.Count > 0)
                logger.LogInformation("Applied Orleans' {Scripts} to {Host}:{Port}/{Database}", string.Join(", ", applied), where.Host, where.Port, where.Database);
            logger.LogInformation("Cluster membership in PostgreSQL ({Host}:{Port}/{Database})", where.Host, where.Port, where.Database);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
