using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using TuneWise.MLNet;
using TuneWise.MLNet.Sample;

namespace TuneWise.Benchmarks;

/// <summary>
/// The neural trainer against the trainers an ML.NET user would pick instead (FastTree, LightGBM,
/// SDCA), each with its defaults, on the three tasks: the sample's customers (multiclass, text
/// labels) and two public-shaped tables generated here (a bank-marketing-like binary table with
/// missing values and categories, house prices around 240,000). Three train/test splits each; the
/// permutation feature importance of the network on the binary table.
/// </summary>
internal static class MlNetTasksBenchmark
{
    private const int Splits = 3;

    public static string Run()
    {
        var table = new StringBuilder();
        table.AppendLine($"Each trainer with its defaults after the same featurisation (one-hot categories, missing values replaced by the mean, standardised); the network an MLP [64, 32], Adam 1e-3, 30 epochs. Mean ± standard deviation over {Splits} train/test splits (80/20):")
            .AppendLine()
            .AppendLine("| data | task | trainer | test metric | second metric | fit seconds |")
            .AppendLine("|---|---|---|---|---|---|");
        var ml = new MLContext(1);
        Customers(ml, table);
        Bank(ml, table);
        Houses(ml, table);
        table.AppendLine().Append(Importance(ml));
        return table.ToString();
    }

