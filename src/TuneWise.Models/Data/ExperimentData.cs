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
            case DataSourceKind.FashionMnist:
            {
                var folder = FashionMnist.Locate(Resolve(spec.Path), experiment.BaseDirectory);
                var splits = FashionMnist.Load(folder);
                // The bundled folder holds only the official test split: then it is all there is to train on.
                full = splits.Train ?? splits.Test!;
                test = splits.Train is null ? null : splits.Test;
                break;
            }
            case DataSourceKind.Idx:
            {
                var folder = Resolve(spec.Path)!;
                (full, var folderTest) = IdxFolder(folder, null);
                test = folderTest;
                break;
            }
            case DataSourceKind.Images:
                full = ImageFolderDataset.Load(Resolve(spec.Path)!, spec.ImageSize, spec.Grayscale);
                break;
            case DataSourceKind.DataView:
                throw new Core.UserInputException("data.kind is \"dataview\": this study's data is an ML.NET IDataView given in code; run it from the program that made it (the ML.NET tuning API)");
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
        if (full.Task == TaskKind.Classification && full.Targets.Distinct().Take(2).Count() < 2)
        {
            string only = full.ClassNames is { Count: > 0 } names ? names[(int)full.Targets[0]] : full.Targets[0].ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new DataLoadException(full.Source, $"every label is '{only}': classification needs at least two classes", column: spec.Kind == DataSourceKind.Csv ? spec.LabelColumn : null);
        }
        if (validation is null)
        {
            if (spec.ValidationFraction <= 0)
                throw new DataLoadException(full.Source, "no validation data: set data.validationFraction > 0 or data.validationPath");
            (train, validation) = DataSplit.Stratified(full, spec.ValidationFraction, seed);
        }
        if (spec.TrainLimit is { } limit) train = DataSplit.Limit(train, limit, seed);
        var normalizer = Normalizer.Fit(train, spec.Normalize);
        var prepared = new TrainingData(normalizer.Apply(train), normalizer.Apply(validation), test is null ? null : normalizer.Apply(test)) { FeatureScaling = normalizer };
        return spec.Task == TaskKind.Regression && spec.NormalizeTarget ? StandardiseTargets(prepared) : prepared;
    }

    // Targets minus the training mean, over the training deviation; losses are scaled back by the variance.
    private static TrainingData StandardiseTargets(TrainingData data)
    {
        var targets = data.Train.Targets;
        double mean = targets.Average(t => (double)t);
        double std = Math.Sqrt(targets.Sum(t => (t - mean) * (t - mean)) / targets.Length);
        if (!(std > 0) || !double.IsFinite(std)) return data;
        Dataset Scale(Dataset d) => d.WithTargets(d.Targets.Select(t => (float)((t - mean) / std)).ToArray());
        return data with { Train = Scale(data.Train), Validation = Scale(data.Validation), Test = data.Test is null ? null : Scale(data.Test), TargetScaling = new TargetScaling(mean, std) };
    }

    // A validation or test file is read with the training file's columns, by name, and its classes.
    private static Dataset LoadLike(Dataset reference, string path, DataSection spec)
    {
        if (spec.Kind == DataSourceKind.Csv)
            return CsvDataset.Load(path, spec.LabelColumn, spec.FeatureColumns ?? reference.FeatureNames, spec.Task, reference.ClassNames);
        if (spec.Kind == DataSourceKind.Images)
            return ImageFolderDataset.Load(path, [reference.SampleShape[1], reference.SampleShape[2]], spec.Grayscale, reference.ClassNames);
        return IdxFolder(path, reference.ClassCount).Train;
    }

    // An IDX folder holds an *images* and a *labels* file; when it holds the training files (train-*)
    // and the test files (t10k-* or test-*) of a split data set, the first are trained on and the second tested on.
    private static (Dataset Train, Dataset? Test) IdxFolder(string folder, int? classCount)
    {
        if (!Directory.Exists(folder)) throw new DataLoadException(folder, File.Exists(folder) ? "is a file; data.path of idx data names the folder that holds the images and labels files" : "folder not found");
        var files = Directory.GetFiles(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        static bool IsTest(string name) => name.StartsWith("t10k", StringComparison.OrdinalIgnoreCase) || name.StartsWith("test", StringComparison.OrdinalIgnoreCase);
        List<string> With(string word, bool test) => files.Where(f => f.Contains(word, StringComparison.OrdinalIgnoreCase) && IsTest(f) == test).ToList();
        string? One(string word, bool test)
        {
            var found = With(word, test);
            return found.Count switch
            {
                0 => null,
                1 => Path.Combine(folder, found[0]),
                _ => throw new DataLoadException(folder, $"holds {found.Count} {word} files ({string.Join(", ", found)}); keep one"),
            };
        }
        var (trainImages, trainLabels) = (One("images", false), One("labels", false));
        var (testImages, testLabels) = (One("images", true), One("labels", true));
        if (trainImages is null && trainLabels is null) (trainImages, trainLabels, testImages, testLabels) = (testImages, testLabels, null, null);
        if (trainImages is null || trainLabels is null)
            throw new DataLoadException(folder, $"needs one file with 'images' and one with 'labels' in its name; found {(files.Count == 0 ? "no files" : string.Join(", ", files))}");
        var train = IdxDataset.Load(trainImages, trainLabels, classCount);
        var test = testImages is not null && testLabels is not null ? IdxDataset.Load(testImages, testLabels, classCount ?? train.ClassCount) : null;
        return (train, test);
    }
}
