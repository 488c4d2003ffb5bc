using System.Buffers.Binary;
using System.IO.Compression;

namespace TuneWise.Models.Data;

/// <summary>An array read from an IDX file: its dimensions and its values as floats.</summary>
/// <param name="Dimensions">Size of each dimension; the first is the number of items.</param>
/// <param name="Values">All values, row-major.</param>
public sealed record IdxArray(int[] Dimensions, float[] Values);

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST, raw or gzip-compressed (detected by
/// content, not by name).
/// </summary>
public static class IdxReader
{
    /// <summary>Reads a whole IDX file.</summary>
    /// <exception cref="DataLoadException">Missing file, wrong magic number, unknown type or truncated data.</exception>
    public static IdxArray Read(string path)
    {
        if (!File.Exists(path)) throw new DataLoadException(path, "file not found");
        byte[] bytes = Decompress(path);
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
            throw new DataLoadException(path, $"not an IDX file: the magic number must start with two zero bytes, got 0x{Hex(bytes, 4)}");
        byte type = bytes[2];
        int rank = bytes[3];
        int elementSize = type switch { 0x08 or 0x09 => 1, 0x0B => 2, 0x0C or 0x0D => 4, 0x0E => 8, _ => 0 };
        if (elementSize == 0)
            throw new DataLoadException(path, $"not an IDX file: unknown element type 0x{type:X2} in magic number 0x{Hex(bytes, 4)}");
        if (rank == 0 || bytes.Length < 4 + 4 * rank)
            throw new DataLoadException(path, $"IDX header declares {rank} dimensions but the file is too short to hold them");
        var dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            if (dims[i] < 0) throw new DataLoadException(path, $"IDX dimension {i} is negative ({dims[i]})");
            count *= dims[i];
        }
        int offset = 4 + 4 * rank;
        long expected = offset + count * elementSize;
        if (bytes.Length < expected)
        {
            long complete = (bytes.Length - offset) / Math.Max(1, count / Math.Max(1, dims[0]) * elementSize);
            throw new DataLoadException(path, $"file is truncated: the header declares {dims[0]} items but only {complete} are complete", complete + 1);
        }
        var values = new float[count];
        var span = bytes.AsSpan(offset);
        for (long i = 0; i < count; i++)
        {
            int at = (int)(i * elementSize);
            values[i] = type switch
            {
                0x08 => span[at],
                0x09 => (sbyte)span[at],
                0x0B => BinaryPrimitives.ReadInt16BigEndian(span[at..]),
                0x0C => BinaryPrimitives.ReadInt32BigEndian(span[at..]),
                0x0D => BinaryPrimitives.ReadSingleBigEndian(span[at..]),
                _ => (float)BinaryPrimitives.ReadDoubleBigEndian(span[at..]),
            };
        }
        return new IdxArray(dims, values);
    }

    private static byte[] Decompress(string path)
    {
        try
        {
            var raw = File.ReadAllBytes(path);
            if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return raw;
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream(raw.Length * 4);
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DataLoadException(path, "the gzip stream is corrupt: " + e.Message, inner: e);
        }
    }

    private static string Hex(byte[] bytes, int n) => Convert.ToHexString(bytes, 0, Math.Min(n, bytes.Length));
}
