using System.Text;

namespace Twin.Import.Tests;

/// <summary>Small hand-written files, one quirk each; expected numbers are worked out in the comments.</summary>
public sealed class QuirkTests
{
    // Two cycles of a generic CSV: charge 1 A for 3600 s then discharge 1 A for 1800 s (cycle 1),
    // counters restart per step. Cycle 1: charge 1.0 Ah, discharge 0.5 Ah; cycle 2: 0.8 / 0.7 Ah.
    private const string Generic = """
        cycle,time_s,current_a,voltage_v,charge_capacity_ah,discharge_capacity_ah,temperature_c
        1,0,1,3.5,0,0,25
        1,3600,1,4.2,1.0,0,27
        1,3601,-1,4.1,0,0.0003,26
        1,5400,-1,3.0,0,0.5,24
        2,5401,1,3.5,0.0003,0,25
        2,8280,1,4.2,0.8,0,25
        2,8281,-1,4.1,0,0.0003,25
        2,10920,-1,3.0,0,0.7,25

        """;

    [Fact]
    public void GenericCsvSummarisesEachCycle()
    {
        var r = Fixture.ReadText(Generic);
        Assert.Equal(CyclerFormat.GenericCsv, r.Format);
        Assert.Equal(2, r.Cycles.Count);
        var c1 = r.Cycles[0];
        Assert.Equal(1.0, c1.ChargeCapacityAh!.Value, 1e-12);
        Assert.Equal(0.5, c1.DischargeCapacityAh, 1e-12);
        Assert.Equal(0.5, c1.CoulombicEfficiency!.Value, 1e-12);
        Assert.Equal(24, c1.MinTemperatureC);
        Assert.Equal(25.5, c1.MeanTemperatureC!.Value, 1e-12);
        Assert.Equal(27, c1.MaxTemperatureC);
        Assert.Equal(5400, c1.DurationSeconds);
        Assert.Equal(0.8, r.Cycles[1].ChargeCapacityAh!.Value, 1e-12);
        Assert.Equal(0.7, r.Cycles[1].DischargeCapacityAh, 1e-12);
    }

    [Fact]
    public void CapacityThatAccumulatesThroughTheCycleGivesTheSameTotals()
    {
        // Same test, counters never reset inside a cycle (Arbin style).
        var r = Fixture.ReadText("""
            cycle,time_s,current_a,charge_capacity_ah,discharge_capacity_ah
            1,0,1,0,0
            1,3600,1,1.0,0
            1,3601,-1,1.0,0.0003
            1,5400,-1,1.0,0.5
            2,5401,1,0.0003,0
            2,8280,1,0.8,0
            2,10920,-1,0.8,0.7
            """);
        Assert.Equal(1.0, r.Cycles[0].ChargeCapacityAh!.Value, 1e-12);
        Assert.Equal(0.5, r.Cycles[0].DischargeCapacityAh, 1e-12);
        Assert.Equal(0.8, r.Cycles[1].ChargeCapacityAh!.Value, 1e-12);
        Assert.Equal(0.7, r.Cycles[1].DischargeCapacityAh, 1e-12);
    }

