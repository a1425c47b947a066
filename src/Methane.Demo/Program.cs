using Methane.Dashboard.Cli;
using Methane.Demo;
using Methane.Firmware.Host.Commands;

// The main job: the firmware host's demo (virtual devices, embedded mTLS broker, observer) with the local cloud pipeline
// beside the broker. Same options as 'methane-host demo'; exit codes: 0 ok, 1 loss or failure, 2 usage error.
// Interactive runs also serve the dashboard (its URL is printed) and keep serving the stored run until Ctrl+C;
// --headless runs do not. 'methane-demo dashboard|users …' are the dashboard's own commands.
if (args.Length > 0 && args[0] is "dashboard" or "users")
    return await DashboardCli.RunAsync(args, Console.In, Console.Out, Console.Error, "methane-demo");

bool interactive = !args.Contains("--headless") && !args.Contains("--no-pipeline") && !args.Any(a => a is "help" or "-h" or "--help");
if (!interactive) return await DemoCommand.RunAsync(args, Console.Out, Console.Error, LocalPipeline.StartAsync, "methane-demo");

await using DemoDashboard dashboard = await DemoDashboard.StartAsync(Console.Out);
int code = await DemoCommand.RunAsync(args, Console.Out, Console.Error,
    (endpoint, cancel) => LocalPipeline.StartAsync(endpoint, cancel, dashboard), "methane-demo");
if (code != 2) await dashboard.ServeStoredRunAsync(Console.Out);
return code;
