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

    public ModelCard Card(string name = "test-model") => ModelCard.For(name, "test", Onnx, Agreement, Data, Root, Trained, new TrainingOptions());
}
