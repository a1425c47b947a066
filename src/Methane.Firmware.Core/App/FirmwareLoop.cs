using System;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Devices;
using Methane.Firmware.Core.Json;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Shadow;
using Methane.Firmware.Core.Telemetry;
using Methane.Firmware.Core.Text;
using Methane.Firmware.Core.Time;
using Methane.Firmware.Core.Wind;

namespace Methane.Firmware.Core.App
{
    /// <summary>
    /// The device's main loop as a poll object: call <see cref="Tick"/> often (every few tens of ms; the device sleeps
    /// <see cref="MillisecondsUntilDue"/> in between). Every sample interval it measures, assigns seq, and queues the reading;
    /// every tick it drives the session; it publishes …/alarm when the alarm level changes or the rate-of-rise detector
    /// fires, …/health periodically, and logs events. Allocation-free per sample; log lines are built only on events.
    /// </summary>
    public sealed class FirmwareLoop
    {
        public const string NoError = "none";
        private const int AlarmBufferBytes = 512;
        private const int HealthBufferBytes = 768;

        private readonly BoardConfig _board;
        private readonly DeviceSettings _settings;
        private readonly MeasurementCycle _cycle;
        private readonly MetCycle _met;
        private long _nextWindAt;
        private int _windFaults;
        private readonly SequenceCounter _seq;
        private readonly SessionManager _session;
        private readonly ReadingOutbox _outbox;
        private readonly Topics _topics;
        private readonly DeviceIdentity _identity;
        private readonly IClock _clock;
        private readonly FirmwareLog _log;
        private readonly Reading _reading = new Reading();
        private readonly JsonWriter _writer = new JsonWriter();
        private readonly byte[] _alarmBuffer = new byte[AlarmBufferBytes];
        private readonly byte[] _healthBuffer = new byte[HealthBufferBytes];

        private const int ShadowBufferBytes = 4096;
        private ShadowSync _shadow;

        private bool _started;
        private long _nextSampleAt;
        private long _nextHealthAt;
        private bool _warmUpLogged;
        private int _alarmLevel;
        private bool _risingBefore;
        private int _alarmLength;
        private DeviceStatus _adcStatus = DeviceStatus.Ok;
        private DeviceStatus _envStatus = DeviceStatus.Ok;
        private int _qualityFlags;
        private SessionState _sessionState = (SessionState)(-1);   // none seen yet: the first state is logged too
        private long _connectAttemptsSeen;

        public FirmwareLoop(BoardConfig board, DeviceSettings settings, MeasurementCycle cycle, SequenceCounter seq,
            SessionManager session, ReadingOutbox outbox, Topics topics, DeviceIdentity identity, IClock clock, ILogSink log)
            : this(board, settings, cycle, null, seq, session, outbox, topics, identity, clock, log)
        {
        }

        /// <summary>
        /// The loop of either role: a gas sensor (<paramref name="cycle"/>) or a met station (<paramref name="met"/>: wind
        /// sampled every <see cref="WindSettings.SampleMilliseconds"/>, one reading per sample interval). Exactly one is given.
        /// </summary>
        public FirmwareLoop(BoardConfig board, DeviceSettings settings, MeasurementCycle cycle, MetCycle met, SequenceCounter seq,
            SessionManager session, ReadingOutbox outbox, Topics topics, DeviceIdentity identity, IClock clock, ILogSink log)
        {
            if (board == null) throw new ArgumentNullException("board");
            if (settings == null) throw new ArgumentNullException("settings");
            if ((cycle == null) == (met == null)) throw new ArgumentException("exactly one of cycle (gas) and met (met station)", "cycle");
            _met = met;
            if (seq == null) throw new ArgumentNullException("seq");
            if (session == null) throw new ArgumentNullException("session");
            if (outbox == null) throw new ArgumentNullException("outbox");
            if (topics == null) throw new ArgumentNullException("topics");
            if (identity == null) throw new ArgumentNullException("identity");
            if (clock == null) throw new ArgumentNullException("clock");
            _board = board;
            _settings = settings;
            _cycle = cycle;
            _seq = seq;
            _session = session;
            _outbox = outbox;
            _topics = topics;
            _identity = identity;
            _clock = clock;
            _log = new FirmwareLog(clock, log);
            LastError = NoError;
        }

        /// <summary>Raised after each sample was queued (for displays; the reading object is reused).</summary>
        public event ReadingHandler ReadingTaken;

