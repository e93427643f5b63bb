using Twin.Ml.Models;
using Twin.Ml.Training;

using Twin.Tests.Shared;

namespace Twin.Ml.Tests.Training;

/// <summary>Trains once on the shipped training data (about a second) and exports through the real gate.</summary>
public sealed class ShippedModelFixture
{
    public ShippedModelFixture()
    {
        Root = RepoPaths.TrainingData;
        Data = TrainingData.Load(Root);
        Trained = new DesignModelTrainer(new TrainingOptions()).Train(Data);
        (Onnx, Agreement) = ModelExporter.Export(Trained, Data, "test");
    }

    public string Root { get; }
    public TrainingData Data { get; }
    public TrainedDesignModel Trained { get; }
    public byte[] Onnx { get; }
    public double Agreement { get; }

    public ModelCard Card(string name = "test-model") => new()
    {
        Name = name, Version = "test", CreatedAt = DateTimeOffset.UnixEpoch, OnnxFile = name + ".onnx",
        OnnxSha256 = ModelExporter.Sha256(Onnx), Features = Core.Features.DesignFeatures.Names,
        Outputs = [ModelExporter.LifetimeOutput, ModelExporter.ExponentOutput], FadeLaw = "test", DataHash = Data.DataHash,
        DataFiles = [], Training = Trained.Summary, LifetimeParameters = new Dictionary<string, string>(),
        ExponentParameters = new Dictionary<string, string>(), Rounds = 1, LifetimeShrinkage = Trained.Shrinkage, Calibration = Trained.Calibration, TwinCalibration = Trained.TwinCalibration,
        KnownCoatings = Trained.KnownCoatings, CrossValidation = Trained.CrossValidation, OrtXgboostMaxRelativeDifference = Agreement,
    };
}
