using System.Reflection;

[assembly: AssemblyTitle("Methane.Firmware.Core")]
[assembly: AssemblyDescription("Methane sensor portable core: every decision of the firmware, no hardware (nanoFramework build of src/Methane.Firmware.Core)")]
[assembly: AssemblyVersion("1.0.0.0")]
