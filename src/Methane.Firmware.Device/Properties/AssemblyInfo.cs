using System.Reflection;

[assembly: AssemblyTitle("Methane.Firmware.Device")]
[assembly: AssemblyDescription("Resident loader for the methane sensor application (nanoFramework, ESP32)")]
[assembly: AssemblyVersion("1.0.0.0")]
