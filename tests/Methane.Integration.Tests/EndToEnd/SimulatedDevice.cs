using Methane.Firmware.Core.App;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Json;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Shadow;
using Methane.Firmware.Core.Telemetry;
using Methane.Firmware.Core.Time;
using Methane.Firmware.Host.Adapters.Mqtt;
using Methane.Firmware.Host.Adapters.Storage;
using Methane.Testing;

namespace Methane.Integration.Tests.EndToEnd;

/// <summary>
/// One device process as the host would run it: the REAL <see cref="SessionManager"/> over <see cref="MqttNetTransport"/>
/// (mTLS to the test broker), a file-backed <see cref="ReadingOutbox"/> and <see cref="SequenceCounter"/> in one file, and a
/// main loop on a background thread that ticks the session. Everything that touches the core goes through one lock, as on
/// the device where the main loop is the only thread in the core. Dispose is a "power off"; a new instance over the same
/// file is the reboot.
/// File layout: [0, 32) sequence counter | [32, 32 + RegionBytesFor(records)) outbox.
/// </summary>
public sealed class SimulatedDevice : IDisposable
{
    public const string FirmwareVersion = "1.4.2";
    public const int SeqRegionOffset = 0;
    public const int OutboxRegionOffset = SequenceCounter.RegionBytes;

    private readonly object _gate = new();
    private readonly IClock _clock;
    private readonly FileOutboxStorage _storage;
    private readonly MqttNetTransport _transport;
    private readonly Reading _reading = new();
    private readonly List<long> _produced = new();
    private Thread? _loop;
    private volatile bool _stop;
    private long _produceEveryMs;
    private long _nextProduceAt;
    private int _produceLeft;
    private SessionState _lastState;
    private readonly List<(long UptimeMs, SessionState State)> _transitions = new();

    public SimulatedDevice(MosquittoBroker broker, string thing, string site, string outboxPath, int outboxRecords,
        SessionSettings settings, IClock? clock = null, int seqBlock = 16, bool run = true)
    {
        Thing = thing;
        Site = site;
        OutboxPath = outboxPath;
        _clock = clock ?? new SystemClock();
        _storage = new FileOutboxStorage(outboxPath, FileBytes(outboxRecords));
        _transport = broker.CreateTransport(thing);
        Wire = new CountingTransport(_transport, _clock);
        ShadowSettings = new DeviceShadowSettings();
        ShadowSettings.Changed += (index, value) =>
        {
            if (index == DeviceShadowSettings.PublishInterval) _produceEveryMs = (long)value * 1000;
        };
        // The firmware's own wiring (outbox recovered, seq resumed after the newest stored reading, shadow on the session);
        // this harness makes synthetic readings instead of measuring.
        Firmware = new FirmwareComposition(new FirmwarePlatform
        {
            Storage = _storage,
            OutboxOffset = OutboxRegionOffset,
            OutboxRecords = outboxRecords,
            SeqOffset = SeqRegionOffset,
            SeqBlock = seqBlock,
            Transport = Wire,
            Clock = _clock,
            Identity = new DeviceIdentity(thing, site, FirmwareVersion),
            Session = settings,
            ShadowSettings = ShadowSettings,
        });
        Outbox = Firmware.Outbox;
        Seq = Firmware.Sequence;
        Session = Firmware.Session;
        Topics = Firmware.Topics;
        RecoveredCount = Outbox.Count;
        RecoveredCorrupt = Outbox.CorruptSkipped;
        _lastState = Session.State;
        if (run) Start();
    }

    /// <summary>Starts the main loop (if the constructor was told not to).</summary>
    public void Start()
    {
        if (_loop != null) return;
        _loop = new Thread(Loop) { IsBackground = true, Name = "device " + Thing };
        _loop.Start();
    }

    public string Thing { get; }
    public string Site { get; }
    public string OutboxPath { get; }
    public Topics Topics { get; }
    public IClock Clock => _clock;

