using System;
using System.Threading;
using VpsOrg.Snapshots.Cli;
using VpsOrg.Snapshots.Cli.Infrastructure;

using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C cancels the call in flight (and says what may be left behind); a second one ends the process.
    if (!interrupt.IsCancellationRequested)
    {
        e.Cancel = true;
        interrupt.Cancel();
    }
};

return await CliApp.RunAsync(args, CliEnvironment.FromProcess(), interrupt.Token).ConfigureAwait(false);
