using System;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Json;
using Methane.Firmware.Core.Mqtt;

namespace Methane.Firmware.Core.Shadow
{
    /// <summary>
    /// Classic device shadow, device side. Applies …/shadow/update/delta documents ({"state":{…},"version":N,…}) to an
    /// <see cref="ISettingsTable"/> all-or-nothing: every key must be a known setting with a number in range, otherwise nothing
    /// changes and the first offending field, its value, the allowed range and the reason go into the reported state.
    /// Writes the reported document: firmware version, active settings, session counters, last error, last rejection.
    /// Allocates only in its constructor.
    /// </summary>
    public sealed class ShadowAgent
    {
        private const int MaxRawField = 132;
        private const int MaxRawValue = 40;

        private readonly ISettingsTable _settings;
        private readonly string _firmwareVersion;
        private readonly JsonReader _reader = new JsonReader(16);
        private readonly double[] _staged;
        private readonly double[] _previous;
        private string _conflict;
        private readonly bool[] _present;

        private long _lastVersion = -1;
        private ShadowRejectReason _reason;
        private int _rejectIndex = -1;
        private readonly byte[] _rejectField = new byte[MaxRawField];
        private int _rejectFieldLength;
        private readonly byte[] _rejectValue = new byte[MaxRawValue];
        private int _rejectValueLength;
        private long _rejectVersion = -1;
        private int _rejectPosition = -1;
        private byte[] _payload;
        private int _payloadOffset;
        private long _deltasApplied;
        private long _deltasRejected;

        public ShadowAgent(ISettingsTable settings, string firmwareVersion)
        {
            if (settings == null) throw new ArgumentNullException("settings");
            _settings = settings;
            _firmwareVersion = firmwareVersion;
            _staged = new double[settings.Count];
            _previous = new double[settings.Count];
            _present = new bool[settings.Count];
        }

        /// <summary>Reason of the last rejected delta; None after a delta was applied.</summary>
        public ShadowRejectReason Rejection { get { return _reason; } }

        /// <summary>The cross-field reason of the last delta refused as inconsistent (names field, value, expectation), else null.</summary>
        public string Conflict { get { return _reason == ShadowRejectReason.Inconsistent ? _conflict : null; } }

        /// <summary>Settings index of the rejected field, -1 when it was unknown or the delta was malformed.</summary>
        public int RejectedIndex { get { return _rejectIndex; } }

        /// <summary>Version of the last delta applied or rejected (-1: none yet).</summary>
        public long LastVersion { get { return _lastVersion; } }

        public long DeltasApplied { get { return _deltasApplied; } }
        public long DeltasRejected { get { return _deltasRejected; } }

        /// <summary>Validates and applies a delta document. The caller then publishes <see cref="WriteReported"/>.</summary>
        public ShadowDeltaResult ApplyDelta(byte[] payload, int offset, int count)
        {
            for (int i = 0; i < _present.Length; i++) _present[i] = false;
            ShadowRejectReason reason = ShadowRejectReason.None;
            long version = -1;
            bool sawState = false;
            JsonReader r = _reader;
            _payload = payload;
            _payloadOffset = offset;
            r.Reset(payload, offset, count);

            if (!r.Read() || r.TokenType != JsonTokenType.StartObject) return Malformed(version);
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueEquals("state"))
                {
                    if (!r.Read() || r.TokenType != JsonTokenType.StartObject) return Malformed(version);
                    sawState = true;
                    if (!ReadState(ref reason)) return Malformed(version);
                }
                else if (r.ValueEquals("version"))
                {
                    if (!r.Read() || !r.TryGetInt64(out version) || version < 0) return Malformed(-1);
                }
                else if (!r.Skip())
                {
                    return Malformed(version);
                }
            }
            if (r.TokenType != JsonTokenType.EndObject || r.Depth != 0) return Malformed(version);
            r.Read();
            if (r.TokenType != JsonTokenType.EndOfDocument || !sawState) return Malformed(version);

            if (version >= 0 && version <= _lastVersion) return ShadowDeltaResult.Stale;
            if (version >= 0) _lastVersion = version;

