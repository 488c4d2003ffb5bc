return TuneWise.Cli.CommandLine.Run(args);
