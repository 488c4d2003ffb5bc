using TuneWise.Benchmarks;

// Experiments runner: `dotnet run -c Release --project experiments/TuneWise.Benchmarks -- throughput [rounds]`.
var name = args.FirstOrDefault() ?? "throughput";
int rounds = args.Length > 1 && int.TryParse(args[1], out var r) ? r : 5;
switch (name)
{
    case "throughput":
        var table = ThroughputBenchmark.Run(rounds);
        Console.WriteLine(table);
        var file = Path.Combine("experiments", "results", "throughput.md");
        if (Directory.Exists("experiments"))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, $"Recorded {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores.{Environment.NewLine}{Environment.NewLine}{table}{Environment.NewLine}");
        }
        return 0;
    default:
        Console.Error.WriteLine($"unknown benchmark '{name}'; known: throughput");
        return 2;
}