        public BoardConfig Board { get { return _board; } }
        public DeviceSettings Settings { get { return _settings; } }
        /// <summary>The gas sensing cycle, null on a met station.</summary>
        public MeasurementCycle Cycle { get { return _cycle; } }
        /// <summary>The met-station cycle, null on a gas sensor.</summary>
        public MetCycle Met { get { return _met; } }
        public SessionManager Session { get { return _session; } }
        public ReadingOutbox Outbox { get { return _outbox; } }
        public SequenceCounter Sequence { get { return _seq; } }
        public DeviceIdentity Identity { get { return _identity; } }
        public IClock Clock { get { return _clock; } }
        public FirmwareLog Log { get { return _log; } }

        /// <summary>The last reading taken (valid once <see cref="SamplesTaken"/> &gt; 0).</summary>
        public Reading LastReading { get { return _reading; } }

        public long SamplesTaken { get; private set; }
        /// <summary>Samples with no valid methane value because a chip did not answer or the sensor was out of range.</summary>
        public long FaultSamples { get; private set; }
        public long AlarmsRaised { get; private set; }
        public long AlarmsCleared { get; private set; }
        public long RateOfRiseEvents { get; private set; }
        public long AlarmMessagesPublished { get; private set; }
        /// <summary>Alarm messages replaced by a newer alarm event before they could be sent (offline).</summary>
        public long AlarmMessagesSuperseded { get; private set; }
        public long HealthMessagesPublished { get; private set; }
        public int AlarmLevelNow { get { return _alarmLevel; } }
        public bool AlarmMessagePending { get { return _alarmLength > 0; } }

        /// <summary>Short snake_case text of the last problem seen (sensor or connection), "none" before any.</summary>
        public string LastError { get; private set; }

        /// <summary>Reported-state documents sent (0 without a shadow).</summary>
        public long ShadowReportsPublished { get { return _shadow == null ? 0 : _shadow.ReportsPublished; } }

        /// <summary>The shadow on this loop's session, or null.</summary>
        public ShadowSync Shadow { get { return _shadow; } }

        /// <summary>
        /// Lets the device shadow change settings through <paramref name="agent"/> (see <see cref="ShadowSync"/>): an applied
        /// delta re-applies the settings. Call once, before the first Tick.
        /// </summary>
        public void EnableShadow(ShadowAgent agent)
        {
            EnableShadow(new ShadowSync(_session, _topics, agent, _outbox, ShadowBufferBytes));
        }

        /// <summary>As <see cref="EnableShadow(ShadowAgent)"/> with a shadow built by the caller; the loop ticks it.</summary>
        public void EnableShadow(ShadowSync shadow)
        {
            if (shadow == null) throw new ArgumentNullException("shadow");
            _shadow = shadow;
            shadow.LogTo(_log);
            shadow.Applied += ApplySettings;
        }

        /// <summary>A reported state waits to be published.</summary>
        public bool ShadowReportPending { get { return _shadow != null && _shadow.ReportPending; } }

        /// <summary>Logs the boot banner and schedules the first sample now. Call once, after the outbox and seq recovered.</summary>
        public void Start()
        {
            long now = _clock.UptimeMilliseconds;
            _started = true;
            _nextSampleAt = now;
            _nextHealthAt = now + (long)_settings.HealthIntervalSeconds * 1000;
            _session.PublishIntervalMs = (long)_settings.PublishIntervalSeconds * 1000;
            _log.Info("boot " + _identity.ThingName + " site " + _identity.SiteId + " fw " + _identity.FirmwareVersion
                + " board " + _board.Name);
            _log.Info("outbox " + TextFormat.Int(_outbox.Count) + " pending (" + TextFormat.Int(_outbox.CorruptSkipped)
                + " torn skipped), next seq " + TextFormat.Int(_seq.Peek));
            _nextWindAt = now;
            if (_met != null)
            {
                _log.Info("met station: wind sampled every " + TextFormat.Int(_board.Wind.SampleMilliseconds) + " ms, reported every "
                    + TextFormat.Int(_settings.SampleIntervalSeconds) + " s");
                return;
            }
            long warm = _cycle.Channel.WarmUp.RemainingMilliseconds(now);
            if (warm > 0) _log.Info("sensor heater warming up, alarms inhibited for " + TextFormat.Int((warm + 999) / 1000) + " s");
        }

        /// <summary>Milliseconds until the next sample is due (0 when overdue). The session wants ticks more often than this.</summary>
        public long MillisecondsUntilDue
        {
            get
            {
                long d = _nextSampleAt - _clock.UptimeMilliseconds;
                return d > 0 ? d : 0;
            }
        }

