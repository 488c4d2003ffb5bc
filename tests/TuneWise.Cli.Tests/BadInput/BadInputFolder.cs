using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace TuneWise.Cli.Tests.BadInput;

/// <summary>
/// A temporary folder with a small valid CSV data set and experiment, which each bad-input case
/// spoils in one way: a field, a data file, an argument.
/// </summary>
public sealed class BadInputFolder
{
    public string Path { get; } = Directory.CreateTempSubdirectory("bad-input-").FullName;

    public BadInputFolder()
    {
        var random = new Random(3);
        var rows = Enumerable.Range(0, 120).Select(_ =>
        {
            double a = random.NextDouble() * 2 - 1, b = random.NextDouble() * 2 - 1, c = random.NextDouble();
            return $"{a:0.###},{b:0.###},{c:0.###},{(a + b > 0 ? 1 : 0)}";
        });
        System.IO.File.WriteAllText(File("data.csv"), "a,b,c,label\n" + string.Join("\n", rows) + "\n");
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The valid experiment, as a JSON object to spoil.</summary>
    public static JsonObject Experiment() => JsonNode.Parse("""
        {
          "name": "bad-input",
          "data": { "kind": "csv", "path": "data.csv", "labelColumn": "label" },
          "model": { "kind": "mlp", "hidden": [8] },
          "training": { "epochs": 1, "batchSize": 16 },
          "search": { "space": { "learningRate": { "log": [1e-4, 1e-1] } }, "budget": { "trials": 1 } }
        }
        """)!.AsObject();

    /// <summary>Writes an experiment changed by <paramref name="spoil"/> and returns its path.</summary>
    public string Experiment(Action<JsonObject> spoil, string name = "experiment.json")
    {
        var experiment = Experiment();
        spoil(experiment);
        return Text(name, experiment.ToJsonString());
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="name"/> and returns its path.</summary>
    public string Text(string name, string content)
    {
        var path = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Writes an IDX file of unsigned bytes (or of floats when <paramref name="floats"/>) with the given dimensions.</summary>
    public string Idx(string name, int[] dimensions, byte[]? payload = null, bool floats = false, bool gzip = false, long trailingZeros = 0)
    {
        var path = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        using var file = System.IO.File.Create(path);
        using Stream output = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        output.Write([0, 0, (byte)(floats ? 0x0D : 0x08), (byte)dimensions.Length]);
        var dim = new byte[4];
        foreach (var d in dimensions) { BinaryPrimitives.WriteInt32BigEndian(dim, d); output.Write(dim); }
        long count = dimensions.Aggregate(1L, (a, b) => a * b) * (floats ? 4 : 1);
        output.Write(payload ?? new byte[count]);
        var zeros = new byte[1 << 20];
        for (long left = trailingZeros; left > 0; left -= zeros.Length) output.Write(zeros, 0, (int)Math.Min(zeros.Length, left));
        return path;
    }

    /// <summary>A folder of IDX images (items × 2 × 2) and labels, classes cycling 0, 1, 2.</summary>
    public string IdxFolder(string folder, int items = 30, string prefix = "train-")
    {
        Idx($"{folder}/{prefix}images-idx3-ubyte", [items, 2, 2], Enumerable.Range(0, items * 4).Select(i => (byte)(i * 7)).ToArray());
        Idx($"{folder}/{prefix}labels-idx1-ubyte", [items], Enumerable.Range(0, items).Select(i => (byte)(i % 3)).ToArray());
        return File(folder);
    }
}
