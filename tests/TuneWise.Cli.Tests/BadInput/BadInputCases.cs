using System.Text.Json.Nodes;

namespace TuneWise.Cli.Tests.BadInput;

/// <summary>One bad input: how to make it, and what its one error line must say (the place and the gist).</summary>
/// <param name="Name">What is wrong, for the test's name.</param>
/// <param name="Arguments">Prepares the files in the folder and returns the command line.</param>
/// <param name="Says">Text the error line must contain: the file, row, column, field or argument, and what is wrong.</param>
/// <param name="Heavy">True for inputs that could exhaust memory or time: they run in their own process with a memory and time bound.</param>
public sealed record BadInputCase(string Name, Func<BadInputFolder, string[]> Arguments, string Says, bool Heavy = false)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>The bad inputs every command must refuse the same good way.</summary>
internal static class BadInputCases
{
    private static string[] Train(string experiment, params string[] more) => ["train", experiment, .. more];
    private static string[] Tune(string experiment) => ["tune", experiment, "--quiet"];
    private static Func<BadInputFolder, string[]> Field(Action<JsonObject> spoil) => f => Train(f.Experiment(spoil));
    private static Func<BadInputFolder, string[]> Search(Action<JsonObject> spoil) => f => Tune(f.Experiment(e => spoil(e["search"]!.AsObject())));
    private static Func<BadInputFolder, string[]> Space(string json) => Search(s => s["space"] = JsonNode.Parse(json));
    private static Func<BadInputFolder, string[]> Raw(string json) => f => Train(f.Text("experiment.json", json));
    private static Func<BadInputFolder, string[]> Csv(string content, Action<JsonObject>? also = null) =>
        f => Train(f.Experiment(e => { e["data"]!["path"] = f.Text("bad.csv", content); also?.Invoke(e); }));
    private static Func<BadInputFolder, string[]> IdxData(Func<BadInputFolder, string> folder) =>
        f => Train(f.Experiment(e => e["data"] = new JsonObject { ["kind"] = "idx", ["path"] = folder(f) }));

