using SkiaSharp;
using TuneWise.Core.Experiments;

namespace TuneWise.Models.Data;

/// <summary>
/// Reads a folder of images with one sub-folder per class (<c>data.kind: "images"</c>), as
/// torchvision's <c>ImageFolder</c> does: PNG and JPEG decoded by SkiaSharp, resized to one size,
/// as colour ([3, h, w]) or grey ([1, h, w]) pixel values 0–255. Classes are the sub-folders' names
/// in ordinal order.
/// </summary>
public static class ImageFolderDataset
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg"];

    /// <summary>Loads every image of <paramref name="folder"/>'s class sub-folders.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="imageSize">[height, width] to resize to; null: the first image's size.</param>
    /// <param name="grayscale">One grey channel instead of three colours.</param>
    /// <param name="classNames">The classes of the training folder, when this is its validation or test folder.</param>
    public static Dataset Load(string folder, IReadOnlyList<int>? imageSize, bool grayscale, IReadOnlyList<string>? classNames = null)
    {
        if (!Directory.Exists(folder))
            throw new DataLoadException(folder, File.Exists(folder) ? "is a file; data.path of images data names a folder with one sub-folder per class" : "folder not found");
        var found = Directory.GetDirectories(folder).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToList();
        if (found.Count == 0) throw new DataLoadException(folder, "holds no sub-folders: images data needs one sub-folder of images per class, named after the class");
        var classes = classNames?.ToList() ?? found;
        if (found.FirstOrDefault(c => !classes.Contains(c)) is { } stranger)
            throw new DataLoadException(Path.Combine(folder, stranger), $"is not a class of the training folder ({string.Join(", ", classes)})");
        var files = classes.SelectMany((name, index) => Images(Path.Combine(folder, name)).Select(file => (File: file, Class: index))).ToList();
        if (files.Count == 0) throw new DataLoadException(folder, "holds no PNG or JPEG images in its class folders");

        int channels = grayscale ? 1 : 3;
        var (height, width) = imageSize is [var h, var w] ? (h, w) : Size(files[0].File);
        int pixels = height * width;
        var features = new float[files.Count * channels * pixels];
        for (int i = 0; i < files.Count; i++)
            Read(files[i].File, width, height, grayscale, features.AsSpan(i * channels * pixels, channels * pixels));
        var targets = files.Select(f => (float)f.Class).ToArray();
        return new Dataset(features, targets, [channels, height, width], TaskKind.Classification, classes.Count, folder, classNames: classes);
    }

    private static IEnumerable<string> Images(string classFolder) => Directory.Exists(classFolder)
        ? Directory.GetFiles(classFolder).Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal)
        : [];

    private static (int Height, int Width) Size(string file)
    {
        using var codec = SKCodec.Create(file) ?? throw new DataLoadException(file, "cannot be decoded as PNG or JPEG");
        return (codec.Info.Height, codec.Info.Width);
    }

    // Channel-major values of one image: [c][y][x], resized with linear filtering when its size differs.
    private static void Read(string file, int width, int height, bool grayscale, Span<float> values)
    {
        using var decoded = SKBitmap.Decode(file) ?? throw new DataLoadException(file, "cannot be decoded as PNG or JPEG");
        bool ready = decoded.Width == width && decoded.Height == height && decoded.ColorType == SKColorType.Rgba8888;
        // Resized (and converted to RGBA) only when the decoded image is not already what is read.
        using var resized = ready ? null
            : decoded.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKFilterMode.Linear));
        var bytes = (resized ?? decoded).GetPixelSpan();
        int pixels = width * height;
        for (int p = 0; p < pixels; p++)
        {
            float r = bytes[4 * p], g = bytes[4 * p + 1], b = bytes[4 * p + 2];
            if (grayscale) values[p] = 0.299f * r + 0.587f * g + 0.114f * b;
            else (values[p], values[pixels + p], values[2 * pixels + p]) = (r, g, b);
        }
    }
}
