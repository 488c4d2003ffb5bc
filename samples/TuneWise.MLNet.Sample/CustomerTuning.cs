using Microsoft.ML;
using TuneWise.Core.Experiments;
using TuneWise.Core.Spaces;
using TuneWise.MLNet.Tuning;

namespace TuneWise.MLNet.Sample;

/// <summary>The sample's study of <c>data/customers.csv</c>: how rows become features, the network, and the space searched.</summary>
public static class CustomerTuning
{
    /// <summary>
    /// The plan becomes a key label, the region one-hot, income and usage (long-tailed) a log scale,
    /// and everything one standardised vector.
    /// </summary>
    public static IEstimator<ITransformer> Featurizer(MLContext ml) =>
        ml.Transforms.Conversion.MapValueToKey("Label", nameof(Customer.Plan))
            .Append(ml.Transforms.Categorical.OneHotEncoding("RegionOneHot", nameof(Customer.Region)))
            .Append(ml.Transforms.NormalizeLogMeanVariance(nameof(Customer.Income)))
            .Append(ml.Transforms.NormalizeLogMeanVariance(nameof(Customer.MonthlyUsageGb)))
            .Append(ml.Transforms.Concatenate("Features", "RegionOneHot", nameof(Customer.Age), nameof(Customer.Income),
                nameof(Customer.TenureMonths), nameof(Customer.MonthlyUsageGb), nameof(Customer.SupportCalls)))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));

    /// <summary>The network and the values of everything not searched: MLP 64-32, 30 epochs.</summary>
    public static NeuralNetworkOptions Network() => new()
    {
        HiddenLayers = [64, 32],
        NumberOfEpochs = 30,
    };

    /// <summary>Learning rate from the range test, optimizer, l2, dropout and batch size.</summary>
    public static void Space(SearchSpaceBuilder space) => space
        .AutoLearningRate()
        .Categorical("optimizer", "adam", "sgd")
        .Float("l2", 1e-6, 1e-3, log: true)
        .Float("dropout", 0, 0.3)
        .PowerOfTwo("batchSize", 16, 64);
}