        /// <summary>Re-reads changed settings: ADC and filter settings into the cycle, and the sample/health schedule.</summary>
        public void ApplySettings()
        {
            if (_cycle != null) _cycle.ApplySettings();
            if (_met != null) _met.ApplySettings();
            long now = _clock.UptimeMilliseconds;
            long sample = now + (long)_settings.SampleIntervalSeconds * 1000;
            if (_nextSampleAt > sample) _nextSampleAt = sample;
            long health = now + (long)_settings.HealthIntervalSeconds * 1000;
            if (_nextHealthAt > health) _nextHealthAt = health;
            _session.PublishIntervalMs = (long)_settings.PublishIntervalSeconds * 1000;
        }

        public void Tick()
        {
            if (!_started) Start();
            long now = _clock.UptimeMilliseconds;
            if (_met != null && now >= _nextWindAt)
            {
                _met.Station.Sample();
                long period = _board.Wind.SampleMilliseconds;
                _nextWindAt += period;
                if (_nextWindAt <= now) _nextWindAt = now + period;
            }
            if (now >= _nextSampleAt)
            {
                Sample();
                long interval = (long)_settings.SampleIntervalSeconds * 1000;
                _nextSampleAt += interval;
                // After a stall (debugger, long flash write) skip the missed samples instead of bursting them.
                if (_nextSampleAt <= now) _nextSampleAt = now + interval;
            }
            _session.Tick();
            ObserveSession(now);
            if (_alarmLength > 0 && _session.PublishControl(_topics.Alarm, _alarmBuffer, 0, _alarmLength))
            {
                _alarmLength = 0;
                AlarmMessagesPublished++;
            }
            if (_shadow != null) _shadow.Tick();
            if (now >= _nextHealthAt)
            {
                _nextHealthAt = now + (long)_settings.HealthIntervalSeconds * 1000;
                // QoS 0 and not stored: a missed health message is superseded by the next one.
                if (PublishHealth(now)) HealthMessagesPublished++;
            }
        }

        private void Sample()
        {
            Reading r = _reading;
            if (_met != null) _met.Measure(r);
            else _cycle.Measure(r);
            r.Seq = _seq.Next();
            _session.Enqueue(r);
            SamplesTaken++;
            if (_met == null && !r.HasMethane) FaultSamples++;

            ObserveSensors(r);
            if (_met == null && !_warmUpLogged && (r.Flags & ReadingFlags.WarmingUp) == 0)
            {
                _warmUpLogged = true;
                _log.Info("warm-up done, alarms armed");
            }
            ObserveAlarm(r);

            ReadingHandler handler = ReadingTaken;
            if (handler != null) handler(r);
        }

        private void ObserveSensors(Reading r)
        {
            if (_met != null)
            {
                ObserveWind(r);
            }
            DeviceStatus adc = _met != null ? _met.LastAdcStatus : _cycle.LastAdcStatus;
            string adcName = _met != null ? "wind vane ADC" : "methane ADC";
            if (adc != _adcStatus)
            {
                if (adc == DeviceStatus.Ok) _log.Info(adcName + " (ADS1115) answering again");
                else
                {
                    LastError = "adc_" + StatusText.Device(adc);
                    _log.Error(adcName + " (ADS1115 at " + TextFormat.Hex(_board.Adc.Address, 2) + "): " + StatusText.Device(adc));
                }
                _adcStatus = adc;
            }
            DeviceStatus env = _met != null ? _met.LastEnvironmentStatus : _cycle.LastEnvironmentStatus;
            if (env != _envStatus)
            {
                if (env == DeviceStatus.Ok) _log.Info("temperature/humidity sensor (SHT4x) answering again");
                else
                {
                    LastError = "sht4x_" + StatusText.Device(env);
                    _log.Warn("temperature/humidity sensor (SHT4x at " + TextFormat.Hex(_board.EnvSensor.Address, 2) + "): "
                        + StatusText.Device(env) + (_met != null ? "" : ", methane uncompensated"));
                }
                _envStatus = env;
            }
            int quality = r.Flags & (ReadingFlags.Saturated | ReadingFlags.StuckValue);
            if (quality != _qualityFlags)
            {
                if ((quality & ~_qualityFlags & ReadingFlags.Saturated) != 0) { LastError = "saturated"; _log.Warn("methane input at full scale (saturated)"); }
                if ((quality & ~_qualityFlags & ReadingFlags.StuckValue) != 0) { LastError = "stuck_value"; _log.Error("methane ADC value stuck"); }
                if (quality == 0) _log.Info("methane input back in range");
                _qualityFlags = quality;
            }
        }

