using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Twin.Ml.Trees;

/// <summary>
/// Reads an XGBoost 1.7 JSON model (<c>Booster.save_model("*.json")</c>, or
/// <c>XGBoosterSaveModelToBuffer</c> with <c>{"format": "json"}</c>) into a <see cref="TreeEnsemble"/>.
/// Supports single-output <c>gbtree</c> models with numerical splits; anything else (dart, gblinear,
/// multi-class, categorical splits, an objective whose margin link is not known here) is refused with
/// <see cref="NotSupportedException"/>, and a malformed model with <see cref="InvalidDataException"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>base_score and the margin.</b> XGBoost 1.7 stores <c>learner_model_param.base_score</c> in the
/// objective's <i>prediction</i> space (what the user passes as <c>base_score</c>, or what
/// <c>boost_from_average</c> estimated), and its predictor starts every row's margin from the objective's
/// <c>ProbToMargin(base_score)</c>, computed in float. So <see cref="TreeEnsemble.BaseScore"/> is:
/// </para>
/// <list type="bullet">
/// <item>identity — <c>reg:squarederror</c>, <c>reg:absoluteerror</c> (whose base_score 1.7 estimates
/// from the labels' weighted median and stores as such), <c>reg:pseudohubererror</c>;</item>
/// <item><c>log(base_score)</c> — <c>survival:aft</c> (prediction = exp(margin); the default base_score
/// 0.5 gives a margin base of log 0.5 ≈ −0.6931), <c>count:poisson</c>, <c>reg:gamma</c>,
/// <c>reg:tweedie</c>;</item>
/// <item><c>logit(base_score)</c> — <c>binary:logistic</c>, <c>reg:logistic</c>.</item>
/// </list>
/// <para>The tests check each of these against XGBoost's own output_margin predictions.</para>
/// </remarks>
public static class XgbJsonTreeReader
{
    public static TreeEnsemble Read(string json, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);

        using var document = Parse(json);
        var root = document.RootElement;
        var version = Optional(root, "version");
        if (version is { ValueKind: JsonValueKind.Array } v && v.GetArrayLength() > 0 && v[0].GetInt32() != 1)
        {
            throw new NotSupportedException(
                $"The model was saved by XGBoost {string.Join('.', v.EnumerateArray().Select(e => e.GetRawText()))}; only 1.x models are read.");
        }

        var learner = Required(root, "learner");
        var booster = Required(learner, "gradient_booster");
        var boosterName = RequiredString(booster, "name");
        if (boosterName != "gbtree")
        {
            throw new NotSupportedException($"The model's booster is '{boosterName}'; only 'gbtree' models are read.");
        }

        var modelParam = Required(learner, "learner_model_param");
        var numClass = ParseInt(RequiredString(modelParam, "num_class"), "learner_model_param.num_class");
        var numTarget = Optional(modelParam, "num_target") is { } t ? ParseInt(t.GetString()!, "learner_model_param.num_target") : 1;
        if (numClass > 1 || numTarget > 1)
        {
            throw new NotSupportedException(
                $"The model has {Math.Max(numClass, numTarget)} outputs (num_class {numClass}, num_target {numTarget}); only single-output models are read.");
        }

        var numFeature = ParseInt(RequiredString(modelParam, "num_feature"), "learner_model_param.num_feature");
        if (numFeature != featureCount)
        {
            throw new InvalidDataException(
                $"The model was trained on {numFeature} features but {featureCount} were expected.");
        }

        var objective = RequiredString(Required(learner, "objective"), "name");
        var baseScore = ParseFloat(RequiredString(modelParam, "base_score"), "learner_model_param.base_score");
        var marginBase = MarginBase(objective, baseScore);

        var model = Required(booster, "model");
        if (Optional(model, "tree_info") is { ValueKind: JsonValueKind.Array } info && info.EnumerateArray().Any(g => g.GetInt32() != 0))
        {
            throw new NotSupportedException("The model has trees for more than one output group.");
        }