    public static IEnumerable<BadInputCase> All =>
    [
        // The experiment file itself.
        new("a missing experiment file", f => Train(f.File("nope.json")), "nope.json: file not found"),
        new("an experiment path that is a folder", f => Train(f.Path), "is a folder, not an experiment file"),
        new("an experiment file that never ends", _ => Train("/dev/zero"), "/dev/zero: is larger than 1 MB", Heavy: true),
        new("an experiment that is not JSON", Raw("name: x"), "experiment.json: is not valid JSON"),
        new("an empty experiment file", Raw(""), "experiment.json: is not valid JSON"),
        new("an experiment that is a list", Raw("[1, 2]"), "experiment.json: must be an object"),
        new("an experiment that is null", Raw("null"), "experiment.json: must be a JSON object, got null"),
        new("an unknown top-level field", Field(e => e["trainig"] = new JsonObject()), "trainig is not a known field (line 1); did you mean 'training'?"),
        new("an unknown nested field", Field(e => e["model"]!["hiddn"] = new JsonArray(3)), "model.hiddn is not a known field"),
        new("a field given twice", Raw("{ \"name\": \"x\", \"data\": { \"kind\": \"csv\", \"path\": \"data.csv\" },\n  \"training\": { \"epochs\": 1,\n  \"epochs\": 3 } }"), "training.epochs is given twice (lines 2 and 3)"),
        new("a word where a number belongs", Field(e => e["training"]!["epochs"] = "ten"), "training.epochs must be a whole number"),
        new("an unknown optimizer", Field(e => e["training"]!["optimizer"] = "adamx"), "training.optimizer must be one of sgd"),
        new("a zero learning rate", Field(e => e["training"]!["learningRate"] = 0), "training.learningRate must be > 0, got 0"),
        new("a device that does not exist", Field(e => e["training"]!["device"] = "gpu"), "training.device must be auto, cpu, cuda or cuda:N, got \"gpu\""),
        // This build references TorchSharp-cpu: CUDA is one line naming the package and the build property.
        new("a CUDA device in a CPU build", Field(e => e["training"]!["device"] = "cuda"), "training.device is cuda, but no CUDA device is available: this build references TorchSharp-cpu; build with -p:TorchSharpRuntime=cuda"),
        new("a learning rate beyond any number", Raw("""{ "data": { "kind": "csv", "path": "data.csv" }, "training": { "learningRate": 1e400 } }"""),
            "training.learningRate is too large for a number, got 1e400"),
        new("a batch size beyond any whole number", Raw("""{ "data": { "kind": "csv", "path": "data.csv" }, "training": { "batchSize": 1e12 } }"""),
            "training.batchSize must be a whole number up to 2147483647, got 1e12"),
        new("a null training section", Field(e => e["training"] = null), "training is null (line 1); give a value, or leave the field out"),
        new("a null model section", Field(e => e["model"] = null), "model is null"),
        new("a null data section", Field(e => e["data"] = null), "data is null"),
        new("a null hidden list", Field(e => e["model"]!["hidden"] = null), "model.hidden is null"),
        new("a null clip section", Field(e => e["training"]!["clip"] = null), "training.clip is null"),
        new("a null health section", Field(e => e["health"] = null), "health is null"),
        new("a zero batch size", Field(e => e["training"]!["batchSize"] = 0), "training.batchSize must be > 0, got 0"),
        new("negative epochs", Field(e => e["training"]!["epochs"] = -1), "training.epochs must be > 0, got -1"),
        new("a quarter of a billion epochs", Field(e => e["training"]!["epochs"] = 250_000_001), "training.epochs must be at most 100000", Heavy: true),
        new("a dropout of 1", Field(e => e["model"]!["dropout"] = 1), "model.dropout must be in [0, 1), got 1"),
        new("a momentum above 1", Field(e => e["training"]!["momentum"] = 1.5), "training.momentum must be in [0, 1), got 1.5"),
        new("three betas", Field(e => e["training"]!["betas"] = new JsonArray(0.9, 0.99, 0.999)), "training.betas must hold two values"),
        new("a validation fraction of 1", Field(e => e["data"]!["validationFraction"] = 1), "data.validationFraction must be in [0, 1), got 1"),
        new("a zero training limit", Field(e => e["data"]!["trainLimit"] = 0), "data.trainLimit must be > 0, got 0"),
        new("a zero health cadence", Field(e => e["health"] = new JsonObject { ["cadence"] = 0 }), "health.cadence must be > 0, got 0"),
        new("an unknown health threshold", Field(e => e["health"] = new JsonObject { ["thresholds"] = new JsonObject { ["explode"] = 1 } }),
            "health.thresholds.explode is not a known threshold"),
        new("a range test that ends before it starts", Search(s => s["lrRangeTest"] = new JsonObject { ["start"] = 1, ["end"] = 0.1 }),
            "search.lrRangeTest.end must be > start (1), got 0.1"),
        new("a hidden layer of width 0", Field(e => e["model"]!["hidden"] = new JsonArray(8, 0)), "model.hidden[1] must be > 0, got 0"),
        new("a cnn without channels", Field(e => e["model"] = new JsonObject { ["kind"] = "cnn", ["channels"] = new JsonArray() }),
            "model.channels must name at least one block"),
        new("csv data without a path", Field(e => e["data"]!.AsObject().Remove("path")), "data.path is required for csv data"),

        // The search section.
        new("a search over an unknown parameter", Space("""{ "hidden": { "range": [1, 2] } }"""), "search.space.hidden is not a tunable parameter"),
        new("a step that is a word", Space("""{ "batchSize": { "int": [16, 64], "step": "x" } }"""), "search.space.batchSize.step must be a whole number > 0, got x"),
        new("a log flag on a float range", Space("""{ "dropout": { "range": [0, 0.5], "log": true } }"""),
            "search.space.dropout.log is not a field of a \"range\" entry"),
        new("powers of two that are not", Space("""{ "batchSize": { "powerOfTwo": [30, 100] } }"""), "search.space.batchSize powers of two need"),
        new("powers of two with fractions", Space("""{ "batchSize": { "powerOfTwo": [16.5, 64] } }"""), "search.space.batchSize powerOfTwo bounds must be whole powers of two"),
        new("a dropout range past 1", Space("""{ "dropout": { "range": [0, 1.5] } }"""), "search.space.dropout offers 1.5, but model.dropout must be in [0, 1)"),
        new("a learning rate range below 0", Space("""{ "learningRate": { "range": [-1, 1] } }"""), "search.space.learningRate offers -1, but training.learningRate must be > 0"),
        new("an optimizer choice that does not exist", Space("""{ "optimizer": { "choice": ["adam", "adamx"] } }"""),
            "search.space.optimizer offers \"adamx\", which is not a valid optimizer"),
        new("momentum searched with adam fixed", Space("""{ "momentum": { "range": [0.5, 0.9] } }"""), "search.space.momentum never applies"),
        new("momentum only when it is inert", Space("""{ "optimizer": { "choice": ["sgd", "adam"] }, "momentum": { "range": [0.5, 0.9], "when": { "optimizer": ["adam"] } } }"""),
            "search.space.momentum.when never applies: momentum acts only with optimizer in [momentum, nesterov, rmsprop]"),
        new("a learning rate that is a word", Space("""{ "learningRate": "manual" }"""), "search.space.learningRate must be \"auto\""),
        new("an empty choice", Space("""{ "optimizer": { "choice": [] } }"""), "search.space.optimizer a choice needs at least one value"),
        new("a range with one bound", Space("""{ "dropout": { "range": [0.1] } }"""), "search.space.dropout expected [low, high] with two numbers"),
        new("a range test of a hundred million steps", Search(s => s["lrRangeTest"] = new JsonObject { ["steps"] = 100_000_000 }),
            "search.lrRangeTest.steps must be at most 100000", Heavy: true),
        new("a grid of a billion points", Search(s =>
            {
                s["sampler"] = "grid";
                var choices = new JsonArray(Enumerable.Range(0, 1000).Select(i => (JsonNode)(i * 1e-6 + 1e-4)).ToArray());
                s["space"] = new JsonObject
                {
                    ["learningRate"] = new JsonObject { ["choice"] = choices.DeepClone() },
                    ["weightDecay"] = new JsonObject { ["choice"] = choices.DeepClone() },
                    ["dropout"] = new JsonObject { ["choice"] = new JsonArray(Enumerable.Range(0, 1000).Select(i => (JsonNode)(i * 1e-4)).ToArray()) },
                };
            }), "search.sampler \"grid\": the space has up to 1,000,000,000 grid points, more than the 100,000", Heavy: true),
        new("a number where a word belongs on the command line", f => ["tune", f.Experiment(_ => { }), "--workers", "many"], "--workers must be a whole number, got 'many'"),
        new("a reduction factor of 1", Search(s => s["pruner"] = JsonNode.Parse("""{ "asha": { "reductionFactor": 1 } }""")),
            "search.pruner.asha.reductionFactor must be >= 2, got 1"),
        new("a percentile of 150", Search(s => s["pruner"] = JsonNode.Parse("""{ "median": { "percentile": 150 } }""")),
            "search.pruner.median.percentile must be in (0, 100), got 150"),
        new("an unknown verdict to ignore", Search(s => s["pruner"] = JsonNode.Parse("""{ "health": { "ignore": ["exploding"] } }""")),
            "search.pruner.health.ignore[0] must be a verdict code"),
        new("a null search section", f => Tune(f.Experiment(e => e["search"] = null)), "search is null"),
        new("a null search space", Search(s => s["space"] = null), "search.space is null"),
        new("a null budget", Search(s => s["budget"] = null), "search.budget is null"),
        new("a null pruner", Search(s => s["pruner"] = null), "search.pruner is null"),
        new("a null storage section", f => Tune(f.Experiment(e => e["storage"] = null)), "storage is null"),
        new("a null report section", f => Tune(f.Experiment(e => e["report"] = null)), "report is null"),
        new("a study path that is a folder", f => Tune(f.Experiment(e => e["storage"] = new JsonObject { ["path"] = f.Path })), "is a folder; storage.path names the study file inside it"),
        new("a study path that is a device", f => Tune(f.Experiment(e => e["storage"] = new JsonObject { ["path"] = "/dev/null" })), "/dev/null is not a file a study can be kept in"),
        new("an empty study path", f => Tune(f.Experiment(e => e["storage"] = new JsonObject { ["path"] = "" })), "storage.path must name a study file"),
        new("a study path where nothing can be made", f => Tune(f.Experiment(e => e["storage"] = new JsonObject { ["path"] = "/proc/x.db" })), "/proc/x.db cannot be opened"),
        new("no failures allowed in a row", Search(s => s["budget"] = new JsonObject { ["trials"] = 2, ["maxFailuresInARow"] = 0 }),
            "search.budget.maxFailuresInARow must be > 0, got 0"),
        new("a budget of no trials", Search(s => s["budget"] = new JsonObject { ["trials"] = 0 }), "search.budget.trials must be > 0, got 0"),
        new("an objective that is not a metric", Search(s => s["objective"] = new JsonObject { ["metric"] = "f1" }), "search.objective.metric must be one of"),
        new("an accuracy objective for regression", f => Tune(f.Experiment(e =>
            {
                e["data"]!["task"] = "regression";
                e["search"]!["objective"] = new JsonObject { ["metric"] = "validationAccuracy" };
            })), "search.objective.metric is a classification metric, and the task is regression"),
        new("an unknown sampler", Search(s => s["sampler"] = "bayes"), "search.sampler must be one of"),
        new("no workers", Search(s => s["workers"] = 0), "search.workers must be > 0, got 0"),

        // CSV data.
        new("a missing data file", Field(e => e["data"]!["path"] = "missing.csv"), "missing.csv: file not found"),
        new("a data path that is a folder", f => Train(f.Experiment(e => e["data"]!["path"] = f.Path)), "is a folder; data.path of csv data names a file"),
        new("a data file that never ends", f => Train(f.Experiment(e => e["data"]!["path"] = "/dev/zero")), "/dev/zero, row 1: row 1 is longer than 1 M characters", Heavy: true),
        new("an empty data file", Csv(""), "bad.csv: the file is empty: a header row is expected"),
        new("a header and no rows", Csv("a,b,c,label\n"), "bad.csv: the dataset is empty: no rows after the header"),
        new("no label column", Csv("a,b,c,y\n1,2,3,0\n"), "bad.csv, row 1: label column 'label' is not in the header"),
        new("a word among numbers", Csv("a,b,c,label\n1,2,3,0\n1,x,3,1\n"), "bad.csv, row 3, column 'b': expected a number, got 'x'"),
        new("a row with too few cells", Csv("a,b,c,label\n1,2,3,0\n4,5,6,1\n1,2\n"), "bad.csv, row 4: has 2 cells but the header has 4"),
        new("a quote never closed", Csv("a,b,c,label\n1,2,3,0\n\"1,2,3,1\n"), "bad.csv, row 3: a quoted cell is not closed before the end of the file"),
        new("labels of one class", Csv("a,b,c,label\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{i},1,2,1\n"))),
            "bad.csv, column 'label': every label is '1': classification needs at least two classes"),
        new("an escape sequence in a cell", Csv("a,b,c,label\n1,2,3,0\n\u001b[2J,2,3,1\n"), "bad.csv, row 3, column 'a': expected a number, got '\\u001b[2J'"),
        new("a validation file without a training column", f => Train(f.Experiment(e => e["data"]!["validationPath"] = f.Text("valid.csv", "a,b,label\n1,2,0\n"))),
            "valid.csv, row 1: feature column 'c' is not in the header"),
        new("a validation label the training data lacks", f => Train(f.Experiment(e => e["data"]!["validationPath"] = f.Text("valid.csv", "a,b,c,label\n1,2,3,7\n"))),
            "valid.csv, row 2, column 'label': label '7' is not one of the training classes (0, 1)"),
        new("an unknown feature column", Field(e => e["data"]!["featureColumns"] = new JsonArray("a", "zz")), "data.csv, row 1: feature column 'zz' is not in the header"),
        new("a regression label that is a word", Csv("a,b,c,label\n1,2,3,0.5\n1,2,3,high\n", e => e["data"]!["task"] = "regression"),
            "bad.csv, row 3, column 'label': expected a number, got 'high'"),

        // IDX data.
        new("a missing IDX folder", IdxData(f => f.File("no-folder")), "no-folder: folder not found"),
        new("an IDX path that is a file", IdxData(f => f.File("data.csv")), "data.csv: is a file; data.path of idx data names the folder"),
        new("an empty IDX images file", IdxData(f => { f.IdxFolder("idx"); f.Text("idx/train-images-idx3-ubyte", ""); return f.File("idx"); }),
            "train-images-idx3-ubyte: the file is empty"),
        new("an IDX file with a wrong magic number", IdxData(f => { f.IdxFolder("idx"); f.Text("idx/train-images-idx3-ubyte", "PK\u0003\u0004 zip"); return f.File("idx"); }),
            "train-images-idx3-ubyte: not an IDX file: the magic number must start with two zero bytes, got 0x504B0304"),
        new("a truncated IDX file", IdxData(f => { f.IdxFolder("idx"); f.Idx("idx/train-images-idx3-ubyte", [30, 2, 2], new byte[50]); return f.File("idx"); }),
            "train-images-idx3-ubyte, row 13: file is truncated: the header declares 30 items but only 12 are complete"),
        new("a gzip bomb", IdxData(f => { f.IdxFolder("idx"); f.Idx("idx/train-images-idx3-ubyte", [30, 2, 2], gzip: true, trailingZeros: 1L << 30); return f.File("idx"); }),
            "train-images-idx3-ubyte: the file holds more data than the 30 items its header declares", Heavy: true),
        new("an IDX header declaring terabytes", IdxData(f => { f.IdxFolder("idx"); f.Idx("idx/train-images-idx3-ubyte", [1_000_000_000, 100, 100], []); return f.File("idx"); }),
            "train-images-idx3-ubyte: the header declares 1000000000 × 100 × 100 values", Heavy: true),
        new("an IDX label that is not a class", IdxData(f =>
            {
                f.IdxFolder("idx");
                var labels = Enumerable.Range(0, 30).SelectMany(i => BitConverter.GetBytes(i == 4 ? 1.5f : i % 3).Reverse()).ToArray();
                f.Idx("idx/train-labels-idx1-ubyte", [30], labels, floats: true);
                return f.File("idx");
            }), "train-labels-idx1-ubyte, row 5: item 4: label 1.5 is not a class index"),
        new("IDX labels that do not match the images", IdxData(f => { f.IdxFolder("idx"); f.Idx("idx/train-labels-idx1-ubyte", [3], [0, 1, 2]); return f.File("idx"); }),
            "train-labels-idx1-ubyte: holds 3 labels but train-images-idx3-ubyte holds 30 images"),
        new("two IDX images files", IdxData(f => { f.IdxFolder("idx"); f.IdxFolder("idx", prefix: "more-"); return f.File("idx"); }),
            "idx: holds 2 images files (more-images-idx3-ubyte, train-images-idx3-ubyte); keep one"),

        // The model and training against the data.
        new("a layer of two billion units", Field(e => e["model"]!["hidden"] = new JsonArray(2_000_000_000)), "model.hidden: the network would have about", Heavy: true),
        new("a hundred thousand layers", Field(e => e["model"]!["hidden"] = new JsonArray(Enumerable.Repeat(2, 100_000).Select(w => (JsonNode)w).ToArray())),
            "model.hidden: 100000 layers is more than the 1000", Heavy: true),
        new("a batch larger than the data", Field(e => e["training"]!["batchSize"] = 100_000), "training.batchSize 100000 is larger than the 108 training samples"),
        new("a cnn on tabular data", Field(e => e["model"] = new JsonObject { ["kind"] = "cnn", ["channels"] = new JsonArray(4) }),
            "model.kind cnn needs image samples shaped [channels, height, width], got [3]"),

        // Arguments and output paths.
        new("an unknown command", _ => ["tunee"], "Unrecognized command or argument 'tunee'"),
        new("a plot that is not a picture", f => Train(f.Experiment(_ => { }), "--plot", f.File("curves.gif")), "--plot curves.gif: a chart is written as .svg or .png"),
        new("a plot where nothing can be written", f => Train(f.Experiment(_ => { }), "--plot", "/proc/curves.svg"), "--plot curves.svg: cannot write /proc/curves.svg"),
        new("a range-test plot where nothing can be written", f => ["lr-find", f.Experiment(_ => { }), "--plot", "/proc/lr.svg"], "--plot lr.svg: cannot write /proc/lr.svg"),
        new("a TensorBoard folder that is a file", f => Train(f.Experiment(_ => { }), "--tensorboard", f.File("data.csv")), "--tensorboard data.csv:"),
        new("an unknown optimizer to range-test", f => ["lr-find", f.Experiment(_ => { }), "--optimizers", "adamx"], "--optimizers: unknown optimizer 'adamx'"),
        new("no workers on the command line", f => ["tune", f.Experiment(_ => { }), "--workers", "0"], "--workers must be >= 1, got 0"),
        new("a report of a study not started", f => ["report", f.Experiment(_ => { })], "storage.path no study yet at"),
        new("the status of no study", f => ["status", f.File("none.db")], "none.db: no such study or experiment file"),
        new("a worker for no study", f => ["worker", f.File("none.db")], "none.db: no such study or experiment file"),
        new("a diagnosis of a missing experiment", f => ["diagnose", f.File("nope.json")], "nope.json: file not found"),
        new("a study file that is not a study", f => ["status", f.Text("fake.db", "a,b\n1,2\n")], "fake.db"),
        new("an empty study file", f => ["status", f.Text("empty.db", "")], "empty.db holds no TuneWise study (it was left untouched)"),
        new("an empty study file to report", f => ["report", f.Text("empty.db", "")], "empty.db holds no TuneWise study"),
    ];
}
