namespace Methane.Firmware.Host.Adapters; internal static class AssemblyMarker { }
