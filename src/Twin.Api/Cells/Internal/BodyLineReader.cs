using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace Twin.Api.Cells.Internal;

/// <summary>A line of a streamed body: its 1-based number and text, or null text when it was longer than allowed.</summary>
internal readonly record struct BodyLine(long Number, string? Text);

/// <summary>
/// Reads a request body line by line from its <see cref="PipeReader"/>, holding at most one line
/// (≤ <paramref name="maxLineBytes"/>) in memory. An over-long line is skipped and returned with
/// null text. Reading stops, with <see cref="TooLarge"/> set, at the first line that
/// ends past <paramref name="maxBodyBytes"/> (or when the server refuses to read further). Lines end with LF or CRLF; a UTF-8 BOM is dropped.
/// </summary>
internal sealed class BodyLineReader(PipeReader reader, long maxBodyBytes, int maxLineBytes)
{
    long _consumed;
    long _line;
    bool _skipping;

    public bool TooLarge { get; private set; }

    public async ValueTask<BodyLine?> ReadLineAsync(CancellationToken ct)
    {
        while (!TooLarge)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(ct);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                TooLarge = true;
                break;
            }
            var buffer = result.Buffer;
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is null && !result.IsCompleted)
            {
                if (buffer.Length > maxLineBytes)
                {
                    // Too long to hold: drop what we have and keep dropping up to the next newline.
                    _skipping = true;
                    _consumed += buffer.Length;
                    reader.AdvanceTo(buffer.End);
                    if (_consumed > maxBodyBytes) TooLarge = true;
                }
                else
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }
                continue;
            }
            if (newline is null && buffer.Length == 0 && !_skipping)
            {
                reader.AdvanceTo(buffer.End);
                return null; // end of body
            }
            var line = newline is { } nl ? buffer.Slice(0, nl) : buffer;
            var next = newline is { } n2 ? buffer.GetPosition(1, n2) : buffer.End;
            _consumed += buffer.Slice(0, next).Length;
            if (_consumed > maxBodyBytes)
            {
                // This line crosses the limit: it is not processed, and nothing after it is read.
                TooLarge = true;
                reader.AdvanceTo(buffer.Start);
                break;
            }
            _line++;
            string? text = null;
            if (!_skipping && line.Length <= maxLineBytes)
            {
                text = Encoding.UTF8.GetString(line);
                if (text.EndsWith('\r')) text = text[..^1];
                if (_line == 1) text = text.TrimStart('\uFEFF');
            }
            _skipping = false;
            reader.AdvanceTo(next);
            return new BodyLine(_line, text);
        }
        return null;
    }
}
