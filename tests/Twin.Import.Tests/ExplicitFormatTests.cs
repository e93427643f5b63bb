namespace Twin.Import.Tests;

/// <summary>
/// An explicit format is a claim about the file: when the file lacks the columns that format
/// is read from, the import fails naming them instead of reading the wrong columns.
/// </summary>
public sealed class ExplicitFormatTests
{
    const string CalceSummary = "batteryarchive_csv/CALCE_CX2-33_prism_LCO_25C_0-100_0.5-0.5C_d_cycle_data.csv";

    [Fact]
    public void ABatteryArchiveSummaryReadAsNewareNamesTheMissingNewareColumns()
    {
        var e = Assert.Throws<CyclerFormatMismatchException>(() => Fixture.Read(CalceSummary, CyclerFormat.NewareCsv));
        Assert.Equal(CyclerFormat.NewareCsv, e.Format);
        Assert.Equal(["'Step Type'", "'Chg. Cap.(Ah)' or 'Chg. Cap.(mAh)'", "'DChg. Cap.(Ah)' or 'DChg. Cap.(mAh)'"], e.MissingColumns);
        Assert.Contains("neware-csv", e.Message);
        Assert.Contains("'Step Type'", e.Message);
    }

    [Fact]
    public void ANewareFileReadAsABatteryArchiveSummaryNamesItsMissingColumns()
    {
        var e = Assert.Throws<CyclerFormatMismatchException>(() => Fixture.Read("neware_csv/neware_uio.csv", CyclerFormat.BatteryArchiveCycleSummary));
        Assert.Equal(["'Cycle_Index'", "'Discharge_Capacity (Ah)'"], e.MissingColumns);
    }

    [Theory]
    [InlineData("arbin_csv/FastCharge_000025_CH8.csv", CyclerFormat.ArbinCsv)]
    [InlineData("arbin_csv/sample_data_arbin.csv", CyclerFormat.ArbinCsv)]
    [InlineData("maccor_txt/xTESLADIAG_000019_CH70.070", CyclerFormat.MaccorText)]
    [InlineData("maccor_txt/maccor_two.txt", CyclerFormat.MaccorText)]
    [InlineData("maccor_csv/sample_data_maccor.csv", CyclerFormat.MaccorCsv)]
    [InlineData("neware_csv/neware_uio.csv", CyclerFormat.NewareCsv)]
    [InlineData("biologic_mpt/biologic_test_file_short.mpt", CyclerFormat.BiologicMpt)]
    [InlineData("biologic_mpt/Sample_data_biologic_timestamped.txt", CyclerFormat.BiologicMpt)]
    [InlineData("novonix_csv/test_Nova_Form-CH01-01_short.csv", CyclerFormat.NovonixCsv)]
    [InlineData("basytec_txt/sample_data_basytec.txt", CyclerFormat.BasytecText)]
    [InlineData("pec_csv/pec.csv", CyclerFormat.PecCsv)]
    [InlineData("pec_csv/Test25195.csv", CyclerFormat.PecCsv)]
    [InlineData("batteryarchive_csv/CALCE_CX2-33_prism_LCO_25C_0-100_0.5-0.5C_d_timeseries.csv", CyclerFormat.BatteryArchiveTimeSeries)]
    [InlineData(CalceSummary, CyclerFormat.BatteryArchiveCycleSummary)]
    public void EachFixtureReadsUnderItsOwnExplicitFormat(string file, CyclerFormat format)
    {
        var detected = Fixture.Read(file);
        var given = Fixture.Read(file, format);
        Assert.Equal(detected.Cycles, given.Cycles);
    }

    [Fact]
    public void AGenericCsvWithoutAChargeColumnHasNoChargeCapacity()
    {
        var r = Fixture.ReadText("cycle,discharge_capacity_ah\n1,1.00\n2,0.99\n");
        Assert.Equal([null, null], r.Cycles.Select(c => (double?)c.ChargeCapacityAh));
        Assert.Equal([null, null], r.Cycles.Select(c => c.CoulombicEfficiency));
        Assert.Null(r.Cycles[0].ToCycleRecord("c").ChargeCapacityAh);
    }
}
