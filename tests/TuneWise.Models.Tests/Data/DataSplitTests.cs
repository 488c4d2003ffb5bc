using TuneWise.Models.Data;

namespace TuneWise.Models.Tests.Data;

public class DataSplitTests
{
    [Fact]
    public void The_validation_split_keeps_every_class_share()
    {
        var (train, validation) = DataSplit.Stratified(TestData.FashionMnistTest, 0.2, seed: 1);
        Assert.Equal(8000, train.Count);
        Assert.Equal(2000, validation.Count);
        Assert.All(validation.ClassCounts(), c => Assert.Equal(200, c));
        Assert.All(train.ClassCounts(), c => Assert.Equal(800, c));
    }

    [Fact]
    public void The_split_depends_on_the_seed_only()
    {
        var a = DataSplit.Stratified(TestData.FashionMnistTest, 0.1, seed: 3).Validation;
        var b = DataSplit.Stratified(TestData.FashionMnistTest, 0.1, seed: 3).Validation;
        var c = DataSplit.Stratified(TestData.FashionMnistTest, 0.1, seed: 4).Validation;
        Assert.Equal(a.Features, b.Features);
        Assert.NotEqual(a.Features, c.Features);
    }

    [Fact]
    public void A_limit_subsamples_in_proportion()
    {
        var limited = DataSplit.Limit(TestData.FashionMnistTest, 500, seed: 1);
        Assert.Equal(500, limited.Count);
        Assert.All(limited.ClassCounts(), c => Assert.Equal(50, c));
    }
}
