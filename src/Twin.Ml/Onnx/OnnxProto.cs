using Google.Protobuf;

namespace Twin.Ml.Onnx;

/// <summary>
/// The subset of onnx.proto (ONNX IR) Twin writes, as field numbers, encoded by hand with
/// <see cref="CodedOutputStream"/> so that no .proto compilation is needed. Nested messages are
/// written to their own buffer first, then as a length-delimited field of their parent.
/// </summary>
internal static class OnnxProto
{
    // message ModelProto
    public const int ModelIrVersion = 1;            // int64
    public const int ModelProducerName = 2;         // string
    public const int ModelProducerVersion = 3;      // string
    public const int ModelDomain = 4;               // string
    public const int ModelDocString = 6;            // string
    public const int ModelGraph = 7;                // GraphProto
    public const int ModelOpsetImport = 8;          // repeated OperatorSetIdProto
    public const int ModelMetadataProps = 14;       // repeated StringStringEntryProto

    // message OperatorSetIdProto
    public const int OpsetDomain = 1;               // string
    public const int OpsetVersion = 2;              // int64

    // message StringStringEntryProto
    public const int EntryKey = 1;                  // string
    public const int EntryValue = 2;                // string

    // message GraphProto
    public const int GraphNode = 1;                 // repeated NodeProto
    public const int GraphName = 2;                 // string
    public const int GraphInput = 11;               // repeated ValueInfoProto
    public const int GraphOutput = 12;              // repeated ValueInfoProto

    // message NodeProto
    public const int NodeInput = 1;                 // repeated string
    public const int NodeOutput = 2;                // repeated string
    public const int NodeName = 3;                  // string
    public const int NodeOpType = 4;                // string
    public const int NodeAttribute = 5;             // repeated AttributeProto
    public const int NodeDomain = 7;                // string

    // message AttributeProto
    public const int AttributeName = 1;             // string
    public const int AttributeF = 2;                // float
    public const int AttributeI = 3;                // int64
    public const int AttributeS = 4;                // bytes
    public const int AttributeFloats = 7;           // repeated float
    public const int AttributeInts = 8;             // repeated int64
    public const int AttributeStrings = 9;          // repeated bytes
    public const int AttributeType = 20;            // AttributeType enum

    // enum AttributeProto.AttributeType
    public const int AttributeTypeFloat = 1;
    public const int AttributeTypeInt = 2;
    public const int AttributeTypeString = 3;
    public const int AttributeTypeFloats = 6;
    public const int AttributeTypeInts = 7;
    public const int AttributeTypeStrings = 8;

    // message ValueInfoProto
    public const int ValueInfoName = 1;             // string
    public const int ValueInfoType = 2;             // TypeProto

    // message TypeProto { oneof value { Tensor tensor_type = 1; } }
    public const int TypeTensorType = 1;
    // message TypeProto.Tensor
    public const int TensorElemType = 1;            // int32 (TensorProto.DataType)
    public const int TensorShape = 2;               // TensorShapeProto
    // message TensorShapeProto
    public const int ShapeDim = 1;                  // repeated Dimension
    // message TensorShapeProto.Dimension { oneof value }
    public const int DimValue = 1;                  // int64
    public const int DimParam = 2;                  // string

    // enum TensorProto.DataType
    public const int DataTypeFloat = 1;

    /// <summary>Encodes one message by running <paramref name="write"/> on a fresh stream.</summary>
    public static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
        }

        return buffer.ToArray();
    }

    public static void WriteMessage(this CodedOutputStream output, int field, byte[] message)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(UnsafeByteOperations.UnsafeWrap(message));
    }

    public static void WriteString(this CodedOutputStream output, int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    public static void WriteInt64(this CodedOutputStream output, int field, long value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
    }

    public static void WriteInt32(this CodedOutputStream output, int field, int value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt32(value);
    }

    /// <summary>A packed repeated float field (parsers accept packed encoding for any repeated scalar).</summary>
    public static void WritePackedFloats(this CodedOutputStream output, int field, IReadOnlyList<float> values)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteLength(values.Count * sizeof(float));
        foreach (var value in values)
        {
            output.WriteFloat(value);
        }
    }

    /// <summary>A packed repeated int64 field.</summary>
    public static void WritePackedInt64s(this CodedOutputStream output, int field, IReadOnlyList<long> values)
    {
        var length = 0;
        foreach (var value in values)
        {
            length += CodedOutputStream.ComputeInt64Size(value);
        }

        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteLength(length);
        foreach (var value in values)
        {
            output.WriteInt64(value);
        }
    }
}
