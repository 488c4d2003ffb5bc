using System.Buffers.Binary;
using System.IO.Compression;

namespace TuneWise.Models.Data;

/// <summary>An array read from an IDX file: its dimensions and its values as floats.</summary>
/// <param name="Dimensions">Size of each dimension; the first is the number of items.</param>
/// <param name="Values">All values, row-major.</param>
internal sealed record IdxArray(int[] Dimensions, float[] Values);

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST, raw or gzip-compressed (detected by
/// content, not by name).
/// </summary>
internal static class IdxReader
{
    /// <summary>Reads a whole IDX file.</summary>
    /// <exception cref="DataLoadException">Missing or empty file, wrong magic number, unknown type, truncated data,
    /// data after the declared items, or more than <see cref="DataLimits.MaxFileBytes"/>.</exception>
    public static IdxArray Read(string path)
    {
        if (!File.Exists(path)) throw new DataLoadException(path, Directory.Exists(path) ? "is a folder, not an IDX file" : "file not found");
        try
        {
            using var stream = Open(path);
            return Read(stream, path);
        }
        catch (InvalidDataException e)
        {
            throw new DataLoadException(path, "the gzip stream is corrupt: " + e.Message, inner: e);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException and not Core.Files.FileTooLargeException)
        {
            throw new DataLoadException(path, "cannot be read: " + (e is UnauthorizedAccessException ? "permission denied" : e.Message));
        }
    }

    // Streams the file (decompressing gzip, detected by content) and reads exactly what the header declares.
    private static IdxArray Read(Stream stream, string path)
    {
        var magic = new byte[4];
        int got = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        if (got == 0) throw new DataLoadException(path, "the file is empty; an IDX file starts with a 4-byte magic number");
        if (got < 4 || magic[0] != 0 || magic[1] != 0)
            throw new DataLoadException(path, $"not an IDX file: the magic number must start with two zero bytes, got 0x{Hex(magic, got)}");
        byte type = magic[2];
        int rank = magic[3];
        int elementSize = type switch { 0x08 or 0x09 => 1, 0x0B => 2, 0x0C or 0x0D => 4, 0x0E => 8, _ => 0 };
        if (elementSize == 0)
            throw new DataLoadException(path, $"not an IDX file: unknown element type 0x{type:X2} in magic number 0x{Hex(magic, 4)}");
        var header = new byte[4 * rank];
        if (rank == 0 || stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            throw new DataLoadException(path, $"IDX header declares {rank} dimensions but the file is too short to hold them");
        var dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 * i));
            if (dims[i] < 0) throw new DataLoadException(path, $"IDX dimension {i} is negative ({dims[i]})");
            count *= dims[i];
        }
        long bytesNeeded = count * elementSize;
        if (bytesNeeded > DataLimits.MaxFileBytes || count > Array.MaxLength)
            throw new DataLoadException(path, $"the header declares {string.Join(" × ", dims)} values ({Core.Files.BoundedFile.Describe(bytesNeeded)}), more than the limit of {Core.Files.BoundedFile.Describe(DataLimits.MaxFileBytes)}; {DataLimits.RaiseHint}");
        var bytes = new byte[bytesNeeded];
        int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read < bytes.Length)
        {
            long complete = read / Math.Max(1, count / Math.Max(1, dims[0]) * elementSize);
            throw new DataLoadException(path, $"file is truncated: the header declares {dims[0]} items but only {complete} are complete", complete + 1);
        }
        // Data after the declared items means the header and the file disagree (or the file was padded to inflate it).
        if (stream.ReadByte() >= 0)
            throw new DataLoadException(path, $"the file holds more data than the {dims[0]} items its header declares");
        var values = ToFloats(bytes, type, elementSize, count);
        return new IdxArray(dims, values);
    }

    // Runs once per file, so without this it would run as unoptimised tier-0 code: 250 ms instead of
    // 12 ms for the 7.8 million pixels of 10,000 images.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static float[] ToFloats(byte[] bytes, byte type, int elementSize, long count)
    {
        var values = new float[count];
        if (type == 0x08)
        {
            for (int i = 0; i < values.Length; i++) values[i] = bytes[i];
            return values;
        }
        var span = bytes.AsSpan();
        for (long i = 0; i < count; i++)
        {
            int at = (int)(i * elementSize);
            values[i] = type switch
            {
                0x09 => (sbyte)span[at],
                0x0B => BinaryPrimitives.ReadInt16BigEndian(span[at..]),
                0x0C => BinaryPrimitives.ReadInt32BigEndian(span[at..]),
                0x0D => BinaryPrimitives.ReadSingleBigEndian(span[at..]),
                _ => (float)BinaryPrimitives.ReadDoubleBigEndian(span[at..]),
            };
        }
        return values;
    }

    private static Stream Open(string path)
    {
        var file = File.OpenRead(path);
        int first = file.ReadByte(), second = file.ReadByte();
        file.Position = 0;
        return first == 0x1f && second == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private static string Hex(byte[] bytes, int n) => Convert.ToHexString(bytes, 0, Math.Min(n, bytes.Length));
}
