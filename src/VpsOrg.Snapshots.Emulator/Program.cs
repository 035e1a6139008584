using System;
using System.Globalization;
using System.Threading.Tasks;
using VpsOrg.Snapshots.Emulator;
using VpsOrg.Snapshots.Testing;

// dotnet run --project src/VpsOrg.Snapshots.Emulator -- --urls http://127.0.0.1:5080
//   [--token emulator-token] [--completion-delay 3] [--restore-delay 5] [--page-size 100]
var url = "http://127.0.0.1:5080";
var options = new SnapshotsEmulatorOptions();
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--urls":
            url = Next().Split(';')[0];
            break;
        case "--token":
            options.Token = Next();
            break;
        case "--completion-delay":
            options.CompletionDelay = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture));
            break;
        case "--restore-delay":
            options.RestoreDelay = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture));
            break;
        case "--page-size":
            options.PageSize = int.Parse(Next(), CultureInfo.InvariantCulture);
            break;
        case "--help" or "-h":
            Console.WriteLine("VPS.org Snapshots API emulator. Options: --urls http://127.0.0.1:5080 --token T --completion-delay SECONDS --restore-delay SECONDS --page-size N");
            return 0;
        default:
            Console.Error.WriteLine($"Unknown option '{args[i]}'. Try --help.");
            return 2;
    }
}

await using var host = await EmulatorHost.StartAsync(new SnapshotsEmulator(options), url);
Console.WriteLine($"VPS.org Snapshots API emulator listening on {host.BaseAddress}");
Console.WriteLine($"Token: {options.Token}");
Console.WriteLine($"Try: curl -H 'Authorization: Bearer {options.Token}' {host.BaseAddress}api/v1/snapshots/");
Console.WriteLine("Press Ctrl+C to stop.");
await host.WaitForShutdownAsync();
return 0;