    private static void Customers(MLContext ml, StringBuilder table)
    {
        var data = ml.Data.LoadFromTextFile<Customer>(Path.Combine("samples", "TuneWise.MLNet.Sample", "data", "customers.csv"), separatorChar: ',', hasHeader: true);
        var featurizer = CustomerTuning.Featurizer(ml);
        Compare(table, "customers.csv (sample, 6,000 rows)", "multiclass", data, featurizer, new (string, Func<IEstimator<ITransformer>>)[]
        {
            ("TuneWise network", () => ml.MulticlassClassification.Trainers.NeuralNetwork(Network())),
            ("FastTree (one-versus-all)", () => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree())),
            ("LightGBM", () => ml.MulticlassClassification.Trainers.LightGbm()),
            ("SDCA maximum entropy", () => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()),
        }, scored => { var m = ml.MulticlassClassification.Evaluate(scored); return (m.MacroAccuracy, m.MicroAccuracy); }, "macro accuracy", "micro accuracy");
    }

    private static void Bank(MLContext ml, StringBuilder table)
    {
        var clients = BankRow.Generate(8000, seed: 3);
        var data = ml.Data.LoadFromEnumerable(clients);
        var featurizer = ml.Transforms.ReplaceMissingValues([new("Age"), new("Balance")])
            .Append(ml.Transforms.Categorical.OneHotEncoding([new("JobOneHot", "Job"), new("EducationOneHot", "Education"), new("HousingOneHot", "Housing")]))
            .Append(ml.Transforms.Concatenate("Features", "JobOneHot", "EducationOneHot", "HousingOneHot", "Age", "Balance", "CallSeconds", "Contacts"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));
        Compare(table, FormattableString.Invariant($"bank-shaped (8,000 rows, {clients.Average(c => c.Label ? 1.0 : 0):P0} positive, 5 % of ages and balances missing)"), "binary", data, featurizer, new (string, Func<IEstimator<ITransformer>>)[]
        {
            ("TuneWise network", () => ml.BinaryClassification.Trainers.NeuralNetwork(Network())),
            ("FastTree", () => ml.BinaryClassification.Trainers.FastTree()),
            ("LightGBM", () => ml.BinaryClassification.Trainers.LightGbm()),
            ("SDCA logistic regression", () => ml.BinaryClassification.Trainers.SdcaLogisticRegression()),
        }, scored => { var m = ml.BinaryClassification.Evaluate(scored); return (m.Accuracy, m.AreaUnderRocCurve); }, "accuracy", "AUC");
    }

    private static void Houses(MLContext ml, StringBuilder table)
    {
        var houses = HouseRow.Generate(4000, seed: 4);
        var data = ml.Data.LoadFromEnumerable(houses);
        var featurizer = ml.Transforms.Categorical.OneHotEncoding("NeighbourhoodOneHot", "Neighbourhood")
            .Append(ml.Transforms.Concatenate("Features", "NeighbourhoodOneHot", "Area", "Rooms", "YearBuilt", "Quality", "GarageCars"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));
        Compare(table, FormattableString.Invariant($"house-price-shaped (4,000 rows, mean price {houses.Average(h => h.Label):N0})"), "regression", data, featurizer, new (string, Func<IEstimator<ITransformer>>)[]
        {
            ("TuneWise network", () => ml.Regression.Trainers.NeuralNetwork(Network())),
            ("FastTree", () => ml.Regression.Trainers.FastTree()),
            ("LightGBM", () => ml.Regression.Trainers.LightGbm()),
            ("SDCA", () => ml.Regression.Trainers.Sdca()),
        }, scored => { var m = ml.Regression.Evaluate(scored); return (m.RSquared, m.RootMeanSquaredError); }, "R²", "RMSE");
    }

    private static NeuralNetworkOptions Network() => new() { HiddenLayers = [64, 32], NumberOfEpochs = 30, Seed = 1 };

    private static void Compare(StringBuilder table, string dataName, string task, IDataView data, IEstimator<ITransformer> featurizer,
        IEnumerable<(string Name, Func<IEstimator<ITransformer>> Trainer)> trainers, Func<IDataView, (double First, double Second)> evaluate, string first, string second)
    {
        var ml = new MLContext(1);
        var splits = Enumerable.Range(0, Splits).Select(s => ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 10 + s)).ToList();
        foreach (var (name, trainer) in trainers)
        {
            var firsts = new List<double>();
            var seconds = new List<double>();
            var times = new List<double>();
            foreach (var split in splits)
            {
                var clock = Stopwatch.StartNew();
                var model = featurizer.Append(trainer()).Fit(split.TrainSet);
                times.Add(clock.Elapsed.TotalSeconds);
                var (a, b) = evaluate(model.Transform(split.TestSet));
                firsts.Add(a);
                seconds.Add(b);
            }
            table.AppendLine(FormattableString.Invariant($"| {dataName} | {task} | {name} | {first} {Spread(firsts)} | {second} {Spread(seconds)} | {times.Average():F1} |"));
        }
    }

    private static string Spread(List<double> values)
    {
        double mean = values.Average(), sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Count - 1));
        string format = Math.Abs(mean) >= 100 ? "N0" : "F3";
        return $"{mean.ToString(format, CultureInfo.InvariantCulture)} ± {sd.ToString(format, CultureInfo.InvariantCulture)}";
    }

    // The network's permutation feature importance on the bank-shaped table, read by ML.NET's own call.
    private static string Importance(MLContext ml)
    {
        var data = ml.Data.LoadFromEnumerable(BankRow.Generate(8000, seed: 3));
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 10);
        var featurizer = ml.Transforms.ReplaceMissingValues([new("Age"), new("Balance")])
            .Append(ml.Transforms.Concatenate("Features", "Age", "Balance", "CallSeconds", "Contacts"))
            .Append(ml.Transforms.NormalizeMeanVariance("Features")).Fit(split.TrainSet);
        var network = ml.BinaryClassification.Trainers.NeuralNetwork(Network()).Fit(featurizer.Transform(split.TrainSet));
        var importance = ml.BinaryClassification.PermutationFeatureImportance(network, featurizer.Transform(split.TestSet), permutationCount: 3);
        string[] names = ["Age", "Balance", "CallSeconds", "Contacts"];
        var text = new StringBuilder("Permutation feature importance of the network on the bank-shaped table's numeric columns (`ml.BinaryClassification.PermutationFeatureImportance(network, testData)`, 3 permutations; the label was drawn from a logit of call seconds (the strongest term), balance, an age band, job, education and housing; contacts play no part):\n\n| column | drop in AUC |\n|---|---|\n");
        foreach (var (name, i) in names.Select((n, i) => (n, i)).OrderBy(p => importance[p.i].AreaUnderRocCurve.Mean))
            text.AppendLine(FormattableString.Invariant($"| {name} | {-importance[i].AreaUnderRocCurve.Mean:F3} ± {importance[i].AreaUnderRocCurve.StandardError:F3} |"));
        return text.ToString();
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>A bank-marketing-shaped client: whether they subscribed after the campaign's calls.</summary>
    private sealed class BankRow
    {
        public float Age { get; set; }
        public float Balance { get; set; }
        public float CallSeconds { get; set; }
        public float Contacts { get; set; }
        public string Job { get; set; } = "";
        public string Education { get; set; } = "";
        public string Housing { get; set; } = "";
        public bool Label { get; set; }

        public static List<BankRow> Generate(int count, int seed)
        {
            var random = new Random(seed);
            string[] jobs = ["admin", "blue-collar", "technician", "services", "management", "retired"];
            string[] education = ["primary", "secondary", "tertiary"];
            return Enumerable.Range(0, count).Select(_ =>
            {
                double age = Math.Clamp(40 + 11 * Normal(random), 18, 90), balance = Math.Exp(7 + 1.2 * Normal(random)) - 500;
                double seconds = -260 * Math.Log(1 - random.NextDouble()), contacts = 1 + Math.Floor(-2 * Math.Log(1 - random.NextDouble()));
                int job = random.Next(jobs.Length), school = random.Next(education.Length);
                bool housing = random.NextDouble() < 0.55;
                double logit = -3.2 + 0.006 * seconds - 0.004 * Math.Max(0, seconds - 600) + 0.00012 * Math.Min(balance, 8000)
                    + (age > 60 ? 1.1 : age < 25 ? 0.6 : 0) + (job == 5 ? 0.5 : job == 1 ? -0.4 : 0) + 0.3 * school - (housing ? 0.6 : 0);
                return new BankRow
                {
                    Age = random.NextDouble() < 0.05 ? float.NaN : (float)Math.Round(age),
                    Balance = random.NextDouble() < 0.05 ? float.NaN : (float)balance,
                    CallSeconds = (float)seconds, Contacts = (float)contacts,
                    Job = jobs[job], Education = education[school], Housing = housing ? "yes" : "no",
                    Label = random.NextDouble() < 1 / (1 + Math.Exp(-logit)),
                };
            }).ToList();
        }
    }

    /// <summary>A house shaped like those of public price tables: its price in dollars.</summary>
    private sealed class HouseRow
    {
        public float Area { get; set; }
        public float Rooms { get; set; }
        public float YearBuilt { get; set; }
        public float Quality { get; set; }
        public float GarageCars { get; set; }
        public string Neighbourhood { get; set; } = "";
        public float Label { get; set; }

        public static List<HouseRow> Generate(int count, int seed)
        {
            var random = new Random(seed);
            double[] premium = [0.75, 0.85, 0.95, 1.0, 1.0, 1.1, 1.3, 1.6];
            return Enumerable.Range(0, count).Select(_ =>
            {
                double area = Math.Clamp(1500 + 500 * Normal(random), 500, 4500);
                int rooms = (int)Math.Clamp(Math.Round(area / 300 + Normal(random)), 2, 12), quality = (int)Math.Clamp(Math.Round(6 + 1.4 * Normal(random)), 1, 10);
                int year = (int)Math.Clamp(1975 + 25 * Normal(random), 1880, 2020), garage = Math.Clamp((int)Math.Round(1.8 + 0.8 * Normal(random)), 0, 4);
                int hood = random.Next(premium.Length);
                double price = 72_000 * Math.Pow(area / 1000, 0.9) * Math.Pow(1.13, quality - 1) * premium[hood]
                    * (1 + 0.004 * Math.Max(0, year - 1950)) * (1 + 0.04 * garage) * Math.Exp(0.1 * Normal(random));
                return new HouseRow { Area = (float)area, Rooms = rooms, YearBuilt = year, Quality = quality, GarageCars = garage, Neighbourhood = $"N{hood}", Label = (float)price };
            }).ToList();
        }
    }
}
