using Microsoft.ML;
using Microsoft.ML.Trainers;
using TuneWise.Core.Trials;
using TuneWise.MLNet.Tuning;
using TuneWise.Storage.Postgres;
using TuneWise.Testing;

namespace TuneWise.MLNet.Tests.Tuning;

/// <summary>The tuning API on a real PostgreSQL server (started by the fixture, or skipped with the reason).</summary>
[Collection(PostgresCollection.Name)]
public class PostgresTuningTests(PostgresServer server)
{
    private TuningExperiment Sdca(MLContext ml, string study, int trials) => ml.CreateTuningExperiment()
        .SetName(study)
        .SetDataset(SyntheticData.Binary(ml, 300, seed: 1), SyntheticData.Binary(ml, 100, seed: 2))
        .SetFeaturizer(ml.Transforms.Concatenate("Features", "A", "B", "C"))
        .SetTrainer(PredictionKind.Binary, (context, p) => context.BinaryClassification.Trainers.SdcaLogisticRegression(
            new SdcaLogisticRegressionBinaryTrainer.Options { L2Regularization = (float)p.Double("l2"), MaximumNumberOfIterations = p.Int("iterations") }))
        .SetMetric(TuningMetric.AreaUnderRocCurve)
        .SetSearchSpace(s => s.Float("l2", 1e-6, 1, log: true).Int("iterations", 5, 50))
        .SetStorage(new PostgresStudyStore(server.ConnectionString))
        .SetBudget(trials)
        .SetReport(null);

    [SkippableFact]
    public async Task A_study_in_postgres_resumes_where_it_stopped()
    {
        Skip.If(server.Unavailable is not null, server.Unavailable);
        var ml = new MLContext(1);
        string study = "mlnet-" + Guid.NewGuid().ToString("N")[..8];
        var first = await Sdca(ml, study, 2).RunAsync();
        var second = await Sdca(ml, study, 4).RunAsync();

        Assert.Equal(2, first.Study.Trials.Count);
        Assert.Equal(Enumerable.Range(0, 4), second.Study.Trials.Select(t => t.Record.Number));
        Assert.All(second.Study.Trials, t => Assert.Equal(TrialState.Complete, t.Record.State));
        Assert.Equal(first.Study.Trials.Select(t => t.Record.Value), second.Study.Trials.Take(2).Select(t => t.Record.Value));
        Assert.True(second.ValidationMetrics["AreaUnderRocCurve"] > 0.9);
    }
}
