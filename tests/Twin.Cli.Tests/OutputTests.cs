using System.Text.Json;
using Twin.Cli.Output;

namespace Twin.Cli.Tests;

/// <summary>The one writer behind every --output: aligned table, CSV and JSON from the same rows.</summary>
public sealed class OutputTests
{
    static ResultTable Sample() => new ResultTable("cell_id", "soh", "ok")
        .Add("a, b", 0.91234567, true)
        .Add("long-name", double.NaN, null);

    static string Write(ResultTable t, OutputFormat f)
    {
        var w = new StringWriter { NewLine = "\n" };
        t.Write(f, w);
        return w.ToString();
    }

    [Fact]
    public void CsvQuotesFieldsAndLeavesMissingValuesEmpty() =>
        Assert.Equal("cell_id,soh,ok\n\"a, b\",0.9123,true\nlong-name,,\n", Write(Sample(), OutputFormat.Csv));

    [Fact]
    public void TheTableAlignsColumnsAndRightAlignsNumbers() =>
        Assert.Equal("cell_id       soh  ok\na, b       0.9123  true\nlong-name       -  -\n", Write(Sample(), OutputFormat.Table));

    [Fact]
    public void JsonKeepsFullPrecisionAndTypesAndNullsWhatIsMissing()
    {
        var rows = JsonDocument.Parse(Write(Sample(), OutputFormat.Json)).RootElement.EnumerateArray().ToList();
        Assert.Equal(0.91234567, rows[0].GetProperty("soh").GetDouble());
        Assert.True(rows[0].GetProperty("ok").GetBoolean());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("soh").ValueKind);
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("ok").ValueKind);
    }

    [Fact]
    public void ARecordIsFieldValueLinesOrOneJsonObject()
    {
        var record = ResultTable.Record([("cell_id", "c1"), ("cycles_stored", 9L)]);
        Assert.Equal("cell_id        c1\ncycles_stored  9\n", Write(record, OutputFormat.Table));
        var json = JsonDocument.Parse(Write(record, OutputFormat.Json)).RootElement;
        Assert.Equal(9, json.GetProperty("cycles_stored").GetInt64());
    }

    [Fact]
    public void AProgressBarShowsTheFractionDoneAndClearsItsLine()
    {
        Assert.Equal("reading [###############...............]  50% 1.5 s", Progress.Render("reading", 50, 100, TimeSpan.FromSeconds(1.5)));
        Assert.Equal("training 3.0 s", Progress.Render("training", 0, 0, TimeSpan.FromSeconds(3)));
        var w = new StringWriter();
        using (var bar = new Progress(w, "x", 10)) bar.Report(10);
        var text = w.ToString();
        Assert.StartsWith("\rx [", text);
        Assert.EndsWith("\r", text); // cleared: the command's own output starts at the line's beginning
    }
}
