using System.Diagnostics;
using System.Globalization;

namespace Twin.Cli.Output;

/// <summary>
/// Progress bars for long work, drawn on stderr only when stderr is a terminal: piped or captured
/// output (scripts, CI, tests) never gets carriage returns in it. Redrawn at most every 100 ms.
/// </summary>
internal sealed class Progress : IDisposable
{
    const int Width = 30;
    readonly TextWriter? _writer;
    readonly string _label;
    readonly long _total;
    readonly Stopwatch _clock = Stopwatch.StartNew();
    long _done;
    long _lastDrawMs = -1000;
    int _lastLength;
    bool _finished;

    /// <summary>A bar on <paramref name="writer"/>, or nothing when it is null; <paramref name="total"/> ≤ 0 shows elapsed time only.</summary>
    internal Progress(TextWriter? writer, string label, long total)
    {
        _writer = writer;
        _label = label;
        _total = total;
        Draw(force: true);
    }

    /// <summary>Whether bars are drawn: stderr is a terminal.</summary>
    public static bool Enabled => !Console.IsErrorRedirected;

    /// <summary>A bar on stderr for <paramref name="total"/> units (e.g. cells), when stderr is a terminal.</summary>
    public static Progress Start(string label, long total) => new(Enabled ? Console.Error : null, label, total);

    /// <summary>A bar that follows how far <paramref name="stream"/> has been read (a file being parsed or uploaded).</summary>
    public static ProgressStream ReadingFile(Stream stream, string label) =>
        new(stream, Start(label, stream.CanSeek ? stream.Length : 0));

    /// <summary>Elapsed time for work with no measure of its own (training), ticking once a second until disposed.</summary>
    public static IDisposable Ticking(string label)
    {
        var progress = Start(label, 0);
        var timer = new Timer(_ => progress.Draw(force: true), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        return new Both(timer, progress);
    }

    public void Report(long done)
    {
        Interlocked.Exchange(ref _done, done);
        Draw(force: false);
    }

    public void Increment() => Report(Interlocked.Increment(ref _done));

    void Draw(bool force)
    {
        if (_writer is null) return;
        lock (this)
        {
            if (_finished) return;
            var now = _clock.ElapsedMilliseconds;
            if (!force && now - _lastDrawMs < 100) return;
            _lastDrawMs = now;
            var line = Render(_label, Interlocked.Read(ref _done), _total, _clock.Elapsed);
            _writer.Write("\r" + line + new string(' ', Math.Max(0, _lastLength - line.Length)));
            _lastLength = line.Length;
            _writer.Flush();
        }
    }

    /// <summary>"label [#####.....]  42% 12.3 s", or "label 12 s" without a total.</summary>
    internal static string Render(string label, long done, long total, TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
        if (total <= 0) return $"{label} {seconds}";
        var fraction = Math.Clamp((double)done / total, 0, 1);
        var filled = (int)Math.Round(fraction * Width);
        return $"{label} [{new string('#', filled)}{new string('.', Width - filled)}] {fraction * 100,3:0}% {seconds}";
    }

    /// <summary>Clears the bar so the command's own output starts on a clean line.</summary>
    public void Dispose()
    {
        if (_writer is null) return;
        lock (this)
        {
            if (_finished) return;
            _finished = true;
            _writer.Write("\r" + new string(' ', _lastLength) + "\r");
            _writer.Flush();
        }
    }

    sealed class Both(Timer timer, Progress progress) : IDisposable
    {
        public void Dispose()
        {
            timer.Dispose();
            progress.Dispose();
        }
    }
}

/// <summary>A read-only pass-through stream that moves a <see cref="Progress"/> bar as it is read.</summary>
internal sealed class ProgressStream(Stream inner, Progress progress) : Stream
{
    long _read;

    public void Done() => progress.Dispose();

    public override int Read(byte[] buffer, int offset, int count) => Advance(inner.Read(buffer, offset, count));
    public override int Read(Span<byte> buffer) => Advance(inner.Read(buffer));
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => Advance(await inner.ReadAsync(buffer, ct));
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    int Advance(int n)
    {
        _read += n;
        progress.Report(_read);
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => inner.Position = _read = value; }
    public override long Seek(long offset, SeekOrigin origin) => _read = inner.Seek(offset, origin);
    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            progress.Dispose();
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
