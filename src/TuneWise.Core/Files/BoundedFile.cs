using System.Text;

namespace TuneWise.Core.Files;

/// <summary>Thrown when a file is larger than TuneWise reads; the message names the file and the limit.</summary>
public sealed class FileTooLargeException(string message) : IOException(message);

/// <summary>
/// Reads files with a size limit, so <c>/dev/zero</c>, a FIFO or a runaway file fails at once with a
/// clear message instead of filling memory. Streams that report no length are limited as they are read.
/// </summary>
public static class BoundedFile
{
    /// <summary>A limit in words, e.g. <c>1 MB</c> or <c>2 GB</c>.</summary>
    public static string Describe(long bytes) =>
        bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.#} GB" : bytes >= 1L << 20 ? $"{bytes / (double)(1L << 20):0.#} MB" : $"{bytes / 1024.0:0.#} KB";

    /// <summary>Reads the whole file as UTF-8 text, at most <paramref name="maxBytes"/> bytes.</summary>
    /// <exception cref="FileTooLargeException">The file holds more.</exception>
    public static string ReadText(string path, long maxBytes, string raiseHint)
    {
        using var stream = Limit(File.OpenRead(path), maxBytes, path, raiseHint);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>Wraps <paramref name="stream"/> so that reading more than <paramref name="maxBytes"/> bytes throws <see cref="FileTooLargeException"/>.</summary>
    /// <param name="stream">The stream to read (owned by the result).</param>
    /// <param name="maxBytes">The most bytes that may be read.</param>
    /// <param name="path">The file, for the message.</param>
    /// <param name="raiseHint">How to raise the limit, for the message (e.g. an environment variable).</param>
    public static Stream Limit(Stream stream, long maxBytes, string path, string raiseHint)
    {
        if (stream.CanSeek && stream.Length > maxBytes) { stream.Dispose(); throw TooLarge(path, maxBytes, raiseHint); }
        return new LimitedStream(stream, maxBytes, path, raiseHint);
    }

    private static FileTooLargeException TooLarge(string path, long maxBytes, string raiseHint) =>
        new($"{path}: larger than the limit of {Describe(maxBytes)}{(raiseHint.Length > 0 ? "; " + raiseHint : "")}");

    private sealed class LimitedStream(Stream inner, long maxBytes, string path, string raiseHint) : Stream
    {
        private long _read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        private int Count(int n)
        {
            _read += n;
            if (_read > maxBytes) throw TooLarge(path, maxBytes, raiseHint);
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
