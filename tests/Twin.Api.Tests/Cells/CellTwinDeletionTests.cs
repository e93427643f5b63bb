using System.Net;

namespace Twin.Api.Tests.Cells;

/// <summary>Deleting a cell whose twin has been used (issue 11, defect 1: it answered 500 on a stale ETag).</summary>
public sealed class CellTwinDeletionTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>
{
    readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task DeletingACellWhoseTwinWasUsedIsNoContentAndARegistrationAfterwardsStartsAFreshTwin()
    {
        await _client.Register("used");
        Assert.Equal(HttpStatusCode.OK, (await _client.Json(HttpMethod.Post, "/api/cells/used/cycles", CellsClient.Cycles(CellsClient.Cycle(1, 1.05)))).Status);
        var (forecastStatus, forecast) = await _client.Send(HttpMethod.Get, "/api/cells/used/forecast");
        Assert.Equal(HttpStatusCode.OK, forecastStatus);
        Assert.Equal(1, forecast.GetProperty("last_cycle").GetInt32());

        var (status, problem) = await _client.Send(HttpMethod.Delete, "/api/cells/used");

        Assert.True(status == HttpStatusCode.NoContent, $"{status}: {problem}");
        Assert.Equal(HttpStatusCode.NotFound, (await _client.Send(HttpMethod.Get, "/api/cells/used/twin")).Status);
        await _client.Register("used");
        var (twinStatus, twin) = await _client.Send(HttpMethod.Get, "/api/cells/used/twin");
        Assert.Equal(HttpStatusCode.OK, twinStatus);
        Assert.Equal(0, twin.GetProperty("cycles_observed").GetInt32());
    }

    [Fact]
    public async Task ACellDeletedTwiceWhileItsTwinIsActiveIsNotFoundTheSecondTime()
    {
        await _client.Register("twice");
        Assert.Equal(HttpStatusCode.OK, (await _client.Send(HttpMethod.Get, "/api/cells/twice/twin")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.Send(HttpMethod.Delete, "/api/cells/twice")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.Send(HttpMethod.Delete, "/api/cells/twice")).Status);
    }
}
