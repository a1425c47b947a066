using System.Reflection;

[assembly: AssemblyTitle("Methane.Firmware.Device.Tests")]
[assembly: AssemblyVersion("1.0.0.0")]
