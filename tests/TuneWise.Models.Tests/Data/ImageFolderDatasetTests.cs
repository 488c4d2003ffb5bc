using SkiaSharp;
using TuneWise.Core.Experiments;
using TuneWise.Models.Data;
using TuneWise.Models.Training;

namespace TuneWise.Models.Tests.Data;

public class ImageFolderDatasetTests
{
    // Two classes told apart by which half of the picture is bright; PNG (lossless) and a few JPEGs of another size.
    private static string Folder(int perClass, int seed = 1)
    {
        var folder = Directory.CreateTempSubdirectory("tunewise-images").FullName;
        var random = new Random(seed);
        foreach (var (name, brightLeft) in new[] { ("left", true), ("right", false) })
        {
            Directory.CreateDirectory(Path.Combine(folder, name));
            for (int i = 0; i < perClass; i++)
            {
                bool jpeg = i % 10 == 9;
                int size = jpeg ? 20 : 16;
                using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul));
                for (int y = 0; y < size; y++)
                    for (int x = 0; x < size; x++)
                    {
                        bool bright = (x < size / 2) == brightLeft;
                        byte v = (byte)((bright ? 180 : 40) + random.Next(40));
                        bitmap.SetPixel(x, y, new SKColor(v, (byte)(v / 2), (byte)(255 - v)));
                    }
                using var image = SKImage.FromBitmap(bitmap);
                using var encoded = image.Encode(jpeg ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png, 95);
                File.WriteAllBytes(Path.Combine(folder, name, $"{i:D3}.{(jpeg ? "jpg" : "png")}"), encoded.ToArray());
            }
        }
        return folder;
    }

    [Fact]
    public void Class_folders_become_labelled_colour_images_of_one_size_with_their_exact_pixels()
    {
        var folder = Folder(perClass: 10);
        try
        {
            var data = ImageFolderDataset.Load(folder, null, grayscale: false);
            Assert.Equal(["left", "right"], data.ClassNames);
            Assert.Equal([3, 16, 16], data.SampleShape);
            Assert.Equal(20, data.Count);
            Assert.Equal(10, data.Targets.Count(t => t == 1));
            // The first image, decoded by hand: channel-major red, green, blue at pixel (row 0, column 0).
            using var first = SKBitmap.Decode(Path.Combine(folder, "left", "000.png"));
            var pixel = first.GetPixel(0, 0);
            Assert.Equal([pixel.Red, pixel.Green, pixel.Blue], new[] { data.Features[0], data.Features[256], data.Features[512] });

            var grey = ImageFolderDataset.Load(folder, [8, 8], grayscale: true);
            Assert.Equal([1, 8, 8], grey.SampleShape);
            Assert.All(grey.Features, v => Assert.InRange(v, 0, 255));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void A_cnn_learns_the_classes_of_an_image_folder_through_the_experiment_file()
    {
        var folder = Folder(perClass: 60);
        try
        {
            var experiment = new Experiment
            {
                Seed = 3,
                Data = new DataSection { Kind = DataSourceKind.Images, Path = folder, ValidationFraction = 0.25, Augment = new AugmentSection { Flip = false, CropPadding = 1 } },
                Model = new ModelSection { Kind = ModelKind.Cnn, Channels = [8], Hidden = [16] },
                Training = new TrainingSection { Epochs = 6, BatchSize = 16, LearningRate = 3e-3 },
            };
            Assert.Empty(ExperimentValidator.Validate(experiment));
            var data = ExperimentData.Load(experiment);
            var result = new Trainer(experiment).Train(data);
            Assert.True(result.FinalValidationAccuracy >= 0.9, $"validation accuracy {result.FinalValidationAccuracy}");
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void Folders_without_classes_undecodable_files_and_strange_classes_are_named()
    {
        var empty = Directory.CreateTempSubdirectory("tunewise-images").FullName;
        var folder = Folder(perClass: 3);
        var other = Folder(perClass: 2);
        try
        {
            var e = Assert.Throws<DataLoadException>(() => ImageFolderDataset.Load(empty, null, false));
            Assert.Contains("holds no sub-folders", e.Message);

            Directory.CreateDirectory(Path.Combine(other, "middle"));
            e = Assert.Throws<DataLoadException>(() => ImageFolderDataset.Load(other, null, false, ["left", "right"]));
            Assert.Contains("middle", e.Message);
            Assert.Contains("is not a class of the training folder (left, right)", e.Message);

            File.WriteAllText(Path.Combine(folder, "left", "broken.png"), "not an image");
            e = Assert.Throws<DataLoadException>(() => ImageFolderDataset.Load(folder, null, false));
            Assert.Contains("broken.png", e.Message);
            Assert.Contains("cannot be decoded as PNG or JPEG", e.Message);
        }
        finally
        {
            foreach (var f in new[] { empty, folder, other }) Directory.Delete(f, recursive: true);
        }
    }
}
