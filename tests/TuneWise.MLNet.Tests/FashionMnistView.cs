using Microsoft.ML;
using Microsoft.ML.Data;
using TuneWise.Models.Data;

namespace TuneWise.MLNet.Tests;

/// <summary>Fashion-MNIST images as an ML.NET IDataView: raw pixels and the garment's name.</summary>
internal static class FashionMnistView
{
    public sealed class ImageRow
    {
        [VectorType(784)] public float[] Pixels { get; set; } = [];
        public string Garment { get; set; } = "";
    }

    /// <summary>The test split of the IDX folder <paramref name="folder"/> (all the bundled folder holds), the first <paramref name="take"/> images or all.</summary>
    public static IDataView Load(MLContext ml, string folder, int? take = null)
    {
        var images = FashionMnist.Load(folder).Test!;
        int count = take ?? images.Count;
        var rows = Enumerable.Range(0, count).Select(i => new ImageRow
        {
            Pixels = images.Features.AsSpan(i * 784, 784).ToArray(),
            Garment = images.ClassNames![(int)images.Targets[i]],
        }).ToList();
        return ml.Data.LoadFromEnumerable(rows);
    }
}
