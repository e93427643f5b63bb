using System.Globalization;
using Twin.Tests.Shared;

namespace Twin.Cli.Tests;

public sealed class EvaluateCommandTests
{
    [Fact]
    public void EvaluateReportsTheLiteratureLeaveOneStudyOutBesideBothBaselinesAndThePairedEffect()
    {
        var (code, stdout, stderr) = TwinProcess.Run("evaluate", "--data", RepoPaths.TrainingData);
        Assert.True(code == 0, stderr);
        Assert.Contains("Literature retention, leave-one-study-out (36 results, 23 studies", stdout);
        double Mae(string method)
        {
            var line = stdout.Split('\n').Single(l => l.StartsWith(method, StringComparison.Ordinal));
            // The method column is 56 characters wide; the MAE ("14.4 pp") follows it.
            return double.Parse(line[56..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        var model = Mae("lab retention model");
        Assert.True(model < Mae("baseline: mean retention"), stdout);
        Assert.True(model < Mae("baseline: square-root fade"), stdout);
        Assert.True(model < Mae("lifetime trees + fade law"), stdout);
        Assert.Contains("Paired coating effect (8 coated-vs-bare pairs in 6 studies)", stdout);
        Assert.Contains("8 of 8 published pairs favour the coating", stdout);
    }

    [Fact]
    public void EvaluateTwinsRunsTheLabBenchmarkProtocolAndItsBaselinesOnTheRepositoryDatasets()
    {
        var report = Path.Combine(Path.GetTempPath(), $"twin-accuracy-{Guid.NewGuid():N}.md");
        try
        {
            var (code, stdout, stderr) = TwinProcess.Run("evaluate", "--twins", "--data", RepoPaths.TrainingData, "--datasets", "calce_cs2", "--out", report);
            Assert.True(code == 0, stderr);
            // The benchmark's rows: CALCE's two reference cells, its two test cells, B0 = their mean life (7.6% in ../shared/eval/results).
            foreach (var task in new[] { "T1", "T2 f=0.2", "T2 f=0.4", "T2 f=0.6", "T2 f=0.8" })
                Assert.Contains($"calce_cs2 official {task}: MAPE ", stdout);
            Assert.Contains("calce_cs2 official T2 f=0.4: MAPE 7.6% vs best baseline B0 7.6%", stdout);
            Assert.Contains("summary: beats the best baseline in ", stdout);
            Assert.Matches(@"calce_cs2 official T3 f=0\.4: SOH RMSE \d+\.\d\d pp vs best baseline B1 1\.56 pp", stdout);
            var markdown = File.ReadAllText(report);
            Assert.Contains("| calce_cs2 official T1 | 2 |", markdown);
        }
        finally
        {
            File.Delete(report);
        }
    }

    [Fact]
    public void EvaluateTwinsWithoutADatasetsFolderIsBadInput()
    {
        var empty = Directory.CreateTempSubdirectory("twin-nodata-");
        try
        {
            var (code, _, stderr) = TwinProcess.Run("evaluate", "--twins", "--data", empty.FullName);
            Assert.Equal(2, code);
            Assert.Contains("no datasets folder", stderr);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }
}
