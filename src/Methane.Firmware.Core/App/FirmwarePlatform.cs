using Methane.Firmware.Core.Bus;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Jobs;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Ota;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Shadow;
using Methane.Firmware.Core.Telemetry;
using Methane.Firmware.Core.Time;
using Methane.Firmware.Core.Wind;

namespace Methane.Firmware.Core.App
{
    /// <summary>
    /// What a runtime (the ESP32 app, the host's virtual board, a fleet device, a test harness) hands to
    /// <see cref="FirmwareComposition"/>: its adapters behind the core's own small interfaces, and its sizes. Required: the
    /// storage region, transport, clock, identity and session settings. Optional groups: sensing (board, settings, both I2C
    /// devices), shadow (a settings table) and jobs/OTA (the boot loader's OTA state machine, image store and downloader).
    /// </summary>
    public sealed class FirmwarePlatform
    {
        // Store-and-forward: one storage region holds the outbox ring and the seq reservation.
        public IOutboxStorage Storage;
        public int OutboxOffset;
        public int OutboxRecords;
        public int SeqOffset;
        public int SeqBlock = 16;

        public IMqttTransport Transport;
        public IClock Clock;
        public DeviceIdentity Identity;
        public SessionSettings Session;
        /// <summary>How readings become telemetry payloads; null = schema v1 for <see cref="Identity"/>.</summary>
        public IReadingEncoder Encoder;
        /// <summary>Where log lines go (optional).</summary>
        public ILogSink Log;

        // Sensing (all four, or none: a harness that makes its own readings).
        public BoardConfig Board;
        public DeviceSettings Settings;
        public II2cDevice Adc;
        public II2cDevice EnvSensor;
        /// <summary>The anemometer's pulse counter: required when the board's role is met, unused otherwise.</summary>
        public IPulseCounter PulseCounter;

        // Shadow (optional).
        public ISettingsTable ShadowSettings;
        public int ShadowBufferBytes = 2048;

        // Jobs and OTA (optional: all of Ota, Images, Downloader, Restart and JobStates).
        public OtaStateMachine Ota;
        public IImageStore Images;
        public IImageDownloader Downloader;
        public IDeviceRestart Restart;
        public IJobStateStore JobStates;
        /// <summary>Applies a "config" job's object (optional).</summary>
        public ConfigApplyHandler ConfigJob;
        public int DownloadChunkBytes = 2048;
        public int JobDocumentBytes = 4096;

        /// <summary>Outbox region plus seq region, in bytes, laid out as [outbox | seq] from offset 0.</summary>
        public static int RegionBytes(int outboxRecords)
        {
            return ReadingOutbox.RegionBytesFor(outboxRecords) + SequenceCounter.RegionBytes;
        }

        /// <summary>Puts the outbox at 0 and the seq right after it (the layout of <see cref="RegionBytes"/>).</summary>
        public void UseRegion(IOutboxStorage storage, int outboxRecords)
        {
            Storage = storage;
            OutboxRecords = outboxRecords;
            OutboxOffset = 0;
            SeqOffset = ReadingOutbox.RegionBytesFor(outboxRecords);
        }
    }
}
