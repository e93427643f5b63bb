using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Twin.Ml.Interop.XGBoost;

/// <summary>
/// An XGBoost booster (learner). Calls on one booster are serialised: XGBoost 1.7 does not promise that
/// training, prediction and serialisation may run concurrently on one learner, and its output buffers
/// are owned by the learner until the next call.
/// </summary>
internal sealed class XgbBooster : IDisposable
{
    private readonly XgbBoosterHandle _handle;
    private readonly Lock _sync = new();

    /// <summary>Creates a booster whose prediction cache holds <paramref name="cache"/> (usually the training matrix).</summary>
    public unsafe XgbBooster(IEnumerable<XgbDMatrix> cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var matrices = cache.ToArray();
        var api = XGBoostLibrary.Api;
        _handle = new XgbBoosterHandle();
        var added = new bool[matrices.Length];
        var pointers = new nint[matrices.Length];
        try
        {
            for (var i = 0; i < matrices.Length; i++)
            {
                matrices[i].Handle.DangerousAddRef(ref added[i]);
                pointers[i] = matrices[i].Handle.DangerousGetHandle();
            }

            nint native = 0;
            fixed (nint* p = pointers)
            {
                api.Check(api.XGBoosterCreate(p, (ulong)pointers.Length, &native), "XGBoosterCreate");
            }

            Marshal.InitHandle(_handle, native);
        }
        finally
        {
            for (var i = 0; i < matrices.Length; i++)
            {
                if (added[i])
                {
                    matrices[i].Handle.DangerousRelease();
                }
            }
        }
    }

    /// <summary>Loads a model saved by <see cref="SaveJson"/>, ready to predict or to continue training.</summary>
    public static XgbBooster LoadJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Load(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Loads a model from JSON or UBJSON bytes (XGBoost tells them apart itself).</summary>
    public static unsafe XgbBooster Load(ReadOnlySpan<byte> model)
    {
        if (model.IsEmpty)
        {
            throw new ArgumentException("The model is empty.", nameof(model));
        }

        var booster = new XgbBooster([]);
        try
        {
            var api = XGBoostLibrary.Api;
            using var lease = new HandleLease(booster._handle);
            fixed (byte* p = model)
            {
                api.Check(api.XGBoosterLoadModelFromBuffer(lease.Pointer, p, (ulong)model.Length), "XGBoosterLoadModelFromBuffer");
            }

            return booster;
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }

    /// <summary>Sets a training or prediction parameter, e.g. ("objective", "survival:aft").</summary>
    public unsafe void SetParam(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        var n = Utf8Z.From(name);
        var v = Utf8Z.From(value);
        lock (_sync)
        {
            var api = XGBoostLibrary.Api;
            using var lease = new HandleLease(_handle);
            fixed (byte* pn = n)
            fixed (byte* pv = v)
            {
                api.Check(api.XGBoosterSetParam(lease.Pointer, pn, pv), "XGBoosterSetParam");
            }
        }
    }

    public void SetParams(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var (name, value) in parameters)
        {
            SetParam(name, value);
        }
    }

    /// <summary>
    /// Adds <paramref name="rounds"/> boosting rounds on <paramref name="dtrain"/>, one
    /// <c>XGBoosterUpdateOneIter</c> at a time; cancellation is honoured between rounds, and the rounds
    /// done so far stay in the model.
    /// </summary>
    public unsafe void Train(XgbDMatrix dtrain, int rounds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dtrain);
        ArgumentOutOfRangeException.ThrowIfNegative(rounds);
        lock (_sync)
        {
            var api = XGBoostLibrary.Api;
            using var booster = new HandleLease(_handle);
            using var matrix = new HandleLease(dtrain.Handle);
            int done;
            api.Check(api.XGBoosterBoostedRounds(booster.Pointer, &done), "XGBoosterBoostedRounds");
            for (var i = 0; i < rounds; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                api.Check(api.XGBoosterUpdateOneIter(booster.Pointer, done + i, matrix.Pointer), "XGBoosterUpdateOneIter");
            }
        }
    }

    /// <summary>The number of boosting rounds in the model.</summary>
    public unsafe int BoostedRounds
    {
        get
        {
            lock (_sync)
            {
                var api = XGBoostLibrary.Api;
                using var lease = new HandleLease(_handle);
                int rounds;
                api.Check(api.XGBoosterBoostedRounds(lease.Pointer, &rounds), "XGBoosterBoostedRounds");
                return rounds;
            }
        }
    }

