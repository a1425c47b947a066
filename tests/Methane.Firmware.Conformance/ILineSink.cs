namespace Methane.Firmware.Conformance
{
    /// <summary>Where transcript lines go: the console on both runtimes, a list in the .NET test.</summary>
    public interface ILineSink
    {
        void WriteLine(string line);
    }

    /// <summary>System.Console exists in nanoFramework's mscorlib too (it writes to the debug channel nanoCLR prints).</summary>
    public sealed class ConsoleSink : ILineSink
    {
        public void WriteLine(string line)
        {
            System.Console.WriteLine(line);
        }
    }
}
