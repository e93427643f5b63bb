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
}
