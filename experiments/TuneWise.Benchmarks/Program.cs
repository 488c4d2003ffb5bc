using TuneWise.Benchmarks;

// Experiments runner: `dotnet run -c Release --project experiments/TuneWise.Benchmarks -- throughput|health|proposal [rounds] | health-pruning [trials]`.
var name = args.FirstOrDefault() ?? "throughput";
int rounds = args.Length > 1 && int.TryParse(args[1], out var r) ? r : 5;
string? table = name switch
{
    "throughput" => ThroughputBenchmark.Run(rounds),
    "health" => HealthOverheadBenchmark.Run(rounds),
    "proposal" => ProposalLatencyBenchmark.Run(rounds),
    "health-pruning" => HealthPruningBenchmark.Run(args.Length > 1 ? rounds : 40),
    _ => null,
};
if (table is null)
{
    Console.Error.WriteLine($"unknown benchmark '{name}'; known: throughput, health, proposal, health-pruning");
    return 2;
}
Console.WriteLine(table);
// Recorded next to the experiments when run from the repository root.
if (Directory.Exists("experiments"))
{
    var file = Path.Combine("experiments", "results", name + ".md");
    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
    File.WriteAllText(file, $"Recorded {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores.{Environment.NewLine}{Environment.NewLine}{table}{Environment.NewLine}");
}
return 0;
