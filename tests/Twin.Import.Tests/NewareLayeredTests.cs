namespace Twin.Import.Tests;

/// <summary>
/// Neware's layered BTS export (defect 11). No such export is among the shared cycler samples, so
/// Fixtures/neware_layered_csv/neware_layered_constructed.csv is constructed (see PROVENANCE.md) in
/// the vendor's layout: three stacked header rows (cycle, step, record), deeper levels indented by
/// leading empty fields, each cycle's summary row before its steps and records. Its numbers are
/// cycles 1–2 of the real record-layer export neware_uio.csv, five records per step, in mAh/mA.
/// </summary>
public sealed class NewareLayeredTests
{
    const string Layered = "neware_layered_csv/neware_layered_constructed.csv";

    [Fact]
    public void TheLayeredExportIsDetectedAndItsCyclesMatchTheVendorsCycleRows()
    {
        var r = Fixture.Read(Layered);
        Assert.Equal(CyclerFormat.NewareLayeredCsv, r.Format);
        Assert.Equal([1, 2], r.Cycles.Select(c => c.Cycle));
        // The vendor's cycle rows: Cap_Chg 4.2493 / 4.2467 mAh, Cap_DChg 5.0863 / 4.3684 mAh; the records' step
        // maxima are rounded to 0.1 µAh each, so their sums may differ from the row by a few tenths of a µAh.
        Assert.Equal(0.0050863, r.Cycles[0].DischargeCapacityAh, 3e-7);
        Assert.Equal(0.0042493, r.Cycles[0].ChargeCapacityAh!.Value, 3e-7);
        Assert.Equal(0.0043684, r.Cycles[1].DischargeCapacityAh, 3e-7);
        Assert.Equal(0.0042467, r.Cycles[1].ChargeCapacityAh!.Value, 3e-7);
        Assert.Empty(r.Warnings); // records and cycle rows agree
    }

    [Fact]
    public void TheLayeredAndTheRecordExportOfTheSameTestGiveTheSameCycles()
    {
        var layered = Fixture.Read(Layered).Cycles;
        var records = Fixture.Read("neware_csv/neware_uio.csv").Cycles.Take(2).ToArray();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(records[i].DischargeCapacityAh, layered[i].DischargeCapacityAh, 1e-7); // the layered file keeps 0.1 µAh
            Assert.Equal(records[i].ChargeCapacityAh!.Value, layered[i].ChargeCapacityAh!.Value, 1e-7);
        }
    }

    [Fact]
    public void ACycleRowThatDisagreesWithItsRecordsIsNamedInAWarning()
    {
        var text = File.ReadAllText(Fixture.Path(Layered)).Replace("\n2,4.2467,4.3684,", "\n2,4.2467,4.9000,");
        var r = Fixture.ReadText(text, name: "tampered.csv");
        Assert.Equal(0.0043684, r.Cycles[1].DischargeCapacityAh, 3e-7);
        Assert.Equal("Cycle 2: the records give 4.3684 mAh discharged and 4.2467 mAh charged, the vendor's cycle row 4.9 and 4.2467 mAh; the records' numbers are used.",
            Assert.Single(r.Warnings));
    }

    [Fact]
    public void AStepRowBeforeAnyCycleRowIsACorruptRowNamingItsLine()
    {
        var lines = File.ReadAllLines(Fixture.Path(Layered)).ToList();
        lines.RemoveAt(3); // the first cycle row
        var e = Assert.Throws<CyclerDataException>(() => Fixture.ReadText(string.Join("\n", lines)));
        Assert.Equal(4, e.Line);
    }
}
