using TuneWise.Core.Experiments;

namespace TuneWise.Models.Data;

/// <summary>Loads the data an experiment's <c>data</c> section describes, split and normalised.</summary>
public static class ExperimentData
{
    /// <summary>Loads, splits (stratified, seeded), subsamples and normalises the experiment's data.</summary>
    public static TrainingData Load(Experiment experiment)
    {
        var spec = experiment.Data;
        string? Resolve(string? p) => string.IsNullOrWhiteSpace(p) ? null : experiment.ResolvePath(p);
        Dataset full;
        Dataset? test = null;
        Dataset? validation = null;
        switch (spec.Kind)
        {
            case DataKind.FashionMnist:
            {
                var folder = FashionMnist.Locate(Resolve(spec.Path), experiment.BaseDirectory);
                var splits = FashionMnist.Load(folder);
                // The bundled folder holds only the official test split: then it is all there is to train on.
                full = splits.Train ?? splits.Test!;
                test = splits.Train is null ? null : splits.Test;
                break;
            }
            case DataKind.Idx:
            {
                var folder = Resolve(spec.Path)!;
                full = IdxFolder(folder);
                break;
            }
            default:
                full = CsvDataset.Load(Resolve(spec.Path)!, spec.LabelColumn, spec.FeatureColumns, spec.Task);
                break;
        }
        if (Resolve(spec.ValidationPath) is { } validationPath)
            validation = LoadLike(full, validationPath, spec);
        if (Resolve(spec.TestPath) is { } testPath)
            test = LoadLike(full, testPath, spec);
        return Prepare(full, validation, test, spec, experiment.Seed);
    }

    /// <summary>Splits, subsamples and normalises already loaded data as the <c>data</c> section says.</summary>
    public static TrainingData Prepare(Dataset full, Dataset? validation, Dataset? test, DataSection spec, int seed)
    {
        var train = full;
        if (validation is null)
        {
            if (spec.ValidationFraction <= 0)
                throw new DataLoadException(full.Source, "no validation data: set data.validationFraction > 0 or data.validationPath");
            (train, validation) = DataSplit.Stratified(full, spec.ValidationFraction, seed);
        }
        if (spec.TrainLimit is { } limit) train = DataSplit.Limit(train, limit, seed);
        var normalizer = Normalizer.Fit(train, spec.Normalize);
        return new TrainingData(normalizer.Apply(train), normalizer.Apply(validation), test is null ? null : normalizer.Apply(test));
    }

    private static Dataset LoadLike(Dataset reference, string path, DataSection spec)
    {
        if (spec.Kind == DataKind.Csv)
            return CsvDataset.Load(path, spec.LabelColumn, spec.FeatureColumns, spec.Task, reference.ClassNames);
        return Directory.Exists(path) ? IdxFolder(path) : throw new DataLoadException(path, "folder not found");
    }

    // An IDX folder holds one *images* file and one *labels* file.
    private static Dataset IdxFolder(string folder)
    {
        if (!Directory.Exists(folder)) throw new DataLoadException(folder, "folder not found");
        string Pick(string word) => Directory.GetFiles(folder).Where(f => Path.GetFileName(f).Contains(word, StringComparison.OrdinalIgnoreCase)).Order().FirstOrDefault()
            ?? throw new DataLoadException(folder, $"no file with '{word}' in its name");
        return IdxDataset.Load(Pick("images"), Pick("labels"));
    }
}
