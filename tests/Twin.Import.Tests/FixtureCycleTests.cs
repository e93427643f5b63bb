namespace Twin.Import.Tests;

/// <summary>
/// Each fixture's per-cycle capacities against numbers computed independently by
/// Fixtures/independent_check.py (a separate Python reading of the raw columns: per-step maxima for
/// counters that restart every step, per-cycle maxima for counters that run through the cycle) or,
/// for the BatteryArchive summary, the vendor's own per-cycle columns.
/// The script prints 10 significant digits, so values below 100 Ah are compared to within 1e-8 Ah.
/// </summary>
public sealed class FixtureCycleTests
{
    private const double Tol = 1e-8;

    [Theory]
    [InlineData("arbin_csv/FastCharge_000025_CH8.csv", CyclerFormat.ArbinCsv, 1)]
    [InlineData("arbin_csv/sample_data_arbin.csv", CyclerFormat.ArbinCsv, 1)]
    [InlineData("arbin_xlsx/bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx", CyclerFormat.ArbinXlsx, 1)]
    [InlineData("maccor_txt/xTESLADIAG_000019_CH70.070", CyclerFormat.MaccorText, 3)]
    [InlineData("maccor_txt/PredictionDiagnostics_000151_test.052", CyclerFormat.MaccorText, 1)]
    [InlineData("maccor_txt/maccor_001_first1200rows.txt", CyclerFormat.MaccorText, 1)]
    [InlineData("maccor_txt/maccor_two.txt", CyclerFormat.MaccorText, 1)]
    [InlineData("maccor_txt/maccor_test_file_4267-66-6519.041", CyclerFormat.MaccorText, 1)]
    [InlineData("maccor_csv/sample_data_maccor.csv", CyclerFormat.MaccorCsv, 1)]
    [InlineData("neware_csv/neware_uio.csv", CyclerFormat.NewareCsv, 4)]
    [InlineData("biologic_mpt/biologic_test_file_short.mpt", CyclerFormat.BiologicMpt, 1)]
    [InlineData("biologic_mpt/Sample_data_biologic_timestamped.txt", CyclerFormat.BiologicMpt, 1)]
    [InlineData("novonix_csv/test_Nova_Form-CH01-01_short.csv", CyclerFormat.NovonixCsv, 1)]
    [InlineData("basytec_txt/sample_data_basytec.txt", CyclerFormat.BasytecText, 2)]
    [InlineData("pec_csv/pec.csv", CyclerFormat.PecCsv, 3)]
    [InlineData("pec_csv/Test25195.csv", CyclerFormat.PecCsv, 1)]
    [InlineData("batteryarchive_csv/CALCE_CX2-33_prism_LCO_25C_0-100_0.5-0.5C_d_timeseries.csv", CyclerFormat.BatteryArchiveTimeSeries, 1)]
    [InlineData("batteryarchive_csv/CALCE_CX2-33_prism_LCO_25C_0-100_0.5-0.5C_d_cycle_data.csv", CyclerFormat.BatteryArchiveCycleSummary, 9)]
    public void EachFixtureIsDetectedAndYieldsItsCycleCount(string file, CyclerFormat format, int cycles)
    {
        using (var s = File.OpenRead(Fixture.Path(file)))
        {
            var detection = CyclerFileImporter.Detect(s, file);
            Assert.Equal(format, detection.Format);
            Assert.False(string.IsNullOrWhiteSpace(detection.Reason));
            Assert.Equal(0, s.Position);
        }

        var result = Fixture.Read(file);
        Assert.Equal(format, result.Format);
        Assert.Equal(cycles, result.Cycles.Count);
        Assert.All(result.Cycles, c => Assert.True(c.Cycle >= 1));
    }

