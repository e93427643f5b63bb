using System.Diagnostics;

namespace Twin.Import.Tests;

/// <summary>
/// Truncated, mutated and random inputs must end in a result or a <see cref="CyclerImportException"/>,
/// never another exception or a hang. Fixed seeds keep failures reproducible; each case runs on a
/// worker with a 10 s limit, and mutations use the first 64 KiB of each fixture to keep the suite fast.
/// </summary>
public sealed class FuzzTests
{
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(10);

    public static TheoryData<string> Fixtures() =>
    [
        "arbin_csv/sample_data_arbin.csv", "arbin_csv/FastCharge_000025_CH8.csv",
        "arbin_xlsx/bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx",
        "maccor_txt/xTESLADIAG_000019_CH70.070", "maccor_txt/maccor_two.txt", "maccor_txt/maccor_001_first1200rows.txt",
        "maccor_csv/sample_data_maccor.csv", "neware_csv/neware_uio.csv", "biologic_mpt/biologic_test_file_short.mpt",
        "biologic_mpt/Sample_data_biologic_timestamped.txt", "novonix_csv/test_Nova_Form-CH01-01_short.csv",
        "basytec_txt/sample_data_basytec.txt", "pec_csv/pec.csv", "pec_csv/Test25195.csv",
        "batteryarchive_csv/CALCE_CX2-33_prism_LCO_25C_0-100_0.5-0.5C_d_cycle_data.csv",
    ];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void TruncatedAndMutatedFixturesEndInAResultOrAnImportError(string file)
    {
        var all = File.ReadAllBytes(Fixture.Path(file));
        bool zip = file.EndsWith(".xlsx", StringComparison.Ordinal);
        var head = zip ? all : all[..Math.Min(all.Length, 1 << 16)];
        var rng = new Random(file.Length * 7919);
        int cuts = zip ? 8 : 40;
        for (int i = 0; i < cuts; i++)
        {
            Run(head[..rng.Next(head.Length + 1)], $"{file} cut");
        }

        for (int i = 0; i < (zip ? 8 : 40); i++)
        {
            var m = (byte[])head.Clone();
            int edits = 1 + rng.Next(8);
            for (int k = 0; k < edits; k++)
            {
                m[rng.Next(m.Length)] = rng.Next(4) switch
                {
                    0 => (byte)',',
                    1 => (byte)'\n',
                    2 => (byte)'\t',
                    _ => (byte)rng.Next(256),
                };
            }

            Run(m, $"{file} mutation {i}");
        }
    }

    [Fact]
    public void RandomBytesEndInAnImportError()
    {
        var rng = new Random(12345);
        for (int i = 0; i < 200; i++)
        {
            var b = new byte[rng.Next(0, 4096)];
            rng.NextBytes(b);
            if (i % 4 == 0 && b.Length > 4)
            {
                b[0] = (byte)'P'; b[1] = (byte)'K'; b[2] = 3; b[3] = 4; // a fake ZIP head
            }

            Run(b, $"random {i}");
        }
    }

    [Fact]
    public void RandomRowsUnderAValidHeaderEndInAResultOrAnImportError()
    {
        var rng = new Random(777);
        const string alphabet = "0123456789.,-+eE \t\"NA/:;x\r";
        for (int i = 0; i < 200; i++)
        {
            var sb = new System.Text.StringBuilder("cycle,time_s,current_a,voltage_v,charge_capacity_ah,discharge_capacity_ah,temperature_c\n");
            int lines = rng.Next(1, 20);
            for (int l = 0; l < lines; l++)
            {
                int len = rng.Next(0, 60);
                for (int k = 0; k < len; k++)
                {
                    sb.Append(alphabet[rng.Next(alphabet.Length)]);
                }

                sb.Append('\n');
            }

            Run(System.Text.Encoding.UTF8.GetBytes(sb.ToString()), $"rows {i}");
        }
    }

    private static void Run(byte[] bytes, string what)
    {
        using var cts = new CancellationTokenSource(PerCase);
        var task = Task.Run(() =>
        {
            try
            {
                CyclerFileImporter.ReadCycles(new MemoryStream(bytes), "fuzz", null, cts.Token);
            }
            catch (CyclerImportException)
            {
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{what}: parse cancelled after {PerCase}");
            }
        });
        if (!task.Wait(PerCase + TimeSpan.FromSeconds(5)))
        {
            throw new TimeoutException($"{what}: no answer within {PerCase}");
        }

        Debug.Assert(task.IsCompletedSuccessfully);
    }
}
