using System.Globalization;
using System.Text;

namespace Twin.Benchmarks.Import;

/// <summary>
/// Writes an Arbin-like CSV (same 15 columns as the TRI/BEEP dumps) of a given number of rows:
/// 1 s sampling, 3,600 rows per cycle (charge, then discharge), counters cumulative per cycle.
/// </summary>
public static class SyntheticArbinCsv
{
    public const int RowsPerCycle = 3600;

    public static void Write(string path, long rows)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        w.Write("Data_Point,Test_Time,DateTime,Step_Time,Step_Index,Cycle_Index,Current,Voltage,Charge_Capacity,Discharge_Capacity,Charge_Energy,Discharge_Energy,dV/dt,Internal_Resistance,Temperature\n");
        var inv = CultureInfo.InvariantCulture;
        double chg = 0, dchg = 0, eChg = 0, eDchg = 0;
        for (long i = 0; i < rows; i++)
        {
            long cycle = i / RowsPerCycle + 1;
            int inCycle = (int)(i % RowsPerCycle);
            if (inCycle == 0)
            {
                chg = dchg = eChg = eDchg = 0;
            }

            bool charging = inCycle < RowsPerCycle / 2;
            double current = charging ? 1.1 : -1.1;
            double v = charging ? 3.3 + inCycle * 2e-4 : 3.66 - (inCycle - RowsPerCycle / 2) * 2e-4;
            if (charging) { chg += 1.1 / 3600; eChg += 1.1 * v / 3600; }
            else { dchg += 1.1 / 3600; eDchg += 1.1 * v / 3600; }

            w.Write(i.ToString(inv)); w.Write(',');
            w.Write(i.ToString(inv)); w.Write(".0012,");
            w.Write((1494645243 + i).ToString(inv)); w.Write(".47,");
            w.Write(inCycle.ToString(inv)); w.Write(',');
            w.Write(charging ? "1," : "2,");
            w.Write(cycle.ToString(inv)); w.Write(',');
            w.Write(current.ToString("R", inv)); w.Write(',');
            w.Write(v.ToString("F7", inv)); w.Write(',');
            w.Write(chg.ToString("F10", inv)); w.Write(',');
            w.Write(dchg.ToString("F10", inv)); w.Write(',');
            w.Write(eChg.ToString("F10", inv)); w.Write(',');
            w.Write(eDchg.ToString("F10", inv)); w.Write(",1.2e-05,0.0213,");
            w.Write((30 + (i % 7) * 0.01).ToString("F5", inv)); w.Write('\n');
        }
    }
}
