using System.Reflection;

[assembly: AssemblyTitle("Methane.Firmware.Device.App")]
[assembly: AssemblyDescription("Methane sensor application: portable core + device adapters (OTA payload) (nanoFramework, ESP32)")]
[assembly: AssemblyVersion("1.0.0.0")]
