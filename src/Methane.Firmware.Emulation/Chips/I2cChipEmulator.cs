using Methane.Firmware.Core.Bus;
using Methane.Firmware.Emulation.Bus;
using Methane.Firmware.Emulation.Time;

namespace Methane.Firmware.Emulation.Chips;

/// <summary>
/// Common part of the register-level chip emulators: serialization and bus-level fault injection. An injected fault
/// aborts the whole transaction before the chip sees any byte (no side effect), and a write-then-read counts as one transfer.
/// </summary>
public abstract class I2cChipEmulator : II2cTarget
{
    /// <summary>Transfer/read count meaning "until cleared".</summary>
    public const int Forever = int.MaxValue;

    private I2cStatus _injected = I2cStatus.Ok;
    private int _injectedRemaining;

    protected I2cChipEmulator(ITimeSource time)
    {
        Time = time ?? throw new ArgumentNullException(nameof(time));
    }

    protected object Gate { get; } = new();

    protected ITimeSource Time { get; }

    /// <summary>Chip absent (unpowered, unsoldered): every transfer is NACKed on the address byte.</summary>
    public bool Absent { get; set; }

    /// <summary>Transfers this chip was addressed in, including failed ones.</summary>
    public long TransferCount { get; private set; }

    /// <summary>The next <paramref name="transfers"/> transfers (or every one, with <see cref="Forever"/>) fail with <paramref name="status"/>.</summary>
    public void InjectTransferFault(I2cStatus status, int transfers = Forever)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(transfers);
        lock (Gate)
        {
            _injected = status;
            _injectedRemaining = status == I2cStatus.Ok ? 0 : transfers;
        }
    }

    public void ClearTransferFault() => InjectTransferFault(I2cStatus.Ok, 0);

    public I2cStatus Write(ReadOnlySpan<byte> data)
    {
        lock (Gate)
        {
            return TakeFault(out var fault) ? fault : OnWrite(data);
        }
    }

    public I2cStatus Read(Span<byte> data)
    {
        lock (Gate)
        {
            return TakeFault(out var fault) ? fault : OnRead(data);
        }
    }

    public I2cStatus WriteRead(ReadOnlySpan<byte> write, Span<byte> read)
    {
        lock (Gate)
        {
            if (TakeFault(out var fault))
            {
                return fault;
            }

            var status = OnWrite(write);
            return status == I2cStatus.Ok ? OnRead(read) : status;
        }
    }

    /// <summary>Called under <see cref="Gate"/>.</summary>
    protected abstract I2cStatus OnWrite(ReadOnlySpan<byte> data);

    /// <summary>Called under <see cref="Gate"/>.</summary>
    protected abstract I2cStatus OnRead(Span<byte> data);

    private bool TakeFault(out I2cStatus fault)
    {
        TransferCount++;
        if (Absent)
        {
            fault = I2cStatus.AddressNack;
            return true;
        }

        if (_injectedRemaining > 0)
        {
            fault = _injected;
            if (_injectedRemaining != Forever)
            {
                _injectedRemaining--;
            }

            return true;
        }

        fault = I2cStatus.Ok;
        return false;
    }
}
