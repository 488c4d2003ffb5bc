namespace TuneWise.Models.Training;

/// <summary>
/// A model's metrics on one split, as ML.NET's evaluators define them, so a study can optimise the
/// metric an ML.NET user reads (macro accuracy, AUC, F1, R², RMSE, MAE) and prune on it every epoch.
/// </summary>
/// <param name="Loss">Mean loss (cross-entropy, or mean squared error in training units).</param>
/// <param name="Accuracy">Share of rows classified right (classification).</param>
internal sealed record SplitMetrics(double Loss, double? Accuracy)
{
    /// <summary>No split was evaluated: the loss is not a number and every metric is absent.</summary>
    public static SplitMetrics None { get; } = new(double.NaN, null);

    /// <summary>Mean of the classes' recalls, over the classes present in the split.</summary>
    public double? MacroAccuracy { get; init; }
    /// <summary>Two classes: the probability that a random positive scores above a random negative (ties count half).</summary>
    public double? Auc { get; init; }
    /// <summary>Two classes: harmonic mean of the positive class's precision and recall (0 when nothing is predicted positive).</summary>
    public double? F1 { get; init; }
    /// <summary>Regression: 1 − residual / total sum of squares (unchanged by rescaling the target).</summary>
    public double? RSquared { get; init; }
    /// <summary>Regression: root mean squared error, in training units.</summary>
    public double? Rmse { get; init; }
    /// <summary>Regression: mean absolute error, in training units.</summary>
    public double? Mae { get; init; }

    /// <summary>The metrics of class probabilities (<paramref name="probabilities"/>: row-major, one per class) against class indices.</summary>
    public static SplitMetrics Classification(double loss, double accuracy, float[] probabilities, float[] classes)
    {
        int n = classes.Length, k = probabilities.Length / n;
        var hits = new int[k];
        var counts = new int[k];
        var predicted = new int[n];
        for (int i = 0; i < n; i++)
        {
            int best = 0;
            for (int c = 1; c < k; c++) if (probabilities[i * k + c] > probabilities[i * k + best]) best = c;
            predicted[i] = best;
            int truth = (int)classes[i];
            counts[truth]++;
            if (best == truth) hits[truth]++;
        }
        var present = Enumerable.Range(0, k).Where(c => counts[c] > 0).ToList();
        var metrics = new SplitMetrics(loss, accuracy) { MacroAccuracy = present.Average(c => (double)hits[c] / counts[c]) };
        if (k != 2) return metrics;
        int truePositive = Enumerable.Range(0, n).Count(i => predicted[i] == 1 && classes[i] == 1);
        int predictedPositive = predicted.Count(p => p == 1), positive = counts[1];
        double f1 = truePositive == 0 ? 0 : 2.0 * truePositive / (predictedPositive + positive);
        return metrics with { F1 = f1, Auc = AreaUnderCurve(Enumerable.Range(0, n).Select(i => probabilities[i * 2 + 1]).ToArray(), classes) };
    }

    /// <summary>The metrics of predictions against targets, both in training units.</summary>
    public static SplitMetrics Regression(double loss, float[] predictions, float[] targets)
    {
        double mean = targets.Average(t => (double)t), residual = 0, total = 0, absolute = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            double e = predictions[i] - (double)targets[i];
            residual += e * e;
            absolute += Math.Abs(e);
            total += (targets[i] - mean) * (targets[i] - mean);
        }
        return new SplitMetrics(loss, null)
        {
            RSquared = total > 0 ? 1 - residual / total : null,
            Rmse = Math.Sqrt(residual / targets.Length),
            Mae = absolute / targets.Length,
        };
    }

    // Mann–Whitney: the AUC is the positives' mean rank among all scores, ties sharing their mean rank.
    private static double? AreaUnderCurve(float[] scores, float[] classes)
    {
        long positives = classes.LongCount(c => c == 1), negatives = classes.Length - positives;
        if (positives == 0 || negatives == 0) return null;
        var order = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        double rankSum = 0;
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]]) end++;
            double rank = (start + end) / 2.0 + 1;
            for (int j = start; j <= end; j++) if (classes[order[j]] == 1) rankSum += rank;
            start = end + 1;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
