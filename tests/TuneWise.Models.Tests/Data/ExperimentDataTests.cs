using System.Buffers.Binary;
using TuneWise.Core.Experiments;
using TuneWise.Models.Data;

namespace TuneWise.Models.Tests.Data;

/// <summary>Inputs that used to give a wrong result without a word: each is compared with the right result.</summary>
public class ExperimentDataTests
{
    private static readonly string Folder = Directory.CreateTempSubdirectory("experiment-data-").FullName;

    private static TrainingData Load(string dataJson) =>
        ExperimentData.Load(ExperimentLoader.Parse($$"""{ "data": {{dataJson}} }""", "experiment.json", Folder));

    private static string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return name;
    }

    [Fact]
    public void A_validation_file_is_read_by_column_name_not_by_position()
    {
        var rows = Enumerable.Range(0, 40).Select(i => (A: i * 0.5, B: 10 - i, Label: i % 2)).ToList();
        string train = Write("train.csv", "a,b,label\n" + string.Concat(rows.Select(r => $"{r.A},{r.B},{r.Label}\n")));
        string same = Write("same.csv", "a,b,label\n" + string.Concat(rows.Take(10).Select(r => $"{r.A},{r.B},{r.Label}\n")));
        string reordered = Write("reordered.csv", "label,b,a\n" + string.Concat(rows.Take(10).Select(r => $"{r.Label},{r.B},{r.A}\n")));

        var inOrder = Load($$"""{ "kind": "csv", "path": "{{train}}", "validationPath": "{{same}}", "normalize": "none" }""");
        var shuffled = Load($$"""{ "kind": "csv", "path": "{{train}}", "validationPath": "{{reordered}}", "normalize": "none" }""");

        Assert.Equal(inOrder.Validation.Features, shuffled.Validation.Features);
        Assert.Equal(inOrder.Validation.Targets, shuffled.Validation.Targets);
        Assert.Equal([0f, 10f], shuffled.Validation.Features[..2]);
    }

    [Fact]
    public void An_idx_folder_with_training_and_test_files_trains_on_the_training_files()
    {
        string folder = Path.Combine(Folder, "idx");
        Directory.CreateDirectory(folder);
        Idx(Path.Combine(folder, "train-images-idx3-ubyte"), [60, 2, 2]);
        Idx(Path.Combine(folder, "train-labels-idx1-ubyte"), [60]);
        // The test files sort first ("t10k" < "train"): they used to be picked as the training set.
        Idx(Path.Combine(folder, "t10k-images-idx3-ubyte"), [20, 2, 2]);
        Idx(Path.Combine(folder, "t10k-labels-idx1-ubyte"), [20]);

        var data = Load("""{ "kind": "idx", "path": "idx", "validationFraction": 0.25 }""");

        Assert.Equal(60, data.Train.Count + data.Validation.Count);
        Assert.Equal(20, data.Test!.Count);
    }

    [Theory]
    [InlineData(9)]
    [InlineData(5)]
    [InlineData(2)]
    public void A_training_limit_keeps_exactly_that_many_samples(int limit)
    {
        string file = Write("ten-classes.csv", "x,label\n" + string.Concat(Enumerable.Range(0, 400).Select(i => $"{i},{i % 10}\n")));

        var data = Load($$"""{ "kind": "csv", "path": "{{file}}", "trainLimit": {{limit}} }""");

        Assert.Equal(limit, data.Train.Count);
    }

    // Items of four bytes each (labels cycle through three classes).
    private static void Idx(string path, int[] dimensions)
    {
        using var file = File.Create(path);
        file.Write([0, 0, 0x08, (byte)dimensions.Length]);
        var dim = new byte[4];
        foreach (var d in dimensions) { BinaryPrimitives.WriteInt32BigEndian(dim, d); file.Write(dim); }
        long count = dimensions.Aggregate(1L, (a, b) => a * b);
        file.Write(Enumerable.Range(0, (int)count).Select(i => (byte)(dimensions.Length == 1 ? i % 3 : i % 251)).ToArray());
    }
}
