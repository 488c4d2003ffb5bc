using TorchSharp;
using TuneWise.Core.Experiments;
using static TorchSharp.torch;

namespace TuneWise.Models.Training;

/// <summary>
/// Image augmentation of training batches (<c>data.augment</c>), applied on the batch's device with
/// whole-batch tensor operations: a random crop of the padded image and a horizontal flip as one
/// nearest-pixel affine resampling (exact whole-pixel shifts and mirrors), then random erasing as a
/// rectangle mask. Its randomness comes from its own generator, seeded from the training seed, so a
/// run is reproducible and a checkpoint can restore it.
/// </summary>
internal sealed class Augmentation : IDisposable
{
    private readonly AugmentSection _settings;

    private Augmentation(AugmentSection settings, long seed)
    {
        _settings = settings;
        Random = new Generator((ulong)seed);
    }

    /// <summary>The generator the augmentation draws from (saved in checkpoints).</summary>
    public Generator Random { get; }

    /// <summary>The augmentation an experiment asks for, or null when it asks for none.</summary>
    /// <exception cref="Core.UserInputException">Augmentation was asked for on data that are not images ([channels, height, width]).</exception>
    public static Augmentation? For(Experiment experiment, int[] sampleShape)
    {
        var settings = experiment.Data.Augment;
        if (!settings.Any) return null;
        if (sampleShape.Length != 3)
            throw new Core.UserInputException($"data.augment works on images ([channels, height, width]); these samples are [{string.Join(", ", sampleShape)}]: remove data.augment or train on images");
        // Its own stream: turning augmentation on does not change the shuffling or the initial weights.
        return new Augmentation(settings, experiment.TrainingSeed ^ 0x5EED_A06);
    }

    /// <summary>The batch <paramref name="x"/> ([n, c, h, w]) with each image augmented independently.</summary>
    public Tensor Apply(Tensor x)
    {
        long n = x.shape[0], height = x.shape[2], width = x.shape[3];
        if (_settings.CropPadding > 0 || _settings.Flip)
        {
            int pad = _settings.CropPadding;
            // Normalised coordinates (align_corners false): a shift of d pixels is 2d / size.
            var dx = randint(-pad, pad + 1, [n], generator: Random).to_type(ScalarType.Float32).mul(2.0 / width);
            var dy = randint(-pad, pad + 1, [n], generator: Random).to_type(ScalarType.Float32).mul(2.0 / height);
            var mirror = _settings.Flip ? rand([n], generator: Random).lt(0.5).to_type(ScalarType.Float32).mul(-2).add(1) : ones(n);
            var zero = zeros(n);
            var theta = stack([stack([mirror, zero, dx], 1), stack([zero, ones(n), dy], 1)], 1).to(x.device);
            var grid = nn.functional.affine_grid(theta, [n, x.shape[1], height, width], align_corners: false);
            x = nn.functional.grid_sample(x, grid, mode: GridSampleMode.Nearest, padding_mode: GridSamplePaddingMode.Zeros, align_corners: false);
        }
        if (_settings.Erasing > 0)
        {
            // torchvision's RandomErasing: area 2–33 % of the image, aspect ratio log-uniform in [0.3, 3.3], value 0.
            var area = rand([n], generator: Random).mul(0.33 - 0.02).add(0.02).mul(height * width);
            var aspect = rand([n], generator: Random).mul(Math.Log(3.3) - Math.Log(0.3)).add(Math.Log(0.3)).exp();
            var h = area.mul(aspect).sqrt().round().clamp(1, height);
            var w = area.div(aspect).sqrt().round().clamp(1, width);
            var top = rand([n], generator: Random).mul(h.neg().add(height + 1)).floor();
            var left = rand([n], generator: Random).mul(w.neg().add(width + 1)).floor();
            var erase = rand([n], generator: Random).lt(_settings.Erasing);
            var rows = arange(height).to_type(ScalarType.Float32).view(1, height, 1);
            var cols = arange(width).to_type(ScalarType.Float32).view(1, 1, width);
            var mask = rows.ge(top.view(n, 1, 1)).logical_and(rows.lt(top.add(h).view(n, 1, 1)))
                .logical_and(cols.ge(left.view(n, 1, 1))).logical_and(cols.lt(left.add(w).view(n, 1, 1)))
                .logical_and(erase.view(n, 1, 1)).unsqueeze(1).to(x.device);
            x = x.masked_fill(mask, 0);
        }
        return x;
    }

    /// <inheritdoc />
    public void Dispose() => Random.Dispose();
}
