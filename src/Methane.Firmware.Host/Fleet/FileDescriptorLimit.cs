using System.Runtime.InteropServices;

namespace Methane.Firmware.Host.Fleet;

/// <summary>
/// Raises this process's open-file limit (RLIMIT_NOFILE) towards what a fleet needs: a socket per device, twice that with
/// the embedded broker in the same process. Child processes (a Mosquitto started by the fleet) inherit it. The soft limit
/// goes up to the hard limit; the hard limit itself only rises for root.
/// </summary>
public static class FileDescriptorLimit
{
    private const int RlimitNofile = 7;

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, out RLimit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, ref RLimit limit);

    /// <summary>The soft limit now in force (-1 where unknown).</summary>
    public static long Current
    {
        get
        {
            if (!OperatingSystem.IsLinux()) return -1;
            return getrlimit(RlimitNofile, out RLimit l) == 0 ? (long)Math.Min(l.Current, long.MaxValue) : -1;
        }
    }

    /// <summary>Tries to make at least <paramref name="wanted"/> descriptors available; returns the soft limit afterwards.</summary>
    public static long Raise(long wanted)
    {
        if (!OperatingSystem.IsLinux()) return -1;
        if (getrlimit(RlimitNofile, out RLimit l) != 0) return -1;
        if ((long)l.Current >= wanted) return (long)l.Current;
        var raised = new RLimit { Current = (ulong)wanted, Maximum = Math.Max(l.Maximum, (ulong)wanted) };
        if (setrlimit(RlimitNofile, ref raised) != 0)
        {
            // Not root: the soft limit can still reach the hard one.
            raised = new RLimit { Current = Math.Min((ulong)wanted, l.Maximum), Maximum = l.Maximum };
            setrlimit(RlimitNofile, ref raised);
        }
        return Current;
    }
}
