using Methane.Firmware.Core.Outbox;

namespace Methane.Firmware.Host.Adapters.Storage;

/// <summary>Thrown by <see cref="MemoryOutboxStorage"/> when a simulated power cut tears a write.</summary>
public sealed class SimulatedPowerCutException : Exception
{
    public SimulatedPowerCutException(int bytesWritten) : base($"power cut after {bytesWritten} byte(s) of the write") { }
}

/// <summary>
/// In-memory outbox region for tests and simulated fleets. It survives "reboots" (construct a new outbox on the same
/// instance) and can tear a write: <see cref="TearNextWriteAfter"/> = k lets only the first k bytes of the next write reach
/// memory, then throws <see cref="SimulatedPowerCutException"/>, like a power cut in the middle of a flash write.
/// </summary>
public sealed class MemoryOutboxStorage : IOutboxStorage
{
    private readonly byte[] _data;

    public MemoryOutboxStorage(int size, byte fill = 0)
    {
        _data = new byte[size];
        if (fill != 0) Array.Fill(_data, fill);
    }

    public int Size => _data.Length;

    /// <summary>-1: no tear. k ≥ 0: the next write stops after k bytes and throws (k ≥ its length: it completes).</summary>
    public int TearNextWriteAfter { get; set; } = -1;

    public int Writes { get; private set; }
    public int Flushes { get; private set; }

    /// <summary>The raw bytes, for inspection and corruption by tests.</summary>
    public byte[] Data => _data;

    public void Read(int offset, byte[] buffer, int bufferOffset, int count) => Array.Copy(_data, offset, buffer, bufferOffset, count);

    public void Write(int offset, byte[] buffer, int bufferOffset, int count)
    {
        Writes++;
        if (TearNextWriteAfter >= 0)
        {
            int k = TearNextWriteAfter;
            TearNextWriteAfter = -1;
            if (k >= count)
            {
                Array.Copy(buffer, bufferOffset, _data, offset, count);
                return;
            }
            Array.Copy(buffer, bufferOffset, _data, offset, k);
            throw new SimulatedPowerCutException(k);
        }
        Array.Copy(buffer, bufferOffset, _data, offset, count);
    }

    public void Flush() => Flushes++;
}