    /// <summary>The core as the firmware wires it.</summary>
    public FirmwareComposition Firmware { get; }

    /// <summary>The device shadow over <see cref="ShadowSettings"/>; deltas arrive through the session's inbound messages.</summary>
    public ShadowAgent Shadow => Firmware.Shadow!.Agent;
    public DeviceShadowSettings ShadowSettings { get; }

    /// <summary>Current reading interval of the main loop (set by <see cref="Produce"/> or the shadow's publish_interval_s).</summary>
    public long ProduceEveryMs => _produceEveryMs;

    /// <summary>Reported-state documents published on …/shadow/update.</summary>
    public long ShadowReportsSent => Firmware.Shadow!.ReportsPublished;

    /// <summary>The session's view of the transport, with the times of its publishes and CONNECTs.</summary>
    public CountingTransport Wire { get; }

    /// <summary>Touch only inside <see cref="Locked"/> (or before <see cref="Session"/> runs).</summary>
    public SessionManager Session { get; }
    public ReadingOutbox Outbox { get; }
    public SequenceCounter Seq { get; }

    /// <summary>Outbox records found pending / found corrupt when this "boot" recovered the file.</summary>
    public int RecoveredCount { get; }
    public long RecoveredCorrupt { get; }

    /// <summary>Why the transport last failed, in words (for assertion messages).</summary>
    public string TransportError => _transport.LastError;

    /// <summary>Bytes of the device file for an outbox of <paramref name="records"/> records.</summary>
    public static int FileBytes(int records) => OutboxRegionOffset + ReadingOutbox.RegionBytesFor(records);

    /// <summary>Byte offset in the device file of the slot holding outbox record number <paramref name="record"/>.</summary>
    public static int SlotOffset(int outboxRecords, long record) =>
        OutboxRegionOffset + ReadingOutbox.HeaderSize + (int)(record % outboxRecords) * ReadingOutbox.SlotSize;

    /// <summary>
    /// The device file after <paramref name="readings"/> readings (seqs 0..n-1, one second apart from
    /// <paramref name="firstEpochMs"/>) were taken offline: the same core outbox and sequence counter, over memory instead of
    /// a file, so a large backlog costs no fsyncs to prepare.
    /// </summary>
    public static byte[] OfflineImage(int outboxRecords, int readings, long firstEpochMs, int seqBlock = 16)
    {
        var memory = new MemoryOutboxStorage(FileBytes(outboxRecords));
        var outbox = new ReadingOutbox(memory, OutboxRegionOffset, ReadingOutbox.RegionBytesFor(outboxRecords));
        outbox.Recover();
        var seq = new SequenceCounter(memory, SeqRegionOffset, seqBlock);
        seq.Start(outbox.NewestSeq);
        var reading = new Reading();
        for (int i = 0; i < readings; i++)
        {
            SyntheticReading.Fill(reading, seq.Next(), firstEpochMs + i * 1000L);
            outbox.Append(reading);
        }
        return memory.Data.ToArray();
    }

    /// <summary>Seqs of every reading this instance enqueued, in order.</summary>
    public long[] Produced
    {
        get { lock (_gate) return _produced.ToArray(); }
    }

    /// <summary>Session state changes seen by the loop, with the uptime at which they were seen.</summary>
    public IReadOnlyList<(long UptimeMs, SessionState State)> Transitions
    {
        get { lock (_gate) return _transitions.ToArray(); }
    }

    /// <summary>Runs <paramref name="action"/> on the core under the main-loop lock.</summary>
    public T Locked<T>(Func<SimulatedDevice, T> action)
    {
        lock (_gate) return action(this);
    }

    /// <summary>Takes one synthetic reading now (seq from the persistent counter) and enqueues it. Returns its seq.</summary>
    public long EnqueueReading()
    {
        lock (_gate) return EnqueueLocked();
    }