        private void ObserveWind(Reading r)
        {
            const int faults = WindFlags.NoPulses | WindFlags.VaneStuck | WindFlags.VaneOutOfRange | WindFlags.VaneFault;
            int now = r.WindFlags & faults;
            int fresh = now & ~_windFaults;
            if ((fresh & WindFlags.VaneStuck) != 0) { LastError = "vane_stuck"; _log.Error("wind vane stuck: its voltage has not moved while the wind blew"); }
            if ((fresh & WindFlags.VaneOutOfRange) != 0) { LastError = "vane_out_of_range"; _log.Error("wind vane voltage outside 0 .. excitation (wiring?)"); }
            if ((fresh & WindFlags.NoPulses) != 0) { _log.Warn("no anemometer pulses this interval (calm, or the anemometer is disconnected)"); }
            if (now == 0 && _windFaults != 0) _log.Info("wind sensors back to normal");
            _windFaults = now;
        }

        private void ObserveAlarm(Reading r)
        {
            int level = r.Alarm;
            bool rising = (r.Flags & ReadingFlags.RateOfRise) != 0;
            if (level != _alarmLevel)
            {
                int previous = _alarmLevel;
                _alarmLevel = level;
                string evt;
                if (level > previous)
                {
                    AlarmsRaised++;
                    evt = EventMessages.AlarmRaised;
                    _log.Warn("ALARM " + StatusText.Alarm(level) + " raised: " + Methane(r));
                }
                else if (level == AlarmLevel.None)
                {
                    AlarmsCleared++;
                    evt = EventMessages.AlarmCleared;
                    _log.Info("alarm cleared: " + Methane(r));
                }
                else
                {
                    evt = EventMessages.AlarmChanged;
                    _log.Warn("ALARM down to " + StatusText.Alarm(level) + ": " + Methane(r));
                }
                QueueAlarm(r, evt, previous);
            }
            else if (rising && !_risingBefore)
            {
                RateOfRiseEvents++;
                _log.Warn("methane rising fast: " + TextFormat.Fixed(_cycle.Channel.RateOfRise.SlopePpmPerMinute, 0) + " ppm/min, " + Methane(r));
                QueueAlarm(r, EventMessages.RateOfRise, _alarmLevel);
            }
            _risingBefore = rising;
        }

        private void QueueAlarm(Reading r, string evt, int previous)
        {
            if (_alarmLength > 0) AlarmMessagesSuperseded++;
            // The readings around an alarm should reach the store with it, not up to a publish interval later.
            _session.Flush();
            _writer.Reset(_alarmBuffer, 0, _alarmBuffer.Length);
            EventMessages.WriteAlarm(_writer, _identity, r, evt, previous, _cycle.Channel.RateOfRise.SlopePpmPerMinute);
            _alarmLength = _writer.Overflow ? 0 : _writer.Length;
        }

        private bool PublishHealth(long now)
        {
            bool synced = _clock.IsWallClockSet;
            _writer.Reset(_healthBuffer, 0, _healthBuffer.Length);
            EventMessages.WriteHealth(_writer, _identity, this, synced ? _clock.EpochMilliseconds : now, synced, now);
            if (_writer.Overflow) return false;
            return _session.PublishControl(_topics.Health, _healthBuffer, 0, _writer.Length);
        }

        private void ObserveSession(long now)
        {
            SessionState state = _session.State;
            long attempts = _session.Counters.ConnectAttempts;
            bool attempted = attempts != _connectAttemptsSeen;
            _connectAttemptsSeen = attempts;
            if (state == _sessionState && !(attempted && state == SessionState.BackingOff))
            {
                return;
            }
            SessionState before = _sessionState;
            _sessionState = state;
            switch (state)
            {
                case SessionState.WaitingForClock:
                    _log.Info("waiting for the wall clock (SNTP) before TLS");
                    break;
                case SessionState.Online:
                    if (_session.Counters.Reconnects == 0) _log.Info("connected to broker as " + _identity.ThingName);
                    else _log.Info("reconnected (" + TextFormat.Int(_session.Counters.Reconnects) + "), " + TextFormat.Int(_outbox.Count) + " readings in the outbox");
                    break;
                case SessionState.BackingOff:
                    string reason = StatusText.Transport(_session.Counters.LastError);
                    LastError = reason;
                    string wait = TextFormat.Fixed((_session.NextConnectAtMs - now) / 1000.0, 1);
                    if (before == SessionState.Online) _log.Warn("connection lost (" + reason + "), retry in " + wait + " s");
                    else _log.Warn("connect failed (" + reason + "), backoff " + wait + " s, attempt " + TextFormat.Int(_session.ConsecutiveFailures));
                    break;
            }
        }

        private static string Methane(Reading r)
        {
            if (!r.HasMethane) return "no methane value";
            return TextFormat.Fixed(r.Ch4Ppm, 0) + " ppm (" + TextFormat.Fixed(r.LelPct, 1) + " %LEL)";
        }
    }
}
