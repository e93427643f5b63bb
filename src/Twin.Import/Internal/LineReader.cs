using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Twin.Import.Internal;

/// <summary>
/// Splits a byte stream into lines without reading it whole. Each line is decoded as UTF-8, or as
/// Latin-1 when it is not valid UTF-8 (so no byte sequence can make decoding throw). A UTF-8 BOM is
/// dropped, CR before LF is dropped. The returned span is valid until the next call.
/// </summary>
internal sealed class LineReader(Stream stream)
{
    private const int MaxLineBytes = 1 << 22;
    private byte[] _bytes = new byte[1 << 16];
    private char[] _chars = new char[1 << 12];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _first = true;

    public long LineNumber { get; private set; }

    /// <summary>False when the last line returned ended at end of file without a newline.</summary>
    public bool LastLineTerminated { get; private set; } = true;

    public bool SawLatin1 { get; private set; }

    public bool TryReadLine(out ReadOnlySpan<char> line)
    {
        while (true)
        {
            int idx = _bytes.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (idx >= 0)
            {
                var raw = _bytes.AsSpan(_start, idx);
                _start += idx + 1;
                LastLineTerminated = true;
                line = Decode(raw);
                return true;
            }

            if (_eof)
            {
                if (_start == _end)
                {
                    line = default;
                    return false;
                }

                var raw = _bytes.AsSpan(_start, _end - _start);
                _start = _end;
                LastLineTerminated = false;
                line = Decode(raw);
                return true;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_bytes, _start, _bytes, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _bytes.Length)
        {
            if (_bytes.Length >= MaxLineBytes)
            {
                throw new CyclerDataException(LineNumber + 1, null,
                    $"line is longer than {MaxLineBytes / (1 << 20)} MiB; this does not look like a text export");
            }

            Array.Resize(ref _bytes, _bytes.Length * 2);
        }

        int n = stream.Read(_bytes, _end, _bytes.Length - _end);
        if (n == 0)
        {
            _eof = true;
        }
        else
        {
            _end += n;
        }
    }

    private ReadOnlySpan<char> Decode(ReadOnlySpan<byte> raw)
    {
        LineNumber++;
        if (_first)
        {
            _first = false;
            if (raw.Length >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF)
            {
                raw = raw[3..];
            }
        }

        if (raw.Length > 0 && raw[^1] == (byte)'\r')
        {
            raw = raw[..^1];
        }

        if (_chars.Length < raw.Length)
        {
            _chars = new char[Math.Max(raw.Length, _chars.Length * 2)];
        }

        var status = Utf8.ToUtf16(raw, _chars, out _, out int written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            written = Encoding.Latin1.GetChars(raw, _chars);
            SawLatin1 = true;
        }

        return _chars.AsSpan(0, written);
    }
}
