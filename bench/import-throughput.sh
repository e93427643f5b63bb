#!/usr/bin/env bash
# Parse-and-summarise throughput and peak memory of the cycler importer at several file sizes,
# to show rows/s (target >= 1,000,000 on one core) and that memory does not grow with the file.
# Usage: bench/import-throughput.sh [rows ...]   (default: 1.3M and 5.2M rows, about 200 and 800 MB)
# Builds a throwaway console in a temp dir that references src/Twin.Import and the benchmark's
# synthetic Arbin-like writer; peak RSS comes from /usr/bin/time when present, else /proc.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sizes=("$@"); [ ${#sizes[@]} -eq 0 ] && sizes=(1300000 5200000)

cat > "$work/probe.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <ServerGarbageCollector>false</ServerGarbageCollector><ConcurrentGarbageCollection>false</ConcurrentGarbageCollection>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$repo/src/Twin.Import/Twin.Import.csproj" />
    <Compile Include="$repo/bench/Twin.Benchmarks/Import/SyntheticArbinCsv.cs" />
  </ItemGroup>
</Project>
XML
cat > "$work/Program.cs" <<'CS'
using System.Diagnostics;
using Twin.Import;
string mode = args[0], path = args[1];
if (mode == "write") { Twin.Benchmarks.Import.SyntheticArbinCsv.Write(path, long.Parse(args[2])); return; }
long rows = long.Parse(args[2]);
var sw = Stopwatch.StartNew();
var r = CyclerFileImporter.ReadCycles(path, CyclerFormat.ArbinCsv);
sw.Stop();
using var p = Process.GetCurrentProcess();
Console.WriteLine($"rows={rows:N0} file_MB={new FileInfo(path).Length / 1e6:F0} cycles={r.Cycles.Count} seconds={sw.Elapsed.TotalSeconds:F2} rows_per_s={rows / sw.Elapsed.TotalSeconds:N0} peak_working_set_MB={p.PeakWorkingSet64 / 1e6:F0}");
CS
dotnet build -c Release "$work/probe.csproj" -o "$work/out" --artifacts-path "$work/art" -v q -nologo >/dev/null
for n in "${sizes[@]}"; do
  f="$work/arbin-$n.csv"
  dotnet "$work/out/probe.dll" write "$f" "$n"
  cat "$f" > /dev/null   # warm the page cache so the disk is not what is measured
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "    max_rss_KB=%M" dotnet "$work/out/probe.dll" read "$f" "$n"
  else
    dotnet "$work/out/probe.dll" read "$f" "$n"
  fi
  rm -f "$f"
done