    /// <summary>From now on the loop takes a reading every <paramref name="everyMs"/> ms, <paramref name="count"/> times.</summary>
    public void Produce(long everyMs, int count)
    {
        lock (_gate)
        {
            _produceEveryMs = everyMs;
            _produceLeft = count;
            _nextProduceAt = _clock.UptimeMilliseconds;
        }
    }

    public void StopProducing()
    {
        lock (_gate) _produceLeft = 0;
    }

    /// <summary>Polls <paramref name="condition"/> under the lock every few ms; false on timeout.</summary>
    public bool WaitUntil(Func<SimulatedDevice, bool> condition, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (_gate)
            {
                if (condition(this)) return true;
            }
            if (DateTime.UtcNow >= deadline) return false;
            Thread.Sleep(5);
        }
    }

    /// <summary>Online, and every reading taken so far is acknowledged (the outbox is empty).</summary>
    public bool IsDrained => Session.State == SessionState.Online && Outbox.Count == 0 && Session.InFlight == 0 && _produceLeft == 0;

    public string Describe()
    {
        lock (_gate)
        {
            SessionCounters c = Session.Counters;
            return $"state {Session.State}, outbox {Outbox.Count} pending (dropped {Outbox.Dropped}, corrupt {Outbox.CorruptSkipped}), " +
                   $"in flight {Session.InFlight}, connects {c.ConnectAttempts}, reconnects {c.Reconnects}, lost {c.ConnectionsLost}, " +
                   $"messages {c.MessagesPublished} (batches {c.BatchesPublished}), readings published {c.ReadingsPublished}, " +
                   $"acked {c.ReadingsAcked}, rejected {c.ReadingsRejected}, last error {c.LastError} ({_transport.LastError})";
        }
    }

    /// <summary>Power off: the loop stops, the connection and the file are closed (no graceful flush beyond what was written).</summary>
    public void Dispose()
    {
        _stop = true;
        _loop?.Join(TimeSpan.FromSeconds(30));
        _transport.Dispose();
        _storage.Dispose();
    }

    /// <summary>
    /// For each lost connection or rewind: readings sent and not yet acknowledged at that moment (an upper bound of what
    /// QoS 1 may deliver twice, since only those are sent again).
    /// </summary>
    public IReadOnlyList<long> UnackedAtLosses
    {
        get { lock (_gate) return _unackedAtLosses.ToArray(); }
    }

    private readonly List<long> _unackedAtLosses = new();

    private void Loop()
    {
        while (!_stop)
        {
            lock (_gate)
            {
                bool online = Session.State == SessionState.Online;
                long sentUnacked = Outbox.Count - Session.Unsent;
                long publishedBefore = Session.Counters.ReadingsPublished;
                long lostBefore = Session.Counters.ConnectionsLost;
                long rewindsBefore = Session.Counters.Rewinds;
                Firmware.Tick();
                // A lost connection, or a failed publish on a live one (a rewind), queues every unacknowledged reading again.
                if (online && (Session.Counters.ConnectionsLost != lostBefore || Session.Counters.Rewinds != rewindsBefore))
                {
                    _unackedAtLosses.Add(sentUnacked + Session.Counters.ReadingsPublished - publishedBefore);
                }
                if (Session.State != _lastState)
                {
                    _lastState = Session.State;
                    _transitions.Add((_clock.UptimeMilliseconds, _lastState));
                }
                long now = _clock.UptimeMilliseconds;
                if (_produceLeft > 0 && now >= _nextProduceAt)
                {
                    EnqueueLocked();
                    _produceLeft--;
                    _nextProduceAt += _produceEveryMs;
                    // After a blocking connect the loop catches up one reading per turn, not in a burst of stale timestamps.
                    if (_nextProduceAt < now - _produceEveryMs) _nextProduceAt = now;
                }
            }
            Thread.Sleep(1);
        }
    }

    private long EnqueueLocked()
    {
        SyntheticReading.Fill(_reading, Seq.Peek, _clock.EpochMilliseconds);
        long seq = Firmware.Enqueue(_reading);
        _produced.Add(seq);
        return seq;
    }
}