    [Fact]
    public void WithoutCapacityColumnsCurrentIsIntegratedOverTime()
    {
        // 2 A for 1800 s = 1 Ah charge; -1 A for 1800 s = 0.5 Ah discharge (trapezoid on constant current is exact).
        var r = Fixture.ReadText("""
            cycle,time_s,current_a,voltage_v
            1,0,2,4
            1,1800,2,4
            1,1801,-1,3
            1,3601,-1,3
            """);
        var c = Assert.Single(r.Cycles);
        Assert.Equal(1.0 + 0.5 * 1 * 1 / 3600.0, c.ChargeCapacityAh!.Value, 1e-12); // + the 1 s ramp from 2 A to -1 A: mean 0.5 A
        Assert.Equal(0.5, c.DischargeCapacityAh, 1e-12);
        Assert.Equal(4.0, c.ChargeEnergyWh!.Value, 1e-3);
        Assert.Contains(r.Warnings, w => w.Contains("integral", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Current (mA)", "Charge Capacity (mAh)")]
    [InlineData("Current[mA]", "Charge Capacity[mAh]")]
    [InlineData("I/mA", "Q charge/mA.h")]
    [InlineData("mAmps", "Chg. Cap.(mAh)")]
    public void UnitSyntaxesScaleToAmpsAndAmpHours(string current, string capacity)
    {
        var r = Fixture.ReadText($"""
            Cycle,Time (s),{current},{capacity}
            1,0,500,0
            1,10,500,1000
            """);
        Assert.Equal(1.0, Assert.Single(r.Cycles).ChargeCapacityAh!.Value, 1e-12);
    }

    [Fact]
    public void DecimalCommaInATabFileIsReadAsDecimals()
    {
        var r = Fixture.ReadText("cycle\ttime/s\tI/A\tQ charge/A.h\tQ discharge/A.h\n1\t0\t1,5\t0,25\t0\n1\t1\t1,5\t1,25\t0\n");
        Assert.Equal(1.25, Assert.Single(r.Cycles).ChargeCapacityAh!.Value, 1e-12);
    }

    [Fact]
    public void BomAndLatin1HeadersAreRead()
    {
        var latin1 = Encoding.Latin1.GetBytes("cycle,time_s,current_a,charge_capacity_ah,discharge_capacity_ah,Temperature (\u00B0C)\n1,0,1,0.5,0,20\n1,1,1,0.75,0,30\n");
        var c = Assert.Single(Fixture.ReadBytes(latin1).Cycles);
        Assert.Equal(25, c.MeanTemperatureC);

        var bom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Generic)).ToArray();
        Assert.Equal(2, Fixture.ReadBytes(bom).Cycles.Count);
    }

    [Fact]
    public void TrailingDelimitersAddNoColumn()
    {
        var r = Fixture.ReadText("cycle,time_s,current_a,charge_capacity_ah,discharge_capacity_ah,\n1,0,1,0,0,\n1,1,1,0.5,0,\n");
        Assert.Equal(0.5, Assert.Single(r.Cycles).ChargeCapacityAh!.Value, 1e-12);
    }

    [Fact]
    public void ATruncatedLastRowIsDroppedWithAWarning()
    {
        var r = Fixture.ReadText("cycle,time_s,current_a,charge_capacity_ah,discharge_capacity_ah\n1,0,1,0,0\n1,1,1,0.5,0\n1,2,1,0.");
        Assert.Equal(0.5, Assert.Single(r.Cycles).ChargeCapacityAh!.Value, 1e-12);
        Assert.Contains(r.Warnings, w => w.Contains("truncated last row at line 4", StringComparison.Ordinal));
    }

    [Fact]
    public void ACorruptRowIsAnErrorNamingLineAndColumn()
    {
        var e = Assert.Throws<CyclerDataException>(() => Fixture.ReadText(
            "cycle,time_s,current_a,charge_capacity_ah,discharge_capacity_ah\n1,0,1,0,0\n1,1,1,0.5x,0\n1,2,1,0.6,0\n"));
        Assert.Equal(3, e.Line);
        Assert.Equal("charge_capacity_ah", e.Column);
        Assert.Contains("Line 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("charge_capacity_ah", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AShortRowInTheMiddleIsAnError()
    {
        var e = Assert.Throws<CyclerDataException>(() => Fixture.ReadText(
            "cycle,time_s,current_a,charge_capacity_ah,discharge_capacity_ah\n1,0,1,0,0\n1,1\n1,2,1,0.6,0\n"));
        Assert.Equal(3, e.Line);
        Assert.Equal("current_a", e.Column);
    }

    [Fact]
    public void UnknownFormatListsTheSupportedFormatsAndWhatWasSeen()
    {
        var e = Assert.Throws<UnsupportedCyclerFormatException>(() => Fixture.ReadText("hello,world\n1,2\n", name: "notes.csv"));
        Assert.Contains("arbin-csv", e.Message, StringComparison.Ordinal);
        Assert.Contains("generic-csv", e.Message, StringComparison.Ordinal);
        Assert.Contains("hello,world", e.Message, StringComparison.Ordinal);
        Assert.Contains("notes.csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHeaderWithoutRowsIsAnEmptyFile()
    {
        var e = Assert.Throws<EmptyCyclerFileException>(() => Fixture.ReadText("cycle,time_s,current_a\n"));
        Assert.Contains("No cycles", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroBasedCyclesAreRenumberedWithAWarning()
    {
        var r = Fixture.ReadText("cycle,time_s,current_a,charge_capacity_ah,discharge_capacity_ah\n0,0,1,0.1,0\n1,1,1,0.2,0\n");
        Assert.Equal([1, 2], r.Cycles.Select(c => c.Cycle));
        Assert.Contains(r.Warnings, w => w.Contains("renumbered", StringComparison.Ordinal));
    }

    [Fact]
    public void StateCodedUnsignedCurrentUsesTheState()
    {
        // Maccor-like: Amps is positive on discharge; Amp-hr restarts per step.
        var r = Fixture.ReadText("""
            Rec#	Cyc#	Step	Test (Sec)	Amp-hr	Watt-hr	Amps	Volts	State
            1	1	1	0	0.0	0.0	1.0	3.5	C
            2	1	1	10	0.6	2.4	1.0	4.2	C
            3	1	2	11	0.0	0.0	1.0	4.1	D
            4	1	2	20	0.4	1.4	1.0	3.0	D
            """);
        var c = Assert.Single(r.Cycles);
        Assert.Equal(CyclerFormat.MaccorText, r.Format);
        Assert.Equal(0.6, c.ChargeCapacityAh!.Value, 1e-12);
        Assert.Equal(0.4, c.DischargeCapacityAh, 1e-12);
        Assert.Equal(1.4, c.DischargeEnergyWh!.Value, 1e-12);
    }

    [Fact]
    public void AReadOfANonSeekableStreamGivesTheSameResult()
    {
        var bytes = File.ReadAllBytes(Fixture.Path("neware_csv/neware_uio.csv"));
        var viaFile = Fixture.Read("neware_csv/neware_uio.csv");
        var viaPipe = CyclerFileImporter.ReadCycles(new NonSeekableStream(bytes), "neware_uio.csv");
        Assert.Equal(viaFile.Cycles, viaPipe.Cycles);
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
