namespace TuneWise.Models.Data;

/// <summary>The splits of a Fashion-MNIST folder: the training set when present, and the official test set.</summary>
/// <param name="Train">The 60,000-image training split, or null when the folder holds only the test split.</param>
/// <param name="Test">The official 10,000-image test split, or null when absent.</param>
/// <param name="Folder">The folder the files came from.</param>
public sealed record FashionMnistSplits(Dataset? Train, Dataset? Test, string Folder);

/// <summary>Finds and reads Fashion-MNIST (Zalando, MIT licence).</summary>
public static class FashionMnist
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the full dataset.</summary>
    public const string InstalledFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>The class names, in label order.</summary>
    public static readonly IReadOnlyList<string> ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>
    /// The folder to read: <paramref name="path"/> when given, else the installed full dataset when
    /// present, else the test split bundled under <c>data/fashion-mnist</c> (searched upwards from
    /// <paramref name="searchFrom"/> and from the application folder).
    /// </summary>
    public static string Locate(string? path, string searchFrom)
    {
        if (!string.IsNullOrWhiteSpace(path))
        {
            if (!Directory.Exists(path)) throw new DataLoadException(path, "Fashion-MNIST folder not found");
            return path;
        }
        if (File.Exists(Path.Combine(InstalledFolder, "train-images-idx3-ubyte.gz"))) return InstalledFolder;
        return FindBundled(searchFrom) ?? FindBundled(AppContext.BaseDirectory)
            ?? throw new DataLoadException("data/fashion-mnist",
                "no Fashion-MNIST found: give data.path, install the dataset-fashion-mnist package, or run from the repository that bundles data/fashion-mnist");
    }

    /// <summary>Reads whichever splits the folder holds (files may be gzip-compressed or raw).</summary>
    public static FashionMnistSplits Load(string folder)
    {
        var train = TryLoad(folder, "train");
        var test = TryLoad(folder, "t10k");
        if (train is null && test is null)
            throw new DataLoadException(folder, "holds neither train-images-idx3-ubyte(.gz) nor t10k-images-idx3-ubyte(.gz)");
        return new FashionMnistSplits(train, test, folder);
    }

    private static Dataset? TryLoad(string folder, string prefix)
    {
        var images = Find(folder, $"{prefix}-images-idx3-ubyte");
        if (images is null) return null;
        var labels = Find(folder, $"{prefix}-labels-idx1-ubyte")
            ?? throw new DataLoadException(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte.gz"), "labels file not found next to its images file");
        var data = IdxDataset.Load(images, labels, classCount: 10);
        return new Dataset(data.Features, data.Targets, data.SampleShape, data.Task, 10, images, classNames: ClassNames, sourceRows: data.SourceRows);
    }

    private static string? Find(string folder, string stem) =>
        new[] { stem + ".gz", stem }.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists);

    private static string? FindBundled(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data", "fashion-mnist");
            if (File.Exists(Path.Combine(candidate, "t10k-images-idx3-ubyte.gz"))) return candidate;
        }
        return null;
    }
}
