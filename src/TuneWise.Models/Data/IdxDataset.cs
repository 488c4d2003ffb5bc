using TuneWise.Core.Experiments;

namespace TuneWise.Models.Data;

/// <summary>Builds a classification dataset from an IDX images file and an IDX labels file.</summary>
public static class IdxDataset
{
    /// <summary>Reads images and labels and checks that they match.</summary>
    /// <param name="imagesPath">IDX file of rank ≥ 2 (items × features…).</param>
    /// <param name="labelsPath">IDX file of rank 1 (one label per item).</param>
    /// <param name="classCount">Number of classes; null infers max label + 1.</param>
    public static Dataset Load(string imagesPath, string labelsPath, int? classCount = null)
    {
        var images = IdxReader.Read(imagesPath);
        var labels = IdxReader.Read(labelsPath);
        if (images.Dimensions.Length < 2)
            throw new DataLoadException(imagesPath, $"an images file needs at least 2 dimensions (items × features), got {images.Dimensions.Length}");
        if (labels.Dimensions.Length != 1)
            throw new DataLoadException(labelsPath, $"a labels file needs exactly 1 dimension, got {labels.Dimensions.Length}");
        if (images.Dimensions[0] != labels.Dimensions[0])
            throw new DataLoadException(labelsPath, $"holds {labels.Dimensions[0]} labels but {Path.GetFileName(imagesPath)} holds {images.Dimensions[0]} images");
        if (images.Dimensions[0] == 0) throw new DataLoadException(imagesPath, "the dataset is empty");
        int classes = classCount ?? (int)labels.Values.Max() + 1;
        for (int i = 0; i < labels.Values.Length; i++)
        {
            float label = labels.Values[i];
            if (label < 0 || label != MathF.Floor(label) || label >= classes)
                throw new DataLoadException(labelsPath, $"item {i}: label {label} is not a class index in 0..{classes - 1}", i + 1);
        }
        // Images are [items, height, width] on disk; models see one channel: [1, height, width].
        int[] shape = images.Dimensions.Length == 3 ? [1, images.Dimensions[1], images.Dimensions[2]] : images.Dimensions[1..];
        return new Dataset(images.Values, labels.Values, shape, TaskKind.Classification, classes, imagesPath);
    }
}
