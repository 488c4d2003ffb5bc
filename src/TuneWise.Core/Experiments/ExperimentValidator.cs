namespace TuneWise.Core.Experiments;

/// <summary>Checks the values of an experiment that JSON typing alone cannot check.</summary>
public static class ExperimentValidator
{
    /// <summary>Returns every problem found; an empty list means the experiment is valid.</summary>
    public static IReadOnlyList<ExperimentError> Validate(Experiment e)
    {
        var errors = new List<ExperimentError>();
        void Check(bool ok, string path, string rule, object? value)
        {
            if (!ok) errors.Add(new ExperimentError(path, $"{rule}, got {Format(value)}"));
        }

        var d = e.Data;
        Check(d.ValidationFraction is >= 0 and < 1, "data.validationFraction", "must be in [0, 1)", d.ValidationFraction);
        Check(d.TrainLimit is null or > 0, "data.trainLimit", "must be > 0", d.TrainLimit);
        Check(d.Kind != DataSourceKind.Csv || !string.IsNullOrWhiteSpace(d.Path), "data.path", "is required for csv data", d.Path);
        Check(d.Kind != DataSourceKind.Idx || !string.IsNullOrWhiteSpace(d.Path), "data.path", "is required for idx data", d.Path);
        Check(d.Kind != DataSourceKind.Images || !string.IsNullOrWhiteSpace(d.Path), "data.path", "is required for images data (a folder with one sub-folder per class)", d.Path);
        Check(d.ImageSize is null || (d.ImageSize.Count == 2 && d.ImageSize.All(v => v is > 0 and <= Limits.MaxImageSide)), "data.imageSize",
            $"must be [height, width], each in 1..{Limits.MaxImageSide}", d.ImageSize is null ? null : $"[{string.Join(", ", d.ImageSize)}]");
        Check(!string.IsNullOrWhiteSpace(d.LabelColumn), "data.labelColumn", "must not be empty", d.LabelColumn);
        Check(d.Augment.CropPadding is >= 0 and <= Limits.MaxCropPadding, "data.augment.cropPadding", $"must be in [0, {Limits.MaxCropPadding}]", d.Augment.CropPadding);
        Check(d.Augment.Erasing is >= 0 and <= 1, "data.augment.erasing", "must be in [0, 1]", d.Augment.Erasing);

        var m = e.Model;
        for (int i = 0; i < m.Hidden.Count; i++) Check(m.Hidden[i] > 0, $"model.hidden[{i}]", "must be > 0", m.Hidden[i]);
        for (int i = 0; i < m.Channels.Count; i++) Check(m.Channels[i] > 0, $"model.channels[{i}]", "must be > 0", m.Channels[i]);
        Check(m.Kind == ModelKind.Mlp || m.Channels.Count > 0, "model.channels", "must name at least one block for cnn and resnet", "[]");
        Check(m.Blocks > 0, "model.blocks", "must be > 0", m.Blocks);
        Check(m.Dropout is >= 0 and < 1, "model.dropout", "must be in [0, 1)", m.Dropout);
        Check(m.InitStd > 0 && double.IsFinite(m.InitStd), "model.initStd", "must be > 0", m.InitStd);
        Check(double.IsFinite(m.InitValue), "model.initValue", "must be finite", m.InitValue);
        Check(double.IsFinite(m.BiasInit), "model.biasInit", "must be finite", m.BiasInit);

        var t = e.Training;
        Check(t.Epochs > 0, "training.epochs", "must be > 0", t.Epochs);
        Check(t.Epochs <= Limits.MaxEpochs, "training.epochs", $"must be at most {Limits.MaxEpochs} (a run that long is a typo; a tuning budget in epochs is search.budget.epochs)", t.Epochs);
        Check(t.BatchSize > 0, "training.batchSize", "must be > 0", t.BatchSize);
        Check(t.LearningRate > 0 && double.IsFinite(t.LearningRate), "training.learningRate", "must be > 0", t.LearningRate);
        Check(t.Momentum is null or (>= 0 and < 1), "training.momentum", "must be in [0, 1)", t.Momentum);
        Check(t.Betas.Count == 2, "training.betas", "must hold two values", $"{t.Betas.Count} values");
        for (int i = 0; i < t.Betas.Count; i++) Check(t.Betas[i] is >= 0 and < 1, $"training.betas[{i}]", "must be in [0, 1)", t.Betas[i]);
        Check(t.RmspropAlpha is > 0 and < 1, "training.rmspropAlpha", "must be in (0, 1)", t.RmspropAlpha);
        Check(t.Eps is null or > 0, "training.eps", "must be > 0", t.Eps);
        Check(t.StepEpochs > 0, "training.stepEpochs", "must be > 0", t.StepEpochs);
        Check(t.StepGamma is > 0 and <= 1, "training.stepGamma", "must be in (0, 1]", t.StepGamma);
        Check(t.L2 >= 0 && double.IsFinite(t.L2), "training.l2", "must be >= 0", t.L2);
        Check(t.WeightDecay >= 0 && double.IsFinite(t.WeightDecay), "training.weightDecay", "must be >= 0", t.WeightDecay);
        Check(t.Clip.Mode == ClipMode.None || t.Clip.Threshold > 0, "training.clip.threshold", "must be > 0", t.Clip.Threshold);
        Check(System.Text.RegularExpressions.Regex.IsMatch(t.Device ?? "", @"^(auto|cpu|cuda(:\d{1,2})?)$"), "training.device", "must be auto, cpu, cuda or cuda:N", t.Device);

        Check(e.Health.Cadence > 0, "health.cadence", "must be > 0", e.Health.Cadence);
        foreach (var name in Health.HealthThresholds.Unknown(e.Health.Thresholds.Keys))
            errors.Add(new ExperimentError($"health.thresholds.{name}", "is not a known threshold; known: " + string.Join(", ", Health.HealthThresholds.Catalogue.Keys.Order())));
        foreach (var (name, value) in e.Health.Thresholds)
            Check(double.IsFinite(value) && value >= 0, $"health.thresholds.{name}", "must be a finite number >= 0", value);
        var lr = e.Search.LrRangeTest;
        Check(lr.Start > 0, "search.lrRangeTest.start", "must be > 0", lr.Start);
        Check(lr.End > lr.Start, "search.lrRangeTest.end", $"must be > start ({Format(lr.Start)})", lr.End);
        Check(lr.Steps is null or >= 10, "search.lrRangeTest.steps", "must be >= 10", lr.Steps);
        Check(lr.Steps is null or <= Limits.MaxRangeTestSteps, "search.lrRangeTest.steps", $"must be at most {Limits.MaxRangeTestSteps} (the test needs about 100)", lr.Steps);
        Check(lr.Mode is "exp" or "linear", "search.lrRangeTest.mode", "must be exp or linear", lr.Mode);
        if (e.Search.Space.Count > 0)
        {
            var spaceErrors = new List<ExperimentError>();
            var space = Spaces.SearchSpaceParser.Parse(e.Search.Space, spaceErrors, e.Search.CustomTrainer);
            if (spaceErrors.Count == 0 && !e.Search.CustomTrainer) Spaces.SpaceValueRules.Check(e, space, spaceErrors);
            errors.AddRange(spaceErrors);
        }
        Check(e.Search.Budget.Trials > 0, "search.budget.trials", "must be > 0", e.Search.Budget.Trials);
        Check(e.Storage.Path is null || e.Storage.Path.Trim().Length > 0, "storage.path", "must name a study file (leave it out for <name>.db beside the experiment)", "\"\"");
        Check(e.Report.Path is null || e.Report.Path.Trim().Length > 0, "report.path", "must name a file (leave it out for <name>.html beside the experiment)", "\"\"");
        Check(e.Search.Workers > 0, "search.workers", "must be > 0", e.Search.Workers);
        var budget = e.Search.Budget;
        Check(budget.Minutes is null or > 0 && double.IsFinite(budget.Minutes ?? 0), "search.budget.minutes", "must be > 0", budget.Minutes);
        Check(budget.Epochs is null or > 0, "search.budget.epochs", "must be > 0", budget.Epochs);
        Check(budget.MaxFailuresInARow > 0, "search.budget.maxFailuresInARow", "must be > 0", budget.MaxFailuresInARow);
        var objective = e.Search.Objective;
        Check(objective.Metric is null || e.Search.CustomTrainer || Trials.Objective.MetricNames.Contains(objective.Metric), "search.objective.metric",
            "must be one of " + string.Join(", ", Trials.Objective.MetricNames), objective.Metric);
        Check(objective.Metric is null || e.Data.Task == TaskKind.Classification || !Trials.Objective.ClassificationOnly.Contains(objective.Metric),
            "search.objective.metric", "is a classification metric, and the task is regression", objective.Metric);
        Check(objective.Metric is null || e.Data.Task == TaskKind.Regression || !Trials.Objective.RegressionOnly.Contains(objective.Metric),
            "search.objective.metric", "is a regression metric, and the task is classification", objective.Metric);
        var pruner = e.Search.Pruner;
        if (pruner.Health is { } health)
        {
            Check(health.Persistence >= 1, "search.pruner.health.persistence", "must be >= 1", health.Persistence);
            Check(health.WarmupEpochs >= 0, "search.pruner.health.warmupEpochs", "must be >= 0", health.WarmupEpochs);
            for (int i = 0; i < health.Ignore.Count; i++)
                Check(Health.VerdictCodes.All.Contains(health.Ignore[i]), $"search.pruner.health.ignore[{i}]", "must be a verdict code", health.Ignore[i]);
        }
        if (pruner.Asha is { } asha)
        {
            Check(asha.MinEpochs >= 1, "search.pruner.asha.minEpochs", "must be >= 1", asha.MinEpochs);
            Check(asha.ReductionFactor >= 2, "search.pruner.asha.reductionFactor", "must be >= 2", asha.ReductionFactor);
        }
        if (pruner.Median is { } median)
        {
            Check(median.Percentile is > 0 and < 100, "search.pruner.median.percentile", "must be in (0, 100)", median.Percentile);
            Check(median.StartupTrials >= 0, "search.pruner.median.startupTrials", "must be >= 0", median.StartupTrials);
            Check(median.WarmupEpochs >= 0, "search.pruner.median.warmupEpochs", "must be >= 0", median.WarmupEpochs);
        }
        if (pruner.Patient is { } patient)
        {
            Check(patient.Patience >= 0, "search.pruner.patient.patience", "must be >= 0", patient.Patience);
            Check(patient.MinDelta >= 0 && double.IsFinite(patient.MinDelta), "search.pruner.patient.minDelta", "must be >= 0", patient.MinDelta);
        }
        return errors;
    }

    private static string Format(object? value) => value switch
    {
        null => "nothing",
        double x => x.ToString("G", System.Globalization.CultureInfo.InvariantCulture),
        string s => $"\"{s}\"",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "?",
    };
}
