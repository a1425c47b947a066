using Methane.Demo;
using Methane.Firmware.Host.Commands;

// The main job: the firmware host's demo (virtual devices, embedded mTLS broker, observer) with the local cloud pipeline
// beside the broker. Same options as 'methane-host demo'; exit codes: 0 ok, 1 loss or failure, 2 usage error.
return await DemoCommand.RunAsync(args, Console.Out, Console.Error, LocalPipeline.StartAsync, "methane-demo");
