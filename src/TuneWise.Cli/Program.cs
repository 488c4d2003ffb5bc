// The command line trains in this process: it opts in to the fix that lets TorchSharp's native
// library load on Linux systems with an older libstdc++ (see TorchRuntime.UseNativeFix).
TuneWise.Models.Runtime.TorchRuntime.UseNativeFix();
return TuneWise.Cli.CommandLine.Run(args);
