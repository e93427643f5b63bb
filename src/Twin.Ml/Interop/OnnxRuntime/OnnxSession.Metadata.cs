using System.Runtime.InteropServices;

namespace Twin.Ml.Interop.OnnxRuntime;

public sealed unsafe partial class OnnxSession
{
    /// <summary>The model's producer_name and metadata_props, read through ORT.</summary>
    public OnnxModelMetadata GetMetadata()
    {
        var api = OrtLibrary.Api;
        var added = false;
        _session.DangerousAddRef(ref added);
        try
        {
            using var metadata = new OrtModelMetadataHandle();
            IntPtr raw;
            api.Check(api.SessionGetModelMetadata(_session.Pointer, &raw));
            Marshal.InitHandle(metadata, raw);
            IntPtr allocator;
            api.Check(api.GetAllocatorWithDefaultOptions(&allocator));

            byte* producer;
            api.Check(api.ModelMetadataGetProducerName(metadata.Pointer, allocator, &producer));
            var producerName = TakeString(api, allocator, producer) ?? "";

            byte** keys;
            long keyCount;
            api.Check(api.ModelMetadataGetCustomMetadataMapKeys(metadata.Pointer, allocator, &keys, &keyCount));
            var properties = new Dictionary<string, string>(StringComparer.Ordinal);
            try
            {
                for (var i = 0; i < keyCount; i++)
                {
                    var key = Utf8.ToString(keys[i]) ?? "";
                    byte* value;
                    api.Check(api.ModelMetadataLookupCustomMetadataMap(metadata.Pointer, allocator, keys[i], &value));
                    properties[key] = TakeString(api, allocator, value) ?? "";
                }
            }
            finally
            {
                if (keys is not null)
                {
                    for (var i = 0; i < keyCount; i++)
                    {
                        api.Check(api.AllocatorFree(allocator, keys[i]));
                    }

                    api.Check(api.AllocatorFree(allocator, keys));
                }
            }

            return new OnnxModelMetadata(producerName, properties);
        }
        finally
        {
            if (added)
            {
                _session.DangerousRelease();
            }
        }
    }

    /// <summary>Copies a string ORT allocated with <paramref name="allocator"/> and frees it.</summary>
    private static string? TakeString(OrtApi api, IntPtr allocator, byte* s)
    {
        if (s is null)
        {
            return null;
        }

        try
        {
            return Utf8.ToString(s);
        }
        finally
        {
            api.Check(api.AllocatorFree(allocator, s));
        }
    }
}

public sealed record OnnxModelMetadata(string ProducerName, IReadOnlyDictionary<string, string> Properties);