    [Fact]
    public void MaccorTeslaDiagnosticMatchesPerStepAmpHourSums()
    {
        var r = Fixture.Read("maccor_txt/xTESLADIAG_000019_CH70.070");
        Assert.Equal([1, 2, 3], r.Cycles.Select(c => c.Cycle));
        Assert.Equal(0, r.Cycles[0].ChargeCapacityAh!.Value, Tol);
        Assert.Equal(0.1247312174, r.Cycles[0].DischargeCapacityAh, Tol);
        Assert.Equal(88.60790311, r.Cycles[1].ChargeCapacityAh!.Value, Tol);
        Assert.Equal(88.53887056, r.Cycles[1].DischargeCapacityAh, Tol);
        Assert.Equal(0.5398964224, r.Cycles[2].DischargeCapacityAh, Tol);
        Assert.Contains(r.Warnings, w => w.Contains("renumbered", StringComparison.Ordinal));
        // 0-based Cyc# 1 is cycle 2 here; its first row's DPt Time is 07/11/2019 14:33:26 (read from the file by eye).
        Assert.Equal(new DateTimeOffset(2019, 7, 11, 14, 33, 26, TimeSpan.Zero), r.Cycles[1].StartTime);
    }

    [Fact]
    public void MaccorSliceKeepsItsOwnCycleNumberAndSignedDischarge()
    {
        var c = Assert.Single(Fixture.Read("maccor_txt/PredictionDiagnostics_000151_test.052").Cycles);
        Assert.Equal(37, c.Cycle);
        Assert.Equal(0, c.ChargeCapacityAh!.Value, Tol);
        Assert.Equal(0.0236349063, c.DischargeCapacityAh, Tol);
    }

    [Fact]
    public void MaccorSimbaWithDayPrefixedTimesAndUnsignedCurrentUsesTheStateColumn()
    {
        var c = Assert.Single(Fixture.Read("maccor_txt/maccor_001_first1200rows.txt").Cycles);
        Assert.Equal(4.52259, c.ChargeCapacityAh!.Value, Tol);
        Assert.Equal(0.63781, c.DischargeCapacityAh, Tol);
        Assert.Null(c.MeanTemperatureC); // the Aux columns hold -2501.7 sentinels and are not a temperature column
    }

    [Fact]
    public void MaccorDecimalCommaFileDropsItsTruncatedLastRowWithAWarning()
    {
        var r = Fixture.Read("maccor_txt/maccor_two.txt");
        var c = Assert.Single(r.Cycles);
        Assert.Equal(0, c.ChargeCapacityAh);
        Assert.Contains(r.Warnings, w => w.Contains("truncated last row at line 229", StringComparison.Ordinal));
        Assert.Contains(r.Warnings, w => w.Contains("decimal comma", StringComparison.Ordinal));
        // TestTime is in minutes: row 1 is 0 and the last complete row (Rec 213, line 228) is 212 min.
        Assert.Equal(212 * 60, c.DurationSeconds!.Value, 1e-6);
        // DPT Time is day-first in this European export: 06/05/2021 is 6 May 2021.
        Assert.Equal(new DateTimeOffset(2021, 5, 6, 11, 23, 46, TimeSpan.Zero), c.StartTime);
    }

