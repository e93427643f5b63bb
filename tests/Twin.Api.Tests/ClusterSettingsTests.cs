using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Twin.Api.Infrastructure;
using Twin.Tests.Shared;

namespace Twin.Api.Tests;

/// <summary>Twin:Cluster: the silo each server co-hosts, and its refusals of settings it cannot use.</summary>
public sealed class ClusterSettingsTests
{
    static WebApplication Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddCellGrains();
        return builder.Build();
    }

    [Fact]
    public async Task AnAdoNetClusterUsesNpgsqlMembershipWithOneSecondProbesAndACappedPool()
    {
        await using var app = Build(new()
        {
            ["Twin:Cluster:Provider"] = "adonet",
            ["Twin:Cluster:ConnectionString"] = "Host=127.0.0.1;Port=55432;Database=twin;Username=twin;Password=twin",
            ["Twin:Cluster:ClusterId"] = "lab",
            ["Twin:Cluster:SiloPort"] = "11112",
            ["Twin:Cluster:GatewayPort"] = "30002",
        });

        var clustering = app.Services.GetRequiredService<IOptions<AdoNetClusteringSiloOptions>>().Value;
        Assert.Equal("Npgsql", clustering.Invariant);
        Assert.Contains("Maximum Pool Size=5", clustering.ConnectionString);
        var membership = app.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(1), membership.ProbeTimeout);
        Assert.Equal(2, membership.NumMissedProbesLimit);
        var cluster = app.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal(("lab", "lab"), (cluster.ClusterId, cluster.ServiceId));
        var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal(("127.0.0.1", 11112, 30002), (endpoints.AdvertisedIPAddress.ToString(), endpoints.SiloPort, endpoints.GatewayPort));
    }

    [Fact]
    public async Task ThePoolSizeInTheConnectionStringIsKept()
    {
        await using var app = Build(new()
        {
            ["Twin:Cluster:Provider"] = "adonet",
            ["Twin:Cluster:ConnectionString"] = "Host=127.0.0.1;Database=twin;Maximum Pool Size=12",
        });

        Assert.Contains("Maximum Pool Size=12", app.Services.GetRequiredService<IOptions<AdoNetClusteringSiloOptions>>().Value.ConnectionString);
    }

    [Fact]
    public async Task InAKubernetesPodTheSiloTakesItsNameAndIdsFromThePodAndListensOnEveryAddress()
    {
        // The downward-API variables deploy/kubernetes/twin.yaml sets; no other test reads them.
        var pod = new Dictionary<string, string>
        {
            ["POD_NAME"] = "twin-7d9f-abcde", ["POD_NAMESPACE"] = "lab", ["POD_IP"] = "10.1.2.3",
            ["ORLEANS_SERVICE_ID"] = "twin-svc", ["ORLEANS_CLUSTER_ID"] = "twin-k8s",
        };
        foreach (var (name, value) in pod) Environment.SetEnvironmentVariable(name, value);
        try
        {
            await using var app = Build(new()
            {
                ["Twin:Cluster:Provider"] = "adonet",
                ["Twin:Cluster:ConnectionString"] = "Host=127.0.0.1;Database=twin",
                ["Twin:Cluster:ClusterId"] = "lab",
                ["Twin:Cluster:Kubernetes"] = "true",
            });

            var cluster = app.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
            Assert.Equal(("twin-k8s", "twin-svc"), (cluster.ClusterId, cluster.ServiceId));
            Assert.Equal("twin-7d9f-abcde", app.Services.GetRequiredService<IOptions<SiloOptions>>().Value.SiloName);
            // Not loopback: other pods must reach it; the advertised address is the pod's own.
            var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
            Assert.Equal(("0.0.0.0:11111", "0.0.0.0:30000"), (endpoints.SiloListeningEndpoint?.ToString(), endpoints.GatewayListeningEndpoint?.ToString()));
            Assert.NotEqual("127.0.0.1", endpoints.AdvertisedIPAddress.ToString());
        }
        finally
        {
            foreach (var name in pod.Keys) Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void KubernetesHostingWithoutASharedMembershipTableStopsTheStart()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["Twin:Cluster:Kubernetes"] = "true" }));
        Assert.Contains("Twin:Cluster:Kubernetes needs Provider 'adonet'", error.Message);
    }

    [Theory]
    [InlineData("zookeeper", null, "Twin:Cluster:Provider is 'zookeeper'")]
    [InlineData("adonet", null, "Twin:Cluster:ConnectionString is needed")]
    [InlineData("adonet", "Host=127.0.0.1;Flavour=strawberry", "Twin:Cluster:ConnectionString is not a valid Npgsql connection string")]
    public void SettingsThatCannotWorkStopTheStartNamingTheKey(string provider, string? connection, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new()
        {
            ["Twin:Cluster:Provider"] = provider,
            ["Twin:Cluster:ConnectionString"] = connection,
        }));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void ASiloWhoseMembershipDatabaseCannotBeReachedStopsTheStartNamingTheSetting()
    {
        using var root = new TwinApiFactory();
        using var factory = root.WithWebHostBuilder(b =>
        {
            b.UseSetting("Twin:Cluster:Provider", "adonet");
            // Nothing listens on a port just freed.
            b.UseSetting("Twin:Cluster:ConnectionString", $"Host=127.0.0.1;Port={LoopbackPorts.Free()};Database=twin;Username=twin;Timeout=5");
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("check Twin:Cluster:ConnectionString", error.ToString());
    }
}
