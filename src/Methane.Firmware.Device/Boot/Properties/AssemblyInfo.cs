using System.Reflection;

[assembly: AssemblyTitle("Methane.Firmware.Device.Boot")]
[assembly: AssemblyDescription("Boot slot control shared by the loader and the application (nanoFramework, ESP32)")]
[assembly: AssemblyVersion("1.0.0.0")]
