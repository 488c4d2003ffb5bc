using TorchSharp;
using TuneWise.Core.Experiments;
using TuneWise.Models.Training;
using static TorchSharp.torch;

namespace TuneWise.Models.Tests.Training;

public class AugmentationTests
{
    private const int Size = 12;

    private static Augmentation Make(AugmentSection settings, int seed = 7) =>
        Augmentation.For(TestData.Experiment() with { Seed = seed, Data = new DataSection { Augment = settings } }, [1, Size, Size])!;

    // n images whose pixel (r, c) holds 1 + r·Size + c: every pixel tells where it came from.
    private static Tensor Ramps(int n) =>
        arange(1, Size * Size + 1).to_type(ScalarType.Float32).view(1, 1, Size, Size).expand(n, 1, Size, Size).contiguous();

    private static float[,] Image(Tensor batch, int i)
    {
        var values = batch[i, 0].contiguous().data<float>().ToArray();
        var image = new float[Size, Size];
        for (int r = 0; r < Size; r++) for (int c = 0; c < Size; c++) image[r, c] = values[r * Size + c];
        return image;
    }

    [Fact]
    public void A_crop_of_the_padded_image_is_a_whole_pixel_shift_of_at_most_the_padding_with_zeros_coming_in()
    {
        using var augmentation = Make(new AugmentSection { CropPadding = 2 });
        using var output = augmentation.Apply(Ramps(200));
        var shifts = new HashSet<(int, int)>();
        for (int i = 0; i < 200; i++)
        {
            var image = Image(output, i);
            // Some kept pixel tells the shift; every other pixel must agree with it or be padding.
            var (r0, c0) = Enumerable.Range(0, Size * Size).Select(k => (k / Size, k % Size)).First(p => image[p.Item1, p.Item2] != 0);
            int source = (int)image[r0, c0] - 1, dy = source / Size - r0, dx = source % Size - c0;
            Assert.InRange(dy, -2, 2);
            Assert.InRange(dx, -2, 2);
            for (int r = 0; r < Size; r++)
                for (int c = 0; c < Size; c++)
                {
                    int sr = r + dy, sc = c + dx;
                    float expected = sr is >= 0 and < Size && sc is >= 0 and < Size ? 1 + sr * Size + sc : 0;
                    Assert.Equal(expected, image[r, c]);
                }
            shifts.Add((dy, dx));
        }
        Assert.True(shifts.Count >= 20, $"only {shifts.Count} of the 25 shifts drawn");
    }

    [Fact]
    public void A_flip_mirrors_about_half_of_the_images_left_to_right_and_leaves_the_rest()
    {
        using var augmentation = Make(new AugmentSection { Flip = true });
        using var output = augmentation.Apply(Ramps(400));
        int mirrored = 0;
        for (int i = 0; i < 400; i++)
        {
            var image = Image(output, i);
            bool flipped = image[0, 0] == Size;
            for (int r = 0; r < Size; r++)
                for (int c = 0; c < Size; c++)
                    Assert.Equal(1 + r * Size + (flipped ? Size - 1 - c : c), image[r, c]);
            if (flipped) mirrored++;
        }
        Assert.InRange(mirrored, 160, 240);
    }

    [Fact]
    public void Erasing_blanks_one_rectangle_of_two_to_a_third_of_the_image_in_the_share_asked_for()
    {
        using var augmentation = Make(new AugmentSection { Erasing = 0.5 });
        using var output = augmentation.Apply(ones(400, 1, Size, Size));
        int erased = 0;
        for (int i = 0; i < 400; i++)
        {
            var image = Image(output, i);
            var zeros = Enumerable.Range(0, Size * Size).Where(k => image[k / Size, k % Size] == 0).ToList();
            if (zeros.Count == 0) continue;
            erased++;
            int top = zeros.Min(k => k / Size), bottom = zeros.Max(k => k / Size), left = zeros.Min(k => k % Size), right = zeros.Max(k => k % Size);
            Assert.Equal((bottom - top + 1) * (right - left + 1), zeros.Count);   // one solid rectangle
            Assert.InRange(zeros.Count, 1, (int)Math.Ceiling(0.45 * Size * Size));   // ≤ a third, rounded sides
        }
        Assert.InRange(erased, 160, 240);
    }

    [Fact]
    public void The_same_seed_augments_the_same_way_and_non_images_are_refused()
    {
        var settings = new AugmentSection { CropPadding = 3, Flip = true, Erasing = 0.4 };
        using (var a = Make(settings))
        using (var b = Make(settings))
        using (var c = Make(settings, seed: 8))
        {
            var batch = Ramps(16);
            Assert.True(a.Apply(batch).eq(b.Apply(batch)).all().item<bool>());
            Assert.False(a.Apply(batch).eq(c.Apply(batch)).all().item<bool>());
        }
        var e = Assert.Throws<Core.UserInputException>(() => Augmentation.For(TestData.Experiment() with { Data = new DataSection { Augment = settings } }, [20]));
        Assert.Contains("data.augment works on images ([channels, height, width]); these samples are [20]", e.Message);
        Assert.Null(Augmentation.For(TestData.Experiment(), [1, 28, 28]));
    }
}
