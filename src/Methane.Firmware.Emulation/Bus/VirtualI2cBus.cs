using Methane.Firmware.Core.Bus;

namespace Methane.Firmware.Emulation.Bus;

/// <summary>
/// One I2C bus with emulated chips attached by 7-bit address. Hands out <see cref="II2cDevice"/> instances per address
/// (for any address: nothing attached means every transfer is NACKed on the address byte, as on a real bus).
/// Transfers are serialized, like on the wire.
/// </summary>
public sealed class VirtualI2cBus
{
    private readonly object _gate = new();
    private readonly Dictionary<int, II2cTarget> _targets = new();
    private readonly Dictionary<int, VirtualI2cDevice> _devices = new();

    /// <summary>Transfers started on this bus (any address, any outcome).</summary>
    public long TransferCount { get; private set; }

    public void Attach(int address, II2cTarget target)
    {
        CheckAddress(address);
        ArgumentNullException.ThrowIfNull(target);
        lock (_gate)
        {
            if (!_targets.TryAdd(address, target))
            {
                throw new InvalidOperationException($"I2C address 0x{address:X2} is already taken on this bus.");
            }
        }
    }

    public bool Detach(int address)
    {
        lock (_gate) { return _targets.Remove(address); }
    }

    public bool IsAttached(int address)
    {
        lock (_gate) { return _targets.ContainsKey(address); }
    }

    /// <summary>The device handle for <paramref name="address"/>; the same instance for repeated calls.</summary>
    public II2cDevice GetDevice(int address)
    {
        CheckAddress(address);
        lock (_gate)
        {
            if (!_devices.TryGetValue(address, out var device))
            {
                device = new VirtualI2cDevice(this, address);
                _devices.Add(address, device);
            }

            return device;
        }
    }

    private static void CheckAddress(int address)
    {
        if (address < 0 || address > 0x7F)
        {
            throw new ArgumentOutOfRangeException(nameof(address), address, "a 7-bit I2C address is 0x00..0x7F");
        }
    }

    private I2cStatus Write(int address, ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            TransferCount++;
            return _targets.TryGetValue(address, out var target) ? target.Write(data) : I2cStatus.AddressNack;
        }
    }

    private I2cStatus Read(int address, Span<byte> data)
    {
        lock (_gate)
        {
            TransferCount++;
            return _targets.TryGetValue(address, out var target) ? target.Read(data) : I2cStatus.AddressNack;
        }
    }

    private I2cStatus WriteRead(int address, ReadOnlySpan<byte> write, Span<byte> read)
    {
        lock (_gate)
        {
            TransferCount++;
            return _targets.TryGetValue(address, out var target) ? target.WriteRead(write, read) : I2cStatus.AddressNack;
        }
    }

    private sealed class VirtualI2cDevice : II2cDevice
    {
        private readonly VirtualI2cBus _bus;

        public VirtualI2cDevice(VirtualI2cBus bus, int address)
        {
            _bus = bus;
            Address = address;
        }

        public int Address { get; }

        public I2cStatus Write(byte[] buffer, int offset, int count) =>
            _bus.Write(Address, new ReadOnlySpan<byte>(buffer, offset, count));

        public I2cStatus Read(byte[] buffer, int offset, int count) =>
            _bus.Read(Address, new Span<byte>(buffer, offset, count));

        public I2cStatus WriteRead(byte[] writeBuffer, int writeOffset, int writeCount, byte[] readBuffer, int readOffset, int readCount) =>
            _bus.WriteRead(Address, new ReadOnlySpan<byte>(writeBuffer, writeOffset, writeCount), new Span<byte>(readBuffer, readOffset, readCount));
    }
}
