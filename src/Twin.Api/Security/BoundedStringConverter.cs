using System.Text.Json;
using System.Text.Json.Serialization;

namespace Twin.Api.Security;

/// <summary>
/// Every string read from a JSON request body, values and property names (tag names) alike, is
/// refused past its limit, so a 1 MB electrode name is a 400 naming the field instead of a row;
/// and refused if it holds a NUL character, which PostgreSQL cannot store and SQLite's text
/// functions stop at (a search for "\u0000x" would match every cell).
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
            throw new RefusedTextException($"the {what} is {value.Length} characters long; at most {max} are accepted.");
        if (value.Contains('\0'))
            throw new RefusedTextException($"the {what} contains a NUL character (\\u0000); remove it.");
        return value;
    }
}

/// <summary>A JSON string over its limit or with a NUL (the handler reports it as a 400 naming the field).</summary>
internal sealed class RefusedTextException(string message) : JsonException(message);
