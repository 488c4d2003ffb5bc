using System.Runtime.InteropServices;

namespace TuneWise.Cli;

/// <summary>
/// Turns the first Ctrl+C (or SIGTERM) into a cancellation the commands handle gracefully: a
/// training run stops after its step, a tuning job hands its running trials back and writes its
/// results. A second Ctrl+C ends the process at once.
/// </summary>
internal sealed class Interrupts : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration? _terminate;

    private Interrupts()
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        try
        {
            _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                Cancel();
            });
        }
        catch (PlatformNotSupportedException)
        {
            // No SIGTERM here: Ctrl+C still works.
        }
    }

    /// <summary>Cancelled at the first interrupt.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Starts listening.</summary>
    public static Interrupts Listen() => new();

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (_source.IsCancellationRequested) return; // second press: the default handler ends the process
        e.Cancel = true;
        Cancel();
    }

    private void Cancel()
    {
        try
        {
            _source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The command already ended.
        }
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _terminate?.Dispose();
        _source.Dispose();
    }
}
