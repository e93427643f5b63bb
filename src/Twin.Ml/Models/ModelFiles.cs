using System.Text.Json;

namespace Twin.Ml.Models;

/// <summary>
/// A model on disk: NAME.onnx and NAME.card.json in one folder. Writes go to temporary files
/// renamed into place, the card last, and the card carries the ONNX file's hash, so a crash or
/// a refused export never leaves a half-written model that loads.
/// </summary>
public static class ModelFiles
{
    public static string OnnxPath(string folder, string name) => Path.Combine(folder, name + ".onnx");
    public static string CardPath(string folder, string name) => Path.Combine(folder, name + ".card.json");

    public static void Save(string folder, string name, byte[] onnx, ModelCard card)
    {
        Directory.CreateDirectory(folder);
        var onnxTmp = OnnxPath(folder, name) + ".tmp";
        var cardTmp = CardPath(folder, name) + ".tmp";
        File.WriteAllBytes(onnxTmp, onnx);
        File.WriteAllText(cardTmp, JsonSerializer.Serialize(card, ModelCard.Json) + "\n");
        File.Move(onnxTmp, OnnxPath(folder, name), overwrite: true);
        File.Move(cardTmp, CardPath(folder, name), overwrite: true);
    }

    public static (byte[] Onnx, ModelCard Card) Load(string folder, string name)
    {
        var cardPath = CardPath(folder, name);
        var onnxPath = OnnxPath(folder, name);
        if (!File.Exists(cardPath) || !File.Exists(onnxPath))
            throw new FileNotFoundException($"model '{name}' not found in '{folder}': expected {Path.GetFileName(onnxPath)} and {Path.GetFileName(cardPath)}. Train one with `twin train`.");
        var card = JsonSerializer.Deserialize<ModelCard>(File.ReadAllText(cardPath), ModelCard.Json)
                   ?? throw new InvalidDataException($"model card '{cardPath}' is empty.");
        var onnx = File.ReadAllBytes(onnxPath);
        var hash = ModelExporter.Sha256(onnx);
        if (hash != card.OnnxSha256)
            throw new InvalidDataException($"model '{name}': {Path.GetFileName(onnxPath)} has sha256 {hash} but its card expects {card.OnnxSha256}; the pair is inconsistent (retrain or restore both files).");
        return (onnx, card);
    }
}
