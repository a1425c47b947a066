using System.Diagnostics;

namespace Methane.Firmware.Host.Fleet;

/// <summary>
/// CPU time and memory of this process (and optionally of a broker process by PID, from /proc): sampled periodically so the
/// peaks are seen; the kernel's own peak RSS (VmHWM) is read at the end.
/// </summary>
public sealed class ProcessMeter
{
    private readonly Process _self = Process.GetCurrentProcess();
    private readonly TimeSpan _cpuAtStart;
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly int? _brokerPid;
    private readonly double _brokerCpuAtStart;
    private TimeSpan _lastCpu;
    private TimeSpan _lastWall;

    public ProcessMeter(int? brokerPid = null)
    {
        _self.Refresh();
        _cpuAtStart = _self.TotalProcessorTime;
        _lastCpu = _cpuAtStart;
        _brokerPid = brokerPid;
        _brokerCpuAtStart = brokerPid is int pid ? ProcCpuSeconds(pid) : 0;
    }

    public long PeakGcHeapBytes { get; private set; }
    public long PeakWorkingSetBytes { get; private set; }

    /// <summary>CPU of this process since the meter started, in seconds (user + system, all threads).</summary>
    public double CpuSeconds { get; private set; }

    /// <summary>CPU use over the last sampling period, in % of one core.</summary>
    public double RecentCpuPercent { get; private set; }

    public long WorkingSetBytes { get; private set; }
    public long GcHeapBytes { get; private set; }

    public double BrokerCpuSeconds => _brokerPid is int pid ? ProcCpuSeconds(pid) - _brokerCpuAtStart : double.NaN;

    /// <summary>The broker's peak resident set (VmHWM), or -1.</summary>
    public long BrokerPeakRssBytes => _brokerPid is int pid ? ProcStatusBytes(pid, "VmHWM:") : -1;

    public long BrokerRssBytes => _brokerPid is int pid ? ProcStatusBytes(pid, "VmRSS:") : -1;

    public TimeSpan Elapsed => _wall.Elapsed;

    public void Sample()
    {
        _self.Refresh();
        TimeSpan cpu = _self.TotalProcessorTime;
        TimeSpan wall = _wall.Elapsed;
        double dt = (wall - _lastWall).TotalSeconds;
        if (dt > 0) RecentCpuPercent = 100 * (cpu - _lastCpu).TotalSeconds / dt;
        _lastCpu = cpu;
        _lastWall = wall;
        CpuSeconds = (cpu - _cpuAtStart).TotalSeconds;
        WorkingSetBytes = _self.WorkingSet64;
        GcHeapBytes = GC.GetGCMemoryInfo().HeapSizeBytes;
        long total = GC.GetTotalMemory(false);
        if (total > GcHeapBytes) GcHeapBytes = total;
        PeakGcHeapBytes = Math.Max(PeakGcHeapBytes, GcHeapBytes);
        PeakWorkingSetBytes = Math.Max(PeakWorkingSetBytes, Math.Max(WorkingSetBytes, _self.PeakWorkingSet64));
    }

    /// <summary>The machine's 1-minute load average (other processes included), or NaN.</summary>
    public static double LoadAverage()
    {
        try
        {
            string text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return double.NaN;
        }
    }

    private static double ProcCpuSeconds(int pid)
    {
        try
        {
            // /proc/PID/stat: fields after the ')' of the command name; utime and stime are the 14th and 15th fields.
            string stat = File.ReadAllText("/proc/" + pid + "/stat");
            string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long ticks = long.Parse(f[11]) + long.Parse(f[12]);
            return ticks / 100.0; // USER_HZ is 100 on Linux
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return double.NaN;
        }
    }

    private static long ProcStatusBytes(int pid, string key)
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/" + pid + "/status"))
            {
                if (!line.StartsWith(key, StringComparison.Ordinal)) continue;
                string kb = line[key.Length..].Trim().Split(' ')[0];
                return long.Parse(kb) * 1024;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }
        return -1;
    }
}
