using System.Buffers.Binary;
using System.IO.Compression;
using TuneWise.Models.Data;

namespace TuneWise.Models.Tests.Data;

public class IdxReaderTests
{
    internal static byte[] Idx(byte type, int[] dims, byte[] payload)
    {
        var bytes = new byte[4 + 4 * dims.Length + payload.Length];
        bytes[2] = type;
        bytes[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        payload.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    private static string Write(byte[] bytes, bool gzip, string name = "f-idx")
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("idx").FullName, name + (gzip ? ".gz" : ""));
        if (!gzip) { File.WriteAllBytes(path, bytes); return path; }
        using var file = File.Create(path);
        using var zip = new GZipStream(file, CompressionLevel.Fastest);
        zip.Write(bytes);
        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_raw_and_gzip_files_alike(bool gzip)
    {
        var path = Write(Idx(0x08, [2, 2, 3], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255]), gzip);
        var array = IdxReader.Read(path);
        Assert.Equal([2, 2, 3], array.Dimensions);
        Assert.Equal(255f, array.Values[11]);
        Assert.Equal(5f, array.Values[5]);
    }

    [Fact]
    public void Reads_big_endian_floats()
    {
        var payload = new byte[8];
        BinaryPrimitives.WriteSingleBigEndian(payload, 1.5f);
        BinaryPrimitives.WriteSingleBigEndian(payload.AsSpan(4), -2.25f);
        var array = IdxReader.Read(Write(Idx(0x0D, [2], payload), false));
        Assert.Equal([1.5f, -2.25f], array.Values);
    }

    [Fact]
    public void A_wrong_magic_number_names_the_file_and_the_number()
    {
        var path = Write([0x1A, 0x2B, 0x08, 0x01, 0, 0, 0, 0], false);
        var error = Assert.Throws<DataLoadException>(() => IdxReader.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("magic number", error.Message);
        Assert.Contains("0x1A2B0801", error.Message);
    }

    [Fact]
    public void A_truncated_file_says_how_many_items_are_complete()
    {
        var path = Write(Idx(0x08, [3, 2], [1, 2, 3]), false);
        var error = Assert.Throws<DataLoadException>(() => IdxReader.Read(path));
        Assert.Contains("truncated", error.Message);
        Assert.Contains("declares 3 items but only 1 are complete", error.Message);
    }

    [Fact]
    public void A_missing_file_is_reported()
    {
        var error = Assert.Throws<DataLoadException>(() => IdxReader.Read("/no/such/file-idx3-ubyte"));
        Assert.Contains("/no/such/file-idx3-ubyte: file not found", error.Message);
    }

    [Fact]
    public void Image_and_label_counts_must_match()
    {
        var images = Write(Idx(0x08, [3, 2, 2], new byte[12]), false, "images");
        var labels = Write(Idx(0x08, [2], [0, 1]), false, "labels");
        var error = Assert.Throws<DataLoadException>(() => IdxDataset.Load(images, labels));
        Assert.Contains("holds 2 labels but images holds 3 images", error.Message);
    }

    [Fact]
    public void The_bundled_fashion_mnist_test_split_is_complete_and_balanced()
    {
        var data = TestData.FashionMnistTest;
        Assert.Equal(10_000, data.Count);
        Assert.Equal([1, 28, 28], data.SampleShape);
        Assert.Equal(10, data.ClassCount);
        Assert.All(data.ClassCounts(), c => Assert.Equal(1000, c));
        Assert.Equal(255f, data.Features.Max());
    }
}
