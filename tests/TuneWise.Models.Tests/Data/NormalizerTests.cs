using TuneWise.Models.Data;
using TuneWise.Core.Experiments;

namespace TuneWise.Models.Tests.Data;

public class NormalizerTests
{
    private static Dataset Table(params float[][] rows) =>
        new(rows.SelectMany(r => r).ToArray(), new float[rows.Length], [rows[0].Length], TaskKind.Regression, 0, "t");

    [Fact]
    public void Standardize_gives_each_column_zero_mean_and_unit_deviation()
    {
        var train = Table([1, 100], [2, 300], [3, 500]);
        var scaled = Normalizer.Fit(train, NormalizeKind.Standardize).Apply(train);
        for (int col = 0; col < 2; col++)
        {
            var values = new[] { scaled.Features[col], scaled.Features[2 + col], scaled.Features[4 + col] };
            Assert.Equal(0, values.Average(), 5);
            Assert.Equal(1, Math.Sqrt(values.Select(v => v * v).Average()), 5);
        }
    }

    [Fact]
    public void Validation_data_is_scaled_with_the_training_statistics()
    {
        var train = Table([0], [10]);
        var validation = Table([20]);
        var scaler = Normalizer.Fit(train, NormalizeKind.MinMax);
        Assert.Equal([0f, 1f], scaler.Apply(train).Features);
        Assert.Equal([2f], scaler.Apply(validation).Features);
    }

    [Fact]
    public void Non_finite_values_are_ignored_when_fitting_and_kept()
    {
        var train = Table([float.NaN], [0], [4]);
        var scaled = Normalizer.Fit(train, NormalizeKind.MinMax).Apply(train);
        Assert.True(float.IsNaN(scaled.Features[0]));
        Assert.Equal([0f, 1f], scaled.Features[1..]);
    }

    [Fact]
    public void A_constant_column_does_not_divide_by_zero()
    {
        var train = Table([5], [5]);
        Assert.Equal([0f, 0f], Normalizer.Fit(train, NormalizeKind.Standardize).Apply(train).Features);
    }

    [Fact]
    public void Images_share_one_statistic_across_pixels()
    {
        var scaled = Normalizer.Fit(TestData.FashionMnistTest, NormalizeKind.MinMax).Apply(TestData.FashionMnistTest);
        Assert.Equal(0f, scaled.Features.Min());
        Assert.Equal(1f, scaled.Features.Max());
    }
}