        var trees = new List<Tree>();
        var index = 0;
        foreach (var tree in Required(model, "trees").EnumerateArray())
        {
            trees.Add(ReadTree(tree, index++, featureCount));
        }

        return new TreeEnsemble(featureCount, marginBase, trees);
    }

    /// <summary>The margin the predictor starts from, given the stored base_score (see the remarks above).</summary>
    internal static float MarginBase(string objective, float baseScore)
    {
        float margin = objective switch
        {
            "reg:squarederror" or "reg:linear" or "reg:absoluteerror" or "reg:pseudohubererror" => baseScore,
            "survival:aft" or "count:poisson" or "reg:gamma" or "reg:tweedie" => MathF.Log(baseScore),
            "binary:logistic" or "reg:logistic" => -MathF.Log(1.0f / baseScore - 1.0f),
            _ => throw new NotSupportedException(
                $"The objective '{objective}' is not supported: how its base_score maps to the margin has not been verified."),
        };
        if (!float.IsFinite(margin))
        {
            throw new InvalidDataException($"base_score {baseScore} gives a non-finite margin for '{objective}'.");
        }

        return margin;
    }

    private static Tree ReadTree(JsonElement tree, int index, int featureCount)
    {
        var where = $"trees[{index}]";
        var left = IntArray(tree, "left_children", where);
        var right = IntArray(tree, "right_children", where);
        var feature = IntArray(tree, "split_indices", where);
        var condition = FloatArray(tree, "split_conditions", where);
        var defaultLeft = BoolArray(tree, "default_left", where);
        var count = left.Length;
        if (count == 0)
        {
            throw new InvalidDataException($"{where} has no nodes.");
        }

        if (right.Length != count || feature.Length != count || condition.Length != count || defaultLeft.Length != count)
        {
            throw new InvalidDataException(
                $"{where}: node arrays differ in length (left_children {count}, right_children {right.Length}, " +
                $"split_indices {feature.Length}, split_conditions {condition.Length}, default_left {defaultLeft.Length}).");
        }

        if (Optional(tree, "split_type") is { ValueKind: JsonValueKind.Array } splitType && splitType.EnumerateArray().Any(s => s.GetInt32() != 0))
        {
            throw new NotSupportedException($"{where} has categorical splits; only numerical splits are read.");
        }

        // Renumber the nodes reachable from the root 0..n-1 in breadth-first order (the root stays 0). XGBoost
        // numbers them so already, but a pruned tree keeps deleted nodes in its arrays.
        var newId = new int[count];
        Array.Fill(newId, -1);
        var order = new List<int>(count) { 0 };
        newId[0] = 0;
        for (var k = 0; k < order.Count; k++)
        {
            var old = order[k];
            if (left[old] == -1)
            {
                continue;
            }

            foreach (var child in (ReadOnlySpan<int>)[left[old], right[old]])
            {
                if (child <= 0 || child >= count)
                {
                    throw new InvalidDataException($"{where}: node {old} has child {child}, outside 1..{count - 1}.");
                }

                if (newId[child] != -1)
                {
                    throw new InvalidDataException($"{where}: node {child} is reached twice; the nodes do not form a tree.");
                }

                newId[child] = order.Count;
                order.Add(child);
            }
        }

        var nodes = new TreeNode[order.Count];
        for (var id = 0; id < nodes.Length; id++)
        {
            var old = order[id];
            if (left[old] == -1)
            {
                if (!float.IsFinite(condition[old]))
                {
                    throw new InvalidDataException($"{where}: leaf {old} has the value {condition[old]}.");
                }

                nodes[id] = new TreeNode(id, Feature: 0, Threshold: 0f, Left: -1, Right: -1, DefaultLeft: false, LeafValue: condition[old]);
                continue;
            }

            if (feature[old] < 0 || feature[old] >= featureCount)
            {
                throw new InvalidDataException($"{where}: node {old} splits on feature {feature[old]}, outside 0..{featureCount - 1}.");
            }

            if (float.IsNaN(condition[old]))
            {
                throw new InvalidDataException($"{where}: node {old} has a NaN threshold.");
            }

            nodes[id] = new TreeNode(id, feature[old], condition[old], newId[left[old]], newId[right[old]], defaultLeft[old], LeafValue: 0f);
        }

        return new Tree(nodes);
    }

    private static JsonDocument Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(QuoteNonFiniteLiterals(json));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The model is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>
    /// XGBoost writes non-finite floats as bare <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c>, which are not
    /// JSON; quote them (outside strings) so System.Text.Json parses the document. <see cref="ReadFloat"/>
    /// reads them back.
    /// </summary>
    internal static string QuoteNonFiniteLiterals(string json)
    {
        if (!json.Contains("NaN", StringComparison.Ordinal) && !json.Contains("Infinity", StringComparison.Ordinal))
        {
            return json;
        }

        var result = new StringBuilder(json.Length + 64);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                result.Append(c);
                if (c == '\\' && i + 1 < json.Length)
                {
                    result.Append(json[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '"')
            {
                inString = true;
                result.Append(c);
                continue;
            }

            var literal = Literal(json.AsSpan(i));
            if (literal is not null)
            {
                result.Append('"').Append(literal).Append('"');
                i += literal.Length - 1;
                continue;
            }

            result.Append(c);
        }

        return result.ToString();

        static string? Literal(ReadOnlySpan<char> s) =>
            s.StartsWith("NaN") ? "NaN"
            : s.StartsWith("Infinity") ? "Infinity"
            : s.StartsWith("-Infinity") ? "-Infinity"
            : null;
    }

    private static float ReadFloat(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetSingle(),
        JsonValueKind.String => e.GetString() switch
        {
            "NaN" => float.NaN,
            "Infinity" => float.PositiveInfinity,
            "-Infinity" => float.NegativeInfinity,
            var s => throw new InvalidDataException($"'{s}' is not a number."),
        },
        _ => throw new InvalidDataException($"{e.ValueKind} is not a number."),
    };

    private static int[] IntArray(JsonElement tree, string name, string where) =>
        Elements(tree, name, where).Select(e => e.GetInt32()).ToArray();

    private static float[] FloatArray(JsonElement tree, string name, string where) =>
        Elements(tree, name, where).Select(ReadFloat).ToArray();

    /// <summary>XGBoost 1.7 writes default_left as 0/1; some versions write true/false.</summary>
    private static bool[] BoolArray(JsonElement tree, string name, string where) =>
        Elements(tree, name, where).Select(e => e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => e.GetInt32() != 0,
            _ => throw new InvalidDataException($"{where}.{name}: {e.ValueKind} is not a flag."),
        }).ToArray();

    private static JsonElement.ArrayEnumerator Elements(JsonElement tree, string name, string where)
    {
        var array = Optional(tree, name) ?? throw new InvalidDataException($"{where} has no '{name}'.");
        return array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : throw new InvalidDataException($"{where}.{name} is not an array.");
    }

    private static JsonElement? Optional(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value) ? value : null;

    private static JsonElement Required(JsonElement e, string name) =>
        Optional(e, name) ?? throw new InvalidDataException($"The model has no '{name}' where one is expected.");

    private static string RequiredString(JsonElement e, string name)
    {
        var value = Required(e, name);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InvalidDataException($"'{name}' is {value.ValueKind}, expected a string.");
    }

    private static int ParseInt(string s, string what) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"{what} '{s}' is not an integer.");

    /// <summary>XGBoost writes floats stored as strings like "5E-1"; a 2.x-style "[5E-1]" is accepted too.</summary>
    private static float ParseFloat(string s, string what)
    {
        var text = s.Trim().TrimStart('[').TrimEnd(']');
        return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"{what} '{s}' is not a number.");
    }
}
