using System.Text.Json;
using Twin.Ml.Models;
using Twin.Tests.Shared;

namespace Twin.Cli.Tests;

public sealed class TrainCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("twin-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TrainWritesAGatedModelAndACardAndAFailedTrainLeavesThemInPlace()
    {
        var models = Path.Combine(_dir, "models");
        var (code, stdout, stderr) = TwinProcess.Run("train", "--data", RepoPaths.TrainingData, "--models", models, "--name", "m");
        Assert.True(code == 0, stderr);
        Assert.Contains("ONNX Runtime vs XGBoost: max relative difference", stdout);
        Assert.Contains("baseline: metadata ridge regression", stdout);
        var card = JsonSerializer.Deserialize<ModelCard>(File.ReadAllText(ModelFiles.CardPath(models, "m")), ModelCard.Json)!;
        Assert.StartsWith("sha256:", card.DataHash);
        Assert.InRange(card.OrtXgboostMaxRelativeDifference, 0, ModelExporter.AgreementTolerance);
        Assert.Equal([ModelExporter.LifetimeOutput, ModelExporter.ExponentOutput, ModelExporter.LabFadeOutput], card.Outputs);
        Assert.NotNull(card.LabRetention);
        Assert.Equal(4, card.Literature!.Methods.Count); // the model, two baselines and the trees it replaced
        var before = (File.ReadAllBytes(ModelFiles.OnnxPath(models, "m")), File.ReadAllBytes(ModelFiles.CardPath(models, "m")));

        // A copy of the data with one corrupt literature row: training must fail and touch nothing.
        var data = Path.Combine(_dir, "data");
        CopyDirectory(RepoPaths.TrainingData, data);
        var literature = Path.Combine(data, "literature", "coatings.csv");
        var lines = File.ReadAllLines(literature).ToList();
        lines.Insert(1, "lit-000,g,s,1,Si,silicon,,,none,none,,,LiPF6,liquid,,,,many,90,retention_pct,");
        File.WriteAllLines(literature, lines);
        var (failed, _, error) = TwinProcess.Run("train", "--data", data, "--models", models, "--name", "m");
        Assert.Equal(2, failed);
        Assert.Contains("line 2, column 'cycles'", error);
        Assert.Equal(before.Item1, File.ReadAllBytes(ModelFiles.OnnxPath(models, "m")));
        Assert.Equal(before.Item2, File.ReadAllBytes(ModelFiles.CardPath(models, "m")));
    }

    static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(from, to));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(from, to));
    }
}
