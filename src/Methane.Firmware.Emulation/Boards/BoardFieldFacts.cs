namespace Methane.Firmware.Emulation.Boards;

/// <summary>A region of the SPI flash, in bytes.</summary>
public readonly record struct FlashRegion(long Offset, long Size)
{
    public long End => Offset + Size;

    public override string ToString() => $"0x{Offset:X}..0x{End:X} ({Size / 1024} KB)";
}

/// <summary>The technician console UART: nanoFramework port name, the board's TX and RX GPIOs, baud rate (8N1).</summary>
public sealed record ConsoleUart(string Port, int TxPin, int RxPin, int Baud);

/// <summary>A plain GPIO status LED.</summary>
public sealed record StatusLedPin(int Pin, bool ActiveHigh);

/// <summary>
/// What flashing and wiring a board needs beyond the core's <c>BoardConfig</c>: the nanoff firmware target, the module's
/// flash and PSRAM, the partition layout nanoff writes for that flash size (deployment region, internal drive I:), the
/// console UART and the status LED. Read from the same <c>boards/*.json</c> file by <see cref="BoardFieldLoader"/>.
/// </summary>
public sealed record BoardFieldFacts(
    string Name,
    string Mcu,
    string Module,
    string NanoffTarget,
    int FlashMegabytes,
    int PsramMegabytes,
    string PartitionTableSource,
    FlashRegion Deployment,
    FlashRegion InternalDrive,
    StatusLedPin? StatusLed,
    ConsoleUart Console,
    int I2cSdaPin,
    int I2cSclPin)
{
    public long FlashBytes => FlashMegabytes * 1024L * 1024L;
}
