using Twin.Core.Csv;

namespace Twin.Core.Tests;

public sealed class CsvReaderTests
{
    static List<CsvRow> Read(string text, params string[] required) => CsvReader.Read(new StringReader(text), required).ToList();

    [Fact]
    public void QuotedFieldsKeepCommasQuotesAndNewlines()
    {
        var rows = Read("a,b\r\n\"x, y\",\"say \"\"hi\"\"\nthere\"\r\n3,4\n");
        Assert.Equal(2, rows.Count);
        Assert.Equal("x, y", rows[0].Get("a"));
        Assert.Equal("say \"hi\"\nthere", rows[0].Get("b"));
        Assert.Equal(4, rows[1].Line); // the quoted newline makes the second record start on line 4
    }

    [Fact]
    public void AMissingRequiredColumnIsReportedOnTheHeaderLine()
    {
        var e = Assert.Throws<CsvFormatException>(() => Read("electrode,coating\nSi,none\n", "electrode", "electrolyte"));
        Assert.Equal(1, e.Line);
        Assert.Equal("electrolyte", e.Column);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("abc")]
    [InlineData("Infinity")]
    public void ANonFiniteNumberNamesItsLineAndColumn(string value)
    {
        var rows = Read($"cycles\n10\n{value}\n");
        var e = Assert.Throws<CsvFormatException>(() => rows[1].Number("cycles"));
        Assert.Equal(3, e.Line);
        Assert.Equal("cycles", e.Column);
    }

    [Fact]
    public void AByteOrderMarkBeforeTheHeaderIsIgnored()
    {
        var rows = Read("\uFEFFcell_id,cycle\nA,1\n", "cell_id");
        Assert.Equal("A", rows[0].Get("cell_id"));
    }

    [Fact]
    public void ARowWithMoreFieldsThanTheHeaderIsAnError()
    {
        var e = Assert.Throws<CsvFormatException>(() => Read("a,b\n1,2,3\n"));
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void AnUnclosedQuoteIsAnErrorNotAHang()
    {
        Assert.Throws<CsvFormatException>(() => Read("a\n\"never closed\n"));
    }

    [Fact]
    public void ColumnsAreTheNamedHeaderFieldsInFileOrderQuotedOnesIncluded()
    {
        var row = Read("b,\"note, free\",,a\n1,2,3,4\n").Single();
        Assert.Equal(["b", "note, free", "a"], row.Columns);
        Assert.Equal("2", row.Get("note, free"));
    }
}
