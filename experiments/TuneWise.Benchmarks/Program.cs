using TuneWise.Benchmarks;

// Experiments runner: `dotnet run -c Release --project experiments/TuneWise.Benchmarks -- throughput|health|proposal [rounds] | health-pruning [trials] | search-efficiency [epochs] [seeds] | study-time [experiment.json] | train-time | report [trials] | claim-cost [largest] | fleet [N,N,…] | mlnet | mlnet-tasks | checkpoint | augment [rounds] | peers [seeds] [trials] | peers-e2e [seeds] [experiment.json]`.
// The benchmarks train in this process, as the command line does (see TorchRuntime.UseNativeFix).
TuneWise.Models.Runtime.TorchRuntime.UseNativeFix();
var name = args.FirstOrDefault() ?? "throughput";
int rounds = args.Length > 1 && int.TryParse(args[1], out var r) ? r : 5;
string? table = name switch
{
    "throughput" => ThroughputBenchmark.Run(rounds),
    "health" => HealthOverheadBenchmark.Run(rounds),
    "proposal" => ProposalLatencyBenchmark.Run(rounds),
    "health-pruning" => HealthPruningBenchmark.Run(args.Length > 1 ? rounds : 40),
    "search-efficiency" => SearchEfficiencyBenchmark.Run(args.Length > 1 ? rounds : 120, args.Length > 2 && int.TryParse(args[2], out var s) ? s : 3),
    "train-time" => TrainTimeBenchmark.Run(),
    "report" => ReportBenchmark.Run(args.Length > 1 ? rounds : 200),
    "claim-cost" => ClaimCostBenchmark.Run(args.Length > 1 ? rounds : 100_000),
    "fleet" => FleetBenchmark.Run(args.Length > 1 ? args[1].Split(',').Select(int.Parse).ToList() : [1, 8, 32, 100]),
    "mlnet" => MlNetBenchmark.Run(),
    "mlnet-tasks" => MlNetTasksBenchmark.Run(),
    "checkpoint" => CheckpointCostBenchmark.Run(),
    "augment" => AugmentCostBenchmark.Run(args.Length > 1 ? rounds : 3),
    "peers-e2e" => PeersEndToEndBenchmark.Run(args.Length > 1 ? rounds : 3, args.Length > 2 ? args[2] : Path.Combine("experiments", "quickstart.json")),
    "peers" => PeersBenchmark.Run(args.Length > 1 ? rounds : 20, args.Length > 2 && int.TryParse(args[2], out var t) ? t : 60),
    "study-time" => StudyTimeBenchmark.Run(args.Length > 1 ? args[1] : Path.Combine("experiments", "quickstart.json")),
    _ => null,
};
if (table is null)
{
    Console.Error.WriteLine($"unknown benchmark '{name}'; known: throughput, health, proposal, health-pruning, search-efficiency, study-time, train-time, report, claim-cost, mlnet, mlnet-tasks, checkpoint, augment, peers, peers-e2e");
    return 2;
}
Console.WriteLine(table);
// Recorded next to the experiments when run from the repository root.
if (Directory.Exists("experiments"))
{
    // An end-to-end run on another experiment (the full dataset) is kept beside the quick start's, not over it.
    string recorded = name == "peers-e2e" && args.Length > 2 ? $"{name}-{Path.GetFileNameWithoutExtension(args[2])}" : name;
    var file = Path.Combine("experiments", "results", recorded + ".md");
    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
    File.WriteAllText(file, $"Recorded {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores.{Environment.NewLine}{Environment.NewLine}{table}{Environment.NewLine}");
}
return 0;