            if (reason != ShadowRejectReason.None)
            {
                _reason = reason;
                _rejectVersion = version;
                _rejectPosition = -1;
                _deltasRejected++;
                return ShadowDeltaResult.Rejected;
            }
            for (int i = 0; i < _present.Length; i++)
            {
                if (!_present[i]) continue;
                _previous[i] = _settings.GetAt(i);
                _settings.SetAt(i, _staged[i]);
            }
            string conflict = _settings.ValidateAll();
            if (conflict != null)
            {
                // All-or-nothing: put every value of this delta back before reporting the refusal.
                for (int i = _present.Length - 1; i >= 0; i--)
                {
                    if (_present[i]) _settings.SetAt(i, _previous[i]);
                }
                _reason = ShadowRejectReason.Inconsistent;
                _conflict = conflict;
                _rejectIndex = -1;
                _rejectFieldLength = 0;
                _rejectValueLength = 0;
                _rejectVersion = version;
                _rejectPosition = -1;
                _deltasRejected++;
                return ShadowDeltaResult.Rejected;
            }
            _reason = ShadowRejectReason.None;
            _rejectIndex = -1;
            _deltasApplied++;
            return ShadowDeltaResult.Applied;
        }

        /// <summary>
        /// Writes {"state":{"reported":{…}}} for …/shadow/update. False when it did not fit (nothing valid to send).
        /// <paramref name="outboxDropped"/> is the outbox's drop count (readings lost to a full outbox).
        /// </summary>
        public bool WriteReported(JsonWriter w, SessionCounters counters, long outboxDropped)
        {
            w.BeginObject();
            w.PropertyName("state");
            w.BeginObject();
            w.PropertyName("reported");
            w.BeginObject();

            w.PropertyName("fw");
            w.WriteString(_firmwareVersion);

            w.PropertyName("config");
            w.BeginObject();
            for (int i = 0; i < _settings.Count; i++)
            {
                w.PropertyName(_settings.NameAt(i));
                WriteSetting(w, i, _settings.GetAt(i));
            }
            w.EndObject();

            w.PropertyName("counters");
            w.BeginObject();
            w.PropertyName("published"); w.WriteInt64(counters.ReadingsPublished);
            w.PropertyName("acked"); w.WriteInt64(counters.ReadingsAcked);
            w.PropertyName("dropped"); w.WriteInt64(outboxDropped);
            w.PropertyName("reconnects"); w.WriteInt64(counters.Reconnects);
            w.PropertyName("inbound_dropped"); w.WriteInt64(counters.InboundDropped);
            w.EndObject();

            w.PropertyName("last_error");
            if (counters.LastError == MqttTransportStatus.Ok) w.WriteNull();
            else w.WriteString(StatusName(counters.LastError));

            w.PropertyName("config_version");
            w.WriteInt64(_lastVersion);

            // Written as null after an accepted delta so AWS removes the previous rejection from the reported state.
            w.PropertyName("config_rejected");
            if (_reason == ShadowRejectReason.None)
            {
                w.WriteNull();
            }
            else
            {
                w.BeginObject();
                w.PropertyName("reason");
                w.WriteString(ReasonName(_reason));
                w.PropertyName("field");
                if (_rejectFieldLength > 0) w.WriteRawValue(_rejectField, 0, _rejectFieldLength);
                else w.WriteNull();
                w.PropertyName("value");
                if (_rejectValueLength > 0) w.WriteRawValue(_rejectValue, 0, _rejectValueLength);
                else w.WriteNull();
                if (_rejectIndex >= 0)
                {
                    w.PropertyName("min");
                    WriteSetting(w, _rejectIndex, _settings.MinAt(_rejectIndex));
                    w.PropertyName("max");
                    WriteSetting(w, _rejectIndex, _settings.MaxAt(_rejectIndex));
                }
                if (_reason == ShadowRejectReason.Inconsistent)
                {
                    w.PropertyName("detail");
                    w.WriteString(_conflict);
                }
                if (_rejectPosition >= 0)
                {
                    w.PropertyName("position");
                    w.WriteInt64(_rejectPosition);
                }
                w.PropertyName("version");
                w.WriteInt64(_rejectVersion);
                w.EndObject();
            }

            w.EndObject();
            w.EndObject();
            w.EndObject();
            return !w.Overflow;
        }

        public static string ReasonName(ShadowRejectReason reason)
        {
            switch (reason)
            {
                case ShadowRejectReason.Malformed: return "malformed";
                case ShadowRejectReason.UnknownSetting: return "unknown_setting";
                case ShadowRejectReason.NotANumber: return "not_a_number";
                case ShadowRejectReason.NotAnInteger: return "not_an_integer";
                case ShadowRejectReason.OutOfRange: return "out_of_range";
                case ShadowRejectReason.Inconsistent: return "inconsistent";
                default: return "none";
            }
        }

        public static string StatusName(MqttTransportStatus status)
        {
            switch (status)
            {
                case MqttTransportStatus.NetworkError: return "network_error";
                case MqttTransportStatus.Refused: return "refused";
                case MqttTransportStatus.Timeout: return "timeout";
                case MqttTransportStatus.NotConnected: return "not_connected";
                case MqttTransportStatus.SubscribeRejected: return "subscribe_rejected";
                case MqttTransportStatus.InvalidArgument: return "invalid_argument";
                default: return "ok";
            }
        }

        private void WriteSetting(JsonWriter w, int index, double value)
        {
            if (_settings.IsIntegerAt(index)) w.WriteInt64((long)value);
            else w.WriteFixed(value, _settings.DecimalsAt(index));
        }

        /// <summary>Reads the members of "state"; stages valid values and records the first invalid one. False on bad JSON.</summary>
        private bool ReadState(ref ShadowRejectReason reason)
        {
            JsonReader r = _reader;
            while (r.Read())
            {
                if (r.TokenType == JsonTokenType.EndObject) return true;
                if (r.TokenType != JsonTokenType.PropertyName) return false;
                int index = Find();
                bool first = reason == ShadowRejectReason.None;
                int nameStart = r.TokenStart;
                int nameLength = r.TokenLength;
                if (!r.Read()) return false;

                ShadowRejectReason problem = ShadowRejectReason.None;
                double value = 0;
                if (index < 0)
                {
                    problem = ShadowRejectReason.UnknownSetting;
                }
                else if (r.TokenType == JsonTokenType.Null)
                {
                    continue; // desired key removed: nothing to apply
                }
                else if (r.TokenType != JsonTokenType.Number)
                {
                    problem = ShadowRejectReason.NotANumber;
                }
                else if (!r.TryGetDouble(out value))
                {
                    problem = ShadowRejectReason.OutOfRange; // a valid JSON number beyond double's range
                }
                else if (!(value >= _settings.MinAt(index) && value <= _settings.MaxAt(index)))
                {
                    problem = ShadowRejectReason.OutOfRange;
                }
                else if (_settings.IsIntegerAt(index) && value != (double)(long)value)
                {
                    problem = ShadowRejectReason.NotAnInteger;
                }

                if (problem == ShadowRejectReason.None)
                {
                    _staged[index] = value;
                    _present[index] = true;
                }
                else if (first)
                {
                    reason = problem;
                    _rejectIndex = index;
                    RecordRejected(nameStart, nameLength);
                }
                if ((r.TokenType == JsonTokenType.StartObject || r.TokenType == JsonTokenType.StartArray) && !r.Skip()) return false;
            }
            return false;
        }

        private int Find()
        {
            for (int i = 0; i < _settings.Count; i++)
            {
                if (_reader.ValueEquals(_settings.NameAt(i))) return i;
            }
            return -1;
        }

        /// <summary>Keeps the offending name and (numeric) value as their original, already valid JSON text.</summary>
        private void RecordRejected(int nameStart, int nameLength)
        {
            JsonReader r = _reader;
            _rejectFieldLength = 0;
            if (nameLength + 2 <= MaxRawField)
            {
                CopyRaw(nameStart - 1, nameLength + 2, _rejectField);
                _rejectFieldLength = nameLength + 2;
            }
            _rejectValueLength = 0;
            if (r.TokenType == JsonTokenType.Number && r.TokenLength <= MaxRawValue)
            {
                CopyRaw(r.TokenStart, r.TokenLength, _rejectValue);
                _rejectValueLength = r.TokenLength;
            }
        }

        private void CopyRaw(int start, int length, byte[] dest)
        {
            for (int i = 0; i < length; i++) dest[i] = _payload[start + i];
        }

        private ShadowDeltaResult Malformed(long version)
        {
            _reason = ShadowRejectReason.Malformed;
            _rejectIndex = -1;
            _rejectFieldLength = 0;
            _rejectValueLength = 0;
            _rejectVersion = version;
            _rejectPosition = _reader.TokenType == JsonTokenType.Error ? _reader.ErrorPosition - _payloadOffset : -1;
            _deltasRejected++;
            return ShadowDeltaResult.Rejected;
        }
    }
}