    /// <summary>The number of features the model was trained on.</summary>
    public unsafe int FeatureCount
    {
        get
        {
            lock (_sync)
            {
                var api = XGBoostLibrary.Api;
                using var lease = new HandleLease(_handle);
                ulong count;
                api.Check(api.XGBoosterGetNumFeature(lease.Pointer, &count), "XGBoosterGetNumFeature");
                return checked((int)count);
            }
        }
    }

    /// <summary>
    /// One prediction per row of <paramref name="data"/>: the margin (base score + Σ leaves) when
    /// <paramref name="outputMargin"/>, else the objective's transformed value (e.g. exp(margin) for
    /// survival:aft). Uses every tree.
    /// </summary>
    public unsafe float[] Predict(XgbDMatrix data, bool outputMargin)
    {
        ArgumentNullException.ThrowIfNull(data);
        var config = Utf8Z.From(string.Create(CultureInfo.InvariantCulture,
            $$"""{"type": {{(outputMargin ? 1 : 0)}}, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false}"""));
        lock (_sync)
        {
            var api = XGBoostLibrary.Api;
            using var booster = new HandleLease(_handle);
            using var matrix = new HandleLease(data.Handle);
            ulong* shape;
            ulong dimensions;
            float* result;
            fixed (byte* c = config)
            {
                api.Check(api.XGBoosterPredictFromDMatrix(booster.Pointer, matrix.Pointer, c, &shape, &dimensions, &result),
                    "XGBoosterPredictFromDMatrix");
            }

            ulong length = 1;
            for (ulong d = 0; d < dimensions; d++)
            {
                length *= shape[d];
            }

            if (length != (ulong)data.Rows)
            {
                throw new InvalidOperationException(
                    $"XGBoost returned {length} predictions for {data.Rows} rows; only single-output models are supported.");
            }

            // The buffer belongs to the booster and is overwritten by its next call: copy it under the lock.
            return new ReadOnlySpan<float>(result, checked((int)length)).ToArray();
        }
    }

    /// <summary>The model (trees, objective, base score; no training parameters) as XGBoost JSON.</summary>
    public string SaveJson() => Encoding.UTF8.GetString(SaveModel("""{"format": "json"}"""));

    /// <summary>The model as Universal Binary JSON, XGBoost's compact format; load with <see cref="Load"/>.</summary>
    public byte[] SaveUbj() => SaveModel("""{"format": "ubj"}""");

    private unsafe byte[] SaveModel(string config)
    {
        var c = Utf8Z.From(config);
        lock (_sync)
        {
            var api = XGBoostLibrary.Api;
            using var lease = new HandleLease(_handle);
            ulong length;
            byte* data;
            fixed (byte* pc = c)
            {
                api.Check(api.XGBoosterSaveModelToBuffer(lease.Pointer, pc, &length, &data), "XGBoosterSaveModelToBuffer");
            }

            return new ReadOnlySpan<byte>(data, checked((int)length)).ToArray();
        }
    }

    /// <summary>Stores a string attribute in the model (saved with it), e.g. a data hash.</summary>
    public unsafe void SetAttribute(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        var k = Utf8Z.From(key);
        var v = Utf8Z.From(value);
        lock (_sync)
        {
            var api = XGBoostLibrary.Api;
            using var lease = new HandleLease(_handle);
            fixed (byte* pk = k)
            fixed (byte* pv = v)
            {
                api.Check(api.XGBoosterSetAttr(lease.Pointer, pk, pv), "XGBoosterSetAttr");
            }
        }
    }

    /// <summary>The attribute's value, or null when the model has none by that name.</summary>
    public unsafe string? GetAttribute(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var k = Utf8Z.From(key);
        lock (_sync)
        {
            var api = XGBoostLibrary.Api;
            using var lease = new HandleLease(_handle);
            byte* value;
            int success;
            fixed (byte* pk = k)
            {
                api.Check(api.XGBoosterGetAttr(lease.Pointer, pk, &value, &success), "XGBoosterGetAttr");
            }

            return success != 0 ? Marshal.PtrToStringUTF8((nint)value) : null;
        }
    }

    public void Dispose() => _handle.Dispose();
}
