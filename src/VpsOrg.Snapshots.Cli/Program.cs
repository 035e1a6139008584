using VpsOrg.Snapshots.Cli;
using VpsOrg.Snapshots.Cli.Infrastructure;

// SIGINT, SIGTERM and SIGHUP: the first cancels the call in flight (the command says what may be left behind and
// exits 128+N), a second ends the process; while guard's COMMAND runs, they are COMMAND's (SignalRouter).
using var signals = SignalRouter.Install();
return await CliApp.RunAsync(args, CliEnvironment.FromProcess(signals), signals.Interrupt).ConfigureAwait(false);
