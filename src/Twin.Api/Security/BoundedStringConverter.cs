using System.Text.Json;
using System.Text.Json.Serialization;

namespace Twin.Api.Security;

/// <summary>
/// Every string read from a JSON request body, values and property names (tag names) alike, is
/// refused past its limit, so a 1 MB electrode name is a 400 naming the field instead of a row.
/// </summary>
internal sealed class BoundedStringConverter(int maxText, int maxKey) : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("a string is expected.");
        return Check(ref reader, maxText, "text");
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Check(ref reader, maxKey, "name");

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    static string Check(ref Utf8JsonReader reader, int max, string what)
    {
        // The encoded length bounds the decoded one from above; decode only when it might be over.
        var encoded = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        var value = reader.GetString()!;
        if (encoded > max && value.Length > max)
            throw new TextTooLongException($"the {what} is {value.Length} characters long; at most {max} are accepted.");
        return value;
    }
}

/// <summary>A JSON string over its limit (the handler reports it as a 400 naming the field).</summary>
internal sealed class TextTooLongException(string message) : JsonException(message);