    [Fact]
    public void NewareCyclesMatchPerStepCounterMaxima()
    {
        var r = Fixture.Read("neware_csv/neware_uio.csv");
        // Cycle 3 holds two discharge–charge pairs (steps 2–8, then 11–13 as the schedule moves to its
        // next loop); it counts the first: 4.02979 + 0.19197 + 0.11042 mAh discharged, 4.24183 mAh charged.
        double[] chg = [0.00424934, 0.00424668, 0.00424183, 0.00143796];
        double[] dchg = [0.00508628, 0.00436841, 0.00433218, 0.00331516];
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(i + 1, r.Cycles[i].Cycle);
            Assert.Equal(chg[i], r.Cycles[i].ChargeCapacityAh!.Value, Tol);
            Assert.Equal(dchg[i], r.Cycles[i].DischargeCapacityAh, Tol);
        }
        Assert.StartsWith("Cycle 3 holds a second discharge after its charge (from step 11): 3.642",
            Assert.Single(r.Warnings));
    }

    [Fact]
    public void PecCyclesMatchPerCycleMaximaInMilliampHoursWithMislabelledEnergyColumns()
    {
        var r = Fixture.Read("pec_csv/pec.csv");
        Assert.Equal(11.634168, r.Cycles[0].DischargeCapacityAh, Tol);
        Assert.Equal(44.424915, r.Cycles[1].ChargeCapacityAh!.Value, Tol);
        Assert.Equal(44.351991, r.Cycles[1].DischargeCapacityAh, Tol);
        Assert.Equal(44.25893, r.Cycles[2].ChargeCapacityAh!.Value, Tol);
        // "Charge Capacity (mWh)" is energy: mWh → Wh, about 3.3 V × capacity, never equal to it.
        Assert.InRange(r.Cycles[1].ChargeEnergyWh!.Value / r.Cycles[1].ChargeCapacityAh!.Value, 3.0, 3.6);
        Assert.Equal(24.9, r.Cycles[1].MinTemperatureC!.Value, 1e-12);
        Assert.Equal(26.0, r.Cycles[1].MaxTemperatureC!.Value, 1e-12);
        Assert.Equal(25.2, r.Cycles[2].MinTemperatureC!.Value, 1e-12);
        Assert.Equal(26.2, r.Cycles[2].MaxTemperatureC!.Value, 1e-12);
    }

    [Fact]
    public void ArbinCsvAndXlsxMatchPerCycleCounterMaxima()
    {
        var csv = Assert.Single(Fixture.Read("arbin_csv/sample_data_arbin.csv").Cycles);
        Assert.Equal(0.000400839, csv.ChargeCapacityAh!.Value, 1e-12);
        Assert.Equal(2.04379e-05, csv.DischargeCapacityAh, 1e-12);
        Assert.Equal(new DateTimeOffset(2024, 9, 20, 8, 32, 34, 558, TimeSpan.Zero), csv.StartTime);

        var xlsx = Assert.Single(Fixture.Read("arbin_xlsx/bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx").Cycles);
        Assert.Equal(0.005702702794, xlsx.ChargeCapacityAh!.Value, 1e-11);
        Assert.Equal(0.01105489768, xlsx.DischargeCapacityAh, 1e-11);
        Assert.Equal(new DateOnly(2020, 10, 19), DateOnly.FromDateTime(xlsx.StartTime!.Value.UtcDateTime));
    }

    [Fact]
    public void ArbinTriDumpWithEpochTimesReportsTemperatureAndDuration()
    {
        var c = Assert.Single(Fixture.Read("arbin_csv/FastCharge_000025_CH8.csv").Cycles);
        Assert.Equal(28.988352, c.MinTemperatureC!.Value, 1e-9);
        Assert.Equal(30.131748, c.MaxTemperatureC!.Value, 1e-9);
        Assert.Equal(1800.0104 - 10.0024, c.DurationSeconds!.Value, 1e-9);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1494645243472), c.StartTime);
    }

    [Fact]
    public void ArbinTriDumpWithEmptyCycleColumnIsAnEmptyFile()
    {
        var e = Assert.Throws<EmptyCyclerFileException>(() => Fixture.Read("arbin_csv/2017-05-09_test-TC-contact_CH33.csv"));
        Assert.Contains("287 data rows", e.Message, StringComparison.Ordinal);
        Assert.Contains("Cycle_Index", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BiologicNovonixAndBasytecMatchTheirCounters()
    {
        var bio = Assert.Single(Fixture.Read("biologic_mpt/biologic_test_file_short.mpt").Cycles);
        Assert.Equal(0.0003713995091, bio.ChargeCapacityAh!.Value, 1e-13);
        var stamped = Assert.Single(Fixture.Read("biologic_mpt/Sample_data_biologic_timestamped.txt").Cycles);
        Assert.Equal(0.0007501638655, stamped.ChargeCapacityAh!.Value, 1e-13);
        Assert.Equal(new DateTimeOffset(2024, 11, 20, 11, 38, 41, 707, TimeSpan.Zero), stamped.StartTime);

        var nov = Assert.Single(Fixture.Read("novonix_csv/test_Nova_Form-CH01-01_short.csv").Cycles);
        Assert.Equal(0.0294679161, nov.ChargeCapacityAh!.Value, 1e-12);
        Assert.Equal(38.9270401, nov.MinTemperatureC!.Value, 1e-9);
        Assert.Equal(39.47261429, nov.MaxTemperatureC!.Value, 1e-9);

        var bas = Fixture.Read("basytec_txt/sample_data_basytec.txt");
        Assert.Equal(0.001248916998, bas.Cycles[1].ChargeCapacityAh!.Value, 1e-12);
        // No clock column: start = preamble "~Start of Test: 19.06.2023 17:56:53" + Time[s] of the cycle's first row.
        Assert.Equal(new DateTimeOffset(2023, 6, 19, 17, 56, 53, TimeSpan.Zero), bas.Cycles[0].StartTime);
    }

    [Fact]
    public void BatteryArchiveSummaryIsTakenFromTheVendorsPerCycleColumns()
    {
        var r = Fixture.Read("batteryarchive_csv/CALCE_CX2-33_prism_LCO_25C_0-100_0.5-0.5C_d_cycle_data.csv");
        Assert.Equal(Enumerable.Range(1, 9), r.Cycles.Select(c => c.Cycle));
        Assert.Equal(1.291, r.Cycles[1].ChargeCapacityAh!.Value, 1e-12);
        Assert.Equal(1.295, r.Cycles[1].DischargeCapacityAh, 1e-12);
        Assert.Equal(4.781, r.Cycles[1].DischargeEnergyWh!.Value, 1e-12);

        var ts = Assert.Single(Fixture.Read("batteryarchive_csv/CALCE_CX2-33_prism_LCO_25C_0-100_0.5-0.5C_d_timeseries.csv").Cycles);
        Assert.Equal(0.059, ts.ChargeCapacityAh!.Value, 1e-12);
        Assert.Null(ts.MeanTemperatureC); // both temperature columns are empty
    }

    [Fact]
    public void AnExplicitFormatSkipsDetection()
    {
        var r = Fixture.Read("arbin_csv/sample_data_arbin.csv", CyclerFormat.GenericCsv);
        Assert.Equal(CyclerFormat.GenericCsv, r.Format);
        Assert.Contains("explicitly", r.DetectionReason, StringComparison.Ordinal);
        Assert.Equal(0.000400839, Assert.Single(r.Cycles).ChargeCapacityAh!.Value, 1e-12);
    }

    [Fact]
    public void CycleSummaryMapsToTheCoreCycleRecord()
    {
        var c = Fixture.Read("pec_csv/pec.csv").Cycles[1];
        var rec = c.ToCycleRecord("cell-7");
        Assert.Equal("cell-7", rec.CellId);
        Assert.Equal(2, rec.Cycle);
        Assert.Equal(c.DischargeCapacityAh, rec.DischargeCapacityAh);
        Assert.Equal(c.ChargeCapacityAh, rec.ChargeCapacityAh);
        Assert.Equal(c.DischargeEnergyWh, rec.EnergyWh);
        Assert.Equal(c.MeanTemperatureC, rec.TemperatureC);
        Assert.Equal(c.StartTime, rec.Timestamp);
    }

    [Theory]
    [InlineData("arbin-csv", CyclerFormat.ArbinCsv)]
    [InlineData("MACCOR-TEXT", CyclerFormat.MaccorText)]
    [InlineData("BatteryArchiveCycleSummary", CyclerFormat.BatteryArchiveCycleSummary)]
    public void FormatNamesRoundTrip(string name, CyclerFormat expected)
    {
        Assert.True(CyclerFormats.TryParse(name, out var f));
        Assert.Equal(expected, f);
        Assert.Equal(expected, CyclerFormats.TryParse(expected.Name(), out var g) ? g : null);
    }
}
