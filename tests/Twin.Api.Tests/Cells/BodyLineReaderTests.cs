using System.IO.Pipelines;
using System.Text;
using Twin.Api.Cells.Internal;

namespace Twin.Api.Tests.Cells;

/// <summary>The stream endpoints' line reader (a body sent chunked, without Content-Length, is only measured by reading it).</summary>
public sealed class BodyLineReaderTests
{
    static BodyLineReader Reader(string body, long maxBody, int maxLine) =>
        new(PipeReader.Create(new MemoryStream(Encoding.UTF8.GetBytes(body))), maxBody, maxLine);

    static async Task<List<BodyLine>> ReadAll(BodyLineReader reader)
    {
        var lines = new List<BodyLine>();
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line) lines.Add(line);
        return lines;
    }

    [Fact]
    public async Task LinesAreNumberedWithCrlfAndBomDroppedAndTheLastLineNeedsNoNewline()
    {
        var lines = await ReadAll(Reader("\uFEFFh1,h2\r\na,1\n\nb,2", 1000, 100));
        Assert.Equal([new BodyLine(1, "h1,h2"), new BodyLine(2, "a,1"), new BodyLine(3, ""), new BodyLine(4, "b,2")], lines);
    }

    [Fact]
    public async Task AnOverlongLineComesBackWithoutTextAndReadingGoesOn()
    {
        var lines = await ReadAll(Reader($"a\n{new string('x', 50)}\nb\n", 1000, 10));
        Assert.Equal([new BodyLine(1, "a"), new BodyLine(2, null), new BodyLine(3, "b")], lines);
    }

    [Fact]
    public async Task ReadingStopsAtTheFirstLineThatEndsPastTheBodyLimit()
    {
        var reader = Reader("0123456789\n0123456789\n0123456789\n", 25, 100);
        var lines = await ReadAll(reader);
        Assert.Equal([new BodyLine(1, "0123456789"), new BodyLine(2, "0123456789")], lines);
        Assert.True(reader.TooLarge);
    }
}
